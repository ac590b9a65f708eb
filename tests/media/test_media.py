#!/usr/bin/python3
"""SVG, WebP, AVIF and Graphviz diagrams: render small posts with quire and
read the PDFs back: where each picture sits and how large (poppler), its
colours (pdftoppm pixels), whether it stayed vectors (no image XObject, a
form of paths), first frames of animations, refusals on the page and in
warnings, what an SVG may not reach (files outside the site, the network),
and that the decoders' libraries are loaded only for posts that need them.

Environment: QUIRE, QUIRE_SOURCE, MAKE_IMAGES (tests/media/make-images).
"""
import os
import re
import socket
import subprocess
import sys
import unittest

import gi
gi.require_version('Poppler', '0.18')
from gi.repository import GLib, Poppler  # noqa: E402

SRC = os.environ.get('QUIRE_SOURCE', os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
QUIRE = os.environ.get('QUIRE', os.path.join(SRC, 'build', 'quire'))
MAKE_IMAGES = os.environ.get('MAKE_IMAGES', os.path.join(
    SRC, 'build', 'tests', 'media', 'make-images'))
sys.path.insert(0, os.path.join(SRC, 'tests'))
import quiretests  # noqa: E402

TMP = None
PX = 0.75           # points per CSS pixel

SVG_BOX = '''<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
<rect width="200" height="100" fill="#ccddee"/>
<text x="100" y="58" font-size="20" text-anchor="middle">Vector words</text>
</svg>
'''
SVG_VIEWBOX = '''<?xml version="1.0" encoding="UTF-8"?>
<!-- no width or height: the viewBox gives the size -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 40">
<rect width="80" height="40" fill="#aa5500"/>
</svg>
'''
SVG_HUGE = '''<svg xmlns="http://www.w3.org/2000/svg" width="40000" height="10">
<rect width="40000" height="10"/></svg>
'''


def site(name, files):
    """A site folder under TMP with a _config.yml and files (name ->
    str or bytes); returns its path."""
    d = os.path.join(TMP, name)
    os.makedirs(d, exist_ok=True)
    files = dict(files)
    files.setdefault('_config.yml', 'title: Media\n')
    for n, data in files.items():
        p = os.path.join(d, n)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'wb') as f:
            f.write(data.encode() if isinstance(data, str) else data)
    return d


def render(d, post='post.md', env=None):
    """quire on d/post; returns (pdf path, stderr)."""
    out = os.path.join(d, post[:-3] + '.pdf')
    r = subprocess.run([QUIRE, os.path.join(d, post), '-o', out],
                       capture_output=True, text=True, timeout=120,
                       env=env)
    if r.returncode != 0:
        raise AssertionError('quire failed (%d): %s' % (r.returncode,
                                                        r.stderr))
    q = subprocess.run(['qpdf', '--check', out], capture_output=True,
                       text=True)
    if q.returncode != 0 or 'WARNING' in q.stdout + q.stderr:
        raise AssertionError('qpdf --check %s: %s%s' % (out, q.stdout,
                                                         q.stderr))
    return out, r.stderr


def open_pdf(path):
    return Poppler.Document.new_from_file(GLib.filename_to_uri(path, None),
                                          None)


def images(pdf, page=0):
    """Raster images on a page: [(x1, y1, x2, y2)] in points, top down."""
    m = open_pdf(pdf).get_page(page).get_image_mapping()
    return sorted((i.area.x1, i.area.y1, i.area.x2, i.area.y2) for i in m)


def text(pdf):
    r = subprocess.run(['pdftotext', '-enc', 'UTF-8', pdf, '-'],
                       capture_output=True, text=True)
    return ' '.join(r.stdout.split())


def pixels(pdf, dpi=72):
    """Page 1 as (width, height, RGB bytes), from pdftoppm."""
    base = pdf[:-4] + '-px'
    subprocess.run(['pdftoppm', '-r', str(dpi), '-f', '1', '-l', '1',
                    '-singlefile', pdf, base], check=True)
    with open(base + '.ppm', 'rb') as f:
        data = f.read()
    m = re.match(rb'P6\s+(\d+)\s+(\d+)\s+255\s', data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():]


def pixel(px, x, y):
    w, _, data = px
    i = (int(y) * w + int(x)) * 3
    return tuple(data[i:i + 3])


def near(c, want, tol=40):
    return all(abs(a - b) <= tol for a, b in zip(c, want))


