"""pdfbook.py - reading a quire booklet back with poppler-glib, and the
checks every booklet must pass (labels, contents, running heads, folios,
outline, index), shared by the booklet tests.

Coordinates are top-down (y grows downwards), as quiretests gives them.
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..'))
import quiretests  # noqa: E402
from gi.repository import Poppler  # noqa: E402

# The default style's page furniture (styles/default.yaml): the running
# head sits above the 26 mm top margin, the folio below the 30 mm
# bottom margin.
MM = 72 / 25.4
HEAD_BAND = 26 * MM - 4
FOOT_BAND = 30 * MM - 8

LEADER = re.compile(r'(?:\.\s?){5,}\s*([0-9]+|[ivxlcdm]+)\b')
ROMAN = re.compile(r'^[ivxlcdm]+$')


def norm(s):
    """Whitespace collapsed, no-break spaces as spaces, soft hyphens
    (hyphenation points) gone."""
    s = s.replace('\u00a0', ' ').replace('\u00ad', '')
    return re.sub(r'\s+', ' ', s).strip()


def squash(s):
    """For comparing text whatever poppler made of its spacing: no
    whitespace, case folded, typographic quotes as plain ones."""
    s = s.replace('\u2019', "'").replace('\u2018', "'")
    s = s.replace('\u201c', '"').replace('\u201d', '"')
    s = s.replace('\u00ad', '')
    return re.sub(r'\s+', '', s).casefold()


def roman(n):
    out = ''
    for v, r in ((1000, 'm'), (900, 'cm'), (500, 'd'), (400, 'cd'),
                 (100, 'c'), (90, 'xc'), (50, 'l'), (40, 'xl'), (10, 'x'),
                 (9, 'ix'), (5, 'v'), (4, 'iv'), (1, 'i')):
        while n >= v:
            out += r
            n -= v
    return out


class Results:
    """Counts checks; prints failures as they happen."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.context = ''

    def check(self, cond, what, detail=''):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            msg = 'FAIL: %s%s' % (self.context + ': ' if self.context
                                  else '', what)
            if detail:
                msg += '\n      ' + str(detail)
            print(msg, flush=True)
        return cond

    def eq(self, got, want, what):
        return self.check(got == want, what,
                          'got  %r\n      want %r' % (got, want))

    def done(self):
        print('%d passed, %d failed' % (self.passed, self.failed))
        return 1 if self.failed else 0


def quire():
    return quiretests.QUIRE


def run_quire(args, epoch=1700000000, expect=0, res=None, what=''):
    """Runs quire with SOURCE_DATE_EPOCH set; returns (rc, stderr)."""
    env = dict(os.environ)
    env['SOURCE_DATE_EPOCH'] = str(epoch)
    p = subprocess.run([quire()] + list(args), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120)
    err = p.stderr.decode('utf-8', 'replace')
    if res is not None and expect is not None:
        res.check(p.returncode == expect, '%s: quire exits %d' %
                  (what or ' '.join(args), expect),
                  'exit %d; stderr:\n%s' % (p.returncode, err))
    args = list(args)
    if res is not None and p.returncode == 0 and '-o' in args:
        problems = quiretests.qpdf_problems(args[args.index('-o') + 1])
        res.check(problems is None, '%s: qpdf --check finds nothing' %
                  (what or ' '.join(args)), problems)
    return p.returncode, err


class Link:
    def __init__(self, page, rect, text, target=None, uri=None, name=None):
        self.page = page        # page index the link is on
        self.rect = rect        # (x1, top, x2, bottom), top-down
        self.text = text        # the text under it
        self.target = target    # page index it goes to, or None
        self.uri = uri          # for URI links
        self.name = name        # named destination, if any
        self.last = rect        # the last line's piece of it


