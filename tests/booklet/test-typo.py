#!/usr/bin/python3
"""test-typo.py - the real blog (../shared/corpus/devblackops) as a
booklet on A4 and on A5 --recto, measured by bench/typo against issue
12's table: word spaces (no full line over 0.7 em, at most 1 % (A4) or
2 % (A5) over 0.5 em), no justified line that stops short, no
paragraph ending in a short hyphenated fragment, no page (but a post's
last) more than a quarter empty, no post ending with three lines or
fewer on its last page, no stray code rows, no option broken after its
dash. Skipped (77) when the corpus is absent."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfbook  # noqa: E402

PAPERS = (('A4', [], 1.0, 0.0), ('A5 --recto', ['--paper', 'a5', '--recto'],
                                   2.0, 0.2))


SRC = os.environ.get('QUIRE_SOURCE',
                     os.path.join(os.path.dirname(__file__), '..', '..'))


def test(res):
    d = os.path.join(SRC, '..', 'shared', 'corpus', 'devblackops')
    if not os.path.isdir(os.path.join(d, '_posts')):
        print('corpus not found: skipped')
        sys.exit(77)
    with tempfile.TemporaryDirectory(prefix='quire-typo-') as tmp:
        for name, args, loose, looser in PAPERS:
            out = os.path.join(tmp, 'book.pdf')
            pdfbook.run_quire([d, '-o', out, '-q'] + args, res=res,
                              what='corpus booklet ' + name)
            r = subprocess.run([os.path.join(SRC, 'bench', 'typo'),
                                '--json', '--list', out],
                               capture_output=True, text=True, timeout=300)
            res.check(r.returncode == 0, 'bench/typo runs', r.stderr)
            # --list prints the cases before the JSON
            text = r.stdout
            t = json.loads(text[text.index('{'):])[out]
            cases = text[:text.index('{')].strip()
            res.context = name
            res.check(t['full lines'] > 500, 'a book of full lines', t)
            res.check(t['space>0.5em'] <= loose,
                      'at most %g %% of full lines over 0.5 em' % loose,
                      cases)
            res.check(t['space>0.7em'] <= looser,
                      'at most %g %% of full lines over 0.7 em' % looser,
                      cases)
            for k in ('short lines', 'hyphen ends', 'short pages',
                      'short ends', 'code orphans', 'dash breaks'):
                res.eq(t[k], 0, k + '\n' + cases)
            res.context = ''


pdfbook.main_guard(test)
