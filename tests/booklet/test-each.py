#!/usr/bin/python3
"""test-each.py - batch export, `quire --each FOLDER -o OUTDIR`: one PDF
per post named by its slug, each the same bytes as a single run of that
post, the same with one worker as with several; a bad post is reported
and the others still made (exit 1); a worker killed while making a post
is an error naming that post, never a silent gap; what a worker keeps
from post to post (style, dictionaries, a series' posts) changes no byte;
and the progress bar and summary line on a terminal, nothing of them off
one. With "corpus": every post of the real blog against its single run."""
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..'))
import quiretests  # noqa: E402

QUIRE = os.environ.get('QUIRE', 'build/quire')
SRC = os.environ.get('QUIRE_SOURCE', '.')
TMP = None
ENV = dict(os.environ, SOURCE_DATE_EPOCH='1700000000')
ENV.pop('QUIRE_TEST_KILL_WORKER', None)

POSTS = {
    '2021-03-01-alpha-notes.md': 'title: Alpha Notes\nslug: alpha',
    '2021-04-02-beta-notes.md': 'title: Beta Notes',
    '2021-05-03-gamma-notes.md': 'title: Gamma Notes',
    '2021-06-04-same-slug.md': 'title: First Same\nslug: twin',
    '2021-07-05-same-slug-again.md': 'title: Second Same\nslug: twin',
}


def text(n):
    return '\n\n'.join('Paragraph %d of post %d, with enough words to '
                       'fill a line or two of the page and show that '
                       'the text is there.' % (k, n) for k in range(6))


def site(name, extra=None):
    """A small Jekyll site; extra: {file: raw text} added to _posts."""
    root = os.path.join(TMP, name)
    posts = os.path.join(root, '_posts')
    os.makedirs(posts)
    with open(os.path.join(root, '_config.yml'), 'w') as f:
        f.write('title: Each Test\nurl: https://each.example.org\n')
    for i, (fname, fm) in enumerate(sorted(POSTS.items())):
        with open(os.path.join(posts, fname), 'w') as f:
            f.write('---\n%s\n---\n\n%s\n' % (fm, text(i)))
    for fname, raw in (extra or {}).items():
        with open(os.path.join(posts, fname), 'wb') as f:
            f.write(raw.encode('utf-8', 'surrogateescape'))
    return root


def run(args, env=ENV):
    return subprocess.run([QUIRE] + args, env=env, capture_output=True,
                          text=True, timeout=120)


def read(path):
    with open(path, 'rb') as f:
        return f.read()


EXPECTED = ['alpha.pdf', 'beta-notes.pdf', 'gamma-notes.pdf', 'twin.pdf',
            'twin-2.pdf']


