/*
 * test-hyphenate.c - soft hyphens from libhyphen: dictionaries found by
 * language tag, what gets hyphenated and what is left alone, and that
 * the output is always the input plus soft hyphens.
 *
 * The exact breaks asserted are what libhyphen 2.8 says with Debian 12's
 * hyph_en_US, hyph_de_DE and hyph_fr. German and French are skipped with
 * a note where their dictionaries are not installed; English is required.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hyphenate.h"
#include "util.h"

#define SHY	"\xC2\xAD"

/*
 * Whether the code point starting at s[i] counts towards the room around
 * a break: a letter or an apostrophe, as far as a test can tell without
 * tables (not other ASCII, Latin-1 punctuation or a stray byte).
 */
static int
letter_at(const unsigned char *s, size_t len, size_t i)
{
	if (i >= len)
		return 0;
	if (s[i] < 0x80)
		return ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') ||
		    s[i] == '\'';
	return s[i] >= 0xC3 && s[i] <= 0xF4 && i + 1 < len &&
	    (s[i + 1] & 0xC0) == 0x80;
}

/*
 * Whether a break before in[i] has HYPHEN_LEFT letters before it and
 * HYPHEN_RIGHT after it.
 */
static int
room_at(const char *in, size_t len, size_t i)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t k, p = i;
	int n;

	for (n = 0; n < HYPHEN_LEFT; n++) {
		if (p == 0)
			return 0;
		for (p--; p > 0 && (s[p] & 0xC0) == 0x80; p--)
			continue;
		if (!letter_at(s, len, p))
			return 0;
	}
	for (n = 0, k = i; n < HYPHEN_RIGHT; n++) {
		if (!letter_at(s, len, k))
			return 0;
		for (k++; k < len && (s[k] & 0xC0) == 0x80; k++)
			continue;
	}
	return 1;
}

/*
 * Whether out is in plus soft hyphens, each with room around it in the
 * word. Matching the input first is safe: we never insert a soft hyphen
 * just before a soft hyphen, nor inside a character.
 */
static int
is_input_plus_shy(const char *in, size_t ilen, const char *out, size_t olen)
{
	size_t i = 0, j = 0;

	while (j < olen) {
		if (i < ilen && in[i] == out[j]) {
			i++;
			j++;
		} else if (olen - j >= 2 && memcmp(out + j, SHY, 2) == 0 &&
		    room_at(in, ilen, i)) {
			j += 2;
		} else
			return 0;
	}
	return i == ilen;
}

/* Hyphenates in; the caller frees the result. */
static char *
hy_raw(struct hyphenator *h, const char *in, size_t len, size_t *olen)
{
	struct buf b = {0};

	hyphenate_append(h, &b, in, len);
	*olen = b.len;
	return buf_take(&b);
}

/* Hyphenates a NUL-free string and shows the soft hyphens as "=". */
static char *
hy(struct hyphenator *h, const char *in)
{
	struct buf b = {0};
	char *out, *p;
	size_t olen;

	out = hy_raw(h, in, strlen(in), &olen);
	CHECK(is_input_plus_shy(in, strlen(in), out, olen));
	for (p = out; *p != '\0'; p++) {
		if (memcmp(p, SHY, 2) == 0) {
			buf_putc(&b, '=');
			p++;
		} else
			buf_putc(&b, *p);
	}
	free(out);
	return buf_take(&b);
}

/* Checks that hyphenating in gives want ("=" for soft hyphens). */
#define CHECK_HY(h, in, want) do {					\
	char *got_ = hy((h), (in));					\
	CHECK_STR(got_, (want));					\
	free(got_);							\
} while (0)

/* Checks that hyphenating in gives a string holding sub. */
#define CHECK_HAS(h, in, sub) do {					\
	char *got_ = hy((h), (in));					\
	if (strstr(got_, (sub)) == NULL)				\
		fprintf(stderr, "  in \"%s\"\n", got_);			\
	CHECK(strstr(got_, (sub)) != NULL);				\
	free(got_);							\
} while (0)

static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/*
 * Pseudo-random text from pieces that exercise every path: words for
 * the dictionaries, capitals, digits, code-ish punctuation, apostrophes,
 * hyphens hard and soft, non-ASCII letters and spaces, and broken UTF-8.
 */
