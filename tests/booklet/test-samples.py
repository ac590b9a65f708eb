#!/usr/bin/python3
"""test-samples.py - the booklet of samples/ (the mini site): labels,
contents, running heads, folios, outline with headings, index, qpdf."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfbook  # noqa: E402
import yaml  # noqa: E402


def front(path):
    text = open(path, encoding='utf-8').read()
    m = re.match(r'---\n(.*?)\n---\n(.*)', text, re.S)
    meta = yaml.safe_load(m.group(1))
    body = m.group(2)
    heads, fence = [], False
    for line in body.split('\n'):
        if re.match(r'\s*(```|~~~|\{%-?\s*(end)?highlight)', line):
            fence = not fence
        elif not fence:
            h = re.match(r'#{1,6}\s+(.*?)\s*#*\s*$', line)
            if h:
                heads.append(h.group(1))
    return meta, heads


def as_list(v):
    if v is None:
        return []
    if isinstance(v, str):
        return v.split()
    return [str(x) for x in v]


def test(res):
    src = os.environ.get('QUIRE_SOURCE',
                         os.path.join(os.path.dirname(__file__), '..', '..'))
    samples = os.path.join(src, 'samples')
    site = yaml.safe_load(open(os.path.join(samples, '_config.yml')))
    posts, index = [], {}
    for name in sorted(os.listdir(samples)):
        if not name.endswith('.md'):
            continue
        meta, heads = front(os.path.join(samples, name))
        if meta.get('draft') or meta.get('published') is False:
            continue
        date = str(meta.get('date') or name[:10])
        posts.append((date, name, meta, heads))
    posts.sort(key=lambda p: (p[0], p[1]))
    expect = []
    for date, name, meta, heads in posts:
        title = meta['title']
        # Markdown emphasis is not part of a heading's text.
        heads = [re.sub(r'[*_`]', '', h) for h in heads]
        expect.append((title, int(date[:4]), heads))
        for t in as_list(meta.get('tags')):
            index.setdefault(t, []).append(title)
        for c in as_list(meta.get('categories')):
            index.setdefault('%s (category)' % c, []).append(title)
        series = meta.get('series')
        if isinstance(series, dict):
            series = series.get('name')
        if series:
            index.setdefault('%s (series)' % series, []).append(title)
    with pdfbook.scratch() as tmp:
        out = os.path.join(tmp, 'samples.pdf')
        # Posts dated 2024: "now" is 2025.
        rc, err = pdfbook.run_quire([samples, '-o', out], epoch=1750000000,
                                    res=res, what='samples booklet')
        if rc != 0:
            return
        res.check('warning' not in err, 'no warnings', err)
        book = pdfbook.Book(out)
        pdfbook.check_all(res, book, expect, site['title'], index)
        pdfbook.qpdf_check(res, out)
        cover = pdfbook.norm(book.texts[0])
        res.check(cover.startswith(site['title']), 'cover shows the site '
                  'title', cover)
        years = sorted(set(p[0][:4] for p in posts))
        span = years[0] if len(years) == 1 else '%s\u2013%s' % (years[0],
                                                               years[-1])
        res.check('%s · %d posts' % (span, len(posts)) in cover,
                  'cover gives years and count', cover)

        # --cover-image: the image on the cover, the book otherwise the same
        out2 = os.path.join(tmp, 'cover.pdf')
        image = os.path.join(samples, 'images', 'starter.png')
        rc, err = pdfbook.run_quire([samples, '-o', out2, '--cover-image',
                                     image], epoch=1750000000, res=res,
                                    what='samples booklet with a cover image')
        if rc == 0:
            book2 = pdfbook.Book(out2)
            maps = book2.doc.get_page(0).get_image_mapping()
            res.check(len(maps) == 1, 'the cover shows the cover image',
                      len(maps))
            res.eq(book2.doc.get_n_pages(), book.doc.get_n_pages(),
                   'the cover image adds no page')
            pdfbook.qpdf_check(res, out2)


pdfbook.main_guard(test)
