#!/usr/bin/python3
"""test-matter.py - the booklet's contents and index set as a book's.

Contents: no entry is split over pages (its title, date line and excerpt
stand on one page), an excerpt takes at most two lines, cut after a word
with an ellipsis when longer, with curly quotes; the contents' pages
after the first carry the running head "Contents" and their folio.
Index: two columns on A4 (one on A5), each entry's wrapped lines hanging
right of its first, which is right of its term; a term repeated with
"(cont.)" exactly where its posts go on in another column or page; the
structure tree reads the index column by column, terms in alphabetical
order; with --recto it starts on a right-hand page.

usage: test-matter.py [corpus]   -- a generated site, or
../shared/corpus/devblackops (skipped, 77, when absent).
"""
import html
import io
import os
import re
import sys

import pikepdf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfbook  # noqa: E402
import quiretests  # noqa: E402
from pdfbook import CONT, norm, squash  # noqa: E402

WORDS = ('ink paper margin quire folio signature press type leading '
         'gutter recto verso colophon imprint serif ligature kerning '
         'measure').split()


def corpus_dir():
    src = os.environ.get('QUIRE_SOURCE',
                         os.path.join(os.path.dirname(__file__), '..', '..'))
    d = os.path.join(src, '..', 'shared', 'corpus', 'devblackops')
    return d if os.path.isdir(os.path.join(d, '_posts')) else None


def make_site(root):
    """30 posts over two years, all tagged Paper (a term long enough to
    go on in another column), every third Ink; even posts with a long
    front-matter excerpt in straight quotes, odd ones with a long first
    paragraph; some titles long enough to wrap."""
    os.makedirs(os.path.join(root, '_posts'))
    with open(os.path.join(root, '_config.yml'), 'w') as f:
        f.write('title: Matter Test\nurl: https://matter.example.com\n')
    for k in range(30):
        year, day = 2021 + k // 15, 1 + (k % 15) * 2
        title = '%s and %s, part %d' % (WORDS[k % 17].title(),
                                         WORDS[(k * 5) % 17], k + 1)
        if k % 4 == 1:
            title += ': a longer title about how the %s meets the %s ' \
                     'at the press' % (WORDS[k % 17], WORDS[(k + 3) % 17])
        tags = ['Paper', 'Topic %02d' % k] + (['Ink'] if k % 3 == 0 else [])
        fm = ['title: "%s"' % title, 'tags: [%s]' % ', '.join(tags)]
        para = ' '.join('The %s of the %s sets the %s.' % (
            WORDS[(k + j) % 17], WORDS[(k + 2 * j) % 17],
            WORDS[(k + 3 * j) % 17]) for j in range(12))
        if k % 2 == 0:
            fm.append("excerpt: 'It''s the printer''s \"%s\" we talk of "
                      "here, and the binder''s too: %s'" % (
                          WORDS[k % 17], para))
        with open(os.path.join(root, '_posts', '%d-%02d-%02d-post-%d.md'
                               % (year, 1 + k % 12, day, k)), 'w') as f:
            f.write('---\n' + '\n'.join(fm) + '\n---\n\n' + para +
                    '\n\nA second paragraph.\n')


def contents_rows(book, i):
    """Rows of contents page i, top to bottom: (y, text)."""
    out = []
    for y, gs in quiretests.rows(quiretests.page_glyphs(book.pages[i])):
        text = norm(''.join(g.c for g in gs))
        if text:
            out.append((y, text))
    return out


