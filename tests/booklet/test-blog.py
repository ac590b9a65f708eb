#!/usr/bin/python3
"""test-blog.py - a small generated blog made into booklets: contents,
labels, running heads, folios, outline, tag index, cross-post links (by
https URL, by http URL without the trailing slash, by relative
permalink, with a fragment) and external links, drafts and future posts
(out, and in with --drafts or a later SOURCE_DATE_EPOCH), newest first,
recto starts, editor's notes (--notes and front matter), qpdf --check,
deterministic bytes."""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfbook  # noqa: E402
from pdfbook import norm, squash  # noqa: E402

SITE = 'Test Ledger'
HOST = 'ledger.example.com'
NOW = 1700000000                # 14 November 2023
LATER = 4090000000              # 2099, after the future post

WORDS = ('ink paper margin quire folio signature press type leading '
         'kerning gutter spine board cloth thread needle awl bone fold '
         'crease deckle laid wove grain sheet gather collate sew trim').split()


def prose(seed, sentences):
    """Deterministic filler sentences."""
    out, k = [], seed
    for s in range(sentences):
        n = 8 + (k % 9)
        w = [WORDS[(k * 7 + j * 3) % len(WORDS)] for j in range(n)]
        k = (k * 31 + 17) % 1009
        out.append(' '.join(w).capitalize() + '.')
    return out


def paras(seed, n, sentences=5):
    return '\n\n'.join(' '.join(prose(seed + i * 13, sentences))
                       for i in range(n))


# (file, front matter lines, body, title, year, headings, tags,
#  categories, series, kind) -- kind: None, 'draft', 'future'
POSTS = [
    ('2019-02-10-first-light.md',
     ['title: First Light', 'date: 2019-02-10', 'tags: [photo, intro]',
      'categories: [notes]'],
     '## Beginnings\n\n' + paras(1, 3) + '\n\n### The lens\n\n' +
     paras(2, 4) + '\n\n## Onwards\n\n' + paras(3, 6),
     'First Light', 2019, ['Beginnings', 'The lens', 'Onwards'],
     ['photo', 'intro'], ['notes'], None, None),
    ('2019-06-01-second-wind.md',
     ['title: Second Wind', 'tags: running', 'series: Seasons'],
     paras(4, 1) + '\n\nAs told in [the first post](https://' + HOST +
     '/2019/02/first-light/), it began with light.\n\n' + paras(5, 2),
     'Second Wind', 2019, [], ['running'], [], 'Seasons', None),
    ('2019-06-01-a-same-day.md',
     ['title: "A Same Day, Earlier by Name"'],
     paras(6, 2),
     'A Same Day, Earlier by Name', 2019, [], [], [], None, None),
    ('2020-01-15-zebra-dawn.md',
     ['title: Zebra Dawn', 'date: 2020-01-15 07:00:00',
      'tags: [photo]'],
     'Dawn came long before [the long read](https://' + HOST +
     '/2020/08/long-read) did.\n\n' + paras(7, 2),
     'Zebra Dawn', 2020, [], ['photo'], [], None, None),
    ('2020-01-15-cold-start.md',
     ['title: Cold Start', 'date: 2020-01-15 09:00:00',
      'tags: [running]', 'series: Seasons'],
     '{% include series.html %}\n\n'
     'Read [the second wind](http://' + HOST + '/2019/06/second-wind) '
     'before this one.\n\n' + paras(8, 2),
     'Cold Start', 2020, [], ['running'], [], 'Seasons', None),
    ('2020-05-05-half-baked.md',
     ['title: Half Baked', 'draft: true', 'tags: [photo]'],
     paras(9, 1), 'Half Baked', 2020, [], ['photo'], [], None, 'draft'),
    ('2020-06-06-held-back.md',
     ['title: Held Back', 'published: false'],
     paras(10, 1), 'Held Back', 2020, [], [], [], None, 'draft'),
    ('2020-08-20-long-read.md',
     ['title: The Long Read', 'categories: [notes, essays]',
      'note: "Revised in *2022* after letters from readers."'],
     '## Part one\n\n' + paras(11, 5) + '\n\n## Part two\n\n'
     'Compare [a cold start](/2020/01/cold-start/) and '
     '[a tool elsewhere](https://www.example.org/elsewhere).\n\n' +
     paras(12, 6) + '\n\n### A detail\n\n' + paras(13, 5) +
     '\n\n## Part three\n\n' + paras(14, 6),
     'The Long Read', 2020, ['Part one', 'Part two', 'A detail',
                             'Part three'],
     [], ['notes', 'essays'], None, None),
    ('2021-04-04-spring-cleaning.md',
     ['title: Spring Cleaning', 'tags: [photo, tools]',
      'categories: notes', 'series: Seasons'],
     'A look back at [the long read](https://' + HOST.upper() +
     '/2020/08/long-read/#part-two).\n\n## The shed\n\n' + paras(15, 3),
     'Spring Cleaning', 2021, ['The shed'], ['photo', 'tools'],
     ['notes'], 'Seasons', None),
    ('2021-11-11-last-word.md',
     ['title: Last Word', 'tags: [intro]'],
     'Not ready: [half baked](https://' + HOST + '/2020/05/half-baked/).'
     '\n\n' + paras(16, 1),
     'Last Word', 2021, [], ['intro'], [], None, None),
    ('2099-01-01-tomorrow.md',
     ['title: Tomorrow'],
     paras(17, 1), 'Tomorrow', 2099, [], [], [], None, 'future'),
]

