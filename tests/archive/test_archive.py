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
import re
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


def tree(path):
    """The structure tree as (type, alt, [children]) from the root's kids,
    and the document's language."""
    def walk(e):
        kids = e.get('/K')
        kids = list(kids) if isinstance(kids, pikepdf.Array) else \
            [kids] if kids is not None else []
        sub = [walk(k) for k in kids
               if isinstance(k, pikepdf.Dictionary) and '/S' in k]
        alt = e.get('/Alt')
        return (str(e.S), str(alt) if alt is not None else None, sub)
    with pikepdf.open(path) as pdf:
        root = pdf.Root.StructTreeRoot
        kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
        return [walk(k) for k in kids]


def flat(nodes, out=None, parent=None):
    """[(type, alt, parent type, [child types])] depth first."""
    out = [] if out is None else out
    for t, alt, kids in nodes:
        out.append((t, alt, parent, [k[0] for k in kids]))
        flat(kids, out, t)
    return out


def marked(path):
    """The page content as pdfminer's tag extractor reads it: each marked
    run of text inside <Type MCID=".."> .. </Type>, what is unmarked
    between them."""
    import io
    from pdfminer.pdfdevice import TagExtractor
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    out = io.BytesIO()
    rm = PDFResourceManager()
    with open(path, 'rb') as f:
        dev = TagExtractor(rm, out)
        interp = PDFPageInterpreter(rm, dev)
        for page in PDFPage.get_pages(f):
            interp.process_page(page)
    return out.getvalue().decode('utf-8')


def marked_pages(path):
    """marked() page by page."""
    import io
    from pdfminer.pdfdevice import TagExtractor
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    pages = []
    rm = PDFResourceManager()
    with open(path, 'rb') as f:
        for page in PDFPage.get_pages(f):
            out = io.BytesIO()
            PDFPageInterpreter(rm, TagExtractor(rm, out)).process_page(page)
            pages.append(out.getvalue().decode('utf-8'))
    return pages


def artifacts(text, kind):
    """The texts of the artifacts of kind (Header, Footer, Layout), what
    an ActualText span stands for put in its place."""
    import html
    import re
    text = re.sub(r'<Span ActualText="([^"]*)">.*?</Span>', r'\1', text,
                  flags=re.S)
    if kind == 'Layout':
        pat = r'<Artifact Type="/\'Layout\'">(.*?)</Artifact>'
    else:
        pat = (r'<Artifact Subtype="/\'%s\'" Type="/\'Pagination\'">'
               r'(.*?)</Artifact>' % kind)
    return [html.unescape(re.sub(r'<[^>]*>', '', m))
            for m in re.findall(pat, text, re.S)]


def text_ops(path):
    """Every text-showing operator of every page, as (page, marked
    content it sits in: [(tag, properties)], outermost first)."""
    out = []
    with pikepdf.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            stack = []
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op in ('BDC', 'BMC'):
                    stack.append((str(operands[0]), operands[1]
                                  if op == 'BDC' else None))
                elif op == 'EMC':
                    stack.pop()
                elif op in ('Tj', 'TJ', "'", '"'):
                    out.append((i, list(stack)))
    return out


def runs(text, tag):
    """The texts marked as tag, in order."""
    import html
    import re
    return [html.unescape(re.sub(r'<[^>]*>', '', m)) for m in
            re.findall(r'<%s MCID="\d+">(.*?)</%s>' % (tag, tag), text,
                       re.S)]


def unmarked(text):
    """The text outside every marked run."""
    import html
    import re
    body = re.sub(r'<(\w+) MCID="\d+">.*?</\1>', ' ', text, flags=re.S)
    return html.unescape(re.sub(r'<[^>]*>', ' ', body))


def same_text(got, want):
    """Whether got reads as want, spaces aside: a ligature glyph (a
    private-use character in the font's map) stands for two or three
    letters."""
    import re
    pat = ''.join('.{2,3}' if 0xE000 <= ord(c) <= 0xF8FF else re.escape(c)
                  for c in re.sub(r'\s+', '', got.replace('\u00ad', '')))
    return re.fullmatch(pat, re.sub(r'\s+', '', want)) is not None


