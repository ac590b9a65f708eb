/*
 * scale.c - rows scaled down as they come: each target pixel the average
 * of the source area it covers, weighted by alpha.
 */
#include "image.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct scaler {
	struct image_sink sink;
	struct image_sink *out;
	int	 tw, th;	/* the target's size */
	int	 sw, sh;	/* the source's, from start */
	double	 sx, sy;	/* source pixels a target pixel */
	/* Where each source column goes: target column col[x], share
	 * part[x] of it, the rest to col[x] + 1. */
	int	*col;
	float	*part;
	float	*line;	/* a source row across the target's columns */
	float	*acc;	/* the target row being summed, premultiplied */
	unsigned char *row;	/* a finished target row */
	int	 oy;	/* target rows given */
};

/* Slack for sums of floating steps that land on a whole number. */
#define EPS 1e-9

/*
 * What of source pixel [i, i + 1) falls in cell c of a grid of step s
 * (n cells; the last takes what is left): all of it (1) or the share up
 * to the cell's end, the rest being the next cell's.
 */
static double
share(int i, int c, double s, int n)
{
	double end = (c + 1) * s;

	return c == n - 1 || end >= i + 1 - EPS ? 1 : end - i;
}

static int
sc_start(struct image_sink *sink, int w, int h, int alpha, char **why)
{
	struct scaler *s = (struct scaler *)sink;

	if (w < s->tw || h < s->th) {
		*why = xasprintf("cannot scale %dx%d up to %dx%d", w, h, s->tw,
		    s->th);
		return -1;
	}
	s->sw = w;
	s->sh = h;
	s->sx = (double)w / s->tw;
	s->sy = (double)h / s->th;
	s->col = xreallocarray(NULL, (size_t)w, sizeof(*s->col));
	s->part = xreallocarray(NULL, (size_t)w, sizeof(*s->part));
	/* Cells are counted along, not found by division: i / s may fall
	 * just short of a whole number that the cell's end reaches. */
	for (int x = 0, c = 0; x < w; x++) {
		if (c < s->tw - 1 && (c + 1) * s->sx <= x + EPS)
			c++;
		s->col[x] = c;
		s->part[x] = (float)share(x, c, s->sx, s->tw);
	}
	s->line = xcalloc((size_t)s->tw * 4, sizeof(*s->line));
	s->acc = xcalloc((size_t)s->tw * 4, sizeof(*s->acc));
	s->row = xreallocarray(NULL, (size_t)s->tw, 4);
	return s->out->start(s->out, s->tw, s->th, alpha, why);
}

/*
 * acc += f * line, and acc = f * line, over n pixels of four floats: a
 * pixel's four in a statement each, through restrict pointers, so that
 * the compiler does the four at once (the same sums as one at a time).
 */
static void
add_row(float *restrict acc, const float *restrict line, float f, int n)
{
	for (int x = 0; x < 4 * n; x += 4) {
		acc[x] += f * line[x];
		acc[x + 1] += f * line[x + 1];
		acc[x + 2] += f * line[x + 2];
		acc[x + 3] += f * line[x + 3];
	}
}

static void
start_row(float *restrict acc, const float *restrict line, float f, int n)
{
	for (int x = 0; x < 4 * n; x += 4) {
		acc[x] = f * line[x];
		acc[x + 1] = f * line[x + 1];
		acc[x + 2] = f * line[x + 2];
		acc[x + 3] = f * line[x + 3];
	}
}

/* Gives the summed target row on, and starts the next from rest times
 * the current line. */
/* v rounded to a byte (sums of floats may pass 255 a little). */
static unsigned char
byte(float v)
{
	return v >= 254.5f ? 255 : (unsigned char)(v + 0.5f);
}

static void
emit(struct scaler *s, double rest)
{
	float area = (float)(s->sx * s->sy);

	for (int x = 0; x < s->tw; x++) {
		const float *a = &s->acc[4 * x];
		unsigned char *p = &s->row[4 * x];

		for (int k = 0; k < 3; k++)
			p[k] = a[3] > 0 ? byte(a[k] / a[3]) : 0;
		p[3] = byte(a[3] / area);
	}
	s->out->row(s->out, s->oy++, s->row);
	start_row(s->acc, s->line, (float)rest, s->tw);
}

static void
sc_row(struct image_sink *sink, int y, const unsigned char *rgba)
{
	struct scaler *s = (struct scaler *)sink;
	double part, end = (s->oy + 1) * s->sy;

	if (s->oy >= s->th)
		return;
	memset(s->line, 0, (size_t)s->tw * 4 * sizeof(*s->line));
	for (int x = 0; x < s->sw; x++, rgba += 4) {
		float a = rgba[3], p = s->part[x], v[4];
		float *l = &s->line[4 * s->col[x]];

		/* Premultiplied: a transparent pixel lends no colour. */
		if (rgba[3] == 0)
			continue;
		v[0] = a * rgba[0];
		v[1] = a * rgba[1];
		v[2] = a * rgba[2];
		v[3] = a;
		if (p == 1) {
			for (int k = 0; k < 4; k++)
				l[k] += v[k];
			continue;
		}
		for (int k = 0; k < 4; k++) {
			l[k] += p * v[k];
			l[4 + k] += v[k] - p * v[k];
		}
	}
	part = share(y, s->oy, s->sy, s->th);
	add_row(s->acc, s->line, (float)part, s->tw);
	/* The target row is whole when this source row reaches its end. */
	if (part < 1 || end <= y + 1 + EPS || y == s->sh - 1)
		emit(s, 1 - part);
}

struct image_sink *
image_scaler_new(int w, int h, struct image_sink *out)
{
	struct scaler *s = xcalloc(1, sizeof(*s));

	s->sink.start = sc_start;
	s->sink.row = sc_row;
	s->out = out;
	s->tw = w;
	s->th = h;
	return &s->sink;
}

void
image_scaler_free(struct image_sink *sink)
{
	struct scaler *s = (struct scaler *)sink;

	if (s == NULL)
		return;
	free(s->col);
	free(s->part);
	free(s->line);
	free(s->acc);
	free(s->row);
	free(s);
}
