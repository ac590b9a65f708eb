/* main.c - the command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "booklet.h"
#include "diag.h"
#include "each.h"
#include "render.h"
#include "site.h"
#include "util.h"

#ifndef QUIRE_VERSION
#define QUIRE_VERSION "0"
#endif

static const char usage_text[] =
"usage: quire POST.md [-o OUT.pdf] [options]\n"
"       quire _posts/ [POST.md ...] [-o archive.pdf] [options]\n"
"       quire --each _posts/ [POST.md ...] -o OUTDIR [options]\n"
"\n"
"Renders a Markdown blog post (Jekyll, Hugo, Zola, Pelican, Eleventy or\n"
"plain Markdown) to a typeset PDF; a folder or several posts become one\n"
"archive booklet.\n"
"\n"
"  -o, --output FILE        write FILE (default: POST.pdf beside POST.md,\n"
"                           archive.pdf for a booklet)\n"
"      --site-root DIR      the site the post belongs to\n"
"      --generator NAME     read the site as jekyll, hugo, zola, pelican,\n"
"                           eleventy or generic (default: from its files)\n"
"      --style NAME|FILE    a style from styles/, or a YAML file\n"
"      --paper a4|letter|a5|half-letter  the page size\n"
"      --allow-outside-root let images resolve outside the site root\n"
"      --dump               print the placed items instead of a PDF\n"
"booklets:\n"
"      --drafts             include drafts and future-dated posts\n"
"      --newest-first       newest post first\n"
"      --recto              start every post on a right-hand page\n"
"      --notes FILE         editor's notes: YAML of post slug: Markdown\n"
"      --cover-image FILE   an image for the cover\n"
"      --lang CODE          the posts in this language (default: the site's)\n"
"      --keep-going         skip posts with errors, report them, exit 1\n"
"      --impose saddle      print-ready: a5 or half-letter pages two to a\n"
"                           side of a4 or letter sheets, in folding order\n"
"      --creep MM           with --impose: move the innermost pages MM\n"
"                           toward the fold (the others in proportion)\n"
"      --marks              with --impose: crop and fold marks\n"
"      --each               one PDF per post, OUTDIR/SLUG.pdf (errors as\n"
"                           with --keep-going)\n"
"      --jobs N             worker processes laying out a booklet's or\n"
"                           --each's posts (default: the number of\n"
"                           cores, or $QUIRE_JOBS; 1: none)\n"
"  -q, --quiet              no warnings\n"
"  -h, --help               this text\n"
"  -V, --version            the version\n";

/* Where fonts/ and styles/ are: $QUIRE_DATADIR, the source tree this
 * binary was built from, or the installed data folder. */
static const char *
datadir(void)
{
	const char *env = getenv("QUIRE_DATADIR");
	struct stat st;

	if (env != NULL && *env)
		return env;
	if (stat(QUIRE_SRCDIR "/styles/default.yaml", &st) == 0)
		return QUIRE_SRCDIR;
	return QUIRE_INSTALLDIR;
}

/* Worker processes: --jobs, else $QUIRE_JOBS, else one per core. */
static int
jobs(const char *arg)
{
	const char *env = getenv("QUIRE_JOBS");
	long n;

	if (arg == NULL && env != NULL && *env)
		arg = env;
	if (arg == NULL) {
		n = sysconf(_SC_NPROCESSORS_ONLN);
		return n > 0 ? (int)n : 1;
	}
	n = strtol(arg, NULL, 10);
	if (n < 1 || n > 256) {
		diag(DIAG_USAGE, NULL, 0, "--jobs: '%s' is not a number from "
		    "1 to 256", arg);
		return -1;
	}
	return (int)n;
}

