/* test-highlight.c - code highlighting: classes per language, invariants. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "highlight.h"

/* Class of the span holding offset, HL_PLAIN if none. */
static enum hl_class
cls_at(const struct hl_span *spans, size_t n, size_t offset)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (spans[k].start <= offset && offset < spans[k].end)
			return spans[k].cls;
	return HL_PLAIN;
}

/*
 * Whether every byte of the first occurrence of sub in code has class
 * cls; reports what was found otherwise.
 */
static int
has(const char *lang, const char *code, const char *sub, enum hl_class cls)
{
	struct hl_span *spans;
	const char *p = strstr(code, sub);
	size_t n, k, off;
	int ok = p != NULL;

	n = highlight(lang, code, strlen(code), &spans);
	for (k = 0; ok && k < strlen(sub); k++) {
		off = (size_t)(p - code) + k;
		if (cls_at(spans, n, off) != cls) {
			fprintf(stderr, "%s: \"%s\" byte %zu is %s, not %s\n",
			    lang, sub, k, hl_class_name(cls_at(spans, n, off)),
			    hl_class_name(cls));
			ok = 0;
		}
	}
	free(spans);
	return ok;
}

/* The promises highlight() makes about any input. */
static int
invariants(const char *lang, const char *code, size_t len)
{
	struct hl_span *spans;
	size_t n, k, last = 0;
	int ok = 1;

	n = highlight(lang, code, len, &spans);
	for (k = 0; k < n; k++) {
		if (spans[k].start < last || spans[k].start >= spans[k].end ||
		    spans[k].end > len || spans[k].cls == HL_PLAIN ||
		    spans[k].cls >= HL_NCLASSES)
			ok = 0;
		last = spans[k].end;
	}
	if ((n == 0) != (spans == NULL))
		ok = 0;
	free(spans);
	return ok;
}

static void
test_powershell(void)
{
	const char *ps =
	    "function Get-Thing { param([string]$Name) "
	    "if ($Name -eq 'x') { Write-Output \"hi $Who\" } # done\n"
	    "$s = @\"\nline $env:USERNAME\n\"@\n"
	    "<# block\n  comment #>\n"
	    "[cmdletbinding()]\n"
	    "$n = [System.Collections.Hashtable]::new() | Out-Null\n"
	    "Get-VM -Verbose:$false -ErrorAction Stop\n"
	    "$x = \"a `\"q`\" $($VMs.count) b\"; $ok = $true\n"
	    "$h = @'\nraw $notvar\n'@\n";

	CHECK(has("powershell", ps, "function", HL_KEYWORD));
	CHECK(has("powershell", ps, "Get-Thing", HL_FUNCTION));
	CHECK(has("powershell", ps, "param", HL_KEYWORD));
	CHECK(has("powershell", ps, "[string]", HL_TYPE));
	CHECK(has("powershell", ps, "$Name", HL_VARIABLE));
	CHECK(has("powershell", ps, "-eq", HL_OPERATOR));
	CHECK(has("powershell", ps, "'x'", HL_STRING));
	CHECK(has("powershell", ps, "Write-Output", HL_FUNCTION));
	CHECK(has("powershell", ps, "\"hi ", HL_STRING));
	CHECK(has("powershell", ps, "$Who", HL_VARIABLE));
	CHECK(has("powershell", ps, "# done", HL_COMMENT));
	CHECK(has("powershell", ps, "@\"\nline ", HL_STRING));
	CHECK(has("powershell", ps, "$env:USERNAME", HL_VARIABLE));
	CHECK(has("powershell", ps, "\n\"@", HL_STRING));
	CHECK(has("powershell", ps, "<# block\n  comment #>", HL_COMMENT));
	CHECK(has("powershell", ps, "cmdletbinding", HL_META));
	CHECK(has("powershell", ps, "[System.Collections.Hashtable]",
	    HL_TYPE));
	CHECK(has("powershell", ps, "Out-Null", HL_FUNCTION));
	CHECK(has("powershell", ps, "-Verbose", HL_ATTRIBUTE));
	CHECK(has("powershell", ps, "$false", HL_BUILTIN));
	CHECK(has("powershell", ps, "\"a `\"q`\" ", HL_STRING));
	CHECK(has("powershell", ps, "$($VMs.count)", HL_VARIABLE));
	CHECK(has("powershell", ps, " b\"", HL_STRING));
	CHECK(has("powershell", ps, "$true", HL_BUILTIN));
	CHECK(has("powershell", ps, "raw $notvar\n'@", HL_STRING));
	CHECK(has("ps1", "IF ($a -NotLike 'b') {}", "IF", HL_KEYWORD));
	CHECK(has("pwsh", "$a -cne $b", "-cne", HL_OPERATOR));
	CHECK(has("posh", "#requires -Version 3\n$a", "#requires -Version 3",
	    HL_META));
	CHECK(has("powershell", "$a[0] = 1", "0", HL_NUMBER));
}

