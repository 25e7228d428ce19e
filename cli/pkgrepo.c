/* pkgrepo.c - the repositories a command reads (see pkgrepo.h). */
#include "cli/pkgrepo.h"
#include "cli/activate.h"
#include "cli/color.h"
#include "interp/interp.h"
#include "runtime/config.h"
#include "runtime/repo.h"
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

void cli_print_repo_paths(struct rt_repo *repo, FILE *f)
{
	fputs("searching:", f);
	for (size_t i = 0; i < rt_repo_n_paths(repo); i++)
		fprintf(f, "%s %s", i ? ";" : "", rt_repo_path(repo, i));
	if (!rt_repo_n_paths(repo))
		fputs(" (no repository)", f);
	fputc('\n', f);
}
