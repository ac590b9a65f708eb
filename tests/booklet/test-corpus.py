#!/usr/bin/python3
"""test-corpus.py - a real blog (../shared/corpus/devblackops) as one
booklet: every post but the drafts, in front-matter date order, contents
page numbers and links right, running heads, outline, index, and the
links between posts (http://devblackops.io/SLUG/ with the site's url
https://devblackops.io/) internal with page references. Skipped (77)
when the corpus is absent."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfbook  # noqa: E402
from pdfbook import norm, squash  # noqa: E402

SITE = 'DevBlackOps'
HOST = 'devblackops.io'


def corpus_dir():
    src = os.environ.get('QUIRE_SOURCE',
                         os.path.join(os.path.dirname(__file__), '..', '..'))
    d = os.path.join(src, '..', 'shared', 'corpus', 'devblackops')
    return d if os.path.isdir(os.path.join(d, '_posts')) else None


def unquote(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in '"\'':
        v = v[1:-1]
    return v


def flow_list(v):
    v = v.strip()
    if v.startswith('[') and v.endswith(']'):
        return [unquote(x) for x in v[1:-1].split(',') if x.strip()]
    return [unquote(x) for x in v.split()] if v else []


def front(path):
    """The few front-matter keys the test needs, read line by line."""
    lines = open(path, encoding='utf-8').read().split('\n')
    fm = {}
    assert lines[0].strip() == '---', path
    k = 1
    while lines[k].strip() not in ('---', '...'):
        line = lines[k]
        m = re.match(r'([A-Za-z_-]+):\s*(.*)$', line)
        if m:
            key, val = m.group(1), m.group(2)
            if key == 'series' and not val:
                n = re.match(r'\s+name:\s*(.*)$', lines[k + 1])
                val = n.group(1) if n else ''
            fm[key] = val
        k += 1
    body = '\n'.join(lines[k + 1:])
    name = os.path.basename(path)
    date = fm.get('date', name[:10]).strip()
    if len(date) == 10:
        date += ' 00:00:00'
    draft = (fm.get('draft', '').strip() == 'true' or
             fm.get('published', '').strip() == 'false')
    return {
        'name': name, 'title': unquote(fm['title']), 'date': date,
        'year': int(date[:4]), 'draft': draft,
        'tags': flow_list(fm.get('tags', '')),
        'categories': flow_list(fm.get('categories',
                                       fm.get('category', ''))),
        'series': unquote(fm['series']) if fm.get('series') else None,
        'slug': re.sub(r'^\d{4}-\d\d-\d\d-', '',
                       os.path.splitext(name)[0]),
        'body': body,
    }


def test(res):
    d = corpus_dir()
    if d is None:
        print('corpus not found: skipped')
        sys.exit(77)
    posts_dir = os.path.join(d, '_posts')
    allp = [front(os.path.join(posts_dir, n))
            for n in sorted(os.listdir(posts_dir))
            if n.endswith(('.md', '.markdown'))]
    ps = sorted((p for p in allp if not p['draft']),
                key=lambda p: (p['date'], p['name']))
    res.check(len(ps) >= 40, 'the corpus has its posts (%d)' % len(ps))
    # Tags and categories: one term per name, case aside, spelled as
    # first met, each post once under it; "(category)" when no tag has
    # the name.
    terms, spelt, tagged = {}, {}, set()
    for p in ps:
        for t in p['tags'] + p['categories']:
            name = spelt.setdefault(t.lower(), t)
            posts = terms.setdefault(name, [])
            if not posts or posts[-1] is not p['title']:
                posts.append(p['title'])
        tagged.update(t.lower() for t in p['tags'])
    index = {(k if k.lower() in tagged else '%s (category)' % k): v
             for k, v in terms.items()}
    for p in ps:
        if p['series']:
            index.setdefault('%s (series)' % p['series'], []).append(
                p['title'])
    with pdfbook.scratch() as tmp:
        out = os.path.join(tmp, 'devblackops.pdf')
        rc, err = pdfbook.run_quire([posts_dir, '-o', out, '-q'],
                                    res=res, what='devblackops booklet')
        if rc != 0:
            return
        book = pdfbook.Book(out)
        lay, starts, ranges = pdfbook.check_all(
            res, book, [(p['title'], p['year'], None) for p in ps], SITE,
            index)
        text = norm(' '.join(book.texts))
        for p in allp:
            if p['draft']:
                res.check(squash(p['title']) not in squash(text),
                          'draft "%s" is left out' % p['title'])
        res.check(len(lay.contents_pages) >= 2,
                  'the contents run over several pages (%s)' %
                  [book.labels[i] for i in lay.contents_pages])
        pdfbook.qpdf_check(res, out)
        if not ranges:
            return

        # Links between posts: every link in a post's source to
        # devblackops.io/SLUG of a post in the book is internal.
        start = {p['slug']: s for p, (_, s) in zip(ps, starts)}
        slugs = set(start)
        total = 0
        for p, r in zip(ps, ranges):
            want = []
            for m in re.finditer(r'\]\((https?://%s/([^/)#?]+)/?)\)'
                                 % re.escape(HOST), p['body']):
                if m.group(2).lower() in slugs:
                    want.append(m.group(2).lower())
            # {% include series.html %}: the other posts of its series,
            # listed, each with its page.
            if p['series'] and re.search(r'\{%-?\s*include\s+series',
                                         p['body']):
                want += [q['slug'] for q in ps if q is not p and
                         q['series'] == p['series']]
            links = [l for i in r for l in book.links(i)]
            uris = [l.uri for l in links if l.uri]
            for u in uris:
                # a post's own address (a deeper path is another page)
                m = re.match(r'https?://%s/([^/#?]+)/?(?:[#?].*)?$'
                             % re.escape(HOST), u)
                res.check(m is None or m.group(1).lower() not in slugs,
                          'a link in "%s" to a post in the book is not '
                          'left a URI' % p['title'], u)
            got = [l.target for l in links if l.name is not None and
                   l.target in start.values()]
            res.eq(sorted(got), sorted(start[s] for s in want),
                   'links from "%s" to other posts are internal and go '
                   'to their first pages' % p['title'])
            t = norm(' '.join(book.texts[i] for i in r))
            for s in want:
                res.check('(p. %s)' % book.labels[start[s]] in t,
                          '"%s" refers to page %s' %
                          (p['title'], book.labels[start[s]]))
            total += len(want)
        res.check(total >= 3, 'the corpus has cross-post links (%d)'
                  % total)
        summary = start.get('poshorigin-part-1-summary')
        res.check(summary is not None, 'POSHOrigin summary is in the book')


pdfbook.main_guard(test)