NOTES = ('spring-cleaning: |\n'
         '  Written during the *move*; the shed is gone now.\n'
         'no-such-post: "A note for nobody."\n')


def make_blog(root):
    os.makedirs(os.path.join(root, '_posts', '2020'))
    with open(os.path.join(root, '_config.yml'), 'w') as f:
        f.write('title: %s\ndescription: Notes on making books\n'
                'author: Tess Ter\nurl: https://%s\n'
                'permalink: /:year/:month/:title/\n' % (SITE, HOST))
    for name, fm, body, *_ in POSTS:
        # Some posts in a subfolder: the folder is searched recursively.
        sub = '2020' if name.startswith('2020-08') else ''
        with open(os.path.join(root, '_posts', sub, name), 'w') as f:
            f.write('---\n' + '\n'.join(fm) + '\n---\n\n' + body + '\n')
    with open(os.path.join(root, 'notes.yml'), 'w') as f:
        f.write(NOTES)


def key(p):
    fm = dict(l.split(': ', 1) for l in p[1])
    date = fm.get('date', p[0][:10])
    if len(date) == 10:
        date += ' 00:00:00'
    return (date, p[0])


def expected(kinds=(None,), newest=False):
    ps = sorted((p for p in POSTS if p[9] in kinds), key=key,
                reverse=newest)
    return ps


def index_of(ps):
    idx = {}
    for p in ps:
        for t in p[6]:
            idx.setdefault(t, []).append(p[3])
        for c in p[7]:
            idx.setdefault('%s (category)' % c, []).append(p[3])
        if p[8]:
            idx.setdefault('%s (series)' % p[8], []).append(p[3])
    return idx


def build(res, root, out, extra=(), epoch=NOW, what=''):
    rc, err = pdfbook.run_quire([os.path.join(root, '_posts'), '-o', out,
                                 '--notes', os.path.join(root, 'notes.yml')]
                                + list(extra), epoch=epoch, res=res,
                                what=what)
    if rc != 0 or not os.path.exists(out):
        return None
    return pdfbook.Book(out)


def full_checks(res, book, ps, heads=True):
    posts = [(p[3], p[4], p[5] if heads else None) for p in ps]
    return pdfbook.check_all(res, book, posts, SITE, index_of(ps))


def post_text(book, rng):
    return norm(' '.join(book.texts[i] for i in rng))