class Book:
    """A booklet PDF: pages, labels, text, links, outline."""

    def __init__(self, path):
        self.path = path
        self.doc = quiretests.open_pdf(path)
        self.n = self.doc.get_n_pages()
        self.pages = [self.doc.get_page(i) for i in range(self.n)]
        self.labels = [p.get_label() for p in self.pages]
        self.texts = [quiretests.BIDI_MARKS.sub('', p.get_text() or '')
                      for p in self.pages]
        self._links = {}
        self._boxes = {}

    def index_of(self, label):
        """Page index of the page labelled label, or None."""
        try:
            return self.labels.index(str(label))
        except ValueError:
            return None

    def dest_page(self, name):
        d = self.doc.find_dest(name)
        if d is None:
            return None
        return d.page_num - 1

    def area_text(self, i, x1, top, x2, bottom):
        """The characters whose centres lie inside the area (poppler's
        get_text_for_area selects like a mouse drag, taking whole lines
        in between)."""
        out = []
        for c, (a, b, c2, d) in self.char_boxes(i):
            if c == '\n':
                if out and out[-1] != ' ':
                    out.append(' ')
            elif x1 <= (a + c2) / 2 <= x2 and top <= (b + d) / 2 <= bottom:
                out.append(c)
            elif out and out[-1] != ' ':
                out.append(' ')
        return ''.join(out)

    def head(self, i):
        """The running head: text above the top margin."""
        w, _ = self.pages[i].get_size()
        return norm(self.area_text(i, 0, 0, w, HEAD_BAND))

    def foot(self, i):
        """The folio: text below the bottom margin."""
        w, h = self.pages[i].get_size()
        return norm(self.area_text(i, 0, h - FOOT_BAND, w, h))

    def links(self, i):
        """Links on page i, top to bottom, consecutive pieces of one
        link (a title over two lines) merged."""
        if i in self._links:
            return self._links[i]
        raw = []
        for kind, target, rect in quiretests.page_links(self.pages[i]):
            text = norm(self.area_text(i, *rect))
            if kind == 'dest':
                page = self.dest_of(target)
                name = (target.named_dest
                        if target.type == Poppler.DestType.NAMED else None)
                raw.append(Link(i, rect, text, page, name=name))
            elif kind == 'uri':
                raw.append(Link(i, rect, text, uri=target))
            else:
                raw.append(Link(i, rect, text))
        raw.sort(key=lambda l: (round(l.rect[1], 1), l.rect[0]))
        out = []
        for l in raw:
            p = out[-1] if out else None
            if (p is not None and p.name is not None and p.name == l.name
                    and l.rect[1] - p.rect[3] < 8):
                p.text = norm(p.text + ' ' + l.text)
                p.rect = (min(p.rect[0], l.rect[0]), p.rect[1],
                          max(p.rect[2], l.rect[2]), l.rect[3])
                p.last = l.rect
                continue
            out.append(l)
        self._links[i] = out
        return out

    def dest_of(self, dest):
        """The page index a Poppler.Dest leads to, or None."""
        if dest.type == Poppler.DestType.NAMED:
            return self.dest_page(dest.named_dest)
        return dest.page_num - 1

    def outline(self):
        """[(title, page index, [children])]."""
        def walk(nodes):
            return [(title, self.dest_of(a.goto_dest.dest)
                     if a.type == Poppler.ActionType.GOTO_DEST else None,
                     walk(kids)) for title, a, kids in nodes]
        return walk(quiretests.outline(self.doc))

    def char_boxes(self, i):
        """[(char, (x1, top, x2, bottom))] for page i."""
        if i not in self._boxes:
            self._boxes[i] = [(g.c, (g.x1, g.y1, g.x2, g.y2)) for g in
                              quiretests.page_glyphs(self.pages[i])]
        return self._boxes[i]

    def lines(self, i, top, bottom):
        """The text lines of page i whose middles lie between top and
        bottom, in poppler's order."""
        out, cur, ys = [], [], []
        for c, r in self.char_boxes(i) + [('\n', (0, 0, 0, 0))]:
            if c == '\n':
                if cur and top <= sum(ys) / len(ys) <= bottom:
                    out.append(norm(''.join(cur)))
                cur, ys = [], []
            else:
                cur.append(c)
                ys.append((r[1] + r[3]) / 2)
        return [l for l in out if l]

    def find_text_box(self, i, needle):
        """Bounding box of the first occurrence of needle (exact, on one
        line) on page i, or None."""
        t = self.texts[i]
        k = t.find(needle)
        if k < 0:
            return None
        boxes = self.char_boxes(i)[k:k + len(needle)]
        if not boxes:
            return None
        return (min(b[1][0] for b in boxes), min(b[1][1] for b in boxes),
                max(b[1][2] for b in boxes), max(b[1][3] for b in boxes))