static void
test_shell(void)
{
	const char *sh = "#!/bin/sh\nif [ -n \"$HOME\" ]; then\n"
	    "\tFOO=bar echo ${x:-y} # note\nfi\ncat <<EOF\nbody $x\nEOF\n"
	    "echo a#b\n";

	CHECK(has("sh", sh, "#!/bin/sh", HL_META));
	CHECK(has("bash", sh, "if", HL_KEYWORD));
	CHECK(has("bash", sh, "$HOME", HL_VARIABLE));
	CHECK(has("bash", sh, "FOO", HL_VARIABLE));
	CHECK(has("bash", sh, "${x:-y}", HL_VARIABLE));
	CHECK(has("bash", sh, "# note", HL_COMMENT));
	CHECK(has("zsh", sh, "body $x\nEOF", HL_STRING));
	CHECK(has("shell", sh, "a#b", HL_PLAIN));
	CHECK(has("console", sh, "echo", HL_BUILTIN));
}

static void
test_c(void)
{
	const char *c = "#include <stdio.h>\n/* multi\nline */\n"
	    "static int\nmain(void)\n{\n\tchar *s = \"str\\\"ing\";\n"
	    "\treturn printf(\"%s\", s) > 0x1F ? 0 : 1; // end\n}\n"
	    "struct point p;\n";

	CHECK(has("c", c, "#include <stdio.h>", HL_META));
	CHECK(has("c", c, "/* multi\nline */", HL_COMMENT));
	CHECK(has("c", c, "static", HL_KEYWORD));
	CHECK(has("c", c, "int", HL_TYPE));
	CHECK(has("c", c, "main", HL_FUNCTION));
	CHECK(has("c", c, "\"str\\\"ing\"", HL_STRING));
	CHECK(has("c", c, "0x1F", HL_NUMBER));
	CHECK(has("c", c, "// end", HL_COMMENT));
	CHECK(has("c", c, "point", HL_TYPE));
	CHECK(has("h", c, "return", HL_KEYWORD));
	CHECK(has("c++", "auto s = R\"x(a\")x\"; nullptr;", "R\"x(a\")x\"",
	    HL_STRING));
	CHECK(has("cpp", "class Foo : public Bar {};", "Foo", HL_TYPE));
	CHECK(has("cs", "var s = @\"C:\\x\"\"y\"; Console.WriteLine(s);",
	    "@\"C:\\x\"\"y\"", HL_STRING));
	CHECK(has("csharp", "Console.WriteLine(s);", "Console", HL_TYPE));
	CHECK(has("csharp", "Console.WriteLine(s);", "WriteLine",
	    HL_FUNCTION));
}