def check_contents(res, book, lay, what):
    """Entries whole on their page, excerpts of at most two lines with
    curly quotes, running heads and folios on the pages after the
    first."""
    cut = 0
    for n, i in enumerate(lay.contents_pages):
        links = [l for l in book.links(i) if l.name is not None]
        rows = contents_rows(book, i)
        if not res.check(links, '%s: contents page %s has entries'
                         % (what, book.labels[i])):
            continue
        # Under the last entry, its excerpt; above the first, only the
        # heading, running head and a year: nothing of an entry begun on
        # the page before.
        top = links[0].rect[1]
        before = [t for y, t in rows if y < top]
        stray = [t for t in before if t.casefold() != 'contents'
                 and not re.fullmatch(r'[0-9]{4}|Undated', t)]
        res.eq(stray, [], '%s: contents page %s begins with an entry '
               '(nothing of one split from the page before)'
               % (what, book.labels[i]))
        for k, l in enumerate(links):
            below = links[k + 1].rect[1] if k + 1 < len(links) else 1e9
            # Under the title, its date line, then its excerpt (up to a
            # year heading, or the folio at the page foot).
            under = [t for y, t in rows if l.last[3] < y < below]
            while under and (re.fullmatch(r'[0-9]{4}|Undated|[ivxlc]+',
                                          under[-1])):
                under.pop()
            res.check(under and re.match(r'([0-9]{1,2} \w+ [0-9]{4}|'
                                         r'Undated)', under[0]),
                      '%s: "%s" has its date line under it, on its page'
                      % (what, l.text), under)
            ex = under[1:]
            res.check(len(ex) <= 2, '%s: the excerpt of "%s" takes at most '
                      'two lines' % (what, l.text), ex)
            text = ' '.join(ex)
            res.check('"' not in text and "'" not in text,
                      '%s: the excerpt of "%s" has curly quotes'
                      % (what, l.text), text)
            cut += text.endswith('\u2026')
        if n > 0:
            res.eq(book.head(i).casefold(), 'contents', '%s: contents page '
                   '%s carries its running head' % (what, book.labels[i]))
            res.eq(book.foot(i), book.labels[i], '%s: contents page %s '
                   'has its folio' % (what, book.labels[i]))
    res.check(len(lay.contents_pages) >= 2, '%s: the contents run over '
              'pages' % what, len(lay.contents_pages))
    res.check(cut > 0, '%s: long excerpts are cut with an ellipsis' % what)


def columns_of(book, lay):
    """{page index: sorted distinct left edges of the entries' first
    lines}, rounded to 10 pt."""
    out = {}
    for i in lay.index_pages:
        xs = {round(l.pieces[0][0] / 10) * 10
              for _, l in pdfbook.index_columns(book, i)}
        out[i] = sorted(xs)
    return out


def check_index(res, book, lay, what, two):
    """Columns, hanging indents, "(cont.)" where a term goes on."""
    cols = columns_of(book, lay)
    full = [xs for i, xs in cols.items() if i != lay.index_pages[-1]]
    if two:
        res.check(full and all(len(xs) == 2 and xs[1] - xs[0] > 100
                               for xs in full),
                  '%s: the index is set in two columns' % what, cols)
    else:
        res.check(all(len(xs) == 1 for xs in cols.values()),
                  '%s: the index is set in one column' % what, cols)
    # Read column by column: what heads each, and the term before.
    term, conts, want = None, [], []
    hang = indent = 0
    for i in lay.index_pages:
        _, h = book.pages[i].get_size()
        links = pdfbook.index_columns(book, i)
        split = pdfbook.index_split(book, i)
        for col in (0, 1):
            mine = [l for c, l in links if c == col]
            if not mine:
                continue
            lines = pdfbook.column_lines(book, i, col, 0, mine[0].rect[1])
            lines = [x for x in lines if x.casefold() != 'index']
            heads = [x for x in lines if x.endswith(CONT)]
            # The column opens with an entry: its term goes on here.
            if not [x for x in lines if not x.endswith(CONT)] and \
                    term is not None:
                want.append((book.labels[i], col, term))
            conts += [(book.labels[i], col, x[:-len(CONT)]) for x in heads]
            res.check(len(heads) <= 1 and (not heads or heads[0] ==
                                           lines[0]),
                      '%s: "(cont.)" only at the head of a column (page '
                      '%s)' % (what, book.labels[i]), lines)
            prev = 0
            for l in mine:
                above = pdfbook.column_lines(book, i, col, prev, l.rect[1])
                above = [x for x in above if x.casefold() != 'index'
                         and not x.endswith(CONT)]
                if above:
                    term = above[-1]
                    tx = [r for c, r in book.char_boxes(i)
                          if norm(c) and (split is None or (r[0] + r[2])
                                          / 2 < split) == (col == 0)
                          and prev <= (r[1] + r[3]) / 2 <=
                          l.rect[1]]
                    if tx:
                        indent += res.check(
                            l.pieces[0][0] > min(r[0] for r in tx) + 3,
                            '%s: entry "%s" starts right of its term'
                            % (what, l.text))
                for r in l.pieces[1:]:
                    hang += res.check(r[0] > l.pieces[0][0] + 3,
                                      '%s: the wrapped lines of "%s" hang '
                                      'right of its first' % (what, l.text),
                                      l.pieces)
                prev = l.last[3]
            # What the lines under the last entry hold: no term alone.
            tail = pdfbook.column_lines(book, i, col, prev,
                                        h - pdfbook.FOOT_BAND)
            res.eq([x for x in tail if not x.isdigit()], [],
                   '%s: no term stands alone at a column foot (page %s)'
                   % (what, book.labels[i]))
    res.eq(conts, want, '%s: a term is repeated "(cont.)" exactly where '
           'its posts go on in another column or page' % what)
    res.check(want, '%s: some term goes on in another column' % what)
    res.check(hang > 0, '%s: some entries wrap, hanging' % what)
    res.check(indent > 0, '%s: entries stand right of their terms' % what)


