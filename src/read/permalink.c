/*
 * permalink.c - Jekyll permalinks: a style or template, filled in from a
 * post's date, slug and categories, then tidied the way Jekyll's URL
 * class does (leading '/', ".." and "./" defused, '/' runs squeezed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "permalink.h"
#include "util.h"

static const char *const month_long[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};
static const char *const day_long[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday"
};

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Day of the year, 1-based; 0 when month is out of range. */
static int
year_day(int y, int m, int d)
{
	static const int before[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
	};

	if (m < 1 || m > 12)
		return 0;
	return before[m - 1] + d + (m > 2 && leap(y));
}

/* ISO weekday, 0 = Monday (days-from-civil, valid for any year). */
static int
week_day(int y, int m, int d)
{
	long long yy, era, yoe, doy, doe, days;

	if (m < 1 || m > 12)
		return 0;
	yy = (long long)y - (m <= 2);
	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;	/* 1970-01-01 was a Thursday */
	return (int)(((days + 3) % 7 + 7) % 7);
}

/* ISO 8601 week number. */
static int
iso_week(int y, int m, int d)
{
	int w, jan1;

	w = (year_day(y, m, d) - week_day(y, m, d) + 9) / 7;
	if (w < 1) {
		/* Belongs to the last week of the previous year. */
		jan1 = week_day(y - 1, 1, 1);
		return (jan1 == 3 || (jan1 == 2 && leap(y - 1))) ? 53 : 52;
	}
	jan1 = week_day(y, 1, 1);
	if (w == 53 && !(jan1 == 3 || (jan1 == 2 && leap(y))))
		return 1;
	return w;
}