def types(path):
    return [t for t, _, _, _ in flat(tree(path))]


class Structure(unittest.TestCase):
    def test_post(self):
        """The sample post with every construct: its headings, list
        items with labels and bodies, a table with header cells, code, a
        figure with its alternate text, links, a footnote."""
        path = render([JEKYLL], 'structure')
        nodes = flat(tree(path))
        got = [t for t, _, _, _ in nodes]
        src = open(JEKYLL, encoding='utf-8').read().split('\n---\n', 1)[1]
        h2 = sum(1 for line in src.split('\n') if line.startswith('## '))
        self.assertEqual(got[0], '/Document')
        self.assertEqual(got.count('/H1'), 1, 'the title')
        self.assertEqual(got.count('/H2'), h2)
        for t in ('/P', '/L', '/LI', '/Lbl', '/LBody', '/Table', '/TR',
                  '/TH', '/TD', '/Code', '/Figure', '/Link'):
            self.assertIn(t, got)
        for t, _, parent, kids in nodes:
            if t == '/LI':
                self.assertEqual(kids[:2], ['/Lbl', '/LBody'],
                                 'an item: its label, then its body')
            if t in ('/TH', '/TD'):
                self.assertEqual(parent, '/TR')
            if t == '/TR':
                self.assertEqual(parent, '/Table')
            if t == '/Figure':
                self.assertTrue(_, 'every figure has an alternate text')
        alts = [a for t, a, _, _ in nodes if t == '/Figure']
        self.assertIn('A loaf, drawn in four colours', alts)
        # the figure comes after the heading it sits under
        self.assertLess(got.index('/H2'), got.index('/Figure'))

    def test_marked_text(self):
        """What each element holds: the headings' words, the code without
        its line numbers, which are left outside the structure."""
        path = render([JEKYLL], 'marked')
        text = marked(path)
        src = open(JEKYLL, encoding='utf-8').read().split('\n---\n', 1)[1]
        heads = [line[3:].strip() for line in src.split('\n')
                 if line.startswith('## ')]
        got = runs(text, 'H2')
        self.assertEqual(len(got), len(heads))
        for g, h in zip(got, heads):
            self.assertTrue(same_text(g, h), (g, h))
        code = ''.join(runs(text, 'Code'))
        self.assertIn('Get-ChildItem -Path ./_posts', code)
        self.assertNotIn('12345', code.replace(' ', ''))
        self.assertIn('12345', ''.join(artifacts(text, 'Layout')).replace(
            ' ', ''), 'the line numbers are drawn, as layout artifacts')

    def test_furniture_unmarked(self):
        """A booklet page's running head and folio are outside every
        element; the post's title is inside one."""
        path = render([SAMPLES], 'furniture-text')
        text = marked(path)
        outside = unmarked(text)
        self.assertIn('Field Notes', outside, 'the running head')
        self.assertTrue(any(same_text(t, 'Keeping a Sourdough Starter '
                                      'Alive in Winter')
                            for t in runs(text, 'H1')), runs(text, 'H1'))

    def test_footnotes(self):
        """Footnotes at the page foot are Notes, apart from the text."""
        post = os.path.join(SRC, 'tests', 'rich', 'footnotes.md')
        path = render([post], 'notes')
        src = open(post, encoding='utf-8').read()
        defs = sum(1 for line in src.split('\n') if line.startswith('[^'))
        nodes = flat(tree(path))
        notes = [n for n in nodes if n[0] == '/Note']
        self.assertGreaterEqual(len(notes), defs)
        for n in notes:
            self.assertEqual(n[2], '/Document')

    def test_table(self):
        """A table post: rows of cells under Table, header cells first."""
        post = write_post('table', 'title: Figures\n',
                          '| Year | Posts | Words |\n|---|---|---|\n'
                          '| 2019 | 12 | 9000 |\n| 2020 | 7 | 5100 |\n')
        path = render([post], 'table')
        nodes = flat(tree(path))
        table = [n for n in nodes if n[0] == '/Table']
        self.assertEqual(len(table), 1)
        self.assertEqual(table[0][3], ['/TR'] * 3)
        rows = [n for n in nodes if n[0] == '/TR']
        self.assertEqual([r[3] for r in rows], [['/TH'] * 3] +
                         [['/TD'] * 3] * 2)

    def test_seed_post(self):
        """The corpus's seed post: figures with alternate texts and a
        language, as the issue asks."""
        mvp = os.path.join('/work/shared/corpus/devblackops/_posts',
                           '2019-01-06-achievement-unlocked-mvp.md')
        if not os.path.exists(mvp):
            self.skipTest('no corpus')
        path = render([mvp], 'mvp')
        nodes = flat(tree(path))
        figs = [a for t, a, _, _ in nodes if t == '/Figure']
        self.assertGreaterEqual(len(figs), 2)
        self.assertTrue(all(figs), figs)
        self.assertIn('MVP notification', figs)
        with pikepdf.open(path) as pdf:
            self.assertEqual(str(pdf.Root.Lang), 'en')

    def test_booklet_contents(self):
        """The booklet's contents: a TOC with one TOCI a post, each
        holding the link to the post."""
        path = render([SAMPLES], 'book-structure')
        nodes = flat(tree(path))
        toci = [n for n in nodes if n[0] == '/TOCI']
        self.assertEqual(len(toci), 3, 'the three published samples')
        for n in toci:
            self.assertEqual(n[2], '/TOC')
            self.assertIn('/Link', n[3])
        self.assertIn('/Index', [n[0] for n in nodes])

    def test_furniture_outside(self):
        """Running heads and folios are no part of the structure: no
        marked content sits in the root element itself."""
        path = render([SAMPLES], 'furniture')
        with pikepdf.open(path) as pdf:
            doc = pdf.Root.StructTreeRoot.K
            doc = doc[0] if isinstance(doc, pikepdf.Array) else doc
            for k in doc.K:
                self.assertIsInstance(k, pikepdf.Dictionary)
                self.assertIn('/S', k)