static void
random_text(struct buf *b, size_t pieces)
{
	static const char *piece[] = {
		"hyphenation", "typography", "International", "organization's",
		"Donaudampfschifffahrtsgesellschaft", "Gr\303\266\303\237en",
		"d\xC3\xA9veloppement", "aujourd\xE2\x80\x99hui", "l'", "'",
		"NATO", "x", "ab", "Z", "7", "2024", " ", " ", " ", "\n", "\t",
		"-", SHY, ".", ",", "/", "://", "@", "_", "\\", "camelCase",
		"\xC2\xA0", "\xE2\x80\x94", "\xC2\xAB", "\xC3\x89", "\xCE\xB1",
		"\xFF", "\x80", "\xC2", "\xE2\x80", "\xF0\x9F\x98\x80", "\xED\xA0\x80",
		"\xC0\xAF", "e\xCC\x81", "\xEF\xBB\xBF",
	};
	size_t k;

	for (k = 0; k < pieces; k++) {
		if (rnd(8) == 0)
			buf_putc(b, (char)(rnd(255) + 1));
		else
			buf_puts(b, piece[rnd(sizeof(piece) / sizeof(piece[0]))]);
	}
}

/* The output is the input plus soft hyphens, for any input. */
static void
test_round_trip(struct hyphenator *h)
{
	struct buf in = {0};
	char *out;
	size_t olen;
	int k, ok = 1;

	for (k = 0; k < 2000; k++) {
		in.len = 0;
		random_text(&in, 1 + rnd(60));
		/* A NUL inside the text is just another byte. */
		if (k % 50 == 0)
			buf_append(&in, "\0hyphenation", 12);
		out = hy_raw(h, in.data, in.len, &olen);
		if (!is_input_plus_shy(in.data, in.len, out, olen)) {
			fprintf(stderr, "round trip %d: \"%s\" -> \"%s\"\n", k,
			    in.data, out);
			ok = 0;
		}
		free(out);
	}
	CHECK(ok);
	buf_free(&in);
}

/* Long inputs: one huge token, and many words; each in linear time. */
static void
test_pathological(struct hyphenator *h)
{
	struct buf in = {0};
	char *out;
	size_t olen, k;

	for (k = 0; k < 1000000; k++)
		buf_putc(&in, "aeiouxyz"[k % 8]);
	out = hy_raw(h, in.data, in.len, &olen);
	CHECK(olen == in.len && memcmp(out, in.data, olen) == 0);
	free(out);

	buf_puts(&in, "/hyphenation");
	out = hy_raw(h, in.data, in.len, &olen);
	CHECK(olen == in.len && memcmp(out, in.data, olen) == 0);
	free(out);

	in.len = 0;
	for (k = 0; k < 50000; k++)
		buf_puts(&in, k % 2 ? "hyphenation " : "'typography'-");
	out = hy_raw(h, in.data, in.len, &olen);
	CHECK(is_input_plus_shy(in.data, in.len, out, olen));
	CHECK(olen == in.len + 25000 * 2 * 2 + 25000 * 3 * 2);
	free(out);
	buf_free(&in);
}

static void
test_tags(void)
{
	static const char *known[] = {
		"en", "EN", "en-US", "en_us", "en_GB", "en-Latn-US",
		"en_US.UTF-8", "en_US@euro",
	};
	static const char *unknown[] = {
		"xx", "", "e", "english", "../en", "en/../../etc", "en-US!",
		"en US", "-en", "zz-ZZ",
	};
	struct hyphenator *h;
	const char *slash;
	size_t k;

	for (k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
		h = hyphenator_new(known[k]);
		CHECK(h != NULL);
		if (h == NULL) {
			fprintf(stderr, "  tag \"%s\"\n", known[k]);
			continue;
		}
		slash = strrchr(hyphenator_path(h), '/');
		CHECK(slash != NULL && strncmp(slash, "/hyph_en", 8) == 0);
		hyphenator_free(h);
	}
	for (k = 0; k < sizeof(unknown) / sizeof(unknown[0]); k++) {
		h = hyphenator_new(unknown[k]);
		CHECK(h == NULL);
		if (h != NULL)
			fprintf(stderr, "  tag \"%s\" loaded %s\n", unknown[k],
			    hyphenator_path(h));
		hyphenator_free(h);
	}
	CHECK(hyphenator_new(NULL) == NULL);
	hyphenator_free(NULL);
}

