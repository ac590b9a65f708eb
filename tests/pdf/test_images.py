#!/usr/bin/python3
"""Raster pictures in the PDF (src/draw/pdfimage.c): pictures written here
from known pixels, rendered, and each image object read back with pikepdf
and decoded by qpdf: a PNG a PDF can take as it is keeps its own image
data (PNG predictors), a JPEG its own bytes, any other picture is decoded
and compressed with its alpha as a soft mask; the pixels that come out
are the pixels that went in; no stand-in object is left behind; a
picture whose data is damaged is a warning and a crossed-out frame; the
bytes do not depend on the number of threads, in a post, a booklet and
an imposed booklet.
"""
import os
import struct
import subprocess
import sys
import zlib

import pikepdf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
import quiretests  # noqa: E402
import unittest  # noqa: E402

QUIRE = quiretests.QUIRE
TMP = None


def chunk(kind, data):
    return (struct.pack('>I', len(data)) + kind + data +
            struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))


def png(w, h, ctype, depth, rows, plte=None, trns=None, interlace=0):
    """A PNG from its filtered rows (bytes each, filter byte first)."""
    out = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack(
        '>IIBBBBB', w, h, depth, ctype, 0, 0, interlace))
    if plte is not None:
        out += chunk(b'PLTE', plte)
    if trns is not None:
        out += chunk(b'tRNS', trns)
    data = zlib.compress(b''.join(rows), 9)
    # Two IDAT chunks: the data is theirs run together.
    out += chunk(b'IDAT', data[:len(data) // 2])
    out += chunk(b'IDAT', data[len(data) // 2:])
    return out + chunk(b'IEND', b'')


def pixel(x, y, c):
    return (x * 7 + y * 13 + c * 50) % 256


def rgb_rows(w, h):
    return [b'\x00' + bytes(pixel(x, y, c) for x in range(w)
                            for c in range(3)) for y in range(h)]


def rgba_rows(w, h, alpha):
    return [b'\x00' + bytes(v for x in range(w) for v in (
        pixel(x, y, 0), pixel(x, y, 1), pixel(x, y, 2), alpha(x, y)))
        for y in range(h)]


def adam7(w, h, rows_px, bpp):
    """Adam7 passes of unfiltered pixel rows (bytes of bpp a pixel)."""
    out = []
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8),
                           (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
                           (0, 1, 1, 2)):
        for y in range(y0, h, dy):
            xs = range(x0, w, dx)
            if len(xs):
                out.append(b'\x00' + b''.join(
                    rows_px[y][x * bpp:(x + 1) * bpp] for x in xs))
    return out


def jpeg(w=64, h=48):
    """A JPEG from Pillow (python3-pikepdf needs python3-pil)."""
    import io
    from PIL import Image
    im = Image.new('RGB', (w, h))
    im.putdata([(pixel(x, y, 0), pixel(x, y, 1), pixel(x, y, 2))
                for y in range(h) for x in range(w)])
    b = io.BytesIO()
    im.save(b, 'JPEG', quality=90)
    return b.getvalue()


def site(name, pictures, text=None):
    """A folder with the pictures (name -> bytes) and post.md showing
    each; returns the post's path."""
    d = os.path.join(TMP, name)
    os.makedirs(d, exist_ok=True)
    for n, data in pictures.items():
        with open(os.path.join(d, n), 'wb') as f:
            f.write(data)
    md = os.path.join(d, 'post.md')
    with open(md, 'w') as f:
        f.write(text or '---\ntitle: Pictures\n---\n\n' + ''.join(
            '![%s](%s)\n\n' % (n, n) for n in pictures))
    return md


def render(args, out, env=None):
    e = dict(os.environ)
    e.update(env or {})
    r = subprocess.run([QUIRE] + args + ['-o', out], capture_output=True,
                       text=True, timeout=300, env=e)
    return r


class Pictures(unittest.TestCase):
    def pdf(self, md, env=None):
        out = md[:-3] + '.pdf'
        r = render([md], out, env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIsNone(quiretests.qpdf_problems(out))
        return out, r.stderr

    def images(self, out):
        """The image objects that are not soft masks, in object order:
        (number, dictionary, raw data, decoded data, decoded mask or
        None)."""
        with pikepdf.open(out) as pdf:
            ims = [o for o in pdf.objects
                   if isinstance(o, pikepdf.Stream) and
                   o.get('/Subtype') == '/Image']
            masks = {o.SMask.objgen for o in ims if '/SMask' in o}
            # qpdf decodes all but DCT (JPEG): that is left None
            return [(o.objgen[0], dict(o.items()), o.read_raw_bytes(),
                     o.read_bytes() if o.get('/Filter') != '/DCTDecode'
                     else None, o.SMask.read_bytes()
                     if '/SMask' in o else None)
                    for o in ims if o.objgen not in masks]

    def one(self, out):
        ims = self.images(out)
        self.assertEqual(len(ims), 1, [i[1] for i in ims])
        return ims[0]

    def no_stand_ins(self, out):
        with open(out, 'rb') as f:
            data = f.read()
        with pikepdf.open(out) as pdf:
            for o in pdf.objects:
                if isinstance(o, pikepdf.Stream) and \
                        o.get('/Subtype') == '/Image':
                    self.assertNotIn(b'quire-image', o.read_raw_bytes())
        # the stand-ins cairo wrote are in the file, replaced by the
        # update: as many as the pictures drawn, no more
        return data.count(b'quire-image ')

    def test_rgb_png_kept_as_it_is(self):
        w, h = 40, 30
        data = png(w, h, 2, 8, rgb_rows(w, h))
        out, err = self.pdf(site('rgb', {'rgb.png': data}))
        self.assertEqual(err, '')
        num, d, raw, dec, mask = self.one(out)
        self.assertEqual(d['/Filter'], '/FlateDecode')
        self.assertEqual(int(d['/DecodeParms']['/Predictor']), 15)
        self.assertEqual(int(d['/DecodeParms']['/Columns']), w)
        self.assertEqual(d['/ColorSpace'], '/DeviceRGB')
        self.assertNotIn('/SMask', d)
        idat = zlib.compress(b''.join(rgb_rows(w, h)), 9)
        self.assertEqual(raw, idat)
        self.assertEqual(dec, b''.join(r[1:] for r in rgb_rows(w, h)))
        self.assertEqual(self.no_stand_ins(out), 1)

    def test_palette_and_grey16(self):
        w, h = 17, 9
        pal = bytes(v for i in range(16) for v in (i * 16, 255 - i * 16,
                                                   i * 5))
        prow = [b'\x00' + bytes(((2 * x) % 16) << 4 | ((2 * x + 1 + y) % 16)
                                for x in range((w + 1) // 2))
                for y in range(h)]
        grow = [b'\x00' + b''.join(struct.pack('>H', (x * 3000 + y * 7) %
                                               65536) for x in range(w))
                for y in range(h)]
        out, _ = self.pdf(site('pal', {
            'p.png': png(w, h, 3, 4, prow, plte=pal),
            'g.png': png(w, h, 0, 16, grow)}))
        ims = {int(d['/BitsPerComponent']): (d, dec)
               for _, d, _, dec, _ in self.images(out)}
        d, dec = ims[4]
        cs = d['/ColorSpace']
        self.assertEqual(str(cs[0]), '/Indexed')
        self.assertEqual(int(cs[2]), 15)
        self.assertEqual(bytes(cs[3]), pal)
        self.assertEqual(dec, b''.join(r[1:] for r in prow))
        d, dec = ims[16]
        self.assertEqual(d['/ColorSpace'], '/DeviceGray')
        self.assertEqual(dec, b''.join(r[1:] for r in grow))

    def test_alpha_is_a_soft_mask(self):
        w, h = 20, 10
        alpha = (lambda x, y: (x * 13 + y * 3) % 256)
        out, _ = self.pdf(site('alpha', {
            'a.png': png(w, h, 6, 8, rgba_rows(w, h, alpha)),
            'o.png': png(w + 1, h, 6, 8, rgba_rows(w + 1, h,
                                                   lambda x, y: 255))}))
        ims = {int(d['/Width']): (d, dec, mask)
               for _, d, _, dec, mask in self.images(out)}
        d, dec, mask = ims[w]
        self.assertEqual(d['/ColorSpace'], '/DeviceRGB')
        self.assertEqual(dec, bytes(pixel(x, y, c) for y in range(h)
                                    for x in range(w) for c in range(3)))
        self.assertEqual(mask, bytes(alpha(x, y) for y in range(h)
                                     for x in range(w)))
        # all opaque: no mask
        d, dec, mask = ims[w + 1]
        self.assertNotIn('/SMask', d)
        self.assertEqual(len(dec), (w + 1) * h * 3)
        # opaque down to its last row
        late = (lambda x, y: 255 if y < h - 1 else x * 9)
        out, _ = self.pdf(site('late', {
            'l.png': png(w, h, 6, 8, rgba_rows(w, h, late))}))
        num, d, raw, dec, mask = self.one(out)
        self.assertEqual(mask, bytes(late(x, y) for y in range(h)
                                     for x in range(w)))

    def test_interlaced_decoded(self):
        w, h = 13, 11
        px = [bytes(pixel(x, y, c) for x in range(w) for c in range(3))
              for y in range(h)]
        out, _ = self.pdf(site('adam7', {
            'i.png': png(w, h, 2, 8, adam7(w, h, px, 3), interlace=1)}))
        num, d, raw, dec, mask = self.one(out)
        self.assertNotIn('/DecodeParms', d)
        self.assertEqual(dec, b''.join(px))

    def test_jpeg_kept_as_it_is(self):
        data = jpeg()
        md = site('jpeg', {'j.jpg': data})
        out, _ = self.pdf(md)
        num, d, raw, dec, mask = self.one(out)
        self.assertEqual(d['/Filter'], '/DCTDecode')
        self.assertEqual(raw, data)

    def test_large_picture_scaled_down(self):
        w, h = 3000, 40
        rows = [b'\x00' + bytes((x // 10) % 256 for x in range(w)
                                for c in range(3))] * h
        out, _ = self.pdf(site('wide', {'w.png': png(w, h, 2, 8, rows)}))
        num, d, raw, dec, mask = self.one(out)
        self.assertLess(int(d['/Width']), w)
        self.assertEqual(len(dec), int(d['/Width']) * int(d['/Height']) * 3)

    def test_damaged_data_is_a_warning_and_a_frame(self):
        w, h = 30, 20
        good = png(w, h, 2, 8, rgb_rows(w, h))
        # whole chunks with right CRCs around data that is no zlib
        bad = (good[:33] + chunk(b'IDAT', b'\x78\x9c' + b'\xff' * 50) +
               chunk(b'IEND', b''))
        md = site('damaged', {'bad.png': bad, 'good.png': good})
        out, err = self.pdf(md)
        # the first picture, line 5 of the post
        self.assertIn("post.md:5: warning: image '", err)
        self.assertIn("bad.png': corrupt PNG: bad image data", err)
        self.assertEqual(err.count('warning'), 1, err)
        ims = self.images(out)
        self.assertEqual([int(d['/Width']) for _, d, _, _, _ in ims], [w])
        self.no_stand_ins(out)

    def test_same_bytes_on_any_number_of_threads(self):
        pics = {}
        for i in range(6):
            pics['p%d.png' % i] = png(30 + i, 20, 6, 8, rgba_rows(
                30 + i, 20, lambda x, y: (x * y) % 256))
            pics['q%d.png' % i] = png(25, 10 + i, 2, 8, rgb_rows(25, 10 + i))
        md = site('threads', pics)
        outs = []
        for n in ('1', '2', '4'):
            out = os.path.join(TMP, 'threads-%s.pdf' % n)
            r = render([md], out, {'QUIRE_THREADS': n})
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out, 'rb') as f:
                outs.append(f.read())
        self.assertEqual(outs[0], outs[1])
        self.assertEqual(outs[0], outs[2])

    def test_booklet_and_imposed_booklet(self):
        d = os.path.join(TMP, 'book')
        os.makedirs(os.path.join(d, '_posts'), exist_ok=True)
        with open(os.path.join(d, '_config.yml'), 'w') as f:
            f.write('title: Book\n')
        w, h = 24, 16
        with open(os.path.join(d, 'shared.png'), 'wb') as f:
            f.write(png(w, h, 6, 8, rgba_rows(w, h, lambda x, y: x * 10)))
        for i in range(5):
            with open(os.path.join(d, '_posts',
                                   '2020-01-%02d-post-%d.md' % (i + 1, i)),
                      'w') as f:
                f.write('---\ntitle: Post %d\n---\n\nWords %d.\n\n'
                        '![shared](/shared.png)\n' % (i, i))
        runs = {}
        for name, args, env in (
                ('one', [d], {'QUIRE_THREADS': '1', 'QUIRE_JOBS': '1'}),
                ('many', [d, '--jobs', '2'], {}),
                ('imposed', [d, '--paper', 'a5', '--impose', 'saddle'],
                 {})):
            out = os.path.join(TMP, 'book-%s.pdf' % name)
            r = render(args, out, env)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIsNone(quiretests.qpdf_problems(out))
            with open(out, 'rb') as f:
                runs[name] = f.read()
            # One picture drawn five times: one object with its mask;
            # a sheet that shows it twice paints a copy the second time.
            ims = self.images(out)
            if name != 'imposed':
                self.assertEqual(len(ims), 1, [i[1] for i in ims])
            self.assertEqual(self.no_stand_ins(out), len(ims))
            for im in ims:
                self.assertEqual((im[3], im[4]), (ims[0][3], ims[0][4]))
                self.assertIsNotNone(im[4])
        self.assertEqual(runs['one'], runs['many'])


if __name__ == '__main__':
    sys.exit(quiretests.run(sys.modules[__name__], 'quire-images-'))