def check_cross_refs(res, book, starts, ranges):
    start = {t: s for t, s in starts}
    rng = {t: r for (t, _), r in zip(starts, ranges)}
    label = book.labels

    def internal(src, text, target, how):
        links = [l for i in rng[src] for l in book.links(i)
                 if squash(text) in squash(l.text)]
        ok = res.check(len(links) == 1, 'one link "%s" in "%s" (%s)'
                       % (text, src, how), [(l.text, l.uri, l.name)
                                            for l in links])
        if not ok:
            return
        l = links[0]
        res.check(l.name is not None and l.uri is None,
                  'link %s is internal' % how, 'uri %r' % l.uri)
        res.eq(l.target, start[target], 'link %s goes to "%s"'
               % (how, target))
        m = re.search(re.escape(text) + r' \(p\. ?(\w+)\)',
                      post_text(book, [l.page]))
        if res.check(m is not None, 'link %s is followed by "(p. N)"' % how,
                     post_text(book, [l.page])[:300]):
            res.eq(m.group(1), label[start[target]],
                   'the page reference of the link %s' % how)

    internal('Second Wind', 'the first post', 'First Light',
             'by https URL with trailing slash')
    internal('Cold Start', 'the second wind', 'Second Wind',
             'by http URL without trailing slash')
    internal('The Long Read', 'a cold start', 'Cold Start',
             'by relative permalink')
    internal('Zebra Dawn', 'the long read', 'The Long Read',
             'forward, to a later post')
    internal('Spring Cleaning', 'the long read', 'The Long Read',
             'by URL with upper-case host and a fragment')
    # {% include series.html %}: the series' posts in order, each a link
    # with its page but the post itself.
    t = post_text(book, rng['Cold Start'])
    m = re.search(r'Part of the series .Seasons.: 1\. Second Wind'
                  r' \(p\. ?\w+\) 2\. Cold Start 3\. Spring Cleaning', t)
    res.check(m is not None, 'Cold Start lists its series', t[:300])
    internal('Cold Start', 'Spring Cleaning', 'Spring Cleaning',
             'in the series list, to a later post')
    res.check(not [l for i in rng['Cold Start'] for l in book.links(i)
                   if squash(l.text) == squash('Cold Start')],
              'the series list does not link a post to itself')

    ext = [l for i in rng['The Long Read'] for l in book.links(i)
           if l.uri is not None]
    res.eq([l.uri for l in ext], ['https://www.example.org/elsewhere'],
           'the external link stays a URI link')
    t = post_text(book, rng['The Long Read'])
    res.check('a tool elsewhere (p.' not in t,
              'no page reference after the external link')
    # A link to a post left out (a draft) stays as it was.
    lw = [l for i in rng['Last Word'] for l in book.links(i)]
    res.eq([(l.uri, l.name) for l in lw],
           [('https://%s/2020/05/half-baked/' % HOST, None)],
           'a link to a left-out draft stays a URI link')
    res.check('half baked (p.' not in post_text(book, rng['Last Word']),
              'no page reference to a left-out draft')


def check_notes(res, book, lay, starts, ranges):
    rng = {t: r for (t, _), r in zip(starts, ranges)}
    noted = {'The Long Read': 'Revised in 2022 after letters from readers.',
             'Spring Cleaning': 'Written during the move; the shed is gone '
             'now.'}
    first = {'The Long Read': 'Part one',
             'Spring Cleaning': 'A look back at'}
    for title, note in noted.items():
        i = rng[title][0]
        t = norm(book.texts[i])
        a = t.find('EDITOR\u2019S NOTE')
        b = t.find(note)
        c = t.find(first[title])
        res.check(a > 0 and b > a and c > b,
                  'the note of "%s" comes between the title block and the '
                  'body' % title, t[:400])
        res.check(t.find('Tess Ter') < a or 'Tess Ter' not in t,
                  'the note of "%s" follows the byline' % title)
        box = book.find_text_box(i, 'EDITOR\u2019S NOTE')
        if box is not None:
            check_box(res, book, i, box, title)
    for title, _ in starts:
        if title in noted:
            continue
        t = norm(' '.join(book.texts[i] for i in rng[title]))
        res.check('EDITOR\u2019S NOTE' not in t,
                  '"%s" has no editor\'s note' % title)
    for title, label, before, after, _ in lay.entries:
        res.eq('with an editor\u2019s note' in after, title in noted,
               'contents marks the note of "%s" (or not)' % title)


def ppm_row(path):
    with open(path, 'rb') as f:
        data = f.read()
    parts = data.split(maxsplit=4)
    return int(parts[1]), int(parts[2]), parts[4]


def check_box(res, book, i, box, title):
    """Renders the page at 72 dpi (1 px = 1 pt) and looks left of the
    note's label, on its middle line, for the box's fill."""
    if shutil.which('pdftoppm') is None:
        print('note: pdftoppm not found, box not checked')
        return
    d = os.path.dirname(book.path)
    base = os.path.join(d, 'box')
    subprocess.run(['pdftoppm', '-r', '72', '-f', str(i + 1), '-l',
                    str(i + 1), '-singlefile', book.path, base], check=True)
    w, h, px = ppm_row(base + '.ppm')
    y = int((box[1] + box[3]) / 2)
    row = [tuple(px[(y * w + x) * 3:(y * w + x) * 3 + 3])
           for x in range(0, max(0, int(box[0]) - 1))]
    tinted = [c for c in row if c != (255, 255, 255) and min(c) > 200]
    res.check(len(tinted) >= 2, 'the note of "%s" is set in a box' % title,
              'no tinted pixels left of the label on row %d' % y)
    # A plain body line has no box.
    body = book.find_text_box(i, title.split()[0])
    if body is not None:
        y = int((body[1] + body[3]) / 2)
        row = [tuple(px[(y * w + x) * 3:(y * w + x) * 3 + 3])
               for x in range(0, max(0, int(body[0]) - 1))]
        res.check(all(c == (255, 255, 255) for c in row),
                  'the title of "%s" is not boxed' % title)


