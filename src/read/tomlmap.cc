// tomlmap.cc - the C++ bridge: toml++ parses, quire's tree receives.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

extern "C" {
#include "diag.h"
#include "source.h"
#include "util.h"
#include "yamlmap.h"
}
#include "tomlmap.h"

// Errors come back as a result, not thrown through C frames; inline
// tables and arrays nest no deeper than the YAML reader allows.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#define TOML_ENABLE_FORMATTERS 0
#define TOML_MAX_NESTED_VALUES YAMLMAP_MAX_DEPTH
#include <toml++/toml.h>

namespace {

struct ctx {
	const char *file;
	unsigned first_line;
};

unsigned
line_of(const ctx &c, const toml::node &n)
{
	toml::source_index l = n.source().begin.line;

	return c.first_line + (l > 0 ? (unsigned)l - 1 : 0);
}

void
put_date(std::string &s, const toml::date &d)
{
	char b[16];

	snprintf(b, sizeof(b), "%04u-%02u-%02u", (unsigned)d.year,
	    (unsigned)d.month, (unsigned)d.day);
	s += b;
}

void
put_time(std::string &s, const toml::time &t)
{
	char b[24];

	snprintf(b, sizeof(b), "%02u:%02u:%02u", (unsigned)t.hour,
	    (unsigned)t.minute, (unsigned)t.second);
	s += b;
	if (t.nanosecond) {
		snprintf(b, sizeof(b), ".%09u", (unsigned)t.nanosecond);
		s += b;
	}
}

// A scalar's text as the other readers would give it.
std::string
scalar_text(const toml::node &n)
{
	std::string s;
	char b[40];

	switch (n.type()) {
	case toml::node_type::string:
		return n.as_string()->get();
	case toml::node_type::integer:
		snprintf(b, sizeof(b), "%lld", (long long)n.as_integer()->get());
		return b;
	case toml::node_type::floating_point:
		/* The shortest form that reads back the same. */
		for (int prec = 15; prec <= 17; prec++) {
			snprintf(b, sizeof(b), "%.*g", prec,
			    n.as_floating_point()->get());
			if (strtod(b, NULL) == n.as_floating_point()->get())
				break;
		}
		return b;
	case toml::node_type::boolean:
		return n.as_boolean()->get() ? "true" : "false";
	case toml::node_type::date:
		put_date(s, n.as_date()->get());
		return s;
	case toml::node_type::time:
		put_time(s, n.as_time()->get());
		return s;
	case toml::node_type::date_time: {
		const toml::date_time &dt = n.as_date_time()->get();

		put_date(s, dt.date);
		s += 'T';
		put_time(s, dt.time);
		if (dt.offset) {
			int m = dt.offset->minutes, a = m < 0 ? -m : m;

			snprintf(b, sizeof(b), "%c%02d:%02d", m < 0 ? '-' :
			    '+', a / 60, a % 60);
			s += b;
		}
		return s;
	}
	default:
		return s;
	}
}

int convert(const ctx &c, const toml::node &n, struct ynode *out, int depth);

int
nest(const ctx &c, const toml::node &n, struct ynode *out, int depth)
{
	if (depth >= YAMLMAP_MAX_DEPTH) {
		diag(DIAG_ERROR, c.file, out->line, "TOML: tables and arrays "
		    "nested more than %d deep", YAMLMAP_MAX_DEPTH);
		return -1;
	}
	if (const toml::table *t = n.as_table()) {
		out->type = YNODE_MAP;
		for (auto &&[k, v] : *t) {
			std::string key(k.str());
			struct ynode *item = yamlmap_add(out, key.c_str(),
			    line_of(c, v));

			if (convert(c, v, item, depth + 1) == -1)
				return -1;
		}
	} else {
		out->type = YNODE_SEQ;
		for (const toml::node &v : *n.as_array()) {
			struct ynode *item = yamlmap_add(out, NULL,
			    line_of(c, v));

			if (convert(c, v, item, depth + 1) == -1)
				return -1;
		}
	}
	return 0;
}

int
convert(const ctx &c, const toml::node &n, struct ynode *out, int depth)
{
	out->line = line_of(c, n);
	if (n.is_table() || n.is_array())
		return nest(c, n, out, depth);
	out->type = YNODE_SCALAR;
	out->value = xstrdup(scalar_text(n).c_str());
	return 0;
}

/*
 * Whether s[i..] is a date (YYYY-MM-DD) with a time that does not start
 * with a digit after its 'T', 't' or space (when a ':' later on the line
 * makes it look like a date-time): toml++ 3.3.0 then trips an assertion
 * (found by fuzzing).
 */
static bool
bad_time(const unsigned char *s, size_t i, size_t len)
{
	static const char shape[] = "dddd-dd-dd";
	size_t k, e;

	if (i > 0 && (isalnum(s[i - 1]) || s[i - 1] == '-'))
		return false;
	for (k = 0; k < 10; k++)
		if (i + k >= len || (shape[k] == 'd' ? !isdigit(s[i + k]) :
		    s[i + k] != '-'))
			return false;
	k += i;
	if (k + 1 >= len || !(s[k] == 'T' || s[k] == 't' || s[k] == ' '))
		return false;
	if (isdigit(s[k + 1]))
		return false;
	if (s[k] != ' ')
		return true;
	for (e = k + 1; e < len && s[e] != '\n' && s[e] != '#'; e++)
		if (s[e] == ':')
			return true;
	return false;
}

/*
 * toml++ 3.3.0 asks whether a character is whitespace only where TOML
 * allows ASCII alone, and its answer for most letters beyond ASCII runs
 * into __builtin_unreachable (undefined behaviour, found by fuzzing).
 * So, before it: a character beyond ASCII outside strings and comments
 * is reported here (TOML forbids it there anyway), and one that follows
 * a line-ending backslash in a multi-line string - valid TOML - is
 * written as the \uXXXX escape it equals. And a table header whose
 * name does not start with a key character trips an assertion (an abort,
 * or with NDEBUG more undefined behaviour): it is reported here too.
 * Lines stay where they were. Returns false after reporting.
 */
bool
guard(const ctx &c, const char *text, size_t len, std::string &out)
{
	enum { OUT, COMMENT, BASIC, LITERAL, ML_BASIC, ML_LITERAL } st = OUT;
	const unsigned char *s = (const unsigned char *)text;
	unsigned line = c.first_line;
	size_t i = 0, n, depth = 0, lead = 0;

	out.reserve(len + 16);
	while (i < len) {
		unsigned char ch = s[i];
		int three = i + 2 < len && s[i + 1] == ch && s[i + 2] == ch;

		if (ch == '\n') {
			lead = i + 1;	// where the next line starts
			line++;
			if (st != ML_BASIC && st != ML_LITERAL)
				st = OUT;
		}
		switch (st) {
		case OUT:
			if (ch >= 0x80) {
				utf8_decode(s + i, len - i, &n);
				if (n == 0)
					diag(DIAG_ERROR, c.file, line, "TOML: "
					    "invalid UTF-8");
				else
					diag(DIAG_ERROR, c.file, line, "TOML: "
					    "'%.*s' outside a string or "
					    "comment", (int)n, text + i);
				return false;
			}
			if (ch == '[' && depth == 0 && strspn(text + lead,
			    " \t") == i - lead) {
				// A table header: [name] or [[name]].
				n = i + 1 + (i + 1 < len && s[i + 1] == '[');
				while (n < len && (s[n] == ' ' || s[n] == '\t'))
					n++;
				if (n >= len || !(isalnum(s[n]) || s[n] == '_' ||
				    s[n] == '-' || s[n] == '"' || s[n] == '\'')) {
					diag(DIAG_ERROR, c.file, line, "TOML: "
					    "a table header without a name");
					return false;
				}
				out.append(text + i, n - i);
				i = n;
				continue;
			}
			if (bad_time(s, i, len)) {
				diag(DIAG_ERROR, c.file, line, "TOML: a date's "
				    "time must start with its hour's digits");
				return false;
			}
			if (ch == '[' || ch == '{')
				depth++;
			else if ((ch == ']' || ch == '}') && depth > 0)
				depth--;
			else if (ch == '#')
				st = COMMENT;
			else if (ch == '"' || ch == '\'') {
				st = three ? (ch == '"' ? ML_BASIC : ML_LITERAL) :
				    (ch == '"' ? BASIC : LITERAL);
				if (three) {
					out.append(text + i, 3);
					i += 3;
					continue;
				}
			}
			break;
		case COMMENT:
			break;
		case BASIC:
			if (ch == '\\' && i + 1 < len && s[i + 1] != '\n') {
				out.append(text + i, 2);
				i += 2;
				continue;
			}
			if (ch == '"')
				st = OUT;
			break;
		case LITERAL:
			if (ch == '\'')
				st = OUT;
			break;
		case ML_LITERAL:
		case ML_BASIC:
			if (ch == (st == ML_BASIC ? '"' : '\'') && three) {
				// Up to two more quotes belong to the text.
				for (n = 0; i < len && s[i] == ch && n < 5; n++)
					out += (char)s[i++];
				st = OUT;
				continue;
			}
			if (st == ML_LITERAL || ch != '\\' || i + 1 >= len)
				break;
			n = i + 1;
			while (n < len && (s[n] == ' ' || s[n] == '\t'))
				n++;
			if (n < len && s[n] == '\n') {
				// A line-ending backslash: the blanks go.
				out.append(text + i, n - i);
				for (i = n; i < len && (s[i] == ' ' ||
				    s[i] == '\t' || s[i] == '\n'); i++) {
					line += s[i] == '\n';
					out += (char)s[i];
				}
				if (i < len && s[i] >= 0x80 &&
				    utf8_decode(s + i, len - i, &n) != 0) {
					char esc[16];
					unsigned cp = utf8_decode(s + i, len - i,
					    &n);

					snprintf(esc, sizeof(esc), cp > 0xFFFF ?
					    "\\U%08X" : "\\u%04X", cp);
					out += esc;
					i += n;
				}
				continue;
			}
			out.append(text + i, 2);	// an escape
			line += s[i + 1] == '\n';
			i += 2;
			continue;
		}
		out += (char)ch;
		i++;
	}
	return true;
}

}	// namespace

extern "C" int
tomlmap_parse(const char *file, unsigned first_line, const char *text,
    size_t len, struct ynode **root)
{
	ctx c = { file, first_line };
	struct ynode *top;
	std::string safe;

	*root = NULL;
	if (!guard(c, text, len, safe))
		return -1;
	toml::parse_result r = toml::parse(std::string_view(safe));
	if (!r) {
		const toml::parse_error &e = r.error();
		toml::source_index l = e.source().begin.line;

		diag(DIAG_ERROR, file, first_line + (l > 0 ? l - 1 : 0),
		    "TOML: %.*s", (int)e.description().size(),
		    e.description().data());
		return -1;
	}
	top = (struct ynode *)xcalloc(1, sizeof(*top));
	top->line = first_line;
	if (nest(c, r.table(), top, 0) == -1) {
		yamlmap_free(top);
		return -1;
	}
	*root = top;
	return 0;
}