def leadered_entries(book, pages):
    """The entries of contents or index pages, found by their links:
    [(title, number, before, after)] -- the link's text, the page
    number right of its last line (behind the dot leader), the text
    between the previous entry and this one (a year or an index
    heading), and the text between this entry and the next (date, tags,
    excerpt). Text order from poppler is not trusted: this goes by
    position."""
    items = []
    for i in pages:
        w, h = book.pages[i].get_size()
        links = [l for l in book.links(i) if l.name is not None]
        boxes = [(c, r) for c, r in book.char_boxes(i) if c != '\n']
        prev_bottom = HEAD_BAND
        for k, l in enumerate(links):
            x1, top, x2, bottom = l.last
            right = ''.join(c for c, r in boxes
                            if top <= (r[1] + r[3]) / 2 <= bottom
                            and (r[0] + r[2]) / 2 > x2)
            m = re.search(r'([0-9]+|[ivxlcdm]+)\s*$', right)
            nxt = links[k + 1].rect[1] if k + 1 < len(links) else \
                h - FOOT_BAND
            before = book.lines(i, prev_bottom, l.rect[1])
            after = book.area_text(i, 0, bottom, w, nxt)
            items.append([l.text, m.group(1) if m else None, before,
                          norm(after), l])
            prev_bottom = bottom
    return [tuple(e) for e in items]


CONT = ' (cont.)'


def index_split(book, i):
    """Where the right column of index page i starts (x), or None when the
    page has one: a little left of its entries' left edge (their indent
    and half the gutter), the entries' links telling the columns."""
    xs = sorted({round(r[0]) for kind, _, r in
                 quiretests.page_links(book.pages[i]) if kind == 'dest'})
    gaps = [(b - a, b) for a, b in zip(xs, xs[1:])]
    if not gaps or max(gaps)[0] < 60:
        return None
    return max(gaps)[1] - 14


def column_lines(book, i, col, top, bottom):
    """The text lines of page i in column col (0: the left, 1: the right
    of an index page) whose middles lie between top and bottom, top to
    bottom, each read left to right."""
    split = index_split(book, i)
    chars = [(c, r) for c, r in book.char_boxes(i) if c != '\n'
             and (split is None or (r[0] + r[2]) / 2 < split) == (col == 0)
             and top <= (r[1] + r[3]) / 2 <= bottom]
    chars.sort(key=lambda cr: (cr[1][1] + cr[1][3]) / 2)
    lines, cur, y = [], [], None
    for c, r in chars:
        mid = (r[1] + r[3]) / 2
        if y is not None and abs(mid - y) > 2:
            lines.append(cur)
            cur = []
        cur.append((c, r))
        y = mid
    if cur:
        lines.append(cur)
    out = []
    for line in lines:
        line.sort(key=lambda cr: cr[1][0])
        text, last = '', None
        for c, r in line:
            # poppler gives no space glyphs between words everywhere
            if last is not None and r[0] - last > 1.5 and c != ' ':
                text += ' '
            text += c
            last = r[2]
        out.append(norm(text))
    return [l for l in out if l]