def bbox(px, want, tol=12, top=0):
    """The box (x0, y0, x1, y1) of pixels of colour want (below row
    top), or None."""
    w, h, data = px
    xs, ys = [], []
    for y in range(top, h):
        row = data[y * w * 3:(y + 1) * w * 3]
        for x in range(w):
            if near(tuple(row[x * 3:x * 3 + 3]), want, tol):
                xs.append(x)
                ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


def forms(pdf):
    """The content streams of the form XObjects in pdf (qpdf --qdf) that
    draw paths (not those that only place another: each picture drawn is
    a group of its own, see canvas.c)."""
    qdf = pdf[:-4] + '-qdf.pdf'
    subprocess.run(['qpdf', '--qdf', '--object-streams=disable', pdf, qdf],
                   check=True)
    with open(qdf, 'rb') as f:
        data = f.read()
    out = []
    for m in re.finditer(rb'/Subtype /Form', data):
        s = data.find(b'stream\n', m.start())
        e = data.find(b'endstream', s)
        if re.search(rb'\s(re|m|c|l)\s', data[s + 7:e]):
            out.append(data[s + 7:e])
    return out


class Svg(unittest.TestCase):
    def test_drawn_as_vectors_at_its_size(self):
        d = site('svg', {'box.svg': SVG_BOX, 'wide.svg': SVG_VIEWBOX,
                         'post.md': '# Vectors\n\n![a box](box.svg)\n\n'
                         '![by viewBox](wide.svg)\n\nAfter.\n'})
        pdf, err = render(d)
        self.assertEqual(err, '')
        # no raster: the pictures are forms of paths
        self.assertEqual(images(pdf), [])
        fs = forms(pdf)
        self.assertEqual(len(fs), 2)
        # drawn twice on a page, still vectors (no fallback image) and
        # still a valid PDF (render checks qpdf)
        d2 = site('svg-twice', {'box.svg': SVG_BOX, 'post.md':
                                '# Twice\n\n![a](box.svg)\n\n![b](box.svg)\n'})
        twice, err = render(d2)
        self.assertEqual(err, '')
        self.assertEqual(images(twice), [])
        r = subprocess.run(['pdfimages', '-list', twice],
                           capture_output=True, text=True)
        self.assertEqual(r.stdout.count('\n'), 2, r.stdout)   # header only
        # both drawn: twice the box's area in its colour
        w, h, data = pixels(twice)
        n = sum(1 for i in range(0, len(data), 3)
                if near(tuple(data[i:i + 3]), (0xcc, 0xdd, 0xee), 12))
        one = (200 * PX) * (100 * PX)
        self.assertGreater(n, 1.6 * one)
        self.assertLess(n, 2.1 * one)
        for f in fs:
            self.assertRegex(f, rb'\bre\b|\bm\b')
            self.assertNotIn(b'/Im', f)
        # the text of the SVG is there as outlines (librsvg 2.54 draws
        # text as paths): many curves in the box's form
        box = [f for f in fs if b'0.8 0.866667 0.933333 rg' in f]
        self.assertEqual(len(box), 1)
        self.assertGreater(len(re.findall(rb' c\s', box[0])), 20)
        px = pixels(pdf)
        box = bbox(px, (0xcc, 0xdd, 0xee))
        self.assertIsNotNone(box)
        self.assertAlmostEqual(box[2] - box[0], 200 * PX, delta=2)
        self.assertAlmostEqual(box[3] - box[1], 100 * PX, delta=2)
        # the words are drawn inside it, in dark ink
        dark = [pixel(px, x, y) for x in range(box[0], box[2])
                for y in range(box[1], box[3])
                if sum(pixel(px, x, y)) < 200]
        self.assertGreater(len(dark), 50)
        wide = bbox(px, (0xaa, 0x55, 0x00))
        self.assertAlmostEqual(wide[2] - wide[0], 80 * PX, delta=2)
        self.assertAlmostEqual(wide[3] - wide[1], 40 * PX, delta=2)
        self.assertIn('After.', text(pdf))
        self.assertIn('Vector words', text(pdf))

    def test_too_large_is_a_placeholder_and_a_warning(self):
        d = site('svg-huge', {'huge.svg': SVG_HUGE,
                              'post.md': '# Huge\n\n![huge](huge.svg)\n'})
        pdf, err = render(d)
        self.assertEqual(err, "quire: %s:3: warning: image 'huge.svg': "
                         "too large: 40000x10 pixels\n"
                         % os.path.join(d, 'post.md'))
        self.assertIn('[image: huge.svg]', text(pdf))
        self.assertEqual(forms(pdf), [])


