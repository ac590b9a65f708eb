#!/usr/bin/python3
"""bench/faithful over the small sites of every generator and the samples:
no post loses a word, a code line, a link, an image or its title, and no
front matter, shortcode, raw TeX or alert marker reaches the page unwarned.
And the checker itself: checked against another post's PDF, each kind of
loss is found.

Environment: QUIRE (the binary), QUIRE_SOURCE (the source root).
"""
import os
import re
import subprocess
import sys
import unittest

SRC = os.environ.get('QUIRE_SOURCE',
                     os.path.dirname(os.path.dirname(os.path.dirname(
                         os.path.abspath(__file__)))))
QUIRE = os.environ.get('QUIRE', os.path.join(SRC, 'build', 'quire'))
FAITHFUL = os.path.join(SRC, 'bench', 'faithful')
SAMPLES = os.path.join(SRC, 'samples')


def faithful(*args):
    p = subprocess.run(['/usr/bin/python3', FAITHFUL, '--quire', QUIRE] +
                       list(args), capture_output=True, text=True,
                       timeout=300)
    return p.returncode, p.stdout, p.stderr


def kinds(out):
    return set(re.findall(r'^\S+:\d+: (\w+): ', out, re.M))


class Faithful(unittest.TestCase):
    def test_sites_and_samples_lose_nothing(self):
        rc, out, err = faithful(os.path.join(SRC, 'tests', 'sites'), SAMPLES)
        self.assertEqual(rc, 0, out + err)
        m = re.search(r'faithful: (\d+) posts, 0 with losses, 0 losses', out)
        self.assertTrue(m, out)
        self.assertGreaterEqual(int(m.group(1)), 30)

    def test_each_kind_of_loss_is_found(self):
        post = os.path.join(SAMPLES, '2024-08-02-moving-a-blog-to-jekyll.md')
        other = os.path.join(SAMPLES, '2024-03-09-a-starter-in-winter.md')
        rc, out, err = faithful('--against', other, post)
        self.assertEqual(rc, 1, out + err)
        self.assertLessEqual({'prose', 'code', 'link', 'image', 'title'},
                             kinds(out), out)
        self.assertIn(post + ':1: title: ', out)

    def test_raw_shortcode_is_found(self):
        post = os.path.join(SAMPLES, '2024-08-02-moving-a-blog-to-jekyll.md')
        other = os.path.join(SRC, 'tests', 'sites', 'hugo-shortcodes',
                             'content', 'posts', 'shortcodes', 'index.md')
        rc, out, err = faithful('--against', other, post)
        self.assertRegex(out, r"raw: '\{\{<' on the page")

    def test_absent_site(self):
        rc, out, err = faithful('--or-skip', os.path.join(SRC, 'no-such'))
        self.assertEqual(rc, 77)
        rc, out, err = faithful(os.path.join(SRC, 'no-such'))
        self.assertEqual(rc, 2)


if __name__ == '__main__':
    sys.path.insert(0, os.path.join(SRC, 'tests'))
    import quiretests
    sys.exit(quiretests.run(sys.modules[__name__], 'quire-faithful-'))
