/*
 * mathparse.c - TeX math source into atoms: one recursive descent over
 * the bytes. Commands come from one table; what is not in it is refused
 * by name, so that the caller can show the source rather than a wrong
 * formula. Spaces in math mode mean nothing and are skipped.
 */
#include "mathparse.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

enum cmd_kind {
	C_SYM,		/* a character of class cls */
	C_BIGOP,	/* a large operator; arg: 1 limits in display */
	C_NAMEDOP,	/* \sin, \lim: upright name; arg: limits in display */
	C_FONT,		/* \mathbf{..}: arg is the variant */
	C_FONTSW,	/* {\bf ..}: variant for the rest of the group */
	C_TEXT,		/* \text{..}: arg is the variant */
	C_FRAC,		/* arg: forced style (-1 none); cp: 1 binomial */
	C_SQRT,
	C_ACCENT,	/* cp; arg: 1 under (\underbrace), 2 wide */
	C_LINE,		/* arg: see MATH_LINE's flag */
	C_XARROW,	/* \xrightarrow[below]{above}: cp the arrow */
	C_LEFT, C_RIGHT,
	C_MIDDLE,	/* a delimiter grown as its \left..\right are */
	C_BIG,		/* arg: size 1..4 */
	C_SPACE,	/* arg: mu */
	C_HSPACE,	/* \hspace{dim} */
	C_STYLE,	/* arg: style */
	C_BEGIN, C_END,
	C_LIMITS,	/* arg: 1 \limits, -1 \nolimits */
	C_STACK,	/* arg: 0 \overset, 1 \underset, 2 \stackrel */
	C_CLASS,	/* \mathrel{..}: cls */
	C_OPNAME,	/* \operatorname{..} */
	C_IGNORE,	/* \nonumber, \notag: nothing */
	C_IGNORE1,	/* \label{..}: nothing, one argument */
	C_COLOR,	/* \color[model]{c}: the rest of the group in c */
	C_COLORED,	/* \textcolor[model]{c}{x}: x in c */
	C_TAG,		/* \tag{..} */
	C_NOT,
	C_MOD		/* arg 0 \bmod, 1 \pmod, 2 \mod */
};

struct cmd {
	const char *name;
	enum cmd_kind kind;
	uint32_t cp;
	enum math_class cls;
	int	 arg;
};

#define S(n, c, k)	{ n, C_SYM, c, k, 0 }

