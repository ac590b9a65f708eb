#!/usr/bin/python3
"""test-jobs.py - booklets laid out by worker processes (--jobs): the
same bytes with one process as with two or three workers, run after run,
on a generated archive (with pictures, and links between posts, which
the workers lay out once the pages they show are known, and again when
they move) and on the corpus when it is there; every page reference
shows the page its link leads to; a worker killed while laying out a
post is an error naming that post, and no book is left behind."""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..'))
import quiretests  # noqa: E402
import pdfbook  # noqa: E402

QUIRE = os.environ.get('QUIRE', 'build/quire')
SRC = os.environ.get('QUIRE_SOURCE', '.')
CORPUS = os.path.join(SRC, '..', 'shared', 'corpus', 'devblackops')
TMP = None
ENV = dict(os.environ, SOURCE_DATE_EPOCH='1700000000')
for k in ('QUIRE_TEST_KILL_WORKER', 'QUIRE_JOBS', 'QUIRE_THREADS'):
    ENV.pop(k, None)


def archive(n):
    d = os.path.join(TMP, 'gen%d' % n)
    if not os.path.isdir(d):
        subprocess.run([sys.executable, os.path.join(SRC, 'bench',
                                                     'gen-archive'),
                        str(n), d], check=True)
    return d


WORDS = ('ledger quiet harbor mild thread copper orbit signal lantern '
         'gravel').split()


def words(start, n):
    """A sentence of n words, from the start-th on."""
    return ' '.join(WORDS[(start + j) % len(WORDS)] for j in range(n)) + '.'