class Each(unittest.TestCase):
    def test_one_pdf_per_post_as_single_runs_make_them(self):
        root = site('same')
        out1 = os.path.join(TMP, 'same-1')
        out3 = os.path.join(TMP, 'same-3')
        r1 = run(['--each', root, '-o', out1, '--jobs', '1'])
        r3 = run(['--each', root, '-o', out3, '--jobs', '3'])
        self.assertEqual(r1.returncode, 0, r1.stderr)
        self.assertEqual(r3.returncode, 0, r3.stderr)
        self.assertEqual(sorted(os.listdir(out1)), sorted(EXPECTED))
        self.assertEqual(sorted(os.listdir(out3)), sorted(EXPECTED))
        # Slugs met twice are numbered in post order.
        names = dict(zip(sorted(POSTS), EXPECTED))
        for src, pdf in names.items():
            single = os.path.join(TMP, 'single-' + pdf)
            r = run([os.path.join(root, '_posts', src), '-o', single])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(read(single), read(os.path.join(out1, pdf)),
                             '%s: --each differs from a single run' % pdf)
            self.assertEqual(read(single), read(os.path.join(out3, pdf)),
                             '%s: --jobs 3 differs from a single run' % pdf)
        # Nothing on stderr off a terminal: no bar, no summary.
        self.assertEqual(r3.stderr, '')

    def test_bad_posts_reported_others_made(self):
        # One whose front matter cannot be read, one whose body fails.
        root = site('bad', {
            '2021-08-06-broken.md': '---\ntitle: [unclosed\n---\n\nText.\n',
            '2021-09-07-latin1.md': '---\ntitle: Latin\n---\n\n'
                                    'Caf\udce9 au lait.\n'})
        out = os.path.join(TMP, 'bad-out')
        r = run(['--each', root, '-o', out, '--jobs', '2'])
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r'2021-08-06-broken\.md:\d+: error: ')
        self.assertRegex(r.stderr, r'2021-09-07-latin1\.md:\d+: error: '
                         r'invalid UTF-8')
        self.assertEqual(sorted(os.listdir(out)), sorted(EXPECTED))

    def test_killed_worker_names_its_post(self):
        root = site('kill')
        out = os.path.join(TMP, 'kill-out')
        env = dict(ENV, QUIRE_TEST_KILL_WORKER='gamma-notes')
        r = run(['--each', root, '-o', out, '--jobs', '2'], env=env)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r'2021-05-03-gamma-notes\.md: error: '
                         r'not made: its worker was killed by signal 9')
        self.assertIn('1 of 5 posts not made', r.stderr)
        made = sorted(os.listdir(out))
        self.assertNotIn('gamma-notes.pdf', made)
        # The other worker went on with the rest.
        self.assertEqual([m for m in made if m.endswith('.pdf')],
                         sorted(set(EXPECTED) - {'gamma-notes.pdf'}))

    def test_usage(self):
        root = site('usage')
        r = run(['--each', root])
        self.assertEqual(r.returncode, 2)
        self.assertIn('-o', r.stderr)
        r = run(['--each', root, '-o', os.path.join(TMP, 'u'), '--jobs',
                 'lots'])
        self.assertEqual(r.returncode, 2)
        self.assertIn('--jobs', r.stderr)


GERMAN = ('Die Donaudampfschifffahrtsgesellschaft veröffentlichte '
          'Sonderbriefmarken zum Jubiläum, und die Bundesverfassungsrichter '
          'begutachteten währenddessen Rechtsschutzversicherungsbedingungen. ')

# What one process keeps from post to post (the style as loaded, the
# dictionaries, the posts a series is found among) must change no byte:
# a post with a style of its own comes first, so that a leak of its
# style into the kept one shows in every post after it.
KEPT = {
    '2021-01-01-big-type.md': ('title: Big Type\nstyle:\n  body:\n'
                               '    size: 14\n    leading: 19',
                               text(10)),
    '2021-02-01-trip-one.md': ('title: Trip One\nseries: Trip',
                               '{% include series.html %}\n\n' + text(11)),
    '2021-03-01-deutsch.md': ('title: Deutsch\nlang: de',
                              '\n\n'.join([GERMAN * 3] * 4)),
    '2021-04-01-trip-two.md': ('title: Trip Two\nseries: Trip',
                               '{% include series.html %}\n\n' + text(12)),
    '2021-05-01-plain.md': ('title: Plain', text(13)),
}


def body_size(path):
    """The size most of the first page's letters are set in: the body's."""
    page = quiretests.open_pdf(path).get_page(0)
    sizes = [round(g.size, 1) for g in quiretests.page_glyphs(page)
             if g.c.isalpha()]
    return max(set(sizes), key=sizes.count)


class Kept(unittest.TestCase):
    def test_posts_after_others_as_single_runs_make_them(self):
        root = os.path.join(TMP, 'kept')
        posts = os.path.join(root, '_posts')
        os.makedirs(posts)
        with open(os.path.join(root, '_config.yml'), 'w') as f:
            f.write('title: Kept\nurl: https://kept.example.org\n')
        for name, (fm, body) in KEPT.items():
            with open(os.path.join(posts, name), 'w') as f:
                f.write('---\n%s\n---\n\n%s\n' % (fm, body))
        outs = {}
        for jobs in ('1', '2'):
            outs[jobs] = os.path.join(TMP, 'kept-%s' % jobs)
            r = run(['--each', posts, '-o', outs[jobs], '--jobs', jobs])
            self.assertEqual(r.returncode, 0, r.stderr)
        for name in sorted(KEPT):
            pdf = name[len('2021-01-01-'):-3] + '.pdf'
            single = os.path.join(TMP, 'kept-single-' + pdf)
            r = run([os.path.join(posts, name), '-o', single])
            self.assertEqual(r.returncode, 0, r.stderr)
            for jobs, out in outs.items():
                self.assertEqual(read(single), read(os.path.join(out, pdf)),
                                 '%s: --each --jobs %s differs from a single '
                                 'run' % (pdf, jobs))
        # What the bytes hold: the series listed in both its posts, the
        # first post's own type size in it alone.
        for pdf in ('trip-one.pdf', 'trip-two.pdf'):
            t = quiretests.open_pdf(os.path.join(outs['1'], pdf)) \
                .get_page(0).get_text()
            self.assertRegex(t, r'Trip One[\s\S]*Trip Two', pdf)
            self.assertIn('series', t, pdf)
        self.assertEqual(body_size(os.path.join(outs['1'], 'big-type.pdf')),
                         14)
        self.assertEqual(body_size(os.path.join(outs['1'], 'plain.pdf')), 11)


