/* pkgrepo.c - the repositories a command reads (see pkgrepo.h). */
#include "cli/pkgrepo.h"
#include "interp/interp.h"
#include "runtime/config.h"
#include "runtime/value.h"

#include <limits.h>
#include <stdlib.h>

struct rt_repo *cli_open_repo(const char *paths, int no_local, struct rt_error *err)
{
	struct rt_pkg_loader loader = li_package_loader(NULL);
	struct rt_repo *r;

	if (paths) {
		/* Split on ':'; empty elements are ignored. */
		char *copy = rt_xstrdup(paths), *p = copy;
		const char **v = rt_xcalloc(strlen(paths) + 1, sizeof(char *));
		size_t n = 0;
		for (;;) {
			char *colon = strchr(p, ':');
			if (colon)
				*colon = '\0';
			if (*p) {
				/* Absolute and canonical, as Rez shows repository paths. */
				char *abs = realpath(p, NULL);
				v[n++] = abs ? abs : rt_xstrdup(p);
			}
			if (!colon)
				break;
			p = colon + 1;
		}
		r = rt_repo_new(v, n, &loader, 1, err);
		for (size_t i = 0; i < n; i++)
			free((char *)v[i]);
		free(v);
		free(copy);
		return r;
	} else {
		struct rt_config_opts copts = RT_CONFIG_OPTS_INIT;
		struct rt_config *cfg;
		const struct rt_value *list;
		const char *local;
		const char **v;
		size_t n = 0;

		copts.load_lua = li_config_lua_loader;
		cfg = rt_config_load(&copts, err);
		if (!cfg)
			return NULL;
		list = rt_config_path_list(cfg, "packages_path");
		local = no_local ? rt_config_str(cfg, "local_packages_path") : NULL;
		v = rt_xcalloc(rt_list_len(list) + 1, sizeof(char *));
		for (size_t i = 0; i < rt_list_len(list); i++) {
			const char *s = rt_value_as_str(rt_list_at(list, i));
			if (s && !(local && rt_streq(s, local)))
				v[n++] = s;
		}
		r = rt_repo_new(v, n, &loader, 0, err);
		free(v);
		rt_config_free(cfg);
		return r;
	}
}
