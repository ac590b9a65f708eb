/*
 * source.h - a post's bytes, read whole and checked: size cap, binary
 * files, UTF-8 validity (with the line of the first bad byte), byte order
 * mark and CRLF line ends removed.
 */
#ifndef QUIRE_SOURCE_H
#define QUIRE_SOURCE_H

#include <stddef.h>

/* Largest input accepted. */
#define SOURCE_MAX_BYTES (16u * 1024 * 1024)

struct source {
	char	*path;	/* as given */
	char	*text;	/* normalized UTF-8, LF line ends, NUL-terminated */
	size_t	 len;	/* bytes in text */
};

/*
 * Reads path into src. Returns 0, or -1 after reporting the problem with
 * diag() (missing, unreadable, a directory, empty, too large, binary,
 * invalid UTF-8). src is always safe to source_free.
 */
int	source_read(struct source *src, const char *path);
/*
 * The same checks and normalization over bytes already in memory (the
 * fuzz target's entry); path names them in messages.
 */
int	source_from_bytes(struct source *src, const char *path,
	    const char *bytes, size_t len);
void	source_free(struct source *src);

#endif
