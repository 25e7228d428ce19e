/* dynlib.h - shared libraries opened on first use instead of at start-up.
 *
 * libcurl, librabbitmq and libmemcached (with what they pull in: OpenSSL, GnuTLS, Kerberos,
 * LDAP, libstdc++ ...) are 40 shared objects whose loading, relocation and constructors cost
 * about 19 M instructions — more than a whole `rez --help` or a warm 15-package `rez env`
 * otherwise does. Only release hooks and the shared cache call them, so they are not linked:
 * runtime/lazy/ and hooks/lazy/ define each function the code calls, with the library's own
 * prototype (from its header), forwarding to the real one found here on first call.
 *
 * A library that cannot be loaded, or lacks a symbol, is what a missing DT_NEEDED library used
 * to be: the process stops with the loader's message and exit status 127 (the stubs have no
 * error value to return for every function, and a half-working release must not start).
 *
 * Thread-safe: each library is opened once (pthread_once); dlsym is itself thread-safe. */
#ifndef RT_DYNLIB_H
#define RT_DYNLIB_H

#include "runtime/common.h"

#include <pthread.h>
#include <string.h>

struct rt_dynlib {
	const char *soname;         /* e.g. "libcurl.so.4", from the build (cmake/lazylib.cmake) */
	pthread_once_t once;
	void *handle;
};

#define RT_DYNLIB_INIT(soname) { (soname), PTHREAD_ONCE_INIT, NULL }

/* The address of `name` in `lib`, opening the library on first use; never returns NULL (see
 * above). */
void *rt_dynlib_sym(struct rt_dynlib *lib, const char *name);

/* RT_DYNLIB_FN(lib, fn): `fn`'s real address as a pointer of fn's own type (the stub's
 * prototype is the library header's, so the call is type-checked). */
#define RT_DYNLIB_FN(lib, fn) (*rt_dynlib_cast_##fn(rt_dynlib_sym((lib), #fn)))
#define RT_DYNLIB_DECLARE(fn)                                                            \
	static inline __typeof__(&fn) rt_dynlib_cast_##fn(void *p)                        \
	{                                                                                 \
		__typeof__(&fn) f;                                                        \
		memcpy(&f, &p, sizeof f); /* POSIX: object and function pointers convert */ \
		return f;                                                                 \
	}

#endif