static const struct cmd cmds[] = {
	/* Greek */
	S("alpha", 0x3B1, MC_ORD), S("beta", 0x3B2, MC_ORD),
	S("gamma", 0x3B3, MC_ORD), S("delta", 0x3B4, MC_ORD),
	S("epsilon", 0x3F5, MC_ORD), S("varepsilon", 0x3B5, MC_ORD),
	S("zeta", 0x3B6, MC_ORD), S("eta", 0x3B7, MC_ORD),
	S("theta", 0x3B8, MC_ORD), S("vartheta", 0x3D1, MC_ORD),
	S("iota", 0x3B9, MC_ORD), S("kappa", 0x3BA, MC_ORD),
	S("varkappa", 0x3F0, MC_ORD),
	S("lambda", 0x3BB, MC_ORD), S("mu", 0x3BC, MC_ORD),
	S("nu", 0x3BD, MC_ORD), S("xi", 0x3BE, MC_ORD),
	S("omicron", 0x3BF, MC_ORD), S("pi", 0x3C0, MC_ORD),
	S("varpi", 0x3D6, MC_ORD), S("rho", 0x3C1, MC_ORD),
	S("varrho", 0x3F1, MC_ORD), S("sigma", 0x3C3, MC_ORD),
	S("varsigma", 0x3C2, MC_ORD), S("tau", 0x3C4, MC_ORD),
	S("upsilon", 0x3C5, MC_ORD), S("phi", 0x3D5, MC_ORD),
	S("varphi", 0x3C6, MC_ORD), S("chi", 0x3C7, MC_ORD),
	S("psi", 0x3C8, MC_ORD), S("omega", 0x3C9, MC_ORD),
	S("Gamma", 0x393, MC_ORD), S("Delta", 0x394, MC_ORD),
	S("Theta", 0x398, MC_ORD), S("Lambda", 0x39B, MC_ORD),
	S("Xi", 0x39E, MC_ORD), S("Pi", 0x3A0, MC_ORD),
	S("Sigma", 0x3A3, MC_ORD), S("Upsilon", 0x3A5, MC_ORD),
	S("Phi", 0x3A6, MC_ORD), S("Psi", 0x3A8, MC_ORD),
	S("Omega", 0x3A9, MC_ORD), S("digamma", 0x3DD, MC_ORD),
	/* letter-like and other ordinary symbols */
	S("infty", 0x221E, MC_ORD), S("partial", 0x2202, MC_ORD),
	S("nabla", 0x2207, MC_ORD), S("forall", 0x2200, MC_ORD),
	S("exists", 0x2203, MC_ORD), S("nexists", 0x2204, MC_ORD),
	S("emptyset", 0x2205, MC_ORD), S("varnothing", 0x2205, MC_ORD),
	S("neg", 0xAC, MC_ORD), S("lnot", 0xAC, MC_ORD),
	S("prime", 0x2032, MC_ORD), S("hbar", 0x210F, MC_ORD),
	S("hslash", 0x210F, MC_ORD), S("ell", 0x2113, MC_ORD),
	S("wp", 0x2118, MC_ORD), S("Re", 0x211C, MC_ORD),
	S("Im", 0x2111, MC_ORD), S("aleph", 0x2135, MC_ORD),
	S("beth", 0x2136, MC_ORD), S("angle", 0x2220, MC_ORD),
	S("triangle", 0x25B3, MC_ORD), S("top", 0x22A4, MC_ORD),
	S("bot", 0x22A5, MC_ORD), S("clubsuit", 0x2663, MC_ORD),
	S("diamondsuit", 0x2662, MC_ORD), S("heartsuit", 0x2661, MC_ORD),
	S("spadesuit", 0x2660, MC_ORD), S("flat", 0x266D, MC_ORD),
	S("natural", 0x266E, MC_ORD), S("sharp", 0x266F, MC_ORD),
	S("checkmark", 0x2713, MC_ORD), S("S", 0xA7, MC_ORD),
	S("P", 0xB6, MC_ORD), S("imath", 0x131, MC_ORD),
	S("jmath", 0x237, MC_ORD), S("surd", 0x221A, MC_ORD),
	S("degree", 0xB0, MC_ORD), S("Box", 0x25A1, MC_ORD),
	S("square", 0x25A1, MC_ORD), S("blacksquare", 0x25A0, MC_ORD),
	S("%", '%', MC_ORD), S("#", '#', MC_ORD), S("&", '&', MC_ORD),
	S("$", '$', MC_ORD), S("_", '_', MC_ORD),
	S("|", 0x2016, MC_ORD), S("Vert", 0x2016, MC_ORD),
	S("vert", '|', MC_ORD), S("backslash", '\\', MC_ORD),
	S("dag", 0x2020, MC_ORD), S("ddag", 0x2021, MC_ORD),
	S("mho", 0x2127, MC_ORD), S("complement", 0x2201, MC_ORD),
	S("varDelta", 0x1D6E5, MC_ORD), S("circledR", 0xAE, MC_ORD),
	S("intercal", 0x22BA, MC_BIN), S("because", 0x2235, MC_REL),
	S("therefore", 0x2234, MC_REL), S("hdots", 0x2026, MC_INNER),
	S("lozenge", 0x25CA, MC_ORD), S("bigstar", 0x2605, MC_ORD),
	/* dots */
	S("ldots", 0x2026, MC_INNER), S("dots", 0x2026, MC_INNER),
	S("dotsc", 0x2026, MC_INNER), S("dotso", 0x2026, MC_INNER),
	S("cdots", 0x22EF, MC_INNER), S("dotsb", 0x22EF, MC_INNER),
	S("dotsm", 0x22EF, MC_INNER), S("dotsi", 0x22EF, MC_INNER),
	S("vdots", 0x22EE, MC_ORD), S("ddots", 0x22F1, MC_INNER),
	/* delimiters */
	S("{", '{', MC_OPEN), S("}", '}', MC_CLOSE),
	S("lbrace", '{', MC_OPEN), S("rbrace", '}', MC_CLOSE),
	S("lbrack", '[', MC_OPEN), S("rbrack", ']', MC_CLOSE),
	S("langle", 0x27E8, MC_OPEN), S("rangle", 0x27E9, MC_CLOSE),
	S("lceil", 0x2308, MC_OPEN), S("rceil", 0x2309, MC_CLOSE),
	S("lfloor", 0x230A, MC_OPEN), S("rfloor", 0x230B, MC_CLOSE),
	S("lvert", '|', MC_OPEN), S("rvert", '|', MC_CLOSE),
	S("lVert", 0x2016, MC_OPEN), S("rVert", 0x2016, MC_CLOSE),
	S("lgroup", 0x27EE, MC_OPEN), S("rgroup", 0x27EF, MC_CLOSE),
	/* binary operators */
	S("pm", 0xB1, MC_BIN), S("mp", 0x2213, MC_BIN),
	S("times", 0xD7, MC_BIN), S("div", 0xF7, MC_BIN),
	S("cdot", 0x22C5, MC_BIN), S("ast", 0x2217, MC_BIN),
	S("star", 0x22C6, MC_BIN), S("circ", 0x2218, MC_BIN),
	S("bullet", 0x2219, MC_BIN), S("cap", 0x2229, MC_BIN),
	S("cup", 0x222A, MC_BIN), S("uplus", 0x228E, MC_BIN),
	S("sqcap", 0x2293, MC_BIN), S("sqcup", 0x2294, MC_BIN),
	S("vee", 0x2228, MC_BIN), S("lor", 0x2228, MC_BIN),
	S("wedge", 0x2227, MC_BIN), S("land", 0x2227, MC_BIN),
	S("setminus", 0x2216, MC_BIN), S("smallsetminus", 0x2216, MC_BIN),
	S("wr", 0x2240, MC_BIN), S("oplus", 0x2295, MC_BIN),
	S("ominus", 0x2296, MC_BIN), S("otimes", 0x2297, MC_BIN),
	S("oslash", 0x2298, MC_BIN), S("odot", 0x2299, MC_BIN),
	S("dagger", 0x2020, MC_BIN), S("ddagger", 0x2021, MC_BIN),
	S("amalg", 0x2A3F, MC_BIN), S("triangleleft", 0x25C1, MC_BIN),
	S("triangleright", 0x25B7, MC_BIN), S("diamond", 0x22C4, MC_BIN),
	S("bigcirc", 0x25EF, MC_BIN), S("cdotp", 0x22C5, MC_PUNCT),
	/* relations */
	S("leq", 0x2264, MC_REL), S("le", 0x2264, MC_REL),
	S("geq", 0x2265, MC_REL), S("ge", 0x2265, MC_REL),
	S("neq", 0x2260, MC_REL), S("ne", 0x2260, MC_REL),
	S("equiv", 0x2261, MC_REL), S("approx", 0x2248, MC_REL),
	S("sim", 0x223C, MC_REL), S("simeq", 0x2243, MC_REL),
	S("cong", 0x2245, MC_REL), S("propto", 0x221D, MC_REL),
	S("ll", 0x226A, MC_REL), S("gg", 0x226B, MC_REL),
	S("subset", 0x2282, MC_REL), S("supset", 0x2283, MC_REL),
	S("subseteq", 0x2286, MC_REL), S("supseteq", 0x2287, MC_REL),
	S("subsetneq", 0x228A, MC_REL), S("supsetneq", 0x228B, MC_REL),
	S("nsubseteq", 0x2288, MC_REL), S("sqsubseteq", 0x2291, MC_REL),
	S("sqsupseteq", 0x2292, MC_REL),
	S("in", 0x2208, MC_REL), S("notin", 0x2209, MC_REL),
	S("ni", 0x220B, MC_REL), S("owns", 0x220B, MC_REL),
	S("perp", 0x27C2, MC_REL), S("parallel", 0x2225, MC_REL),
	S("mid", 0x2223, MC_REL), S("nmid", 0x2224, MC_REL),
	S("vdash", 0x22A2, MC_REL), S("dashv", 0x22A3, MC_REL),
	S("models", 0x22A8, MC_REL), S("prec", 0x227A, MC_REL),
	S("succ", 0x227B, MC_REL), S("preceq", 0x2AAF, MC_REL),
	S("succeq", 0x2AB0, MC_REL), S("asymp", 0x224D, MC_REL),
	S("doteq", 0x2250, MC_REL), S("coloneqq", 0x2254, MC_REL),
	S("coloneq", 0x2254, MC_REL), S("eqqcolon", 0x2255, MC_REL),
	S("triangleq", 0x225C, MC_REL), S("leqslant", 0x2A7D, MC_REL),
	S("geqslant", 0x2A7E, MC_REL), S("lesssim", 0x2272, MC_REL),
	S("gtrsim", 0x2273, MC_REL), S("bowtie", 0x22C8, MC_REL),
	S("smile", 0x2323, MC_REL), S("frown", 0x2322, MC_REL),
	S("nless", 0x226E, MC_REL), S("ngtr", 0x226F, MC_REL),
	S("nleq", 0x2270, MC_REL), S("ngeq", 0x2271, MC_REL),
	S("lt", '<', MC_REL), S("gt", '>', MC_REL),
	S("vDash", 0x22A8, MC_REL), S("Vdash", 0x22A9, MC_REL),
	/* arrows */
	S("to", 0x2192, MC_REL), S("rightarrow", 0x2192, MC_REL),
	S("leftarrow", 0x2190, MC_REL), S("gets", 0x2190, MC_REL),
	S("leftrightarrow", 0x2194, MC_REL), S("Rightarrow", 0x21D2, MC_REL),
	S("Leftarrow", 0x21D0, MC_REL), S("Leftrightarrow", 0x21D4, MC_REL),
	S("implies", 0x27F9, MC_REL), S("impliedby", 0x27F8, MC_REL),
	S("iff", 0x27FA, MC_REL), S("mapsto", 0x21A6, MC_REL),
	S("longrightarrow", 0x27F6, MC_REL), S("longleftarrow", 0x27F5, MC_REL),
	S("longleftrightarrow", 0x27F7, MC_REL),
	S("Longrightarrow", 0x27F9, MC_REL), S("Longleftarrow", 0x27F8, MC_REL),
	S("Longleftrightarrow", 0x27FA, MC_REL),
	S("longmapsto", 0x27FC, MC_REL), S("uparrow", 0x2191, MC_REL),
	S("downarrow", 0x2193, MC_REL), S("updownarrow", 0x2195, MC_REL),
	S("Uparrow", 0x21D1, MC_REL), S("Downarrow", 0x21D3, MC_REL),
	S("Updownarrow", 0x21D5, MC_REL),
	S("nearrow", 0x2197, MC_REL), S("searrow", 0x2198, MC_REL),
	S("swarrow", 0x2199, MC_REL), S("nwarrow", 0x2196, MC_REL),
	S("hookrightarrow", 0x21AA, MC_REL), S("hookleftarrow", 0x21A9, MC_REL),
	S("rightharpoonup", 0x21C0, MC_REL), S("leftharpoonup", 0x21BC, MC_REL),
	S("rightleftharpoons", 0x21CC, MC_REL), S("leadsto", 0x21DD, MC_REL),
	S("rightsquigarrow", 0x21DD, MC_REL),
	S("twoheadrightarrow", 0x21A0, MC_REL),
	S("circlearrowleft", 0x21BA, MC_REL),
	S("circlearrowright", 0x21BB, MC_REL),
	/* punctuation */
	S("colon", ':', MC_PUNCT),
	/* large operators */
	{ "sum", C_BIGOP, 0x2211, MC_OP, 1 }, { "prod", C_BIGOP, 0x220F, MC_OP, 1 },
	{ "coprod", C_BIGOP, 0x2210, MC_OP, 1 },
	{ "int", C_BIGOP, 0x222B, MC_OP, 0 }, { "iint", C_BIGOP, 0x222C, MC_OP, 0 },
	{ "iiint", C_BIGOP, 0x222D, MC_OP, 0 }, { "oint", C_BIGOP, 0x222E, MC_OP, 0 },
	{ "bigcup", C_BIGOP, 0x22C3, MC_OP, 1 }, { "bigcap", C_BIGOP, 0x22C2, MC_OP, 1 },
	{ "bigoplus", C_BIGOP, 0x2A01, MC_OP, 1 },
	{ "bigotimes", C_BIGOP, 0x2A02, MC_OP, 1 },
	{ "bigodot", C_BIGOP, 0x2A00, MC_OP, 1 },
	{ "bigvee", C_BIGOP, 0x22C1, MC_OP, 1 }, { "bigwedge", C_BIGOP, 0x22C0, MC_OP, 1 },
	{ "bigsqcup", C_BIGOP, 0x2A06, MC_OP, 1 },
	{ "biguplus", C_BIGOP, 0x2A04, MC_OP, 1 },
	/* named operators; arg 1: limits in display */
	{ "sin", C_NAMEDOP, 0, MC_OP, 0 }, { "cos", C_NAMEDOP, 0, MC_OP, 0 },
	{ "tan", C_NAMEDOP, 0, MC_OP, 0 }, { "cot", C_NAMEDOP, 0, MC_OP, 0 },
	{ "sec", C_NAMEDOP, 0, MC_OP, 0 }, { "csc", C_NAMEDOP, 0, MC_OP, 0 },
	{ "arcsin", C_NAMEDOP, 0, MC_OP, 0 }, { "arccos", C_NAMEDOP, 0, MC_OP, 0 },
	{ "arctan", C_NAMEDOP, 0, MC_OP, 0 }, { "sinh", C_NAMEDOP, 0, MC_OP, 0 },
	{ "cosh", C_NAMEDOP, 0, MC_OP, 0 }, { "tanh", C_NAMEDOP, 0, MC_OP, 0 },
	{ "coth", C_NAMEDOP, 0, MC_OP, 0 }, { "log", C_NAMEDOP, 0, MC_OP, 0 },
	{ "ln", C_NAMEDOP, 0, MC_OP, 0 }, { "lg", C_NAMEDOP, 0, MC_OP, 0 },
	{ "exp", C_NAMEDOP, 0, MC_OP, 0 }, { "dim", C_NAMEDOP, 0, MC_OP, 0 },
	{ "ker", C_NAMEDOP, 0, MC_OP, 0 }, { "deg", C_NAMEDOP, 0, MC_OP, 0 },
	{ "arg", C_NAMEDOP, 0, MC_OP, 0 }, { "hom", C_NAMEDOP, 0, MC_OP, 0 },
	{ "det", C_NAMEDOP, 0, MC_OP, 1 }, { "gcd", C_NAMEDOP, 0, MC_OP, 1 },
	{ "Pr", C_NAMEDOP, 0, MC_OP, 1 }, { "lim", C_NAMEDOP, 0, MC_OP, 1 },
	{ "liminf", C_NAMEDOP, 0, MC_OP, 1 }, { "limsup", C_NAMEDOP, 0, MC_OP, 1 },
	{ "max", C_NAMEDOP, 0, MC_OP, 1 }, { "min", C_NAMEDOP, 0, MC_OP, 1 },
	{ "sup", C_NAMEDOP, 0, MC_OP, 1 }, { "inf", C_NAMEDOP, 0, MC_OP, 1 },
	{ "argmax", C_NAMEDOP, 0, MC_OP, 1 }, { "argmin", C_NAMEDOP, 0, MC_OP, 1 },
	{ "operatorname", C_OPNAME, 0, MC_OP, 0 },
	{ "bmod", C_MOD, 0, MC_BIN, 0 }, { "pmod", C_MOD, 0, MC_ORD, 1 },
	{ "mod", C_MOD, 0, MC_ORD, 2 },
	/* fonts */
	{ "mathbf", C_FONT, 0, MC_ORD, MV_BOLD },
	{ "mathit", C_FONT, 0, MC_ORD, MV_ITALIC },
	{ "mathrm", C_FONT, 0, MC_ORD, MV_ROMAN },
	{ "mathup", C_FONT, 0, MC_ORD, MV_ROMAN },
	{ "mathnormal", C_FONT, 0, MC_ORD, MV_NORMAL },
	{ "mathcal", C_FONT, 0, MC_ORD, MV_SCRIPT },
	{ "mathscr", C_FONT, 0, MC_ORD, MV_SCRIPT },
	{ "mathbb", C_FONT, 0, MC_ORD, MV_DOUBLE },
	{ "Bbb", C_FONT, 0, MC_ORD, MV_DOUBLE },
	{ "mathfrak", C_FONT, 0, MC_ORD, MV_FRAKTUR },
	{ "mathsf", C_FONT, 0, MC_ORD, MV_SANS },
	{ "mathtt", C_FONT, 0, MC_ORD, MV_MONO },
	{ "boldsymbol", C_FONT, 0, MC_ORD, MV_BOLD_ITALIC },
	{ "bm", C_FONT, 0, MC_ORD, MV_BOLD_ITALIC },
	{ "pmb", C_FONT, 0, MC_ORD, MV_BOLD_ITALIC },
	{ "bf", C_FONTSW, 0, MC_ORD, MV_BOLD },
	{ "rm", C_FONTSW, 0, MC_ORD, MV_ROMAN },
	{ "it", C_FONTSW, 0, MC_ORD, MV_ITALIC },
	{ "cal", C_FONTSW, 0, MC_ORD, MV_SCRIPT },
	{ "sf", C_FONTSW, 0, MC_ORD, MV_SANS },
	{ "tt", C_FONTSW, 0, MC_ORD, MV_MONO },
	{ "text", C_TEXT, 0, MC_ORD, MV_ROMAN },
	{ "textrm", C_TEXT, 0, MC_ORD, MV_ROMAN },
	{ "textup", C_TEXT, 0, MC_ORD, MV_ROMAN },
	{ "textnormal", C_TEXT, 0, MC_ORD, MV_ROMAN },
	{ "mbox", C_TEXT, 0, MC_ORD, MV_ROMAN },
	{ "hbox", C_TEXT, 0, MC_ORD, MV_ROMAN },
	{ "textbf", C_TEXT, 0, MC_ORD, MV_BOLD },
	{ "textit", C_TEXT, 0, MC_ORD, MV_ITALIC },
	{ "emph", C_TEXT, 0, MC_ORD, MV_ITALIC },
	{ "textsf", C_TEXT, 0, MC_ORD, MV_SANS },
	{ "texttt", C_TEXT, 0, MC_ORD, MV_MONO },
	/* fractions, roots */
	{ "frac", C_FRAC, 0, MC_ORD, -1 }, { "dfrac", C_FRAC, 0, MC_ORD, 0 },
	{ "tfrac", C_FRAC, 0, MC_ORD, 1 }, { "cfrac", C_FRAC, 0, MC_ORD, 0 },
	{ "binom", C_FRAC, 1, MC_ORD, -1 }, { "dbinom", C_FRAC, 1, MC_ORD, 0 },
	{ "tbinom", C_FRAC, 1, MC_ORD, 1 },
	{ "sqrt", C_SQRT, 0, MC_ORD, 0 },
	/* accents */
	{ "hat", C_ACCENT, 0x302, MC_ORD, 0 }, { "widehat", C_ACCENT, 0x302, MC_ORD, 2 },
	{ "bar", C_ACCENT, 0x304, MC_ORD, 0 }, { "tilde", C_ACCENT, 0x303, MC_ORD, 0 },
	{ "widetilde", C_ACCENT, 0x303, MC_ORD, 2 },
	{ "vec", C_ACCENT, 0x20D7, MC_ORD, 0 }, { "dot", C_ACCENT, 0x307, MC_ORD, 0 },
	{ "ddot", C_ACCENT, 0x308, MC_ORD, 0 }, { "dddot", C_ACCENT, 0x20DB, MC_ORD, 0 },
	{ "acute", C_ACCENT, 0x301, MC_ORD, 0 }, { "grave", C_ACCENT, 0x300, MC_ORD, 0 },
	{ "breve", C_ACCENT, 0x306, MC_ORD, 0 }, { "check", C_ACCENT, 0x30C, MC_ORD, 0 },
	{ "mathring", C_ACCENT, 0x30A, MC_ORD, 0 },
	{ "overrightarrow", C_ACCENT, 0x20D7, MC_ORD, 2 },
	{ "overleftarrow", C_ACCENT, 0x20D6, MC_ORD, 2 },
	{ "overbrace", C_ACCENT, 0x23DE, MC_OP, 2 },
	{ "underbrace", C_ACCENT, 0x23DF, MC_OP, 3 },
	{ "overline", C_LINE, 0, MC_ORD, 0 }, { "underline", C_LINE, 0, MC_ORD, 1 },
	{ "boxed", C_LINE, 0, MC_ORD, 2 }, { "phantom", C_LINE, 0, MC_ORD, 3 },
	{ "hphantom", C_LINE, 0, MC_ORD, 4 }, { "vphantom", C_LINE, 0, MC_ORD, 5 },
	{ "xrightarrow", C_XARROW, 0x2192, MC_REL, 0 },
	{ "xleftarrow", C_XARROW, 0x2190, MC_REL, 0 },
	{ "xRightarrow", C_XARROW, 0x21D2, MC_REL, 0 },
	{ "xLeftarrow", C_XARROW, 0x21D0, MC_REL, 0 },
	{ "xleftrightarrow", C_XARROW, 0x2194, MC_REL, 0 },
	{ "xmapsto", C_XARROW, 0x21A6, MC_REL, 0 },
	/* delimiters */
	{ "left", C_LEFT, 0, MC_OPEN, 0 }, { "right", C_RIGHT, 0, MC_CLOSE, 0 },
	/* e-TeX's \middle closes what is before and opens what is after:
	 * no space either side ("\;\middle|\;" asks for some) */
	{ "middle", C_MIDDLE, 0, MC_OPEN, 0 },
	{ "big", C_BIG, 0, MC_ORD, 1 }, { "Big", C_BIG, 0, MC_ORD, 2 },
	{ "bigg", C_BIG, 0, MC_ORD, 3 }, { "Bigg", C_BIG, 0, MC_ORD, 4 },
	{ "bigl", C_BIG, 0, MC_OPEN, 1 }, { "Bigl", C_BIG, 0, MC_OPEN, 2 },
	{ "biggl", C_BIG, 0, MC_OPEN, 3 }, { "Biggl", C_BIG, 0, MC_OPEN, 4 },
	{ "bigr", C_BIG, 0, MC_CLOSE, 1 }, { "Bigr", C_BIG, 0, MC_CLOSE, 2 },
	{ "biggr", C_BIG, 0, MC_CLOSE, 3 }, { "Biggr", C_BIG, 0, MC_CLOSE, 4 },
	{ "bigm", C_BIG, 0, MC_REL, 1 }, { "Bigm", C_BIG, 0, MC_REL, 2 },
	/* spaces, in mu */
	{ ",", C_SPACE, 0, MC_ORD, 3 }, { ":", C_SPACE, 0, MC_ORD, 4 },
	{ ">", C_SPACE, 0, MC_ORD, 4 }, { ";", C_SPACE, 0, MC_ORD, 5 },
	{ "!", C_SPACE, 0, MC_ORD, -3 }, { " ", C_SPACE, 0, MC_ORD, 6 },
	{ "quad", C_SPACE, 0, MC_ORD, 18 }, { "qquad", C_SPACE, 0, MC_ORD, 36 },
	{ "enspace", C_SPACE, 0, MC_ORD, 9 },
	{ "thinspace", C_SPACE, 0, MC_ORD, 3 }, { "medspace", C_SPACE, 0, MC_ORD, 4 },
	{ "thickspace", C_SPACE, 0, MC_ORD, 5 },
	{ "negthinspace", C_SPACE, 0, MC_ORD, -3 },
	{ "negmedspace", C_SPACE, 0, MC_ORD, -4 },
	{ "negthickspace", C_SPACE, 0, MC_ORD, -5 },
	{ "hspace", C_HSPACE, 0, MC_ORD, 0 }, { "hspace*", C_HSPACE, 0, MC_ORD, 0 },
	{ "kern", C_HSPACE, 0, MC_ORD, 0 }, { "mkern", C_HSPACE, 0, MC_ORD, 0 },
	{ "mspace", C_HSPACE, 0, MC_ORD, 0 }, { "hskip", C_HSPACE, 0, MC_ORD, 0 },
	/* styles */
	{ "displaystyle", C_STYLE, 0, MC_ORD, 0 },
	{ "textstyle", C_STYLE, 0, MC_ORD, 1 },
	{ "scriptstyle", C_STYLE, 0, MC_ORD, 2 },
	{ "scriptscriptstyle", C_STYLE, 0, MC_ORD, 3 },
	/* structure */
	{ "begin", C_BEGIN, 0, MC_ORD, 0 }, { "end", C_END, 0, MC_ORD, 0 },
	{ "limits", C_LIMITS, 0, MC_ORD, 1 }, { "nolimits", C_LIMITS, 0, MC_ORD, -1 },
	{ "overset", C_STACK, 0, MC_ORD, 0 }, { "underset", C_STACK, 0, MC_ORD, 1 },
	{ "stackrel", C_STACK, 0, MC_REL, 2 },
	{ "mathop", C_CLASS, 0, MC_OP, 0 }, { "mathbin", C_CLASS, 0, MC_BIN, 0 },
	{ "mathrel", C_CLASS, 0, MC_REL, 0 }, { "mathord", C_CLASS, 0, MC_ORD, 0 },
	{ "mathopen", C_CLASS, 0, MC_OPEN, 0 },
	{ "mathclose", C_CLASS, 0, MC_CLOSE, 0 },
	{ "mathpunct", C_CLASS, 0, MC_PUNCT, 0 },
	{ "mathinner", C_CLASS, 0, MC_INNER, 0 },
	{ "nonumber", C_IGNORE, 0, MC_ORD, 0 }, { "notag", C_IGNORE, 0, MC_ORD, 0 },
	{ "label", C_IGNORE1, 0, MC_ORD, 0 }, { "color", C_COLOR, 0, MC_ORD, 0 },
	{ "textcolor", C_COLORED, 0, MC_ORD, 0 },
	{ "tag", C_TAG, 0, MC_ORD, 0 }, { "tag*", C_TAG, 0, MC_ORD, 0 },
	{ "not", C_NOT, 0, MC_REL, 0 },
};

