#!/usr/bin/python3
"""The whole corpus renders faithfully (issue 3).

Renders every post of the real Jekyll blog in ../shared/corpus/devblackops
(drafts too, .md and .markdown) and checks each PDF against what the
Markdown source says should be there:

  render  quire exits 0 (warnings are collected from stderr)
  qpdf    `qpdf --check` is clean
  leaks   no raw markup in the text ({% %} {{ }} {: ]( ** <a href <br <img
          <p> </ &amp; &nbsp;), except as often as it occurs inside code
          (fenced, {% highlight %} or `inline`) in that post's source
  words   every prose word (letters only, 4+ letters) outside code, HTML
          tags, URLs, front matter, Liquid and kramdown attribute lists is
          in the PDF text
  links   every link of the Markdown (inline, reference, <autolink>, bare
          URL, <a href>) is a URI annotation with that URI (site-relative
          /x against _config.yml's url); #frag links go to a destination
          that exists
  images  every image whose file exists and is PNG, JPEG or GIF is drawn;
          every other one gets a warning naming it and a "[image: X]"
          placeholder
  time    the whole corpus renders in under a minute (two at a time)

The corpus is third-party text: it is read where it is, never copied here.
Skipped (exit 77) when it is absent. Prints a line per failed post, then
"N passed, N failed" last; exits 1 when a check failed.
"""
import collections
import concurrent.futures
import glob
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# quiretests (poppler) is imported where a PDF is read.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..'))

SRC = os.environ.get('QUIRE_SOURCE',
                     os.path.dirname(os.path.dirname(os.path.dirname(
                         os.path.abspath(__file__)))))
QUIRE = os.path.abspath(os.environ.get('QUIRE',
                                       os.path.join(SRC, 'build', 'quire')))
SITE = os.path.normpath(os.path.join(SRC, '..', 'shared', 'corpus',
                                     'devblackops'))
TIME_LIMIT = 60.0
VERBOSE = bool(os.environ.get('QUIRE_CORPUS_VERBOSE'))

def stray_closers(prose):
    """'](' the source writes outside any link: a ']' that no '[' opened
    ("[]@name](url)"), which Markdown leaves as text."""
    n = 0
    for line in prose.split('\n'):
        depth = 0
        for i, ch in enumerate(line):
            if ch == '[':
                depth += 1
            elif ch == ']':
                if depth == 0 and line[i + 1:i + 2] == '(':
                    n += 1
                depth = max(0, depth - 1)
    return n


LEAKS = ['{%', '%}', '{{', '}}', '{:', '](', '**', '<a href', '<br',
         '<img', '<p>', '</', '&amp;', '&nbsp;']
PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
FEATURED_KEYS = ('featured-image', 'featured_image', 'image', 'cover')

# ---------------------------------------------------------------- source


def site_url():
    """The url of _config.yml, without a trailing slash."""
    try:
        text = open(os.path.join(SITE, '_config.yml'), encoding='utf-8').read()
    except OSError:
        return ''
    m = re.search(r'''^url:\s*['"]?([^'"\s#]*)''', text, re.M)
    return m.group(1).rstrip('/') if m else ''


def series_of(path):
    """The series a post's front matter names ("series: X", or a
    mapping with "name: X"), or None."""
    text = open(path, encoding='utf-8-sig').read().replace('\r\n', '\n')
    fm = text.split('\n---', 1)[0] if text.startswith('---') else ''
    m = re.search(r'^series:[ \t]*(.*)$', fm, re.M)
    if not m:
        return None
    v = m.group(1).strip()
    if not v:
        n = re.search(r'^series:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+name:[ \t]*'
                      r'(.+)$', fm, re.M)
        v = n.group(1).strip() if n else ''
    return v.strip('\'"') or None


