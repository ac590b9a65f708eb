#!/usr/bin/python3
"""test-baseurl.py - a site whose baseurl has no leading slash
("baseurl: blog", as many Jekyll sites write it). Links between its posts
(through relative_url, by absolute URL under the base, through post_url
and in a series list) become internal links with "(p. N)" in the
booklet; alone, a post's series list links where the site serves each
post, under the base."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfbook  # noqa: E402
from pdfbook import norm, squash  # noqa: E402

HOST = 'pages.example.net'
CONFIG = ('title: Base Camp\nurl: https://%s/\nbaseurl: blog\n'
          'permalink: /:year/:month/:title/\n' % HOST)
FILLER = ('Words about camp and ropes and weather fill this paragraph '
          'so that the page has some body to it. ') * 6
POSTS = {
    '2020-01-05-alpha.md': (
        'title: Alpha\nseries: Camps',
        '{% include series.html %}\n\n' + FILLER + '\n\n'
        'Read [the beta post]({{ "/2020/02/beta/" | relative_url }}) '
        'next, and [the gamma post](https://' + HOST +
        '/blog/2020/03/gamma/) after, then [the rope maker]'
        '(https://ropes.example.org/knots/).\n'),
    '2020-02-07-beta.md': (
        'title: Beta\nseries: Camps',
        FILLER + '\n\n' + FILLER + '\n'),
    '2020-03-09-gamma.md': (
        'title: Gamma',
        FILLER + '\n\nBack to [the alpha post]({% post_url '
        '2020-01-05-alpha %}).\n'),
}


def make_site(root):
    os.makedirs(os.path.join(root, '_posts'))
    with open(os.path.join(root, '_config.yml'), 'w') as f:
        f.write(CONFIG)
    for name, (fm, body) in POSTS.items():
        with open(os.path.join(root, '_posts', name), 'w') as f:
            f.write('---\n%s\n---\n\n%s' % (fm, body))


def starts(book):
    """Post title -> page index of its first page, from the outline."""
    out = {}

    def walk(nodes):
        for title, page, kids in nodes:
            out.setdefault(title, page)
            walk(kids)
    walk(book.outline())
    return out


def check_internal(res, book, start, src, text, target):
    src_pages = range(start[src], book.n)
    links = [l for i in src_pages for l in book.links(i)
             if squash(text) == squash(l.text)]
    if not res.check(links, 'a link "%s" in %s' % (text, src)):
        return
    l = links[0]
    res.check(l.name is not None and l.uri is None,
              '"%s" in %s is an internal link' % (text, src),
              'uri %r' % l.uri)
    res.eq(l.target, start.get(target),
           '"%s" in %s leads to %s' % (text, src, target))
    m = re.search(re.escape(text) + r' \(p\. ?(\w+)\)',
                  norm(book.texts[l.page]))
    if res.check(m is not None, '"%s" in %s is followed by "(p. N)"'
                 % (text, src), norm(book.texts[l.page])[:400]):
        res.eq(m.group(1), book.labels[start[target]],
               'the page reference of "%s" in %s' % (text, src))


def check_print(res, tmp, root):
    """--style print: URL notes for outside links only."""
    out = os.path.join(tmp, 'print.pdf')
    rc, _ = pdfbook.run_quire([os.path.join(root, '_posts'), '-o', out,
                               '--style', 'print'], res=res,
                              what='print booklet')
    if rc != 0:
        return
    book = pdfbook.Book(out)
    start = starts(book)
    if None in [start.get(t) for t in ('Alpha', 'Beta', 'Gamma')]:
        res.check(False, 'the print booklet has all three posts')
        return
    check_internal(res, book, start, 'Alpha', 'the beta post', 'Beta')
    check_internal(res, book, start, 'Gamma', 'the alpha post', 'Alpha')
    text = norm(' '.join(book.texts[start['Alpha']:]))
    # The page reference comes straight after the link text: no note
    # mark between them or after it.
    for words in ('the beta post', 'the gamma post', 'the alpha post'):
        m = re.search(re.escape(words) + r' \(p\. ?\w+\)(\S*)', text)
        if res.check(m is not None, '"%s" has its page reference' % words,
                     text[:400]):
            res.eq(m.group(1) if m.group(1) not in ('.', ',') else '', '',
                   'no note mark after "%s (p. N)"' % words)
    res.check('%s/blog/2020/' % HOST not in text,
              'no URL note for a link between posts', text)
    m = re.search(r'the rope maker(\d+)', text)
    if res.check(m is not None, 'the outside link has a note mark', text):
        res.check(re.search(r'\b%s\. https://ropes\.example\.org/knots/'
                            % m.group(1), text) is not None,
                  'the outside link\'s URL note', text)


def test(res):
    with pdfbook.scratch() as tmp:
        root = os.path.join(tmp, 'site')
        make_site(root)
        out = os.path.join(tmp, 'book.pdf')
        rc, _ = pdfbook.run_quire([os.path.join(root, '_posts'), '-o', out],
                                  res=res, what='booklet')
        if rc != 0:
            return
        book = pdfbook.Book(out)
        start = starts(book)
        for t in ('Alpha', 'Beta', 'Gamma'):
            res.check(start.get(t) is not None, '%s is in the outline' % t)
        if None in [start.get(t) for t in ('Alpha', 'Beta', 'Gamma')]:
            return
        check_internal(res, book, start, 'Alpha', 'the beta post', 'Beta')
        check_internal(res, book, start, 'Alpha', 'the gamma post', 'Gamma')
        check_internal(res, book, start, 'Gamma', 'the alpha post', 'Alpha')
        check_internal(res, book, start, 'Alpha', 'Beta', 'Beta')
        pdfbook.qpdf_check(res, out)
        check_print(res, tmp, root)

        # Alone, the series list links where the site serves Beta.
        one = os.path.join(tmp, 'alpha.pdf')
        rc, _ = pdfbook.run_quire([os.path.join(root, '_posts',
                                                '2020-01-05-alpha.md'),
                                   '-o', one], res=res, what='one post')
        if rc != 0:
            return
        post = pdfbook.Book(one)
        uris = sorted({l.uri for i in range(post.n) for l in post.links(i)
                       if l.uri is not None})
        res.eq(uris, ['https://%s/blog/2020/02/beta/' % HOST,
                      'https://%s/blog/2020/03/gamma/' % HOST,
                      'https://ropes.example.org/knots/'],
               'the links of the post alone, under the base')


pdfbook.main_guard(test)
