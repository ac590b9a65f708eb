#!/usr/bin/python3
"""test-impose.py - --impose saddle: the samples booklet on a5 pages set
two to a side of a4 sheets in saddle-stitch order, read back with poppler
and compared with the same booklet unimposed: which page sits on which
half, the folio sums of each side, links and destinations that move with
their page, creep, marks and the refusals."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfbook  # noqa: E402
import quiretests  # noqa: E402

MM = 72 / 25.4
A4_LONG, A4_SHORT = 841.89, 595.276
A5_W = 419.528
EPOCH = 1750000000      # the samples are dated 2024


def chars(text):
    """A page's characters in order of their code: poppler orders the
    lines of two pages side by side differently from one alone."""
    return ''.join(sorted(pdfbook.squash(text)))


def halves(book, i):
    """The characters of sheet side i's left and right halves."""
    w, h = book.pages[i].get_size()
    return (chars(book.area_text(i, 0, 0, w / 2, h)),
            chars(book.area_text(i, w / 2, 0, w, h)))


def physical(plain, text):
    """The 1-based page of the plain booklet whose text is text: None for
    a blank half, 0 when no page or several match."""
    if not text:
        return None
    hits = [k + 1 for k, t in enumerate(plain) if t == text]
    return hits[0] if len(hits) == 1 else 0


def render(res, tmp, name, extra, expect=0):
    src = os.environ.get('QUIRE_SOURCE',
                         os.path.join(os.path.dirname(__file__), '..', '..'))
    out = os.path.join(tmp, name + '.pdf')
    rc, err = pdfbook.run_quire([os.path.join(src, 'samples'), '-o', out,
                                 '--paper', 'a5', '--recto'] + extra,
                                epoch=EPOCH, expect=expect, res=res,
                                what=name)
    return out, rc, err


def test_order(res, plain, book, n):
    """Each half holds the page saddle stitching puts there."""
    sides = (n + 3) // 4 * 2
    res.eq(book.n, sides, 'one PDF page per sheet side')
    w, h = book.pages[0].get_size()
    res.check(abs(w - A4_LONG) < 0.5 and abs(h - A4_SHORT) < 0.5,
              'sheets are landscape a4', (w, h))
    texts = [chars(t) for t in plain.texts]
    padded = sides * 2
    seen = set()
    for i in range(book.n):
        left, right = (physical(texts, t) for t in halves(book, i))
        res.context = 'side %d' % (i + 1)
        res.check(left != 0 and right != 0, 'each half is one page of '
                  'the booklet', (left, right))
        # What poppler reads says where each page went; blanks count as
        # the padding pages after the last.
        for p in (left, right):
            if p:
                seen.add(p)
        if left and right:
            res.eq(left + right, padded + 1, 'the two pages of a side add '
                   'up to the padded page count plus one')
        sheet, back = divmod(i, 2)
        want_right = 2 * sheet + 1 if not back else padded - 2 * sheet - 1
        want_left = padded - 2 * sheet if not back else 2 * sheet + 2
        for got, want, half in ((left, want_left, 'left'),
                                (right, want_right, 'right')):
            if want > n or not texts[want - 1]:
                res.check(got is None, '%s half blank (page %d)' %
                          (half, want), got)
            else:
                res.eq(got, want, '%s half' % half)
    res.context = ''
    nonblank = {k + 1 for k, t in enumerate(texts) if t}
    res.eq(seen, nonblank, 'every page of the booklet is on a sheet, once')


def test_links(res, plain, book):
    """Links stay over their text and lead to the half holding their
    target: every contents entry of the booklet opens its post."""
    texts = [chars(t) for t in plain.texts]
    checked = 0
    for i in range(book.n):
        w, _ = book.pages[i].get_size()
        for _, _, (x1, _, x2, _) in quiretests.page_links(book.pages[i]):
            res.check(x2 <= w / 2 + 1 or x1 >= w / 2 - 1,
                      'a link lies within one half', (x1, x2))
        for link in book.links(i):
            if link.name is None:
                continue
            d = book.doc.find_dest(link.name)
            res.check(d is not None, 'destination %s exists' % link.name)
            if d is None:
                continue
            # The destination's half holds the plain page the same
            # destination leads to.
            want = plain.dest_page(link.name)
            sheet = d.page_num - 1
            left, right = halves(book, sheet)
            half = left if d.left < w / 2 else right
            res.eq(half, texts[want], 'destination %s leads to its page' %
                   link.name)
            checked += 1
    res.check(checked >= 4, 'internal links were checked', checked)