def index_columns(book, i):
    """The entries of index page i, column by column: [(col, Link)],
    the pieces of an entry that wraps merged (link.pieces: their rects,
    one a line)."""
    split = index_split(book, i)
    pieces = []
    for kind, target, rect in quiretests.page_links(book.pages[i]):
        if kind != 'dest':
            continue
        col = 0 if split is None or rect[0] < split else 1
        pieces.append((col, rect, target))
    pieces.sort(key=lambda p: (p[0], round(p[1][1], 1), p[1][0]))
    out = []
    for col, rect, target in pieces:
        name = (target.named_dest
                if target.type == Poppler.DestType.NAMED else None)
        text = norm(book.area_text(i, *rect))
        p = out[-1][1] if out and out[-1][0] == col else None
        if (p is not None and p.name == name and
                rect[1] - p.rect[3] < 8 and rect[1] > p.rect[1] + 2):
            p.text = norm(p.text + ' ' + text)
            p.rect = (min(p.rect[0], rect[0]), p.rect[1],
                      max(p.rect[2], rect[2]), rect[3])
            p.last = rect
            p.pieces.append(rect)
            continue
        link = Link(i, rect, text, book.dest_of(target), name=name)
        link.pieces = [rect]
        out.append((col, link))
    return out


def index_entries(book, pages):
    """The index read as a reader reads it, column by column, page by
    page: [(term, title, number, link, cont)] -- the term over the entry
    (a term repeated with "(cont.)" is its term going on: cont is True
    for the entries under such a repeat), the entry's title and page
    number ("Title, 12"), and its link. Terms standing over no entry are
    given with title None."""
    out = []
    term, cont = None, False
    for i in pages:
        _, h = book.pages[i].get_size()
        links = index_columns(book, i)
        for col in (0, 1):
            mine = [l for c, l in links if c == col]
            prev = 0
            for k, l in enumerate(mine + [None]):
                bottom = l.rect[1] if l is not None else h - FOOT_BAND
                heads = [x for x in column_lines(book, i, col, prev, bottom)
                         if x.casefold() != 'index'
                         and not x.isdigit()]
                for x in heads:
                    if x.endswith(CONT):
                        cont = True
                        term = x[:-len(CONT)]
                    else:
                        if l is None or x != heads[-1]:
                            out.append((x, None, None, None, False))
                        term, cont = x, False
                if l is None:
                    break
                m = re.match(r'^(.*?),?\s*([0-9]+)$', l.text)
                out.append((term, m.group(1) if m else l.text,
                            m.group(2) if m else None, l, cont))
                prev = l.rect[3] if l.last is None else l.last[3]
    return out


class Layout:
    """What a booklet's pages are: front matter, posts, index."""

    def __init__(self, book):
        self.book = book
        labels = book.labels
        self.first_arabic = next((i for i, l in enumerate(labels)
                                  if l and l.isdigit()), None)
        # The index starts with its heading, its pages after the first
        # with the running head that repeats it: the last run of pages
        # that start so.
        starts = [i for i in range(book.n)
                  if norm(book.texts[i]).casefold().startswith('index')
                  and self.first_arabic is not None
                  and i >= self.first_arabic]
        self.index_start = starts[-1] if starts else book.n
        while self.index_start - 1 in starts:
            self.index_start -= 1
        self.index_pages = list(range(self.index_start, book.n))
        self.contents_pages = [i for i in range(
            1, self.first_arabic or book.n)
            if norm(book.texts[i])]
        self.entries = []       # (title, label, before, after, link)
        text = '\n'.join(book.texts[i] for i in self.contents_pages)
        self.contents_text = norm(text)

    def parse_contents(self):
        self.entries = leadered_entries(self.book, self.contents_pages)
        return self.entries

    def post_ranges(self, starts):
        """Page-index ranges of posts starting at the page indices starts
        (in order): each runs to the page before the next (or the index),
        blank pages left off its end."""
        out = []
        for k, s in enumerate(starts):
            e = starts[k + 1] if k + 1 < len(starts) else self.index_start
            while e - 1 > s and not norm(self.book.texts[e - 1]):
                e -= 1
            out.append(range(s, e))
        return out


