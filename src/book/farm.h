/*
 * farm.h - worker processes for a booklet: forked copies of the process
 * (each with its own fontconfig, Pango and hyphenation state from then
 * on) that each claim the next item no other has claimed (so that one
 * with long items takes fewer), write what they record into a spool file
 * of their own, and send one message per item, in the order claimed,
 * through a pipe of their own. The parent asks who claimed an item
 * (farm_owner) and reads its message from that worker's pipe.
 *
 * Messages are built and read with the msg_ helpers: numbers in this
 * machine's byte order, strings with their length. A message that cannot
 * be read whole means the worker died; farm_death says how.
 */
#ifndef QUIRE_FARM_H
#define QUIRE_FARM_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "canvas.h"
#include "util.h"

struct farm {
	int	 n;		/* workers */
	pid_t	 parent;	/* the process that forked them */
	void	*shared;	/* memory the workers share with it, zeroed;
				   NULL when none was asked */
	pid_t	*pid;
	int	*fd;		/* the parent's end of each worker's pipe */
	struct spool **spool;	/* each worker's spool: written there */
	struct spool **reader;	/* and read here */
	int	*done;		/* its exit status is known: */
	int	*status;	/* this one */
	/* Per item, 1 + the worker that claimed it, or 0: after the
	 * caller's shared memory, in the same mapping. */
	_Atomic int *owner;
	size_t	 nitems;
	void	*map;		/* the mapping of both */
	size_t	 map_len;
};

/*
 * Forks n workers for items 0..nitems: worker k of n runs work(arg, k, fd,
 * spool) with fd the write end of its pipe and spool its own file,
 * then exits (status 0, or 1 when work returns -1). With shared > 0,
 * f->shared is that many bytes all of them see (mapped before the forks;
 * what one writes, with atomics to order it, the others read). Returns
 * 0, or -1 with nothing started (errno set) when the memory, pipes,
 * spools or forks cannot be made.
 */
int	farm_start(struct farm *f, int n, size_t shared, size_t nitems,
	    int (*work)(void *arg, int k, int fd, struct spool *spool),
	    void *arg);
/*
 * In worker k: claims the first item from *i on that no worker has, and
 * sets *i to it: 0, or -1 when every one is claimed. One atomic step
 * claims the item and records its owner, so none is ever claimed without
 * one. Claims come in item order: when an item is claimed, so are all
 * before it, and each worker's claims increase.
 */
int	farm_claim(struct farm *f, int k, size_t *i);
/*
 * In the parent: the worker that claimed item i, once one has (it waits);
 * -1 when every worker has ended without (farm_death says why).
 */
int	farm_owner(struct farm *f, size_t i);
/* Reads worker k's next message into m (cleared first): 0, or -1 when
 * the worker sent no whole message (it died, or failed). */
int	farm_read(struct farm *f, int k, struct buf *m);
/* Waits for worker k (once) and says why it ended early: a new string
 * such as "killed by signal 9 (Killed)". */
char	*farm_death(struct farm *f, int k);
/* In a worker waiting for the parent to post more in f->shared: a short
 * sleep; -1 when the parent is gone (the worker then ends). */
int	farm_nap(const struct farm *f);
/* Ends the workers (those still running are killed) and frees f. */
void	farm_stop(struct farm *f);
/* Waits for workers told to end (through f->shared) and frees f. */
void	farm_end(struct farm *f);

/* Sends m as one message on fd: 0, or -1. */
int	msg_send(int fd, const struct buf *m);
void	msg_u32(struct buf *m, uint32_t v);
void	msg_i64(struct buf *m, int64_t v);
void	msg_str(struct buf *m, const char *s);

/* Reading a message: each takes from *at, and fails (-1) rather than
 * read past the end. */
struct msg_rd {
	const char *p, *end;
};
int	msg_get_u32(struct msg_rd *r, uint32_t *v);
int	msg_get_i64(struct msg_rd *r, int64_t *v);
/* A new string, which the caller frees. */
int	msg_get_str(struct msg_rd *r, char **s);

#endif
