/* test-farm.c - worker processes claiming items: each item claimed once,
 * in order, its message read from its owner's pipe; a worker held up by
 * a long item takes no more while the others take the rest; workers that
 * die are told apart from those that end. */
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "farm.h"
#include "util.h"

#define NITEMS 24

struct board {
	_Atomic size_t claimed;	/* claims so far, by all */
};

struct trial {
	struct farm f;
	size_t	 slow;		/* the item whose worker waits for the others
				   to claim the rest; NITEMS: none */
	size_t	 kill_at;	/* the item its worker dies on; NITEMS: none */
	int	 idle;		/* workers end at once */
};

static int
work(void *arg, int k, int fd, struct spool *spool)
{
	struct trial *t = arg;
	struct board *b = t->f.shared;
	struct buf m = {0};
	int rc = 0;

	(void)spool;
	if (t->idle)
		return 0;
	for (size_t i = 0; rc == 0 && farm_claim(&t->f, k, &i) == 0; i++) {
		atomic_fetch_add(&b->claimed, 1);
		if (i == t->kill_at)
			raise(SIGKILL);
		m.len = 0;
		msg_u32(&m, (uint32_t)i);
		msg_u32(&m, (uint32_t)k);
		rc = msg_send(fd, &m);
		while (rc == 0 && i == t->slow &&
		    atomic_load(&b->claimed) < NITEMS)
			rc = farm_nap(&t->f);
	}
	buf_free(&m);
	return rc;
}

/* Reads every item's message from its owner in item order, counting each
 * worker's items in took[]; the first item that cannot be read, or
 * NITEMS. */
static size_t
read_all(struct trial *t, int took[])
{
	struct buf m = {0};
	size_t i;

	for (i = 0; i < NITEMS; i++) {
		int k = farm_owner(&t->f, i);
		struct msg_rd r;
		uint32_t idx, who;

		if (k < 0 || farm_read(&t->f, k, &m) == -1)
			break;
		r.p = m.data;
		r.end = m.data + m.len;
		CHECK(msg_get_u32(&r, &idx) == 0 && idx == i);
		CHECK(msg_get_u32(&r, &who) == 0 && (int)who == k);
		took[k]++;
	}
	buf_free(&m);
	return i;
}

static int
start(struct trial *t, int n)
{
	return farm_start(&t->f, n, sizeof(struct board), NITEMS, work, t);
}

static void
test_every_item_once(void)
{
	struct trial t = { .slow = NITEMS, .kill_at = NITEMS };
	int took[3] = {0};

	CHECK(start(&t, 3) == 0);
	CHECK(read_all(&t, took) == NITEMS);
	CHECK(took[0] + took[1] + took[2] == NITEMS);
	farm_end(&t.f);
}

static void
test_long_item(void)
{
	/* Taking every other item, one worker would hold the other 11 up
	 * behind its long one; claiming, it takes just that one. */
	struct trial t = { .slow = 0, .kill_at = NITEMS };
	int took[2] = {0};

	CHECK(start(&t, 2) == 0);
	CHECK(read_all(&t, took) == NITEMS);
	CHECK((took[0] == 1 && took[1] == NITEMS - 1) ||
	    (took[1] == 1 && took[0] == NITEMS - 1));
	farm_end(&t.f);
}

static void
test_killed(void)
{
	struct trial t = { .slow = NITEMS, .kill_at = 5 };
	int took[2] = {0};
	size_t at;
	char *why;

	CHECK(start(&t, 2) == 0);
	/* The items before are read; this one's worker is known, and dead. */
	CHECK((at = read_all(&t, took)) == 5);
	why = farm_death(&t.f, farm_owner(&t.f, at));
	CHECK_STR(why, "killed by signal 9 (Killed)");
	free(why);
	farm_stop(&t.f);
}

static void
test_none_left(void)
{
	struct trial t = { .slow = NITEMS, .kill_at = NITEMS, .idle = 1 };
	char *why;

	CHECK(start(&t, 2) == 0);
	/* Both ended without claiming it: no owner, rather than a wait. */
	CHECK(farm_owner(&t.f, 0) == -1);
	why = farm_death(&t.f, 1);
	CHECK_STR(why, "exited with status 0");
	free(why);
	farm_end(&t.f);
}

int
main(void)
{
	test_every_item_once();
	test_long_item();
	test_killed();
	test_none_left();
	return check_done();
}
