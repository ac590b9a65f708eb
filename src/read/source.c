/* source.c - reading a post whole and checking its bytes. */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "util.h"

/* A NUL byte, or many control bytes, means this is not a text file. */
static int
looks_binary(const unsigned char *s, size_t n)
{
	size_t ctl = 0, scan = n < 8192 ? n : 8192;

	if (memchr(s, '\0', n) != NULL)
		return 1;
	for (size_t i = 0; i < scan; i++)
		if (s[i] < 0x20 && s[i] != '\n' && s[i] != '\r' &&
		    s[i] != '\t' && s[i] != '\f')
			ctl++;
	return ctl * 10 > scan;
}

int
source_from_bytes(struct source *src, const char *path, const char *bytes,
    size_t len)
{
	const unsigned char *s = (const unsigned char *)bytes;
	unsigned line = 1;
	size_t i, j, k;

	memset(src, 0, sizeof(*src));
	src->path = xstrdup(path);
	if (len == 0) {
		diag(DIAG_ERROR, path, 0, "the file is empty");
		return -1;
	}
	if (len > SOURCE_MAX_BYTES) {
		diag(DIAG_ERROR, path, 0,
		    "the file is too large (%zu bytes; the limit is %u)",
		    len, SOURCE_MAX_BYTES);
		return -1;
	}
	if (looks_binary(s, len)) {
		diag(DIAG_ERROR, path, 0,
		    "this is a binary file, not a Markdown post");
		return -1;
	}
	i = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	for (j = i; j < len; j += k) {
		if (s[j] == '\n')
			line++;
		utf8_decode(s + j, len - j, &k);
		if (k == 0) {
			diag(DIAG_ERROR, path, line,
			    "invalid UTF-8 (byte 0x%02X at offset %zu); "
			    "save the file as UTF-8", s[j], j);
			return -1;
		}
	}
	/* CRLF and lone CR become LF, so lines count the same everywhere. */
	src->text = xmalloc(len - i + 1);
	for (j = i, k = 0; j < len; j++) {
		if (s[j] == '\r') {
			src->text[k++] = '\n';
			if (j + 1 < len && s[j + 1] == '\n')
				j++;
		} else
			src->text[k++] = (char)s[j];
	}
	src->text[k] = '\0';
	src->len = k;
	return 0;
}

int
source_read(struct source *src, const char *path)
{
	struct stat st;
	FILE *f = NULL;
	char *bytes = NULL;
	size_t n;
	int rc = -1;

	memset(src, 0, sizeof(*src));
	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &st) == -1) {
		diag(DIAG_ERROR, path, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		diag(DIAG_ERROR, path, 0, "is a folder, not a post");
		goto out;
	}
	if (st.st_size > (off_t)SOURCE_MAX_BYTES) {
		diag(DIAG_ERROR, path, 0,
		    "the file is too large (%lld bytes; the limit is %u)",
		    (long long)st.st_size, SOURCE_MAX_BYTES);
		goto out;
	}
	/* One byte more than the cap, to notice a file that grew. */
	bytes = xmalloc(SOURCE_MAX_BYTES + 1 < (size_t)st.st_size + 1 ?
	    SOURCE_MAX_BYTES + 1 : (size_t)st.st_size + 1);
	n = fread(bytes, 1, (size_t)st.st_size + 1, f);
	if (ferror(f)) {
		diag(DIAG_ERROR, path, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	rc = source_from_bytes(src, path, bytes, n);
out:
	free(bytes);
	if (f != NULL)
		fclose(f);
	if (rc == -1 && src->path == NULL)
		src->path = xstrdup(path);
	return rc;
}

void
source_free(struct source *src)
{
	free(src->path);
	free(src->text);
	memset(src, 0, sizeof(*src));
}
