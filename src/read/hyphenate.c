/*
 * hyphenate.c - soft hyphens at libhyphen's hyphenation points.
 *
 * The text is cut into runs of non-space characters (tokens); a token
 * that looks like code, a URL or an address is copied as it is, any
 * other is cut into words, and each word that passes the rules in
 * hyphenate.h is looked up lower-cased, in the dictionary's own encoding.
 * libhyphen numbers its answers per character (it folds its UTF-8 byte
 * positions into character positions itself), so the breaks are mapped
 * back to the original bytes one code point at a time: the output is
 * always the input plus soft hyphens.
 */
#include "hyphenate.h"

#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <hyphen.h>	/* libhyphen's; ours is hyphenate.h so -Isrc cannot hide it */

#include "hyphdict.h"
#include "util.h"

#define BAD	0xFFFFFFFFu	/* stands for a byte that is not UTF-8 */
#define SHY	"\xC2\xAD"	/* U+00AD SOFT HYPHEN */

/* What a code point is to the word scanner. */
enum cls {
	C_OTHER,	/* punctuation, symbols, hyphens: ends a word */
	C_LETTER,
	C_DIGIT,
	C_APOS,		/* ' or U+2019: inside a word only between letters */
	C_BAD		/* invalid UTF-8: the word is left alone */
};

/* The encodings we can put a word into for lookup. */
enum charset {
	CS_UTF8,
	CS_LATIN1,
	CS_ASCII	/* any other 8-bit set: ASCII words only */
};

struct hyphenator {
	HyphenDict	*dict;	/* libhyphen's patterns */
	/* libhyphen writes into the dictionary while it hyphenates (its
	 * left and right minimums), so threads take turns. */
	pthread_mutex_t	 lock;
	char		*path;	/* file they came from */
	enum charset	 cs;	/* the dictionary's encoding */
};

/* A code point of a word, as found in the text. */
struct unit {
	size_t		 off;	/* byte offset in the word */
	unsigned	 cp;	/* code point, or BAD */
	enum cls	 cls;
};

/*
 * Decodes the character at s[0..n), n > 0, into *cp and returns its
 * length; a byte that does not start a valid, shortest-form sequence
 * is BAD, length 1, so decoding always moves on.
 */
static size_t
utf8_get(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		*cp = BAD;
		return 1;
	}
	if (len > n) {
		*cp = BAD;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = BAD;
			return 1;
		}
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = BAD;
		return 1;
	}
	*cp = c;
	return len;
}

