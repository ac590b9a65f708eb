/* test-urlbreak.c - break points inside URLs, paths and code tokens. */
#include <string.h>

#include "check.h"
#include "urlbreak.h"

/*
 * The word with its breaks drawn in: '|' before a byte where it may
 * break at its punctuation, '^' where between two letters, '~' where a
 * part of a name in camel case starts.
 */
static const char *
marked(const char *w, int code)
{
	static char out[512];
	double pen[256];
	size_t n = strlen(w), o = 0;
	enum ub_kind k = ub_kind(w, n, code);

	ub_breaks(w, n, k, pen);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && pen[i] == UB_PUNCT)
			out[o++] = '|';
		else if (i > 0 && pen[i] == UB_CHAR)
			out[o++] = '^';
		else if (i > 0 && pen[i] == UB_CAMEL)
			out[o++] = '~';
		else if (i > 0 && pen[i] < 10000)
			out[o++] = '?';
		out[o++] = w[i];
	}
	out[o] = '\0';
	return out;
}

static void
test_kinds(void)
{
	CHECK(ub_kind("https://a.b", 11, 0) == UB_URL);
	CHECK(ub_kind("www.example.com", 15, 0) == UB_URL);
	CHECK(ub_kind("(images/glitter-drive-by.gif)", 29, 0) == UB_URL);
	CHECK(ub_kind("C:\\Program\\Files\\x", 18, 0) == UB_URL);
	/* a short path, an ordinary word, a hyphenated compound */
	CHECK(ub_kind("_posts/", 7, 0) == UB_NONE);
	CHECK(ub_kind("infrastructure", 14, 0) == UB_NONE);
	CHECK(ub_kind("state-of-the-art-thing", 22, 0) == UB_NONE);
	CHECK(ub_kind("Get-PasswordStateAllPasswords", 29, 1) == UB_CODE);
	CHECK(ub_kind("Get-Item", 8, 1) == UB_NONE);
	/* a long name in camel case in any font; not a capitalised word
	 * nor a short one */
	CHECK(ub_kind("Get-POSHOriginConfig", 20, 0) == UB_NAME);
	CHECK(ub_kind("SupportsShouldProcess.", 22, 0) == UB_NAME);
	CHECK(ub_kind("Internationalisation", 20, 0) == UB_NONE);
	CHECK(ub_kind("PowerShell", 10, 0) == UB_NONE);
	CHECK(ub_kind("Knuth-Plass-Algorithm", 21, 0) == UB_NONE);
}

/* A URL breaks after "//" and slashes, before its other punctuation
 * (so no line ends in a hyphen that reads as hyphenation), never in
 * "https://", and between letters at a higher cost, not close to the
 * ends; a sentence's full stop stays on. */
static void
test_url(void)
{
	CHECK_STR(marked("https://ab.cd/ef-gh?i=j.", 0),
	    "https://|a^b|.c^d/|e^f|-g^h|?i|=j.");
	CHECK_STR(marked("http://wragg.io/getting-started", 0),
	    "http://|w^r^a^g^g|.i^o/|g^e^t^t^i^n^g|-s^t^a^rted");
	/* no break between two slashes, nor by the ends */
	CHECK_STR(marked("www.a.com//x/yyyyyy", 0),
	    "www|.a|.c^o^m//|x/|y^y^yyyy");
	/* letters not ASCII and soft hyphens are left alone */
	CHECK_STR(marked("https://exämple.org/a\xC2\xAD" "b/cd", 0),
	    "https://|e^xäm^p^l^e|.o^r^g/|a\xC2\xAD" "b/|cd");
}

/* A code token or a name breaks at its own punctuation: after a hyphen
 * or an underscore inside a name (never after a leading dash), before a
 * dot, after a slash; where a part of a name starts; never elsewhere
 * between letters. */
static void
test_code(void)
{
	CHECK_STR(marked("Get-PasswordStateAllPasswords", 1),
	    "Get-|Password~State~All~Passwords");
	CHECK_STR(marked("-WhatIfSwitchName.ps1", 1),
	    "-What~If~Switch~Name|.ps1");
	CHECK_STR(marked("Get-POSHOriginConfig", 0),
	    "Get-|POSH~Origin~Config");
	CHECK_STR(marked("xSQLServerSetup,", 0), "xSQL~Server~Setup,");
	CHECK_STR(marked("rate_limiting_notice.ps1", 1),
	    "rate_|limiting_|notice|.ps1");
	CHECK_STR(marked("MiddlewareConfiguration", 1),
	    "Middleware~Configuration");
	CHECK_STR(marked("_config.yml", 1), "_config|.yml");
	/* an ordinary word gets no breaks of its own */
	CHECK_STR(marked("infrastructure", 0), "infrastructure");
}

int
main(void)
{
	test_kinds();
	test_url();
	test_code();
	return check_done();
}