int
main(int argc, char **argv)
{
	enum { OPT_SITE = 256, OPT_STYLE, OPT_PAPER, OPT_OUTSIDE, OPT_DUMP,
		OPT_DRAFTS, OPT_NEWEST, OPT_RECTO, OPT_NOTES, OPT_COVER,
		OPT_KEEP, OPT_GENERATOR, OPT_LANG, OPT_IMPOSE, OPT_CREEP,
		OPT_MARKS, OPT_EACH, OPT_JOBS };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "site-root", required_argument, NULL, OPT_SITE },
		{ "style", required_argument, NULL, OPT_STYLE },
		{ "paper", required_argument, NULL, OPT_PAPER },
		{ "allow-outside-root", no_argument, NULL, OPT_OUTSIDE },
		{ "dump", no_argument, NULL, OPT_DUMP },
		{ "drafts", no_argument, NULL, OPT_DRAFTS },
		{ "newest-first", no_argument, NULL, OPT_NEWEST },
		{ "recto", no_argument, NULL, OPT_RECTO },
		{ "notes", required_argument, NULL, OPT_NOTES },
		{ "cover-image", required_argument, NULL, OPT_COVER },
		{ "keep-going", no_argument, NULL, OPT_KEEP },
		{ "generator", required_argument, NULL, OPT_GENERATOR },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "impose", required_argument, NULL, OPT_IMPOSE },
		{ "creep", required_argument, NULL, OPT_CREEP },
		{ "marks", no_argument, NULL, OPT_MARKS },
		{ "each", no_argument, NULL, OPT_EACH },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct render_opts o = { .datadir = datadir(),
		.generator = SITE_DETECT };
	struct booklet_opts bo = { .datadir = o.datadir };
	enum generator gen;
	struct stat st;
	const char *sde = getenv("SOURCE_DATE_EPOCH"), *njobs = NULL;
	int c, quiet = 0, each = 0;

	while ((c = getopt_long(argc, argv, "o:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.output = optarg;
			break;
		case OPT_SITE:
			o.site_root = optarg;
			break;
		case OPT_STYLE:
			o.style = optarg;
			break;
		case OPT_PAPER:
			o.paper = optarg;
			break;
		case OPT_OUTSIDE:
			o.allow_outside = 1;
			break;
		case OPT_DUMP:
			o.dump = stdout;
			break;
		case OPT_DRAFTS:
			bo.drafts = 1;
			break;
		case OPT_NEWEST:
			bo.newest_first = 1;
			break;
		case OPT_RECTO:
			bo.recto = 1;
			break;
		case OPT_NOTES:
			bo.notes = optarg;
			break;
		case OPT_COVER:
			bo.cover_image = optarg;
			break;
		case OPT_KEEP:
			bo.keep_going = 1;
			break;
		case OPT_EACH:
			each = 1;
			break;
		case OPT_JOBS:
			njobs = optarg;
			break;
		case OPT_GENERATOR:
			if (generator_from_name(optarg, &gen) == -1) {
				diag(DIAG_USAGE, NULL, 0, "unknown generator "
				    "'%s' (jekyll, hugo, zola, pelican, "
				    "eleventy, generic)", optarg);
				return 2;
			}
			o.generator = (int)gen;
			break;
		case OPT_LANG:
			bo.lang = optarg;
			break;
		case OPT_IMPOSE:
			if (strcmp(optarg, "saddle") != 0) {
				diag(DIAG_USAGE, NULL, 0, "unknown imposition "
				    "'%s' (quire knows 'saddle')", optarg);
				return 2;
			}
			bo.impose = 1;
			break;
		case OPT_CREEP: {
			char *end;

			bo.creep = strtod(optarg, &end) * 72 / 25.4;
			if (end == optarg || *end || bo.creep < 0 ||
			    bo.creep > 72) {
				diag(DIAG_USAGE, NULL, 0, "--creep takes "
				    "millimetres from 0 to 25.4, not '%s'",
				    optarg);
				return 2;
			}
			break;
		}
		case OPT_MARKS:
			bo.marks = 1;
			break;
		case 'q':
			diag_set_quiet(1);
			quiet = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'V':
			puts("quire " QUIRE_VERSION);
			return 0;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (optind == argc) {
		diag(DIAG_USAGE, NULL, 0, "no input post given (see quire --help)");
		return 2;
	}
	if (each) {
		struct each_opts eo = { .inputs = argv + optind,
			.ninputs = (size_t)(argc - optind), .ro = o,
			.drafts = bo.drafts, .jobs = jobs(njobs),
			.progress = !quiet && isatty(STDERR_FILENO) };

		if (o.output == NULL || o.dump != NULL) {
			diag(DIAG_USAGE, NULL, 0, "--each writes PDFs into the "
			    "folder -o names");
			return 2;
		}
		if (bo.impose || bo.creep > 0 || bo.marks) {
			diag(DIAG_USAGE, NULL, 0, "--impose, --creep and "
			    "--marks are for booklets, not --each");
			return 2;
		}
		if (eo.jobs < 0)
			return 2;
		eo.outdir = o.output;
		eo.now = sde != NULL ? (time_t)strtoll(sde, NULL, 10) :
		    time(NULL);
		each_render(&eo);
		return diag_status();
	}
	if (optind == argc - 1 && !(stat(argv[optind], &st) == 0 &&
	    S_ISDIR(st.st_mode))) {
		if (bo.impose || bo.creep > 0 || bo.marks) {
			diag(DIAG_USAGE, NULL, 0, "--impose, --creep and "
			    "--marks are for booklets (a folder of posts)");
			return 2;
		}
		o.input = argv[optind];
		o.progress = !quiet && isatty(STDERR_FILENO);
		render_post(&o);
		return diag_status();
	}
	/* A folder, or several posts: a booklet. */
	bo.inputs = argv + optind;
	bo.ninputs = (size_t)(argc - optind);
	bo.output = o.output ? o.output : "archive.pdf";
	bo.site_root = o.site_root;
	bo.generator = o.generator;
	bo.style = o.style;
	bo.paper = o.paper;
	bo.allow_outside = o.allow_outside;
	bo.progress = !quiet && isatty(STDERR_FILENO);
	bo.now = sde != NULL ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	if ((bo.jobs = jobs(njobs)) < 0)
		return 2;
	booklet_render(&bo);
	return diag_status();
}
