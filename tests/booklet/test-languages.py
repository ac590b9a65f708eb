#!/usr/bin/python3
"""Hyphenation dictionaries in a booklet of many languages: each
dictionary file is loaded once per run, however many posts use it and
under whichever tag ("de", "de-AT", "de_CH" name one file here), as
src/read/hyphenate.h promises. Loading German takes seconds.

Counted from the outside: the dictionary files quire opens, under
strace (skipped, 77, without it), or their compiled forms in the cache
(src/read/hyphdict.h): a first run with an empty cache reads each text
once, a second reads each compiled form once and no text. In one
process (--jobs 1): worker processes each load what their posts need.
$QUIRE names the binary.
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


def count_loads(d, posts, cache):
    """Per dictionary file (real path): how often quire loaded it (its
    text or its compiled form) in one run, and how often from its text."""
    trace = os.path.join(d, 'trace')
    out = os.path.join(d, 'book.pdf')
    r = subprocess.run(['strace', '-f', '-qq', '-e', 'trace=openat',
                        '-o', trace, QUIRE, posts, '-q', '--jobs', '1',
                        '-o', out],
                       capture_output=True,
                       # LeakSanitizer cannot work under strace's ptrace;
                       # the other tests look for leaks.
                       env=dict(os.environ, XDG_CACHE_HOME=cache,
                                ASAN_OPTIONS=os.environ.get(
                                    'ASAN_OPTIONS', '') +
                                ':detect_leaks=0'))
    if r.returncode != 0:
        print('FAIL: exit %d: %s' % (r.returncode,
                                     r.stderr.decode(errors='replace')))
        return None, None
    opened, texts = {}, {}
    with open(trace) as f:
        for line in f:
            if '= -1' in line:
                continue
            m = re.search(r'openat\([^"]*"([^"]+\.dic)"', line)
            b = re.search(r'openat\([^"]*"[^"]*/hyph[0-9]*-([^"/]+\.dic)-'
                          r'[0-9a-f]+\.bin"', line)
            if m:
                p = os.path.realpath(m.group(1))
                texts[p] = texts.get(p, 0) + 1
            elif b:
                p = os.path.realpath(os.path.join(HYPHEN_DIR, b.group(1)))
            else:
                continue
            opened[p] = opened.get(p, 0) + 1
    return opened, texts


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
        failures = 0
        cache = os.path.join(d, 'cache')
        for run in ('first run', 'second run'):
            opened, texts = count_loads(d, posts, cache)
            if opened is None:
                return 1
            for path, name in ((de, 'German'), (en, 'English')):
                n = opened.get(path, 0)
                ok = n == 1 and (run == 'first run' or
                                 texts.get(path, 0) == 0)
                print('%s %s: %s dictionary (%s) loaded %d time(s), '
                      '%d from its text; want 1%s' % (
                          'ok  ' if ok else 'FAIL', run, name, path, n,
                          texts.get(path, 0),
                          ', compiled' if run == 'second run' else ''))
                failures += not ok
    print('%d passed, %d failed' % (4 - failures, failures))
    return 1 if failures else 0


sys.exit(main())
