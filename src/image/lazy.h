/*
 * lazy.h - shared libraries opened at first need. librsvg, libwebp,
 * libavif and Graphviz bring dozens of libraries with them (GIO, libxml2,
 * dav1d, aom, ...): linked into quire, every run would pay for loading
 * and relocating them, though most posts have only PNGs and JPEGs. The
 * decoders name their functions in a table and open the library the
 * first time a post needs it. Private to src/image/.
 */
#ifndef QUIRE_IMAGE_LAZY_H
#define QUIRE_IMAGE_LAZY_H

/* A function to look up: its name, and where its address goes. */
struct lazy_sym {
	const char	*name;
	void		**addr;
};

/* A library and its functions; one static instance per library. */
struct lazy_lib {
	const char		*soname;	/* "librsvg-2.so.2", or a path */
	const struct lazy_sym	*syms;		/* ended by a NULL name */
	int			 state;		/* 0 untried, 1 open, -1 failed */
	char			*err;		/* why it failed */
	void			*handle;
};

/*
 * Opens lib and resolves its functions, once for the whole process
 * (any thread; the later calls return the first one's result). Returns
 * 0, or -1 with *why set to a new message ("cannot load libavif.so.15:
 * ...") that the caller frees.
 */
int	lazy_open(struct lazy_lib *lib, char **why);

#endif