class SvgReach(unittest.TestCase):
    """An SVG reads files in its own folder and below, nothing else."""

    def test_nothing_outside_the_site_and_no_network(self):
        outside = os.path.join(TMP, 'outside')
        os.makedirs(outside, exist_ok=True)
        with open(os.path.join(outside, 'secret.txt'), 'w') as f:
            f.write('SECRETWORD\n')
        with open(os.path.join(outside, 'evil.css'), 'w') as f:
            f.write('#a { fill: #ff0000 }\n')
        # a red PNG outside, a green one inside (made with quire's own
        # tests' PNG writer would be nicer; zlib is enough)
        import struct
        import zlib

        def png(rgb):
            raw = b''.join(b'\0' + bytes(rgb) * 8 for _ in range(8))

            def chunk(t, d):
                return (struct.pack('>I', len(d)) + t + d +
                        struct.pack('>I', zlib.crc32(t + d)))
            return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack(
                '>IIBBBBB', 8, 8, 8, 2, 0, 0, 0)) +
                chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
        with open(os.path.join(outside, 'red.png'), 'wb') as f:
            f.write(png((255, 0, 0)))
        srv = socket.socket()
        srv.bind(('127.0.0.1', 0))
        srv.listen(4)
        srv.setblocking(False)
        port = srv.getsockname()[1]
        svg = '''<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:xi="http://www.w3.org/2001/XInclude" width="300" height="100">
<style>@import url("../outside/evil.css"); @import url("sub/ok.css");
@import url("http://127.0.0.1:%(port)d/x.css");</style>
<rect id="a" x="0" y="0" width="40" height="40" fill="#0000ff"/>
<rect id="b" x="250" y="0" width="40" height="40" fill="#0000ff"/>
<image x="50" y="0" width="40" height="40" href="../outside/red.png"/>
<image x="100" y="0" width="40" height="40"
 xlink:href="file://%(out)s/red.png"/>
<image x="150" y="0" width="40" height="40"
 href="http://127.0.0.1:%(port)d/x.png"/>
<image x="200" y="0" width="40" height="40" href="sub/green.png"/>
<text x="0" y="80" font-size="20">AB<xi:include parse="text"
 href="../outside/secret.txt"/><xi:include parse="text"
 href="file://%(out)s/secret.txt"/></text>
</svg>
''' % {'port': port, 'out': outside}
        d = site('reach', {
            'refs.svg': svg, 'sub/green.png': png((0, 200, 0)),
            'sub/ok.css': '#b { fill: #00c000 }\n',
            'post.md': '# Reach\n\n![refs](refs.svg)\n'})
        # the outside folder is a sibling of the site: "../outside"
        os.rename(outside, os.path.join(TMP, 'outside-real'))
        os.symlink(os.path.join(TMP, 'outside-real'),
                   os.path.join(TMP, 'outside'))
        try:
            pdf, err = render(d)
            try:
                conn, _ = srv.accept()
                self.fail('quire connected to the network')
            except BlockingIOError:
                pass
        finally:
            srv.close()
        self.assertEqual(err, '')
        self.assertNotIn('SECRETWORD', text(pdf))
        px = pixels(pdf, 100)
        self.assertIsNone(bbox(px, (255, 0, 0), 30),
                          'a file outside the site was drawn or applied')
        # what is inside the SVG's folder works: the green PNG, ok.css
        green = bbox(px, (0, 200, 0), 30)
        self.assertIsNotNone(green)
        self.assertIsNotNone(bbox(px, (0, 0xc0, 0), 10))
        blue = bbox(px, (0, 0, 255), 10)
        self.assertIsNotNone(blue)
        self.assertLess(blue[2] - blue[0], 60)   # #a only: #b is green

    def test_billion_laughs_refused_quickly(self):
        ents = ['<!ENTITY l0 "lol">'] + [
            '<!ENTITY l%d "%s">' % (i, ('&l%d;' % (i - 1)) * 10)
            for i in range(1, 10)]
        svg = ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n' +
               '\n'.join(ents) + '\n]>\n<svg xmlns="http://www.w3.org/2000/'
               'svg" width="100" height="50"><text y="20">&l9;</text></svg>\n')
        d = site('laughs', {'laughs.svg': svg,
                            'post.md': '# Laughs\n\n![lol](laughs.svg)\n'})
        pdf, err = render(d)
        self.assertIn("warning: image 'laughs.svg': corrupt SVG", err)
        self.assertIn('entity', err.lower())
        self.assertIn('[image: laughs.svg]', text(pdf))


    def test_use_bomb_stopped_and_marked(self):
        # <use> of <use> ten times a level: parsed fine, refused by
        # librsvg when drawn; the page shows a crossed-out frame there.
        parts = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink='
                 '"http://www.w3.org/1999/xlink" width="200" height="100">'
                 '<defs><rect id="g0" width="1" height="1"/>']
        for i in range(1, 12):
            parts.append('<g id="g%d">' % i + '<use xlink:href="#g%d"/>' %
                         (i - 1) * 10 + '</g>')
        parts.append('</defs><use xlink:href="#g11"/></svg>')
        d = site('bomb', {'bomb.svg': ''.join(parts),
                          'post.md': '# Bomb\n\n![bomb](bomb.svg)\n'})
        pdf, err = render(d)
        self.assertIn('cannot draw SVG: exceeded more than', err)
        px = pixels(pdf, 144)       # two pixels a point
        w, h, data = px
        # the frame's top and bottom: rows of grey as wide as the picture
        # (the rule under the title is the column's width)
        rows = [y for y in range(h) if abs(sum(
            1 for x in range(w) if near(pixel(px, x, y), (153, 153, 153),
                                        10)) - 2 * 200 * PX) <= 6]
        self.assertGreaterEqual(len(rows), 2, rows)
        self.assertAlmostEqual(rows[-1] - rows[0], 2 * 100 * PX, delta=4)
        # crossed: grey on the diagonal through the middle
        xs = [x for x in range(w) if near(pixel(px, x, rows[0]),
                                          (153, 153, 153), 10)]
        mx, my = (xs[0] + xs[-1]) // 2, (rows[0] + rows[-1]) // 2
        self.assertTrue(any(near(pixel(px, x, y), (153, 153, 153), 60)
                            for x in range(mx - 2, mx + 3)
                            for y in range(my - 2, my + 3)))


