/*
 * make-images.c - writes the WebP and AVIF pictures the media tests
 * draw, with libwebp and libavif directly (no binary files in the tree):
 *
 *   still.webp  40x20, lossless: left half red, right half blue
 *   alpha.webp  30x30, lossy with alpha: a green square, clear border
 *   anim.webp   24x16, two frames: green, then magenta
 *   still.avif  40x20: left half red, right half blue
 *   anim.avif   24x16, a sequence of two frames: green, then magenta
 *
 * usage: make-images DIR
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <avif/avif.h>
#include <webp/encode.h>
#include <webp/mux.h>

static const char *dir;

static void
save(const char *name, const void *p, size_t len)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL || fwrite(p, 1, len, fp) != len ||
	    fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
}

/* w x h RGBA: left half c1, right half c2 (0xRRGGBBAA). */
static uint8_t *
pixels(int w, int h, uint32_t c1, uint32_t c2)
{
	uint8_t *p = malloc((size_t)w * h * 4);

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t c = x < w / 2 ? c1 : c2;
			uint8_t *q = p + ((size_t)y * w + x) * 4;

			q[0] = c >> 24;
			q[1] = c >> 16;
			q[2] = c >> 8;
			q[3] = c;
		}
	return p;
}

static void
webp_still(void)
{
	uint8_t *px = pixels(40, 20, 0xff0000ff, 0x0000ffff), *out;
	size_t n = WebPEncodeLosslessRGBA(px, 40, 20, 40 * 4, &out);

	save("still.webp", out, n);
	WebPFree(out);
	free(px);
	px = pixels(30, 30, 0x00c000ff, 0x00c000ff);
	for (int y = 0; y < 30; y++)
		for (int x = 0; x < 30; x++)
			if (x < 5 || y < 5 || x >= 25 || y >= 25)
				px[(y * 30 + x) * 4 + 3] = 0;
	n = WebPEncodeRGBA(px, 30, 30, 30 * 4, 90, &out);
	save("alpha.webp", out, n);
	WebPFree(out);
	free(px);
}

static void
webp_anim(void)
{
	WebPAnimEncoderOptions ao;
	WebPAnimEncoder *enc;
	WebPConfig cfg;
	WebPPicture pic;
	WebPData data;
	uint32_t colors[2] = { 0x00ff00ff, 0xff00ffff };

	WebPAnimEncoderOptionsInit(&ao);
	enc = WebPAnimEncoderNew(24, 16, &ao);
	WebPConfigInit(&cfg);
	cfg.lossless = 1;
	for (int i = 0; i < 2; i++) {
		uint8_t *px = pixels(24, 16, colors[i], colors[i]);

		WebPPictureInit(&pic);
		pic.width = 24;
		pic.height = 16;
		pic.use_argb = 1;
		WebPPictureImportRGBA(&pic, px, 24 * 4);
		if (!WebPAnimEncoderAdd(enc, &pic, i * 500, &cfg))
			exit(1);
		WebPPictureFree(&pic);
		free(px);
	}
	WebPAnimEncoderAdd(enc, NULL, 1000, NULL);
	WebPDataInit(&data);
	if (!WebPAnimEncoderAssemble(enc, &data))
		exit(1);
	save("anim.webp", data.bytes, data.size);
	WebPDataClear(&data);
	WebPAnimEncoderDelete(enc);
}

static avifImage *
avif_image(int w, int h, uint32_t c1, uint32_t c2)
{
	avifImage *im = avifImageCreate(w, h, 8, AVIF_PIXEL_FORMAT_YUV444);
	avifRGBImage rgb;
	uint8_t *px = pixels(w, h, c1, c2);

	avifRGBImageSetDefaults(&rgb, im);
	rgb.pixels = px;
	rgb.rowBytes = (uint32_t)w * 4;
	if (avifImageRGBToYUV(im, &rgb) != AVIF_RESULT_OK)
		exit(1);
	free(px);
	return im;
}

static void
avif_write(const char *name, avifImage **frames, int n)
{
	avifEncoder *enc = avifEncoderCreate();
	avifRWData out = AVIF_DATA_EMPTY;

	enc->minQuantizer = enc->maxQuantizer = 0;
	enc->speed = 10;
	for (int i = 0; i < n; i++)
		if (avifEncoderAddImage(enc, frames[i], 1, n > 1 ?
		    AVIF_ADD_IMAGE_FLAG_NONE : AVIF_ADD_IMAGE_FLAG_SINGLE) !=
		    AVIF_RESULT_OK)
			exit(1);
	if (avifEncoderFinish(enc, &out) != AVIF_RESULT_OK)
		exit(1);
	save(name, out.data, out.size);
	avifRWDataFree(&out);
	avifEncoderDestroy(enc);
}

int
main(int argc, char **argv)
{
	avifImage *f[2];

	if (argc != 2) {
		fprintf(stderr, "usage: make-images DIR\n");
		return 2;
	}
	dir = argv[1];
	webp_still();
	webp_anim();
	f[0] = avif_image(40, 20, 0xff0000ff, 0x0000ffff);
	avif_write("still.avif", f, 1);
	avifImageDestroy(f[0]);
	f[0] = avif_image(24, 16, 0x00ff00ff, 0x00ff00ff);
	f[1] = avif_image(24, 16, 0xff00ffff, 0xff00ffff);
	avif_write("anim.avif", f, 2);
	avifImageDestroy(f[0]);
	avifImageDestroy(f[1]);
	return 0;
}