/* Characters typed as themselves: their class and, where it differs, the
 * character set. */
static const struct { char c; uint32_t cp; enum math_class cls; } chars[] = {
	{ '+', '+', MC_BIN }, { '-', 0x2212, MC_BIN }, { '*', 0x2217, MC_BIN },
	{ '=', '=', MC_REL }, { '<', '<', MC_REL }, { '>', '>', MC_REL },
	{ ':', ':', MC_REL }, { '(', '(', MC_OPEN }, { '[', '[', MC_OPEN },
	{ ')', ')', MC_CLOSE }, { ']', ']', MC_CLOSE }, { '!', '!', MC_CLOSE },
	{ '?', '?', MC_CLOSE }, { ',', ',', MC_PUNCT }, { ';', ';', MC_PUNCT },
	{ '|', '|', MC_ORD }, { '/', '/', MC_ORD }, { '.', '.', MC_ORD },
	{ '@', '@', MC_ORD }, { '"', '"', MC_ORD },
};

/* Negated relations for \not. */
static const uint32_t negations[][2] = {
	{ '=', 0x2260 }, { '<', 0x226E }, { '>', 0x226F }, { 0x2208, 0x2209 },
	{ 0x220B, 0x220C }, { 0x2264, 0x2270 }, { 0x2265, 0x2271 },
	{ 0x2282, 0x2284 }, { 0x2283, 0x2285 }, { 0x2286, 0x2288 },
	{ 0x2287, 0x2289 }, { 0x2261, 0x2262 }, { 0x223C, 0x2241 },
	{ 0x2248, 0x2249 }, { 0x2245, 0x2247 }, { 0x2223, 0x2224 },
	{ 0x2225, 0x2226 }, { 0x2243, 0x2244 }, { 0x227A, 0x2280 },
	{ 0x227B, 0x2281 }, { 0x22A2, 0x22AC }, { 0x22A8, 0x22AD },
};

