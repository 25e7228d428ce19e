/* interp.c - the interp layer's entry points for cli/ (see interp.h). */
#include "runtime/common.h"
#include "interp/interp.h"
#include "runtime/value.h"

static struct li_load_opts default_opts = LI_LOAD_OPTS_DEFAULT;

/* Each definition gets a fresh sandboxed state: a package must not be able to change the
 * library tables (string, table, ...) another package's definition will see. A state costs
 * about 70 us (the Lua-backed stdlib modules load lazily), and the package cache spares
 * most evaluations anyway. */
static struct rt_value *load_package(void *ud, const char *path, struct rt_error *err)
{
	return li_load_definition(path, ud, err);
}

struct rt_pkg_loader li_package_loader(const struct li_load_opts *opts)
{
	struct rt_pkg_loader l;
	/* The options live in static storage: loaders are made once per process by the cli. */
	if (opts)
		default_opts = *opts;
	l.load = load_package;
	l.ud = &default_opts;
	return l;
}

int li_config_lua_loader(void *ud, const char *path, struct rt_value **out,
			 struct rt_error *err)
{
	*out = li_load_definition(path, NULL, err);
	return *out ? 0 : -1;
}
