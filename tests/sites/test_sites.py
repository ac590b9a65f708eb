#!/usr/bin/python3
"""Sites of every generator quire reads (the small original sites in this
folder), rendered and opened with poppler: each post's title, date,
author and tags on the page and in the PDF's metadata; pictures drawn from
page bundles, static folders and Pelican's {static}; links between posts,
by permalink, Zola's @/, Pelican's {filename} or a relative .md path,
leading to the right page of a booklet with "(p. N)"; the cover and PDF
title from the site's configuration; section pages and translations left
out; undated posts last, each with a warning.

Environment: QUIRE (the binary), QUIRE_SOURCE (the source root). Prints
"N passed, N failed" last; exits 1 when a test failed.
"""
import os
import re
import subprocess
import sys
import unittest

import gi
gi.require_version('Poppler', '0.18')
from gi.repository import GLib, Poppler  # noqa: E402

SRC = os.environ.get('QUIRE_SOURCE',
                     os.path.dirname(os.path.dirname(os.path.dirname(
                         os.path.abspath(__file__)))))
QUIRE = os.environ.get('QUIRE', os.path.join(SRC, 'build', 'quire'))
SITES = os.path.join(SRC, 'tests', 'sites')
TMP = None
_cache = {}


def site(name, *parts):
    return os.path.join(SITES, name, *parts)


