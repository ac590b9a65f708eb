"""What the Python PDF suites (tests/pdf, tests/rich, tests/booklet,
tests/corpus) share: where quire is; reading a PDF back with poppler-glib
(glyphs with their boxes, links, the outline), all in top-down page
coordinates (y grows downwards; poppler's link areas are flipped here);
qpdf_problems, which every PDF quire writes must pass; and the runner,
which runs a test module's unittest cases (or those named on the command
line) with the module's TMP set to a fresh folder and ends with the plain
'N passed, N failed' line."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import gi
gi.require_version('Poppler', '0.18')
from gi.repository import GLib, Poppler  # noqa: E402

SRC = os.environ.get('QUIRE_SOURCE', os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
QUIRE = os.environ.get('QUIRE', os.path.join(SRC, 'build', 'quire'))

# Poppler wraps runs of a right-to-left page in bidi embedding marks that
# have no box in the text layout.
BIDI_MARKS = re.compile('[\u202a-\u202e\u2066-\u2069]')


def open_pdf(path):
    return Poppler.Document.new_from_file(GLib.filename_to_uri(
        os.path.abspath(path), None), None)


class Glyph:
    """One character of a page: its box, font name, size and colour."""
    __slots__ = ('c', 'x1', 'y1', 'x2', 'y2', 'font', 'size', 'rgb')

    def __repr__(self):
        return '%r@%.1f,%.1f' % (self.c, self.x1, self.y1)


def page_glyphs(page):
    """Every character of the page's text (newlines included), in
    poppler's order, as Glyphs."""
    text = BIDI_MARKS.sub('', page.get_text() or '')
    if not text:
        return []       # poppler has no layout for a page without text
    ok, rects = page.get_text_layout()
    assert ok and len(rects) == len(text), 'text layout does not match text'
    out = []
    for c, r in zip(text, rects):
        g = Glyph()
        g.c, g.x1, g.y1, g.x2, g.y2 = c, r.x1, r.y1, r.x2, r.y2
        g.font, g.size, g.rgb = '', 0.0, (0, 0, 0)
        out.append(g)
    for a in page.get_text_attributes():
        for i in range(a.start_index, min(a.end_index + 1, len(out))):
            out[i].font = a.font_name or ''
            out[i].size = a.font_size
            out[i].rgb = (a.color.red >> 8, a.color.green >> 8,
                          a.color.blue >> 8)
    return out


def rows(glyphs, tol=2.5):
    """Glyphs grouped into visual rows by their vertical centre (within
    tol), each row left to right without spaces at its ends, rows top to
    bottom: [(y centre, [glyphs])]."""
    rs = []
    for g in glyphs:
        if g.c == '\n':
            continue
        cy = (g.y1 + g.y2) / 2
        for r in rs:
            if abs(r[0] - cy) < tol:
                r[1].append(g)
                break
        else:
            rs.append([cy, [g]])
    for r in rs:
        r[1].sort(key=lambda g: (g.x1 + g.x2) / 2)
        while r[1] and r[1][0].c.isspace():
            r[1].pop(0)
        while r[1] and r[1][-1].c.isspace():
            r[1].pop()
    return sorted(((r[0], r[1]) for r in rs), key=lambda r: r[0])


def page_links(page):
    """[(kind, target, (x1, top, x2, bottom))]: kind 'uri' with the URI,
    'dest' with the Poppler.Dest, or 'other' with None."""
    h = page.get_size()[1]
    out = []
    for lm in page.get_link_mapping():
        a, r = lm.action, lm.area
        rect = (r.x1, h - r.y2, r.x2, h - r.y1)
        if a.type == Poppler.ActionType.URI:
            out.append(('uri', a.uri.uri, rect))
        elif a.type == Poppler.ActionType.GOTO_DEST:
            out.append(('dest', a.goto_dest.dest, rect))
        else:
            out.append(('other', None, rect))
    return out


def outline(doc):
    """The document's bookmarks: [(title, action, [children])]."""
    def walk(it):
        nodes = []
        while True:
            a = it.get_action()
            child = it.get_child()
            nodes.append((a.any.title, a,
                          walk(child) if child is not None else []))
            if not it.next():
                break
        return nodes
    try:
        it = Poppler.IndexIter.new(doc)
    except TypeError:
        return []
    return walk(it) if it is not None else []


def qpdf_problems(path):
    """What `qpdf --check` finds wrong with path (errors or warnings),
    or None when it finds nothing."""
    r = subprocess.run(['qpdf', '--check', path], capture_output=True,
                       text=True)
    out = r.stdout + r.stderr
    if r.returncode == 0 and 'WARNING' not in out.upper() and \
            'No syntax or stream encoding errors' in out:
        return None
    return 'qpdf --check %s: exit %d\n%s' % (path, r.returncode, out)


def run(module, prefix):
    """Runs module's tests; returns the exit status for sys.exit."""
    if not os.access(module.QUIRE, os.X_OK):
        print('quire binary not found: ' + module.QUIRE)
        return 99
    module.TMP = tempfile.mkdtemp(prefix=prefix)
    try:
        loader = unittest.TestLoader()
        names = sys.argv[1:]
        suite = (loader.loadTestsFromNames(names, module) if names
                 else loader.loadTestsFromModule(module))
        res = unittest.TextTestRunner(verbosity=2,
                                      stream=sys.stdout).run(suite)
    finally:
        shutil.rmtree(module.TMP, ignore_errors=True)
    failed = len(res.failures) + len(res.errors) + \
        len(res.unexpectedSuccesses)
    xfail = len(res.expectedFailures)
    passed = res.testsRun - failed - len(res.skipped) - xfail
    if xfail:
        print('%d expected failure(s): known bugs in quire' % xfail)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0
