/* notes.c - editor's notes, found and set under a post's title. */
#include "notes.h"

#include <stdlib.h>
#include <string.h>

#include "blocks.h"
#include "diag.h"
#include "markdown.h"
#include "util.h"

int
notes_open(struct notes *nt, const char *path)
{
	memset(nt, 0, sizeof(*nt));
	nt->path = path;
	if (path == NULL)
		return 0;
	if (source_read(&nt->src, path) == -1 ||
	    yamlmap_parse(path, 1, "notes", nt->src.text, nt->src.len,
	    &nt->map) == -1)
		return -1;
	if (nt->map != NULL && nt->map->type != YNODE_MAP) {
		diag(DIAG_ERROR, path, nt->map->line,
		    "notes: expected a mapping of post slug: note");
		return -1;
	}
	return 0;
}

const char *
notes_find(const struct notes *nt, const struct post *p, const char **file,
    unsigned *line)
{
	const struct ynode *v = NULL;

	if (nt->map != NULL && (v = yamlmap_get(nt->map,
	    p->meta.slug)) == NULL) {
		char *name = xstrdup(path_base(p->path));
		char *dot = strrchr(name, '.');

		if (dot != NULL)
			*dot = '\0';
		v = yamlmap_get(nt->map, name);
		free(name);
	}
	if (v != NULL && yamlmap_str(v) != NULL) {
		*file = nt->path;
		*line = v->line;
		return yamlmap_str(v);
	}
	*file = p->path;
	*line = 1;
	return p->meta.note;
}

void
notes_add(struct doc *d, const char *note, const char *file, unsigned line,
    const struct style *st, const struct site *site, int allow_outside)
{
	struct build_ctx ctx = { .file = file, .first_line = line, .st = st,
		.site = site, .post_dir = ".", .allow_outside = allow_outside };
	struct doc box = {0};
	cmark_node *root = markdown_parse(note, strlen(note));
	struct block *label;
	size_t at = 0;

	label = doc_add(&box, BLOCK_TEXT, ROLE_TOC_META);
	label->text = xstrdup("EDITOR\xE2\x80\x99S NOTE");
	label->boxed = 1;
	label->keep_with_next = 1;
	build_body(&box, root, &ctx);
	cmark_node_free(root);
	for (size_t i = 0; i < box.nblocks; i++) {
		struct block *b = &box.blocks[i];

		if (b->kind == BLOCK_TEXT) {
			b->role = i ? ROLE_NOTE : ROLE_TOC_META;
			b->boxed = 1;
			b->space_before = 0;
			b->space_after = i + 1 < box.nblocks ? 0 :
			    st->role[ROLE_BODY].leading;
		}
	}
	/* After the rule that closes the title block. */
	for (size_t i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == BLOCK_RULE &&
		    d->blocks[i].role == ROLE_TITLE) {
			at = i + 1;
			break;
		}
	doc_splice(d, at, &box);
	doc_free(&box);
}

void
notes_free(struct notes *nt)
{
	yamlmap_free(nt->map);
	source_free(&nt->src);
	memset(nt, 0, sizeof(*nt));
}
