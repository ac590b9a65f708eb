#!/usr/bin/python3
"""Hyphenation dictionaries in a booklet of many languages: each
dictionary file is loaded once per run, however many posts use it and
under whichever tag ("de", "de-AT", "de_CH" name one file here), as
src/read/hyphenate.h promises. Loading German takes seconds.

Counted from the outside: the dictionary files quire opens, under
strace (skipped, 77, without it). $QUIRE names the binary.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

QUIRE = os.environ.get('QUIRE') or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '../../build/quire')
HYPHEN_DIR = '/usr/share/hyphen'
GERMAN = ('Die Donaudampfschifffahrtsgesellschaft veröffentlichte '
          'Sonderbriefmarken zum Jubiläum, und die Bundesverfassungsrichter '
          'begutachteten währenddessen Rechtsschutzversicherungsbedingungen. ')
ENGLISH = ('Internationalisation considerations notwithstanding, the '
           'administration characteristically underestimated '
           'responsibilities. ')


def main():
    if shutil.which('strace') is None:
        print('SKIP: no strace')
        return 77
    de = os.path.realpath(os.path.join(HYPHEN_DIR, 'hyph_de.dic'))
    en = os.path.realpath(os.path.join(HYPHEN_DIR, 'hyph_en_US.dic'))
    if not os.path.exists(de) or not os.path.exists(en):
        print('SKIP: no German or English dictionary in ' + HYPHEN_DIR)
        return 77
    with tempfile.TemporaryDirectory(prefix='quire-languages-') as d:
        with open(os.path.join(d, '_config.yml'), 'w') as f:
            f.write('title: Mixed\nlang: en\n')
        posts = os.path.join(d, '_posts')
        os.makedirs(posts)
        langs = ['de', 'de', 'de', 'de-AT', 'DE-at', 'de_CH', None, 'en-GB']
        for i, lang in enumerate(langs):
            with open(os.path.join(posts, '2021-03-%02d-post-%d.md'
                                   % (i + 1, i)), 'w') as f:
                f.write('---\ntitle: Post %d\n' % i)
                if lang:
                    f.write('lang: %s\n' % lang)
                f.write('---\n\n' + (ENGLISH if lang in (None, 'en-GB')
                                     else GERMAN) * 12 + '\n')
        trace = os.path.join(d, 'trace')
        out = os.path.join(d, 'book.pdf')
        r = subprocess.run(['strace', '-f', '-qq', '-e', 'trace=openat',
                            '-o', trace, QUIRE, posts, '-q', '-o', out],
                           capture_output=True)
        if r.returncode != 0:
            print('FAIL: exit %d: %s' % (r.returncode,
                                         r.stderr.decode(errors='replace')))
            return 1
        opened = {}
        with open(trace) as f:
            for line in f:
                m = re.search(r'openat\([^"]*"([^"]+\.dic)"', line)
                if m and '= -1' not in line:
                    p = os.path.realpath(m.group(1))
                    opened[p] = opened.get(p, 0) + 1
    failures = 0
    for path, name in ((de, 'German'), (en, 'English')):
        n = opened.get(path, 0)
        print('%s %s dictionary (%s) loaded %d time(s), want 1' % (
            'ok  ' if n == 1 else 'FAIL', name, path, n))
        failures += n != 1
    print('%d passed, %d failed' % (2 - failures, failures))
    return 1 if failures else 0


sys.exit(main())