def series_links(post, url):
    """Where {% include series.html %} in post leads: the other posts of
    its series, at their addresses on the site."""
    text = open(post, encoding='utf-8-sig').read()
    me = series_of(post)
    if me is None or not re.search(r'\{%-?\s*include\s+series', text):
        return []
    d = os.path.dirname(post)
    sibs = sorted(n for n in os.listdir(d) if n.endswith('.md') and
                  series_of(os.path.join(d, n)) == me)
    if len(sibs) < 2:
        return []
    return ['%s/%s/' % (url, re.sub(r'^\d{4}-\d\d-\d\d-', '',
                                    os.path.splitext(n)[0]))
            for n in sibs if n != os.path.basename(post)]


def split_front_matter(text):
    """(front matter dict of scalar strings, body, body's first line)."""
    meta = {}
    if not text.startswith('---'):
        return meta, text, 1
    lines = text.split('\n')
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ('---', '...'):
            for ln in lines[1:i]:
                m = re.match(r'([A-Za-z_-]+):\s*(.*?)\s*$', ln)
                if m:
                    v = m.group(2)
                    if len(v) >= 2 and v[0] == v[-1] and v[0] in '\'"':
                        v = v[1:-1]
                    meta[m.group(1)] = v
            return meta, '\n'.join(lines[i + 1:]), i + 2
    return meta, text, 1