/* A run's set: each dictionary file loaded once, whatever the tag. */
static void
test_set(void)
{
	struct hyphenators *set = hyphenators_new();
	struct hyphenator *en = hyphenators_get(set, "en");

	CHECK(en != NULL);
	CHECK(hyphenators_get(set, "EN_us") == en);
	/* hyph_en.dic is a link to hyph_en_US.dic: one file. */
	CHECK(hyphenators_get(set, "en-US") == en);
	CHECK(hyphenators_get(set, "xx") == NULL);
	CHECK(hyphenators_get(set, "xx") == NULL);
	CHECK(hyphenators_get(set, NULL) == NULL);
	CHECK(hyphenators_loaded(set) == 1);
	/* French, being small to load; fr_BE is a link to it. */
	if (access(HYPHEN_DIR "/hyph_fr.dic", R_OK) == 0) {
		struct hyphenator *fr = hyphenators_get(set, "fr");

		CHECK(fr != NULL && fr != en);
		for (int k = 0; k < 5; k++)
			CHECK(hyphenators_get(set, "fr") == fr);
		CHECK(hyphenators_get(set, "FR_be") == fr);
		CHECK(hyphenators_loaded(set) == 2);
	}
	hyphenators_free(set);
	hyphenators_free(NULL);
}

static void
test_english(struct hyphenator *h)
{
	const char *marked = "internationally";
	struct buf b = {0};
	char *long_word;
	size_t k;

	/* What libhyphen itself gives with lhmin 2, rhmin 3. */
	CHECK_HY(h, "hyphenation", "hy=phen=ation");
	CHECK_HY(h, "typography", "ty=pog=ra=phy");
	CHECK_HY(h, "International", "In=ter=na=tional");
	CHECK_HAS(h, "typography", "ty=pog");
	CHECK_HY(h, "The hyphenation of typography.",
	    "The hy=phen=ation of ty=pog=ra=phy.");
	CHECK_HY(h, "(\"hyphenation\"), 'typography'",
	    "(\"hy=phen=ation\"), 'ty=pog=ra=phy'");

	/* Short words. */
	CHECK_HY(h, "a quick brown fox jumps over lazy dogs",
	    "a quick brown fox jumps over lazy dogs");
	CHECK_HY(h, "", "");

	/* Apostrophes belong to the word; no break next to one. */
	CHECK_HY(h, "organization's", "or=ga=ni=za=tion's");
	CHECK_HY(h, "organization\xE2\x80\x99s",
	    "or=ga=ni=za=tion\xE2\x80\x99s");
	CHECK_HY(h, "don't shouldn't", "don't shouldn't");

	/* Hard and soft hyphens split words into parts. */
	CHECK_HY(h, "well-established", "well-es=tab=lished");
	CHECK_HY(h, "hyphenation-typography", "hy=phen=ation-ty=pog=ra=phy");
	b.len = 0;
	hyphenate_append(h, &b, "hyphenation" SHY "typography", 23);
	CHECK_STR(b.data, "hy" SHY "phen" SHY "ation" SHY "ty" SHY "pog" SHY
	    "ra" SHY "phy");
	CHECK_HY(h, "hyphenation\xE2\x80\x94typography",
	    "hy=phen=ation\xE2\x80\x94ty=pog=ra=phy");
	CHECK_HY(h, "hyphenation\xC2\xA0typography",
	    "hy=phen=ation\xC2\xA0ty=pog=ra=phy");

	/* Code, addresses and acronyms are left alone, the rest is not. */
	CHECK_HY(h, "https://example.com/hyphenation",
	    "https://example.com/hyphenation");
	CHECK_HY(h, "<https://typography.org>", "<https://typography.org>");
	CHECK_HY(h, "hyphenation@typography.org",
	    "hyphenation@typography.org");
	CHECK_HY(h, "/usr/share/hyphenation", "/usr/share/hyphenation");
	CHECK_HY(h, "C:\\Typography\\Hyphenation",
	    "C:\\Typography\\Hyphenation");
	CHECK_HY(h, "hyphenation_typography", "hyphenation_typography");
	CHECK_HY(h, "typography.hyphenation", "typography.hyphenation");
	CHECK_HY(h, "hyphenationTypography", "hyphenationTypography");
	CHECK_HY(h, "HYPHENATION INTERNATIONAL",
	    "HYPHENATION INTERNATIONAL");
	CHECK_HY(h, "hyphenation2 2typography hyph3nation",
	    "hyphenation2 2typography hyph3nation");
	CHECK_HY(h, "See https://example.com/hyphenation on hyphenation.",
	    "See https://example.com/hyphenation on hy=phen=ation.");
	CHECK_HY(h, "hyphen\xFF" "ation typography",
	    "hyphen\xFF" "ation ty=pog=ra=phy");

	/* Up to HYPHEN_MAX_WORD bytes a word is hyphenated, past it not. */
	b.len = 0;
	for (k = 0; k < 9; k++)
		buf_puts(&b, "typography");
	buf_puts(&b, "hyphenation");
	long_word = hy(h, b.data);
	CHECK(b.len == HYPHEN_MAX_WORD + 1 && strchr(long_word, '=') == NULL);
	free(long_word);
	b.data[b.len - 1] = '\0';
	long_word = hy(h, b.data);
	CHECK(strchr(long_word, '=') != NULL);
	free(long_word);

	/* No break between a letter and its combining accent (U+0301). */
	for (k = 1; k < strlen(marked); k++) {
		b.len = 0;
		buf_append(&b, marked, k);
		buf_puts(&b, "\xCC\x81");
		buf_puts(&b, marked + k);
		long_word = hy(h, b.data);
		CHECK(strstr(long_word, "=\xCC\x81") == NULL);
		free(long_word);
	}

	/* Without a dictionary the text is copied. */
	b.len = 0;
	hyphenate_append(NULL, &b, "hyphenation", 11);
	CHECK_STR(b.data, "hyphenation");
	buf_free(&b);
}