FURNITURE = ('/WT', '/WP', '/Warichu', '/Private')
CACHE = {}


def cached(args, name):
    if name not in CACHE:
        CACHE[name] = render(args, name)
    return CACHE[name]


class Artifacts(unittest.TestCase):
    """Running heads, folios, code line numbers and wrap marks are
    artifacts (artifact.c, pdfartifact.c); everything else is in the
    structure."""

    def check_all_marked(self, path):
        ops = text_ops(path)
        self.assertGreater(len(ops), 100)
        kinds = set()
        for page, stack in ops:
            tags = [t for t, props in stack
                    if t == '/Artifact' or (props is not None and
                                            '/MCID' in props)]
            self.assertTrue(tags, 'text outside every element and '
                            'artifact on page %d' % (page + 1))
            kinds.add(tags[0])
        self.assertIn('/Artifact', kinds)
        self.assertGreater(len(kinds), 5, kinds)

    def test_post_all_marked(self):
        """Every text-showing operator of a post is in an element's
        marked content or an artifact, paragraphs with links too."""
        self.check_all_marked(cached([JEKYLL], 'art-post'))

    def test_booklet_all_marked(self):
        self.check_all_marked(cached([SAMPLES, '--paper', 'a5',
                                      '--recto'], 'art-book'))

    def test_furniture(self):
        """A booklet's folios are footer artifacts saying the page's
        label; its running heads header artifacts, and no part of the
        page's tagged text."""
        path = cached([SAMPLES, '--paper', 'a5', '--recto'], 'art-book')
        pages = marked_pages(path)
        titles = {'Field Notes'}
        for name in os.listdir(SAMPLES):
            if name.endswith('.md') and 'unfinished' not in name:
                src = open(os.path.join(SAMPLES, name),
                           encoding='utf-8').read()
                titles.add(src.split('title:', 1)[1].split('\n')[0]
                           .strip().strip('"'))
        heads = folios = 0
        with pikepdf.open(path) as pdf:
            for i, text in enumerate(pages):
                label = pdf.pages[i].label
                for f in artifacts(text, 'Footer'):
                    self.assertEqual(f.strip(), label)
                    folios += 1
                tagged = ''.join(''.join(runs(text, t)) for t in
                                 set(re.findall(r'<(\w+) MCID=', text)))
                for h in artifacts(text, 'Header'):
                    h = h.strip()
                    self.assertIn(h.lower(), {t.lower() for t in titles})
                    if h != 'Field Notes':
                        self.assertNotIn(h.replace(' ', ''),
                                         tagged.replace(' ', ''))
                    heads += 1
        self.assertGreater(heads, 3)
        self.assertGreater(folios, len(pages) / 2)

    def test_head_words(self):
        """A letter-spaced running head extracts as words (pdftotext),
        not one letter a word."""
        path = cached([SAMPLES, '--paper', 'a5', '--recto'], 'art-book')
        title = 'Keeping a Sourdough Starter Alive in Winter'
        found = 0
        for i, text in enumerate(marked_pages(path)):
            if title.lower() not in [h.strip().lower() for h in
                                     artifacts(text, 'Header')]:
                continue
            p = subprocess.run(['pdftotext', '-f', str(i + 1), '-l',
                                str(i + 1), path, '-'],
                               capture_output=True, text=True)
            first = [ln for ln in p.stdout.split('\n') if ln.strip()][0]
            self.assertEqual(first.strip(), title)
            found += 1
        self.assertGreater(found, 0)

    def test_tree(self):
        """The elements that bracketed furniture for cairo are gone from
        the tree; every MCID a page shows leads, through the parent tree,
        to an element that holds it, and every link's annotation to its
        Link element."""
        path = cached([SAMPLES, '--paper', 'a5', '--recto'], 'art-book')
        with pikepdf.open(path) as pdf:
            # a number tree: leaves under /Kids, each key once
            tree = pdf.Root.StructTreeRoot.ParentTree
            self.assertIn('/Kids', tree)
            parents = dict(pikepdf.NumberTree(tree).items())
            self.assertLess(max(parents), int(
                pdf.Root.StructTreeRoot.ParentTreeNextKey))
            self.assertFalse(set(types(path)) & set(FURNITURE))
            for page in pdf.pages:
                if '/StructParents' not in page:
                    continue    # a blank page
                arr = parents[int(page.StructParents)]
                for elem in arr:
                    if elem is not None:
                        self.assertNotIn(str(elem.S), FURNITURE)
                for operands, op in pikepdf.parse_content_stream(page):
                    if str(op) != 'BDC' or not isinstance(
                            operands[1], pikepdf.Dictionary) or \
                            '/MCID' not in operands[1]:
                        continue
                    mcid = int(operands[1].MCID)
                    self.assertNotIn(str(operands[0]), FURNITURE)
                    elem = arr[mcid]
                    self.assertNotIn(str(elem.S), FURNITURE)
                    k = elem.K
                    ks = list(k) if isinstance(k, pikepdf.Array) else [k]
                    self.assertIn(mcid, [int(x) for x in ks
                                         if not isinstance(
                                             x, pikepdf.Dictionary)])
                for annot in page.get('/Annots', []):
                    link = parents[int(annot.StructParent)]
                    self.assertEqual(str(link.S), '/Link')
                    self.assertIn(annot.objgen, [
                        x.Obj.objgen for x in link.K
                        if isinstance(x, pikepdf.Dictionary)])
        self.check_clean(path)

    def check_clean(self, path):
        p = subprocess.run(['qpdf', '--check', path], capture_output=True,
                           text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertNotIn('WARNING', p.stdout + p.stderr)


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
