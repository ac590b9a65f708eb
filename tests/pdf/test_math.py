#!/usr/bin/python3
"""Math in the PDF: formulas taken out of Markdown, set in Latin Modern
Math as real text (poppler reads the characters, in order), inline ones in
the line, display ones centred on the column; fractions stacked,
superscripts raised; \\color drawn on glyphs and rules; what quire cannot
set shown as its source with a warning.

Environment: QUIRE (the binary), QUIRE_SOURCE (the source root).
"""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
import quiretests  # noqa: E402
from quiretests import QUIRE, SRC, open_pdf, page_glyphs  # noqa: E402
from pdf.test_pdf import margins  # noqa: E402

HERE = os.path.join(SRC, 'tests', 'pdf')
POST = os.path.join(HERE, 'math.md')
TMP = None
_out = {}


def sanitizer_env():
    """The environment, and in a sanitizer build the libraries' known
    leaks suppressed (tests/lsan.supp): cairo's, when it subsets the CJK
    font, is named only in a full stack."""
    env = dict(os.environ)
    if 'suppressions=' not in env.get('LSAN_OPTIONS', ''):
        env['LSAN_OPTIONS'] = ':'.join(filter(None, [
            env.get('LSAN_OPTIONS'), 'suppressions=' +
            os.path.join(SRC, 'tests', 'lsan.supp')]))
    env['ASAN_OPTIONS'] = ':'.join(filter(None, [
        env.get('ASAN_OPTIONS'), 'fast_unwind_on_malloc=0']))
    return env


def render(name='math'):
    """Fixture NAME.md's PDF and quire's stderr (rendered once)."""
    if name not in _out:
        pdf = os.path.join(TMP, name + '.pdf')
        r = subprocess.run([QUIRE, os.path.join(HERE, name + '.md'), '-o',
                            pdf, '--site-root', HERE],
                           capture_output=True, text=True, timeout=120,
                           env=sanitizer_env())
        if r.returncode != 0:
            raise AssertionError('quire failed: ' + r.stderr)
        _out[name] = (pdf, r.stderr)
    return open_pdf(_out[name][0]), _out[name][1]


def pixels(pdf, box, dpi=300):
    """The page-1 pixels inside box (x1, y1, x2, y2 in pt, top-left
    origin) as rows of (r, g, b), rendered by pdftoppm."""
    k = dpi / 72.0
    x, y = int(box[0] * k), int(box[1] * k)
    w, h = max(1, int((box[2] - box[0]) * k)), max(1, int((box[3] -
                                                          box[1]) * k))
    ppm = subprocess.run(['pdftoppm', '-r', str(dpi), '-f', '1', '-l', '1',
                          '-x', str(x), '-y', str(y), '-W', str(w), '-H',
                          str(h)], input=open(pdf, 'rb').read(),
                         capture_output=True, check=True).stdout
    # P6 header: magic, width, height, maxval, then the bytes
    fields, at = [], 0
    while len(fields) < 4:
        while ppm[at:at + 1].isspace():
            at += 1
        end = at
        while not ppm[end:end + 1].isspace():
            end += 1
        fields.append(ppm[at:end])
        at = end
    at += 1
    pw, ph = int(fields[1]), int(fields[2])
    return [[tuple(ppm[at + 3 * (r * pw + c):at + 3 * (r * pw + c) + 3])
             for c in range(pw)] for r in range(ph)]


def has_rule(rows_, like):
    """Whether some pixel row is nearly all of colour like (a rule drawn
    across the box)."""
    return any(sum(1 for p in row if like(p)) >= 0.9 * len(row)
               for row in rows_)


def glyphs(page):
    """(char, x1, y1, x2, y2, font) of the page's text, top-left
    coordinates."""
    return [(g.c, g.x1, g.y1, g.x2, g.y2, g.font) for g in page_glyphs(page)]


def find(page, ch):
    """The glyph boxes of character ch on page."""
    return [g for g in glyphs(page) if g[0] == ch]


def one(test, page, ch):
    gs = find(page, ch)
    test.assertEqual(len(gs), 1, '%r on the page %d times' % (ch, len(gs)))
    return gs[0]


def centre_y(g):
    return (g[2] + g[4]) / 2


