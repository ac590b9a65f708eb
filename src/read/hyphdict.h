/*
 * hyphdict.h - libhyphen dictionaries, loaded fast.
 *
 * libhyphen builds its pattern automaton from the text of a .dic file,
 * which takes about as long as laying out a short post (American English:
 * some 6 ms). The first load of a file builds it so and keeps the
 * automaton, compiled, under the user's cache folder
 * ($XDG_CACHE_HOME/quire, else ~/.cache/quire); later loads read that
 * back, in one allocation and one pass per level. A compiled form is used
 * only while it names the same file with the same size, time and inode;
 * one that is cut short or damaged is ignored and made again. Without a
 * cache folder that can be written, every load parses the text, as
 * libhyphen alone would.
 */
#ifndef QUIRE_HYPHDICT_H
#define QUIRE_HYPHDICT_H

#include <hyphen.h>	/* libhyphen's HyphenDict */

/* The dictionary at path, the automaton hnj_hyphen_load gives, or NULL
 * when path cannot be loaded. Each level is one allocation: the caller
 * frees it with hyphdict_free, never hnj_hyphen_free. */
HyphenDict *hyphdict_load(const char *path);
/* Frees what hyphdict_load gave; d may be NULL. */
void	hyphdict_free(HyphenDict *d);

#endif
