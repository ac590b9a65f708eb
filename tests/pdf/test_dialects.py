#!/usr/bin/python3
"""What the generators' own markup becomes on the page: Hugo and Zola
shortcodes, templates printed as written outside Jekyll, GitHub alerts,
Mermaid fences, and anchors in any script. Renders posts and small sites
with quire and opens the PDFs with poppler-glib.

Environment: QUIRE (the binary), QUIRE_SOURCE (the source root). Prints
"N passed, N failed" last; exits 1 when a test failed.
"""
import os
import subprocess
import sys
import unittest

import test_pdf
from test_pdf import covered, flat, links, open_pdf, pages_text

SRC = test_pdf.SRC
QUIRE = test_pdf.QUIRE
TMP = None                      # the temp dir of this run


def quire_env():
    """The environment for quire: under ASan, the libraries' own leaks
    suppressed (tests/lsan.supp), and malloc stacks unwound slowly but
    whole, so that a leak deep in cairo (which keeps no frame pointers)
    is seen to come from cairo_surface_finish."""
    env = dict(os.environ)
    if 'suppressions=' not in env.get('LSAN_OPTIONS', ''):
        env['LSAN_OPTIONS'] = ':'.join(filter(None, [
            env.get('LSAN_OPTIONS'),
            'suppressions=' + os.path.join(SRC, 'tests', 'lsan.supp')]))
    env['ASAN_OPTIONS'] = ':'.join(filter(None, [
        env.get('ASAN_OPTIONS'), 'fast_unwind_on_malloc=0']))
    return env


def render(post, *args, site=None):
    """Renders post; returns (pdf path, stderr)."""
    out = os.path.join(TMP, os.path.basename(post) + '.%d.pdf' %
                       len(os.listdir(TMP)))
    extra = ['--site-root', site] if site else []
    r = subprocess.run([QUIRE, post, '-o', out, *extra, *args],
                       capture_output=True, text=True, timeout=120,
                       env=quire_env())
    if r.returncode != 0:
        raise AssertionError('quire %s failed (%d): %s' %
                             (post, r.returncode, r.stderr))
    return out, r.stderr


def write(name, text):
    path = os.path.join(TMP, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)
    return path


def filler(n):
    return ''.join('Paragraph %d fills the page so that the next heading '
                   'lands further on, a page or two later than this one, '
                   'whatever the style.\n\n' % i for i in range(n))


HERE = os.path.join(SRC, 'tests', 'pdf')


def raster(pdf, page, scale=2):
    """Page (0-based) of pdf as (width, height, rgb bytes) at 72*scale
    dpi, through pdftoppm's plain PPM."""
    r = subprocess.run(['pdftoppm', '-r', str(72 * scale), '-f',
                        str(page + 1), '-l', str(page + 1)],
                       stdin=open(pdf, 'rb'), capture_output=True,
                       timeout=60)
    data = r.stdout
    parts = data.split(maxsplit=4)      # P6, width, height, 255, pixels
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[len(data) - w * h * 3:]


def code_mark_colour():
    """The band colour of highlighted code lines, as the default style
    gives it."""
    import re
    with open(os.path.join(SRC, 'styles', 'default.yaml')) as f:
        m = re.search(r"^code:.*\bmark: '#([0-9a-f]{6})'", f.read(), re.M)
    return tuple(int(m.group(1)[i:i + 2], 16) for i in (0, 2, 4))


def band_pixels(image, y_pt, colour, scale=2):
    """How many pixels across the page at height y_pt (from the top)
    are of colour, give or take a little."""
    w, h, data = image
    y = int(y_pt * scale)
    row = data[y * w * 3:(y + 1) * w * 3]
    return sum(1 for x in range(w) if all(
        abs(row[x * 3 + k] - colour[k]) <= 4 for k in range(3)))


def row_of(page, words):
    """The middle height (pt from the top) of the first glyphs of
    words on page."""
    text = page.get_text()
    ok, rects = page.get_text_layout()
    r = rects[text.index(words)]
    return (r.y1 + r.y2) / 2