static void
test_python(void)
{
	const char *py = "@app.route('/x')\ndef handler(req):\n"
	    "    \"\"\"Doc\n    string.\"\"\"\n    return r'\\d' + f\"{x}\" "
	    "if True else None  # why\nclass Foo(Base): pass\n";

	CHECK(has("python", py, "@app.route", HL_META));
	CHECK(has("py", py, "def", HL_KEYWORD));
	CHECK(has("py", py, "handler", HL_FUNCTION));
	CHECK(has("py", py, "\"\"\"Doc\n    string.\"\"\"", HL_STRING));
	CHECK(has("py", py, "r'\\d'", HL_STRING));
	CHECK(has("py", py, "f\"{x}\"", HL_STRING));
	CHECK(has("py", py, "True", HL_BUILTIN));
	CHECK(has("py", py, "# why", HL_COMMENT));
	CHECK(has("py", py, "Foo", HL_TYPE));
}

static void
test_js(void)
{
	const char *js = "const re = /a\\/b[/]/g; let t = `x ${y}\nz`;\n"
	    "function fn1(a) { return a / 2 / 3; }\nx.default = null;\n";

	CHECK(has("js", js, "const", HL_KEYWORD));
	CHECK(has("js", js, "/a\\/b[/]/g", HL_STRING));
	CHECK(has("js", js, "`x ", HL_STRING));
	CHECK(has("js", js, "${y}", HL_VARIABLE));
	CHECK(has("js", js, "\nz`", HL_STRING));
	CHECK(has("javascript", js, "fn1", HL_FUNCTION));
	CHECK(has("js", "a / b / c", "/", HL_OPERATOR));
	CHECK(has("js", "a / b / c", "b", HL_PLAIN));
	CHECK(has("js", js, "2", HL_NUMBER));
	CHECK(has("js", js, "default", HL_PLAIN));
	CHECK(has("js", js, "null", HL_BUILTIN));
	CHECK(has("ts", "interface P { x: number }", "interface",
	    HL_KEYWORD));
	CHECK(has("ts", "interface P { x: number }", "P", HL_TYPE));
	CHECK(has("typescript", "interface P { x: number }", "number",
	    HL_TYPE));
}

static void
test_data(void)
{
	const char *json = "{\"key\": \"value\", \"n\": -1.5e3, "
	    "\"b\": [true, null]}";
	const char *yaml = "# top\nname: quire\nlist:\n  - a: 1\n"
	    "  - 'q': yes # no\nblock: |\n  text: not a key\n  more\n"
	    "after: {xk: 2, y: \"s\"}\n---\n";

	CHECK(has("json", json, "\"key\"", HL_ATTRIBUTE));
	CHECK(has("json", json, "\"value\"", HL_STRING));
	CHECK(has("json", json, "1.5e3", HL_NUMBER));
	CHECK(has("json", json, "true", HL_BUILTIN));

	CHECK(has("yaml", yaml, "# top", HL_COMMENT));
	CHECK(has("yaml", yaml, "name", HL_ATTRIBUTE));
	CHECK(has("yml", yaml, "a", HL_ATTRIBUTE));
	CHECK(has("yml", yaml, "1", HL_NUMBER));
	CHECK(has("yml", yaml, "'q'", HL_ATTRIBUTE));
	CHECK(has("yml", yaml, "yes", HL_BUILTIN));
	CHECK(has("yml", yaml, "# no", HL_COMMENT));
	CHECK(has("yml", yaml, "text: not a key", HL_STRING));
	CHECK(has("yml", yaml, "after", HL_ATTRIBUTE));
	CHECK(has("yml", yaml, "xk", HL_ATTRIBUTE));
	CHECK(has("yml", yaml, "\"s\"", HL_STRING));
	CHECK(has("yml", yaml, "---", HL_META));
	CHECK(has("yml", yaml, "quire", HL_PLAIN));
}

