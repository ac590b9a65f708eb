/* gif.c - GIF through giflib: the first frame on its logical screen. */
#include <stdint.h>
#include <stdlib.h>

#include <gif_lib.h>

#include "decode.h"
#include "util.h"

/* The logical screen, grown to hold the first frame if it sticks out. */
static void
gif_canvas(unsigned sw, unsigned sh, unsigned left, unsigned top,
    unsigned w, unsigned h, int *cw, int *ch)
{
	*cw = (int)(left + w > sw ? left + w : sw);
	*ch = (int)(top + h > sh ? top + h : sh);
}

int
sniff_gif(struct rd *r, struct image_info *info, char **why)
{
	unsigned char s[7], d[9];
	int c, n, w, h;

	if (rd_seek(r, 6) == -1 || rd_get(r, s, sizeof(s)) == -1)
		goto short_read;
	if ((s[4] & 0x80) && rd_skip(r, 3L << ((s[4] & 7) + 1)) == -1)
		goto short_read;
	for (;;) {
		if ((c = rd_byte(r)) == -1)
			goto short_read;
		if (c == 0x2c)
			break;
		if (c == 0x3b) {
			*why = xstrdup("corrupt GIF: no image");
			return -1;
		}
		if (c != 0x21) {
			*why = xstrdup("corrupt GIF: bad block");
			return -1;
		}
		if (rd_byte(r) == -1)	/* the extension's label */
			goto short_read;
		while ((n = rd_byte(r)) > 0)
			if (rd_skip(r, n) == -1)
				goto short_read;
		if (n == -1)
			goto short_read;
	}
	if (rd_get(r, d, sizeof(d)) == -1)
		goto short_read;
	gif_canvas(le16(s), le16(s + 2), le16(d), le16(d + 2), le16(d + 4),
	    le16(d + 6), &w, &h);
	if (check_size((unsigned long)w, (unsigned long)h, why) == -1)
		return -1;
	info->format = IMAGE_GIF;
	info->width = w;
	info->height = h;
	return 0;
short_read:
	*why = rd_why(r);
	return -1;
}

static int
gif_read_mem(GifFileType *gif, GifByteType *dst, int n)
{
	return (int)rd_some(gif->UserData, dst, n < 0 ? 0 : (size_t)n);
}

static char *
gif_why(int err)
{
	const char *s;

	if (err == D_GIF_ERR_READ_FAILED)
		return xstrdup("truncated");
	s = GifErrorString(err);
	return xasprintf("corrupt GIF: %s", s ? s : "unknown error");
}

/*
 * The first frame only, drawn onto the logical screen (transparent
 * elsewhere), with the transparent index of the Graphics Control
 * Extension before it.
 */
cairo_surface_t *
load_gif(const unsigned char *data, size_t len, char **why)
{
	static const int start[] = { 0, 4, 2, 1 }, step[] = { 8, 8, 4, 2 };
	struct rd r = { 0 };
	GifFileType *gif;
	GifRecordType type;
	GifByteType *ext;
	GraphicsControlBlock gcb;
	ColorMapObject *map;
	GifImageDesc *d;
	cairo_surface_t *s = NULL, *ret = NULL;
	unsigned char *line = NULL, *px;
	uint32_t *out;
	GifColorType *c;
	int err, code, trans = NO_TRANSPARENT_COLOR, w, h, x, y, pass, stride;

	r.mem = data;
	r.len = len;
	if ((gif = DGifOpen(&r, gif_read_mem, &err)) == NULL) {
		*why = gif_why(err);
		goto out;
	}
	for (;;) {
		if (DGifGetRecordType(gif, &type) == GIF_ERROR)
			goto gif_error;
		if (type == IMAGE_DESC_RECORD_TYPE)
			break;
		if (type == TERMINATE_RECORD_TYPE) {
			*why = xstrdup("corrupt GIF: no image");
			goto out;
		}
		if (type != EXTENSION_RECORD_TYPE)
			continue;
		if (DGifGetExtension(gif, &code, &ext) == GIF_ERROR)
			goto gif_error;
		if (code == GRAPHICS_EXT_FUNC_CODE && ext != NULL &&
		    DGifExtensionToGCB(ext[0], ext + 1, &gcb) == GIF_OK)
			trans = gcb.TransparentColor;
		while (ext != NULL)
			if (DGifGetExtensionNext(gif, &ext) == GIF_ERROR)
				goto gif_error;
	}
	if (DGifGetImageDesc(gif) == GIF_ERROR)
		goto gif_error;
	d = &gif->Image;
	if (d->Left < 0 || d->Top < 0 || d->Width <= 0 || d->Height <= 0) {
		*why = xstrdup("corrupt GIF: bad frame");
		goto out;
	}
	gif_canvas((unsigned)gif->SWidth, (unsigned)gif->SHeight,
	    (unsigned)d->Left, (unsigned)d->Top, (unsigned)d->Width,
	    (unsigned)d->Height, &w, &h);
	if (check_size((unsigned long)w, (unsigned long)h, why) == -1)
		goto out;
	if ((map = d->ColorMap ? d->ColorMap : gif->SColorMap) == NULL) {
		*why = xstrdup("corrupt GIF: no colour table");
		goto out;
	}
	if ((s = surface_new(CAIRO_FORMAT_ARGB32, w, h, why)) == NULL)
		goto out;
	px = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	line = xmalloc((size_t)d->Width);
	for (pass = d->Interlace ? 0 : 3; pass < 4; pass++) {
		for (y = d->Interlace ? start[pass] : 0; y < d->Height;
		    y += d->Interlace ? step[pass] : 1) {
			if (DGifGetLine(gif, line, d->Width) == GIF_ERROR)
				goto gif_error;
			out = (uint32_t *)(px + (size_t)(d->Top + y) * stride) +
			    d->Left;
			for (x = 0; x < d->Width; x++) {
				/* Indices past the table stay transparent. */
				if (line[x] == trans ||
				    line[x] >= map->ColorCount)
					continue;
				c = &map->Colors[line[x]];
				out[x] = argb(0xff, c->Red, c->Green, c->Blue);
			}
		}
	}
	cairo_surface_mark_dirty(s);
	ret = s;
	s = NULL;
	goto out;
gif_error:
	*why = gif_why(gif->Error);
out:
	if (gif != NULL)
		DGifCloseFile(gif, &err);
	free(line);
	if (s != NULL)
		cairo_surface_destroy(s);
	return ret;
}