/* Environments: how their cells are set. */
struct env {
	const char *name;
	const char *align;	/* every column ("c"), or "rl" pairs */
	uint32_t open, close;
	int	 style;		/* cells' style */
	double	 colsep;	/* em */
};

static const struct env envs[] = {
	{ "matrix", "c", 0, 0, 1, 1 }, { "pmatrix", "c", '(', ')', 1, 1 },
	{ "bmatrix", "c", '[', ']', 1, 1 }, { "Bmatrix", "c", '{', '}', 1, 1 },
	{ "vmatrix", "c", '|', '|', 1, 1 }, { "Vmatrix", "c", 0x2016, 0x2016, 1, 1 },
	{ "smallmatrix", "c", 0, 0, 2, 0.5 },
	{ "cases", "l", '{', 0, 1, 1 }, { "dcases", "l", '{', 0, 0, 1 },
	{ "rcases", "l", 0, '}', 1, 1 },
	{ "aligned", "rl", 0, 0, 0, 2 }, { "align", "rl", 0, 0, 0, 2 },
	{ "align*", "rl", 0, 0, 0, 2 }, { "alignat", "rl", 0, 0, 0, 0 },
	{ "alignat*", "rl", 0, 0, 0, 0 }, { "alignedat", "rl", 0, 0, 0, 0 },
	{ "flalign", "rl", 0, 0, 0, 2 }, { "flalign*", "rl", 0, 0, 0, 2 },
	{ "eqnarray", "rcl", 0, 0, 0, 0.3 }, { "eqnarray*", "rcl", 0, 0, 0, 0.3 },
	{ "split", "rl", 0, 0, 0, 2 },
	{ "gathered", "c", 0, 0, 0, 1 }, { "gather", "c", 0, 0, 0, 1 },
	{ "gather*", "c", 0, 0, 0, 1 }, { "multline", "c", 0, 0, 0, 1 },
	{ "multline*", "c", 0, 0, 0, 1 },
	{ "array", NULL, 0, 0, 1, 1 }, { "subarray", NULL, 0, 0, 2, 0.5 },
	{ "equation", "", 0, 0, 0, 0 }, { "equation*", "", 0, 0, 0, 0 },
	{ "displaymath", "", 0, 0, 0, 0 }, { "math", "", 0, 0, 0, 0 },
};

struct parser {
	const char *s;
	size_t	 len, pos;
	int	 depth;
	int	 no_scripts;		/* reading one token, not its scripts */
	enum math_variant variant;	/* of letters, in the current group */
	char	*why;			/* the first error */
	uint32_t color;			/* of atoms, in the current row */
	char	*warning;		/* for struct math (owned) */
};