class MarkedLines(unittest.TestCase):
    """hl_lines (Hugo's fence attributes and highlight shortcode) and
    Gatsby's {1,3}: a band behind each marked line, its wrapped rows
    too, and none behind the others."""

    POST = """---
title: Marked lines
---

```go {linenos=table hl_lines=[2,"4-5"]}
alpha := 1
bravo := 2
charlie := 3
delta := "a line long enough to wrap in the column of the page: on and on it goes until the last word, zebra"
echo := 5
foxtrot := 6
```

Between the blocks.

```js{1}
const golf = 7;
const hotel = 8;
```

```go {hl_lines=[x]}
india := 9
```
"""

    @classmethod
    def setUpClass(cls):
        cls.pdf, cls.err = render(write('marked/post.md', cls.POST))
        cls.page = open_pdf(cls.pdf).get_page(0)
        cls.image = raster(cls.pdf, 0)
        cls.colour = code_mark_colour()

    def banded(self, words):
        return band_pixels(self.image, row_of(self.page, words),
                           self.colour) > 100

    def test_fence_attributes(self):
        for words, marked in [('alpha', False), ('bravo', True),
                              ('charlie', False), ('delta', True),
                              ('zebra', True),   # line 4's wrapped row
                              ('echo', True), ('foxtrot', False)]:
            self.assertEqual(self.banded(words), marked, words)
        # zebra is on a row of its own below delta's.
        self.assertGreater(row_of(self.page, 'zebra'),
                           row_of(self.page, 'delta') + 5)
        # Line numbers as linenos=table asks.
        self.assertIn('6', self.page.get_text())

    def test_gatsby_lines(self):
        self.assertTrue(self.banded('golf'))
        self.assertFalse(self.banded('hotel'))

    def test_not_lines_warned_and_none_marked(self):
        self.assertFalse(self.banded('india'))
        self.assertRegex(self.err, r"post\.md:21: warning: lines to "
                         r"highlight '\[x\]' are not line numbers")
        self.assertEqual(self.err.count('warning'), 1, self.err)


class LineNoStart(unittest.TestCase):
    """linenostart=N (Hugo's fence attribute and highlight option): the
    numbers start at N; hl_lines still counts from the block's first
    line, as Hugo's do."""

    POST = """---
title: Numbers from N
---

```go {linenos=table linenostart=199 hl_lines=[2]}
alpha := 1
bravo := 2
charlie := 3
```
"""

    @classmethod
    def setUpClass(cls):
        cls.pdf, cls.err = render(write('linenostart/post.md', cls.POST))
        cls.page = open_pdf(cls.pdf).get_page(0)
        cls.image = raster(cls.pdf, 0)
        cls.colour = code_mark_colour()

    def test_numbers_start_at_n(self):
        lines = [ln.strip() for ln in self.page.get_text().split('\n')]
        for n, words in (('199', 'alpha'), ('200', 'bravo'),
                         ('201', 'charlie')):
            self.assertIn(n, lines)
            self.assertAlmostEqual(row_of(self.page, n),
                                   row_of(self.page, words), delta=2)
        # No other number but the folio.
        self.assertEqual([ln for ln in lines if ln.isdigit()][:-1],
                         ['199', '200', '201'])
        self.assertEqual(self.err, '')

    def test_band_on_the_blocks_second_line(self):
        for words, marked in (('alpha', False), ('bravo', True),
                              ('charlie', False)):
            self.assertEqual(band_pixels(self.image, row_of(self.page,
                                                            words),
                                         self.colour) > 100, marked, words)