class Math(unittest.TestCase):
    def test_characters_in_order(self):
        doc, _ = render()
        text = doc.get_page(0).get_text()
        at = [text.find(c) for c in ('\u03b1', '\u03b7', '\u03ba',
                                     '\u2211', '\u03c9', '\u222b',
                                     '\u03d5', '\u03bb', '\u03bc')]
        self.assertNotIn(-1, at, text)
        self.assertEqual(at, sorted(at), text)

    def test_markdown_leaves_math_alone(self):
        doc, _ = render()
        text = doc.get_page(0).get_text()
        self.assertIn('$5 and $10', text)
        self.assertIn('$HOME', text)
        # a_b c_d: no emphasis ate the underscores' letters, and none is
        # printed; \{u\} keeps its braces.
        self.assertNotIn('_', text)
        page = doc.get_page(0)
        for c in 'abcd{}u':
            self.assertTrue(find(page, c), c)
        self.assertNotIn('$\\', text.replace('$\\foo', ''))

    def test_glyphs_are_the_math_font(self):
        doc, _ = render()
        page = doc.get_page(0)
        for ch in ('\u03b1', '\u2211', '\u222b'):
            self.assertIn('LatinModernMath', one(self, page, ch)[5])

    def test_inline_math_sits_on_the_line(self):
        doc, _ = render()
        page = doc.get_page(0)
        alpha = one(self, page, '\u03b1')
        line = [g for g in glyphs(page) if g[0] in 'line:' and
                abs(centre_y(g) - centre_y(alpha)) < 4]
        self.assertTrue(line, 'α not on the line of "the line:"')

    def test_superscript_raised_and_smaller(self):
        doc, _ = render()
        page = doc.get_page(0)
        eta, kappa = one(self, page, '\u03b7'), one(self, page, '\u03ba')
        # poppler's boxes are the font's ascent and descent about the
        # baseline: centres compare baselines
        self.assertLess(centre_y(kappa), centre_y(eta) - 2, 'κ not raised')
        self.assertLess(kappa[4] - kappa[2], eta[4] - eta[2])
        self.assertGreater(kappa[1], eta[1])

    def test_fraction_numerator_above_denominator(self):
        doc, _ = render()
        page = doc.get_page(0)
        # (display: in the line, poppler makes the script-size ξ over ζ
        # one word of one height)
        for num, den in (('\u03bb', '\u03bc'), ('\u03bb', '\u03bd')):
            n, d = one(self, page, num), one(self, page, den)
            self.assertLess(centre_y(n) + 5, centre_y(d),
                            '%s not above %s' % (num, den))
            # stacked: they share a column
            self.assertLess(max(n[1], d[1]), min(n[3], d[3]) + 6)

    def test_display_centred(self):
        doc, _ = render()
        page = doc.get_page(0)
        w, _ = page.get_size()
        m = margins()
        mid = (m['inner'] + w - m['outer']) / 2
        for ch in ('\u2211', '\u03bb'):
            g = one(self, page, ch)
            # the formula: every glyph the height of its tallest
            # characters reaches
            row = [x for x in glyphs(page) if not x[0].isspace() and
                   x[3] - x[1] > 0.01 and
                   abs(centre_y(x) - centre_y(g)) < 14]
            left, right = min(x[1] for x in row), max(x[3] for x in row)
            self.assertAlmostEqual((left + right) / 2, mid, delta=3,
                                   msg='%r formula not centred' % ch)
            self.assertGreater(left, m['inner'] + 30)

    def test_no_line_break_between_formula_and_punctuation(self):
        doc, _ = render()
        page = doc.get_page(0)
        gs = [g for g in glyphs(page) if not g[0].isspace()]
        start = [i for i, g in enumerate(gs) if g[0] == 'B'][-1]
        lines = []
        for g in gs[start:]:
            if lines and abs(centre_y(g) - centre_y(lines[-1][-1])) < 6:
                lines[-1].append(g)
            else:
                lines.append([g])
        self.assertGreater(len(lines), 2)
        for line in lines:
            # "$n$th", "$n$-fold", "$n$." stay whole
            self.assertNotIn(line[0][0], ',.)-t', 'a line begins with '
                             '%r after a formula' % line[0][0])
            self.assertNotEqual(line[-1][0], '(', 'a line ends with "("')

    def test_wide_display_breaks_into_lines(self):
        doc, err = render()
        page = doc.get_page(0)
        w, _ = page.get_size()
        m = margins()
        gs = page_glyphs(page)
        theta = [i for i, g in enumerate(gs) if g.c == '\u03b8']
        self.assertEqual(len(theta), 1)
        end = [i for i, g in enumerate(gs) if g.c == 'A' and i > theta[0]]
        formula = [g for g in gs[theta[0]:end[0]] if not g.c.isspace()]
        self.assertGreater(len(formula), 40)
        # every glyph inside the measure
        self.assertGreaterEqual(min(g.x1 for g in formula), m['inner'] - 1)
        self.assertLessEqual(max(g.x2 for g in formula), w - m['outer'] + 1)
        # on two lines or more: the subscripts' baselines aside, the
        # a's of each line (script-size digits follow them)
        lines = quiretests.rows([g for g in formula if g.c in 'θ+='],
                                tol=3)
        self.assertGreaterEqual(len(lines), 2, lines)
        # continuation lines start with "+", further in than the first
        for _, row in lines[1:]:
            self.assertEqual(row[0].c, '+')
            self.assertGreater(row[0].x1, lines[0][1][0].x1 + 10)
        # not shrunk: the size of the text's own formulas
        alpha = [g for g in gs if g.c == '\u03b1'][0]
        self.assertAlmostEqual(gs[theta[0]].size, alpha.size, delta=0.01)
        self.assertNotIn('wider than the column', err)

    def test_matrix_too_wide_shrinks_and_warns(self):
        doc, err = render('math-wide')
        page = doc.get_page(0)
        w, _ = page.get_size()
        m = margins()
        gs = page_glyphs(page)
        body = [g for g in gs if g.c == 'T'][0].size
        a = [g for g in gs if g.c == 'a' and 'LatinModernMath' in g.font]
        # a pmatrix is not broken: one row of a's, set smaller
        self.assertEqual(len(quiretests.rows(a, tol=3)), 1)
        self.assertLess(a[0].size, body * 0.99)
        self.assertGreaterEqual(a[0].size, body * 0.59)
        # the one that fits at 60 % fits; the other is warned about
        self.assertIn('math-wide.md:12: warning: formula wider than the '
                      'column even at 60 %: it runs into the margin', err)
        self.assertEqual(err.count('warning'), 1, err)
        inside = [g for g in a if g.y1 < [x for x in gs if x.c == 'O'][0].y1]
        self.assertLessEqual(max(g.x2 for g in inside), w - m['outer'] + 1)

    def test_characters_the_math_font_lacks(self):
        # CJK in \\text comes from the text's fallback fonts, as real text
        doc, err = render()
        page = doc.get_page(0)
        for ch in '速度距离':
            self.assertIn('CJK', one(self, page, ch)[5])
        self.assertLess(centre_y(one(self, page, '距')),
                        centre_y(one(self, page, '\u03c4')) - 3)

    def test_colour_of_glyphs(self):
        doc, err = render('math-color')
        page = doc.get_page(0)
        want = {'a': (255, 0, 0), '+': None, 'b': (255, 0, 0),
                'c': 'text', 'd': (0, 0, 255), 'e': (0, 160, 0),
                'f': 'text', 'p': (0, 0, 255), 'q': (0, 0, 255),
                '\u221a': (255, 0, 0), 's': (255, 0, 0), 't': (255, 0, 0)}
        # the text's colour: the "h" of "then"
        ink = [g.rgb for g in page_glyphs(page) if g.c == 'h'][0]
        for ch, rgb in want.items():
            gs = [g for g in page_glyphs(page) if g.c == ch and
                  'LatinModernMath' in g.font]
            self.assertTrue(gs, ch)
            if rgb == 'text':
                rgb = ink
            if rgb is not None:
                self.assertEqual(gs[0].rgb, rgb, ch)
        # "+" after \color{red} is red, the one of {\color..} e + f not
        plus = [g.rgb for g in page_glyphs(page) if g.c == '+']
        self.assertEqual(plus, [(255, 0, 0), ink, ink], plus)
        self.assertEqual(err, '')

    def test_colour_of_rules(self):
        doc, _ = render('math-color')
        page = doc.get_page(0)
        pdf = _out['math-color'][0]
        p, q = one(self, page, 'p'), one(self, page, 'q')
        # the fraction bar between p and q, blue
        bar = pixels(pdf, (p[1], centre_y(p), p[3], centre_y(q)))
        self.assertTrue(has_rule(bar, lambda c: c[2] > 150 and c[0] < 100
                                 and c[1] < 100), 'fraction bar not blue')
        # the radical's rule over s, red
        root, s = one(self, page, '\u221a'), one(self, page, 's')
        # (poppler's box of s is wider than its ink: its left half)
        over = pixels(pdf, (s[1] + 0.3, root[2] - 3, (s[1] + s[3]) / 2,
                            centre_y(s)))
        self.assertTrue(has_rule(over, lambda c: c[0] > 150 and c[1] < 100
                                 and c[2] < 100), 'radical rule not red')

    def test_unknown_command_shows_source_and_warns(self):
        doc, err = render()
        self.assertIn('math.md:24: warning: unknown TeX command \\foo',
                      err)
        page = doc.get_page(0)
        text = page.get_text()
        self.assertIn('\\foo{x} + \\psi', text)
        self.assertIn('Mono', find(page, '\\')[0][5])
        self.assertIn('After it, the text goes on,', text)