class Source:
    """What one post's Markdown says should reach the page."""

    def __init__(self, path):
        self.path = path
        text = open(path, encoding='utf-8-sig').read().replace('\r\n', '\n')
        self.meta, body, _ = split_front_matter(text)
        self.code = []          # code block and code span contents
        prose = self._strip_code_blocks(body)
        prose = re.sub(r'<!--.*?-->', ' ', prose, flags=re.S)
        prose = self._strip_code_spans(prose)
        # Liquid and kramdown attribute lists vanish.
        prose = re.sub(r'\{%.*?%\}', ' ', prose, flags=re.S)
        prose = re.sub(r'\{\{.*?\}\}', ' ', prose, flags=re.S)
        prose = re.sub(r'\{:[^}\n]*\}', '', prose)
        self.prose = prose
        self.refdefs = {}
        for m in re.finditer(r'^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?'
                             r'(?:\s+["\'(].*)?$', prose, re.M):
            self.refdefs.setdefault(m.group(1).strip().lower(), m.group(2))
        self.prose = re.sub(r'^ {0,3}\[[^\]]+\]:.*$', '', prose, flags=re.M)
        self.links, self.images, self.words = [], [], set()
        self.name = os.path.basename(path)
        # GitHub/kramdown anchors of the post's headings
        self.anchors = set()
        for m in re.finditer(r'^#{1,6}\s+(.*?)\s*#*\s*$', prose, re.M):
            t = re.sub(r'[*_`\[\]]|\(.*?\)', '', m.group(1)).lower()
            self.anchors.add(re.sub(r'[^a-z0-9_\- \u0080-\uffff]', '',
                                    t).replace(' ', '-'))
        self._scan()

    def _strip_code_blocks(self, body):
        out, fence, liquid = [], None, False
        for ln in body.split('\n'):
            s = ln.strip()
            if not fence and re.match(r'\{%-?\s*highlight\b', s):
                liquid = True
                out.append('')
                continue
            if liquid:
                if re.match(r'\{%-?\s*endhighlight\s*-?%\}', s):
                    liquid = False
                else:
                    self.code.append(ln)
                out.append('')
                continue
            m = re.match(r'\s*(`{3,}|~{3,})', ln)
            if fence is None and m and (m.group(1)[0] == '~' or
                                        '`' not in ln[m.end():]):
                fence = m.group(1)
                out.append('')
                continue
            if fence is not None:
                if m and m.group(1)[0] == fence[0] and \
                        len(m.group(1)) >= len(fence) and \
                        not ln[m.end():].strip():
                    fence = None
                else:
                    self.code.append(ln)
                out.append('')
                continue
            out.append(ln)
        return '\n'.join(out)

    def _strip_code_spans(self, prose):
        # A span may cross lines, not paragraphs.
        def span(m):
            self.code.append(m.group(2))
            return ' \x00CODE\x00 '
        return re.sub(r'(?<![`\\])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)'
                      r'(?<!`)\1(?!`)', span, prose, flags=re.S)

    # Markdown inlines, enough of them for this corpus: images, inline and
    # reference links (images nest in links), autolinks, bare URLs, HTML.
    def _scan(self):
        text = self.prose
        words_text = []         # what a reader sees, roughly
        bare_text = []          # text where bare URLs would be autolinked
        i, n = 0, len(text)
        in_a = False            # inside <a>..</a>: no autolinks
        while i < n:
            c = text[i]
            if c == '\\' and i + 1 < n and text[i + 1] in PUNCT:
                words_text.append(text[i + 1])
                bare_text.append(' ')
                i += 2
                continue
            if c == '!' and text.startswith('[', i + 1):
                r = self._link_at(text, i + 1)
                if r:
                    alt, dest, end = r
                    self.images.append(dest)
                    i = end
                    words_text.append(' ')
                    bare_text.append(' ')
                    continue
            if c == '[':
                r = self._link_at(text, i)
                if r:
                    label, dest, end = r
                    # images inside the label
                    inner = Source.__new__(Source)
                    inner.prose, inner.refdefs = label, self.refdefs
                    inner.links, inner.images, inner.words = [], [], set()
                    inner.code = []
                    inner._scan()
                    self.images += inner.images
                    self.words |= inner.words
                    self.links.append(dest)
                    words_text.append(' ')
                    bare_text.append(' ')
                    i = end
                    continue
            if c == '<':
                m = re.match(r'<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>',
                             text[i:])
                if m:
                    self.links.append(m.group(1))
                    i += m.end()
                    words_text.append(' ')
                    bare_text.append(' ')
                    continue
                m = re.match(r'<([A-Za-z0-9.!#$%&\'*+/=?^_`{|}~-]+@'
                             r'[A-Za-z0-9.-]+)>', text[i:])
                if m:
                    self.links.append('mailto:' + m.group(1))
                    i += m.end()
                    continue
                m = re.match(r'</?([A-Za-z][A-Za-z0-9-]*)((?:\s+[^>]*)?)/?>',
                             text[i:], re.S)
                if m:
                    tag, attrs = m.group(1).lower(), m.group(2)
                    a = re.search(r'\b(href|src)\s*=\s*(?:"([^"]*)"|'
                                  r"'([^']*)'|([^\s>]+))", attrs)
                    val = None
                    if a:
                        val = html.unescape(a.group(2) or a.group(3) or
                                            a.group(4) or '')
                    if tag == 'a':
                        in_a = not m.group(0).startswith('</')
                    if tag == 'a' and a and a.group(1) == 'href':
                        self.links.append(val)
                    elif tag == 'img' and a and a.group(1) == 'src':
                        self.images.append(val)
                    elif tag in ('script', 'style') and \
                            not m.group(0).startswith('</'):
                        close = text.find('</' + tag, i + m.end())
                        if close != -1:
                            i = close
                            continue
                    i += m.end()
                    words_text.append('')
                    bare_text.append(' ')
                    continue
            words_text.append(c)
            bare_text.append(' ' if in_a else c)
            i += 1
        # Reference-link definitions are not text.
        plain = ''.join(words_text)
        plain = re.sub(r'^ {0,3}\[[^\]]+\]:.*$', ' ', plain, flags=re.M)
        plain = html.unescape(plain).replace('\x00CODE\x00', ' ')
        bare = ''.join(bare_text)
        bare = re.sub(r'^ {0,3}\[[^\]]+\]:.*$', ' ', bare, flags=re.M)
        for url in bare_urls(bare.replace('\x00CODE\x00', ' ')):
            self.links.append(url)
        self.words |= set(words(strip_urls(plain)))

    def _link_at(self, text, i):
        """At text[i] == '[': (label, destination, end) or None."""
        depth, j = 0, i
        while j < len(text):
            if text[j] == '\\':
                j += 2
                continue
            if text[j] == '[':
                depth += 1
            elif text[j] == ']':
                depth -= 1
                if depth == 0:
                    break
            elif text[j] == '\n' and text.startswith('\n', j + 1):
                return None
            j += 1
        else:
            return None
        label = text[i + 1:j]
        k = j + 1
        if text.startswith('(', k):
            m = re.match(r'\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)'
                         r'(?:\s+("[^"]*"|\'[^\']*\'|\([^)]*\)))?\s*\)',
                         text[k:])
            if m:
                dest = m.group(1)
                if dest.startswith('<'):
                    dest = dest[1:-1]
                dest = html.unescape(re.sub(r'\\(.)', r'\1', dest))
                return label, dest, k + m.end()
        m = re.match(r'\[([^\]]*)\]', text[k:])
        key = (m.group(1) if m and m.group(1) else label).strip().lower()
        if key in self.refdefs:
            return label, self.refdefs[key], k + (m.end() if m else 0)
        return None