def check_labels(res, book, lay):
    """Roman from the cover on, then 1, 2, 3... to the end."""
    fa = lay.first_arabic
    res.check(fa is not None, 'there are arabic page labels')
    if fa is None:
        return
    res.eq(book.labels[:fa], [roman(k + 1) for k in range(fa)],
           'front matter labelled i, ii, ...')
    res.eq(book.labels[fa:], [str(k + 1) for k in range(book.n - fa)],
           'posts and index labelled 1, 2, ...')
    res.check(fa >= 2, 'cover and contents come before page 1')


def check_contents(res, book, lay, posts):
    """Entries grouped under their years; every entry's number leads to
    a page with its title, and its link goes there. posts: [(title,
    year, ...)]. Returns [(title, start index)] in contents order."""
    titles = [p[0] for p in posts]
    entries = lay.parse_contents()
    res.eq([squash(e[0]) for e in entries], [squash(t) for t in titles],
           'contents lists the posts in order (by their links)')
    starts = []
    for k, (title, label, before, after, link) in enumerate(entries):
        if k < len(titles):
            title = titles[k]
        i = book.index_of(label)
        ok = res.check(i is not None, 'contents page number %s of "%s" '
                       'is a page label' % (label, title))
        if ok:
            # The title block opens the post's first page.
            res.check(squash(book.texts[i]).startswith(squash(title)),
                      'page %s begins with "%s"' % (label, title),
                      norm(book.texts[i])[:120])
        res.eq(link.target, i, 'contents link of "%s" goes to page %s'
               % (title, label))
        starts.append((title, i))
    groups, year = [], None
    for p in posts:
        groups.append(str(p[1]) if p[1] != year else '')
        year = p[1]
    got = [e[2][-1] if e[2] and re.fullmatch(r'[0-9]{4}|Undated', e[2][-1])
           else '' for e in entries]
    res.eq(got, groups, 'contents grouped by year')
    res.eq([l for l in lay.book.lines(lay.contents_pages[0], 0, 1e9)
            if l][:1] if lay.contents_pages else [], ['Contents'],
           'the contents have a heading')
    return starts


def check_heads_and_folios(res, book, lay, starts, site_title):
    """No head on a post's first page; the site title on verso (even)
    pages; the post title on recto (odd) pages; each page's folio is its
    label; blank pages bare."""
    ranges = lay.post_ranges([s for _, s in starts])
    covered = set()
    for (title, s), r in zip(starts, ranges):
        for i in r:
            covered.add(i)
            head = book.head(i)
            n = int(book.labels[i])
            if i == s:
                res.eq(head, '', 'no running head on the first page of '
                       '"%s" (page %d)' % (title, n))
            elif n % 2 == 0:
                res.check(squash(head) == squash(site_title),
                          'verso page %d carries the site title' % n,
                          'head %r' % head)
            else:
                hs, ts = squash(head), squash(title)
                res.check(hs == ts or (hs.endswith('\u2026') and
                                       ts.startswith(hs[:-1])),
                          'recto page %d carries "%s"' % (n, title),
                          'head %r' % head)
            res.eq(book.foot(i), book.labels[i],
                   'page %s has its folio' % book.labels[i])
    for i in range(lay.first_arabic, lay.index_start):
        if i not in covered:
            res.eq(norm(book.texts[i]), '',
                   'page %s between posts is blank' % book.labels[i])
    for i in range(1, lay.first_arabic):
        if norm(book.texts[i]):
            res.eq(book.foot(i), book.labels[i],
                   'front page %s has its folio' % book.labels[i])
    res.eq(book.foot(0), '', 'the cover has no folio')
    return ranges