class Alerts(unittest.TestCase):
    LABELS = ['Note', 'Tip', 'Important', 'Warning', 'Caution']

    @classmethod
    def setUpClass(cls):
        cls.pdf, cls.err = render(os.path.join(HERE, 'alerts.md'),
                                  site=HERE)
        cls.doc = open_pdf(cls.pdf)
        cls.text = '\n'.join(pages_text(cls.doc))

    def test_labels_replace_markers(self):
        lines = [ln.strip() for ln in self.text.split('\n')]
        for label in self.LABELS:
            self.assertIn(label, lines, 'no label line ' + label)
        for marker in ('[!NOTE]', '[!TIP]', '[!important]', '[!WARNING]',
                       '[!CAUTION]'):
            self.assertNotIn(marker, self.text)
        # Each label stands right above its text.
        for label, first in zip(self.LABELS, ['Flour', 'Use', 'Salt', 'The',
                                              'Steam']):
            i = lines.index(label)
            self.assertTrue(lines[i + 1].startswith(first), lines[i + 1])
        # An unknown kind is no alert: its marker stays, with no label.
        self.assertIn('[!RECIPE]', self.text)

    def test_each_kind_has_its_own_colour(self):
        """The label of each kind is drawn in a colour of its own."""
        page = self.doc.get_page(0)
        w, _, data = raster(self.pdf, 0)
        text = page.get_text()
        ok, rects = page.get_text_layout()
        colours = {}
        for label in self.LABELS:
            at = text.find('\n' + label + '\n') + 1
            r = rects[at]
            seen = {}
            for y in range(int(r.y1 * 2), int(r.y2 * 2)):
                for x in range(int(r.x1 * 2), int(r.x2 * 2)):
                    o = (y * w + x) * 3
                    px = tuple(data[o:o + 3])
                    if max(px) - min(px) > 40:      # coloured, not grey
                        seen[px] = seen.get(px, 0) + 1
            self.assertTrue(seen, label + ' label not in colour')
            colours[label] = max(seen, key=seen.get)
        self.assertEqual(len(set(colours.values())), 5, colours)

    def test_mermaid_source_in_a_frame_and_one_warning(self):
        self.assertEqual(self.text.count('Mermaid diagram'), 2)
        flat_text = flat(self.text)
        self.assertIn(flat('Mix --> Knead --> Bake'), flat_text)
        self.assertIn(flat('"Wheat" : 80'), flat_text)
        # The label comes right before the source it heads.
        self.assertLess(self.text.index('Mermaid diagram'),
                        self.text.index('graph LR'))
        warnings = [ln for ln in self.err.splitlines() if 'Mermaid' in ln]
        self.assertEqual(len(warnings), 1, self.err)
        self.assertRegex(warnings[0], r'alerts\.md:\d+: warning: ')


HUGO = os.path.join(SRC, 'tests', 'sites', 'hugo-shortcodes')
HUGO_POST = os.path.join(HUGO, 'content', 'posts', 'shortcodes', 'index.md')
ZOLA = os.path.join(SRC, 'tests', 'sites', 'zola-shortcodes')
ZOLA_POST = os.path.join(ZOLA, 'content', 'notes', 'kneading.md')


def uri_links(doc):
    """{uri: [(page, text under the link)]} over the whole document."""
    out = {}
    for i in range(doc.get_n_pages()):
        page = doc.get_page(i)
        for uri, _, rect in links(page):
            if uri is not None:
                text = ''.join(g[0] for g in covered(page, rect))
                out.setdefault(uri, []).append((i, text))
    return out


class SiteTest(unittest.TestCase):
    """A site rendered once for the class, which quire must read as its
    generator's (told from its files)."""
    POST = None
    ROOT = None

    @classmethod
    def setUpClass(cls):
        cls.pdf, cls.err = render(cls.POST, site=cls.ROOT)
        cls.doc = open_pdf(cls.pdf)
        cls.text = '\n'.join(pages_text(cls.doc))
        if not cls.read_as_its_generator(cls.text):
            raise AssertionError('%s is not read as its generator\'s site'
                                 % cls.ROOT)


