/* test-artifact.c - the content-stream tokenizer, the markers made marked
 * content and the artifact marking, over streams written here by hand. */
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

/* artifact_rewrite over s, markers opening open[0 .. n): the new stream,
 * "" when unchanged, "ERROR". */
static char *
rewrite_marked(const char *s, const char *const *open, size_t n)
{
	static char got[4096];
	struct artifact_out o;
	int rc = artifact_rewrite(s, strlen(s), open, n, &o);

	if (rc == -1)
		return strcpy(got, "ERROR");
	if (rc == 0)
		return strcpy(got, "");
	CHECK(o.len == strlen(o.data));
	snprintf(got, sizeof(got), "%s", o.data);
	artifact_out_free(&o);
	return got;
}

static char *
rewrite(const char *s)
{
	return rewrite_marked(s, NULL, 0);
}

static void
test_markers(void)
{
	const char *open[] = { "/P << /MCID 0 >> BDC", NULL,
		"/Artifact << /Type /Pagination /Subtype /Footer >> BDC",
		NULL };
	const char *one[] = { "/H1 << /MCID 0 >> BDC", NULL };

	/* as cairo writes them: each marker ends the sequence before and
	 * opens its own; a stretch of no element is left unmarked, its
	 * text not hidden */
	CHECK_STR(rewrite_marked("1 0 0 -1 0 842 cm\nq\n"
	    "1 1 0.008 0.008 re f\nBT (x) Tj ET\n"
	    "0 g 2 1 0.008 0.008 re f\nBT (y) Tj ET\n"
	    "3 1 0.008 0.008 re f\nBT (7) Tj ET\n"
	    "4 1 0.008 0.008 re f\nQ\n", open, 4),
	    "1 0 0 -1 0 842 cm\nq\n"
	    "/P << /MCID 0 >> BDC\n\nBT (x) Tj ET\n"
	    "0 g EMC\n\nBT (y) Tj ET\n"
	    "/Artifact << /Type /Pagination /Subtype /Footer >> BDC\n\n"
	    "BT (7) Tj ET\nEMC\n\nQ\n");
	/* the 257th marker starts the second row */
	{
		const char *many[258];
		char s[8192];
		size_t n = 0;

		for (size_t k = 0; k < 258; k++) {
			many[k] = k == 256 ? "/P << /MCID 0 >> BDC" : NULL;
			n += (size_t)snprintf(s + n, sizeof(s) - n,
			    "%g %g 0.008 0.008 re f\n", ARTIFACT_MARK_X(k),
			    ARTIFACT_MARK_Y(k));
		}
		CHECK(strstr(rewrite_marked(s, many, 258), "\n/P << /MCID 0 >> "
		    "BDC\n\nEMC\n") != NULL);
	}
	/* markers out of turn, missing, more than opened, or one left
	 * open: the stream is not the log's */
	CHECK_STR(rewrite_marked("2 1 0.008 0.008 re f 1 1 0.008 0.008 re f",
	    one, 2), "ERROR");
	CHECK_STR(rewrite_marked("1 1 0.008 0.008 re f BT ET", one, 2),
	    "ERROR");
	CHECK_STR(rewrite_marked("1 1 0.008 0.008 re f 2 1 0.008 0.008 re f "
	    "3 1 0.008 0.008 re f", one, 2), "ERROR");
	CHECK_STR(rewrite_marked("1 1 0.008 0.008 re f BT ET", one, 1),
	    "ERROR");
	/* look-alikes: another size, not whole, stroked, in a string */
	CHECK_STR(rewrite_marked("1 1 0.5 0.5 re f 1.5 1 0.008 0.008 re f "
	    "1 1 0.008 0.008 re S BT (1 1 0.008 0.008 re f) Tj ET", NULL, 0),
	    "/Artifact BMC\n1 1 0.5 0.5 re f 1.5 1 0.008 0.008 re f "
	    "1 1 0.008 0.008 re S\nEMC BT (1 1 0.008 0.008 re f) Tj ET");
	/* furniture's openings by type */
	CHECK_STR(artifact_opening(ARTIFACT_HEADER),
	    "/Artifact << /Type /Pagination /Subtype /Header >> BDC");
	CHECK_STR(artifact_opening(ARTIFACT_LAYOUT),
	    "/Artifact << /Type /Layout >> BDC");
	CHECK(artifact_opening("P") == NULL);
	/* cairo's own sequences nest with them; one that does not nest is
	 * left alone */
	CHECK_STR(rewrite("BT /Span <</ActualText <feff0020>>> BDC EMC ET"),
	    "");
	CHECK_STR(rewrite("/Span <</A 1>> BDC BT ET"), "ERROR");
	CHECK_STR(rewrite("EMC /Span <</A 1>> BDC"), "ERROR");
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

		CHECK(artifact_rewrite(img, sizeof(img) - 1, NULL, 0, &o) ==
		    1);
		CHECK(o.len == sizeof(img) - 1 + strlen("/Artifact BMC\n") +
		    strlen("\nEMC"));
		CHECK(memcmp(o.data, img, 21) == 0);
		artifact_out_free(&o);
	}
}

int
main(void)
{
	test_tokens();
	test_markers();
	test_decoration();
	return check_done();
}