def check_contents_annotations(res, book, lay, ps, starts):
    start = dict(starts)
    # Excerpts are taken before page references join a post's text: the
    # contents show the words, not a "(p. N)" that belongs to the post.
    res.check(re.search(r'Dawn came long before the long read(?! \(p\.)',
                        lay.contents_text) is not None,
              'contents excerpt of "Zebra Dawn" is its words, without a '
              'page reference', lay.contents_text[:300])
    for (title, label, before, after, _), p in zip(lay.entries, ps):
        y, m, d = (int(x) for x in p[0][:10].split('-'))
        months = ('January February March April May June July August '
                  'September October November December').split()
        date = '%d %s %d' % (d, months[m - 1], y)
        res.check(after.startswith(date), 'contents gives the date of "%s"'
                  % title, after[:100])
        if p[6]:
            res.check(', '.join(p[6]) in after,
                      'contents gives the tags of "%s"' % title, after[:100])
        # The excerpt: the first sentence of the body, when it is prose
        # (a series list quire draws is not the author's words).
        body = re.sub(r'^\{%.*?%\}\n+', '', p[2])
        first = re.sub(r'\[([^]]*)\]\([^)]*\)', r'\1', body.split('\n')[0])
        if not first.startswith('#'):
            sent = first.split('.')[0]
            res.check(squash(sent[:40]) in squash(re.sub(
                r' \(p\. ?\w+\)', '', after)),
                      'contents gives an excerpt of "%s"' % title,
                      after[:200])