class HugoSite(SiteTest):
    POST = HUGO_POST
    ROOT = HUGO

    @staticmethod
    def read_as_its_generator(text):
        return '{{ .Site.Title }}' in text     # Liquid did not run

    def images(self):
        """[(page, width, height)] of the images drawn."""
        out = []
        for i in range(self.doc.get_n_pages()):
            for m in self.doc.get_page(i).get_image_mapping():
                a = m.area
                out.append((i, a.x2 - a.x1, abs(a.y2 - a.y1)))
        return out

    def test_figure_drawn_with_caption_and_link(self):
        self.assertGreaterEqual(len(self.images()), 3)
        self.assertIn(flat('Morning Bake. Crust after forty minutes '
                           '\u2014 M. Okafor'), flat(self.text))
        # The picture leads where link= says.
        self.assertIn('https://bread.example.org/loaf', uri_links(self.doc))

    def test_site_image_wrappers_drawn_with_captions(self):
        self.assertIn('A card on the table', self.text)     # the site's
        self.assertIn('The same card, by the theme', self.text)  # theme's

    def test_embeds_are_notes_linking_to_their_pages(self):
        got = uri_links(self.doc)
        for uri, label in [
                ('https://www.youtube.com/watch?v=dQw4w9WgXcQ',
                 'YouTube video \u201cShaping a Boule\u201d'),
                ('https://vimeo.com/55073825', 'Vimeo video'),
                ('https://x.com/bakerbot/status/1453110110599868418',
                 'Post by @bakerbot on X'),
                ('https://www.instagram.com/p/CxOWiQNP2MO/',
                 'Instagram post'),
                ('https://gist.github.com/bakerbot/8bd2a6e1c0f0e9ab',
                 'GitHub gist, recipe.md')]:
            self.assertIn(uri, got)
            self.assertIn(flat(label + ': ' + uri), flat(self.text))
            self.assertIn(flat(uri), flat(got[uri][0][1]))

    def test_highlight_is_numbered_monospaced_code(self):
        for i in range(self.doc.get_n_pages()):
            page = self.doc.get_page(i)
            text = page.get_text()
            if 'package main' in text:
                break
        # The numbers are a column of their own, left of the code, one
        # on each of the first lines (found by position: poppler's
        # reading order of the two columns is its own).
        ok, rects = page.get_text_layout()
        code = rects[text.index('package main')]
        nums = {c: r for c, r in zip(text, rects) if c in '123' and
                r.x2 <= code.x1 and code.y1 - 2 <= r.y1 <= code.y1 + 60}
        self.assertEqual(sorted(nums), ['1', '2', '3'])
        self.assertLess(nums['1'].y1, nums['2'].y1)
        self.assertLess(nums['2'].y1, nums['3'].y1)
        self.assertLess(abs(nums['1'].y1 - code.y1), 2, 'line 1 beside it')
        # Set in the code font (every glyph as wide as the next), quotes
        # straight, the Go template inside intact.
        at = text.index('func main()')
        widths = {round(r.x2 - r.x1, 1) for c, r in
                  zip(text[at:at + 40], rects[at:at + 40]) if c != ' '}
        self.assertEqual(len(widths), 1, widths)
        self.assertIn('println("<h1>{{ .Title }}</h1>")', text)

    def test_highlight_marks_its_hl_lines(self):
        """hl_lines=2: a band behind line 2 (blank), none behind 1, 3."""
        for i in range(self.doc.get_n_pages()):
            page = self.doc.get_page(i)
            if 'package main' in page.get_text():
                break
        image, colour = raster(self.pdf, i), code_mark_colour()
        one, three = row_of(page, 'package main'), row_of(page, 'func main')
        self.assertGreater(band_pixels(image, (one + three) / 2, colour), 100)
        self.assertEqual(band_pixels(image, one, colour), 0)
        self.assertEqual(band_pixels(image, three, colour), 0)
        self.assertNotIn('hl_lines', self.err)

    def test_templates_printed_as_written(self):
        for t in ('<h1>{{ .Title }}</h1>',
                  '<div style={{ color: "red" }}>hot</div>',
                  '{{ .Site.Title }}'):
            self.assertIn(flat(t), flat(self.text))
        self.assertIn(flat('style={{ margin }} prop'), flat(self.text))

    def test_escaped_call_printed_literally(self):
        self.assertIn(flat('Write {{< figure src="x.png" >}} to show'),
                      flat(self.text.replace('\u201c', '"').replace(
                          '\u201d', '"')))

    def test_details_param_comment(self):
        self.assertIn('Why the crust cracks', self.text)
        self.assertIn(flat('Steam escapes through the weakest point.'),
                      flat(self.text))
        self.assertIn(flat('came out of a wood-fired oven this morning'),
                      flat(self.text))
        self.assertNotIn('note to self', self.text)

    def test_ref_links_to_the_other_post(self):
        got = uri_links(self.doc)
        refs = [u for u in got if 'other' in u]
        self.assertTrue(refs, got.keys())
        texts = {flat(t) for u in refs for _, t in got[u]}
        self.assertEqual(texts, {'theotherpost', 'again'})
        # ref and relref name the same page.
        self.assertEqual(len(refs), 1, refs)

    def test_unknown_and_unwrappable_shortcodes_noted_and_warned(self):
        self.assertIn(flat('Shortcode \u201cchart\u201d (not drawn)'),
                      flat(self.text))
        # the words the call gives (its title) stay on the page
        self.assertIn(flat('\u201cRise over four hours\u201d'),
                      flat(self.text))
        self.assertIn('https://bread.example.org/rise.csv',
                      uri_links(self.doc))
        self.assertIn(flat('Shortcode \u201ccarousel\u201d (not drawn)'),
                      flat(self.text))
        self.assertRegex(self.err, r'index\.md:50: warning: shortcode '
                         r'"chart"')
        self.assertRegex(self.err, r'index\.md:52: warning: shortcode '
                         r'"carousel" has no template')
        # The paired one keeps its Markdown, and no call is left.
        self.assertIn('Left column with emphasis.', self.text)
        self.assertNotIn('{{%', self.text)