def x_of(book, i, word):
    """The left edge of the first character of word on page i."""
    boxes = book.char_boxes(i)
    text = ''.join(c for c, _ in boxes)
    k = text.find(word)
    return boxes[k][1][0] if k >= 0 else None


def test():
    res = pdfbook.Results()
    with pdfbook.scratch() as tmp:
        path, rc, _ = render(res, tmp, 'plain', [])
        if rc != 0:
            return res.done()
        plain = pdfbook.Book(path)
        path, rc, err = render(res, tmp, 'imposed', ['--impose', 'saddle'])
        if rc != 0:
            return res.done()
        res.check('warning' not in err, 'no warnings', err)
        book = pdfbook.Book(path)
        test_order(res, plain, book, plain.n)
        test_links(res, plain, book)
        res.eq(len(book.outline()), len(plain.outline()),
               'the outline is kept')
        pdfbook.qpdf_check(res, path)
        # Sheets are drawn untagged: their streams are left as cairo
        # wrote them, nothing marked as an artifact (pages are).
        import pikepdf
        with pikepdf.open(path) as pdf:
            res.eq(sum(b'/Artifact' in p.obj.Contents.read_bytes()
                       for p in pdf.pages), 0, 'sheets: no artifacts')
        with pikepdf.open(plain.path) as pdf:
            res.check(all(b'/Artifact' in p.obj.Contents.read_bytes()
                          for p in pdf.pages[1:] if '/StructParents' in p),
                      'pages: their folios are artifacts')

        # Creep: the innermost sheet's pages move 2 mm toward the fold,
        # the outermost not at all.
        path, rc, _ = render(res, tmp, 'creep', ['--impose', 'saddle',
                                                 '--creep', '2'])
        if rc == 0:
            crept = pdfbook.Book(path)
            inner = book.n - 2
            for i, shift in ((inner, 2 * MM), (0, 0)):
                w, h = book.pages[i].get_size()
                for half, sign in ((0, 1), (1, -1)):
                    word = book.area_text(i, half * w / 2, 0,
                                          (half + 1) * w / 2, h).split()
                    if not word:
                        continue
                    a, b = x_of(book, i, word[0]), x_of(crept, i, word[0])
                    res.check(a is not None and b is not None and
                              abs(b - a - sign * shift) < 0.05,
                              'side %d %s half moved %.2f pt toward the '
                              'fold' % (i + 1, 'lr'[half], shift), (a, b))

        # Marks: the sheet grows to hold them; the pages stay centred.
        path, rc, _ = render(res, tmp, 'marks', ['--impose', 'saddle',
                                                 '--marks'])
        if rc == 0:
            marked = pdfbook.Book(path)
            w, h = marked.pages[0].get_size()
            res.check(abs(w - A4_LONG - 72) < 0.5 and
                      abs(h - A4_SHORT - 72) < 0.5,
                      'marked sheets are a4 with 36 pt around', (w, h))
            res.eq(halves(marked, 1), halves(book, 1),
                   'marks leave the pages as they were')
            pdfbook.qpdf_check(res, path)

        # Refusals: a4 pages, a single post, an unknown imposition.
        src = os.environ.get('QUIRE_SOURCE', os.path.join(
            os.path.dirname(__file__), '..', '..'))
        out = os.path.join(tmp, 'refused.pdf')
        _, err = pdfbook.run_quire([os.path.join(src, 'samples'), '-o', out,
                                    '--impose', 'saddle'], epoch=EPOCH,
                                   expect=2, res=res, what='a4 pages')
        res.check('--paper a5 or half-letter' in err,
                  'a4 pages are refused with a clear error', err)
        post = os.path.join(src, 'samples',
                            '2024-05-20-small-shell-habits.md')
        _, err = pdfbook.run_quire([post, '-o', out, '--paper', 'a5',
                                    '--impose', 'saddle'], epoch=EPOCH,
                                   expect=2, res=res, what='one post')
        res.check('for booklets' in err, 'a single post is refused', err)
        _, err = pdfbook.run_quire([os.path.join(src, 'samples'), '-o', out,
                                    '--impose', 'perfect'], epoch=EPOCH,
                                   expect=2, res=res, what='unknown')
        res.check("unknown imposition 'perfect'" in err,
                  'an unknown imposition is refused', err)
        res.check(not os.path.exists(out), 'no file is left by a refusal')
    return res.done()


if __name__ == '__main__':
    sys.exit(test())
