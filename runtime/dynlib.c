/* dynlib.c - shared libraries opened on first use (see dynlib.h). */
#include "runtime/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

/* pthread_once takes no argument: the library being opened is handed over in a thread-local. */
static _Thread_local struct rt_dynlib *opening;

static void fail(const char *what)
{
	/* The dynamic loader's wording and status for a missing library. */
	fprintf(stderr, "rez: error while loading shared libraries: %s\n", what ? what : "unknown error");
	fflush(stderr);
	_exit(127);
}

static void open_lib(void)
{
	opening->handle = dlopen(opening->soname, RTLD_NOW | RTLD_LOCAL);
}

void *rt_dynlib_sym(struct rt_dynlib *lib, const char *name)
{
	void *p;

	opening = lib;
	pthread_once(&lib->once, open_lib);
	opening = NULL;
	if (!lib->handle)
		fail(dlerror());
	dlerror();
	p = dlsym(lib->handle, name);
	if (!p)
		fail(dlerror());
	return p;
}
