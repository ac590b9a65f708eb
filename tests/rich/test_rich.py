#!/usr/bin/python3
"""Rich content for print (issue 7): tables, footnotes, URL notes, code
highlighting and hyphenation, checked in the PDF with poppler-glib.

Environment: QUIRE (the binary), QUIRE_SOURCE (the source root). Prints
"N passed, N failed" last; exits 1 when a test failed.
"""
import copy
import functools
import json
import colorsys
import os
import re
import subprocess
import sys
import unittest

import pikepdf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..'))
import quiretests  # noqa: E402
from gi.repository import Poppler  # noqa: E402

SRC = quiretests.SRC
QUIRE = quiretests.QUIRE
HERE = os.path.join(SRC, 'tests', 'rich')
MM = 72 / 25.4
SHY = '\u00ad'
TMP = None
_cache = {}


def post(name):
    return os.path.join(HERE, name + '.md')


def render(name, *args):
    """Renders tests/rich/NAME.md; returns the open document (cached)."""
    key = (name, args)
    if key not in _cache:
        out = os.path.join(TMP, 'r%d.pdf' % len(_cache))
        r = subprocess.run([QUIRE, post(name), '-o', out, *args],
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise AssertionError('quire %s %s failed (%d): %s' %
                                 (name, args, r.returncode, r.stderr))
        problems = quiretests.qpdf_problems(out)
        if problems:
            raise AssertionError(problems)
        doc = quiretests.open_pdf(out)
        _cache[key] = (doc, out)
    return _cache[key][0]


def pdf_path(name, *args):
    render(name, *args)
    return _cache[(name, args)][1]


def body_of(name):
    text = open(post(name), encoding='utf-8').read()
    return text.split('\n---', 1)[1].split('\n', 1)[1]


glyphs = quiretests.page_glyphs


def lines(page):
    """The page's text lines as lists of glyphs (poppler's reading order,
    split at its newlines)."""
    out, cur = [], []
    for g in glyphs(page):
        if g.c == '\n':
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(g)
    if cur:
        out.append(cur)
    return out


def text_of(gs):
    return ''.join(g.c for g in gs)


def spaced(gs):
    """Glyphs as text, with a space where two glyphs stand apart (poppler
    joins the cells of a table row)."""
    out, prev = [], None
    for g in gs:
        if (prev is not None and not g.c.isspace() and not prev.c.isspace()
                and g.x1 - prev.x2 > 2.5):
            out.append(' ')
        out.append(g.c)
        prev = g
    return re.sub(r'\s+', ' ', ''.join(out)).strip()


def rows(page):
    """Glyphs grouped into visual rows: [(y centre, [glyphs])]."""
    return quiretests.rows(glyphs(page))


def words_of(gs):
    """[(word, left x)] of a row of glyphs, split at spaces and at gaps
    between cells; letters only."""
    out, cur, prev = [], [], None
    for g in gs + [None]:
        if g is None or not g.c.isalpha() or (
                prev is not None and g.x1 - prev.x2 > 1.5):
            if cur:
                out.append((text_of(cur), cur[0].x1))
            cur = []
        if g is not None and g.c.isalpha():
            cur.append(g)
        prev = g
    return out


def find_runs(gs, word):
    """Start indexes of word in the glyph list's text."""
    t = text_of(gs)
    return [m.start() for m in re.finditer(re.escape(word), t)]


links = quiretests.page_links


def inside(g, rect, slack=1.0):
    cx, cy = (g.x1 + g.x2) / 2, (g.y1 + g.y2) / 2
    return (rect[0] - slack <= cx <= rect[2] + slack and
            rect[1] - slack <= cy <= rect[3] + slack)


@functools.lru_cache(maxsize=None)
def body_size(*args):
    """The body size quire sets on the paper args name (A4 by default):
    the style's sizes scale with the paper."""
    r = subprocess.run([QUIRE, post('wide-table'), '--dump', *args],
                       capture_output=True, text=True, timeout=60)
    return float(re.search(r'^geometry .* body ([\d.]+)$', r.stdout,
                           re.M).group(1))


def is_bold(g):
    """Bold faces: LinLibertineOB, LinBiolinumOB, JetBrainsMono-Bold."""
    return bool(re.search(r'Bold|O[BZ]I?$', g.font))


def is_body(g, size=None):
    """Body text, at the size given or at A4's or A5's."""
    sizes = (size,) if size else (body_size(), body_size('--paper', 'a5'))
    return 'Libertine' in g.font and 'Display' not in g.font and \
        any(abs(g.size - s) < 0.05 for s in sizes)


class RichTest(unittest.TestCase):
    maxDiff = 2000


# 1. A long table splits between rows and repeats its header.

def table_rows(name):
    """[(cells)] of the GFM table in tests/rich/NAME.md, header first."""
    out = []
    for ln in body_of(name).split('\n'):
        if ln.startswith('|') and not re.match(r'^\|\s*:?-', ln):
            out.append([c.strip() for c in ln.strip().strip('|').split('|')])
    return out


class LongTable(RichTest):
    def setUp(self):
        self.doc = render('long-table')
        self.table = table_rows('long-table')
        self.header, self.body = self.table[0], self.table[1:]

    def pages_with_rows(self):
        out = []
        for i in range(self.doc.get_n_pages()):
            t = self.doc.get_page(i).get_text()
            if any(r[0] in t for r in self.body):
                out.append(i)
        return out

    def test_splits_across_pages(self):
        self.assertGreaterEqual(len(self.body), 80)
        self.assertGreaterEqual(len(self.pages_with_rows()), 2,
                                'an 80-row table fits on one page?')

    def test_header_repeated_at_top_of_table_on_every_page(self):
        for i in self.pages_with_rows():
            page = self.doc.get_page(i)
            rs = rows(page)
            first = [k for k, (y, gs) in enumerate(rs)
                     if re.match(r'W\d\d', text_of(gs))]
            self.assertTrue(first)
            above = rs[first[0] - 1][1]
            self.assertEqual(spaced(above).split(),
                             ' '.join(self.header).split(),
                             'page %d: the line above the first row is '
                             'not the header' % (i + 1))
            bold = [g for g in above if is_bold(g) or g.c.isspace()]
            self.assertEqual(len(bold), len(above),
                             'page %d: header row not bold' % (i + 1))

    def test_every_row_once_with_all_cells_in_order(self):
        seen = []
        for i in self.pages_with_rows():
            for y, gs in rows(self.doc.get_page(i)):
                t = spaced(gs)
                m = re.match(r'W\d\d\b', t)
                if m:
                    seen.append((m.group(0), t))
        self.assertEqual([s[0] for s in seen], [r[0] for r in self.body],
                         'rows missing, repeated or out of order')
        for (week, t), cells in zip(seen, self.body):
            self.assertEqual(t, ' '.join(cells),
                             'row %s not intact on one line' % week)

    def test_alignment_from_delimiter_row(self):
        rights, centres, lefts = [], [], []
        for i in self.pages_with_rows():
            page = self.doc.get_page(i)
            for y, gs in rows(page):
                t = spaced(gs)
                m = re.match(r'W\d\d\b', t)
                if not m:
                    continue
                week = m.group(0)
                cells = self.body[int(week[1:]) - 1]
                tt = text_of(gs)
                k = tt.index(cells[3], tt.index(cells[2]) + len(cells[2]))
                rights.append(gs[k + len(cells[3]) - 1].x2)
                k = tt.index(cells[2])
                centres.append((gs[k].x1 + gs[k + len(cells[2]) - 1].x2) / 2)
                k = tt.index(cells[4])
                lefts.append(gs[k].x1)
        for name, xs in (('right-aligned Count', rights),
                         ('centred Reserve', centres),
                         ('left-aligned Weather', lefts)):
            self.assertLess(max(xs) - min(xs), 0.6,
                            '%s column not aligned: %.2f..%.2f' %
                            (name, min(xs), max(xs)))
        counts = sorted(set(len(c[3]) for c in self.body))
        self.assertGreater(len(counts), 1, 'fixture: counts of one width')


# 2. A table too wide for the column.

class WideTable(RichTest):
    def setUp(self):
        self.doc = render('wide-table')
        self.page = self.doc.get_page(0)
        self.gs = glyphs(self.page)
        self.table = table_rows('wide-table')
        body = [g for g in self.gs if is_body(g) and not g.c.isspace()
                and g.c != SHY]
        self.col = (min(g.x1 for g in body), max(g.x2 for g in body))

    def test_column_is_the_style_margins(self):
        w = self.page.get_size()[0]
        r = subprocess.run([QUIRE, post('wide-table'), '--dump'],
                           capture_output=True, text=True, timeout=60)
        m = re.search(r'^geometry .* inner ([\d.]+) outer ([\d.]+) ',
                      r.stdout, re.M)
        inner, outer = float(m[1]), float(m[2])
        self.assertAlmostEqual(self.col[0], inner, delta=1.5)
        self.assertAlmostEqual(self.col[1], w - outer, delta=1.5)
        # the measure of the default style: about 68 characters of body
        # text; A4's margins are the paper's, not the old fixed 34 mm
        self.assertAlmostEqual(w - inner - outer, 29 * 11, delta=1)

    def test_all_glyphs_inside_column(self):
        # a table too wide for the column spreads evenly into the
        # margins, each side by at most a quarter of the two together
        w = self.page.get_size()[0]
        spread = (w - (self.col[1] - self.col[0])) / 4
        left, right = self.col[0] - spread, self.col[1] + spread
        cells = [g for g in self.gs if not is_body(g) and
                 not g.c.isspace()]
        self.assertLess(min(g.x1 for g in cells), self.col[0] - 1,
                        'the wide table stays in the column')
        self.assertAlmostEqual(self.col[0] - min(g.x1 for g in cells),
                               max(g.x2 for g in cells) - self.col[1],
                               delta=12)
        # a line-end hyphen of justified text may hang in the margin by
        # its own width, as in fine setting (optical margin alignment)
        out = [g for g in self.gs if not g.c.isspace() and
               (g.x1 < left - 0.5 or g.x2 > right + 0.5) and
               not (g.c in (SHY, '-') and g.x1 <= right + 0.5)]
        self.assertEqual(out, [], 'glyphs outside the text column '
                         '%.1f..%.1f' % (left, right))
        for kind, target, r in links(self.page):
            self.assertGreaterEqual(r[0], left - 1)
            self.assertLessEqual(r[2], right + 1)

    def cell_glyphs(self):
        url = [c for c in self.table[1] if c.startswith('http')][0]
        top = min(g.y1 for g in self.gs if g.c == 'R' and is_bold(g))
        return [g for g in self.gs if not g.c.isspace() and g.y1 >= top - 1
                and not is_body(g) and g.y1 < self.page.get_size()[1] - 80
                ], url

    def test_smaller_than_body_text(self):
        cells, _ = self.cell_glyphs()
        self.assertTrue(cells)
        sizes = set(round(g.size, 2) for g in cells)
        self.assertLess(max(sizes), body_size(), sizes)
        body_h = max(g.y2 - g.y1 for g in self.gs if is_body(g))
        cell_h = max(g.y2 - g.y1 for g in cells)
        self.assertLess(cell_h, body_h)

    def test_every_cell_present(self):
        text = re.sub(r'[\s\u00ad-]', '', self.page.get_text())
        for row in self.table:
            for c in row:
                self.assertIn(re.sub(r'[\s-]', '', c), text)

    def test_url_in_cell_is_exact_link(self):
        _, url = self.cell_glyphs()
        uris = [t for k, t, r in links(self.page) if k == 'uri']
        self.assertIn(url, uris)

    def test_url_keeps_its_own_hyphen(self):
        """getting-started.md: the URL's real hyphen is text, not a
        hyphenation point dropped on extraction."""
        _, url = self.cell_glyphs()
        joined = ''.join(g.c for g in self.gs
                         if not g.c.isspace() and g.c != SHY)
        self.assertIn(url, joined)

    def test_right_aligned_column_ends_at_one_x(self):
        col = [r[-1] for r in self.table]
        ends = []
        for y, gs in rows(self.page):
            t = text_of(gs)
            for c in col:
                if t.endswith(c):
                    ends.append(gs[-1].x2)
        self.assertEqual(len(ends), len(col), 'Seconds cells not found')
        self.assertLess(max(ends) - min(ends), 0.6, ends)

    def test_cell_words_break_at_hyphenation_points(self):
        """A cell word wider than its column breaks where the hyphenation
        dictionary allows ('Net-work-ing'), never 'Networki-ng'."""
        pts = hyphenation_points()
        if pts is None:
            self.skipTest('no ' + HYPH_DIC)
        words = set(w.strip(',') for r in self.table for c in r
                    for w in c.split() if w.strip(',').isalpha())
        toks = []              # (word, left x, row index)
        for k, (y, gs) in enumerate(rows(self.page)):
            for w, x in words_of(gs):
                toks.append((w, x, k))
        bad = []
        for a, ax, ak in toks:
            for b, bx, bk in toks:
                w = a + b
                if bk == ak + 1 and abs(ax - bx) < 1 and w in words and \
                        a not in words and len(a) not in pts(w):
                    bad.append(a + '-' + b)
        self.assertEqual(bad, [], 'cell words broken outside hyphenation '
                         'points')


HYPH_DIC = '/usr/share/hyphen/hyph_en_US.dic'


def hyphenation_points():
    """A function word -> set of allowed break offsets, from the Liang
    patterns of the system en_US dictionary (as libhyphen reads them);
    None when the dictionary is absent."""
    if not os.path.exists(HYPH_DIC):
        return None
    pats, lmin, rmin = {}, 2, 3
    for ln in open(HYPH_DIC, encoding='utf-8').read().split('\n')[1:]:
        ln = ln.strip()
        if ln.startswith('LEFTHYPHENMIN'):
            lmin = int(ln.split()[1])
        elif ln.startswith('RIGHTHYPHENMIN'):
            rmin = int(ln.split()[1])
        elif ln and not ln[0].isupper() and not ln.startswith('%'):
            letters = re.sub(r'\d', '', ln)
            nums = [0] * (len(letters) + 1)
            k = 0
            for ch in ln:
                if ch.isdigit():
                    nums[k] = int(ch)
                else:
                    k += 1
            pats[letters] = nums

    def points(word):
        w = '.' + word.lower() + '.'
        score = [0] * (len(w) + 1)
        for i in range(len(w)):
            for j in range(i + 1, len(w) + 1):
                p = pats.get(w[i:j])
                if p:
                    for k, v in enumerate(p):
                        score[i + k] = max(score[i + k], v)
        return set(i for i in range(lmin, len(word) - rmin + 1)
                   if score[i + 1] % 2)
    return points


# 3. Footnotes at the foot of the page of their mark.

def footnote_defs(name):
    body = body_of(name)
    defs = dict(re.findall(r'^\[\^([^\]]+)\]:\s*(.+)$', body, re.M))
    order = []
    for m in re.finditer(r'\[\^([^\]]+)\](?!:)', body):
        if m.group(1) not in order:
            order.append(m.group(1))
    return [(i + 1, defs[k]) for i, k in enumerate(order)]


class Footnotes(RichTest):
    def test_note_numbers_lead_back_to_their_marks(self):
        back = 0
        for i in range(self.doc.get_n_pages()):
            page = self.doc.get_page(i)
            gs = glyphs(page)
            body_bottom = max(g.y2 for g in gs if is_body(g))
            marks = {}
            for kind, dest, rect in links(page):
                if kind == 'dest' and rect[1] <= body_bottom:
                    n = text_of([g for g in gs if inside(g, rect, 0) and
                                 g.c.isdigit()])
                    marks.setdefault(n, rect)
            for kind, dest, rect in links(page):
                if kind != 'dest' or rect[1] <= body_bottom:
                    continue
                n = text_of([g for g in gs if inside(g, rect, 0) and
                             g.c.isdigit()])
                self.assertTrue(n.isdigit(), 'foot link over %r' % n)
                d = dest
                if d.type == Poppler.DestType.NAMED:
                    d = self.doc.find_dest(d.named_dest)
                # a note continued from an earlier page has no number
                self.assertEqual(d.page_num, i + 1, 'note %s leads to '
                                 'page %d' % (n, d.page_num))
                h = page.get_size()[1]
                self.assertIn(n, marks, 'note %s: no mark on its page' % n)
                self.assertLess(abs((h - d.top) - marks[n][1]), 20,
                                'note %s leads back near its mark' % n)
                back += 1
        self.assertGreaterEqual(back, len(self.notes))

    def setUp(self):
        self.doc = render('footnotes')
        self.notes = footnote_defs('footnotes')

    def note_line(self, page, n, text):
        for ln in lines(page):
            if text_of(ln).startswith('%d. ' % n):
                return ln
        return None

    def test_notes_spread_over_pages(self):
        pages = set()
        for i in range(self.doc.get_n_pages()):
            for n, text in self.notes:
                if self.note_line(self.doc.get_page(i), n, text):
                    pages.add(i)
        self.assertGreaterEqual(len(self.notes), 5)
        self.assertGreaterEqual(len(pages), 3, 'fixture: notes on one page')

    def test_each_note_once_on_page_of_its_mark_with_link(self):
        found = {}
        for i in range(self.doc.get_n_pages()):
            page = self.doc.get_page(i)
            h = page.get_size()[1]
            gs = glyphs(page)
            body_bottom = max(g.y2 for g in gs if is_body(g))
            for kind, dest, rect in links(page):
                # links in the foot are the notes' way back (below)
                if kind != 'dest' or rect[1] > body_bottom:
                    continue
                mark = [g for g in gs if inside(g, rect, 0) and
                        g.c.isdigit()]
                label = text_of(mark)
                self.assertTrue(label.isdigit(), 'dest link over %r' % label)
                n = int(label)
                self.assertNotIn(n, found, 'mark %d twice' % n)
                text = dict(self.notes)[n]
                ln = self.note_line(page, n, text)
                self.assertIsNotNone(ln, 'note %d not on page %d of its '
                                     'mark' % (n, i + 1))
                self.assertEqual(re.sub(r'\s+', ' ', text_of(ln)[len('%d. ' % n):]
                                        .replace(SHY, '')),
                                 text.replace("'", '\u2019'))
                self.assertGreater(ln[0].y1, body_bottom,
                                   'note %d not below the text' % n)
                d = dest
                if d.type == Poppler.DestType.NAMED:
                    d = self.doc.find_dest(d.named_dest)
                self.assertEqual(d.page_num, i + 1,
                                 'mark %d links to page %d' %
                                 (n, d.page_num))
                if d.change_top:
                    self.assertLess(abs((h - d.top) - ln[0].y1), 16,
                                    'mark %d lands %.0fpt from its note' %
                                    (n, (h - d.top) - ln[0].y1))
                found[n] = i
        self.assertEqual(sorted(found), [n for n, _ in self.notes])

    def test_marks_are_superscript(self):
        count = 0
        for i in range(self.doc.get_n_pages()):
            page = self.doc.get_page(i)
            gs = glyphs(page)
            body_bottom = max(g.y2 for g in gs if is_body(g))
            for kind, dest, rect in links(page):
                if kind != 'dest' or rect[1] > body_bottom:
                    continue
                k = [j for j, g in enumerate(gs)
                     if inside(g, rect, 0) and g.c.isdigit()][0]
                mark, before = gs[k], gs[k - 1]
                self.assertTrue(is_body(before), before)
                self.assertLess(mark.size, before.size * 0.85)
                self.assertLess(mark.y2, before.y2 - 2,
                                'mark not raised')
                count += 1
        self.assertEqual(count, len(self.notes))


# 4. URL notes with --style print.

def expected_url_notes(name):
    """Distinct external link targets in order, bare autolinks excluded."""
    out = []
    for text, uri in re.findall(r'(?<!!)\[([^\]]+)\]\(([^)\s]+)\)',
                                body_of(name)):
        if uri.startswith('http') and uri not in out:
            out.append(uri)
    return out


def all_uris(name):
    body = body_of(name)
    out = set(re.findall(r'\]\((https?://[^)\s]+)\)', body))
    out |= set(re.findall(r'<(https?://[^>]+)>', body))
    out |= set(re.findall(r'(?<![<(])\b(https?://[^\s>)]+)', body))
    return out


class UrlNotes(RichTest):
    def setUp(self):
        self.doc = render('url-notes', '--style', 'print')
        self.page = self.doc.get_page(0)
        self.expected = expected_url_notes('url-notes')
        self.note_lines = [text_of(ln) for ln in lines(self.page)
                           if re.match(r'\d+\. ', text_of(ln))]

    def test_one_note_per_distinct_url_in_order(self):
        self.assertEqual(self.doc.get_n_pages(), 1)
        want = ['%d. %s' % (i + 1, u) for i, u in enumerate(self.expected)]
        self.assertEqual(self.note_lines, want)

    def test_bare_urls_get_no_note_and_appear_once(self):
        text = self.page.get_text().replace('\n', '')
        bare = all_uris('url-notes') - set(self.expected)
        self.assertEqual(len(bare), 2)
        for u in bare:
            self.assertEqual(text.count(u), 1, u)

    def test_marks_follow_link_text_with_the_same_number(self):
        gs = glyphs(self.page)
        notes_top = min(ln[0].y1 for ln in lines(self.page)
                        if re.match(r'\d+\. ', text_of(ln)))
        seen = {}
        found = links(self.page)
        for kind, uri, rect in found:
            if kind != 'uri' or uri not in self.expected or \
                    rect[1] >= notes_top - 2:
                continue
            cover = [j for j, g in enumerate(gs) if inside(g, rect, 0)
                     and g.c.isalpha()]
            mark = gs[cover[-1] + 1]
            # a link broken across lines: its mark follows the last piece
            if mark.c.isspace() and any(
                    u == uri and 0 < r[1] - rect[1] < 30
                    for _, u, r in found):
                continue
            self.assertTrue(mark.c.isdigit(), 'no mark after %r' %
                            text_of(gs[cover[0]:cover[-1] + 2]))
            n = int(mark.c)
            self.assertEqual(n, self.expected.index(uri) + 1,
                             'mark after link to %s' % uri)
            self.assertLess(mark.size, gs[cover[-1]].size * 0.85,
                            'mark not smaller')
            self.assertLess(mark.y2, gs[cover[-1]].y2 - 2, 'mark not raised')
            seen.setdefault(uri, []).append(n)
        self.assertEqual(sorted(seen), sorted(self.expected))
        spec = 'https://spec.commonmark.org/0.31.2/'
        self.assertEqual(seen[spec], [1, 1])

    def test_links_clickable_with_exact_uris(self):
        uris = set(u for k, u, r in links(self.page) if k == 'uri')
        self.assertEqual(uris, all_uris('url-notes'))

    def test_no_notes_without_print_style(self):
        doc = render('url-notes')
        page = doc.get_page(0)
        self.assertFalse([text_of(ln) for ln in lines(page)
                          if re.match(r'\d+\. ', text_of(ln))])
        small = [g for g in glyphs(page) if g.c.isdigit() and
                 g.size < body_size() * 0.85 and 'Libertine' in g.font]
        self.assertEqual(small, [])
        uris = set(u for k, u, r in links(page) if k == 'uri')
        self.assertEqual(uris, all_uris('url-notes'))


# 5. Highlighted code.

def code_blocks(name):
    return re.findall(r'^```\w*\n(.*?)^```', body_of(name), re.M | re.S)


def hue_count(png, box):
    """Distinct hues (in 12 buckets) of saturated pixels inside box."""
    data = open(png, 'rb').read()
    m = re.match(rb'P6\s+(\d+)\s+(\d+)\s+(\d+)\s', data)
    w, h = int(m.group(1)), int(m.group(2))
    px = data[m.end():]
    hues = {}
    x1, y1, x2, y2 = (int(v) for v in box)
    for y in range(max(y1, 0), min(y2, h)):
        row = px[(y * w) * 3:(y * w + w) * 3]
        for x in range(max(x1, 0), min(x2, w)):
            r, g, b = row[x * 3], row[x * 3 + 1], row[x * 3 + 2]
            hh, ll, ss = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
            if ss > 0.35 and 0.15 < ll < 0.8:
                k = int(hh * 12) % 12
                hues[k] = hues.get(k, 0) + 1
    return sorted(k for k, v in hues.items() if v >= 20)


class Code(RichTest):
    def code_glyphs(self, doc):
        page = doc.get_page(0)
        return page, [g for g in glyphs(page) if 'Mono' in g.font]

    def test_code_text_intact(self):
        page, gs = self.code_glyphs(render('code'))
        got = re.sub(r'\s+', '', text_of(gs).replace('\u21aa', ''))
        want = re.sub(r'\s+', '', ''.join(code_blocks('code')))
        self.assertEqual(got, want)

    def test_code_lines_in_order(self):
        page, gs = self.code_glyphs(render('code'))
        got = [ln.strip() for ln in text_of(gs).split('\n') if ln.strip()]
        want = [ln.strip() for b in code_blocks('code')
                for ln in b.split('\n') if ln.strip()]
        self.assertEqual(got, want)

    def test_several_colours_in_text(self):
        page, gs = self.code_glyphs(render('code'))
        colours = set(g.rgb for g in gs if not g.c.isspace())
        self.assertGreaterEqual(len(colours), 4, colours)
        fonts = set(g.font for g in gs)
        self.assertTrue(any('Bold' in f for f in fonts), fonts)
        self.assertTrue(any('Italic' in f for f in fonts), fonts)

    def test_several_hues_in_pixels(self):
        doc = render('code')
        page, gs = self.code_glyphs(doc)
        box = (min(g.x1 for g in gs), min(g.y1 for g in gs),
               max(g.x2 for g in gs), max(g.y2 for g in gs))
        base = os.path.join(TMP, 'code')
        subprocess.run(['pdftoppm', '-r', '150', '-f', '1', '-l', '1',
                        pdf_path('code'), base], check=True, timeout=30)
        png = [f for f in os.listdir(TMP) if f.startswith('code')][0]
        s = 150 / 72
        hues = hue_count(os.path.join(TMP, png),
                         [v * s for v in box])
        self.assertGreaterEqual(len(hues), 3, hues)

    def test_print_style_greyscale_with_weight(self):
        page, gs = self.code_glyphs(render('code', '--style', 'print'))
        colours = set(g.rgb for g in gs if not g.c.isspace())
        self.assertTrue(all(r == g == b for r, g, b in colours), colours)
        self.assertGreaterEqual(len(colours), 2)
        fonts = set(g.font for g in gs)
        self.assertTrue(any('Bold' in f for f in fonts), fonts)
        self.assertTrue(any('Italic' in f for f in fonts), fonts)
        got = re.sub(r'\s+', '', text_of(gs).replace('\u21aa', ''))
        self.assertEqual(got, re.sub(r'\s+', '', ''.join(code_blocks('code'))))

    def test_python_soft_keyword_used_as_name_is_not_a_keyword(self):
        """`match` as a variable (`for match in ...`) is a name, not the
        3.10 statement keyword."""
        page, gs = self.code_glyphs(render('code'))
        t = text_of(gs)
        k = t.index('for match in') + 4
        self.assertNotEqual(gs[k].rgb, gs[k - 4].rgb,
                            '`match` drawn as a keyword')


# 6. Hyphenation and justification.

def paragraphs(name):
    """The plain paragraphs of a post (no headings, code, lists)."""
    body = re.sub(r'^```.*?^```\n', '', body_of(name), flags=re.M | re.S)
    return [p.strip().replace('\n', ' ') for p in body.split('\n\n')
            if p.strip() and not p.strip().startswith(('#', '|', '-', '['))]


def ends_hyphen(gs):
    return bool(gs) and gs[-1].c in (SHY, '-', '\u2010')


class Hyphenation(RichTest):
    def setUp(self):
        self.doc = render('hyphenation', '--paper', 'a5')
        self.lines = []
        for i in range(self.doc.get_n_pages()):
            # poppler cuts a widely spaced justified line in pieces: join
            # pieces that stand on one baseline
            for ln in lines(self.doc.get_page(i)):
                if self.lines and ln and self.lines[-1] and abs(
                        ln[0].y2 - self.lines[-1][-1].y2) < 1 and \
                        ln[0].x1 > self.lines[-1][-1].x2:
                    gap = copy.copy(ln[0])
                    gap.c = ' '
                    self.lines[-1] += [gap] + ln
                else:
                    self.lines.append(ln)
        self.body = [ln for ln in self.lines if all(
            is_body(g) or g.c.isspace() for g in ln) and
            len(text_of(ln)) > 1 and not text_of(ln).isdigit()]

    def test_a5_is_narrow(self):
        self.assertAlmostEqual(self.doc.get_page(0).get_size()[0],
                               148 * MM, delta=1)

    def test_line_end_hyphens(self):
        n = sum(1 for ln in self.body if ends_hyphen(ln))
        self.assertGreaterEqual(n, 4)

    def test_joined_text_rejoins_source_words(self):
        joined = ''
        for ln in self.body:
            t = text_of(ln)
            if ends_hyphen(ln):
                joined += t[:-1]
            else:
                joined += t + ' '
        words = set(joined.split())
        for p in paragraphs('hyphenation'):
            for w in p.split():
                if w.startswith('http'):
                    continue
                self.assertIn(w, words, 'source word lost: %r' % w)

    def test_no_soft_hyphen_inside_a_line(self):
        for ln in self.lines:
            t = text_of(ln)
            self.assertNotIn(SHY, t[:-1], t)

    def test_at_most_two_hyphenated_lines_in_a_row(self):
        for name, args in (('hyphenation', ('--paper', 'a5')),
                           ('hyphenation', ())):
            doc = render(name, *args)
            run = worst = 0
            where = ''
            for i in range(doc.get_n_pages()):
                for ln in lines(doc.get_page(i)):
                    run = run + 1 if ends_hyphen(ln) else 0
                    if run > worst:
                        worst, where = run, text_of(ln)
            self.assertLessEqual(worst, 2, '%s %s: %d hyphenated lines in '
                                 'a row, up to %r' % (name, args, worst,
                                                      where))

    def test_body_is_justified(self):
        ends = [round(ln[-1].x2) for ln in self.body]
        right = max(set(ends), key=ends.count)
        blocks = [[]]
        for ln in self.body:
            blocks[-1].append(ln)
            if not ends_hyphen(ln) and text_of(ln).endswith('.'):
                blocks.append([])
        # a paragraph holding an unbreakable URL is set ragged when
        # justifying it would open gaps (measure.c justify_if_even)
        full = [ln for b in blocks for ln in b[:-1]
                if not any('://' in text_of(x) for x in b)]
        self.assertGreater(len(full), 5)
        for ln in full:
            self.assertAlmostEqual(ln[-1].x2, right, delta=1,
                                   msg=text_of(ln))

    def assert_words_whole(self, words, lns, what):
        texts = [text_of(ln) for ln in lns]
        for ln in lns:
            self.assertFalse(ends_hyphen(ln), '%s hyphenated: %r' %
                             (what, text_of(ln)))
        for w in words:
            self.assertTrue(any(re.search(r'(^|\s)%s(\s|$)' % re.escape(w), t)
                                for t in texts),
                            '%s word %r broken across lines: %r' %
                            (what, w, texts))

    def test_title_and_headings_not_broken(self):
        body = body_of('hyphenation')
        title = re.search(r'^title:\s*(.+)$',
                          open(post('hyphenation')).read(), re.M).group(1)
        heads = re.findall(r'^#+\s+(.+)$', body, re.M)
        # headings: Linux Biolinum bold (LinBiolinumOB); title: Display
        lns = [ln for ln in self.lines
               if any('Biolinum' in g.font and ('Bold' in g.font or
                      g.font.endswith('OB')) or 'Display' in g.font
                      for g in ln)]
        self.assertTrue(lns)
        self.assert_words_whole(title.split() + [w for h in heads
                                                 for w in h.split()],
                                lns, 'heading')

    def test_code_not_hyphenated(self):
        lns = [ln for ln in self.lines if any('Mono' in g.font for g in ln)]
        src = ''.join(code_blocks('hyphenation'))
        got = ''.join(text_of(ln).replace('\u21aa', '') for ln in lns)
        self.assertEqual(re.sub(r'\s+', '', got), re.sub(r'\s+', '', src))
        for ln in lns:
            self.assertFalse(ends_hyphen(ln), text_of(ln))

    def test_url_not_hyphenated(self):
        url = re.search(r'https://\S+', body_of('hyphenation')).group(0)
        text = ''.join(text_of(ln) for ln in self.lines)
        self.assertIn(url, text)
        self.assertNotIn(SHY, url)
        for ln in self.lines:
            t = text_of(ln)
            if ends_hyphen(ln):
                self.assertNotIn('/', t.split()[-1], t)


def typo(path):
    """bench/typo's measures of the PDF at path (the issue's table)."""
    r = subprocess.run([os.path.join(SRC, 'bench', 'typo'), '--json',
                        path], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise AssertionError('bench/typo failed: ' + r.stderr)
    return json.loads(r.stdout)[path]


class Composition(RichTest):
    """Total-fit breaking and the page geometry, read off the PDF."""

    def test_measure_and_spaces_on_a4_and_a5(self):
        for args, lo, hi in (((), 60, 75), (('--paper', 'a5'), 45, 70)):
            with self.subTest(paper=args):
                t = typo(pdf_path('composition', *args))
                self.assertGreater(t['full lines'], 20)
                self.assertTrue(lo <= t['chars/line'] <= hi, t)
                self.assertEqual(t['space>0.7em'], 0, t)
                # the 2 %, or one line of a short sample
                loose = round(t['space>0.5em'] * t['full lines'] / 100)
                self.assertLessEqual(loose, max(1, t['full lines'] // 50),
                                     t)
                self.assertEqual(t['short lines'], 0, t)
                self.assertEqual(t['hyphen ends'], 0, t)
                self.assertEqual(t['dash breaks'], 0, t)

    def mono_lines(self, doc):
        for i in range(doc.get_n_pages()):
            for ln in lines(doc.get_page(i)):
                yield ln

    def test_option_never_broken_after_its_dash(self):
        for args in ((), ('--paper', 'a5'), ('--paper', 'letter')):
            doc = render('composition', *args)
            prev = None
            for ln in self.mono_lines(doc):
                if prev and prev[-1].c == '-' and 'Mono' in prev[-1].font \
                        and (len(prev) < 2 or prev[-2].c.isspace() or
                             'Mono' not in prev[-2].font) and \
                        'Mono' in ln[0].font:
                    self.fail('%s: %r / %r' % (args, text_of(prev[-12:]),
                                               text_of(ln[:12])))
                prev = ln

    def test_letters_spaced_a_little(self):
        """A justified line's letters take a little of its stretch, so
        that its word spaces open less: the word "the" is set wider on
        some lines than its natural width (its narrowest), never by more
        than 2 % of its width at the looser tolerance (a ratio of 3)."""
        widths = []
        for args in ((), ('--paper', 'a5')):
            doc = render('composition', *args)
            for i in range(doc.get_n_pages()):
                for ln in lines(doc.get_page(i)):
                    t = text_of(ln)
                    for m in re.finditer(r'(?<= )the(?= )', t):
                        a, b = ln[m.start()], ln[m.end() - 1]
                        if 'Libertine' in a.font:
                            widths.append((a.size, b.x2 - a.x1))
        for size in {s for s, w in widths}:
            ws = [w for s, w in widths if s == size]
            natural = min(ws)
            self.assertGreater(len(ws), 10)
            self.assertLessEqual(max(ws), natural * 1.065, size)
            self.assertGreater(max(ws), natural * 1.004, size)

    def test_code_spaces_keep_their_width(self):
        """In justified lines, a space inside inline code is one
        character of the monospaced font wide, whatever the word spaces
        around it are stretched to."""
        seen = 0
        for args in ((), ('--paper', 'a5')):
            doc = render('composition', *args)
            for ln in self.mono_lines(doc):
                for a, sp, b in zip(ln, ln[1:], ln[2:]):
                    if sp.c == ' ' and 'Mono' in a.font and \
                            'Mono' in b.font:
                        seen += 1
                        self.assertAlmostEqual(b.x1 - a.x2, a.x2 - a.x1,
                                               delta=0.3, msg=text_of(ln))
        self.assertGreater(seen, 5)

    def test_double_space_set_as_one(self):
        doc = render('composition')
        for ln in self.mono_lines(doc):
            t = text_of(ln)
            i = t.find('Two')
            if i < 0 or not t[i:].startswith('Two  spaces') and \
                    not t[i:].startswith('Two spaces'):
                continue
            gaps = [b.x1 - a.x2 for a, sp, b in zip(ln, ln[1:], ln[2:])
                    if sp.c == ' ' and not a.c.isspace() and
                    not b.c.isspace()]
            two = ln[i + 2].x2
            spaces = next(g for g in ln[i + 3:] if g.c == 's')
            gaps.sort()
            self.assertAlmostEqual(spaces.x1 - two, gaps[len(gaps) // 2],
                                   delta=0.5, msg=t)
            return
        self.fail('no line with "Two spaces"')

    def test_geometry_follows_the_paper(self):
        """The column is about 29 ems of the body size; A5 sets smaller
        type than A4 and smaller margins, and a title scales with it."""
        out = {}
        for args in ((), ('--paper', 'a5')):
            r = subprocess.run([QUIRE, post('composition'), '--dump', *args],
                               capture_output=True, text=True, timeout=60)
            m = re.search(r'^geometry page ([\d.]+)x([\d.]+) margins top '
                          r'([\d.]+) bottom ([\d.]+) inner ([\d.]+) outer '
                          r'([\d.]+) body ([\d.]+)$', r.stdout, re.M)
            out[args] = [float(v) for v in m.groups()]
        a4, a5 = out[()], out[('--paper', 'a5')]
        for w, h, top, bottom, inner, outer, body in (a4, a5):
            self.assertAlmostEqual(inner, outer, delta=0.1)   # one-sided
            self.assertAlmostEqual(w - inner - outer, min(29 * body,
                                                          w * 2 / 3),
                                   delta=0.5)
            self.assertAlmostEqual(top / h, 0.09, delta=0.001)
        self.assertLess(a5[6], a4[6])
        self.assertGreaterEqual(a5[6], 9)
        self.assertLess(a5[2], a4[2])

    def test_running_head_cut_at_a_word(self):
        """A post title too long for the running head is cut after a
        whole word with an ellipsis, and the head's letter-spacing leaves
        its words whole in the extracted text."""
        title = re.search(r'^title: (.*)$', open(post('long-title')).read(),
                          re.M).group(1)
        out = os.path.join(TMP, 'heads.pdf')
        for args in ((), ('--paper', 'a5')):
            subprocess.run([QUIRE, post('composition'), post('long-title'),
                            '-o', out, *args], check=True,
                           capture_output=True, timeout=60)
            doc = quiretests.open_pdf(out)
            heads = set()
            for i in range(doc.get_n_pages()):
                page = doc.get_page(i)
                for ln in lines(page):
                    t = text_of(ln).strip()
                    # above the top margin (9 % of the page)
                    if ln and ln[0].y2 < 0.09 * page.get_size()[1] \
                            and t.endswith('\u2026'):
                        heads.add(t)
            self.assertTrue(heads, args)
            for h in heads:
                cut = h[:-1].rstrip()
                self.assertTrue(title.startswith(cut), (args, h))
                # after a whole word: the title goes on with a space
                self.assertEqual(title[len(cut)], ' ', (args, h))

    def test_running_head_is_the_short_title(self):
        """A post's short_title front matter key, when given, is its
        running head, whole, instead of the title cut short."""
        short = re.search(r'^short_title: (.*)$',
                          open(post('short-title')).read(), re.M).group(1)
        out = os.path.join(TMP, 'short.pdf')
        subprocess.run([QUIRE, post('composition'), post('short-title'),
                        '-o', out], check=True, capture_output=True,
                       timeout=60)
        doc = quiretests.open_pdf(out)
        heads = []
        for i in range(doc.get_n_pages()):
            page = doc.get_page(i)
            for ln in lines(page):
                if ln and ln[0].y2 < 0.09 * page.get_size()[1]:
                    heads.append(text_of(ln).strip())
        self.assertIn(short, heads)
        self.assertFalse([h for h in heads if h.endswith('\u2026')], heads)

    def test_wrapped_code_hangs_two_columns_in(self):
        """A wrapped listing line goes on two columns in from its own
        indentation, its mark inside the code column, not in the
        gutter."""
        out = os.path.join(TMP, 'starter.pdf')
        subprocess.run([QUIRE, os.path.join(SRC, 'samples', '2024-03-09-'
                        'a-starter-in-winter.md'), '-o', out], check=True,
                       capture_output=True, timeout=60)
        doc = quiretests.open_pdf(out)
        marks = 0
        for i in range(doc.get_n_pages()):
            rows = [[g for g in ln if not g.c.isspace()]
                    for ln in lines(doc.get_page(i))]
            code = [r for r in rows if r and all(
                'Mono' in g.font or g.c == '\u21aa' for g in r)]
            if not code:
                continue
            left = min(r[0].x1 for r in code if r[0].c != '\u21aa')
            for r in code:
                if r[0].c != '\u21aa':
                    own = r[0].x1
                    continue
                marks += 1
                adv = r[1].x2 - r[1].x1
                self.assertGreaterEqual(r[0].x1, left - 0.5)
                self.assertAlmostEqual(r[1].x1, own + 2 * adv, delta=0.6)
        self.assertGreater(marks, 1)

    def test_wrapped_code_keeps_its_indentation(self):
        """On A5 a continuation row starts two columns in from its own
        line's indentation, its mark inside the code column before it,
        and a line wraps after a space, ',', '(', '|' or ';'."""
        doc = render('code-wrap', '--paper', 'a5')
        src = [ln for ln in re.findall(r'```\w*\n(.*?)```',
                                       body_of('code-wrap'), re.S)
               for ln in ln.split('\n') if ln.strip()]
        rows = []
        for i in range(doc.get_n_pages()):
            for ln in lines(doc.get_page(i)):
                r = [g for g in ln if not g.c.isspace()]
                if r and all('Mono' in g.font or g.c == '\u21aa'
                             for g in r):
                    rows.append(r)
        left = min(r[0].x1 for r in rows if r[0].c != '\u21aa')
        adv = rows[0][1].x2 - rows[0][1].x1
        marks, start, k, at = 0, None, -1, 0
        for r in rows:
            if r[0].c != '\u21aa':
                start, k, at = r, k + 1, 0
                text = src[k]
            else:
                marks += 1
                own = start[0].x1
                self.assertGreaterEqual(r[0].x1, left - 0.5)
                self.assertLessEqual(r[0].x2, r[1].x1 + 0.5)
                self.assertAlmostEqual(r[1].x1, own + 2 * adv, delta=0.6,
                                       msg=text_of(r))
                # the row before ended at a token boundary
                before = text[:at].rstrip()
                self.assertTrue(' ' in text[at - 1:at + 1] or
                                before[-1] in ',(|;', (before, text[at:]))
            t = text_of([g for g in r if g.c != '\u21aa'])
            nospace = re.sub(r'\s', '', t)
            # find where this row's text ends in the source line
            n = 0
            while n < len(nospace):
                if not text[at].isspace():
                    self.assertEqual(text[at], nospace[n], (text, t))
                    n += 1
                at += 1
            while at < len(text) and text[at] == ' ' and \
                    at + 1 < len(text) and text[at + 1] == ' ':
                at += 1
        self.assertEqual(k, len(src) - 1)
        self.assertGreater(marks, 3)

    def test_two_sided_margins_mirror(self):
        """A --recto booklet is two-sided: right-hand pages have the
        narrower (inner) margin on the left, left-hand pages on the
        right."""
        out = os.path.join(TMP, 'recto.pdf')
        subprocess.run([QUIRE, post('composition'), post('hyphenation'),
                        '--recto', '-o', out], check=True,
                       capture_output=True, timeout=60)
        doc = quiretests.open_pdf(out)
        left = {0: [], 1: []}
        right = {0: [], 1: []}
        for i in range(doc.get_n_pages()):
            page = doc.get_page(i)
            if not page.get_text():
                continue        # a blank page (--recto)
            body = [g for g in glyphs(page) if is_body(g)
                    and not g.c.isspace()]
            if len(body) > 200:
                left[(i + 1) % 2].append(min(g.x1 for g in body))
                right[(i + 1) % 2].append(max(g.x2 for g in body))
        w = doc.get_page(0).get_size()[0]
        self.assertTrue(left[0] and left[1], left)
        recto_l, verso_l = min(left[1]), min(left[0])
        recto_r, verso_r = max(right[1]), max(right[0])
        self.assertLess(recto_l + 10, verso_l)          # inner < outer
        self.assertAlmostEqual(recto_l, w - verso_r, delta=2)
        self.assertAlmostEqual(verso_l, w - recto_r, delta=2)


# 7. Six heading levels, each its own look.

class Headings(RichTest):
    """Each heading level of headings.md looks unlike the others and
    unlike the body: face, size, or small capitals."""

    def setUp(self):
        self.titles = re.findall(r'^(#{1,6}) (.+)$', body_of('headings'),
                                 re.M)
        self.assertEqual([len(h) for h, _ in self.titles],
                         [1, 2, 3, 4, 5, 6], 'fixture: one of each level')
        self.rows = rows(render('headings').get_page(0))
        self.body = {}          # letter -> width, in body text
        self.body_font = ('LinLibertineO', round(body_size(), 2))
        for y, gs in self.rows:
            if all(is_body(g, body_size()) for g in gs):
                for g, n in zip(gs, gs[1:]):
                    if g.c.isalpha() and n.c.isalpha():
                        self.body.setdefault(g.c, g.x2 - g.x1)

    def heading(self, title):
        found = [gs for y, gs in self.rows if text_of(gs) == title]
        self.assertEqual(len(found), 1, 'heading %r on one line' % title)
        return found[0]

    def small_caps(self, gs):
        """Whether the lower-case letters are the body face's other
        glyphs: in the body's font and size, each wider than the same
        letter of the body by its own amount (letter-spacing alone
        widens every letter alike)."""
        if (gs[0].font, round(gs[0].size, 2)) != self.body_font:
            return False
        diffs = [(g.x2 - g.x1) - self.body[g.c] for g, n in zip(gs, gs[1:])
                 if g.c.islower() and n.c.isalpha() and g.c in self.body]
        self.assertGreaterEqual(len(diffs), 5)
        return min(diffs) > 0 and max(diffs) - min(diffs) > 0.5

    def look(self, gs):
        """(family, bold, italic, small capitals, size) of a line."""
        fonts = set((g.font, round(g.size, 2)) for g in gs
                    if not g.c.isspace())
        self.assertEqual(len(fonts), 1, fonts)
        font, size = fonts.pop()
        m = re.match(r'Lin(Libertine|Biolinum)(?:Display)?O([BZ]?)(I?)$',
                     font)
        self.assertIsNotNone(m, font)
        return (m[1], bool(m[2]), bool(m[3]), self.small_caps(gs), size)

    def test_every_level_looks_its_own(self):
        """No two levels alike, and each clearly unlike the others: by
        2 pt in size or in two ways of family, weight, slant, small
        capitals and size."""
        looks = [self.look(self.heading(t)) for _, t in self.titles]
        body = ('Libertine', False, False, False, self.body_font[1])
        for i, a in enumerate(looks):
            self.assertNotEqual(a, body, 'h%d looks like the body' % (i + 1))
            for j in range(i):
                b = looks[j]
                ways = sum(x != y for x, y in zip(a[:4], b[:4])) + \
                    (abs(a[4] - b[4]) >= 1)
                self.assertTrue(abs(a[4] - b[4]) >= 2 or ways >= 2,
                                'h%d %r and h%d %r too alike'
                                % (j + 1, b, i + 1, a))

    def test_sizes_do_not_grow_with_depth(self):
        sizes = [self.look(self.heading(t))[4] for _, t in self.titles]
        self.assertEqual(sizes, sorted(sizes, reverse=True))
        self.assertGreaterEqual(min(sizes), round(body_size(), 2))

    def test_small_capitals_keep_their_text(self):
        """h5 is set in small capitals, and its text is still the
        source's, not upper-cased."""
        _, h5 = self.titles[4]
        gs = self.heading(h5)
        self.assertTrue(self.small_caps(gs))
        self.assertEqual(text_of(gs), h5)


# 8. Tables ruled as booktabs sets them.

def drawn_lines(path, index):
    """Every straight stroke and every thin filled rectangle (a rule
    drawn as a fill) of page index of the PDF at path, in top-down page
    points: [(x1, y1, x2, y2, thickness)]."""
    pdf = pikepdf.open(path)
    page = pdf.pages[index]
    h = float(page.mediabox[3])
    ctm, stack, width = (1, 0, 0, 1, 0, 0), [], 1.0
    path_pts, out = [], []

    def mul(m, n):
        a, b, c, d, e, f = m
        A, B, C, D, E, F = n
        return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                e * A + f * C + E, e * B + f * D + F)

    def at(x, y):
        a, b, c, d, e, f = ctm
        return (a * x + c * y + e, h - (b * x + d * y + f))

    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        v = [float(x) for x in operands
             if isinstance(x, (int, float)) or type(x).__name__ == 'Decimal']
        if op == 'q':
            stack.append((ctm, width))
        elif op == 'Q':
            ctm, width = stack.pop()
        elif op == 'cm':
            ctm = mul(tuple(v), ctm)
        elif op == 'w':
            width = v[0] * abs(ctm[3] or ctm[0])
        elif op == 'm':
            path_pts = [[at(*v)]]
        elif op == 'l':
            path_pts[-1].append(at(*v))
        elif op == 're':
            x, y, w, hh = v
            path_pts.append([at(x, y), at(x + w, y), at(x + w, y + hh),
                             at(x, y + hh)])
        elif op == 'S':
            for pts in path_pts:
                for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
                    out.append((x1, y1, x2, y2, width))
            path_pts = []
        elif op in ('f', 'f*'):
            for pts in path_pts:
                xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                w, hh = max(xs) - min(xs), max(ys) - min(ys)
                if len(pts) == 4 and min(w, hh) < 2:
                    if w >= hh:
                        y = (min(ys) + max(ys)) / 2
                        out.append((min(xs), y, max(xs), y, hh))
                    else:
                        x = (min(xs) + max(xs)) / 2
                        out.append((x, min(ys), x, max(ys), w))
            path_pts = []
        elif op == 'n':
            path_pts = []
    return out


def table_glyph_rows(name, index, *args):
    """The rows [(y, glyphs)] of page index that begin with a first cell
    of NAME.md's table (a cell's second line, if any, is left out)."""
    firsts = set(r[0] for r in table_rows(name))
    return [(y, gs) for y, gs in rows(render(name, *args).get_page(index))
            if spaced(gs).split(' ')[0] in firsts]


class TableRules(RichTest):
    """Top, middle (below the header) and bottom rules only."""

    def table_lines(self, name, index):
        """The rules across the table's rows on page index, top to
        bottom, and the rows [(y, glyphs)] of its cells."""
        cells = table_glyph_rows(name, index)
        top, bottom = cells[0][0] - 15, cells[-1][0] + 15
        left = min(g.x1 for y, gs in cells for g in gs)
        right = max(g.x2 for y, gs in cells for g in gs)
        found = [ln for ln in drawn_lines(pdf_path(name), index)
                 if top <= min(ln[1], ln[3]) and max(ln[1], ln[3]) <= bottom
                 and min(ln[0], ln[2]) < right and max(ln[0], ln[2]) > left]
        return sorted(found, key=lambda ln: ln[1]), cells

    def check_booktabs(self, lines, cells, header):
        upright = [ln for ln in lines if abs(ln[1] - ln[3]) > 0.01]
        self.assertEqual(upright, [], 'upright or slanted rules')
        self.assertEqual(len(lines), 3, lines)
        top, mid, bottom = lines
        self.assertLess(top[1], cells[0][0])
        self.assertGreater(bottom[1], cells[-1][0])
        self.assertGreater(mid[1], cells[header - 1][0])
        self.assertLess(mid[1], cells[header][0])
        self.assertAlmostEqual(top[4], bottom[4], places=3)
        self.assertGreater(top[4], mid[4] * 1.3, 'top and bottom rules '
                           'not heavier than the middle one')
        for ln in lines:
            self.assertAlmostEqual(ln[2] - ln[0], top[2] - top[0], delta=0.1)

    def test_simple_table_has_three_rules(self):
        lines, cells = self.table_lines('booktabs', 0)
        self.assertEqual(len(cells), 5, 'fixture: header and four rows')
        self.check_booktabs(lines, cells, 1)

    def test_each_page_of_a_long_table_has_three_rules(self):
        doc = render('long-table')
        pages = [i for i in range(doc.get_n_pages())
                 if 'W0' in doc.get_page(i).get_text()
                 or 'W5' in doc.get_page(i).get_text()]
        self.assertGreaterEqual(len(pages), 2)
        for i in pages:
            with self.subTest(page=i + 1):
                lines, cells = self.table_lines('long-table', i)
                self.check_booktabs(lines, cells, 1)


# 9. Narrow columns: the table set smaller before its words break.

@functools.lru_cache(maxsize=None)
def table_size():
    """The table's type size in styles/default.yaml (A4's)."""
    text = open(os.path.join(SRC, 'styles', 'default.yaml'),
                encoding='utf-8').read()
    return float(re.search(r'^table:.*\bsize: ([\d.]+)', text, re.M)[1])


class NarrowCells(RichTest):
    def cells(self, name, *args):
        """The glyphs of the table's cells on page 1: those from its
        header row's top down to its last row."""
        rs = table_glyph_rows(name, 0, *args)
        self.assertEqual(len(rs), len(table_rows(name)), 'rows not found')
        top, bottom = rs[0][0] - 3, rs[-1][0] + 30
        page = render(name, *args).get_page(0)
        return [g for g in glyphs(page) if top <= (g.y1 + g.y2) / 2 <= bottom
                and g.size < body_size(*args) - 0.05]

    def assert_words_whole(self, name, *args):
        """Every word of the table's cells is set whole: no soft hyphen
        shown, no fragment, every word once found."""
        gs = self.cells(name, *args)
        self.assertNotIn(SHY, text_of(gs), 'a hyphenated word')
        want = set(w for r in table_rows(name) for c in r
                   for w in re.findall(r'[A-Za-z]+', c))
        got = set()
        for y, row in quiretests.rows([g for g in gs]):
            got |= set(w for w, x in words_of(row))
        self.assertEqual(got - want, set(), 'fragments of words')
        self.assertEqual(want - got, set(), 'words not found whole')
        return set(round(g.size, 2) for g in gs if not g.c.isspace())

    def test_set_smaller_not_hyphenated(self):
        """Eight columns of long words: the table steps down, not below
        7.5 pt, and every word fits whole."""
        sizes = self.assert_words_whole('narrow-cells')
        self.assertEqual(len(sizes), 1, sizes)
        size = sizes.pop()
        self.assertLess(size, table_size())
        self.assertGreaterEqual(size, 7.5)

    def test_words_that_fit_are_not_hyphenated(self):
        """On A5 a table whose columns can hold their widest words whole
        breaks none of them (was 'plat-form')."""
        self.assert_words_whole('near-fit', '--paper', 'a5')

    def test_normal_table_keeps_its_size(self):
        sizes = set(round(g.size, 2) for g in self.cells('booktabs')
                    if not g.c.isspace())
        self.assertEqual(sizes, {table_size()})


class LongUrls(RichTest):
    """URLs, paths and long code tokens in a justified paragraph break at
    their own punctuation (or, where nothing else fits, between two
    letters), show no hyphen there, and leave no line loose or short,
    even in A5's narrow measure (tests/rich/long-urls.md)."""

    PAPERS = ((), ('--paper', 'a5'))

    def test_no_loose_or_short_lines(self):
        for args in self.PAPERS:
            with self.subTest(paper=args):
                t = typo(pdf_path('long-urls', *args))
                self.assertGreaterEqual(t['full lines'], 10, t)
                self.assertEqual(t['space>0.7em'], 0, t)
                self.assertEqual(t['space>0.5em'], 0, t)
                self.assertEqual(t['short lines'], 0, t)
                self.assertEqual(t['hyphen ends'], 0, t)

    def test_urls_copy_as_written(self):
        """The lines joined give every address exactly (no hyphen added
        at a break), no line ends in a URL's own hyphen (which reads as
        hyphenation), and each address is one link to itself."""
        urls = re.findall(r'https?://[^\s)*]+', body_of('long-urls'))
        self.assertEqual(len(urls), 6)
        for args in self.PAPERS:
            doc = render('long-urls', *args)
            text, targets = '', set()
            for i in range(doc.get_n_pages()):
                page = doc.get_page(i)
                for ln in lines(page):
                    t = text_of(ln).strip()
                    if t.startswith('\u2022'):
                        t = t[1:].strip()
                    if t.endswith('-') and '/' in t.split()[-1]:
                        self.fail('%s: URL line ends in a hyphen: %r' %
                                  (args, t))
                    text += t
                targets |= {u for k, u, r in links(page) if k == 'uri'}
            joined = text.replace(' ', '')
            for u in urls:
                self.assertIn(u, joined, args)
                self.assertIn(u, targets, args)


if __name__ == '__main__':
    sys.exit(quiretests.run(sys.modules[__name__], 'quire-rich-'))
