/* linebreak.c - Knuth-Plass total-fit breaking over boxes, glue, penalties. */
#include "linebreak.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "util.h"

void
lb_defaults(struct lb_params *p)
{
	p->tolerance = 1.5;
	p->tolerance2 = 3;
	p->emergency = 0;
	p->line_penalty = 10;
	p->double_hyphen = 10000;
	p->final_hyphen = 500000;
	p->final_tolerance = 2;
	p->max_hyphens = 2;
	p->adjacent = 10000;
	p->letter_limit = HUGE_VAL;
}

/* Demerits that outweigh any paragraph's sum of others. */
#define FORBIDDEN 1e30

/* A feasible break: where a line may end, and the best way there. */
struct node {
	size_t	 pos;		/* item the line ends at */
	size_t	 line;		/* lines up to here */
	int	 fitness;	/* 0 tight .. 3 very loose */
	int	 flagged;	/* ended at a hyphen */
	int	 run;		/* hyphenated lines in a row, up to here */
	double	 w, y, z, l;	/* sums of width, stretch, shrink, letters'
				   stretch after it */
	double	 demerits;	/* total, from the paragraph's start */
	double	 ratio;		/* of the line that ends here */
	size_t	 prev;		/* node of the line before; SIZE_MAX: none */
	size_t	 next_active;	/* SIZE_MAX ends the active list */
};

struct run {
	const struct lb_item *it;
	size_t	 n;
	double	*sw, *sy, *sz, *sl;	/* sums over items [0, i) */
	struct node *nodes;
	size_t	 nnodes, cap;
};

static size_t
add_node(struct run *r, const struct node *nd)
{
	if (r->nnodes == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->nodes = xreallocarray(r->nodes, r->cap, sizeof(*r->nodes));
	}
	r->nodes[r->nnodes] = *nd;
	return r->nnodes++;
}

static int
legal(const struct run *r, size_t i)
{
	const struct lb_item *it = &r->it[i];

	if (it->type == LB_PENALTY)
		return it->penalty < LB_INF;
	return it->type == LB_GLUE && i > 0 && r->it[i - 1].type == LB_BOX;
}

/* The sums after a break at b: up to the next box or forced break, the
 * glue and penalties there being dropped at a line's start. */
static void
after(const struct run *r, size_t b, struct node *nd)
{
	size_t i = b;

	nd->w = r->sw[b];
	nd->y = r->sy[b];
	nd->z = r->sz[b];
	nd->l = r->sl[b];
	for (; i < r->n; i++) {
		const struct lb_item *it = &r->it[i];

		if (it->type == LB_BOX)
			break;
		if (it->type == LB_PENALTY && it->penalty <= -LB_INF &&
		    i > b)
			break;
		if (it->type == LB_GLUE) {
			nd->w += it->width;
			nd->y += it->stretch;
			nd->z += it->shrink;
		}
	}
}

static int
fitness(double ratio)
{
	if (ratio < -0.5)
		return 0;
	if (ratio <= 0.5)
		return 1;
	if (ratio <= 1)
		return 2;
	return 3;
}

static int
forced_at(const struct run *r, size_t i)
{
	return r->it[i].type == LB_PENALTY && r->it[i].penalty <= -LB_INF;
}

/* Whether the last line, ending at the forced break b after a, would
 * fit on a's line at its natural width: set greedily, it goes there
 * (unless a is forced too). */
static int
merges(const struct run *r, const struct node *a, size_t b, double width)
{
	if (!forced_at(r, b) || a->prev == SIZE_MAX || forced_at(r, a->pos))
		return 0;
	return r->sw[b] - r->nodes[a->prev].w <= width;
}

double
lb_stretch_ratio(double gap, double st, double ls, double limit)
{
	double r = st + ls > 0 ? gap / (st + ls) : HUGE_VAL;

	if (r <= limit)
		return r;
	/* the letters at their limit, the rest to the other stretch */
	return st > 0 ? (gap - limit * ls) / st : HUGE_VAL;
}

/* One pass at tolerance tol with extra stretch per line. Returns the
 * node that ends the paragraph, or SIZE_MAX. */
