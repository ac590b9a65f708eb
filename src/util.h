/*
 * util.h - allocation wrappers and a growable byte buffer.
 *
 * Out of memory is fatal here, in one place, so no caller checks for NULL.
 */
#ifndef QUIRE_UTIL_H
#define QUIRE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

/* Like malloc/calloc/realloc/strdup, but exit(3) on failure. */
void	*xmalloc(size_t size);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *p, size_t size);
/* realloc to n * size bytes, exiting on overflow as on failure. */
void	*xreallocarray(void *p, size_t n, size_t size);
char	*xstrdup(const char *s);
/* Copy of the first len bytes of s, NUL-terminated. */
char	*xstrndup(const char *s, size_t len);
/* Writes the n bytes at p to fd at off, all of them: 0, or -1 with errno
 * set (ENOSPC when the file takes no more). */
int	pwrite_all(int fd, const void *p, size_t n, off_t off);
/* Reads up to n bytes of fd at off into p: how many, fewer only at the
 * file's end; -1 with errno set. */
ssize_t	pread_all(int fd, void *p, size_t n, off_t off);
/* The folder temporary files go in: $TMPDIR, else /tmp. */
const char *tmp_dir(void);
/* printf into a fresh string; the caller frees it. */
char	*xasprintf(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/* Reads a YAML 1.1 boolean (true/false, yes/no, on/off, any case) into
 * *val. Returns 0, or -1 when s is not one. */
int	str_bool(const char *s, int *val);
/* The last component of path: what follows its last slash. */
const char *path_base(const char *path);

/* Threads worth running: 2 with a second core, 1 without; QUIRE_THREADS
 * sets it (1: all on one thread, for measuring). */
int	threads(void);

/*
 * A growable byte buffer. data is always NUL-terminated (when non-NULL);
 * len excludes the terminator. The owner calls buf_free, or takes data
 * with buf_take.
 */
struct buf {
	char	*data;	/* bytes, NUL-terminated */
	size_t	 len;	/* bytes used, without the terminator */
	size_t	 cap;	/* bytes allocated */
};

void	 buf_append(struct buf *b, const char *s, size_t len);
void	 buf_puts(struct buf *b, const char *s);
void	 buf_putc(struct buf *b, char c);
void	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Returns the data (never NULL: "" when empty) and resets b; caller frees. */
char	*buf_take(struct buf *b);
void	 buf_free(struct buf *b);

/* Appends the UTF-8 encoding of code point cp (invalid ones become U+FFFD). */
void	 buf_put_utf8(struct buf *b, unsigned cp);
/*
 * Turns Unicode's noncharacters in UTF-8 s[0..n) (U+FDD0-FDEF and the
 * last two code points of every plane, U+FFFE, U+FFFF...), which cairo
 * refuses in any text it is given, into U+FFFD (U+nFFFD beyond the first
 * plane), in place: the length stays, so byte offsets hold.
 */
void	 utf8_no_nonchars(char *s, size_t n);
/*
 * The code point of the UTF-8 sequence at s[0..n), its length in *len;
 * 0 with *len 0 when it is not valid UTF-8 (overlong, surrogate, beyond
 * U+10FFFF, truncated).
 */
unsigned utf8_decode(const unsigned char *s, size_t n, size_t *len);

/* The first occurrence of needle[0..m) in hay[0..n), or NULL (memmem,
 * which C17 lacks). */
const char *mem_find(const char *hay, size_t n, const char *needle,
	    size_t m);

/*
 * Line numbers of offsets in a text, for warnings: line_at(lc, pos) is
 * first plus the newlines in s[0..pos). Cheap when pos only grows (it
 * counts on from the last call); a smaller pos starts again from 0.
 * Set s and first; pos and line start at 0.
 */
struct linecount {
	const char	*s;
	unsigned	 first;	/* line of s[0] */
	size_t		 pos;	/* counted up to here */
	unsigned	 line;	/* newlines in s[0..pos) */
};
unsigned line_at(struct linecount *lc, size_t pos);
/* How many newlines s[0..n) holds. */
unsigned count_newlines(const char *s, size_t n);
/* Appends as many newlines as s[0..n) holds: what keeps line k line k
 * when a rewrite drops text. */
void	 buf_put_newlines(struct buf *b, const char *s, size_t n);
/* Appends s with & < > " as entities, as HTML or XML text or attribute
 * value; control bytes but tab and newline are dropped (XML has no room
 * for them); one_line turns newlines into spaces. */
void	 buf_put_escaped(struct buf *b, const char *s, int one_line);

/*
 * Whether path is root or inside it, both made canonical (absolute,
 * symbolic links resolved as far as the path exists, the rest by name),
 * so that neither ".." nor a link leads out unseen.
 */
int	 path_inside(const char *path, const char *root);

/* Whether s[*pos..len) starts with word; then *pos is moved past it. */
int	 take_word(const char *s, size_t len, size_t *pos, const char *word);

/* A key and its value, both owned by whoever owns the array. */
struct kv {
	char	*key;
	char	*value;
};

/* Value for key in an array of n pairs, or NULL; pairs with a NULL key
 * (a shortcode's positional arguments) are passed over. */
const char *kv_get(const struct kv *kv, size_t n, const char *key);
/* Frees every key and value, then the array. */
void	 kv_free(struct kv *kv, size_t n);

#endif