def marked_pages(path, which):
    """{(page index, MCID): text} as pdfminer's tag extractor reads the
    marked content of the pages which."""
    from pdfminer.pdfdevice import TagExtractor
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    out = {}
    rm = PDFResourceManager()
    with open(path, 'rb') as f:
        for n, page in enumerate(PDFPage.get_pages(f)):
            if n not in which:
                continue
            buf = io.BytesIO()
            dev = TagExtractor(rm, buf)
            PDFPageInterpreter(rm, dev).process_page(page)
            # Text goes to the innermost marked run around it; a span
            # with ActualText stands for the glyphs inside it.
            stack = []
            for tok in re.split(r'(<[^>]*>)',
                                buf.getvalue().decode('utf-8')):
                m = re.match(r'<(/?)(\w+)(.*?)>$', tok, re.S)
                if m and m.group(2) == 'page':
                    continue
                if m and m.group(1):
                    if stack:
                        stack.pop()
                    continue
                if m:
                    mcid = re.search(r'MCID="(\d+)"', m.group(3))
                    actual = re.search(r'ActualText="([^"]*)"', m.group(3))
                    stack.append((int(mcid.group(1)) if mcid else None,
                                  actual is not None))
                    tok = html.unescape(actual.group(1)) if actual else ''
                elif any(a for _, a in stack):
                    continue
                else:
                    tok = html.unescape(tok)
                at = [k for k, _ in stack if k is not None]
                if at and tok:
                    out[(n, at[-1])] = out.get((n, at[-1]), '') + tok
    return out


