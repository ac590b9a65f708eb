/* test-artifact.c - the content-stream tokenizer and the artifact marking,
 * over streams written here by hand. */
#include <stdlib.h>
#include <string.h>

#include "artifact.h"
#include "check.h"

/* The tokens of s as "kind:text" joined by "|" (O operand, P operator,
 * I inline image; E, last, an error). */
static char *
tokens(const char *s, size_t len)
{
	static char out[4096];
	struct cs_lexer lx = { s, len, 0 };
	size_t a, b, n = 0;
	enum cs_token t;

	out[0] = '\0';
	while ((t = cs_next(&lx, &a, &b)) != CS_END) {
		const char *k = t == CS_OPERAND ? "O" : t == CS_OPERATOR ?
		    "P" : "I";

		if (t == CS_ERROR) {
			n += (size_t)snprintf(out + n, sizeof(out) - n,
			    "%sE", n ? "|" : "");
			break;
		}
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s:%.*s",
		    n ? "|" : "", k, (int)(b - a), s + a);
	}
	return out;
}

static void
test_tokens(void)
{
	const char img[] = "BI /W 2 /H 1 /BPC 8 /CS /G ID \x01)EI(\xff EI Q";

	CHECK_STR(tokens("1 0 0 -1 0 595.2 cm", 19),
	    "O:1|O:0|O:0|O:-1|O:0|O:595.2|P:cm");
	/* strings: nested and escaped parentheses, what looks like an
	 * operator inside */
	CHECK_STR(tokens("(a (BDC) \\) b\\\\)Tj", 18),
	    "O:(a (BDC) \\) b\\\\)|P:Tj");
	CHECK_STR(tokens("[(EMC)-20<0001>]TJ", 18),
	    "O:[(EMC)-20<0001>]|P:TJ");
	CHECK_STR(tokens("/Span<</ActualText<feff0020>/A[1 2]>>BDC", 40),
	    "O:/Span|O:<</ActualText<feff0020>/A[1 2]>>|P:BDC");
	CHECK_STR(tokens("% a comment BT\nET true null", 27),
	    "P:ET|O:true|O:null");
	/* an inline image's data holds any byte, even ")" and "EI" inside
	 * a word */
	CHECK_STR(tokens(img, sizeof(img) - 1),
	    "I:BI /W 2 /H 1 /BPC 8 /CS /G ID \x01)EI(\xff EI|P:Q");
	CHECK_STR(tokens("(open", 5), "E");
	CHECK_STR(tokens("[1 2", 4), "E");
	CHECK_STR(tokens("1 2 ) Tj", 8), "O:1|O:2|E");
	CHECK_STR(tokens("BI /W 1 ID xx", 13), "E");
}

/* The furniture MCIDs of the last rewrite, "1,2". */
static char mcids[256];

/* artifact_rewrite over s: the new stream, "" when unchanged, "ERROR". */
static char *
rewrite(const char *s)
{
	static char got[4096];
	struct artifact_out o;
	int rc = artifact_rewrite(s, strlen(s), &o);
	size_t n = 0;

	mcids[0] = '\0';
	if (rc == -1)
		return strcpy(got, "ERROR");
	if (rc == 0)
		return strcpy(got, "");
	CHECK(o.len == strlen(o.data));
	snprintf(got, sizeof(got), "%s", o.data);
	for (size_t i = 0; i < o.nmcid; i++)
		n += (size_t)snprintf(mcids + n, sizeof(mcids) - n, "%s%ld",
		    i ? "," : "", o.mcid[i]);
	artifact_out_free(&o);
	return got;
}

static void
test_furniture(void)
{
	/* cairo's bracket of each kind becomes a typed artifact; the
	 * elements' own sequences are kept */
	CHECK_STR(rewrite("/P << /MCID 0 >> BDC BT (x) Tj ET EMC\n"
	    "/WP << /MCID 1 >> BDC BT (1) Tj ET EMC\n"
	    "/WT<</MCID 2>>BDC BT (Head) Tj ET EMC"),
	    "/P << /MCID 0 >> BDC BT (x) Tj ET EMC\n"
	    "/Artifact << /Type /Pagination /Subtype /Footer >> BDC BT (1) Tj "
	    "ET EMC\n"
	    "/Artifact << /Type /Pagination /Subtype /Header >> BDC BT (Head) "
	    "Tj ET EMC");
	CHECK_STR(mcids, "1,2");
	CHECK_STR(rewrite("/Private << /MCID 7 >> BDC\nBT (12) Tj ET\n"
	    "EMC"), "/Artifact << /Type /Layout >> BDC\nBT (12) Tj ET\nEMC");
	CHECK_STR(rewrite("/Warichu <</MCID 2>> BDC BT (a \\(cont.\\)) Tj ET "
	    "EMC"), "/Artifact << /Type /Pagination >> BDC BT (a \\(cont.\\)) "
	    "Tj ET EMC");
	CHECK_STR(mcids, "2");
	/* look-alikes inside strings and a nested sequence are left */
	CHECK_STR(rewrite("/P <</MCID 0>> BDC BT (/WT <<>> BDC)"
	    " Tj /WT <</MCID 3>> BDC EMC ET EMC"), "");
	CHECK_STR(rewrite("BT (\\(EMC\\) BDC) Tj ET"), "");
	/* marked content that does not nest: left alone */
	CHECK_STR(rewrite("/P <</MCID 0>> BDC BT ET"), "ERROR");
	CHECK_STR(rewrite("EMC /P <</MCID 0>> BDC"), "ERROR");
	CHECK_STR(rewrite("BT (unclosed Tj ET"), "ERROR");
}

static void
test_decoration(void)
{
	/* a rule outside every sequence: wrapped from its first operand to
	 * its painting; state between two paths joins them */
	CHECK_STR(rewrite("0.5 w 10 10 m 20 10 l S 0 g 1 2 3 4 re f\n"
	    "/P <</MCID 0>> BDC 5 5 5 5 re f EMC"),
	    "0.5 w /Artifact BMC\n10 10 m 20 10 l S 0 g 1 2 3 4 re f\nEMC\n"
	    "/P <</MCID 0>> BDC 5 5 5 5 re f EMC");
	/* q and Q end a run, so that it nests with them */
	CHECK_STR(rewrite("q 0 0 1 1 re f Q 2 2 1 1 re f"),
	    "q /Artifact BMC\n0 0 1 1 re f\nEMC Q /Artifact BMC\n"
	    "2 2 1 1 re f\nEMC");
	/* a clip alone paints nothing; text, images and forms outside
	 * every sequence are not hidden */
	CHECK_STR(rewrite("q 0 0 9 9 re W n BT (x) Tj ET Q /x1 Do"), "");
	{
		const char img[] = "BI /W 1 /H 1 ID \x01 EI 0 0 1 1 re f";
		struct artifact_out o;

		CHECK(artifact_rewrite(img, sizeof(img) - 1, &o) == 1);
		CHECK(o.len == sizeof(img) - 1 + strlen("/Artifact BMC\n") +
		    strlen("\nEMC"));
		CHECK(memcmp(o.data, img, 21) == 0);
		CHECK(o.nmcid == 0);
		artifact_out_free(&o);
	}
}

int
main(void)
{
	test_tokens();
	test_furniture();
	test_decoration();
	return check_done();
}
