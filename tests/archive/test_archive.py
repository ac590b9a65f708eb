#!/usr/bin/python3
"""What cairo cannot write, added as an incremental update (pdfmeta.c,
pdfpatch.c), read back with pikepdf and poppler: the language, the viewer
showing the title, XMP metadata that says what the Info dictionary says,
the PDF/A-2b identification, the sRGB output intent, the trailer's /ID,
printable annotations, and a file qpdf finds clean whose first version
(what cairo wrote) is still intact beneath the update.

Environment: QUIRE, QUIRE_SOURCE. Prints "N passed, N failed" last.
"""
import os
import subprocess
import sys
import unittest

import pikepdf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..'))
import quiretests  # noqa: E402

SRC = os.environ.get('QUIRE_SOURCE',
                     os.path.dirname(os.path.dirname(os.path.dirname(
                         os.path.abspath(__file__)))))
QUIRE = os.environ.get('QUIRE', os.path.join(SRC, 'build', 'quire'))
SAMPLES = os.path.join(SRC, 'samples')
JEKYLL = os.path.join(SAMPLES, '2024-08-02-moving-a-blog-to-jekyll.md')
SRGB = '/usr/share/color/icc/colord/sRGB.icc'
TMP = None


def render(args, name, epoch='1750000000'):
    out = os.path.join(TMP, name + '.pdf')
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    p = subprocess.run([QUIRE] + args + ['-o', out], env=env,
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise AssertionError('quire failed: ' + p.stderr)
    return out


def write_post(name, front, body):
    path = os.path.join(TMP, name + '.md')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('---\n%s---\n\n%s\n' % (front, body))
    return path


def pdf_date(iso):
    """The PDF date pikepdf reads for an ISO one, as D:YYYYMMDDHHmmSS."""
    d = iso.replace('-', '').replace(':', '').replace('T', '')
    return 'D:' + d[:14]


class Archive(unittest.TestCase):
    def check_common(self, path, title, author, lang):
        with pikepdf.open(path) as pdf:
            root = pdf.Root
            self.assertEqual(str(root.Lang), lang)
            self.assertIs(bool(root.ViewerPreferences.DisplayDocTitle), True)
            self.assertIs(bool(root.MarkInfo.Marked), True)
            info = pdf.docinfo
            self.assertEqual(str(info.Title), title)
            if author:
                self.assertEqual(str(info.Author), author)
            with pdf.open_metadata() as xmp:
                self.assertEqual(xmp.get('dc:title'), title)
                if author:
                    self.assertEqual(xmp.get('dc:creator'), [author])
                self.assertEqual(xmp.get('pdf:Producer'), str(info.Producer))
                self.assertEqual(xmp.get('xmp:CreatorTool'),
                                 str(info.Creator))
                self.assertEqual(pdf_date(xmp.get('xmp:CreateDate')),
                                 str(info.CreationDate)[:16])
                self.assertEqual(xmp.get('pdfaid:part'), '2')
                self.assertEqual(xmp.get('pdfaid:conformance'), 'B')
                self.assertEqual(xmp.get('dc:language'), {lang})
            # The metadata stream is plain XML, as PDF/A prefers.
            self.assertNotIn('/Filter', root.Metadata)
            ids = pdf.trailer.ID
            self.assertEqual(len(ids), 2)
            self.assertEqual(bytes(ids[0]), bytes(ids[1]))
            self.assertEqual(len(bytes(ids[0])), 16)
            if os.path.exists(SRGB):
                oi = root.OutputIntents[0]
                self.assertEqual(oi.S, pikepdf.Name.GTS_PDFA1)
                prof = oi.DestOutputProfile
                self.assertEqual(int(prof.N), 3)
                with open(SRGB, 'rb') as f:
                    self.assertEqual(prof.read_bytes(), f.read())
            annots = [a for pg in pdf.pages for a in pg.get('/Annots', [])]
            for a in annots:
                self.assertEqual(int(a.F) & 4, 4, 'annotation prints')
            return len(annots)

    def check_clean(self, path):
        p = subprocess.run(['qpdf', '--check', path], capture_output=True,
                           text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertNotIn('WARNING', p.stdout + p.stderr)

    def test_post(self):
        path = render([JEKYLL], 'post')
        n = self.check_common(path, 'What I Kept When I Moved the Blog to '
                              'Jekyll', 'Mara Quist', 'en')
        self.assertGreater(n, 0, 'the post has links')
        self.check_clean(path)
        with pikepdf.open(path) as pdf:
            with pdf.open_metadata() as xmp:
                self.assertEqual(xmp.get('dc:subject'),
                                 {'jekyll', 'writing', 'tools'})
                self.assertTrue(xmp.get('dc:description').startswith(
                    'Templates, tags'))

    def test_update_keeps_cairos_file(self):
        """The update is appended: cut at the first %%EOF, what cairo wrote
        is a whole PDF of its own."""
        path = render([JEKYLL], 'update')
        data = open(path, 'rb').read()
        first = data.index(b'%%EOF') + len(b'%%EOF\n')
        self.assertLess(first, len(data), 'something was appended')
        self.assertEqual(data.count(b'startxref'), 2)
        cut = os.path.join(TMP, 'cut.pdf')
        with open(cut, 'wb') as f:
            f.write(data[:first])
        with pikepdf.open(cut) as pdf:
            self.assertNotIn('/Lang', pdf.Root)
        with pikepdf.open(path) as pdf:
            self.assertIn('/Prev', pdf.trailer)

    def test_language_and_script(self):
        """A German post's language; a title in Greek and an author with
        accents survive into Info and XMP alike."""
        post = write_post('greek', 'title: "Λόγος & <τέχνη>"\n'
                          'author: "Zoë Ångström"\nlang: de-CH\n'
                          'date: 2024-03-01 10:00:00 +01:00\n',
                          'Ein [Verweis](https://example.org/) hier.')
        path = render([post], 'greek')
        self.check_common(path, 'Λόγος & <τέχνη>', 'Zoë Ångström', 'de-CH')
        self.check_clean(path)

    def test_booklet(self):
        path = render([SAMPLES], 'booklet')
        n = self.check_common(path, 'Field Notes', None, 'en')
        self.assertGreater(n, 10, 'contents and cross-references link')
        self.check_clean(path)

    def test_same_bytes(self):
        """Deterministic: the same input twice gives the same file."""
        a = open(render([JEKYLL], 'same1'), 'rb').read()
        b = open(render([JEKYLL], 'same2'), 'rb').read()
        self.assertEqual(a, b)


if __name__ == '__main__':
    sys.exit(quiretests.run(sys.modules[__name__], 'quire-archive-'))