class HugoBooklet(SiteTest):
    """ref and relref in a booklet lead to the page of the post."""
    POST = os.path.join(HUGO, 'content', 'posts')
    ROOT = HUGO

    @staticmethod
    def read_as_its_generator(text):
        return '{{ .Site.Title }}' in text

    def test_ref_is_a_page_reference(self):
        other = folio = None
        for i in range(self.doc.get_n_pages()):
            t = self.doc.get_page(i).get_text()
            if 'Some words that the first post refers to' in t and \
                    'Contents' not in t:
                other = i
                folio = t.strip().split('\n')[-1]
        self.assertIsNotNone(other)
        self.assertRegex(self.text, r'the other post \(p.\s?%s\) and '
                         r'again \(p.\s?%s\)' % (folio, folio))
        found = 0
        for i in range(self.doc.get_n_pages()):
            page = self.doc.get_page(i)
            for uri, name, rect in links(page):
                text = flat(''.join(g[0] for g in covered(page, rect)))
                if text in ('theotherpost', 'again'):
                    self.assertIsNotNone(name, 'ref not internal')
                    self.assertEqual(self.doc.find_dest(name).page_num - 1,
                                     other)
                    found += 1
        self.assertEqual(found, 2)

    def test_ref_gets_no_url_note_in_print(self):
        """--style print: the page reference stands for the address, so
        neither ref nor relref gets a URL note."""
        pdf, _ = render(self.POST, '--style', 'print', site=self.ROOT)
        text = flat('\n'.join(pages_text(open_pdf(pdf))))
        self.assertRegex(text, r'theotherpost\(p\.\w+\)andagain'
                         r'\(p\.\w+\)\.')
        self.assertNotIn('hugo.example.net/posts/other', text)


