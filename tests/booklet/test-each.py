#!/usr/bin/python3
"""test-each.py - batch export, `quire --each FOLDER -o OUTDIR`: one PDF
per post named by its slug, each the same bytes as a single run of that
post, the same with one worker as with several; a bad post is reported
and the others still made (exit 1); a worker killed while making a post
is an error naming that post, never a silent gap; and the progress bar
and summary line on a terminal, nothing of them off one."""
import os
import pty
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
        # -q: nothing.
        rc, err = on_terminal(['-q', '--each', root, '-o', out])
        self.assertEqual((rc, err), (0, ''))


if __name__ == '__main__':
    sys.exit(quiretests.run(sys.modules[__name__], 'quire-each.'))
