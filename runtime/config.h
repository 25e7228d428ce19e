/* config.h - rez-lua's layered, typed configuration (Rez's rezconfig, stricter).
 *
 * Sources, lowest to highest precedence:
 *   1. built-in defaults: one compiled-in table row per setting (key, type, default, doc);
 *   2. each file of $REZ_CONFIG_FILE (":"-separated; a missing file is an error);
 *   3. ~/.rezconfig.yaml, then ~/.rezconfig (unless $REZ_DISABLE_HOME_CONFIG is 1/t/true);
 *   4. for top-level settings only: $REZ_<KEY> (parsed per type), else $REZ_<KEY>_JSON
 *      (JSON; a plain $REZ_<KEY> wins when both are set, as in Rez);
 *   5. overrides: programmatic (opts.overrides, rt_config_override) and a package's own
 *      `config` (rt_config_for_package). For an overridden top-level key the environment is
 *      ignored, so a package's setting beats $REZ_<KEY>.
 * Files are YAML (runtime/yaml.h), or Lua when the name ends in ".lua" (run through the
 * loader callback the host provides; the runtime never runs Lua itself).
 *
 * Merging: maps merge key by key, recursively; any other value replaces the one below. The
 * list modifier {"!modify": {"prepend": [...], "append": [...]}} (YAML: a mapping tagged
 * `!modify`) instead extends the list accumulated so far (null counts as []), like Rez's
 * ModifyList. A modifier in an override applies to the file-level value, not to an
 * environment value (Rez does the same).
 *
 * Validation: every value is checked against its setting's type where it enters, so a bad
 * value is an error naming its source: "FILE:LINE: setting 'packages_path' must be a list of
 * paths (got integer)". An unknown key is not an error but a warning kept in the config
 * object (rt_config_warnings) for the host to print. After merging, every string is expanded
 * as Rez does: $VAR and ${VAR} from the environment (unknown ones kept), '~' standing alone
 * as a path element becomes $HOME (and such a string is path-normalised), then
 * {system.<attr>} fields are substituted (unknown {fields} kept, "{{" and "}}" unescaped).
 *
 * The whole configuration is computed, validated and expanded by rt_config_load, so every
 * getter is a cheap lookup. Getters take a dotted key ("plugins.release_hook.emailer.sender").
 * Typed getters abort through RT_BUG on a key that is not a setting or has another type:
 * settings are compiled in, so that is a programming error, not a user one.
 *
 * Ownership: rt_config_load / rt_config_for_package return a new object freed with
 * rt_config_free. Returned values and strings are borrowed and live as long as the config. */
#ifndef RT_CONFIG_H
#define RT_CONFIG_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_value;
struct rt_config;

/* The reserved key of the list-modifier form (a map with this single key). */
#define RT_CONFIG_MODIFY_KEY "!modify"

/* Loads a `.lua` configuration file: on success stores a new RT_MAP (owned by the caller of
 * the callback, i.e. the config loader) in *out and returns 0; else returns -1 with err set.
 * Values should carry their source lines so that type errors can name them. */
typedef int (*rt_config_lua_loader)(void *ud, const char *path, struct rt_value **out,
				    struct rt_error *err);

struct rt_config_opts {
	/* When non-NULL (NULL-terminated), exactly these files are read instead of
	 * $REZ_CONFIG_FILE and the home files. */
	const char *const *files;
	int no_env;                        /* ignore $REZ_<KEY> variables (Rez's "locked") */
	int no_home;                       /* skip the home files */
	const struct rt_value *overrides;  /* RT_MAP of settings (nested or dotted keys), borrowed */
	rt_config_lua_loader load_lua;     /* NULL: a .lua config file is an error */
	void *lua_ud;
	/* RT_MAP of {system.<attr>} values replacing the detected ones (platform, arch, os,
	 * user, ...), borrowed; NULL to detect everything. */
	const struct rt_value *system;
};

#define RT_CONFIG_OPTS_INIT { NULL, 0, 0, NULL, NULL, NULL, NULL }

struct rt_config *rt_config_load(const struct rt_config_opts *opts, struct rt_error *err);

/* A derived configuration for one package's build/release: `pkg_config` (the package's
 * `config` attribute, an RT_MAP, borrowed) is added to cfg's overrides. `filename` names the
 * package definition in messages (may be NULL). Unknown keys add warnings to the new object. */
struct rt_config *rt_config_for_package(const struct rt_config *cfg,
					const struct rt_value *pkg_config, const char *filename,
					struct rt_error *err);

/* Sets one programmatic override (dotted key; takes ownership of `val`) and recomputes.
 * On error (unknown key, wrong type) the config is unchanged. */
int rt_config_override(struct rt_config *cfg, const char *key, struct rt_value *val,
		       struct rt_error *err);
/* Removes an override given earlier (no-op if there was none); returns 0 or -1. */
int rt_config_remove_override(struct rt_config *cfg, const char *key, struct rt_error *err);

void rt_config_free(struct rt_config *cfg);

/* The whole merged configuration (RT_MAP in table order). */
const struct rt_value *rt_config_data(const struct rt_config *cfg);
/* A value by dotted key; NULL if there is no such setting or group. */
const struct rt_value *rt_config_get(const struct rt_config *cfg, const char *key);

/* Typed getters (see the RT_BUG rule above). */
const char *rt_config_str(const struct rt_config *cfg, const char *key);   /* NULL for null */
int rt_config_bool(const struct rt_config *cfg, const char *key);
long long rt_config_int(const struct rt_config *cfg, const char *key);
/* RT_LIST of RT_STR (string lists and path lists; null lists read as empty lists). */
const struct rt_value *rt_config_str_list(const struct rt_config *cfg, const char *key);
const struct rt_value *rt_config_path_list(const struct rt_config *cfg, const char *key);
const struct rt_value *rt_config_map(const struct rt_config *cfg, const char *key);

/* Files considered, in order (search list) and those actually read (source list). */
const char *const *rt_config_search_list(const struct rt_config *cfg, size_t *n);
const char *const *rt_config_source_list(const struct rt_config *cfg, size_t *n);
/* Warnings collected while loading ("FILE:LINE: unknown setting 'x'"). */
const char *const *rt_config_warnings(const struct rt_config *cfg, size_t *n);

/* The list-modifier form: a new {"!modify": {"prepend": ..., "append": ...}} value; takes
 * ownership of both lists (either may be NULL). rt_config_is_modify tells whether v is one. */
struct rt_value *rt_config_modify_new(struct rt_value *prepend, struct rt_value *append);
int rt_config_is_modify(const struct rt_value *v);

/* The built-in settings, for documentation and `rez config`: returns the number of rows and
 * each row's dotted key, type description ("list of paths") and one-line meaning. */
size_t rt_config_n_settings(void);
void rt_config_setting_info(size_t i, const char **key, const char **type, const char **doc);

#endif
