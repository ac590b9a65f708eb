#!/usr/bin/python3
"""Render posts with quire, open the PDFs with poppler-glib and check what a
reader gets: text per page, links and where they sit, the outline, metadata,
fonts, images, wrapping and pagination.

Environment: QUIRE (the binary), QUIRE_SOURCE (the source root). Prints
"N passed, N failed" last; exits 1 when a test failed.
"""
import functools
import os
import re
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..'))
import quiretests  # noqa: E402
from gi.repository import Poppler  # noqa: E402

SRC = quiretests.SRC
QUIRE = quiretests.QUIRE
HERE = os.path.join(SRC, 'tests', 'pdf')
SAMPLES = os.path.join(SRC, 'samples')
STARTER = os.path.join(SAMPLES, '2024-03-09-a-starter-in-winter.md')
SHELL = os.path.join(SAMPLES, '2024-05-20-small-shell-habits.md')
LINKS = os.path.join(HERE, 'links.md')
PLACES = os.path.join(HERE, 'link-places.md')
WRAPPING = os.path.join(HERE, 'wrapping.md')
ALIGNED = os.path.join(HERE, 'aligned.md')
DASHES = os.path.join(HERE, 'dashes.md')
RTL_LISTS = os.path.join(HERE, 'rtl-lists.md')
CORPUS = '/work/shared/corpus/devblackops'
MVP = os.path.join(CORPUS, '_posts',
                   '2019-01-06-achievement-unlocked-mvp.md')

MM = 72 / 25.4
TMP = None                      # the temp dir of this run
_cache = {}                     # (post, args) -> pdf path


@functools.lru_cache(maxsize=None)
def margins(*args):
    """Page margins in points as quire fits the default style to the
    paper (A4 unless args say otherwise): the --dump geometry line."""
    post = os.path.join(SRC, 'samples', '2024-05-20-small-shell-habits.md')
    text = dump(post, *args)
    m = re.search(r'^geometry page \S+ margins top ([\d.]+) bottom '
                  r'([\d.]+) inner ([\d.]+) outer ([\d.]+) ', text, re.M)
    return dict(zip(('top', 'bottom', 'inner', 'outer'),
                    (float(v) for v in m.groups())))


