// tomlmap.cc - the C++ bridge: toml++ parses, quire's tree receives.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" {
#include "diag.h"
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

}	// namespace

extern "C" int
tomlmap_parse(const char *file, unsigned first_line, const char *text,
    size_t len, struct ynode **root)
{
	ctx c = { file, first_line };
	struct ynode *top;

	*root = NULL;
	toml::parse_result r = toml::parse(std::string_view(text, len));
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