/* Why the formula cannot be set; only the first reason counts. Parsing
 * stops: the rest of the source is skipped. */
static void
fail(struct parser *p, char *why)
{
	if (p->why == NULL)
		p->why = why;
	else
		free(why);
	p->pos = p->len;
}

static void
skip_space(struct parser *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			p->pos++;
		else if (c == '%')	/* a comment to the end of the line */
			while (p->pos < p->len && p->s[p->pos] != '\n')
				p->pos++;
		else
			break;
	}
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The name of the command at p->pos (a backslash): letters (and a '*'
 * some take), or one other character. Moves past it. */
static size_t
command_name(struct parser *p, char *name, size_t size)
{
	size_t n = 0;

	p->pos++;
	if (p->pos >= p->len) {
		name[0] = '\0';
		return 0;
	}
	if (!is_alpha(p->s[p->pos]))
		name[n++] = p->s[p->pos++];
	else
		while (p->pos < p->len && is_alpha(p->s[p->pos])) {
			if (n + 2 < size)
				name[n] = p->s[p->pos];
			n++;
			p->pos++;
		}
	if (n + 2 >= size)
		n = size - 2;	/* too long to be known: stays unknown */
	name[n] = '\0';
	return n;
}

static const struct cmd *
find_cmd(const char *name)
{
	for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

/* Decodes the UTF-8 character at p->pos and moves past it (a byte that
 * starts none is U+FFFD). */
static uint32_t
next_utf8(struct parser *p)
{
	size_t n;
	uint32_t cp = utf8_decode((const unsigned char *)p->s + p->pos,
	    p->len - p->pos, &n);

	if (n == 0)
		cp = 0xFFFD, n = 1;
	p->pos += n;
	return cp;
}

static struct math_node *
sym(uint32_t cp, enum math_class cls, enum math_variant v)
{
	struct math_node *n = math_node_new(MATH_SYM);

	n->cp = cp;
	n->cls = cls;
	n->variant = v;
	return n;
}

/* The class of a character typed as itself (not ASCII: as the table
 * has it, else ordinary). */
static enum math_class
class_of(uint32_t cp)
{
	for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++)
		if (cmds[i].kind == C_SYM && cmds[i].cp == cp)
			return cmds[i].cls;
	for (size_t i = 0; i < sizeof(chars) / sizeof(*chars); i++)
		if (chars[i].cp == cp)
			return chars[i].cls;	/* '−' typed as itself */
	return MC_ORD;
}

static struct math_node *parse_list(struct parser *p);
static struct math_node *parse_atom(struct parser *p);

/* Whether the next thing is c (after spaces); consumed if so. */
static int
accept(struct parser *p, char c)
{
	skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == c) {
		p->pos++;
		return 1;
	}
	return 0;
}

/* A group "{...}": its list; the closing brace consumed. */
static struct math_node *
parse_group(struct parser *p)
{
	enum math_variant v = p->variant;
	struct math_node *n = parse_list(p);

	p->variant = v;
	if (!accept(p, '}'))
		fail(p, xstrdup("unbalanced braces"));
	return n;
}

/* A required argument: a group, or one atom. */
static struct math_node *
parse_arg(struct parser *p)
{
	struct math_node *n;

	skip_space(p);
	if (p->pos >= p->len) {
		fail(p, xstrdup("a command lacks its argument"));
		return math_node_new(MATH_LIST);
	}
	if (accept(p, '{'))
		return parse_group(p);
	/* one token: x_a^b is x with a below and b above */
	p->no_scripts++;
	n = parse_atom(p);
	p->no_scripts--;
	return n ? n : math_node_new(MATH_LIST);
}

/* Says what is shown otherwise than asked: each thing once, in one
 * line of reasonable length. */
static void
warn(struct parser *p, char *what)
{
	if (p->warning == NULL)
		p->warning = what;
	else if (strstr(p->warning, what) == NULL && strlen(p->warning) < 200) {
		char *both = xasprintf("%s; %s", p->warning, what);

		free(p->warning);
		p->warning = both;
		free(what);
	} else
		free(what);
}

/* The raw text of a braced argument (names, dimensions); NULL if none. */
static char *
raw_arg(struct parser *p)
{
	size_t start, depth = 1;

	if (!accept(p, '{')) {
		fail(p, xstrdup("a command lacks its argument"));
		return NULL;
	}
	start = p->pos;
	while (p->pos < p->len) {
		char c = p->s[p->pos++];

		if (c == '\\' && p->pos < p->len)
			p->pos++;
		else if (c == '{')
			depth++;
		else if (c == '}' && --depth == 0)
			return xstrndup(p->s + start, p->pos - 1 - start);
	}
	fail(p, xstrdup("unbalanced braces"));
	return NULL;
}

/* An optional argument "[...]": its raw text, or NULL. */
static char *
opt_arg(struct parser *p)
{
	size_t start;
	int depth = 0;

	if (!accept(p, '['))
		return NULL;
	start = p->pos;
	for (; p->pos < p->len; p->pos++) {
		char c = p->s[p->pos];

		if (c == '{')
			depth++;
		else if (c == '}')
			depth--;
		else if (c == ']' && depth == 0)
			return xstrndup(p->s + start, p->pos++ - start);
	}
	fail(p, xstrdup("an optional argument is not closed"));
	return NULL;
}

/* A dimension ("2em", "-3mu", "1.5pt") in mu; at 10 pt, 1 pt is 1.8 mu. */
static double
dimension_mu(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	while (*end == ' ')
		end++;
	if (!strncmp(end, "em", 2) || !strncmp(end, "quad", 4))
		return v * 18;
	if (!strncmp(end, "ex", 2))
		return v * 7.7;
	if (!strncmp(end, "mu", 2))
		return v;
	if (!strncmp(end, "px", 2))
		return v * 0.75 * 1.8;
	if (!strncmp(end, "cm", 2))
		return v * 28.45 * 1.8;
	if (!strncmp(end, "mm", 2))
		return v * 2.845 * 1.8;
	if (!strncmp(end, "in", 2))
		return v * 72.27 * 1.8;
	return v * 1.8;	/* pt, bp, or none */
}

/* A delimiter after \left, \right, \big: its character, 0 for '.'. */
static uint32_t
parse_delim(struct parser *p)
{
	char name[32];
	const struct cmd *c;

	skip_space(p);
	if (p->pos >= p->len) {
		fail(p, xstrdup("a delimiter is missing"));
		return 0;
	}
	if (p->s[p->pos] == '.') {
		p->pos++;
		return 0;
	}
	if (p->s[p->pos] != '\\') {
		uint32_t cp = next_utf8(p);

		if (strchr("()[]|/<>", (int)cp) != NULL || cp > 0x7F)
			return cp == '<' ? 0x27E8 : cp == '>' ? 0x27E9 : cp;
		fail(p, xasprintf("'%c' is not a delimiter", (char)cp));
		return 0;
	}
	command_name(p, name, sizeof(name));
	c = find_cmd(name);
	if (c != NULL && c->kind == C_SYM && (c->cls == MC_OPEN ||
	    c->cls == MC_CLOSE || c->cp == '|' || c->cp == 0x2016 ||
	    c->cp == '\\' || c->cp == 0x2223 || c->cls == MC_REL))
		return c->cp == 0x2223 ? '|' : c->cp;
	fail(p, xasprintf("unknown TeX command \\%s", name));
	return 0;
}

/* The letters of s as upright symbols in a row of class cls. */
static struct math_node *
word(const char *s, size_t n, enum math_class cls)
{
	struct math_node *l = math_node_new(MATH_LIST);

	l->cls = cls;
	for (size_t i = 0; i < n; i++)
		math_node_add(l, sym((unsigned char)s[i], MC_ORD, MV_ROMAN));
	return l;
}

/* The text of \text{..}: characters upright (or in v), spaces kept. */
static struct math_node *
parse_text(struct parser *p, enum math_variant v)
{
	struct math_node *l = math_node_new(MATH_LIST);
	int depth = 1;

	if (!accept(p, '{')) {
		/* \text x: one character */
		if (p->pos < p->len)
			math_node_add(l, sym(next_utf8(p), MC_ORD, v));
		return l;
	}
	while (p->pos < p->len) {
		char c = p->s[p->pos];

		if (c == '}' && --depth == 0) {
			p->pos++;
			return l;
		}
		if (c == '{') {
			depth++;
			p->pos++;
		} else if (c == '}') {
			p->pos++;
		} else if (c == ' ' || c == '\n' || c == '\t' || c == '~') {
			struct math_node *sp = math_node_new(MATH_SPACE);

			sp->arg = 6;
			math_node_add(l, sp);
			while (p->pos < p->len && (p->s[p->pos] == ' ' ||
			    p->s[p->pos] == '\n' || p->s[p->pos] == '\t'))
				p->pos++;
			if (c == '~')
				p->pos++;
		} else if (c == '\\') {
			char name[32];
			const struct cmd *cmd;

			command_name(p, name, sizeof(name));
			cmd = find_cmd(name);
			if (cmd != NULL && cmd->kind == C_SYM)
				math_node_add(l, sym(cmd->cp, MC_ORD, v));
			else if (cmd != NULL && cmd->kind == C_SPACE) {
				struct math_node *sp = math_node_new(MATH_SPACE);

				sp->arg = cmd->arg;
				math_node_add(l, sp);
			} else if (cmd != NULL && cmd->kind == C_TEXT)
				math_node_add(l, parse_text(p, cmd->arg));
			else {
				fail(p, xasprintf("unknown TeX command \\%s",
				    name));
				return l;
			}
		} else
			math_node_add(l, sym(next_utf8(p), MC_ORD, v));
	}
	fail(p, xstrdup("unbalanced braces"));
	return l;
}