def quire(post, *args, out=None):
    """Renders post; returns the PDF's path (cached per arguments)."""
    key = (post, args, out)
    if key in _cache:
        return _cache[key]
    if out is None:
        out = os.path.join(TMP, 'r%d.pdf' % len(_cache))
    site = ['--site-root', os.path.dirname(post)] \
        if os.path.dirname(post) == HERE else []
    r = subprocess.run([QUIRE, post, '-o', out, *site, *args],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise AssertionError('quire %s failed (%d): %s' %
                             (post, r.returncode, r.stderr))
    problems = quiretests.qpdf_problems(out)
    if problems:
        raise AssertionError(problems)
    _cache[key] = out
    return out


def dump(post, *args):
    r = subprocess.run([QUIRE, post, '--dump', *args], capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        raise AssertionError('quire --dump failed: ' + r.stderr)
    return r.stdout


open_pdf = quiretests.open_pdf


def pages_text(doc):
    return [doc.get_page(i).get_text() for i in range(doc.get_n_pages())]


def spaced_text(page):
    """The page text with a space wherever two glyphs of a line stand
    apart (poppler joins table cells and other separate runs)."""
    out = []
    prev = None
    for g in glyphs(page):
        if (prev is not None and not g[0].isspace() and
                not prev[0].isspace() and abs(g[2] - prev[2]) < 2 and
                g[1] - prev[3] > 2.5):
            out.append(' ')
        out.append(g[0])
        prev = g
    return ''.join(out)


def flat(s):
    """Text with code-continuation marks, hyphenation breaks and all
    whitespace removed. Soft hyphens inside a line are dropped too:
    test_no_soft_hyphen_inside_a_line checks for them on its own."""
    s = s.replace('\n\u21aa', '').replace('\u21aa', '')
    s = s.replace('\u00ad', '').replace('\u2019', "'")
    return re.sub(r'\s+', '', s)


def links(page):
    """[(uri or None, dest name or None, (x1, top, x2, bottom))] in
    top-left coordinates."""
    return [(t if k == 'uri' else None, t.named_dest if k == 'dest' else None,
             r) for k, t, r in quiretests.page_links(page)]


def glyphs(page):
    """[(char, x1, y1, x2, y2)] of the page text, top-left coordinates."""
    return [(g.c, g.x1, g.y1, g.x2, g.y2)
            for g in quiretests.page_glyphs(page)]


def glyph_lines(page):
    """The page's visible glyphs in lines (centres within 3 pt of each
    other, top to bottom), each left to right: [[(char, x1, y1, x2,
    y2)]]."""
    return [[(g.c, g.x1, g.y1, g.x2, g.y2) for g in gs if not g.c.isspace()]
            for _, gs in quiretests.rows(quiretests.page_glyphs(page), 3)]


def is_rtl_letter(c):
    return '\u0590' <= c <= '\u05ff' or '\u0600' <= c <= '\u06ff'


def covered(page, rect):
    """The glyphs whose centres lie inside rect."""
    x1, y1, x2, y2 = rect
    return [g for g in glyphs(page) if not g[0].isspace() and
            x1 <= (g[1] + g[3]) / 2 <= x2 and y1 <= (g[2] + g[4]) / 2 <= y2]


def outline(doc):
    """[(depth, title, action)] of the document outline, in order."""
    out = []

    def walk(nodes, depth):
        for title, a, kids in nodes:
            out.append((depth, title, a))
            walk(kids, depth + 1)
    walk(quiretests.outline(doc), 0)
    return out


def body_of(md):
    text = open(md, encoding='utf-8').read()
    if text.startswith('---'):
        text = text.split('\n---', 1)[1].split('\n', 1)[1]
    return text


def md_links(md):
    """[(text, uri)] of inline, reference and <auto> links in a post."""
    body = body_of(md)
    refs = dict(re.findall(r'^\[([^\]^]+)\]:\s*(\S+)', body, re.M))
    out = []
    for m in re.finditer(r'(!?)\[((?:[^\]\[]|\[[^\]]*\])*)\]'
                         r'(?:\(([^)\s]+)(?:\s+"[^"]*")?\)|\[([^\]]*)\])',
                         body):
        if m.group(1):
            continue
        text = m.group(2)
        uri = m.group(3) or refs.get(m.group(4) or text)
        if uri:
            out.append((re.sub(r'[*_`]', '', text), uri))
    for m in re.finditer(r'<(https?://[^>]+)>', body):
        out.append((m.group(1), m.group(1)))
    return out


def md_words(md):
    """The words of a post body in order, markup stripped."""
    body = body_of(md)
    body = re.sub(r'^\s*```.*$', '', body, flags=re.M)
    body = re.sub(r'^\[[^\]]+\]:\s*\S+\s*$', '', body, flags=re.M)
    body = re.sub(r'!\[[^\]]*\]\([^)]*\)', '', body)
    body = re.sub(r'\]\([^)]*\)', ']', body)
    body = re.sub(r'<(https?://[^>]+)>', r'\1', body)
    body = re.sub(r'</?[a-zA-Z][^>]*>', '', body)
    body = re.sub(r'\[\^\w+\]', '', body)  # marks are numbered anew
    body = re.sub(r'\]\[[^\]]*\]', ']', body)
    body = re.sub(r'^(\s*[-*+] )\[[ xX]\]', r'\1', body, flags=re.M)
    return re.findall(r'[A-Za-z0-9]+', body)


def subsequence_gap(needle, hay):
    """Index in needle of the first word not found in order in hay, or
    None when all are."""
    j = 0
    for i, w in enumerate(needle):
        try:
            j = hay.index(w, j) + 1
        except ValueError:
            return i
    return None


class PdfTest(unittest.TestCase):
    maxDiff = 4000

    def assert_links_over_text(self, doc, expected):
        """Every (text, uri): a URI annotation with exactly that URI, whose
        rectangles together cover exactly the link text and are not much
        larger than it."""
        found = {}
        for i in range(doc.get_n_pages()):
            page = doc.get_page(i)
            for uri, _, rect in links(page):
                if uri is not None:
                    found.setdefault(uri, []).append((i, page, rect))
        for text, uri in expected:
            with self.subTest(uri=uri):
                self.assertIn(uri, found, 'no link annotation for ' + uri)
                under = ''
                for i, page, rect in sorted(found[uri], key=lambda f:
                                            (f[0], f[2][1], f[2][0])):
                    gs = covered(page, rect)
                    self.assertTrue(gs, 'link rect %r on page %d covers '
                                    'no text' % (rect, i + 1))
                    # A soft hyphen ends a rect at a hyphenation break.
                    under += ''.join(g[0] for g in gs).rstrip('\u00ad')
                    gx1 = min(g[1] for g in gs)
                    gx2 = max(g[3] for g in gs)
                    gy1 = min(g[2] for g in gs)
                    gy2 = max(g[4] for g in gs)
                    # Overlap: the rect spans the glyphs' box...
                    self.assertLessEqual(rect[0], gx1 + 1.5)
                    self.assertGreaterEqual(rect[2], gx2 - 1.5)
                    self.assertLess(rect[1], (gy1 + gy2) / 2)
                    self.assertGreater(rect[3], (gy1 + gy2) / 2)
                    # ...and is not much larger than it: at most a
                    # (justified) space beyond its glyphs, over no glyph
                    # of the text around it.
                    self.assertLessEqual(gx1 - rect[0], 10,
                                         'link rect reaches far left')
                    self.assertLessEqual(rect[2] - gx2, 10,
                                         'link rect reaches far right')
                    for c, x1, y1, x2, y2 in glyphs(page):
                        if c.isspace() or x2 - x1 < 0.01 or \
                                (c, x1, y1, x2, y2) in gs:
                            continue
                        # cairo rounds link rects out to whole points.
                        ox = min(x2, rect[2] - 1) - max(x1, rect[0] + 1)
                        oy = min(y2, rect[3]) - max(y1, rect[1])
                        self.assertFalse(
                            ox > 0.25 * (x2 - x1) and oy > 0.5 * (y2 - y1),
                            'link rect for %s covers %r outside the link '
                            'text' % (uri, c))
                    self.assertLessEqual(rect[3] - rect[1],
                                         2 * (gy2 - gy1) + 4,
                                         'link rect taller than its text')
                # Several links may share a URI: the text of this one must
                # be among what the rects cover.
                self.assertIn(flat(text), flat(under))

    def assert_no_markup(self, texts):
        for i, t in enumerate(texts):
            for bad in ('**', '](', '{%', '{{', '<a href', '```', '[^'):
                self.assertNotIn(bad, t, 'raw markup %r on page %d' %
                                 (bad, i + 1))

    def assert_words_in_order(self, md, doc):
        words = md_words(md)
        texts = [spaced_text(doc.get_page(i))
                 for i in range(doc.get_n_pages())]
        text = '\n'.join(texts)
        # Words broken at a line end join again: by hyphenation (a soft
        # hyphen, shown as "-") or at a hyphen the post wrote.
        text = text.replace('\u00ad\n', '').replace('-\n', '-')
        text = text.replace('\u00ad', '')      # see flat()
        # A code line wraps between tokens or inside one: at the wrap
        # mark, the words on either side and the two joined all stand.
        hay = []
        for part in text.split('\n\u21aa'):
            words = re.findall(r'[A-Za-z0-9]+', part)
            if hay and words and re.match(r'[A-Za-z0-9]', part) and \
                    re.search(r'[A-Za-z0-9]$', prev):
                hay.append(hay[-1] + words[0])
            hay += words
            prev = part
        gap = subsequence_gap(words, hay)
        self.assertIsNone(gap, 'word %d of the post (%r, after %r) missing '
                          'or out of order in the PDF text' %
                          (gap or 0, words[gap] if gap is not None else '',
                           words[max(0, (gap or 0) - 6):gap or 0]))

    def assert_inside_column(self, doc):
        m = margins()
        for i in range(doc.get_n_pages()):
            page = doc.get_page(i)
            w, _ = page.get_size()
            for c, x1, y1, x2, y2 in glyphs(page):
                if c.isspace() or x2 - x1 < 0.01:
                    continue
                self.assertGreaterEqual(
                    x1, m['inner'] - 1.5,
                    '%r on page %d left of the column' % (c, i + 1))
                self.assertLessEqual(
                    x2, w - m['outer'] + 1.5,
                    '%r on page %d at x=%.1f beyond the right margin %.1f' %
                    (c, i + 1, x2, w - m['outer']))


class Samples(PdfTest):
    def test_text_in_order_without_markup(self):
        for md in (STARTER, SHELL):
            with self.subTest(post=os.path.basename(md)):
                doc = open_pdf(quire(md))
                self.assert_no_markup(pages_text(doc))
                self.assert_words_in_order(md, doc)

    def test_page_one_starts_with_title_block(self):
        t = pages_text(open_pdf(quire(STARTER)))[0]
        lines = t.split('\n')
        self.assertEqual(' '.join(lines[:2]),
                         'Keeping a Sourdough Starter Alive in Winter')
        self.assertIn('9March2024', flat(lines[2]))
        self.assertIn('MaraQuist', flat(lines[2]))
        self.assertEqual(flat(lines[3]), 'bread\u00b7fermentation\u00b7kitchen')

    def test_page_count_and_page_breaks(self):
        doc = open_pdf(quire(STARTER))
        self.assertEqual(doc.get_n_pages(), 2)
        one, two = [t.split('\n') for t in pages_text(doc)]
        # the default measure (29 em) on A4: the list's last item heads
        # page 2, its heading after it
        self.assertEqual(one[-2:], ['\u2022 nothing at all means it is '
                                    'asleep.', '1'])
        self.assertEqual(two[:2], ['4. The date of the last weekly daily '
                                   'feeding.', 'The feeding schedule'])
        self.assertEqual(two[-1], '2')
        self.assertEqual(open_pdf(quire(SHELL)).get_n_pages(), 2)

    def test_links(self):
        doc = open_pdf(quire(STARTER))
        expected = md_links(STARTER) + [
            ('https://example.org/bread/notes-on-hydration',
             'https://example.org/bread/notes-on-hydration')]
        self.assertIn(('King Arthur guide to starters',
                       'https://www.kingarthurbaking.com/recipes/'
                       'sourdough-starter-recipe'), expected)
        self.assert_links_over_text(doc, expected)

    def test_outline(self):
        doc = open_pdf(quire(STARTER))
        got = [(d, t) for d, t, _ in outline(doc)]
        self.assertEqual(got, [
            (0, 'Why temperature matters more than flour'),
            (1, 'What I measure now'),
            (1, 'The feeding schedule'),
            (0, 'A note on hydration')])
        self.assert_outline_targets(doc)

    def assert_outline_targets(self, doc):
        texts = pages_text(doc)
        for depth, title, a in outline(doc):
            with self.subTest(heading=title):
                self.assertEqual(a.type, Poppler.ActionType.GOTO_DEST)
                d = a.goto_dest.dest
                if d.type == Poppler.DestType.NAMED:
                    d = doc.find_dest(d.named_dest)
                    self.assertIsNotNone(d, 'named destination missing')
                page = d.page_num       # 1-based
                lines = texts[page - 1].split('\n')
                self.assertIn(title, lines, 'heading not on page %d' % page)
                # The destination points at the heading, not elsewhere.
                p = doc.get_page(page - 1)
                rects = p.find_text(title)   # bottom-left origin
                self.assertTrue(rects)
                top = max(r.y2 for r in rects)
                if d.change_top:
                    self.assertGreaterEqual(d.top, top - 2)
                    self.assertLessEqual(d.top, top + 40,
                                         'destination far above heading')

    def test_metadata_with_time_and_zone(self):
        doc = open_pdf(quire(STARTER))
        self.assertEqual(doc.get_title(),
                         'Keeping a Sourdough Starter Alive in Winter')
        self.assertEqual(doc.get_author(), 'Mara Quist')
        self.assertEqual(doc.get_subject(),
                         'A cold kitchen slows a starter to a crawl. Here is '
                         'what changed when I stopped fighting the '
                         'temperature and started planning around it.')
        self.assertEqual(doc.get_keywords(), 'bread, fermentation, kitchen')
        d = doc.get_creation_date_time()
        self.assertEqual(d.to_unix(), 1709969400)   # 2024-03-09 07:30 UTC
        self.assertEqual(d.get_utc_offset(), 3600 * 10**6)

    def test_metadata_date_only_and_site_author(self):
        doc = open_pdf(quire(SHELL))
        self.assertEqual(doc.get_title(), 'Small Shell Habits That Add Up')
        self.assertEqual(doc.get_author(), 'Mara Quist')   # from _config
        self.assertEqual(doc.get_keywords(), 'tools, shell')
        self.assertEqual(doc.get_subject(), 'Five habits at the command '
                         'line that each save a minute a day.')
        d = doc.get_creation_date_time()
        self.assertEqual((d.get_year(), d.get_month(), d.get_day_of_month()),
                         (2024, 5, 20))

    def test_fonts_embedded_and_subset(self):
        for md in (STARTER, SHELL):
            r = subprocess.run(['pdffonts', quire(md)], capture_output=True,
                               text=True, check=True)
            rows = r.stdout.splitlines()[2:]
            self.assertTrue(rows)
            for row in rows:
                # name type... encoding emb sub uni object-id gen
                f = row.split()
                self.assertEqual(f[-5:-3], ['yes', 'yes'],
                                 'font not embedded and subset: ' + row)
                self.assertRegex(f[0], r'^[A-Z]{6}\+')

    def test_qpdf_check(self):
        # quire() itself asserts that qpdf finds nothing wrong.
        for md in (STARTER, SHELL, LINKS, WRAPPING, PLACES, ALIGNED,
                   DASHES):
            self.assertIsNone(quiretests.qpdf_problems(quire(md)))

    def test_noncharacters(self):
        # U+FFFE, U+FFFF, U+FDD0 and U+1FFFF are valid UTF-8 that cairo
        # refuses in glyph text, destinations and outline titles: the
        # whole PDF failed ("cannot write: input string not valid UTF-8",
        # found by fuzz-render). Now they are U+FFFD and the rest shows.
        md = os.path.join(TMP, 'nonchars.md')
        with open(md, 'wb') as f:
            f.write(b'---\ntitle: Nonchars\n---\n\n'
                    b'## Head \xef\xbf\xbe ing\n\n'
                    b'A \xef\xbf\xbf b \xef\xb7\x90 c \xf0\x9f\xbf\xbf d.\n\n'
                    b'[li \xef\xbf\xbf nk](#head-ing)\n')
        doc = open_pdf(quire(md))
        text = ' '.join(pages_text(doc)[0].split())
        for want in ('Nonchars', 'Head', 'ing', 'A', 'b', 'c', 'd.', 'li',
                     'nk'):
            self.assertIn(want, text)
        self.assertEqual([t for _, t, _ in outline(doc)],
                         ['Head \ufffd ing'])

    def test_same_picture_twice_on_a_page(self):
        # Three drawings, two spellings of the path: each shown, and no
        # key of the page's /XObject resources twice (cairo's own way
        # writes /xN twice). A picture's second drawing on one page is
        # a copy of its own (canvas.c says why), so three images.
        import pikepdf
        src = os.path.join(SAMPLES, 'images', 'starter.png')
        d = os.path.join(TMP, 'twice')
        os.makedirs(os.path.join(d, 'images'))
        shutil.copy(src, os.path.join(d, 'images', 'p.png'))
        md = os.path.join(d, 'twice.md')
        with open(md, 'w') as f:
            f.write('# Twice\n\n![a](images/p.png)\n\n'
                    '![b](./images/../images/p.png)\n\n'
                    '![c](images/p.png)\n')
        out = quire(md)
        self.assertIsNone(quiretests.qpdf_problems(out))
        doc = open_pdf(out)
        self.assertEqual(doc.get_n_pages(), 1)
        self.assertEqual(len(doc.get_page(0).get_image_mapping()), 3)
        with pikepdf.open(out) as pdf:
            images = [o for o in pdf.objects
                      if isinstance(o, pikepdf.Stream) and
                      o.get('/Subtype') == '/Image']
            self.assertEqual(len(images), 3)

    def test_deterministic(self):
        # The second render on one thread: pages drawn beside the
        # layout or after it come out the same.
        for md in (STARTER, SHELL):
            a = quire(md, out=os.path.join(TMP, 'det-a.pdf'))
            os.environ['QUIRE_THREADS'] = '1'
            try:
                b = quire(md, out=os.path.join(TMP, 'det-b.pdf'))
            finally:
                del os.environ['QUIRE_THREADS']
            with open(a, 'rb') as fa, open(b, 'rb') as fb:
                self.assertTrue(fa.read() == fb.read(),
                                '%s: two renders differ' % md)

    def test_featured_image_on_page_one(self):
        doc = open_pdf(quire(STARTER))
        ims = doc.get_page(0).get_image_mapping()
        self.assertEqual(len(ims), 1)
        r = ims[0].area
        w, h = abs(r.x2 - r.x1), abs(r.y2 - r.y1)
        self.assertAlmostEqual(w / h, 480 / 200, delta=0.03 * 480 / 200)
        m = margins()
        pw = doc.get_page(0).get_size()[0]
        self.assertGreaterEqual(min(r.x1, r.x2), m['inner'] - 1)
        self.assertLessEqual(max(r.x1, r.x2), pw - m['outer'] + 1)
        # Under the title block, above the first paragraph.
        t = pages_text(doc)[0]
        g = glyphs(doc.get_page(0))
        first = t.index('My kitchen')
        self.assertGreater(g[first][2], max(r.y1, r.y2) - 1)
        for i in range(1, doc.get_n_pages()):
            self.assertEqual(len(doc.get_page(i).get_image_mapping()), 0)

    def test_code_is_highlighted_text_not_clipped(self):
        doc = open_pdf(quire(STARTER))
        text = '\n'.join(pages_text(doc))
        joined = flat(text)
        for line in ('print(f"{flour} g flour, {water} g water: '
                     '{hydration(flour, water)}%")',
                     '''while sleep 600; do printf '%s %s\\n' '''
                     '''"$(date -Iseconds)" "$(cat /sys/bus/w1/devices/'''
                     '''28-00000a1b2c3d/temperature)" >> '''
                     '''~/kitchen-temperature.log; done'''):
            self.assertIn(flat(line), joined)
        self.assert_inside_column(doc)

    def test_footnote(self):
        doc = open_pdf(quire(STARTER))
        self.assert_footnote(doc, 'photographs.1',
                             'The photographs did not survive a phone '
                             'upgrade; the gratitude did.')

    def assert_footnote(self, doc, mark, note):
        texts = pages_text(doc)
        mark_page = [i for i, t in enumerate(texts) if mark in flat(t)]
        self.assertEqual(len(mark_page), 1, 'footnote mark %r' % mark)
        note_page = [i for i, t in enumerate(texts) if flat(note) in flat(t)]
        self.assertEqual(len(note_page), 1, 'footnote text')
        self.assertEqual(note_page, mark_page, 'note not on its mark\'s page')
        page = doc.get_page(mark_page[0])
        internal = [(n, r, ''.join(g[0] for g in covered(page, r)))
                    for u, n, r in links(page) if n is not None]
        # the note's number "1." leads back to the mark, on the same page
        back = [n for n, r, t in internal if t == mark[-1] + '.']
        self.assertTrue(back, 'no link back from the note to its mark')
        self.assertEqual(doc.find_dest(back[0]).page_num - 1, mark_page[0])
        internal = [(n, r) for n, r, t in internal if t == mark[-1]]
        self.assertTrue(internal, 'no internal link over the footnote mark')
        name, rect = internal[0]
        d = doc.find_dest(name)
        self.assertIsNotNone(d)
        self.assertEqual(d.page_num - 1, note_page[0])
        if d.change_top:
            p = doc.get_page(note_page[0])
            rects = p.find_text(note.split()[1])
            self.assertTrue(rects)
            self.assertLess(abs(d.top - max(r.y2 for r in rects)), 30,
                            'footnote destination not at the note')


class Fixtures(PdfTest):
    def test_links_exact_uris_and_rects(self):
        doc = open_pdf(quire(LINKS))
        expected = md_links(LINKS)
        self.assertEqual(len(expected), 5)
        self.assertIn(('short and plain sentences',
                       'https://example.com/style/plain?lang=en&ref=log'
                       '#entries'), expected)
        self.assertIn(('harbour office',
                       'https://harbour.example.org/abbreviations.html'),
                      expected)
        self.assert_links_over_text(doc, expected)
        # No stray annotations.
        n = sum(len(links(doc.get_page(i)))
                for i in range(doc.get_n_pages()))
        self.assertGreaterEqual(n, len(expected))
        uris = {u for i in range(doc.get_n_pages())
                for u, _, _ in links(doc.get_page(i))}
        self.assertEqual(uris, {u for _, u in expected})

    def test_links_in_lists_quotes_tables_headings_notes(self):
        doc = open_pdf(quire(PLACES))
        expected = md_links(PLACES)
        self.assertEqual(len(expected), 7)
        self.assert_links_over_text(doc, expected)
        uris = {u for i in range(doc.get_n_pages())
                for u, _, _ in links(doc.get_page(i)) if u}
        # The URL in a code span stays text.
        self.assertEqual(uris, {u for _, u in expected})
        self.assertIn('https://not-a-link.example.org/x',
                      pages_text(doc)[0])
        self.assertEqual([t for _, t, _ in outline(doc)],
                         ['The signal flags heading'])
        Samples.assert_footnote(self, doc, 'footnote.1', 'The note links '
                                'to the fog signal log.')

    # A list item in Arabic or Hebrew has its marker on the right, in the
    # indent, which is on the right too: the mirror of a list in English.
    def test_rtl_list_markers_on_the_right(self):
        page = open_pdf(quire(RTL_LISTS)).get_page(0)
        lines = glyph_lines(page)
        marks = set('0123456789.\u2022')

        def split(line):
            return ([g for g in line if g[0] in marks],
                    [g for g in line if g[0] not in marks])

        def find(pred):
            return [line for line in lines if pred(''.join(g[0] for g in
                                                           line))]
        left = min(g[1] for g in find(lambda t: 'AlistinEnglish' in t)[0])
        right = max(g[3] for g in find(lambda t: ':' in t and any(
            '\u0600' <= c <= '\u06ff' for c in t))[0])
        ltr = find(lambda t: 'itemontheleft' in t)
        self.assertEqual(len(ltr), 2)
        indent = None
        for line in ltr:
            mark, text = split(line)
            self.assertEqual(''.join(g[0] for g in mark), '\u2022')
            self.assertLess(max(g[3] for g in mark), min(g[1] for g in text))
            indent = min(g[1] for g in text) - left
        self.assertGreater(indent, 5)
        items = [line for line in lines if any(is_rtl_letter(g[0])
                                               for g in line)
                 and ':' not in ''.join(g[0] for g in line)]
        # Two Arabic items (the first on two lines), two Hebrew ones.
        self.assertEqual(len(items), 5)
        with_marks = 0
        for line in items:
            mark, text = split(line)
            t_right = max(g[3] for g in text)
            # The hanging indent, mirrored: every line of an item ends
            # the indent's width short of the column's right edge.
            self.assertAlmostEqual(right - t_right, indent, delta=1.5)
            if mark:
                with_marks += 1
                self.assertGreater(min(g[1] for g in mark), t_right,
                                   'the marker stands right of its item')
                self.assertLessEqual(max(g[3] for g in mark), right + 0.5,
                                     'the marker stays in the column')
        self.assertEqual(with_marks, 4)

    # A long run of dashes gets hidden break points; where one ends a run
    # its glyph belongs to the dash before it, whole (a cluster splitting
    # a character made cairo refuse the page, and the PDF failed).
    def test_break_helper_after_multibyte_character(self):
        doc = open_pdf(quire(DASHES))
        text = ''.join(pages_text(doc))
        self.assertEqual(text.count('\u2014'), 140)
        self.assert_inside_column(doc)

    # <center>, <p style="text-align: center">, <p align="right">: those
    # lines are set as asked, inside the column; the rest stays justified.
    def test_html_alignment(self):
        doc = open_pdf(quire(ALIGNED))
        page = doc.get_page(0)
        m = margins()
        left, right = m['inner'], page.get_size()[0] - m['outer']
        gl = glyphs(page)

        def line_of(words):
            text = ''.join(g[0] for g in gl)
            at = text.find(words)
            self.assertGreaterEqual(at, 0, '%r not in the page' % words)
            run = [g for g in gl[at:at + len(words)] if not g[0].isspace()]
            return min(g[1] for g in run), max(g[3] for g in run)

        for words in ('The second ledger, scanned',
                      'Fog from the south, the horn at two.'):
            x1, x2 = line_of(words)
            self.assertAlmostEqual((x1 + x2) / 2, (left + right) / 2,
                                   delta=1.5, msg='%r is not centred' % words)
        x1, x2 = line_of('Signed, the keeper')
        self.assertAlmostEqual(x2, right, delta=1.5,
                               msg='the signature is not set right')
        self.assertGreater(x1, (left + right) / 2)
        # The centred link's area lies over its text.
        lk = [l for l in links(page)
              if l[0] == 'https://ledgers.example.org/second']
        self.assertEqual(len(lk), 1)
        under = ''.join(g[0] for g in covered(page, lk[0][2]))
        self.assertEqual(flat(under), flat('The second ledger, scanned'))
        # The paragraph after keeps the body's justified setting.
        x1, x2 = line_of('A plain paragraph follows')
        self.assertAlmostEqual(x1, left, delta=1.5)
        self.assert_inside_column(doc)

    # Hyphenation puts U+00AD into the text; cairo maps it into the glyph
    # clusters, so words the line did not break come out as "of\u00adfice":
    # searching the PDF for "office" finds nothing, copying gives junk.
    def test_no_soft_hyphen_inside_a_line(self):
        for md in (STARTER, SHELL, LINKS, PLACES):
            doc = open_pdf(quire(md))
            for i, t in enumerate(pages_text(doc)):
                bad = [m.start() for m in re.finditer('\u00ad[^\n]', t)]
                self.assertEqual(bad, [], '%s page %d: soft hyphens inside '
                                 'a line: %r' % (os.path.basename(md), i + 1,
                                 [t[max(0, k - 8):k + 8] for k in bad[:5]]))
        page = open_pdf(quire(LINKS)).get_page(0)
        self.assertTrue(page.find_text('county record office'))

    def test_outline_nested(self):
        doc = open_pdf(quire(LINKS))
        got = [(d, t) for d, t, _ in outline(doc)]
        self.assertEqual(got, [
            (0, 'The logbook'),
            (1, 'Reading the entries'),
            (2, 'Abbreviations'),
            (2, 'Dates'),
            (1, 'What the weather says'),
            (0, 'Afterword')])
        Samples.assert_outline_targets(self, doc)

    def test_metadata_negative_zone(self):
        doc = open_pdf(quire(LINKS))
        self.assertEqual(doc.get_title(),
                         "Notes From a Lighthouse Keeper's Logbook")
        self.assertEqual(doc.get_author(), 'Ivo Brandt')
        self.assertEqual(doc.get_keywords(), 'coast, history, maps')
        self.assertEqual(doc.get_subject(), 'What a century of handwritten '
                         'weather entries says about one small island.')
        d = doc.get_creation_date_time()
        self.assertEqual(d.to_unix(), 1698977700)   # 2023-11-03 02:15 UTC
        self.assertEqual(d.get_utc_offset(), -5 * 3600 * 10**6)
        t = pages_text(doc)[0]
        self.assertIn('2November2023', flat(t))

    def test_text_and_markup(self):
        for md in (LINKS, WRAPPING, PLACES):
            with self.subTest(post=os.path.basename(md)):
                doc = open_pdf(quire(md))
                self.assert_no_markup(pages_text(doc))
                if md != WRAPPING:
                    self.assert_words_in_order(md, doc)

    def test_long_word_and_url_wrap_inside_column(self):
        doc = open_pdf(quire(WRAPPING))
        joined = flat('\n'.join(pages_text(doc)))
        self.assertIn('Llanfairpwllgwyngyllgogerychwyrndrobwllllantysilio'
                      'gogogoch' + 'x' * 31 + 'hasaname', joined)
        url = ('https://very-long-host-name.example.org/a/deeply/nested/'
               'path/that/keeps/going/and/going/until/it/cannot/fit/on/one/'
               'line/index.html')
        self.assertIn(url + 'islongtoo.', joined)
        self.assert_links_over_text(doc, [(url, url)])
        self.assert_inside_column(doc)

    def test_long_code_line_wraps(self):
        doc = open_pdf(quire(WRAPPING))
        line = ('curl --silent --show-error --location --retry 5 '
                '--retry-delay 2 --output /tmp/lighthouse-logbook-'
                'transcription-archive.tar.gz https://transcripts.example.'
                'org/lighthouse/archive/all-decades.tar.gz && echo '
                'fetched-ENDMARK')
        text = pages_text(doc)[0]
        self.assertIn(flat(line), flat(text))
        start = text.index('curl')
        end = text.index('ENDMARK') + len('ENDMARK')
        self.assertGreaterEqual(text.count('\n', start, end), 1,
                                'the long code line was not wrapped')
        self.assert_inside_column(doc)

    def test_footnote(self):
        doc = open_pdf(quire(WRAPPING))
        Samples.assert_footnote(self, doc, 'watch.1', 'A second signature '
                                'meant that the relief keeper was late.')


def long_post(path):
    """Writes a long post: sections of paragraphs of varied length, lists
    and code; returns the headings."""
    words = ('tide lamp keeper log wind gale fog chart buoy reef shoal '
             'harbour pier rope lens oil wick glass bell current swell '
             'ebb flood anchor mast sail hull keel deck').split()
    heads = []
    out = ['---', 'title: A Long Season at the Light', 'date: 2021-09-30',
           'author: Ivo Brandt', 'tags: [long]', '---', '']
    n = 0
    for s in range(14):
        head = 'Section %d on the %s' % (s + 1, words[s % len(words)])
        heads.append(head)
        out += ['## ' + head, '']
        for p in range(3 + s % 3):
            k = 12 + (s * 7 + p * 13) % 70
            sent = []
            for i in range(k):
                sent.append(words[(n + i * 3) % len(words)])
                n += 1
            out += [' '.join(sent).capitalize() + '.', '']
        if s % 4 == 1:
            sub = 'Notes %d' % (s + 1)
            heads.append(sub)
            out += ['### ' + sub, '']
        if s % 3 == 2:
            out += ['```c'] + ['int step_%d_%d = %d; /* %s */' %
                               (s, i, i * s, words[i % len(words)])
                               for i in range(6 + s)] + ['```', '']
        if s % 5 == 3:
            out += ['- %s and %s' % (words[i], words[i + 1])
                    for i in range(5)] + ['']
    with open(path, 'w') as f:
        f.write('\n'.join(out))
    return heads


DUMP_RE = re.compile(r'^  (\w+) (\S+) line (\d+) at ([\d.]+),([\d.]+) '
                     r'size ([\d.]+)x([\d.]+) lines (\d+)-(\d+) ?(.*)$')


def parse_dump(text):
    """[[items of page 1], ...]; an item is a dict."""
    pages = []
    for line in text.splitlines():
        if line.startswith('page '):
            pages.append([])
            continue
        m = DUMP_RE.match(line)
        if m:
            pages[-1].append(dict(kind=m[1], role=m[2], src=int(m[3]),
                                  y=float(m[5]), h=float(m[7]),
                                  l0=int(m[8]), l1=int(m[9]), text=m[10]))
    return pages


class Pagination(PdfTest):
    @classmethod
    def setUpClass(cls):
        cls.md = os.path.join(TMP, 'long.md')
        cls.heads = long_post(cls.md)
        cls.pages = parse_dump(dump(cls.md, '--site-root', TMP))
        cls.doc = open_pdf(quire(cls.md, '--site-root', TMP))

    def test_many_pages(self):
        self.assertGreaterEqual(len(self.pages), 5)
        self.assertEqual(self.doc.get_n_pages(), len(self.pages))

    def test_no_page_ends_with_heading(self):
        for i, items in enumerate(self.pages[:-1]):
            last = items[-1]
            self.assertNotRegex(last['role'], r'^h\d$',
                                'page %d ends with heading %s' %
                                (i + 1, last['text']))
        # The same seen in the PDF: the last line before the folio.
        texts = pages_text(self.doc)
        for i, t in enumerate(texts[:-1]):
            lines = [ln for ln in t.split('\n') if ln.strip()]
            self.assertEqual(lines[-1].strip(), str(i + 1))
            self.assertNotIn(lines[-2].strip(), self.heads,
                             'page %d ends with a heading' % (i + 1))

    def test_no_widows_or_orphans(self):
        splits = 0
        for i in range(len(self.pages) - 1):
            last, first = self.pages[i][-1], self.pages[i + 1][0]
            if (first['l0'] > 1 and last['src'] == first['src'] and
                    last['kind'] == first['kind'] == 'text'):
                splits += 1
                self.assertGreaterEqual(last['l1'] - last['l0'] + 1, 2,
                                        'orphan at foot of page %d' % (i + 1))
                # A widow: the block's last line alone at the top.
                self.assertGreaterEqual(first['l1'] - first['l0'] + 1, 2,
                                        'widow at head of page %d' % (i + 2))
        self.assertGreater(splits, 0, 'no paragraph was split: the test '
                           'post does not exercise widow/orphan control')

    def test_folio_on_every_page(self):
        m = margins()
        for i in range(self.doc.get_n_pages()):
            page = self.doc.get_page(i)
            _, h = page.get_size()
            foot = ''.join(c for c, x1, y1, x2, y2 in glyphs(page)
                           if y1 > h - m['bottom'] and not c.isspace())
            self.assertEqual(foot, str(i + 1), 'folio of page %d' % (i + 1))

    def test_every_heading_and_code_line_present(self):
        text = '\n'.join(pages_text(self.doc))
        lines = text.split('\n')
        for h in self.heads:
            self.assertIn(h, lines)
        self.assertIn('int step_11_16 = 176; /* wick */', lines)
        self.assert_words_in_order(self.md, self.doc)

    def test_code_blocks_split_between_lines(self):
        # A code slice never exceeds the page body.
        m = margins()
        body_bottom = self.doc.get_page(0).get_size()[1] - m['bottom']
        for items in self.pages:
            for it in items:
                self.assertLessEqual(it['y'] + it['h'], body_bottom + 0.5,
                                     'item runs into the bottom margin: %r'
                                     % it)


def note_pages(dump_text):
    """{note name: (page of its mark, page of its text)} from --dump."""
    marks, notes, page = {}, [], 0
    for line in dump_text.splitlines():
        if line.startswith('page '):
            page = int(line.split()[1])
        elif line.startswith('    link ') and line.split()[-1].startswith(
                'fn:'):
            marks.setdefault(line.split()[-1], page)
        elif line.startswith('  text footnote '):
            notes.append(page)
    return {k: (v, notes[i] if i < len(notes) else None)
            for i, (k, v) in enumerate(sorted(marks.items()))}


class Footnotes(PdfTest):
    def test_note_on_the_page_of_its_mark(self):
        # The mark's line moves down the first page foot, paragraph by
        # paragraph; whatever follows it, the note stays on the mark's page.
        filler = ('Filler paragraph with enough words to take up a few '
                  'lines of the page, and then a few more so that it wraps.')
        for n in range(9, 17):
            for tail in ('para', 'table'):
                with self.subTest(paragraphs=n, after=tail):
                    md = os.path.join(TMP, 'fn-%d-%s.md' % (n, tail))
                    body = [filler] * n + ['Footnote here.[^n]',
                                           '[^n]: The note.']
                    if tail == 'para':
                        body += ['A paragraph after the mark, longer than '
                                 'one line of text, to see where it goes '
                                 'when the page is nearly full.',
                                 'Second after.']
                    else:
                        body += ['| a | b |\n|---|---|\n' + '\n'.join(
                            '| row %d | x |' % i for i in range(30))]
                    with open(md, 'w') as f:
                        f.write('---\ntitle: Notes\ndate: 2023-01-01\n'
                                '---\n\n' + '\n\n'.join(body) + '\n')
                    got = note_pages(dump(md, '--site-root', TMP))
                    self.assertEqual(len(got), 1)
                    mark, note = got['fn:1']
                    self.assertEqual(note, mark, 'mark on page %d, note '
                                     'on page %s' % (mark, note))


@unittest.skipUnless(os.path.exists(MVP), 'corpus absent')
class Corpus(PdfTest):
    def test_mvp_post(self):
        out = quire(MVP, '--site-root', CORPUS, '-q')
        doc = open_pdf(out)
        self.assertEqual(doc.get_title(),
                         'Achievement Unlocked: Becoming a Microsoft MVP')
        self.assertEqual(doc.get_keywords(), 'PowerShell, MVP, Cloud, Azure')
        d = doc.get_creation_date_time()
        self.assertEqual((d.get_year(), d.get_month(), d.get_day_of_month()),
                         (2019, 1, 6))
        p1 = flat(doc.get_page(0).get_text())
        self.assertIn(flat('Achievement Unlocked: Becoming a Microsoft MVP'),
                      p1)
        self.assertIn('6January2019', p1)
        for tag in ('PowerShell', 'MVP', 'Cloud', 'Azure'):
            self.assertIn(tag, p1)
        expected = md_links(MVP)
        self.assertEqual(len(expected), 12)
        self.assert_links_over_text(doc, expected)
        self.assert_no_markup(pages_text(doc))


if __name__ == '__main__':
    sys.exit(quiretests.run(sys.modules[__name__], 'quire-pdf-'))