def bare_urls(text):
    """The URLs cmark-gfm's autolink extension would find in text."""
    out = []
    for m in re.finditer(r'(?:(?<=^)|(?<=[\s*_~(]))'
                         r'(https?://|www\.)[^\s<]+', text, re.M):
        url = m.group(0)
        while True:
            if url[-1] in '?!.,:*_~\'"':
                url = url[:-1]
            elif url[-1] == ')' and url.count(')') > url.count('('):
                url = url[:-1]
            elif url.endswith(';') and re.search(r'&[A-Za-z0-9]+;$', url):
                url = re.sub(r'&[A-Za-z0-9]+;$', '', url)
            else:
                break
        if url.startswith('www.'):
            url = 'http://' + url
        out.append(url)
    return out


def strip_urls(text):
    return re.sub(r'(?:https?://|www\.|mailto:)\S*', ' ', text)


def words(text):
    return [w for w in re.findall(r'[^\W\d_]+', text) if len(w) >= 4]


# ------------------------------------------------------------------- PDF


def normalize_pdf_text(text):
    for a, b in (('\ufb00', 'ff'), ('\ufb01', 'fi'), ('\ufb02', 'fl'),
                 ('\ufb03', 'ffi'), ('\ufb04', 'ffl'), ('\ufb05', 'st'),
                 ('\ufb06', 'st'), ('\u00ad', ''), ('\u200b', ''),
                 ('\u2060', ''), ('\ufeff', '')):
        text = text.replace(a, b)
    return text


def pdf_words(text):
    """Words of the PDF text, with and without line-end hyphens joined."""
    joined = re.sub(r'(?<=[^\W\d_])[-\u2010\u2011]\s*\n\s*(?=[^\W\d_])', '',
                    text)
    joined2 = re.sub(r'\s*\n\s*', '', text)   # words broken without hyphen
    # a word hyphenated across a page break has the folio between its halves
    joined3 = re.sub(r'\s*\n\s*', '', re.sub(r'\n\s*\d+\s*(?=\n|\f)', '\n',
                                              text))
    out = set()
    for t in (text, joined, joined2, joined3):
        out |= {w.lower() for w in re.findall(r'[^\W\d_]+', strip_urls(t))}
    return out


def read_pdf(path):
    """(text, uri links, internal link results, images) of the PDF."""
    import quiretests
    from gi.repository import Poppler
    doc = quiretests.open_pdf(path)
    texts, uris, internal, nimages = [], [], [], 0
    for i in range(doc.get_n_pages()):
        page = doc.get_page(i)
        texts.append(page.get_text())
        nimages += len(page.get_image_mapping())
        for kind, d, _ in quiretests.page_links(page):
            if kind == 'uri':
                uris.append(d)
            elif kind == 'dest':
                ok = d is not None
                name = None
                if d is not None and d.type == Poppler.DestType.NAMED:
                    name = d.named_dest
                    ok = doc.find_dest(name) is not None
                internal.append((name, ok))
            else:
                internal.append(('other', False))
    return '\n'.join(texts), uris, internal, nimages


# ----------------------------------------------------------------- checks


def image_loadable(path):
    try:
        with open(path, 'rb') as f:
            head = f.read(8)
    except OSError:
        return False
    return head.startswith(b'\x89PNG\r\n\x1a\n') or \
        head.startswith(b'\xff\xd8\xff') or head[:6] in (b'GIF87a', b'GIF89a')