static void
test_markup(void)
{
	const char *html = "<!DOCTYPE html>\n<!-- a\ncomment -->\n"
	    "<a href=\"x.html\" class=big>Text &amp; more</a>\n"
	    "<script>var x = \"s\";</script><style>p { color: red }</style>";

	CHECK(has("html", html, "<!DOCTYPE html>", HL_META));
	CHECK(has("html", html, "<!-- a\ncomment -->", HL_COMMENT));
	CHECK(has("html", html, "<a", HL_TAG));
	CHECK(has("html", html, "href", HL_ATTRIBUTE));
	CHECK(has("html", html, "\"x.html\"", HL_STRING));
	CHECK(has("html", html, "big", HL_STRING));
	CHECK(has("html", html, "Text", HL_PLAIN));
	CHECK(has("html", html, "&amp;", HL_BUILTIN));
	CHECK(has("html", html, "</a>", HL_TAG));
	CHECK(has("html", html, "var", HL_KEYWORD));
	CHECK(has("html", html, "\"s\"", HL_STRING));
	CHECK(has("html", html, "</script>", HL_TAG));
	CHECK(has("html", html, "color", HL_ATTRIBUTE));
	CHECK(has("xml", "<?xml version=\"1.0\"?><r x='1'/>",
	    "<?xml version=\"1.0\"?>", HL_META));
	CHECK(has("svg", "<r x='1'/>", "'1'", HL_STRING));

	CHECK(has("css", "a.b:hover, #id { color: #fff !important; "
	    "margin: 0 1.5em; }", "a.b", HL_TAG));
	CHECK(has("css", "#id { color: #fff }", "#id", HL_TAG));
	CHECK(has("css", "a{b:c}", "a", HL_TAG));
	CHECK(has("css", "a{b:c}", "b", HL_ATTRIBUTE));
	CHECK(has("css", "#id { color: #fff }", "#fff", HL_NUMBER));
	CHECK(has("css", "p { margin: 1.5em }", "1.5em", HL_NUMBER));
	CHECK(has("css", "@media print { p { x: y } }", "@media", HL_META));
	CHECK(has("css", "@media print { p { x: y } }", "p", HL_TAG));
}

static void
test_others(void)
{
	const char *diff = "diff --git a/x b/x\n--- a/x\n+++ b/x\n"
	    "@@ -1,2 +1,2 @@\n context\n-old\n+new\n";
	const char *sql = "SELECT name, COUNT(*) FROM t where id = 'it''s' "
	    "-- c\nInsert into t values (1);";
	const char *md = "# Title\n\nSome **bold** and *em* and `code`, "
	    "a [link](http://x).\n\n```sh\n# not heading\n```\n- item\n"
	    "Use ```ServerInfo.ps1``` here\n";
	const char *go = "package main\nfunc main() { s := `raw\n`; "
	    "fmt.Println(len(s)) }\n";
	const char *rs = "#[derive(Debug)]\nfn parse<'a>(x: &'a str) -> "
	    "Option<u8> { println!(\"{}\", 'c'); let r = r#\"a\"b\"#; }\n";

	CHECK(has("diff", diff, "diff --git a/x b/x", HL_META));
	CHECK(has("diff", diff, "--- a/x", HL_META));
	CHECK(has("patch", diff, "@@ -1,2 +1,2 @@", HL_HEADING));
	CHECK(has("diff", diff, "-old", HL_DELETED));
	CHECK(has("diff", diff, "+new", HL_INSERTED));
	CHECK(has("diff", diff, " context", HL_PLAIN));

	CHECK(has("sql", sql, "SELECT", HL_KEYWORD));
	CHECK(has("sql", sql, "where", HL_KEYWORD));
	CHECK(has("sql", sql, "Insert", HL_KEYWORD));
	CHECK(has("sql", sql, "COUNT", HL_BUILTIN));
	CHECK(has("sql", sql, "'it''s'", HL_STRING));
	CHECK(has("sql", sql, "-- c", HL_COMMENT));

	CHECK(has("markdown", md, "# Title", HL_HEADING));
	CHECK(has("md", md, "**bold**", HL_KEYWORD));
	CHECK(has("md", md, "*em*", HL_TYPE));
	CHECK(has("md", md, "`code`", HL_STRING));
	CHECK(has("md", md, "[link]", HL_TAG));
	CHECK(has("md", md, "(http://x)", HL_ATTRIBUTE));
	CHECK(has("md", md, "```sh", HL_META));
	CHECK(has("md", md, "# not heading", HL_STRING));
	CHECK(has("md", md, "-", HL_OPERATOR));
	CHECK(has("md", md, "```ServerInfo.ps1```", HL_STRING));

	CHECK(has("go", go, "func", HL_KEYWORD));
	CHECK(has("golang", go, "`raw\n`", HL_STRING));
	CHECK(has("go", go, "len", HL_BUILTIN));
	CHECK(has("go", go, "Println", HL_FUNCTION));

	CHECK(has("rust", rs, "#[derive(Debug)]", HL_META));
	CHECK(has("rs", rs, "parse", HL_FUNCTION));
	CHECK(has("rs", rs, "'a", HL_TYPE));
	CHECK(has("rs", rs, "Option", HL_TYPE));
	CHECK(has("rs", rs, "println!", HL_FUNCTION));
	CHECK(has("rs", rs, "'c'", HL_STRING));
	CHECK(has("rs", rs, "r#\"a\"b\"#", HL_STRING));
}