def check_outline(res, book, lay, posts, starts, ranges):
    """Cover, Contents, year > post > headings, Index. posts: [(title,
    year, [heading titles] or None)] in book order."""
    ol = book.outline()
    top = [t for t, _, _ in ol]
    years = []
    for _, y, _ in posts:
        if str(y) not in years:
            years.append(str(y))
    res.eq(top, ['Cover', 'Contents'] + years + ['Index'],
           'outline top level')
    if top != ['Cover', 'Contents'] + years + ['Index']:
        return
    res.eq(ol[0][1], 0, 'Cover goes to the cover')
    res.eq(ol[1][1], lay.contents_pages[0] if lay.contents_pages
           else None, 'Contents goes to the contents')
    res.eq(ol[-1][1], lay.index_start, 'Index goes to the index')
    for ytitle, ypage, kids in ol[2:-1]:
        mine = [(p, st, r) for p, st, r in zip(posts, starts, ranges)
                if str(p[1]) == ytitle]
        res.eq([t for t, _, _ in kids], [p[0] for p, _, _ in mine],
               'outline %s lists its posts' % ytitle)
        if mine:
            res.eq(ypage, mine[0][1][1], 'outline %s goes to its first '
                   'post' % ytitle)
        for (title, page, heads), (p, st, r) in zip(kids, mine):
            res.eq(page, st[1], 'outline "%s" goes to its first page'
                   % title)
            flat = []

            def walk(nodes):
                for t, pg, ch in nodes:
                    flat.append((t, pg))
                    walk(ch)
            walk(heads)
            if p[2] is not None:
                res.eq([t for t, _ in flat], p[2],
                       'outline headings of "%s"' % title)
            for t, pg in flat:
                ok = res.check(pg in r, 'outline heading "%s" goes into '
                               '"%s"' % (t, title), 'page %r, post %r'
                               % (pg, r))
                if ok:
                    res.check(squash(t) in squash(book.texts[pg]),
                              'outline heading "%s" is on its page' % t)
    return ol


def check_index(res, book, lay, expect, titles, starts):
    """expect: {heading: [post titles]} as the index should show them
    ("tag", "name (category)", "name (series)"). Each entry's number is
    its post's first page and its link goes there."""
    start_of = {}
    for t, s in starts:
        start_of.setdefault(squash(t), s)
    text = norm('\n'.join(book.texts[i] for i in lay.index_pages))
    res.check(text.startswith('Index'), 'the index has a heading')
    got = {}
    for cur, title, label, link, _ in index_entries(book, lay.index_pages):
        got.setdefault(cur, [])
        if title is None:
            continue
        if not res.check(cur is not None, 'index entry "%s" is under a '
                         'heading' % title):
            continue
        got[cur].append(title)
        want = start_of.get(squash(title))
        res.eq(book.index_of(label), want,
               'index "%s": "%s" on page %s' % (cur, title, label))
        res.eq(link.target, want, 'index link of "%s" goes to its first '
               'page' % title)

    def keyed(d):
        return {re.sub(r'\s+', '', k): [squash(t) for t in v]
                for k, v in d.items()}
    res.eq(keyed(got), keyed(expect), 'index headings and their posts')


def qpdf_check(res, path):
    problems = quiretests.qpdf_problems(path)
    res.check(problems is None, 'qpdf --check %s is clean'
              % os.path.basename(path), (problems or '')[-800:])


def scratch():
    return tempfile.TemporaryDirectory(prefix='quire-booklet-')


def check_all(res, book, posts, site_title, index_expect=None):
    """The checks every booklet gets. posts: [(title, year, headings or
    None)] in book order. Returns (layout, starts, ranges)."""
    lay = Layout(book)
    check_labels(res, book, lay)
    titles = [p[0] for p in posts]
    starts = check_contents(res, book, lay, posts)
    if any(s is None for _, s in starts):
        return lay, starts, []
    ranges = check_heads_and_folios(res, book, lay, starts, site_title)
    check_outline(res, book, lay, posts, starts, ranges)
    if index_expect is not None:
        check_index(res, book, lay, index_expect, titles, starts)
    return lay, starts, ranges


def main_guard(fn):
    try:
        res = Results()
        fn(res)
    except Exception:
        import traceback
        traceback.print_exc()
        res.failed += 1
    sys.exit(res.done())