/* Writes the UTF-8 of cp (valid, not BAD) to p; returns its length. */
static size_t
utf8_put(char *p, unsigned cp)
{
	if (cp < 0x80) {
		p[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (char)(0xC0 | cp >> 6);
		p[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (char)(0xE0 | cp >> 12);
		p[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		p[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	p[0] = (char)(0xF0 | cp >> 18);
	p[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	p[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	p[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Lower case of cp for the scripts whose dictionaries are common: ASCII,
 * Latin-1, Latin Extended-A, Greek and Cyrillic; anything else is its
 * own lower case. Patterns are lower-case, capitals would match nothing.
 */
static unsigned
lower(unsigned cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 0x20;
	if (cp < 0xC0)
		return cp;
	if (cp <= 0xDE)
		return cp == 0xD7 ? cp : cp + 0x20;
	if (cp >= 0x100 && cp <= 0x17F) {
		if (cp == 0x178)
			return 0xFF;
		/* Pairs are upper, lower; odd ones are upper in two stretches. */
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
			return cp & 1 ? cp + 1 : cp;
		if (cp == 0x130 || cp == 0x131 || cp == 0x138 ||
		    cp == 0x149 || cp == 0x17F)
			return cp;
		return cp & 1 ? cp : cp + 1;
	}
	if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
		return cp + 0x20;
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 0x50;
	return cp;
}

static enum cls
classify(unsigned cp)
{
	if (cp == BAD)
		return C_BAD;
	if (cp < 0x80) {
		if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
			return C_LETTER;
		if (cp >= '0' && cp <= '9')
			return C_DIGIT;
		return cp == '\'' ? C_APOS : C_OTHER;
	}
	if (cp == 0x2019)
		return C_APOS;
	/*
	 * Latin-1 punctuation (NBSP, soft hyphen, guillemets, signs),
	 * General Punctuation and the symbol blocks after it, CJK
	 * punctuation, private use, BOM, and emoji end words; so does
	 * every other non-letter we would have to know about to tell.
	 */
	if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7 ||
	    (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xE000 && cp <= 0xF8FF) || cp == 0xFEFF ||
	    (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0x1F000 && cp <= 0x1FAFF))
		return C_OTHER;
	return C_LETTER;
}

/* Whether cp separates tokens: ASCII white space and the Unicode spaces. */
static int
is_space(unsigned cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 ||
	    (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Whether cp is a combining mark, which no break may separate from its base. */
static int
is_mark(unsigned cp)
{
	return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	    (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	    (cp >= 0xFE20 && cp <= 0xFE2F);
}

static int
is_upper(unsigned cp)
{
	return lower(cp) != cp;
}

/* Any letter that is not a capital counts as lower case. */
static int
is_lower(unsigned cp)
{
	return classify(cp) == C_LETTER && !is_upper(cp);
}

static int
is_alnum(unsigned cp)
{
	enum cls c = classify(cp);

	return c == C_LETTER || c == C_DIGIT;
}

/*
 * Whether the token s[0..n) looks like a URL, an address, a path or an
 * identifier, which a break would corrupt when copied. "://" needs no
 * test of its own: any "/" is enough.
 */
static int
looks_like_code(const unsigned char *s, size_t n)
{
	unsigned cp, prev = ' ', next;
	size_t i, len;

	for (i = 0; i < n; i += len) {
		len = utf8_get(s + i, n - i, &cp);
		switch (cp) {
		case '@':
		case '/':
		case '\\':
		case '_':
			return 1;
		case '.':
			if (i + 1 < n && is_alnum(prev)) {
				utf8_get(s + i + 1, n - i - 1, &next);
				if (is_alnum(next))
					return 1;
			}
			break;
		default:
			if (is_upper(cp) && is_lower(prev))
				return 1;
			break;
		}
		prev = cp;
	}
	return 0;
}

/*
 * Puts the word u[0..n) into key in the dictionary's encoding, lower
 * case, apostrophes as "'", NUL-terminated (libhyphen runs strstr on
 * it). Returns the key's length, or 0 when a character cannot be
 * encoded. key has room for 4 * HYPHEN_MAX_WORD + 1 bytes.
 */
static size_t
make_key(const struct hyphenator *h, const struct unit *u, size_t n,
    char *key)
{
	size_t i, k = 0;
	unsigned cp;

	for (i = 0; i < n; i++) {
		cp = u[i].cls == C_APOS ? '\'' : lower(u[i].cp);
		if (h->cs == CS_UTF8)
			k += utf8_put(key + k, cp);
		else if (cp < 0x80 || (h->cs == CS_LATIN1 && cp <= 0xFF))
			key[k++] = (char)cp;
		else
			return 0;
	}
	key[k] = '\0';
	return k;
}

/*
 * Appends the word w[0..len), made of the n units u, with soft hyphens
 * where the dictionary allows a break and the rules in hyphenate.h agree.
 */
static void
word_append(struct hyphenator *h, struct buf *out, const char *w, size_t len,
    const struct unit *u, size_t n)
{
	char key[4 * HYPHEN_MAX_WORD + 1], hy[sizeof(key) + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	size_t i, klen, nupper = 0, nlower = 0, end;
	int ok = 1;

	if (n < HYPHEN_MIN_WORD || len > HYPHEN_MAX_WORD)
		goto plain;
	for (i = 0; i < n; i++) {
		if (u[i].cls == C_DIGIT || u[i].cls == C_BAD)
			goto plain;
		if (is_upper(u[i].cp))
			nupper++;
		else if (u[i].cls == C_LETTER)
			nlower++;
	}
	if (nupper > 0 && nlower == 0)
		goto plain;
	if ((klen = make_key(h, u, n, key)) == 0)
		goto plain;

	memset(hy, '0', sizeof(hy));
	pthread_mutex_lock(&h->lock);
	if (hnj_hyphen_hyphenate3(h->dict, key, (int)klen, hy, NULL,
	    &rep, &pos, &cut, HYPHEN_LEFT, HYPHEN_RIGHT, 0, 0) != 0)
		ok = 0;
	pthread_mutex_unlock(&h->lock);

	for (i = 0; i < n; i++) {
		end = i + 1 < n ? u[i + 1].off : len;
		buf_append(out, w + u[i].off, end - u[i].off);
		/* Spelling changes (rep) cannot be had by a soft hyphen. */
		if (ok && i + 1 < n && (hy[i] & 1) &&
		    (rep == NULL || rep[i] == NULL) &&
		    i + 1 >= HYPHEN_LEFT && n - i - 1 >= HYPHEN_RIGHT &&
		    u[i].cls != C_APOS && u[i + 1].cls != C_APOS &&
		    !is_mark(u[i + 1].cp))
			buf_append(out, SHY, 2);
	}
	if (rep != NULL)
		for (i = 0; i < klen; i++)
			free(rep[i]);
	free(rep);
	free(pos);
	free(cut);
	return;
plain:
	buf_append(out, w, len);
}

/*
 * Appends the token s[0..n), which holds no spaces, hyphenating each of
 * its words. An apostrophe joins a word only between letters or digits,
 * so quotes around a word stay outside it.
 */
static void
token_append(struct hyphenator *h, struct buf *out, const unsigned char *s,
    size_t n)
{
	struct unit u[HYPHEN_MAX_WORD + 1];
	size_t i, len, start = 0, nu = 0;
	unsigned cp, next;
	enum cls c, nc;
	int inword = 0;

	if (looks_like_code(s, n)) {
		buf_append(out, (const char *)s, n);
		return;
	}
	for (i = 0; i < n; i += len) {
		len = utf8_get(s + i, n - i, &cp);
		c = classify(cp);
		if (c == C_APOS) {
			c = C_OTHER;
			if (inword && nu > 0 && u[nu - 1].cls != C_APOS &&
			    i + len < n) {
				utf8_get(s + i + len, n - i - len, &next);
				nc = classify(next);
				if (nc == C_LETTER || nc == C_DIGIT || nc == C_BAD)
					c = C_APOS;
			}
		}
		if (c == C_OTHER) {
			if (inword)
				word_append(h, out, (const char *)s + start,
				    i - start, u, nu);
			inword = 0;
			buf_append(out, (const char *)s + i, len);
			continue;
		}
		if (!inword) {
			inword = 1;
			start = i;
			nu = 0;
		}
		/* Past HYPHEN_MAX_WORD bytes the word is left alone anyway. */
		if (nu < HYPHEN_MAX_WORD + 1) {
			u[nu].off = i - start;
			u[nu].cp = cp;
			u[nu].cls = c;
			nu++;
		}
	}
	if (inword)
		word_append(h, out, (const char *)s + start, n - start, u, nu);
}

void
hyphenate_append(struct hyphenator *h, struct buf *out, const char *text,
    size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i, start = 0, clen;
	unsigned cp;

	if (h == NULL) {
		buf_append(out, text, len);
		return;
	}
	for (i = 0; i < len; i += clen) {
		clen = utf8_get(s + i, len - i, &cp);
		if (is_space(cp)) {
			token_append(h, out, s + start, i - start);
			buf_append(out, text + i, clen);
			start = i + clen;
		}
	}
	token_append(h, out, s + start, len - start);
}

static int
ascii_alpha(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int
ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Splits a tag ("en", "de-AT", "en_US.UTF-8", "sr-Latn-RS") into a
 * lower-case language and an upper-case region ("" when none). Returns
 * -1 for anything else, which also keeps the tag out of file names.
 */
static int
parse_tag(const char *tag, char lang[4], char region[4])
{
	size_t i, n;

	region[0] = '\0';
	for (n = 0; ascii_alpha(tag[n]); n++)
		if (n == 3)
			return -1;
	if (n < 2)
		return -1;
	for (i = 0; i < n; i++)
		lang[i] = (char)(tag[i] | 0x20);
	lang[n] = '\0';
	tag += n;
	while (*tag == '-' || *tag == '_') {
		tag++;
		for (n = 0; ascii_alpha(tag[n]) || ascii_digit(tag[n]); n++)
			continue;
		/* A region is two letters or three digits (419). */
		if (region[0] == '\0' && (n == 2 || n == 3) &&
		    ascii_alpha(tag[0]) == (n == 2)) {
			for (i = 0; i < n; i++)
				region[i] = ascii_alpha(tag[i]) ?
				    (char)(tag[i] & ~0x20) : tag[i];
			region[n] = '\0';
		}
		tag += n;
	}
	/* Locale names end in a codeset or modifier; the rest is ours. */
	return *tag == '\0' || *tag == '.' || *tag == '@' ? 0 : -1;
}

/* Name of the smallest hyph_LANG_*.dic in HYPHEN_DIR, or NULL; caller frees. */
static char *
any_region(const char *lang)
{
	DIR *d;
	struct dirent *e;
	char *prefix, *best = NULL;
	size_t plen, nlen;

	if ((d = opendir(HYPHEN_DIR)) == NULL)
		return NULL;
	prefix = xasprintf("hyph_%s_", lang);
	plen = strlen(prefix);
	while ((e = readdir(d)) != NULL) {
		nlen = strlen(e->d_name);
		if (nlen > plen + 4 && strncmp(e->d_name, prefix, plen) == 0 &&
		    strcmp(e->d_name + nlen - 4, ".dic") == 0 &&
		    (best == NULL || strcmp(e->d_name, best) < 0)) {
			free(best);
			best = xstrdup(e->d_name);
		}
	}
	closedir(d);
	free(prefix);
	return best;
}

/* Loads HYPHEN_DIR/name into h; returns 0, or -1 if it is not there. */
static int
try_load(struct hyphenator *h, const char *name)
{
	char *path = xasprintf("%s/%s", HYPHEN_DIR, name);
	const char *cs;

	if (access(path, R_OK) != 0 ||
	    (h->dict = hyphdict_load(path)) == NULL) {
		free(path);
		return -1;
	}
	h->path = path;
	cs = h->dict->cset;
	if (h->dict->utf8)
		h->cs = CS_UTF8;
	else if (strncasecmp(cs, "ISO8859-1", 9) == 0 && !ascii_digit(cs[9]))
		h->cs = CS_LATIN1;
	else
		h->cs = CS_ASCII;
	return 0;
}

/*
 * The dictionary files to try for tag, in order (see hyphenator_new):
 * up to four into name, which the caller frees. Returns how many, 0 for
 * a malformed tag.
 */
static size_t
candidates(const char *tag, char *name[4])
{
	char lang[4], region[4], home[4];
	size_t n = 0;

	if (tag == NULL || parse_tag(tag, lang, region) != 0)
		return 0;
	if (region[0] != '\0')
		name[n++] = xasprintf("hyph_%s_%s.dic", lang, region);
	name[n++] = xasprintf("hyph_%s.dic", lang);
	/* A language's home region shares its letters, but for English. */
	if (strcmp(lang, "en") == 0)
		strcpy(home, "US");
	else
		for (size_t i = 0; i <= strlen(lang); i++)
			home[i] = (char)(lang[i] & ~0x20);
	name[n++] = xasprintf("hyph_%s_%s.dic", lang, home);
	if ((name[n] = any_region(lang)) != NULL)
		n++;
	return n;
}

struct hyphenator *
hyphenator_new(const char *tag)
{
	struct hyphenator *h = xcalloc(1, sizeof(*h));
	char *name[4];
	size_t n = candidates(tag, name);
	int found = 0;

	for (size_t i = 0; i < n && !found; i++)
		found = try_load(h, name[i]) == 0;
	for (size_t i = 0; i < n; i++)
		free(name[i]);
	if (!found) {
		free(h);
		return NULL;
	}
	pthread_mutex_init(&h->lock, NULL);
	return h;
}

void
hyphenator_free(struct hyphenator *h)
{
	if (h == NULL)
		return;
	hyphdict_free(h->dict);
	pthread_mutex_destroy(&h->lock);
	free(h->path);
	free(h);
}

/* One tag looked up, and what it gave. */
struct hyph_tag {
	char	*tag;
	struct hyphenator *h;	/* one of the set's, or NULL: none */
};

struct hyphenators {
	pthread_mutex_t	 lock;	/* posts are read on several threads */
	struct hyphenator **h;	/* loaded, one per dictionary file */
	char	**real;		/* each one's file, symbolic links resolved */
	size_t	 nh;
	struct hyph_tag *tags;
	size_t	 ntags;
};

struct hyphenators *
hyphenators_new(void)
{
	struct hyphenators *set = xcalloc(1, sizeof(*set));

	pthread_mutex_init(&set->lock, NULL);
	return set;
}

/* Same tag, case and '-' against '_' aside. */
static int
same_tag(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b) &&
		    !(strchr("-_", *a) && strchr("-_", *b)))
			return 0;
	return *a == *b;
}

/* The set's dictionary from file name, loading it if no other name of
 * the same file was; NULL when it is not there. */
static struct hyphenator *
load_once(struct hyphenators *set, const char *name)
{
	char *path = xasprintf("%s/%s", HYPHEN_DIR, name);
	char *real = realpath(path, NULL);
	struct hyphenator *h = NULL;

	free(path);
	if (real == NULL)
		return NULL;
	for (size_t i = 0; i < set->nh; i++)
		if (strcmp(set->real[i], real) == 0) {
			free(real);
			return set->h[i];
		}
	h = xcalloc(1, sizeof(*h));
	if (try_load(h, name) == -1) {
		free(h);
		free(real);
		return NULL;
	}
	pthread_mutex_init(&h->lock, NULL);
	set->h = xreallocarray(set->h, set->nh + 1, sizeof(*set->h));
	set->real = xreallocarray(set->real, set->nh + 1, sizeof(*set->real));
	set->h[set->nh] = h;
	set->real[set->nh++] = real;
	return h;
}

struct hyphenator *
hyphenators_get(struct hyphenators *set, const char *tag)
{
	struct hyphenator *h = NULL;
	char *name[4];
	size_t n;

	if (tag == NULL)
		return NULL;
	pthread_mutex_lock(&set->lock);
	for (size_t i = 0; i < set->ntags; i++)
		if (same_tag(set->tags[i].tag, tag)) {
			h = set->tags[i].h;
			goto out;
		}
	n = candidates(tag, name);
	for (size_t i = 0; i < n && h == NULL; i++)
		h = load_once(set, name[i]);
	for (size_t i = 0; i < n; i++)
		free(name[i]);
	set->tags = xreallocarray(set->tags, set->ntags + 1,
	    sizeof(*set->tags));
	set->tags[set->ntags].tag = xstrdup(tag);
	set->tags[set->ntags++].h = h;
out:
	pthread_mutex_unlock(&set->lock);
	return h;
}

size_t
hyphenators_loaded(struct hyphenators *set)
{
	size_t n;

	pthread_mutex_lock(&set->lock);
	n = set->nh;
	pthread_mutex_unlock(&set->lock);
	return n;
}

void
hyphenators_free(struct hyphenators *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->nh; i++) {
		hyphenator_free(set->h[i]);
		free(set->real[i]);
	}
	for (size_t i = 0; i < set->ntags; i++)
		free(set->tags[i].tag);
	free(set->h);
	free(set->real);
	free(set->tags);
	pthread_mutex_destroy(&set->lock);
	free(set);
}

/*
 * libhyphen 2.8.8 loses the pattern strings it overwrites while loading
 * a dictionary that repeats a pattern's letters (fr, de: up to 1 KB a
 * load), which a LeakSanitizer build would blame on us. The allocator
 * is named, not the loader: without frame pointers in libhyphen the
 * stack LeakSanitizer records ends at hnj_malloc.
 */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:hnj_malloc\n";
}

const char *
hyphenator_path(const struct hyphenator *h)
{
	return h->path;
}