class Raster(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = site('raster', {'post.md': (
            '# Rasters\n\n![still webp](still.webp)\n\n'
            '![alpha webp](alpha.webp)\n\n![anim webp](anim.webp)\n\n'
            '![still avif](still.avif)\n\n![anim avif](anim.avif)\n')})
        subprocess.run([MAKE_IMAGES, cls.dir], check=True)
        cls.pdf, cls.err = render(cls.dir)

    def test_sizes(self):
        self.assertEqual(self.err, '')
        got = [(x2 - x1, y2 - y1) for x1, y1, x2, y2 in
               sorted(images(self.pdf), key=lambda r: r[1])]
        want = [(40, 20), (30, 30), (24, 16), (40, 20), (24, 16)]
        self.assertEqual(len(got), len(want))
        # poppler rounds the corners out to whole points
        for (gw, gh), (w, h) in zip(got, want):
            self.assertAlmostEqual(gw, w * PX, delta=2)
            self.assertAlmostEqual(gh, h * PX, delta=2)

    def test_colours_and_first_frames(self):
        with open(os.path.join(self.dir, 'anim.webp'), 'rb') as f:
            self.assertIn(b'ANIM', f.read(64))      # really animated
        with open(os.path.join(self.dir, 'anim.avif'), 'rb') as f:
            self.assertIn(b'avis', f.read(32))      # a sequence
        px = pixels(self.pdf, 144)
        rects = sorted(images(self.pdf), key=lambda r: r[1])
        s = 2       # 144 dpi: two pixels a point

        def at(r, fx, fy):
            return pixel(px, (r[0] + (r[2] - r[0]) * fx) * s,
                         (r[1] + (r[3] - r[1]) * fy) * s)
        for r in (rects[0], rects[3]):      # still WebP, still AVIF
            self.assertTrue(near(at(r, 0.25, 0.5), (255, 0, 0)),
                            at(r, 0.25, 0.5))
            self.assertTrue(near(at(r, 0.75, 0.5), (0, 0, 255)),
                            at(r, 0.75, 0.5))
        for r in (rects[2], rects[4]):      # animations: green, not magenta
            self.assertTrue(near(at(r, 0.5, 0.5), (0, 255, 0)),
                            at(r, 0.5, 0.5))
        # transparency: the border of alpha.webp shows the paper
        self.assertTrue(near(at(rects[1], 0.5, 0.5), (0, 192, 0)))
        self.assertTrue(near(at(rects[1], 0.05, 0.05), (255, 255, 255)))


DOT = '''digraph flow {
  rankdir=LR;
  node [shape=box];
  draft -> review -> publish;
  review -> draft [label="changes"];
}
'''


class Diagram(unittest.TestCase):
    def test_dot_drawn_as_vectors(self):
        d = site('dot', {'post.md': '# Flow\n\nBefore.\n\n```dot\n' + DOT +
                         '```\n\n```graphviz\ngraph { a -- b }\n```\n\n'
                         'After.\n'})
        pdf, err = render(d)
        self.assertEqual(err, '')
        self.assertEqual(images(pdf), [])
        fs = forms(pdf)
        self.assertEqual(len(fs), 2)
        t = text(pdf)
        # no source printed; the labels are text that can be found
        # (in poppler's reading order, which is by columns)
        labels = {'a', 'b', 'changes', 'draft', 'publish', 'review'}
        between = re.search(r'Before\. (.*) After\.', t).group(1).split()
        self.assertLessEqual(set(between), labels)
        self.assertLessEqual(labels, set(t.split()))
        self.assertNotIn('rankdir', t)
        # boxes and arrows: strokes and fills in the first form
        self.assertRegex(fs[0], rb'\bS\b')
        px = pixels(pdf)
        w, h, _ = px
        ink = [(x, y) for y in range(h // 8, h // 2) for x in range(w)
               if sum(pixel(px, x, y)) < 150]
        self.assertGreater(len(ink), 300)

    def test_syntax_error_is_source_and_warning(self):
        d = site('dot-bad', {'post.md': '# Bad\n\n```dot\ndigraph {\n'
                             '  a -> ;\n}\n```\n'})
        pdf, err = render(d)
        self.assertRegex(err, r'^quire: .*post\.md:5: warning: graphviz '
                         r'diagram not drawn: syntax error in line 2 near')
        self.assertIn('a -> ;', text(pdf))
        self.assertEqual(forms(pdf), [])


SVG_WORDS = '''<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150"
     viewBox="0 0 600 300">
<defs><text id="unused">Never drawn</text></defs>
<rect width="600" height="300" fill="#ccddee"/>
<g transform="translate(300 0) scale(2)">
  <text x="10" y="40" font-size="20" fill="none">Harbour &amp; quay</text>
</g>
<text x="20" y="200" font-size="30" fill="none">
  <tspan x="20" y="200">First line</tspan>
  <tspan x="20" dy="40">second line</tspan>
</text>
<text x="580" y="60" font-size="30" text-anchor="end" fill="none"
      id="given">Λιμάνι</text>
</svg>
'''


class SvgText(unittest.TestCase):
    """librsvg 2.54 draws an SVG's text as outlines: its words are set
    over them again, invisibly, so that they can be found and copied."""

    @classmethod
    def setUpClass(cls):
        d = site('svg-words', {'words.svg': SVG_WORDS, 'post.md':
                               '# Words\n\n![w](words.svg)\n\nAfter.\n'})
        cls.pdf, cls.err = render(d)
        cls.doc = Poppler.Document.new_from_file(
            GLib.filename_to_uri(cls.pdf), None)

    def where(self, words):
        """The box (pt, from the top left) of words on page 1."""
        page = self.doc.get_page(0)
        text = page.get_text()
        ok, rects = page.get_text_layout()
        at = text.index(words)
        rs = rects[at:at + len(words)]
        return (min(r.x1 for r in rs), min(r.y1 for r in rs),
                max(r.x2 for r in rs), max(r.y2 for r in rs))

    def test_words_found_where_drawn(self):
        self.assertEqual(self.err, '')
        t = text(self.pdf)
        for words in ('Harbour & quay', 'First line', 'second line',
                      'Λιμάνι'):
            self.assertIn(words, t)
        self.assertNotIn('Never drawn', t)      # in <defs>
        px = pixels(self.pdf)
        box = bbox(px, (0xcc, 0xdd, 0xee))     # the picture, in pt
        inside = [self.where(w) for w in ('Harbour & quay', 'First line',
                                          'second line')]
        for x1, y1, x2, y2 in inside:
            self.assertGreaterEqual(x1, box[0] - 1)
            self.assertLessEqual(x2, box[2] + 1)
            self.assertGreaterEqual(y1, box[1] - 1)
            self.assertLessEqual(y2, box[3] + 1)
        # transformed: right half, top; the two lines one under the other
        # in the left half; end-anchored at the right edge
        self.assertGreater(inside[0][0], (box[0] + box[2]) / 2)
        self.assertLess(inside[1][2], (box[0] + box[2]) / 2)
        self.assertGreater(inside[2][1], inside[1][3] - 1)
        greek = self.where('Λιμάνι')
        self.assertAlmostEqual(greek[2], box[2] - 10 * PX, delta=3)

    def test_words_leave_no_ink(self):
        """The text is unpainted (fill none): the picture is its
        background colour, pixel for pixel, with the words over it."""
        px = pixels(self.pdf, 144)
        box = bbox(px, (0xcc, 0xdd, 0xee))
        off = [pixel(px, x, y) for y in range(box[1] + 2, box[3] - 2)
               for x in range(box[0] + 2, box[2] - 2)
               if pixel(px, x, y) != (0xcc, 0xdd, 0xee)]
        self.assertEqual(off, [])


class Threads(unittest.TestCase):
    """A single post's drawing thread sets the text of each block on a
    scratch surface as the post is laid out (pdf.h, output_warm), while
    another thread decodes its first pictures and leaves the SVGs, which
    set their words with fonts, to the drawing thread: the file is the
    one a single thread makes."""

    POST = ('---\ntitle: Both threads\n---\n\n![words](words.svg)\n\n'
            'Text before a *box*, with `code` and a note.[^n]\n\n'
            '![a box](box.svg)\n\n| Term | Says |\n|:--|--:|\n'
            '| **one** | a cell |\n| two | another, longer cell |\n\n'
            '1. a list\n2. of two\n\n```sh\necho "$HOME" | wc -c\n```\n\n'
            '[^n]: The note.\n')

    def test_same_bytes_on_one_thread(self):
        d = site('threads', {'words.svg': SVG_WORDS, 'box.svg': SVG_BOX,
                              'post.md': self.POST})
        out = {}
        for n in ('2', '1'):
            env = dict(os.environ, QUIRE_THREADS=n)
            out[n] = os.path.join(d, 'threads-%s.pdf' % n)
            r = subprocess.run([QUIRE, os.path.join(d, 'post.md'), '-o',
                                out[n]], env=env, capture_output=True,
                               text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
        with open(out['2'], 'rb') as a, open(out['1'], 'rb') as b:
            self.assertTrue(a.read() == b.read(), 'the renders differ')
        # and it holds what it should: the SVG's words, the cells
        doc = open_pdf(out['2'])
        words = ''.join(doc.get_page(i).get_text()
                        for i in range(doc.get_n_pages()))
        for w in ('Harbour', 'another, longer cell', 'The note.'):
            self.assertIn(w, words)


class Lazy(unittest.TestCase):
    """The decoders' libraries are opened only by posts that need them."""

    def loaded(self, d):
        env = dict(os.environ, LD_DEBUG='files')
        r = subprocess.run([QUIRE, os.path.join(d, 'post.md'), '-o',
                            os.path.join(d, 'post.pdf')], env=env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr[-500:])
        return set(re.findall(r'file=(lib(?:rsvg-2|avif|webpdemux|gvc|xml2|'
                              r'pangocairo-1\.0)\.so[.0-9]*)', r.stderr))

    def test_plain_post_loads_none(self):
        d = site('lazy-plain', {'post.md': '# Plain\n\nJust words.\n'})
        self.assertEqual(self.loaded(d), set())

    def test_svg_post_loads_librsvg_only(self):
        d = site('lazy-svg', {'box.svg': SVG_BOX,
                              'post.md': '# S\n\n![b](box.svg)\n'})
        # with what librsvg loads itself, used for the SVG's words
        self.assertEqual(self.loaded(d), {'librsvg-2.so.2', 'libxml2.so.2',
                                          'libpangocairo-1.0.so.0'})


if __name__ == '__main__':
    sys.exit(quiretests.run(sys.modules[__name__], 'quire-media-'))