/* Environment name -> its table entry. */
static const struct env *
find_env(const char *name)
{
	for (size_t i = 0; i < sizeof(envs) / sizeof(*envs); i++)
		if (strcmp(envs[i].name, name) == 0)
			return &envs[i];
	return NULL;
}

/* Whether the source at p->pos is the command \name (not a longer one). */
static int
at_command(struct parser *p, const char *name)
{
	size_t n = strlen(name);

	return p->pos + 1 + n <= p->len && p->s[p->pos] == '\\' &&
	    strncmp(p->s + p->pos + 1, name, n) == 0 &&
	    (p->pos + 1 + n == p->len || !is_alpha(p->s[p->pos + 1 + n]) ||
	    !is_alpha(name[0]));
}

/*
 * Rows of cells up to \end{name} (name NULL: the end of the source):
 * cells split at '&', rows at "\\". An ARRAY node.
 */
static struct math_node *
parse_rows(struct parser *p, const char *name, const struct env *e,
    const char *spec)
{
	struct math_node *arr = math_node_new(MATH_ARRAY);
	struct math_node **cells = NULL;
	size_t ncells = 0, cols = 0, rowstart = 0;

	for (;;) {
		struct math_node *cell = parse_list(p);

		cells = xreallocarray(cells, ncells + 1, sizeof(*cells));
		cells[ncells++] = cell;
		skip_space(p);
		if (p->pos < p->len && p->s[p->pos] == '&') {
			p->pos++;
			continue;
		}
		if (ncells - rowstart > cols)
			cols = ncells - rowstart;
		if (at_command(p, "\\")) {
			p->pos += 2;
			free(opt_arg(p));
			skip_space(p);
			/* \hline and friends draw rules quire leaves out */
			while (at_command(p, "hline") || at_command(p,
			    "hdashline")) {
				p->pos += at_command(p, "hline") ? 6 : 10;
				skip_space(p);
			}
			/* A row is a run of cells; remember where it ends
			 * by padding later: mark with a NULL. */
			cells = xreallocarray(cells, ncells + 1, sizeof(*cells));
			cells[ncells++] = NULL;
			rowstart = ncells;
			continue;
		}
		break;
	}
	if (name != NULL) {
		char *end = NULL;

		if (at_command(p, "end")) {
			p->pos += 4;
			end = raw_arg(p);
		}
		if (end == NULL || strcmp(end, name) != 0)
			fail(p, xasprintf("\\begin{%s} is not ended", name));
		free(end);
	} else if (p->pos < p->len)
		fail(p, xstrdup("unbalanced braces"));
	/* Cells into a rows x cols grid; a last empty row (a trailing \\)
	 * is dropped. */
	if (ncells > 0 && cells[ncells - 1] != NULL &&
	    cells[ncells - 1]->nkids == 0 && ncells - rowstart == 1 &&
	    rowstart > 0) {
		math_node_free(cells[--ncells]);
	}
	if (cols == 0)
		cols = 1;
	arr->cols = cols;
	for (size_t i = 0, inrow = 0; i <= ncells; i++) {
		if (i == ncells || cells[i] == NULL) {
			if (i == ncells && inrow == 0)
				break;
			for (; inrow < cols; inrow++)
				math_node_add(arr, math_node_new(MATH_LIST));
			arr->rows++;
			inrow = 0;
			continue;
		}
		math_node_add(arr, cells[i]);
		inrow++;
	}
	free(cells);
	if (arr->rows == 0) {
		arr->rows = 1;
		for (size_t i = 0; i < cols; i++)
			math_node_add(arr, math_node_new(MATH_LIST));
	}
	arr->align = xcalloc(cols + 1, 1);
	for (size_t i = 0; i < cols; i++) {
		const char *a = spec ? spec : e->align;
		size_t n = strlen(a);

		arr->align[i] = i < n ? a[i] : a[n - 1];
		if (e->align != NULL && !strcmp(e->align, "rl"))
			arr->align[i] = i % 2 ? 'l' : 'r';
	}
	arr->pairs = e->align != NULL && !strcmp(e->align, "rl");
	arr->open = e->open;
	arr->close = e->close;
	arr->style = e->style;
	arr->colsep = e->colsep;
	return arr;
}

/* Column alignments of an array's spec ("c|cc", "@{}l", "p{3cm}"). */
static char *
array_spec(const char *spec)
{
	struct buf b = {0};

	for (const char *s = spec; *s; s++) {
		if (*s == 'l' || *s == 'c' || *s == 'r')
			buf_putc(&b, *s);
		else if (*s == 'p' || *s == 'm' || *s == 'b')
			buf_putc(&b, 'l');
		if (*s == '{' || (*s == '@' && s[1] == '{') || (*s == 'p' &&
		    s[1] == '{')) {
			int depth = 0;

			if (*s == '@' || *s == 'p' || *s == 'm' || *s == 'b')
				s++;
			for (; *s; s++)
				if (*s == '{')
					depth++;
				else if (*s == '}' && --depth == 0)
					break;
			if (*s == '\0')
				break;
		}
	}
	if (b.len == 0)
		buf_putc(&b, 'c');
	return buf_take(&b);
}

static struct math_node *
parse_env(struct parser *p)
{
	char *name = raw_arg(p), *spec = NULL, *cols = NULL;
	const struct env *e;
	struct math_node *n = NULL;

	if (name == NULL)
		return math_node_new(MATH_LIST);
	if ((e = find_env(name)) == NULL) {
		fail(p, xasprintf("unknown TeX environment %s", name));
		free(name);
		return math_node_new(MATH_LIST);
	}
	if (!strcmp(name, "array") || !strcmp(name, "subarray")) {
		free(opt_arg(p));
		cols = raw_arg(p);
		spec = array_spec(cols ? cols : "c");
	} else if (!strncmp(name, "alignat", 7) || !strcmp(name, "alignedat"))
		free(raw_arg(p));
	n = parse_rows(p, name, e, spec);
	if (e->align != NULL && e->align[0] == '\0') {
		/* equation: one cell, its content as it stands */
		struct math_node *only = n->kids[0];

		n->kids[0] = NULL;
		math_node_free(n);
		n = only;
	}
	free(name);
	free(spec);
	free(cols);
	return n;
}

/* Wraps nucleus in a SCRIPTS node, or returns the one it is. */
static struct math_node *
scripts_of(struct math_node *nucleus)
{
	struct math_node *s;

	if (nucleus->kind == MATH_SCRIPTS)
		return nucleus;
	s = math_node_new(MATH_SCRIPTS);
	s->a = nucleus;
	s->cls = nucleus->cls;
	return s;
}

/* ^, _ and primes after an atom. */
static struct math_node *
parse_scripts(struct parser *p, struct math_node *n)
{
	for (;;) {
		skip_space(p);
		if (p->pos >= p->len)
			return n;
		if (p->s[p->pos] == '\'') {
			/* Primes: the math font's are raised already, so
			 * they follow the nucleus at its size (x'^2 puts
			 * the 2 after them). */
			struct math_node *l = math_node_new(MATH_LIST);
			size_t k = 0;

			while (p->pos < p->len && p->s[p->pos] == '\'') {
				p->pos++;
				k++;
			}
			l->cls = n->cls;
			math_node_add(l, n);
			for (; k > 3; k -= 3)
				math_node_add(l, sym(0x2034, MC_ORD, MV_ROMAN));
			math_node_add(l, sym(0x2031 + (uint32_t)k, MC_ORD,
			    MV_ROMAN));
			n = l;
		} else if (p->s[p->pos] == '^' || p->s[p->pos] == '_') {
			int sup = p->s[p->pos++] == '^';
			struct math_node *s = scripts_of(n), *arg;

			n = s;
			p->depth++;
			arg = parse_arg(p);
			p->depth--;
			if ((sup ? s->b : s->c) != NULL) {
				math_node_free(arg);
				fail(p, xasprintf("double %sscript",
				    sup ? "super" : "sub"));
				return n;
			} else if (sup)
				s->b = arg;
			else
				s->c = arg;
		} else
			return n;
	}
}