static size_t
pass(struct run *r, double width, const struct lb_params *p, double tol,
    double extra)
{
	struct node start = { 0 };
	size_t active, last = SIZE_MAX;

	r->nnodes = 0;
	after(r, 0, &start);
	start.pos = 0;
	start.fitness = 1;
	start.prev = start.next_active = SIZE_MAX;
	/* the start is not a break: the sums begin at item 0 */
	start.w = start.y = start.z = start.l = 0;
	active = add_node(r, &start);
	for (size_t b = 0; b < r->n && active != SIZE_MAX; b++) {
		const struct lb_item *bi = &r->it[b];
		/* the best way here per fitness class and run of hyphens */
		struct node best[4][3];
		int have[4][3] = { { 0 } };
		size_t *link = &active;
		double pw = bi->type == LB_PENALTY ? bi->width : 0;
		int forced = bi->type == LB_PENALTY && bi->penalty <= -LB_INF;

		if (!legal(r, b))
			continue;
		while (*link != SIZE_MAX) {
			size_t ai = *link;
			struct node *a = &r->nodes[ai];
			double len = r->sw[b] - a->w + pw, ratio, bad, d;
			int fit, drop, run, k;

			if (len < width)
				ratio = lb_stretch_ratio(width - len,
				    r->sy[b] - a->y + extra, r->sl[b] - a->l,
				    p->letter_limit);
			else if (len > width) {
				double sh = r->sz[b] - a->z;

				ratio = sh > 0 ? (width - len) / sh : -HUGE_VAL;
			} else
				ratio = 0;
			drop = ratio < -1 || forced;
			run = bi->flagged ? a->run + 1 : 0;
			if (ratio >= -1 && ratio <= tol && !merges(r, a, b,
			    width) &&
			    (p->max_hyphens == 0 || run <= p->max_hyphens)) {
				bad = 100 * fabs(ratio) * ratio * ratio;
				d = p->line_penalty + bad;
				d *= d;
				if (bi->type == LB_PENALTY && !forced)
					d += bi->penalty >= 0 ? bi->penalty *
					    bi->penalty : -bi->penalty *
					    bi->penalty;
				if (bi->flagged && a->flagged)
					d += p->double_hyphen;
				if (forced && a->flagged)
					d += p->final_hyphen;
				fit = fitness(ratio);
				if (abs(fit - a->fitness) > 1)
					d += p->adjacent;
				d += a->demerits;
				k = run < 2 ? run : 2;
				if (!have[fit][k] || d < best[fit][k].demerits) {
					have[fit][k] = 1;
					best[fit][k].demerits = d;
					best[fit][k].prev = ai;
					best[fit][k].ratio = ratio;
					best[fit][k].line = a->line + 1;
					best[fit][k].run = run;
				}
			}
			if (drop)
				*link = a->next_active;
			else
				link = &a->next_active;
		}
		for (int f = 0; f < 12; f++) {
			struct node nd;

			if (!have[f / 3][f % 3])
				continue;
			nd = best[f / 3][f % 3];
			after(r, b, &nd);
			nd.pos = b;
			nd.fitness = f / 3;
			nd.flagged = bi->flagged;
			nd.next_active = active;
			active = add_node(r, &nd);
		}
		if (forced && b + 1 == r->n) {
			double least = HUGE_VAL;

			for (size_t ai = active; ai != SIZE_MAX;
			    ai = r->nodes[ai].next_active)
				if (r->nodes[ai].pos == b &&
				    r->nodes[ai].demerits < least) {
					least = r->nodes[ai].demerits;
					last = ai;
				}
		}
	}
	return last;
}

/* Whether the paragraph ending at node e has a hyphen on its last full
 * line. */
static int
final_hyphen(const struct run *r, size_t e)
{
	size_t a = r->nodes[e].prev;

	return a != SIZE_MAX && r->nodes[a].flagged;
}

size_t
lb_break(const struct lb_item *items, size_t n, double width,
    const struct lb_params *p, size_t **breaks, double **ratios)
{
	struct run r = { .it = items, .n = n };
	size_t end, lines = 0;

	*breaks = NULL;
	*ratios = NULL;
	if (n == 0 || items[n - 1].type != LB_PENALTY ||
	    items[n - 1].penalty > -LB_INF || width <= 0)
		return 0;
	r.sw = xcalloc(n + 1, sizeof(double));
	r.sy = xcalloc(n + 1, sizeof(double));
	r.sz = xcalloc(n + 1, sizeof(double));
	r.sl = xcalloc(n + 1, sizeof(double));
	for (size_t i = 0; i < n; i++) {
		int sums = items[i].type != LB_PENALTY;

		r.sw[i + 1] = r.sw[i] + (sums ? items[i].width : 0);
		r.sy[i + 1] = r.sy[i] + (sums ? items[i].stretch : 0);
		r.sz[i + 1] = r.sz[i] + (items[i].type == LB_GLUE ?
		    items[i].shrink : 0);
		r.sl[i + 1] = r.sl[i] + (items[i].type == LB_BOX ?
		    items[i].lstretch : 0);
	}
	/* As TeX: strict first, looser, then with emergency stretch. */
	end = pass(&r, width, p, p->tolerance, 0);
	/* A hyphen on the last full line leaves a stub for a last line
	 * ("auto- / matic."): looser lines keep it off where they can,
	 * whatever their demerits; where they cannot, the strict breaks
	 * stand (the pass is run again, as it reuses the nodes). */
	if (end != SIZE_MAX && final_hyphen(&r, end) &&
	    p->final_tolerance > p->tolerance) {
		struct lb_params loose = *p;

		loose.final_hyphen = FORBIDDEN;
		end = pass(&r, width, &loose, p->final_tolerance, 0);
		if (end == SIZE_MAX || final_hyphen(&r, end))
			end = pass(&r, width, p, p->tolerance, 0);
	}
	if (end == SIZE_MAX)
		end = pass(&r, width, p, p->tolerance2, 0);
	if (end == SIZE_MAX && p->emergency > 0)
		end = pass(&r, width, p, p->tolerance2, p->emergency);
	if (end != SIZE_MAX) {
		lines = r.nodes[end].line;
		*breaks = xcalloc(lines, sizeof(size_t));
		*ratios = xcalloc(lines, sizeof(double));
		for (size_t k = end, i = lines; k != SIZE_MAX && i > 0;
		    k = r.nodes[k].prev) {
			if (r.nodes[k].prev == SIZE_MAX)
				break;
			i--;
			(*breaks)[i] = r.nodes[k].pos;
			(*ratios)[i] = r.nodes[k].ratio;
		}
	}
	free(r.sw);
	free(r.sy);
	free(r.sz);
	free(r.sl);
	free(r.nodes);
	return lines;
}