def permalink(i):
    """Where linked_site serves post i."""
    return '/2020/%02d/%02d/p%d/' % (1 + i // 28, 1 + i % 28, i)


def linked_site(name, bodies):
    """A Jekyll site of posts P0, P1... a day apart, post i made of the
    paragraphs bodies[i]; returns its folder."""
    site = os.path.join(TMP, name)
    posts = os.path.join(site, '_posts')
    os.makedirs(posts)
    with open(os.path.join(site, '_config.yml'), 'w') as f:
        f.write('title: %s\nurl: https://%s.example\n' % (name, name))
    for i, paras in enumerate(bodies):
        with open(os.path.join(posts, '2020-%02d-%02d-p%d.md' % (
                1 + i // 28, 1 + i % 28, i)), 'w') as f:
            f.write('---\ntitle: P%d\npermalink: %s\n---\n\n%s\n' % (
                i, permalink(i), '\n\n'.join(paras)))
    return site


def book(src, jobs, name, env=ENV):
    out = os.path.join(TMP, name)
    r = subprocess.run([QUIRE, src, '-q', '--jobs', str(jobs), '-o', out],
                       env=env, capture_output=True, text=True,
                       timeout=300)
    return r, out


def read(path):
    with open(path, 'rb') as f:
        return f.read()


class Jobs(unittest.TestCase):
    def same_book(self, src, tag):
        r, one = book(src, 1, tag + '-1.pdf')
        self.assertEqual(r.returncode, 0, r.stderr)
        want = read(one)
        for jobs, run in ((2, 'a'), (3, 'a'), (2, 'b')):
            r, out = book(src, jobs, '%s-%d%s.pdf' % (tag, jobs, run))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(read(out), want, '%s: --jobs %d (run %s) is '
                             'not the book --jobs 1 makes' % (tag, jobs, run))
        return want

    def check_references(self, path):
        """Every "(p. N)" after a link to a post names the page the link
        leads to; returns how many were checked. Links are matched to
        the text after them by their last words (the same words may end
        several links of a page: their numbers are compared as a set)."""
        bk = pdfbook.Book(path)
        checked = 0
        for i in range(bk.n):
            text = pdfbook.norm(bk.texts[i])
            groups = {}
            for link in bk.links(i):
                if link.name is not None and re.fullmatch(r'p\d+',
                                                          link.name):
                    words = tuple(pdfbook.norm(link.text).split()[-2:])
                    groups.setdefault(words, []).append(
                        bk.labels[link.target])
            for words, want in groups.items():
                got = re.findall(r'\s+'.join(map(re.escape, words)) +
                                 r'\s*\(p\.\s?(\d+)\)', text)
                if len(got) != len(want):
                    continue
                self.assertEqual(sorted(got), sorted(want),
                                 'page %s: the references after "%s"' % (
                                     bk.labels[i], ' '.join(words)))
                checked += len(got)
        return checked

    def test_generated_archive(self):
        pdf = self.same_book(archive(40), 'gen')
        self.assertTrue(pdf.startswith(b'%PDF'))
        # Links between posts became page references, laid out by the
        # workers as soon as the posts they name had started.
        self.assertGreater(self.check_references(
            os.path.join(TMP, 'gen-1.pdf')), 40)

    def test_forward_references(self):
        # Posts of one to six pages, each naming the post after next and
        # the one before: the references forward show guesses first
        # (some of the wrong width, across page 10 and 100), so posts
        # are laid out again in later rounds, by their workers.
        n = 45
        bodies = []
        for i in range(n):
            links = ['See [the post after next](%s).' % permalink(i + 2)]
            if i > 0:
                links.append('And [the one before](%s).' %
                             permalink(i - 1))
            bodies.append([' '.join(links)] + [
                words(i + k, 60) for k in range(4 + (i * 7) % 23)])
        site = linked_site('forward', bodies)
        self.same_book(site, 'forward')
        self.assertGreater(self.check_references(
            os.path.join(TMP, 'forward-1.pdf')), 2 * n - 10)

    def test_corpus(self):
        if not os.path.isdir(CORPUS):
            self.skipTest('no corpus')
        self.same_book(CORPUS, 'corpus')

    def test_drawn_again(self):
        # Posts are drawn as soon as the first pass numbers them when
        # they name only posts before them. Here post 0 names post 2 at
        # the end of a full page: guessed "p. 7" in the first pass, it
        # is "p. 14", which wraps, and post 0 grows a page in the second;
        # post 1, naming post 0 only, was drawn already at the wrong
        # numbers. The book is drawn again: the same whatever the jobs,
        # with a spool file or without, every reference right.
        bodies = [[words(p, 40) for p in range(46)] +
                  [words(0, 7)[:-1] + ' mm See [the third post](%s).' %
                   permalink(2)]]
        for i in range(1, 6):
            bodies.append(['Back to [the first post](%s).' % permalink(0)] +
                          [words(i + p, 40) for p in range(60)])
        site = linked_site('moved', bodies)
        want = self.same_book(site, 'moved')
        out = os.path.join(TMP, 'moved-note.pdf')
        r = subprocess.run([QUIRE, site, '-o', out], env=ENV,
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('p1.md: note: drawn before a post ahead of it '
                      'changed its page count', r.stderr)
        self.assertEqual(read(out), want)
        env = dict(ENV, TMPDIR=os.path.join(TMP, 'no-such-folder'))
        r, out = book(site, 1, 'moved-nospool.pdf', env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(read(out), want, 'without a spool file')
        self.assertEqual(self.check_references(out), 6)

    def test_reading_order(self):
        # Posts are drawn first, the cover and contents last: the file
        # has its pages, their labels and its structure tree in reading
        # order all the same.
        import pikepdf
        r, out = book(archive(40), 2, 'order.pdf')
        self.assertEqual(r.returncode, 0, r.stderr)
        pdf = pikepdf.open(out)
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        # Drawn out of order: the cover's page object came after the
        # first post's.
        bk = pdfbook.Book(out)
        first = next(i for i in range(bk.n) if bk.labels[i] == '1')
        self.assertGreater(pdf.pages[0].objgen[0],
                           pdf.pages[first].objgen[0])
        self.assertEqual(bk.labels[0], 'i')
        self.assertTrue(all(bk.labels[i] == str(i - first + 1)
                            for i in range(first, bk.n)), bk.labels)

        def page_of(e):
            if isinstance(e, pikepdf.Dictionary):
                if '/Pg' in e:
                    return pages[e.Pg.objgen]
                k = e.get('/K')
                for x in (k if isinstance(k, pikepdf.Array) else [k]):
                    p = page_of(x)
                    if p is not None:
                        return p
            return None
        top = pdf.Root.StructTreeRoot.K
        doc = top[0] if isinstance(top, pikepdf.Array) else top
        seen = [page_of(k) for k in doc.K]
        seen = [p for p in seen if p is not None]
        self.assertEqual(seen[0], 0)
        self.assertEqual(seen, sorted(seen))
        self.assertEqual(seen[-1], bk.n - 1)

    def test_killed_worker(self):
        src = archive(40)
        posts = sorted(os.listdir(os.path.join(src, '_posts')))
        victim = os.path.splitext(posts[9])[0]
        env = dict(ENV, QUIRE_TEST_KILL_WORKER=victim)
        r, out = book(src, 2, 'killed.pdf', env)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, re.escape(victim) + r'\.md: error: the '
                         r'worker laying it out died \(killed by signal 9')
        self.assertFalse(os.path.exists(out), 'a book was left behind')
        self.assertEqual([f for f in os.listdir(TMP)
                          if f.startswith('.quire')], [])
        # One process has no worker to lose: the variable does nothing.
        r, out = book(src, 1, 'unkilled.pdf', env)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_pictures_drawn_again(self):
        # A picture on one page, then twice on a later one: the later
        # drawings stand in for it without decoding (canvas.c), but the
        # second on a page is painted from a copy of its pixels, which
        # must be the picture's, not blank.
        site = os.path.join(TMP, 'pics')
        posts = os.path.join(site, '_posts')
        os.makedirs(posts)
        with open(os.path.join(site, '_config.yml'), 'w') as f:
            f.write('title: Pictures\n')
        gen = os.path.join(TMP, 'gen40', 'images', 'figure-1.png')
        archive(40)
        with open(gen, 'rb') as f:
            png = f.read()
        with open(os.path.join(site, 'fig.png'), 'wb') as f:
            f.write(png)
        for i, n in ((1, 1), (2, 2)):
            with open(os.path.join(posts, '2020-01-0%d-p%d.md' % (i, i)),
                      'w') as f:
                f.write('---\ntitle: P%d\n---\n\n' % i +
                        'Text.\n\n![f](/fig.png)\n\n' * n)
        r, out = book(site, 1, 'pics.pdf')
        self.assertEqual(r.returncode, 0, r.stderr)
        d = os.path.join(TMP, 'pics-img')
        os.makedirs(d)
        subprocess.run(['pdfimages', '-png', out, os.path.join(d, 'i')],
                       check=True)
        sizes = []
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), 'rb') as f:
                sizes.append(len(f.read()))
        # Three drawings, each with the picture's pixels: a blank copy
        # would compress to almost nothing.
        self.assertEqual(len(sizes), 3, sizes)
        self.assertEqual(len(set(sizes)), 1, sizes)

    def test_usage(self):
        r, _ = book(archive(40), 0, 'zero.pdf')
        self.assertEqual(r.returncode, 2)
        self.assertIn('--jobs', r.stderr)


if __name__ == '__main__':
    sys.exit(quiretests.run(sys.modules[__name__], 'quire-jobs.'))