def resolve_image(ref, post_dir, url, featured):
    """The file a reference names, or None (remote, outside, absent)."""
    if not ref:
        return None
    r = ref.split('?')[0].split('#')[0]
    host = re.sub(r'^https?:', '', url)
    if r.startswith(('http://', 'https://', '//')):
        rest = re.sub(r'^https?:', '', r)
        if not host or not rest.startswith(host + '/'):
            return None
        r = rest[len(host):]
    r = re.sub(r'%([0-9A-Fa-f]{2})', lambda m: chr(int(m.group(1), 16)), r)
    if r.startswith('/'):
        cands = [os.path.join(SITE, r.lstrip('/'))]
    else:
        cands = [os.path.join(post_dir, r)]
        if featured:
            cands += [os.path.join(SITE, 'images', r), os.path.join(SITE, r)]
    for c in cands:
        c = os.path.normpath(c)
        if not (c + '/').startswith(SITE + '/'):
            return None
        if os.path.isfile(c):
            return c
    return None


def expected_uri(href, url, page_url):
    """The URI quire should write: site-relative and relative links are
    resolved as a browser would, against the site and the post's URL."""
    if href.startswith('/') and not href.startswith('//') and url:
        return url + href
    if re.match(r'[A-Za-z][A-Za-z0-9+.-]*:', href) or href.startswith('//'):
        return href
    return page_url + href


def check_post(post, outdir):
    """Renders post; returns (name, {check: problem list}, warnings)."""
    try:
        return _check_post(post, outdir)
    except Exception as e:          # one broken post must not hide the rest
        res = collections.OrderedDict(render=['%s: %s' % (type(e).__name__,
                                                          e)])
        return os.path.basename(post), res, []


def _check_post(post, outdir):
    name = os.path.basename(post)
    res = collections.OrderedDict((k, []) for k in
                                  ('render', 'qpdf', 'leaks', 'words',
                                   'links', 'images'))
    out = os.path.join(outdir, name + '.pdf')
    r = subprocess.run([QUIRE, post, '-o', out, '--site-root', SITE],
                       capture_output=True, text=True, timeout=120)
    warnings = [ln for ln in r.stderr.splitlines() if ln.strip()]
    if r.returncode != 0 or not os.path.exists(out):
        res['render'].append('exit %d: %s' % (r.returncode,
                                              ' | '.join(warnings[-3:])))
        return name, res, warnings
    q = subprocess.run(['qpdf', '--check', out], capture_output=True,
                       text=True)
    if q.returncode != 0 or re.search(r'WARNING|ERROR', q.stdout + q.stderr):
        res['qpdf'].append((q.stdout + q.stderr).strip().splitlines()[-1])

    src = Source(post)
    url = site_url()
    text, uris, internal, nimages = read_pdf(out)
    text = normalize_pdf_text(text)

    # leaks: a string may appear as often as code in the source has it
    code = '\n'.join(src.code)
    flat = re.sub(r'\s*\n\s*', ' ', text)
    for s in LEAKS:
        got, allowed = max(text.count(s), flat.count(s)), code.count(s)
        if s == '](':
            allowed += stray_closers(src.prose)
        if got > allowed:
            i = text.find(s) if s in text else flat.find(s)
            ctx = (text if s in text else flat)[max(0, i - 30):i + 30]
            res['leaks'].append('%r x%d (code has %d): ...%s...' %
                                (s, got, allowed, ctx.replace('\n', '⏎')))

    # words
    # poppler runs table cells together ("NameDescription"); pdftotext
    # keeps them apart: a word counts when either has it.
    pt = subprocess.run(['pdftotext', '-enc', 'UTF-8', out, '-'],
                        capture_output=True, text=True).stdout
    have = pdf_words(text) | pdf_words(normalize_pdf_text(pt))
    missing = sorted(w for w in src.words if w.lower() not in have)
    if missing:
        res['words'].append('%d missing: %s' % (len(missing),
                                                ' '.join(missing[:25])))

    # links
    want_ext = collections.Counter()
    want_int = 0
    page_url = '%s/%s/' % (url, re.sub(r'^\d{4}-\d\d-\d\d-', '',
                                       os.path.splitext(src.name)[0]))
    for href in src.links:
        if href is None or href == '':
            continue            # [text]() links nowhere: no expectation
        if href.startswith('#') or href in src.anchors:
            # "#x", or a relative "x" naming a heading of the post: the
            # author's in-page link, internal in the PDF
            want_int += 1
        else:
            want_ext[expected_uri(href, url, page_url)] += 1
    for u in series_links(post, url):
        want_ext[u] += 1
    got_ext = collections.Counter(uris)
    for u, k in sorted(want_ext.items()):
        if got_ext[u] == 0:
            res['links'].append('missing %s' % u)
        elif got_ext[u] < k:
            res['links'].append('%s: %d of %d' % (u, got_ext[u], k))
    for u in sorted(set(got_ext) - set(want_ext)):
        res['links'].append('unexpected %s' % u)
    bad = [n for n, ok in internal if not ok]
    if len(internal) < want_int:
        res['links'].append('%d internal links of %d' % (len(internal),
                                                         want_int))
    if bad:
        res['links'].append('internal links to nowhere: %s' %
                            ', '.join(str(b) for b in bad[:5]))

    # images
    post_dir = os.path.dirname(post)
    refs = [(r, False) for r in src.images]
    for k in FEATURED_KEYS:
        if src.meta.get(k):
            refs.append((src.meta[k], True))
            break
    drawn = 0
    for ref, featured in refs:
        f = resolve_image(ref, post_dir, url, featured)
        if f is not None and image_loadable(f):
            drawn += 1
            continue
        if not any("image '%s'" % ref in w for w in warnings):
            res['images'].append('no warning for %s' % ref)
        if '[image: %s]' % ref not in flat and \
                '[image: %s]' % ref not in re.sub(r'\s+', '', text):
            res['images'].append('no placeholder for %s' % ref)
    if nimages != drawn:
        res['images'].append('%d images drawn, %d expected' %
                             (nimages, drawn))
    return name, res, warnings