/* Appends s, percent-encoding what Jekyll's escape_path would. */
static void
put_escaped(struct buf *b, const char *s, int lower)
{
	static const char keep[] = "-._~!$&'()*+,;=:@/";
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (lower && c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr(keep, c) != NULL)
			buf_putc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

/* ASCII case-insensitive equality (strcasecmp is not in C17). */
static int
same_fold(const char *a, const char *b)
{
	unsigned char x, y;

	do {
		x = (unsigned char)*a++;
		y = (unsigned char)*b++;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
	} while (x == y && x != '\0');
	return x == y;
}

/* Categories lowercased, duplicates dropped, joined with '/'. */
static void
put_categories(struct buf *b, const char *const *cat, size_t ncat)
{
	size_t i, j;
	int first = 1;

	for (i = 0; i < ncat; i++) {
		if (cat[i] == NULL || cat[i][0] == '\0')
			continue;
		for (j = 0; j < i; j++)
			if (cat[j] != NULL && same_fold(cat[i], cat[j]))
				break;
		if (j < i)
			continue;
		if (!first)
			buf_putc(b, '/');
		put_escaped(b, cat[i], 1);
		first = 0;
	}
}

static const char *
style_template(const char *pattern)
{
	if (pattern == NULL || strcmp(pattern, "date") == 0)
		return "/:categories/:year/:month/:day/:title:output_ext";
	if (strcmp(pattern, "pretty") == 0)
		return "/:categories/:year/:month/:day/:title/";
	if (strcmp(pattern, "ordinal") == 0)
		return "/:categories/:year/:y_day/:title:output_ext";
	if (strcmp(pattern, "weekdate") == 0)
		return "/:categories/:year/W:week/:short_day/:title:output_ext";
	if (strcmp(pattern, "none") == 0)
		return "/:categories/:title:output_ext";
	return pattern;
}

/*
 * Placeholder names, longest first where one is a prefix of another, so
 * that ":short_year" is not read as ":short" + "_year".
 */
static const char *const names[] = {
	"categories", "output_ext", "short_month", "short_year",
	"short_day", "long_month", "long_day", "i_month", "i_day", "y_day",
	"minute", "second", "month", "title", "year", "hour", "slug", "week",
	"day"
};

/* Appends the value of placeholder k. */
static void
put_value(struct buf *b, size_t k, const char *slug, int y, int m, int d,
    const char *const *cat, size_t ncat)
{
	const char *n = names[k];
	int mi = m >= 1 && m <= 12 ? m - 1 : 0;

	if (strcmp(n, "categories") == 0)
		put_categories(b, cat, ncat);
	else if (strcmp(n, "output_ext") == 0)
		buf_puts(b, ".html");
	else if (strcmp(n, "short_month") == 0)
		buf_append(b, month_long[mi], 3);
	else if (strcmp(n, "long_month") == 0)
		buf_puts(b, month_long[mi]);
	else if (strcmp(n, "short_year") == 0)
		buf_printf(b, "%02d", (y % 100 + 100) % 100);
	else if (strcmp(n, "short_day") == 0)
		buf_append(b, day_long[week_day(y, m, d)], 3);
	else if (strcmp(n, "long_day") == 0)
		buf_puts(b, day_long[week_day(y, m, d)]);
	else if (strcmp(n, "i_month") == 0)
		buf_printf(b, "%d", m);
	else if (strcmp(n, "i_day") == 0)
		buf_printf(b, "%d", d);
	else if (strcmp(n, "y_day") == 0)
		buf_printf(b, "%03d", year_day(y, m, d));
	else if (strcmp(n, "month") == 0)
		buf_printf(b, "%02d", m);
	else if (strcmp(n, "day") == 0)
		buf_printf(b, "%02d", d);
	else if (strcmp(n, "year") == 0)
		buf_printf(b, "%04d", y);
	else if (strcmp(n, "week") == 0)
		buf_printf(b, "%02d", iso_week(y, m, d));
	else if (strcmp(n, "title") == 0)
		put_escaped(b, slug, 0);
	else if (strcmp(n, "slug") == 0)
		put_escaped(b, slug, 1);
	else	/* hour, minute, second: posts carry no time here */
		buf_puts(b, "00");
}

char *
permalink_expand(const char *pattern, const char *slug, int year,
    int month, int day, const char *const *categories, size_t ncat)
{
	struct buf raw = { 0 }, out = { 0 };
	const char *t, *p;
	size_t k, n;

	if (slug == NULL)
		slug = "";
	t = style_template(pattern);
	buf_putc(&raw, '/');
	for (p = t; *p != '\0'; p++) {
		if (*p == ':') {
			for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
				n = strlen(names[k]);
				if (strncmp(p + 1, names[k], n) == 0)
					break;
			}
			if (k < sizeof(names) / sizeof(names[0])) {
				put_value(&raw, k, slug, year, month, day,
				    categories, ncat);
				p += n;
				continue;
			}
		}
		buf_putc(&raw, *p);
	}

	/* Jekyll's sanitize_url: ".." -> "/", "./" dropped, '/' squeezed. */
	for (p = raw.data; *p != '\0'; p++) {
		if (p[0] == '.' && p[1] == '.') {
			if (out.len == 0 || out.data[out.len - 1] != '/')
				buf_putc(&out, '/');
			p++;
		} else if (p[0] == '.' && p[1] == '/')
			p++;
		else if (p[0] == '/' && out.len > 0 &&
		    out.data[out.len - 1] == '/')
			continue;
		else
			buf_putc(&out, *p);
	}
	buf_free(&raw);
	return buf_take(&out);
}

/* Parses 1 to 9 digits at *s; returns -1 when there are none or more. */
static int
digits(const char **s, int *v)
{
	int n = 0;

	*v = 0;
	while (**s >= '0' && **s <= '9') {
		if (++n > 9)
			return -1;
		*v = *v * 10 + (**s - '0');
		(*s)++;
	}
	return n > 0 ? 0 : -1;
}

int
permalink_split_stem(const char *stem, int *year, int *month, int *day,
    char *slug, size_t n)
{
	const char *p = stem;
	int y, m, d;

	if (digits(&p, &y) == -1 || *p++ != '-' ||
	    digits(&p, &m) == -1 || *p++ != '-' ||
	    digits(&p, &d) == -1 || *p++ != '-' ||
	    m < 1 || m > 12 || d < 1 || d > 31) {
		if (n > 0)
			snprintf(slug, n, "%s", stem);
		return -1;
	}
	*year = y;
	*month = m;
	*day = d;
	if (n > 0)
		snprintf(slug, n, "%s", p);
	return 0;
}