/*
 * The formula in src, an optional argument's raw text (taken over and
 * freed), parsed as a row of p's: one level deeper, in p's colour.
 */
static struct math_node *
parse_bracketed(struct parser *p, char *src)
{
	struct parser q = { .s = src, .len = strlen(src), .depth = p->depth +
	    1, .variant = MV_NORMAL, .color = p->color };
	struct math_node *n = parse_list(&q);

	if (q.warning != NULL)
		warn(p, q.warning);
	if (q.why != NULL)
		fail(p, q.why);
	else if (q.pos < q.len)
		fail(p, xstrdup("unbalanced braces"));
	free(src);
	return n;
}

/* xcolor's base colours (the names every LaTeX has), 0xRRGGBB. */
static const struct { const char *name; uint32_t rgb; } colors[] = {
	{ "black", 0x000000 }, { "blue", 0x0000FF }, { "brown", 0xBF8040 },
	{ "cyan", 0x00FFFF }, { "darkgray", 0x404040 },
	{ "gray", 0x808080 }, { "green", 0x00FF00 },
	{ "lightgray", 0xBFBFBF }, { "lime", 0xBFFF00 },
	{ "magenta", 0xFF00FF }, { "olive", 0x808000 },
	{ "orange", 0xFF8000 }, { "pink", 0xFFBFBF },
	{ "purple", 0xBF0040 }, { "red", 0xFF0000 }, { "teal", 0x008080 },
	{ "violet", 0x800080 }, { "white", 0xFFFFFF },
	{ "yellow", 0xFFFF00 },
};