def test(res):
    with pdfbook.scratch() as tmp:
        root = os.path.join(tmp, 'blog')
        make_blog(root)
        out = os.path.join(tmp, 'a', 'archive.pdf')
        os.makedirs(os.path.dirname(out))

        # The default booklet.
        res.context = 'default'
        book = build(res, root, out, what='booklet')
        if book is None:
            return
        ps = expected()
        lay, starts, ranges = full_checks(res, book, ps)
        if ranges:
            check_cross_refs(res, book, starts, ranges)
            check_notes(res, book, lay, starts, ranges)
            check_contents_annotations(res, book, lay, ps, starts)
        text = norm(' '.join(book.texts))
        for gone in ('Half Baked', 'Held Back', 'Tomorrow'):
            res.check(gone not in text, '"%s" is left out' % gone)
        cover = norm(book.texts[0])
        res.check(cover.startswith(SITE) and '2019\u20132021 \u00b7 8 posts'
                  in cover, 'the cover names the site, years and count',
                  cover)
        pdfbook.qpdf_check(res, out)

        # Same input, same bytes: and the same on one thread as on
        # several (pages drawn on their own thread, posts read ahead).
        res.context = 'determinism'
        out2 = os.path.join(tmp, 'b', 'archive.pdf')
        os.makedirs(os.path.dirname(out2))
        os.environ['QUIRE_THREADS'] = '1'
        try:
            build(res, root, out2, what='second booklet, one thread')
        finally:
            del os.environ['QUIRE_THREADS']
        with open(out, 'rb') as f1, open(out2, 'rb') as f2:
            res.check(f1.read() == f2.read(),
                      'two runs (one on one thread) give the same bytes')
        # Without a spool file (no temporary folder) posts are laid out
        # again to be drawn: the same book.
        out2b = os.path.join(tmp, 'c', 'archive.pdf')
        os.makedirs(os.path.dirname(out2b))
        saved = os.environ.get('TMPDIR')
        os.environ['TMPDIR'] = os.path.join(tmp, 'no-such-folder')
        try:
            build(res, root, out2b, what='booklet without a spool file')
        finally:
            if saved is None:
                del os.environ['TMPDIR']
            else:
                os.environ['TMPDIR'] = saved
        with open(out, 'rb') as f1, open(out2b, 'rb') as f2:
            res.check(f1.read() == f2.read(),
                      'without a spool file, the same bytes')

        # --drafts: drafts, unpublished and future posts are in.
        res.context = '--drafts'
        out3 = os.path.join(tmp, 'drafts.pdf')
        book = build(res, root, out3, ['--drafts'], what='--drafts')
        if book is not None:
            ps = expected((None, 'draft', 'future'))
            lay, starts, ranges = full_checks(res, book, ps)
            if ranges:
                rng = {t: r for (t, _), r in zip(starts, ranges)}
                lw = [l for i in rng['Last Word'] for l in book.links(i)
                      if 'half baked' in l.text]
                res.check(len(lw) == 1 and lw[0].name is not None and
                          lw[0].target == dict(starts)['Half Baked'],
                          'with --drafts the link to a draft is internal')

        # A later "now" lets the future post in, not the drafts.
        res.context = 'SOURCE_DATE_EPOCH'
        out4 = os.path.join(tmp, 'later.pdf')
        book = build(res, root, out4, epoch=LATER, what='later now')
        if book is not None:
            ps = expected((None, 'future'))
            full_checks(res, book, ps)

        # --newest-first reverses the order, years too.
        res.context = '--newest-first'
        out5 = os.path.join(tmp, 'newest.pdf')
        book = build(res, root, out5, ['--newest-first'],
                     what='--newest-first')
        if book is not None:
            ps = expected(newest=True)
            lay, starts, ranges = full_checks(res, book, ps)
            res.eq([p[3] for p in ps],
                   [p[3] for p in reversed(expected())],
                   'newest first is oldest first reversed')
            if ranges:
                check_cross_refs(res, book, starts, ranges)

        # --recto: every post starts on a right-hand (odd) page.
        res.context = '--recto'
        out6 = os.path.join(tmp, 'recto.pdf')
        book = build(res, root, out6, ['--recto'], what='--recto')
        if book is not None:
            ps = expected()
            lay, starts, ranges = full_checks(res, book, ps)
            for title, s in starts:
                if s is None:
                    continue
                res.check(int(book.labels[s]) % 2 == 1,
                          '"%s" starts on an odd page' % title,
                          'page %s' % book.labels[s])
                res.check(s % 2 == 0, '"%s" starts on a right-hand sheet '
                          'side (physical page %d)' % (title, s + 1))
            if lay.contents_pages:
                res.check(lay.contents_pages[0] % 2 == 0,
                          'the contents start on a right-hand page')
            res.check(lay.first_arabic % 2 == 0,
                      'page 1 is a right-hand page')
            pdfbook.qpdf_check(res, out6)

        # A post with broken front matter: no booklet, unless
        # --keep-going, which skips it, says so, exits 1 -- and still
        # writes the booklet of the others.
        res.context = '--keep-going'
        bad = os.path.join(tmp, 'bad')
        shutil.copytree(root, bad)
        with open(os.path.join(bad, '_posts', '2020-03-03-broken.md'),
                  'w') as f:
            f.write('---\ntitle: [Broken\n---\nBody.\n')
        out7 = os.path.join(tmp, 'bad.pdf')
        rc, err = pdfbook.run_quire([os.path.join(bad, '_posts'), '-o', out7],
                                    epoch=NOW, expect=1, res=res,
                                    what='a broken post')
        res.check('2020-03-03-broken.md:2' in err or
                  '2020-03-03-broken.md:3' in err,
                  'the broken post is reported at its line', err)
        res.check(not os.path.exists(out7), 'no booklet without '
                  '--keep-going')
        rc, err = pdfbook.run_quire([os.path.join(bad, '_posts'), '-o', out7,
                                     '--keep-going'], epoch=NOW, expect=1,
                                    res=res, what='--keep-going')
        res.check('2020-03-03-broken.md' in err and 'skipped' in err,
                  'the skipped post is named', err)
        if res.check(os.path.exists(out7), '--keep-going still writes the '
                     'booklet'):
            book = pdfbook.Book(out7)
            full_checks(res, book, expected(), heads=False)
            res.check('Broken' not in ' '.join(book.texts),
                      'the broken post is left out')

        # Bad --notes files are errors, before anything is written.
        res.context = '--notes'
        out8 = os.path.join(tmp, 'notes.pdf')
        rc, err = pdfbook.run_quire([os.path.join(root, '_posts'), '-o', out8,
                                     '--notes', os.path.join(tmp, 'none.yml')],
                                    epoch=NOW, expect=1, res=res,
                                    what='a missing notes file')
        res.check(not os.path.exists(out8), 'no booklet with a missing '
                  'notes file')
        listy = os.path.join(tmp, 'list.yml')
        with open(listy, 'w') as f:
            f.write('- just\n- a list\n')
        rc, err = pdfbook.run_quire([os.path.join(root, '_posts'), '-o', out8,
                                     '--notes', listy],
                                    epoch=NOW, expect=1, res=res,
                                    what='a notes file that is a list')
        res.check('list.yml:1' in err, 'the notes file is named at its line',
                  err)
        res.check(not os.path.exists(out8), 'no booklet with a bad notes '
                  'file')


pdfbook.main_guard(test)