class Pictures(unittest.TestCase):
    """A picture drawn by several posts is made once a worker and kept
    for the next (pdfimages_keep): each post's PDF still has it, the same
    bytes as its single run, however the post spells its path; drawn at
    another size it is another object."""

    def test_shared_pictures_as_single_runs_make_them(self):
        sys.path.insert(0, os.path.join(os.path.dirname(
            os.path.abspath(__file__)), '..', 'pdf'))
        import pikepdf
        import test_images as ti
        root = os.path.join(TMP, 'pictures')
        posts = os.path.join(root, '_posts')
        os.makedirs(posts)
        os.makedirs(os.path.join(root, 'images'))
        with open(os.path.join(root, '_config.yml'), 'w') as f:
            f.write('title: Pictures\n')
        w, h = 3000, 60
        # Transparent and wider than the column: decoded, scaled down,
        # compressed, with a soft mask; the JPEG kept as its bytes.
        with open(os.path.join(root, 'images', 'wide.png'), 'wb') as f:
            f.write(ti.png(w, h, 6, 8, ti.rgba_rows(
                w, h, lambda x, y: (x + y) % 256)))
        with open(os.path.join(root, 'images', 'photo.jpg'), 'wb') as f:
            f.write(ti.jpeg())
        bodies = {
            'a-first': '![wide](/images/wide.png)\n\n'
                       '![photo](/images/photo.jpg)',
            'b-again': '![wide](../images/wide.png)\n\n'
                       '![photo](../images/photo.jpg)',
            # In a quote: narrower, so scaled to fewer pixels.
            'c-quoted': '> ![wide](/images/wide.png)',
        }
        for i, (slug, body) in enumerate(sorted(bodies.items())):
            with open(os.path.join(posts, '2021-0%d-01-%s.md' % (i + 1,
                                                                 slug)),
                      'w') as f:
                f.write('---\ntitle: %s\n---\n\nWords.\n\n%s\n' % (
                    slug, body))
        outs = {}
        for jobs in ('1', '2'):
            outs[jobs] = os.path.join(TMP, 'pictures-%s' % jobs)
            r = run(['--each', posts, '-o', outs[jobs], '--jobs', jobs])
            self.assertEqual(r.returncode, 0, r.stderr)
        objs = {}
        for i, slug in enumerate(sorted(bodies)):
            single = os.path.join(TMP, 'pictures-single.pdf')
            r = run([os.path.join(posts, '2021-0%d-01-%s.md' % (i + 1,
                                                                 slug)),
                     '-o', single])
            self.assertEqual(r.returncode, 0, r.stderr)
            for jobs, out in outs.items():
                self.assertEqual(read(single),
                                 read(os.path.join(out, slug + '.pdf')),
                                 '%s: --each --jobs %s differs from a '
                                 'single run' % (slug, jobs))
            self.assertIsNone(quiretests.qpdf_problems(single))
            with pikepdf.open(single) as pdf:
                ims = [o for o in pdf.objects
                       if isinstance(o, pikepdf.Stream) and
                       o.get('/Subtype') == '/Image']
                masks = {o.SMask.objgen for o in ims if '/SMask' in o}
                # (width, data, its soft mask's data or None)
                objs[slug] = sorted(
                    (int(o.Width), bytes(o.read_raw_bytes()),
                     bytes(o.SMask.read_raw_bytes()) if '/SMask' in o
                     else None)
                    for o in ims if o.objgen not in masks)
        # The same two objects in both posts that draw them alike.
        self.assertEqual(len(objs['a-first']), 2)
        self.assertEqual(objs['a-first'], objs['b-again'])
        wide = [x for x in objs['a-first'] if x[2] is not None][0]
        self.assertLess(wide[0], w)
        quoted = objs['c-quoted']
        self.assertEqual(len(quoted), 1)
        self.assertLess(quoted[0][0], wide[0])