static void
test_german(struct hyphenator *h)
{
	CHECK_HAS(h, "Donaudampfschifffahrtsgesellschaft", "schiff=fahrts");
	CHECK_HAS(h, "Donaudampfschifffahrtsgesellschaft", "=ge=sell=schaft");
	/* Non-ASCII letters go through the dictionary's ISO 8859-1. */
	CHECK_HAS(h, "Gr\xC3\xB6\xC3\x9F" "enverh\xC3\xA4ltnisse",
	    "Gr\xC3\xB6=\xC3\x9F" "en=ver=h\xC3\xA4lt=nisse");
	CHECK_HAS(h, "\xC3\x9C" "bergr\xC3\xB6\xC3\x9F" "entr\xC3\xA4ger",
	    "\xC3\x9C" "ber=");
	CHECK_HY(h, "GR\xC3\x96SSENVERH\xC3\x84LTNISSE",
	    "GR\xC3\x96SSENVERH\xC3\x84LTNISSE");
	/* Beyond Latin-1: left alone, not mangled. */
	CHECK_HY(h, "Stra\xC5\x82" "enverh\xC3\xA4ltnisse",
	    "Stra\xC5\x82" "enverh\xC3\xA4ltnisse");
}

static void
test_french(struct hyphenator *h)
{
	CHECK_HY(h, "d\xC3\xA9veloppement",
	    "d\xC3\xA9=ve=lop=pe=ment");
	CHECK_HY(h, "\xC2\xAB" "extraordinaire\xC2\xBB",
	    "\xC2\xAB" "ex=tra=or=di=naire\xC2\xBB");
	CHECK_HAS(h, "l'organisation", "l'or=ga=");
	CHECK_HY(h, "aujourd\xE2\x80\x99hui", "au=jour=d\xE2\x80\x99hui");
	CHECK_HAS(h, "D\xC3\x89VELOPPEMENT d\xC3\xA9veloppement",
	    "D\xC3\x89VELOPPEMENT d\xC3\xA9=");
	/* A combining accent stays with its letter (de + U+0301). */
	CHECK_HY(h, "de\xCC\x81veloppement", "de\xCC\x81=ve=lop=pe=ment");
}

/* Runs test on the dictionary for lang, or says why it cannot. */
static void
with(const char *lang, int required, void (*test)(struct hyphenator *))
{
	struct hyphenator *h = hyphenator_new(lang);

	if (h == NULL) {
		if (required)
			CHECK(h != NULL);
		printf("note: no %s hyphenation dictionary in %s; skipped\n",
		    lang, HYPHEN_DIR);
		return;
	}
	test(h);
	test_round_trip(h);
	hyphenator_free(h);
}

int
main(void)
{
	struct hyphenator *en;

	test_tags();
	test_set();
	with("en", 1, test_english);
	with("de", 0, test_german);
	with("fr", 0, test_french);
	if ((en = hyphenator_new("en")) != NULL) {
		test_pathological(en);
		hyphenator_free(en);
	}
	return check_done();
}