/* n hex digits at s: their value, or -1. */
static long
hex(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++) {
		int c = s[i], d = c >= '0' && c <= '9' ? c - '0' :
		    c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* A list of n numbers 0..max separated by commas (xcolor's rgb, RGB
 * and gray models), as 0..255 each into v; 0 when it is not one. */
static int
numbers(const char *s, int n, double max, int *v)
{
	for (int i = 0; i < n; i++) {
		char *end;
		double x = strtod(s, &end);

		if (end == s || x < 0 || x > max)
			return 0;
		v[i] = (int)(x / max * 255 + 0.5);
		for (s = end; *s == ' '; s++)
			;
		if (*s != (i + 1 < n ? ',' : '\0'))
			return 0;
		if (*s == ',')
			s++;
	}
	return 1;
}

/*
 * The colour of \color and \textcolor: [model]{spec} as xcolor reads it
 * (models HTML, rgb, RGB, gray) or {spec} alone as KaTeX does (a name of
 * xcolor's base set, #rgb, #rrggbb or rrggbb). One quire does not know
 * is the text's colour (0), with a warning.
 */
static uint32_t
parse_color(struct parser *p)
{
	char *model = opt_arg(p), *spec = raw_arg(p), *s;
	uint32_t rgb = 0;
	int ok = 0, v[3];
	size_t n;

	if (spec == NULL) {
		free(model);
		return 0;
	}
	for (s = spec; *s == ' '; s++)
		;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	if (model != NULL) {
		if (!strcmp(model, "HTML") && n == 6 && hex(s, 6) >= 0)
			ok = 1, rgb = (uint32_t)hex(s, 6);
		else if ((!strcmp(model, "rgb") && numbers(s, 3, 1, v)) ||
		    (!strcmp(model, "RGB") && numbers(s, 3, 255, v)))
			ok = 1, rgb = (uint32_t)(v[0] << 16 | v[1] << 8 | v[2]);
		else if (!strcmp(model, "gray") && numbers(s, 1, 1, v))
			ok = 1, rgb = (uint32_t)(v[0] * 0x010101);
	} else if (*s == '#' && n == 4 && hex(s + 1, 3) >= 0) {
		long x = hex(s + 1, 3);

		ok = 1;
		rgb = (uint32_t)((x >> 8 & 15) * 0x110000 + (x >> 4 & 15) *
		    0x1100 + (x & 15) * 0x11);
	} else if ((*s == '#' && n == 7 && hex(s + 1, 6) >= 0) ||
	    (n == 6 && hex(s, 6) >= 0))
		ok = 1, rgb = (uint32_t)hex(s + (*s == '#'), 6);
	else
		for (size_t i = 0; i < sizeof(colors) / sizeof(*colors); i++)
			if (!strcmp(colors[i].name, s))
				ok = 1, rgb = colors[i].rgb;
	if (!ok)
		warn(p, xasprintf("unknown colour '%s%s%s%s': drawn in the "
		    "text's colour", model ? "[" : "", model ? model : "",
		    model ? "]" : "", s));
	free(model);
	free(spec);
	return ok ? MATH_RGB(rgb) : 0;
}

static struct math_node *
parse_command(struct parser *p)
{
	char name[32];
	const struct cmd *c;
	struct math_node *n = NULL;
	size_t at = p->pos;

	command_name(p, name, sizeof(name));
	if (name[0] == '\0') {
		fail(p, xstrdup("a lone backslash"));
		return NULL;
	}
	/* hspace*, tag* */
	if (p->pos < p->len && p->s[p->pos] == '*' && (!strcmp(name, "hspace") ||
	    !strcmp(name, "tag") || !strcmp(name, "operatorname"))) {
		p->pos++;
		if (strcmp(name, "operatorname") != 0)
			strcat(name, "*");
		else
			strcpy(name, "operatorname*");
	}
	c = find_cmd(strcmp(name, "operatorname*") ? name : "operatorname");
	if (c == NULL) {
		fail(p, xasprintf("unknown TeX command \\%s", name));
		return NULL;
	}
	switch (c->kind) {
	case C_SYM:
		n = sym(c->cp, c->cls, p->variant == MV_NORMAL ? MV_NORMAL :
		    p->variant);
		break;
	case C_BIGOP:
		n = sym(c->cp, MC_OP, MV_ROMAN);
		n->big = 1;
		n->limits = c->arg ? 0 : -1;
		break;
	case C_NAMEDOP:
		n = word(name, strlen(name), MC_OP);
		n->limits = c->arg ? 0 : -1;
		break;
	case C_OPNAME: {
		enum math_variant v = p->variant;

		p->variant = MV_ROMAN;
		n = parse_arg(p);
		p->variant = v;
		if (n->kind != MATH_LIST) {
			struct math_node *l = math_node_new(MATH_LIST);

			math_node_add(l, n);
			n = l;
		}
		n->cls = MC_OP;
		n->limits = strcmp(name, "operatorname*") ? -1 : 0;
		break;
	}
	case C_MOD:
		if (c->arg == 0) {
			n = word("mod", 3, MC_BIN);
			break;
		}
		n = math_node_new(MATH_LIST);
		{
			struct math_node *sp = math_node_new(MATH_SPACE);

			sp->arg = c->arg == 1 ? 18 : 12;
			math_node_add(n, sp);
		}
		if (c->arg == 1)
			math_node_add(n, sym('(', MC_OPEN, MV_ROMAN));
		math_node_add(n, word("mod", 3, MC_ORD));
		{
			struct math_node *sp = math_node_new(MATH_SPACE);

			sp->arg = 6;
			math_node_add(n, sp);
		}
		math_node_add(n, parse_arg(p));
		if (c->arg == 1)
			math_node_add(n, sym(')', MC_CLOSE, MV_ROMAN));
		break;
	case C_FONT: {
		enum math_variant v = p->variant;

		p->variant = (enum math_variant)c->arg;
		n = parse_arg(p);
		p->variant = v;
		break;
	}
	case C_FONTSW:
		p->variant = (enum math_variant)c->arg;
		n = math_node_new(MATH_LIST);
		break;
	case C_TEXT:
		n = parse_text(p, (enum math_variant)c->arg);
		break;
	case C_FRAC:
		n = math_node_new(MATH_FRAC);
		n->a = parse_arg(p);
		n->b = parse_arg(p);
		n->style = c->arg;
		if (c->cp) {
			n->flag = 1;
			n->open = '(';
			n->close = ')';
		}
		break;
	case C_SQRT: {
		char *idx = opt_arg(p);

		n = math_node_new(MATH_ROOT);
		if (idx != NULL)
			n->b = parse_bracketed(p, idx);
		n->a = parse_arg(p);
		break;
	}
	case C_ACCENT:
		n = math_node_new(MATH_ACCENT);
		n->cp = c->cp;
		n->cls = c->cls;
		n->flag = c->arg & 1;
		n->arg = c->arg & 2 ? 1 : 0;
		n->limits = c->cls == MC_OP ? 1 : 0;
		n->a = parse_arg(p);
		break;
	case C_LINE:
		n = math_node_new(MATH_LINE);
		n->flag = c->arg;
		n->a = parse_arg(p);
		break;
	case C_LEFT:
		n = math_node_new(MATH_FENCED);
		n->cls = MC_INNER;
		n->open = parse_delim(p);
		n->a = parse_list(p);
		if (!at_command(p, "right")) {
			fail(p, xstrdup("\\left without \\right"));
			break;
		}
		p->pos += 6;
		n->close = parse_delim(p);
		break;
	case C_RIGHT:
		/* Reached only without a \left. */
		p->pos = at;
		fail(p, xstrdup("\\right without \\left"));
		break;
	case C_MIDDLE:
	case C_BIG:
		n = math_node_new(MATH_BIG);
		n->cls = c->cls;
		n->arg = c->arg;
		n->flag = c->kind == C_MIDDLE;
		n->cp = parse_delim(p);
		break;
	case C_SPACE:
		n = math_node_new(MATH_SPACE);
		n->arg = c->arg;
		break;
	case C_HSPACE: {
		char *d = !strcmp(name, "kern") || !strcmp(name, "mkern") ||
		    !strcmp(name, "hskip") ? NULL : raw_arg(p);

		n = math_node_new(MATH_SPACE);
		if (d == NULL && p->why == NULL) {
			/* \kern3mu: the dimension follows unbraced */
			size_t s = p->pos;

			skip_space(p);
			s = p->pos;
			while (p->pos < p->len && (strchr("+-.0123456789",
			    p->s[p->pos]) != NULL))
				p->pos++;
			while (p->pos < p->len && is_alpha(p->s[p->pos]) &&
			    p->pos - s < 16)
				p->pos++;
			d = xstrndup(p->s + s, p->pos - s);
		}
		n->arg = d ? dimension_mu(d) : 0;
		free(d);
		break;
	}
	case C_STYLE:
		n = math_node_new(MATH_STYLE);
		n->arg = c->arg;
		break;
	case C_BEGIN:
		n = parse_env(p);
		break;
	case C_END:
		p->pos = at;
		fail(p, xstrdup("\\end without \\begin"));
		break;
	case C_LIMITS:
		/* Handled after an operator; anywhere else it means
		 * nothing. */
		n = math_node_new(MATH_LIST);
		break;
	case C_XARROW: {
		char *below = opt_arg(p);

		n = math_node_new(MATH_STACK);
		n->cp = c->cp;
		n->cls = MC_REL;
		if (below != NULL)
			n->c = parse_bracketed(p, below);
		n->a = parse_arg(p);
		break;
	}
	case C_STACK:
		n = math_node_new(MATH_STACK);
		n->flag = c->arg == 1;
		n->a = parse_arg(p);
		n->b = parse_arg(p);
		n->cls = c->arg == 2 ? MC_REL : n->b->cls;
		break;
	case C_CLASS:
		n = parse_arg(p);
		if (n->kind != MATH_LIST) {
			struct math_node *l = math_node_new(MATH_LIST);

			math_node_add(l, n);
			n = l;
		}
		n->cls = c->cls;
		break;
	case C_IGNORE:
		n = math_node_new(MATH_LIST);
		break;
	case C_IGNORE1:
		free(raw_arg(p));
		n = math_node_new(MATH_LIST);
		break;
	case C_COLOR:
		/* the rest of the row (parse_list gives the colour back
		 * at its end) */
		p->color = parse_color(p);
		n = math_node_new(MATH_LIST);
		break;
	case C_COLORED: {
		uint32_t was = p->color;

		p->color = parse_color(p);
		n = parse_arg(p);
		if (n->color == 0)
			n->color = p->color;
		p->color = was;
		break;
	}
	case C_TAG: {
		struct math_node *sp = math_node_new(MATH_SPACE);
		struct math_node *t;

		n = math_node_new(MATH_LIST);
		sp->arg = 36;
		math_node_add(n, sp);
		if (strcmp(name, "tag*") != 0)
			math_node_add(n, sym('(', MC_ORD, MV_ROMAN));
		t = parse_text(p, MV_ROMAN);
		math_node_add(n, t);
		if (strcmp(name, "tag*") != 0)
			math_node_add(n, sym(')', MC_ORD, MV_ROMAN));
		break;
	}
	case C_NOT: {
		struct math_node *r;

		skip_space(p);
		r = parse_atom(p);
		if (r != NULL && r->kind == MATH_SYM)
			for (size_t i = 0; i < sizeof(negations) /
			    sizeof(*negations); i++)
				if (negations[i][0] == r->cp) {
					r->cp = negations[i][1];
					r->cls = MC_REL;
					return r;
				}
		math_node_free(r);
		fail(p, xstrdup("\\not of what quire cannot negate"));
		break;
	}
	}
	return n;
}

/*
 * One atom (a character, a command, a group) and its scripts, or NULL at
 * the end of a list ('}', '&', "\\", \right, \end, the end).
 */
static struct math_node *
parse_atom(struct parser *p)
{
	struct math_node *n = NULL;
	char c;

	skip_space(p);
	if (p->pos >= p->len)
		return NULL;
	if (++p->depth > MATH_MAX_DEPTH) {
		fail(p, xstrdup("formula nested too deeply"));
		p->depth--;
		return NULL;
	}
	c = p->s[p->pos];
	if (c == '}' || c == '&' || at_command(p, "\\") ||
	    at_command(p, "right") || at_command(p, "end")) {
		p->depth--;
		return NULL;
	}
	if (c == '{') {
		p->pos++;
		n = parse_group(p);
	} else if (c == '\\') {
		n = parse_command(p);
		if (n != NULL && n->cls == MC_OP) {
			skip_space(p);
			while (at_command(p, "limits") || at_command(p,
			    "nolimits")) {
				n->limits = at_command(p, "limits") ? 1 : -1;
				p->pos += n->limits > 0 ? 7 : 9;
				skip_space(p);
			}
		}
	} else if (c == '^' || c == '_' || c == '\'') {
		/* Scripts with no nucleus: on an empty one. */
		n = math_node_new(MATH_LIST);
	} else if (c == '~') {
		p->pos++;
		n = math_node_new(MATH_SPACE);
		n->arg = 6;
	} else if (c == '#') {
		fail(p, xstrdup("'#' outside a definition"));
	} else {
		uint32_t cp = next_utf8(p);
		enum math_class cls = MC_ORD;

		/* ASCII as the table has it ('-' is a binary minus sign);
		 * the rest by what it is */
		for (size_t i = 0; i < sizeof(chars) / sizeof(*chars); i++)
			if (chars[i].c == c) {
				cp = chars[i].cp;
				cls = chars[i].cls;
			}
		if ((unsigned char)c >= 0x80)
			cls = class_of(cp);
		n = sym(cp, cls, p->variant);
	}
	if (n != NULL && p->no_scripts == 0)
		n = parse_scripts(p, n);
	if (n != NULL && n->color == 0)
		n->color = p->color;
	p->depth--;
	return n;
}

/* A row of atoms up to the end of its group, cell ('&', "\\"), \right
 * or \end. */
static struct math_node *
parse_list(struct parser *p)
{
	struct math_node *l = math_node_new(MATH_LIST), *n;
	int no_scripts = p->no_scripts;
	uint32_t color = p->color;

	/* a group inside one token has scripts of its own */
	p->no_scripts = 0;
	while ((n = parse_atom(p)) != NULL)
		math_node_add(l, n);
	p->no_scripts = no_scripts;
	/* \color lasts to the end of its group, cell or \left..\right */
	p->color = color;
	return l;
}

struct math *
mathparse(const char *tex, size_t len, int display, char **why)
{
	struct parser p = { .s = tex, .len = len, .variant = MV_NORMAL };
	struct math_node *root;
	struct math *m;

	*why = NULL;
	if (len > MATH_MAX_LEN) {
		*why = xasprintf("formula too long (over %d bytes)",
		    MATH_MAX_LEN);
		return NULL;
	}
	root = parse_list(&p);
	skip_space(&p);
	if (p.why == NULL && p.pos < p.len) {
		if (p.s[p.pos] == '}')
			fail(&p, xstrdup("unbalanced braces"));
		else if (at_command(&p, "right"))
			fail(&p, xstrdup("\\right without \\left"));
		else if (at_command(&p, "end"))
			fail(&p, xstrdup("\\end without \\begin"));
		else {
			/* '&' or "\\" at the top: lines of a display, as
			 * MathJax sets them (gathered, or aligned with &) */
			struct env e = { "", "rl", 0, 0, display ? 0 : 1, 2 };
			struct math_node *arr;
			int amp = memchr(tex, '&', len) != NULL;

			p.pos = 0;
			if (!amp)
				e.align = "c";
			arr = parse_rows(&p, NULL, &e, NULL);
			math_node_free(root);
			root = math_node_new(MATH_LIST);
			math_node_add(root, arr);
		}
	}
	if (p.why != NULL) {
		math_node_free(root);
		free(p.warning);
		*why = p.why;
		return NULL;
	}
	m = math_new(root, display);
	m->warning = p.warning;
	return m;
}