TITLE = 'Proving $O(n^2)$ bounds for $\\alpha \\to \\beta$'
PLAIN = 'Proving O(n\u00b2) bounds for \u03b1 \u2192 \u03b2'
_site = {}


def title_site():
    """A site of three long posts whose titles hold formulas (one
    through short_title, one only prices), rendered as a booklet and
    the first post alone."""
    if not _site:
        root = os.path.join(TMP, 'site')
        os.makedirs(os.path.join(root, '_posts'))
        with open(os.path.join(root, '_config.yml'), 'w') as f:
            f.write('title: Site\n')
        filler = ''.join('Paragraph %d has words enough to fill a line '
                         'and then some more of them.\n\n' % i
                         for i in range(70))
        posts = {'2024-01-02-proving.md': "title: '%s'\n" % TITLE,
                 '2024-01-03-short.md': "title: 'Long $\\lambda$ title'\n"
                                        "short_title: 'Short $\\lambda$'\n",
                 '2024-01-04-prices.md': "title: 'From $5 to $10'\n"}
        for name, front in posts.items():
            with open(os.path.join(root, '_posts', name), 'w') as f:
                f.write('---\n' + front + '---\n' + filler)
        out = {}
        for what, src in (('book', root), ('post', os.path.join(
                root, '_posts', '2024-01-02-proving.md'))):
            pdf = os.path.join(TMP, 'titles-%s.pdf' % what)
            r = subprocess.run([QUIRE, src, '-o', pdf], capture_output=True,
                               text=True, timeout=120, env=sanitizer_env())
            if r.returncode != 0:
                raise AssertionError('quire failed: ' + r.stderr)
            out[what] = (pdf, r.stderr)
        _site.update(out)
    return _site