def main():
    if not os.path.isdir(os.path.join(SITE, '_posts')):
        print('corpus not found at %s: skipped' % SITE)
        return 77
    posts = sorted(glob.glob(os.path.join(SITE, '_posts', '*.md')) +
                   glob.glob(os.path.join(SITE, '_posts', '*.markdown')))
    outdir = tempfile.mkdtemp(prefix='quire-corpus-')
    keep = bool(os.environ.get('QUIRE_CORPUS_KEEP'))
    t0 = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        results = list(pool.map(check_post, posts, [outdir] * len(posts)))
    elapsed = time.monotonic() - t0

    passed = failed = 0
    per_check = collections.Counter()
    checks = ('render', 'qpdf', 'leaks', 'words', 'links', 'images')
    for name, res, warnings in results:
        res = collections.OrderedDict((k, res.get(k, [])) for k in checks)
        bad = {k: v for k, v in res.items() if v}
        for k in res:     # a check counts as passed only if it ran
            per_check[k] += not res[k] and not res['render']
        if bad:
            failed += 1
            print('FAIL %s' % name)
            for k, v in bad.items():
                for p in v:
                    print('  %-6s %s' % (k, p))
        else:
            passed += 1
            if VERBOSE:
                print('ok   %s' % name)
        if VERBOSE or bad:
            for w in warnings:
                print('  warn   %s' % w)
    print('per check: ' + ', '.join('%s %d/%d' % (k, per_check[k],
                                                  len(results))
                                    for k in per_check))
    print('%d posts in %.1f s' % (len(posts), elapsed))
    if elapsed > TIME_LIMIT:
        print('FAIL time: %.1f s, limit %.0f s' % (elapsed, TIME_LIMIT))
        failed += 1
    else:
        passed += 1
    if keep:
        print('PDFs kept in %s' % outdir)
    else:
        shutil.rmtree(outdir, ignore_errors=True)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