class ZolaSite(SiteTest):
    POST = ZOLA_POST
    ROOT = ZOLA

    @staticmethod
    def read_as_its_generator(text):
        return '{{ page.title }}' in text     # Liquid did not run

    def test_shortcodes(self):
        self.assertEqual(len(self.doc.get_page(0).get_image_mapping()), 1)
        self.assertIn('The card on the bench', self.text)
        self.assertIn('https://www.youtube.com/watch?v=a1B2c3D4e5F',
                      uri_links(self.doc))
        self.assertIn(flat('Wet hands keep the dough from sticking.'),
                      flat(self.text))
        self.assertNotIn('{% end %}', self.text)
        self.assertIn(flat('Shortcode \u201cmap\u201d (not drawn)'),
                      flat(self.text))
        self.assertRegex(self.err, r'kneading\.md:\d+: warning: shortcode '
                         r'"map"')
        # Tera that is no call, an escaped call and a fence stay.
        for t in ('{{ page.title }}', '{{ youtube(id="x") }}',
                  '{% if page.title %}<h1>{{ page.title }}</h1>'):
            self.assertIn(flat(t), flat(self.text.replace(
                '\u201c', '"').replace('\u201d', '"')))


class Anchors(unittest.TestCase):
    # Each heading, the slug GitHub and Hugo give it (as the author
    # links it), and how the link is written: as is or percent-encoded.
    HEADS = [
        ('Γειά σου κόσμε', 'γειά-σου-κόσμε', False),
        ('Привет, мир', 'привет-мир', True),
        ('你好世界', '你好世界', False),
        ('مرحبا بالعالم', 'مرحبا-بالعالم', True),
        ('It’s “quoted” — fine', 'its-quoted--fine', False),
        ('Party 🎉 time', 'party--time', False),
    ]

    def setUp(self):
        from urllib.parse import quote
        toc = ' '.join('[%d](#%s)' % (i, quote(s) if enc else s)
                       for i, (_, s, enc) in enumerate(self.HEADS))
        body = '---\ntitle: Anchors\n---\n' + toc + '\n\n' + ''.join(
            '# %s\n\nMarker%d opens it.\n\n%s' % (h, i, filler(12))
            for i, (h, _, _) in enumerate(self.HEADS))
        self.doc = open_pdf(render(write('anchors.md', body))[0])

    def heading_page(self, k):
        """The page of heading k (its first paragraph's marker: text in
        right-to-left scripts comes out of poppler reordered)."""
        for i, t in enumerate(pages_text(self.doc)):
            if 'Marker%d ' % k in t:
                return i
        self.fail('heading %d not on any page' % k)

    def test_outline_items_lead_to_their_headings(self):
        it = Poppler.IndexIter.new(self.doc)
        seen = []
        while it is not None:
            a = it.get_action()
            name = a.goto_dest.dest.named_dest
            self.assertTrue(name.isascii(), name)
            d = self.doc.find_dest(name)
            self.assertIsNotNone(d, 'outline %r: no destination' %
                                 a.any.title)
            seen.append((a.any.title, d.page_num - 1))
            if not it.next():
                break
        self.assertEqual(seen, [(h, self.heading_page(i))
                                for i, (h, _, _) in enumerate(self.HEADS)])
        # The headings are spread over pages: a wrong target shows.
        self.assertGreater(len(set(p for _, p in seen)), 3)

    def test_links_lead_to_their_headings(self):
        page = self.doc.get_page(0)
        got = {}
        for _, name, rect in links(page):
            self.assertIsNotNone(name, 'an in-post link is not internal')
            d = self.doc.find_dest(name)
            self.assertIsNotNone(d, 'link to %r: no destination' % name)
            text = ''.join(g[0] for g in covered(page, rect)).strip()
            got[int(text)] = d.page_num - 1
        self.assertEqual(got, {i: self.heading_page(i)
                               for i in range(len(self.HEADS))})


if __name__ == '__main__':
    sys.path.insert(0, os.path.join(os.path.dirname(
        os.path.abspath(__file__)), '..'))
    from gi.repository import Poppler  # noqa: E402
    import quiretests
    sys.exit(quiretests.run(sys.modules[__name__], 'quire-dialects-'))
