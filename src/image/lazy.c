/* lazy.c - dlopen(3) at first need, once per library. */
#include "lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>

#include "util.h"

static pthread_mutex_t lazy_lock = PTHREAD_MUTEX_INITIALIZER;

static void
try_open(struct lazy_lib *lib)
{
	const char *e;

	/* RTLD_LOCAL: each decoder sees only the library it asked for. */
	if ((lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL)) ==
	    NULL) {
		e = dlerror();
		lib->err = xasprintf("cannot load %s: %s", lib->soname,
		    e ? e : "unknown error");
		lib->state = -1;
		return;
	}
	for (const struct lazy_sym *s = lib->syms; s->name != NULL; s++) {
		if ((*s->addr = dlsym(lib->handle, s->name)) == NULL) {
			lib->err = xasprintf("cannot load %s: no %s",
			    lib->soname, s->name);
			lib->state = -1;
			return;
		}
	}
	lib->state = 1;
}

int
lazy_open(struct lazy_lib *lib, char **why)
{
	int state;

	pthread_mutex_lock(&lazy_lock);
	if (lib->state == 0)
		try_open(lib);
	state = lib->state;
	pthread_mutex_unlock(&lazy_lock);
	if (state == 1)
		return 0;
	*why = xstrdup(lib->err);
	return -1;
}