static void
test_unknown(void)
{
	struct hl_span *spans = (struct hl_span *)1;

	CHECK(highlight("cobol", "MOVE A TO B.", 12, &spans) == 0);
	CHECK(spans == NULL);
	CHECK(highlight_known("PowerShell"));
	CHECK(highlight_known("C++"));
	CHECK(!highlight_known("cobol"));
	CHECK(!highlight_known(""));
	CHECK_STR(hl_class_name(HL_KEYWORD), "keyword");
	CHECK_STR(hl_class_name(HL_HEADING), "heading");
}

/* Random bytes, biased towards the ones scanners care about. */
static void
test_random(void)
{
	static const char *const langs[] = {
		"powershell", "sh", "c", "cpp", "cs", "python", "js", "ts",
		"json", "yaml", "html", "xml", "css", "go", "rust", "sql",
		"markdown", "diff"
	};
	static const char alphabet[] = "\"'`$@#<>/*-+=:;{}[]()\\\n\n  \t"
	    "!|&.,_%?~^aZ0e9xr\x80\xff";
	char buf[512];
	uint32_t seed = 12345;
	size_t k, n, len, bad = 0;
	int r;

	for (r = 0; r < 400; r++) {
		seed = seed * 1103515245u + 12345u;
		len = (seed >> 8) % sizeof(buf);
		for (k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			buf[k] = (seed >> 16) & 1 ? alphabet[(seed >> 17) %
			    (sizeof(alphabet) - 1)] : (char)(seed >> 24);
		}
		for (n = 0; n < sizeof(langs) / sizeof(langs[0]); n++)
			if (!invariants(langs[n], buf, len)) {
				fprintf(stderr, "invariants: %s, round %d\n",
				    langs[n], r);
				bad++;
			}
	}
	CHECK(bad == 0);
	for (n = 0; n < sizeof(langs) / sizeof(langs[0]); n++) {
		CHECK(invariants(langs[n], "", 0));
		CHECK(invariants(langs[n], "\"", 1));
		CHECK(invariants(langs[n], "@\"\n", 3));
		CHECK(invariants(langs[n], "/*", 2));
		CHECK(invariants(langs[n], "<a b='", 6));
	}
}

int
main(void)
{
	test_powershell();
	test_shell();
	test_c();
	test_python();
	test_js();
	test_data();
	test_markup();
	test_others();
	test_unknown();
	test_random();
	return check_done();
}