class MathTitles(unittest.TestCase):
    def test_title_block_typeset(self):
        pdf, err = title_site()['post']
        page = open_pdf(pdf).get_page(0)
        gs = [g for g in page_glyphs(page) if not g.c.isspace()]
        text = ''.join(g.c for g in gs)
        self.assertTrue(text.startswith('ProvingO(n2)boundsfor\u03b1'
                                        '\u2192\u03b2'), text[:40])
        self.assertNotIn('$', text)
        self.assertNotIn('\\', text)
        for ch in 'O2\u03b1\u2192\u03b2':
            self.assertIn('LatinModernMath', [g for g in gs if g.c == ch][0]
                          .font, ch)
        self.assertEqual(err, '')

    def test_metadata_title_plain(self):
        import pikepdf
        pdf, _ = title_site()['post']
        self.assertEqual(open_pdf(pdf).get_title(), PLAIN)
        with pikepdf.open(pdf) as p:
            self.assertEqual(str(p.open_metadata().get('dc:title')), PLAIN)

    def test_outline_contents_and_running_heads_plain(self):
        pdf, err = title_site()['book']
        doc = open_pdf(pdf)
        titles = [t for t, _, kids in quiretests.outline(doc)
                  for t, _, _ in kids] + [t for t, _, _ in
                                          quiretests.outline(doc)]
        self.assertIn(PLAIN, titles)
        self.assertIn('Long \u03bb title', titles)
        self.assertIn('From $5 to $10', titles)
        pages = [doc.get_page(i).get_text() for i in range(doc.get_n_pages())]
        self.assertTrue(any(PLAIN + ' .' in t for t in pages),
                        'no contents entry')
        # running heads: a page's first line
        heads = {t.split('\n')[0] for t in pages}
        self.assertIn(PLAIN, heads)
        self.assertIn('Short \u03bb', heads)
        for t in pages:
            self.assertNotIn('$O', t)
            self.assertNotIn('\\lambda', t)
        # the post's own title block in the book is typeset, as alone
        first = [i for i, t in enumerate(pages) if t.startswith('Proving')]
        gs = page_glyphs(doc.get_page(first[0]))
        self.assertIn('LatinModernMath', [g.font for g in gs
                                          if g.c == '\u03b1'][0])
        self.assertEqual(err, '')


if __name__ == '__main__':
    sys.exit(quiretests.run(sys.modules[__name__], 'quire-math-'))