def corpus_posts():
    """The corpus's _posts folder, or None when it is absent."""
    d = os.path.join(os.path.abspath(SRC), '..', 'shared', 'corpus',
                     'devblackops', '_posts')
    return d if os.path.isdir(d) else None


class Corpus(unittest.TestCase):
    """Every post of a real blog, made by --each on two workers, the same
    bytes as its single run (pictures, series, code, languages)."""

    def test_every_post_as_its_single_run(self):
        posts = corpus_posts()
        out = os.path.join(TMP, 'corpus')
        r = run(['--each', '--drafts', posts, '-o', out, '--jobs', '2'])
        self.assertEqual(r.returncode, 0, r.stderr)
        names = sorted(n for n in os.listdir(posts)
                       if re.match(r'\d{4}-\d\d-\d\d-.*\.md$', n))
        self.assertGreater(len(names), 40)
        for name in names:
            with open(os.path.join(posts, name), encoding='utf-8') as f:
                m = re.search(r'(?m)^slug:\s*(\S+)', f.read())
            pdf = (m.group(1) if m else name[11:-3]) + '.pdf'
            single = os.path.join(TMP, 'corpus-single.pdf')
            r = run([os.path.join(posts, name), '-o', single])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(read(single), read(os.path.join(out, pdf)),
                             '%s: --each differs from a single run' % pdf)


def on_terminal(args):
    """stderr (and stdout) of quire run on a pseudo-terminal."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(QUIRE, [QUIRE] + args, ENV)
    out = b''
    while True:
        try:
            ready, _, _ = select.select([fd], [], [], 60)
            if not ready:
                break
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode('utf-8', 'replace')


class Progress(unittest.TestCase):
    def test_bar_and_summary_on_a_terminal(self):
        root = site('tty')
        out = os.path.join(TMP, 'tty-out')
        rc, err = on_terminal(['--each', root, '-o', out, '--jobs', '2'])
        self.assertEqual(rc, 0, err)
        self.assertRegex(err, r'\[#+\.*\] \d/5 ')
        self.assertRegex(err, r'\[#{24}\] 5/5 .*, 0:00 left')
        self.assertRegex(err, r'quire: wrote %s: \d+ pages, 5 posts, '
                         r'0 warnings, \d+\.\d s' % out)
        rc, err = on_terminal([os.path.join(root, '_posts',
                                            '2021-04-02-beta-notes.md'),
                               '-o', os.path.join(TMP, 'tty.pdf')])
        self.assertEqual(rc, 0, err)
        self.assertRegex(err, r'quire: wrote \S*tty\.pdf: 1 page, 1 post, '
                         r'0 warnings, \d+\.\d s')
        # A booklet: the bar counts the posts laid out (each drawn as
        # soon as it is numbered, as none names a post after it), then
        # those left to draw: none here.
        rc, err = on_terminal([root, '-o', os.path.join(TMP, 'book.pdf')])
        self.assertEqual(rc, 0, err)
        self.assertRegex(err, r'\[#{24}\] laying out 5/5 .*, 0:00 left')
        self.assertNotIn('drawing', err)
        self.assertRegex(err, r'quire: wrote \S*book\.pdf: \d+ pages, 5 '
                         r'posts, 0 warnings, \d+\.\d s')
        # -q: nothing.
        rc, err = on_terminal(['-q', '--each', root, '-o', out])
        self.assertEqual((rc, err), (0, ''))


if __name__ == '__main__':
    # "corpus": the real blog's posts alone (77 when it is absent).
    if sys.argv[1:] == ['corpus']:
        if corpus_posts() is None:
            print('corpus not found: skipped')
            sys.exit(77)
        sys.argv[1:] = ['Corpus']
    elif not sys.argv[1:]:
        sys.argv[1:] = ['Each', 'Kept', 'Pictures', 'Progress']
    sys.exit(quiretests.run(sys.modules[__name__], 'quire-each.'))
