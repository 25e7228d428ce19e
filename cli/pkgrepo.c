/* pkgrepo.c - the repositories a command reads (see pkgrepo.h). */
#include "cli/pkgrepo.h"
#include "cli/activate.h"
#include "cli/color.h"
#include "interp/interp.h"
#include "runtime/config.h"
#include "runtime/value.h"

struct rt_repo *cli_open_repo(const char *paths, int no_local, struct rt_error *err)
{
	struct rt_config_opts copts = RT_CONFIG_OPTS_INIT;
	struct rt_config *cfg;
	struct rt_value *list;
	struct rt_repo *r;

	copts.load_lua = li_config_lua_loader;
	cfg = rt_config_load(&copts, err);
	if (!cfg)
		return NULL;
	cli_color_init(cfg);
	/* The same paths, sandbox limits and package cache as rez env uses. */
	list = cli_package_paths(cfg, paths, no_local);
	r = cli_repo_open(cfg, list, paths != NULL, err);
	rt_value_free(list);
	rt_config_free(cfg);
	return r;
}