def quire(inp, *args):
    """Renders inp (a post or a folder); returns (pdf path, stderr)."""
    key = (inp, args)
    if key not in _cache:
        out = os.path.join(TMP, 'r%d.pdf' % len(_cache))
        p = subprocess.run([QUIRE, inp, '-o', out] + list(args),
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            raise AssertionError('quire %s failed (%d): %s' %
                                 (inp, p.returncode, p.stderr))
        _cache[key] = (out, p.stderr)
    return _cache[key]


def open_pdf(path):
    return Poppler.Document.new_from_file(GLib.filename_to_uri(path), None)


def flat(s):
    """Text with line breaks and the spaces of justified lines squeezed."""
    return re.sub(r'\s+', ' ', s or '').strip()


def texts(doc):
    return [flat(doc.get_page(i).get_text())
            for i in range(doc.get_n_pages())]


def page_of(doc, i_text, words):
    """The index of the first page whose text holds words."""
    for i, t in enumerate(i_text):
        if words in t:
            return i
    return None


def internal_links(doc, page):
    """(text under the link, target page index) of a page's GOTO links."""
    pg = doc.get_page(page)
    out = []
    for m in pg.get_link_mapping():
        a = m.action
        if a.type != Poppler.ActionType.GOTO_DEST:
            continue
        g = a.goto_dest
        d = g.dest
        if d.type == Poppler.DestType.NAMED:
            d = doc.find_dest(d.named_dest)
        r = m.area
        h = pg.get_size()[1]
        rect = Poppler.Rectangle()
        rect.x1, rect.x2 = r.x1, r.x2
        rect.y1, rect.y2 = h - r.y2, h - r.y1
        out.append((flat(pg.get_selected_text(Poppler.SelectionStyle.GLYPH,
                                              rect)), d.page_num - 1))
    return out


def uri_links(doc, page):
    pg = doc.get_page(page)     # the mapping lives as long as the page
    out = []
    for m in pg.get_link_mapping():
        a = m.action            # each part held while it is read
        if a.type == Poppler.ActionType.URI:
            u = a.uri
            out.append(u.uri)
    return out


def squash(s):
    """Text without any space: poppler splits kerned words ("No vember")
    and reads no-break spaces as spaces."""
    return re.sub(r'\s+', '', s.replace('\u00a0', ' '))


def pdf_dates(path):
    """The Info dictionary's CreationDate and ModDate, and a check that
    the XMP says the same."""
    import pikepdf
    with pikepdf.open(path) as pdf:
        info = pdf.docinfo
        created, modified = str(info.CreationDate), str(info.ModDate)
        with pdf.open_metadata() as xmp:
            assert xmp['xmp:CreateDate'][:10] == '%s-%s-%s' % (
                created[2:6], created[6:8], created[8:10]), xmp
            assert xmp['xmp:ModifyDate'][:10] == '%s-%s-%s' % (
                modified[2:6], modified[6:8], modified[8:10]), xmp
    return created, modified


def images(doc, page):
    return doc.get_page(page).get_image_mapping()


class Booklet:
    """A site's booklet, read back: text per page and where posts start."""

    def __init__(self, tc, inp, *args):
        self.path, self.err = quire(inp, *args)
        self.doc = open_pdf(self.path)
        self.text = texts(self.doc)
        self.tc = tc

    def start(self, title):
        """The page a post starts on: its title opens the page."""
        for i, t in enumerate(self.text):
            if t.startswith(title):
                return i
        self.tc.fail('no page starts with %r' % title)

    def order(self, titles):
        return sorted(titles, key=self.start)

    def link_to(self, page, words, target_title):
        """The link over words on page leads to target's first page,
        and the text says '(p. N)' with N its folio."""
        target = self.start(target_title)
        got = [t for w, t in internal_links(self.doc, page) if words in w]
        self.tc.assertTrue(got, 'no internal link over %r on page %d: %r'
                           % (words, page, internal_links(self.doc, page)))
        self.tc.assertEqual(got[0], target)
        label = self.doc.get_page(target).get_label()
        self.tc.assertIn(squash('%s (p. %s)' % (words, label)),
                         squash(self.text[page]))

    def has(self, page, words):
        self.tc.assertIn(squash(words), squash(self.text[page]))


class HugoToml(unittest.TestCase):
    def setUp(self):
        self.b = Booklet(self, site('hugo-toml'))

    def test_cover_and_metadata_from_hugo_toml(self):
        self.assertTrue(self.b.text[0].startswith('Notes from the Harbour'))
        self.b.has(0, 'Tides, knots and small boats.')
        self.b.has(0, 'Mira Osei')
        self.assertEqual(self.b.doc.get_title(), 'Notes from the Harbour')
        self.assertEqual(self.b.doc.get_author(), 'Mira Osei')

    def test_posts_in_order_undated_last_no_sections(self):
        titles = ['Tide & time tables: reading <the> sea',
                  'Three knots for the quay', 'Mooring notes']
        self.assertEqual(self.b.order(titles), titles)
        whole = ' '.join(self.b.text)
        for absent in ('All the posts', 'Every post, newest first',
                       "The harbour's front page", '潮汐表', 'Tables des',
                       'Not ready yet', 'About the harbour'):
            self.assertNotIn(absent, whole)
        self.assertRegex(self.b.err, r'mooring-notes\.md:1: warning: no '
                         r'date .*placed last')
        self.assertIn("2 posts in other languages than 'en-gb' left out",
                      self.b.err)

    def test_title_date_author_tags_on_the_page(self):
        p = self.b.start('Tide & time tables')
        # TOML front matter, entities decoded; the date from the folders.
        self.b.has(p, '3 September 2021 · Mira Osei')
        self.b.has(p, 'tides \u00b7 navigation')
        k = self.b.start('Three knots for the quay')
        # lastmod, another day: beside the date.
        self.b.has(k, '12 October 2021 · Updated 3 March 2022 · '
                   'Tomas Reyes')
        # modified (lastmod's alias) on the day of the date: not shown.
        self.assertNotIn('Updated', self.b.text[p])

    def test_contents_dates(self):
        # Each entry's date line in the byline's words: lastmod on
        # another day as "Updated"; none on the same day; an undated
        # post's tags with no dot before them.
        t = self.b.text[page_of(self.b.doc, self.b.text, 'Contents')]
        self.assertRegex(t, r'Three knots for the quay[ .]*\d+ 12 October '
                         r'2021 \u00b7 Updated 3 March 2022 The bowline')
        self.assertRegex(t, r'reading <the> sea[ .]*\d+ 3 September 2021 '
                         r'\u00b7 tides, navigation The two')
        self.assertEqual(t.count('Updated'), 1)
        self.assertRegex(t, r'Mooring notes[ .]*\d+ mooring Notes kept')

    def test_pictures_bundle_static_and_cover_image(self):
        p = self.b.start('Tide & time tables')
        # images[0] in the bundle, then /img/lighthouse.png in static/.
        sizes = sorted((m.image_id, m.area.x2 - m.area.x1)
                       for m in images(self.b.doc, p))
        self.assertEqual(len(sizes), 2)
        k = self.b.start('Three knots for the quay')
        self.assertEqual(len(images(self.b.doc, k)), 1)   # cover.image

    def test_links_between_posts(self):
        p = self.b.start('Tide & time tables')
        self.b.link_to(p, 'the knots post', 'Three knots for the quay')
        k = self.b.start('Three knots for the quay')
        self.b.link_to(k, 'the tide tables', 'Tide & time tables')

    def test_ref_and_relref(self):
        # relref by a relative path out of the bundle ("../"), and ref by
        # a section-qualified path to a bundle: both the post's page.
        p = self.b.start('Tide & time tables')
        self.b.link_to(p, 'the knots by relref', 'Three knots for the quay')
        k = self.b.start('Three knots for the quay')
        self.b.link_to(k, 'the tables by ref', 'Tide & time tables')
        # By the bundle's bare name, found anywhere below content/.
        self.b.link_to(k, 'the tables by name', 'Tide & time tables')
        self.assertNotIn('relref', self.b.err)

    def test_lang_picks_the_translation(self):
        # (French, not the Chinese one: cairo 1.16 leaks a little while
        # subsetting CJK fonts, which a sanitizer build would report.)
        b = Booklet(self, site('hugo-toml'), '--lang', 'fr')
        self.assertEqual(len([t for t in b.text
                              if t.startswith('Tables des marées')]), 1)
        self.assertNotIn('Three knots for the quay', ' '.join(b.text))
        self.assertNotIn('潮汐表', ' '.join(b.text))

    def test_single_post_metadata(self):
        path, _ = quire(site('hugo-toml', 'content', 'posts', 'knots.md'))
        doc = open_pdf(path)
        self.assertEqual(doc.get_title(), 'Three knots for the quay')
        self.assertEqual(doc.get_author(), 'Tomas Reyes')
        t = texts(doc)[0]
        self.assertTrue(t.startswith('Three knots for the quay'))
        self.assertNotIn('+++', t)
        self.assertNotIn('title =', t)
        # Outside a booklet the permalink is the site's URL.
        self.assertIn('https://harbour.example.org/2021/09/tide-tables/',
                      uri_links(doc, 0))
        self.assertIn('Updated 3 March 2022', t)
        # lastmod is the PDF's date of modification, date its creation.
        self.assertEqual(pdf_dates(path), ('D:20211012093000+01\'00\'',
                                           'D:20220303180000+01\'00\''))


class HugoYamlJson(unittest.TestCase):
    def setUp(self):
        self.b = Booklet(self, site('hugo-yaml-json'))

    def test_cover(self):
        self.assertTrue(self.b.text[0].startswith('The Allotment Diary'))
        # params.mainSections: [post] leaves notes/ out.
        self.assertNotIn('Shed inventory', ' '.join(self.b.text))
        self.assertEqual(self.b.doc.get_author(), 'Ines Duarte')

    def test_json_front_matter(self):
        p = self.b.start('Garden log: été beds')
        self.b.has(p, '15 August 2020 · Ines Duarte, Sam Lee')
        self.b.has(p, 'beds \u00b7 planning')
        self.assertNotIn('"title"', ' '.join(self.b.text))
        self.assertEqual(len(images(self.b.doc, p)), 1)   # thumbnail

    def test_yaml_front_matter_and_links(self):
        f = self.b.start('First frost')
        self.b.has(f, '2 November 2020')
        self.assertEqual(len(images(self.b.doc, f)), 1)   # featured_image
        # A permalink under the base path, and a relative .md link.
        self.b.link_to(f, 'the garden log', 'Garden log')
        g = self.b.start('Garden log')
        self.b.link_to(g, 'first frost', 'First frost')
        self.assertEqual(self.b.order(['First frost', 'Garden log']),
                         ['Garden log', 'First frost'])


class Zola(unittest.TestCase):
    def setUp(self):
        self.b = Booklet(self, site('zola'))

    def test_cover_from_config_toml(self):
        self.assertTrue(self.b.text[0].startswith('Going in Circles'))
        self.b.has(0, 'Lena Fischer')
        self.assertEqual(self.b.doc.get_title(), 'Going in Circles')

    def test_dates_from_file_name_and_front_matter(self):
        titles = ['Pi day, measured', 'Drawing the error bars',
                  'A note with no date']
        self.assertEqual(self.b.order(titles), titles)
        p = self.b.start('Pi day, measured')
        self.b.has(p, '14 March 2022')
        self.b.has(p, 'pi \u00b7 measurement')   # taxonomies.tags
        self.assertRegex(self.b.err, r'no-date-here\.md:1: warning')
        self.assertNotIn('Blog', [t.split(' ')[0] for t in self.b.text])
        self.assertNotIn('About these circles', ' '.join(self.b.text))

    def test_updated(self):
        s = self.b.start('Drawing the error bars')
        self.b.has(s, '1 April 2022 · Updated 3 April 2022 · Lena Fischer')
        p = self.b.start('Pi day, measured')
        self.assertNotIn('Updated', self.b.text[p])

    def test_at_links_and_pictures(self):
        p = self.b.start('Pi day, measured')
        self.b.link_to(p, 'second experiment', 'Drawing the error bars')
        # extra.image, and a section's file by its address (/blog/...)
        self.assertEqual(len(images(self.b.doc, p)), 2)
        self.assertNotIn('wheel.png', self.b.err)
        s = self.b.start('Drawing the error bars')
        self.b.link_to(s, 'pi day', 'Pi day, measured')
        self.assertEqual(len(images(self.b.doc, s)), 1)   # in the bundle


class Pelican(unittest.TestCase):
    def setUp(self):
        self.b = Booklet(self, site('pelican'))

    def test_cover_from_pelicanconf(self):
        self.assertTrue(self.b.text[0].startswith('Birds at Dawn'))
        self.b.has(0, 'Early notes from the marsh')
        self.assertNotIn('never this', ' '.join(self.b.text))
        self.assertEqual(self.b.doc.get_author(), 'Kofi Mensah')

    def test_headers_pages_and_drafts(self):
        p = self.b.start('First light on the marsh')
        # Modified: beside the date.
        self.b.has(p, '22 April 2023 · Updated 23 April 2023 · '
                   'Kofi Mensah, Ada Brown')
        self.b.has(p, 'waders \u00b7 spring \u00b7 dawn chorus')
        whole = ' '.join(self.b.text)
        for absent in ('Title:', 'About this site', 'Still drafting',
                       'Keeps the notes'):     # pages/, PAGE_PATHS, draft
            self.assertNotIn(absent, whole)

    def test_modified(self):
        r = self.b.start('Reed beds in May')
        self.assertNotIn('Updated', self.b.text[r])
        # A booklet's dates are its newest post's.
        created, modified = pdf_dates(self.b.path)
        self.assertEqual(created, modified)

    def test_static_and_filename(self):
        p = self.b.start('First light on the marsh')
        self.assertEqual(len(images(self.b.doc, p)), 1)
        self.b.link_to(p, 'the reed-bed notes', 'Reed beds in May')
        r = self.b.start('Reed beds in May')
        # By ARTICLE_URL = '{date:%Y}/{slug}.html'.
        self.b.link_to(r, 'first light', 'First light on the marsh')


class Eleventy(unittest.TestCase):
    def setUp(self):
        self.b = Booklet(self, site('eleventy', 'posts'))

    def test_site_data_and_links(self):
        self.assertTrue(self.b.text[0].startswith('Clay and Fire'))
        self.assertEqual(self.b.doc.get_author(), 'Noor Haddad')
        f = self.b.start('Bisque firing, slowly')
        self.assertEqual(len(images(self.b.doc, f)), 1)
        self.b.link_to(f, 'the glaze notes', 'Glaze notes')
        g = self.b.start('Glaze notes')
        self.b.link_to(g, 'bisque firing', 'Bisque firing, slowly')
        # eleventyExcludeFromCollections: the list page is no post.
        self.assertNotIn('All posts', ' '.join(self.b.text))
        # updated, written out in words.
        self.b.has(g, '2 March 2019 · Updated 10 April 2019')


class Jekyll(unittest.TestCase):
    def setUp(self):
        self.b = Booklet(self, site('jekyll'))

    def test_last_modified_at(self):
        m = self.b.start('The morning ferry')
        self.b.has(m, '1 June 2019 · Updated 15 January 2020 · Ruth Okafor')
        # updated on the day of the date; updated not a date (warned).
        for title in ('A night crossing', 'The winter schedule'):
            self.assertNotIn('Updated', self.b.text[self.b.start(title)])
        warned = re.findall(r'winter-schedule\.md:3: warning: \'updated\' '
                            r'is not a date', self.b.err)
        self.assertEqual(len(warned), 1, self.b.err)

    def test_single_post_dates(self):
        path, err = quire(site('jekyll', '_posts',
                               '2019-06-01-the-morning-ferry.md'))
        self.assertIn('Updated 15 January 2020', texts(open_pdf(path))[0])
        self.assertEqual(pdf_dates(path), ('D:20190601000000Z',
                                           'D:20200115090000+00\'00\''))
        path, err = quire(site('jekyll', '_posts',
                               '2019-07-20-night-crossing.md'))
        self.assertEqual(pdf_dates(path), ('D:20190720000000Z',
                                           'D:20190720000000Z'))
        # A link to a Markdown file outside the site is not followed.
        self.assertRegex(err, r"night-crossing\.md:8: warning: link to "
                         r"'\.\./\.\./\.\./\.\./README\.md': .*README\.md is "
                         r"outside the site")
        path, err = quire(site('jekyll', '_posts',
                               '2019-08-02-winter-schedule.md'))
        self.assertEqual(len(re.findall('warning', err)), 1, err)


class Generic(unittest.TestCase):
    def setUp(self):
        self.b = Booklet(self, site('generic'))

    def test_package_json_and_bundles(self):
        self.assertTrue(self.b.text[0].startswith('trail-journal'))
        h = self.b.start('Hello, trail')
        self.assertEqual(len(images(self.b.doc, h)), 1)
        self.b.link_to(h, 'the second summit', 'Second summit')
        s = self.b.start('Second summit')
        self.b.link_to(s, 'the first walk', 'Hello, trail')
        # spoiler is the excerpt in the contents.
        self.b.has(1, 'Fog all the way up.')

    def test_picture_in_a_table_cell(self):
        # A cell holds a line of text: a picture in it is named there,
        # with a warning, and the words and link around it stay.
        pdf, err = quire(site('generic', 'content', 'blog', 'second-summit',
                              'index.md'))
        doc = open_pdf(pdf)
        text = flat(doc.get_page(0).get_text())
        self.assertIn('[image: Old boots] boots, resoled', text)
        self.assertIn('[image: Map scan] then lost', text)
        self.assertEqual(len(re.findall(
            r'second-summit/index\.md:1[23]: warning: image '
            r'\'\.\./hello-trail/boots\.png\' in a table cell', err)), 2, err)
        self.assertIn('https://maps.example.org/ridge', uri_links(doc, 0))

    def test_title_from_first_heading(self):
        # A post with no title in its front matter is titled by its
        # first heading in the contents and the outline too, not by its
        # folder's name ("Ridge at dawn").
        import quiretests
        self.b.start('Ridge walk at dawn')
        self.b.has(1, 'Ridge walk at dawn')
        titles = [t for _, _, kids in quiretests.outline(self.b.doc)
                  for t, _, _ in kids]
        self.assertIn('Ridge walk at dawn', titles)
        self.assertNotIn('Ridge at dawn', ' '.join(self.b.text + titles))

    def test_generator_override(self):
        # Read as Jekyll, the same folder has no content/ to start from
        # and no package.json data: the cover says "Archive".
        b = Booklet(self, site('generic', 'content'), '--generator',
                    'jekyll')
        self.assertEqual(b.doc.get_title(), 'Archive')


if __name__ == '__main__':
    sys.path.insert(0, os.path.join(SRC, 'tests'))
    import quiretests
    sys.exit(quiretests.run(sys.modules[__name__], 'quire-sites-'))
