#!/usr/bin/python3
"""test-index.py - the booklet's index and contents as a reader meets
them: a tag and a category of one name (in any case) are one index term,
with --recto the index starts on a right-hand (odd) page."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfbook  # noqa: E402
from pdfbook import norm  # noqa: E402

# (file, front matter, title)
POSTS = [
    ('2021-01-04-templates.md',
     ['title: Templates by Hand', 'tags: [VMware, DSC]',
      'categories: [DevOps, vmware]'], 'Templates by Hand'),
    ('2021-02-08-pipelines.md',
     ['title: Release Pipelines', 'tags: [devops, PowerShell]'],
     'Release Pipelines'),
    ('2021-03-15-credentials.md',
     ['title: Credentials', 'tags: [Credentials]',
      'categories: [DEVOPS]', 'series: Vault'], 'Credentials'),
]

BODY = ('A short post about ink and paper, set on one page so that the '
        'next one starts where it should.\n')


def make_site(root):
    os.makedirs(os.path.join(root, '_posts'))
    with open(os.path.join(root, '_config.yml'), 'w') as f:
        f.write('title: Index Test\nurl: https://index.example.com\n')
    for name, fm, _ in POSTS:
        with open(os.path.join(root, '_posts', name), 'w') as f:
            f.write('---\n' + '\n'.join(fm) + '\n---\n\n' + BODY)


def main(res):
    with pdfbook.scratch() as tmp:
        make_site(tmp)
        out = os.path.join(tmp, 'book.pdf')
        rc, _ = pdfbook.run_quire([os.path.join(tmp, '_posts'), '-o', out,
                                   '--recto'], res=res, what='--recto')
        if rc != 0:
            return
        book = pdfbook.Book(out)
        lay = pdfbook.Layout(book)
        idx = lay.index_start
        res.check(idx < book.n, 'the booklet has an index')
        label = book.labels[idx]
        res.check(label.isdigit() and int(label) % 2 == 1,
                  'with --recto the index starts on a recto page',
                  'index on page %s' % label)
        res.eq(idx % 2, 0, 'with --recto the index is a right-hand page '
               '(even page index)')
        heads = {}
        for term, title, _, _, _ in pdfbook.index_entries(
                book, lay.index_pages):
            # The heading is letter-spaced: poppler may see gaps.
            cur = (term or '').replace(' ', '')
            heads.setdefault(cur, [])
            if title is not None:
                heads[cur].append(title)
        lower = [h.lower() for h in heads]
        for term in ('vmware', 'devops'):
            res.eq(lower.count(term), 1, 'one index term "%s" (tags and '
                   'categories merged): %s' % (term, sorted(heads)))
        dev = [v for k, v in heads.items() if k.lower() == 'devops']
        res.eq(dev[0] if dev else None, [p[2] for p in POSTS],
               'the merged "DevOps" term lists each post once, in order')
        vm = [k for k in heads if k.lower() == 'vmware']
        res.eq(vm, ['VMware'], 'the first spelling met stands')
        res.check('Vault(series)' in heads, 'a series stays its own '
                  'term', sorted(heads))


pdfbook.main_guard(main)