def index_tree(path, which):
    """The Index elements' children in the tree's order: [(type, text,
    dests)] -- their marked text and the destinations of the links they
    hold (text directly in an Index element has type None)."""
    texts = marked_pages(path, which)
    out = []
    with pikepdf.open(path) as pdf:
        pages = {p.objgen: n for n, p in enumerate(pdf.pages)}

        def kids_of(e):
            k = e.get('/K')
            return list(k) if isinstance(k, pikepdf.Array) else \
                [k] if k is not None else []

        def content(e, page):
            pg = pages.get(e.Pg.objgen) if '/Pg' in e else page
            text, dests = '', []
            for k in kids_of(e):
                if isinstance(k, int):
                    text += texts.get((pg, k), '')
                elif isinstance(k, pikepdf.Dictionary) and '/MCID' in k:
                    p = pages.get(k.Pg.objgen) if '/Pg' in k else pg
                    text += texts.get((p, int(k.MCID)), '')
                elif isinstance(k, pikepdf.Dictionary) and '/Obj' in k:
                    dests.append(str(k.Obj.get('/Dest', '')))
                elif isinstance(k, pikepdf.Dictionary) and '/S' in k:
                    t, d = content(k, pg)
                    text += t
                    dests += d
            return text, dests

        def walk(e, page):
            pg = pages.get(e.Pg.objgen) if '/Pg' in e else page
            if str(e.get('/S')) != '/Index':
                for k in kids_of(e):
                    if isinstance(k, pikepdf.Dictionary) and '/S' in k:
                        walk(k, pg)
                return
            for k in kids_of(e):
                if isinstance(k, pikepdf.Dictionary) and '/S' in k:
                    out.append((str(k.S),) + content(k, pg))
                elif isinstance(k, int):
                    out.append((None, texts.get((pg, k), ''), []))
        walk(pdf.Root.StructTreeRoot, None)
    return out


def check_tree(res, path, book, lay, what):
    """The structure tree reads the index as its columns do: terms once,
    in alphabetical order, and the entries in the order read column by
    column."""
    items = index_tree(path, lay.index_pages)
    terms = [norm(t) for k, t, _ in items if k == '/H2']
    names = [re.sub(r' \((series|category)\)$', '', t).casefold()
             for t in terms]
    res.check(len(terms) > 3 and all(terms), '%s: the Index element '
              'holds its terms, their text marked' % what, items[:5])
    res.eq(names, sorted(names), '%s: the tree gives the terms in '
           'alphabetical order' % what)
    res.check(not any(CONT.strip() in t for t in terms), '%s: no "(cont.)" '
              'is a term of its own in the tree' % what)
    res.eq(len(terms), len(set(terms)), '%s: each term once in the tree'
           % what)
    entries = [l for i in lay.index_pages
               for _, l in pdfbook.index_columns(book, i)]
    res.check(len(entries) > 10, '%s: the index has entries' % what)
    res.eq([d[0] if d else None for k, _, d in items if k == '/P'],
           [l.name for l in entries], '%s: the tree gives the entries (by '
           'the posts they lead to) column by column, as they are read'
           % what)
    res.eq([squash(t) for k, t, _ in items if k == '/P'],
           [squash(l.text) for l in entries], '%s: the entries\' marked '
           'text, in the tree\'s order, is their text read column by '
           'column' % what)


def build(res, src, out, args, what):
    rc, _ = pdfbook.run_quire([src, '-o', out, '-q'] + args, res=res,
                              what=what)
    return rc == 0


def main(res):
    corpus = len(sys.argv) > 1 and sys.argv[1] == 'corpus'
    with pdfbook.scratch() as tmp:
        if corpus:
            src = corpus_dir()
            if src is None:
                print('corpus not found: skipped')
                sys.exit(77)
            src = os.path.join(src, '_posts')
        else:
            make_site(tmp)
            src = os.path.join(tmp, '_posts')
        a4 = os.path.join(tmp, 'a4.pdf')
        if build(res, src, a4, [], 'A4'):
            book = pdfbook.Book(a4)
            lay = pdfbook.Layout(book)
            check_contents(res, book, lay, 'A4')
            check_index(res, book, lay, 'A4', True)
            check_tree(res, a4, book, lay, 'A4')
            for i in lay.index_pages[1:]:
                res.eq(book.head(i).casefold(), 'index', 'A4: index page '
                       '%s carries its running head' % book.labels[i])
        a5 = os.path.join(tmp, 'a5.pdf')
        if build(res, src, a5, ['--paper', 'a5', '--recto'], 'A5 --recto'):
            book = pdfbook.Book(a5)
            lay = pdfbook.Layout(book)
            check_index(res, book, lay, 'A5', False)
            label = book.labels[lay.index_start]
            res.check(label.isdigit() and int(label) % 2 == 1,
                      'A5 --recto: the index starts on a right-hand page',
                      label)


pdfbook.main_guard(main)
