/* Unit tests for runtime/config.c: precedence of defaults, files, home files, environment and
 * overrides; typed environment parsing; package config; list modifiers; errors; expansion.
 * Runs in tests/ (fixtures under tests/config/); sets HOME and REZ_* in its own process. */
#include "runtime/config.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "runtime/value.h"
#include "runtime/yaml.h"
#include "tap.h"

#include <stdio.h>
#include <unistd.h>

static struct rt_value *test_system;

static const char *const env_used[] = {
	"REZ_CONFIG_FILE", "REZ_DISABLE_HOME_CONFIG", "REZ_WARN_ALL", "REZ_WARN_NONE", "REZ_TMPDIR",
	"REZ_BUILD_DIRECTORY", "REZ_LOCAL_PACKAGES_PATH", "REZ_PACKAGES_PATH",
	"REZ_PACKAGES_PATH_JSON", "REZ_PLATFORM_MAP", "REZ_PLATFORM_MAP_JSON", "REZ_OPTIONVARS",
	"REZ_RELEASE_HOOKS", "REZ_RELEASE_HOOKS_JSON", "REZ_QUIET", "REZ_SHELL_ERROR_TRUNCATE_CAP",
	"REZ_BUILD_THREAD_COUNT", "REZ_ENV_VAR_SEPARATORS", "REZ_PACKAGE_FILTER",
	"REZ_PACKAGE_FILTER_JSON", "REZ_VARIANT_SELECT_MODE", "REZ_TEST_ROOT", "FUNK",
	"REZ_DEFAULT_CACHABLE", NULL
};

static void clear_env(void)
{
	for (const char *const *e = env_used; *e; e++)
		unsetenv(*e);
}

/* Loads exactly `files` (NULL-terminated list), environment on or off. */
static struct rt_config *load(const char *const *files, int no_env, struct rt_error *err)
{
	struct rt_config_opts o = RT_CONFIG_OPTS_INIT;
	static const char *const none[] = { NULL };
	o.files = files ? files : none;
	o.no_env = no_env;
	o.system = test_system;
	return rt_config_load(&o, err);
}

static char *describe(const struct rt_value *v)
{
	struct rt_buf b = RT_BUF_INIT;
	rt_value_describe(v, &b);
	return rt_buf_detach(&b, NULL);
}

#define CHECK_DESC(v, want) do { \
		char *d_ = describe(v); \
		CHECK_STR(d_, want); \
		free(d_); \
	} while (0)

/* Expects loading `files` to fail with exactly `want`. */
static void check_load_error(const char *const *files, const char *want)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *c = load(files, 1, &err);
	CHECKF(c == NULL, "expected an error: %s", want);
	CHECK_STR(err.msg ? err.msg : "(none)", want);
	rt_config_free(c);
	rt_error_release(&err);
}

static void test_basic(const struct rt_config *c)
{
	CHECK(rt_config_get(c, "warn_all")->type == RT_BOOL);
	CHECK(rt_config_get(c, "build_directory")->type == RT_STR);
	CHECK(rt_config_get(c, "plugins.release_hook.emailer")->type == RT_MAP);
	CHECK(rt_config_get(c, "plugins.release_hook.emailer.sender")->type == RT_STR);
	CHECK(rt_config_int(c, "plugins.release_hook.emailer.smtp_port") == 25);
	CHECK(rt_config_get(c, "plugins.release_vcs.tag_name")->type == RT_STR);
}

static void test_overrides(struct rt_config *c)
{
	struct rt_error err = RT_ERROR_INIT;
	CHECK(rt_config_override(c, "debug_none", rt_value_bool(1), &err) == 0);
	CHECK(rt_config_override(c, "build_directory", rt_value_str("floober"), &err) == 0);
	CHECK(rt_config_override(c, "plugins.release_vcs.tag_name", rt_value_str("bah"), &err) == 0);
	CHECK(rt_config_override(c, "plugins.release_hook.emailer.sender", rt_value_str("joe.bloggs"), &err) == 0);
	CHECK(rt_config_bool(c, "debug_none") == 1);
	CHECK_STR(rt_config_str(c, "build_directory"), "floober");
	CHECK_STR(rt_config_str(c, "plugins.release_vcs.tag_name"), "bah");
	CHECK_STR(rt_config_str(c, "plugins.release_hook.emailer.sender"), "joe.bloggs");
	CHECK(rt_config_override(c, "build_directory", rt_value_str("flabber"), &err) == 0);
	CHECK_STR(rt_config_str(c, "build_directory"), "flabber");
	{
		char *before = rt_xstrdup(rt_config_str(c, "tmpdir"));
		char *changed = rt_xstrfmt("%s_", before);
		CHECK(rt_config_override(c, "tmpdir", rt_value_str(changed), &err) == 0);
		CHECK_STR(rt_config_str(c, "tmpdir"), changed);
		CHECK(rt_config_remove_override(c, "tmpdir", &err) == 0);
		CHECK_STR(rt_config_str(c, "tmpdir"), before);
		free(before);
		free(changed);
	}
	/* a bad override is refused and leaves the config as it was */
	CHECK(rt_config_override(c, "build_directory", rt_value_list(), &err) < 0);
	CHECK_STR(err.msg, "override: setting 'build_directory' must be a string (got list)");
	CHECK_STR(rt_config_str(c, "build_directory"), "flabber");
	CHECK(rt_config_override(c, "no_such_thing", rt_value_int(1), &err) < 0);
	CHECK_STR(err.msg, "no such setting: 'no_such_thing'");
	rt_error_release(&err);
	test_basic(c);
}

/* Rez test_1: only the built-in defaults (a "locked" config ignores the environment). */
static void test_defaults(void)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *c = load(NULL, 1, &err);
	CHECKF(c != NULL, "%s", rt_error_msg(&err));
	if (!c)
		return;
	test_basic(c);
	CHECK(rt_config_bool(c, "warn_all") == 0);
	CHECK_STR(rt_config_str(c, "build_directory"), "build");
	CHECK_STR(rt_config_str(c, "local_packages_path"), "/home/tester/packages");
	CHECK_DESC(rt_config_path_list(c, "packages_path"),
		   "['/home/tester/packages', '/home/tester/.rez/packages/int', '/home/tester/.rez/packages/ext']");
	CHECK_STR(rt_config_str(c, "plugins.release_vcs.tag_name"), "{qualified_name}");
	CHECK_STR(rt_config_str(c, "plugins.release_hook.emailer.sender"), "joe@rez-release.com");
	CHECK(strstr(rt_config_str(c, "plugins.release_hook.emailer.body"),
		     "released by joe@host.example.com.\n\nUSER: joe\nPACKAGE: {package.qualified_name}\n") != NULL);
	CHECK_DESC(rt_config_str_list(c, "implicit_packages"),
		   "['~platform==linux', '~arch==x86_64', '~os==Debian-12']");
	CHECK_STR(rt_config_str(c, "package_preprocess_mode"), "override");
	CHECK_STR(rt_config_str(c, "variant_select_mode"), "version_priority");
	CHECK(rt_config_get(c, "package_preprocess_function")->type == RT_NULL);
	CHECK(rt_config_str(c, "package_preprocess_function") == NULL);
	CHECK_DESC(rt_config_str_list(c, "plugins.package_repository.filesystem.package_filenames"),
		   "['package']");
	CHECK_DESC(rt_config_map(c, "env_var_separators"), "{CMAKE_MODULE_PATH: ';', DOXYGEN_TAGFILES: ' '}");
	CHECK_DESC(rt_config_get(c, "package_filter"), "[]");
	CHECK_STR(rt_config_str(c, "plugins.shell.bash.prompt"), ">");
	CHECK_STR(rt_config_str(c, "plugins.shell.zsh.prompt"), "%");
	CHECK(rt_config_int(c, "sandbox_max_instructions") == 50000000);
	CHECK(rt_config_bool(c, "sandbox_trusted") == 0);
	CHECK(rt_config_get(c, "nope") == NULL);
	CHECK(rt_config_get(c, "plugins.release_hook.nope") == NULL);
	CHECK(rt_config_get(c, "build_directory.x") == NULL);
	CHECK(rt_config_get(c, "") == NULL);

	/* an environment override does not reach a locked config */
	setenv("REZ_WARN_NONE", "true", 1);
	{
		struct rt_config *c2 = load(NULL, 1, &err);
		CHECK(c2 && rt_config_bool(c2, "warn_none") == 0);
		rt_config_free(c2);
	}
	clear_env();
	test_overrides(c);
	rt_config_free(c);
	rt_error_release(&err);
}

/* Rez test_2: a file overriding defaults, plugins included. */
static void test_file(void)
{
	static const char *const files[] = { "config/test1.yaml", NULL };
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *c = load(files, 1, &err);
	size_t n;
	CHECKF(c != NULL, "%s", rt_error_msg(&err));
	if (!c)
		return;
	test_basic(c);
	CHECK(rt_config_bool(c, "warn_all") == 1);
	CHECK_STR(rt_config_str(c, "plugins.release_vcs.tag_name"), "foo");
	CHECK_STR(rt_config_str(c, "plugins.release_hook.emailer.sender"), "santa.claus");
	/* the rest of the emailer's defaults are still there */
	CHECK(rt_config_int(c, "plugins.release_hook.emailer.smtp_port") == 25);
	CHECK(rt_config_source_list(c, &n) && n == 1);
	CHECK(rt_config_warnings(c, &n) && n == 0);
	test_overrides(c);
	rt_config_free(c);
	rt_error_release(&err);
}

/* Rez test_3, test_6, test_7: environment overrides, typed. */
static void test_env(void)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *c;

	clear_env();
	setenv("REZ_WARN_ALL", "1", 1);
	setenv("REZ_TMPDIR", "/tmp/{system.user}", 1);
	setenv("REZ_PACKAGES_PATH", "/foo bar/baz:/foo bar/baz hey::/home/foo bar/baz", 1);
	setenv("REZ_PLATFORM_MAP", "A:;,B: ,C:1,D:2.5", 1);
	setenv("REZ_OPTIONVARS", "foo:bar,more:stuff", 1);
	setenv("REZ_RELEASE_HOOKS", "a, b c,,", 1);
	setenv("REZ_QUIET", "On", 1);
	setenv("REZ_SHELL_ERROR_TRUNCATE_CAP", " 42 ", 1);
	setenv("REZ_BUILD_THREAD_COUNT", "4", 1);
	setenv("REZ_ENV_VAR_SEPARATORS", "FOO:;,BAR:1", 1);
	setenv("REZ_DEFAULT_CACHABLE", "n", 1);
	c = load(NULL, 0, &err);
	CHECKF(c != NULL, "%s", rt_error_msg(&err));
	if (c) {
		test_basic(c);
		CHECK(rt_config_bool(c, "warn_all") == 1);
		CHECK_STR(rt_config_str(c, "tmpdir"), "/tmp/joe");
		CHECK_DESC(rt_config_path_list(c, "packages_path"),
			   "['/foo bar/baz', '/foo bar/baz hey', '/home/foo bar/baz']");
		CHECK_DESC(rt_config_map(c, "platform_map"), "{A: ';', B: ' ', C: 1, D: 2.5}");
		CHECK_DESC(rt_config_map(c, "optionvars"), "{foo: 'bar', more: 'stuff'}");
		CHECK_DESC(rt_config_str_list(c, "release_hooks"), "['a', 'b', 'c']");
		CHECK(rt_config_bool(c, "quiet") == 1);
		CHECK(rt_config_int(c, "shell_error_truncate_cap") == 42);
		CHECK(rt_config_int(c, "build_thread_count") == 4);
		CHECK_DESC(rt_config_map(c, "env_var_separators"), "{FOO: ';', BAR: '1'}");
		CHECK(rt_config_get(c, "default_cachable")->type == RT_BOOL &&
		      rt_config_bool(c, "default_cachable") == 0);
		/* an API override beats the environment */
		setenv("REZ_BUILD_DIRECTORY", "flaabs", 1);
		test_overrides(c);
		rt_config_free(c);
	}
	clear_env();

	/* JSON forms; the plain variable wins over _JSON when both are set */
	setenv("REZ_PACKAGES_PATH_JSON", "[\"/foo bar/baz\", \"/x\"]", 1);
	setenv("REZ_PLATFORM_MAP_JSON", "{\"foo\": {\"bar\": \"baz\"}}", 1);
	setenv("REZ_RELEASE_HOOKS", "plain", 1);
	setenv("REZ_RELEASE_HOOKS_JSON", "[\"json\"]", 1);
	setenv("REZ_PACKAGE_FILTER_JSON", "{\"excludes\": [\"glob(*.beta)\"]}", 1);
	c = load(NULL, 0, &err);
	CHECKF(c != NULL, "%s", rt_error_msg(&err));
	if (c) {
		CHECK_DESC(rt_config_path_list(c, "packages_path"), "['/foo bar/baz', '/x']");
		CHECK_DESC(rt_config_map(c, "platform_map"), "{foo: {bar: 'baz'}}");
		CHECK_DESC(rt_config_str_list(c, "release_hooks"), "['plain']");
		CHECK_DESC(rt_config_get(c, "package_filter"), "[{excludes: ['glob(*.beta)']}]");
		rt_config_free(c);
	}
	clear_env();

	/* bad values name the variable */
	{
		static const struct { const char *var, *val, *want; } bad[] = {
			{ "REZ_QUIET", "maybe", "environment variable 'REZ_QUIET' must be one of 1, true, "
			  "t, yes, y, on, 0, false, f, no, n, off (got 'maybe')" },
			{ "REZ_SHELL_ERROR_TRUNCATE_CAP", "12x", "environment variable "
			  "'REZ_SHELL_ERROR_TRUNCATE_CAP' must be an integer (got '12x')" },
			{ "REZ_PLATFORM_MAP", "a:b,c", "environment variable 'REZ_PLATFORM_MAP' must be "
			  "of the form 'k1:v1,k2:v2' (got 'a:b,c')" },
			{ "REZ_PACKAGES_PATH_JSON", "[\"a\",", "environment variable 'REZ_PACKAGES_PATH_JSON' "
			  "must hold JSON: REZ_PACKAGES_PATH_JSON:1:5: '[' or '{' expected near end of file" },
			{ "REZ_PACKAGES_PATH_JSON", "{\"a\": 1}", "environment variable 'REZ_PACKAGES_PATH_JSON': "
			  "setting 'packages_path' must be a list of paths (got table)" },
			{ "REZ_VARIANT_SELECT_MODE", "newest", "environment variable 'REZ_VARIANT_SELECT_MODE': "
			  "setting 'variant_select_mode' must be one of 'version_priority', "
			  "'intersection_priority' (got 'newest')" },
			{ "REZ_BUILD_THREAD_COUNT", "0", "environment variable 'REZ_BUILD_THREAD_COUNT': "
			  "setting 'build_thread_count' must be a positive integer, 'physical_cores' or "
			  "'logical_cores' (got 0)" },
			{ "REZ_PACKAGE_FILTER", "glob(*)", "environment variable 'REZ_PACKAGE_FILTER' cannot "
			  "set structured setting 'package_filter' (use REZ_PACKAGE_FILTER_JSON with a JSON value)" },
		};
		for (size_t i = 0; i < RT_ARRAY_LEN(bad); i++) {
			setenv(bad[i].var, bad[i].val, 1);
			c = load(NULL, 0, &err);
			CHECKF(c == NULL, "%s=%s must fail", bad[i].var, bad[i].val);
			if (strstr(bad[i].want, "must hold JSON"))
				CHECKF(err.msg && rt_starts_with(err.msg, "environment variable "
				       "'REZ_PACKAGES_PATH_JSON' must hold JSON: "), "got %s", err.msg);
			else
				CHECK_STR(err.msg ? err.msg : "(none)", bad[i].want);
			rt_config_free(c);
			unsetenv(bad[i].var);
		}
	}
	rt_error_release(&err);
	clear_env();
}

static struct rt_value *read_yaml(const char *path)
{
	struct rt_buf b = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *v = NULL;
	if (rt_buf_read_file(&b, path, 1 << 20) == 0)
		v = rt_yaml_parse(b.buf, b.len, path, &err);
	CHECKF(v != NULL, "reading %s: %s", path, rt_error_msg(&err));
	rt_buf_release(&b);
	rt_error_release(&err);
	return v;
}

/* Rez test_4 and §4.5: a package's config beats the environment, modifiers apply to the
 * file-level value, keys the package does not set still honour the environment. */
static void test_package(void)
{
	static const char *const files[] = { "config/test2.yaml", NULL };
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *pkg = read_yaml("config/package.yaml");
	struct rt_config *global, *c;
	size_t n;
	const char *const *w;

	clear_env();
	setenv("REZ_BUILD_DIRECTORY", "foo", 1);
	setenv("REZ_LOCAL_PACKAGES_PATH", "/env/local", 1);
	setenv("REZ_RELEASE_HOOKS", "e1,e2", 1);
	setenv("FUNK", "dude", 1);
	global = load(files, 0, &err);
	CHECKF(global != NULL, "%s", rt_error_msg(&err));
	if (!global || !pkg) {
		rt_value_free(pkg);
		rt_config_free(global);
		return;
	}
	CHECK_STR(rt_config_str(global, "build_directory"), "foo");
	CHECK_DESC(rt_config_str_list(global, "release_hooks"), "['e1', 'e2']");

	c = rt_config_for_package(global, rt_map_get(pkg, "config"), "config/package.yaml", &err);
	CHECKF(c != NULL, "%s", rt_error_msg(&err));
	if (c) {
		test_basic(c);
		CHECK_STR(rt_config_str(c, "build_directory"), "weeble");
		CHECK_STR(rt_config_str(c, "local_packages_path"), "/env/local");
		CHECK_STR(rt_config_str(c, "plugins.release_vcs.tag_name"), "tag");
		CHECK_DESC(rt_config_str_list(c, "release_hooks"), "['foo', 'bah']");
		CHECK_DESC(rt_config_get(c, "plugins.release_hook.emailer.recipients"),
			   "['joe@here.com', 'jay@there.com']");
		CHECK_STR(rt_config_str(c, "plugins.release_hook.emailer.sender"), "joe@somewhere.com");
		CHECK_DESC(rt_config_str_list(c, "parent_variables"), "['FOO', 'BAH_dude', 'EEK']");
		CHECK(rt_config_get(c, "plugins.release_hook.emailer.nonexistant") == NULL);
		w = rt_config_warnings(c, &n);
		CHECK(n == 1);
		if (n == 1)
			CHECK_STR(w[0], "config/package.yaml:23: unknown setting "
				  "'plugins.release_hook.emailer.nonexistant' (ignored)");
		test_overrides(c);
		rt_config_free(c);
	}
	/* the global config is untouched */
	CHECK_STR(rt_config_str(global, "build_directory"), "foo");
	CHECK(rt_config_warnings(global, &n) && n == 0);

	/* a wrong type in a package's config names the package file and line */
	{
		static const char text[] = "config:\n  release_hooks: emailer\n";
		struct rt_value *bad = rt_yaml_parse(text, sizeof(text) - 1, "pkg/package.yaml", &err);
		c = rt_config_for_package(global, rt_map_get(bad, "config"), "pkg/package.yaml", &err);
		CHECK(c == NULL);
		CHECK_STR(err.msg ? err.msg : "(none)", "pkg/package.yaml:2: setting 'release_hooks' "
			  "must be a list of strings (got 'emailer')");
		rt_value_free(bad);
		bad = rt_value_list();
		c = rt_config_for_package(global, bad, "pkg/package.lua", &err);
		CHECK(c == NULL);
		CHECK_STR(err.msg ? err.msg : "(none)",
			  "pkg/package.lua: attribute 'config' must be a mapping of settings (got list)");
		rt_value_free(bad);
	}
	/* no config at all: same values as the global one */
	c = rt_config_for_package(global, NULL, NULL, &err);
	CHECK(c && rt_value_equal(rt_config_data(c), rt_config_data(global)));
	rt_config_free(c);

	rt_config_free(global);
	rt_value_free(pkg);
	rt_error_release(&err);
	clear_env();
}

/* Rez test_5: misconfigurations given as overrides. */
static void test_bad_overrides(void)
{
	static const char text[] =
		"build_directory: []\nplugins:\n  release_hook:\n    emailer:\n      recipients: 42\n";
	static const char text2[] = "plugins.release_hook.emailer.recipients: 42\n";
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config_opts o = RT_CONFIG_OPTS_INIT;
	static const char *const none[] = { NULL };
	struct rt_value *ov = rt_yaml_parse(text, sizeof(text) - 1, "ov", &err);
	struct rt_config *c;
	o.files = none;
	o.system = test_system;
	o.overrides = ov;
	c = rt_config_load(&o, &err);
	CHECK(c == NULL);
	CHECK_STR(err.msg ? err.msg : "(none)",
		  "override:1: setting 'build_directory' must be a string (got list)");
	rt_value_free(ov);
	ov = rt_yaml_parse(text2, sizeof(text2) - 1, "ov", &err);
	o.overrides = ov;
	c = rt_config_load(&o, &err);
	CHECK(c == NULL);
	CHECK_STR(err.msg ? err.msg : "(none)", "override:1: setting "
		  "'plugins.release_hook.emailer.recipients' must be a string or a list of strings (got integer)");
	rt_value_free(ov);
	rt_error_release(&err);
}

static void test_modify(void)
{
	static const char *const files[] = { "config/modify_base.yaml", "config/modify_more.yaml", NULL };
	static const char *const only_more[] = { "config/modify_more.yaml", NULL };
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *c = load(files, 1, &err);
	CHECKF(c != NULL, "%s", rt_error_msg(&err));
	if (c) {
		CHECK_DESC(rt_config_str_list(c, "release_hooks"), "['z', 'a', 'b']");
		CHECK_DESC(rt_config_get(c, "plugins.release_hook.command.pre_release_commands"),
			   "[{command: 'echo', args: ['base']}, {command: 'echo', args: 'more'}]");
		rt_config_free(c);
	}
	/* on top of the default (empty list) */
	c = load(only_more, 1, &err);
	CHECK(c != NULL);
	if (c) {
		CHECK_DESC(rt_config_str_list(c, "release_hooks"), "['z', 'b']");
		rt_config_free(c);
	}
	/* modifiers in a package's config compose with those of programmatic overrides, and the
	 * environment does not count as the base */
	{
		static const char *const base[] = { "config/modify_base.yaml", NULL };
		struct rt_config_opts o = RT_CONFIG_OPTS_INIT;
		struct rt_value *ov = rt_value_map(), *pc = rt_value_map(), *l = rt_value_list();
		struct rt_config *g, *p;
		rt_list_push(l, rt_value_str("fromOverride"));
		rt_map_set(ov, "release_hooks", rt_config_modify_new(NULL, l));
		l = rt_value_list();
		rt_list_push(l, rt_value_str("fromPkg"));
		rt_map_set(pc, "release_hooks", rt_config_modify_new(NULL, l));
		setenv("REZ_RELEASE_HOOKS", "e1,e2", 1);
		o.files = base;
		o.system = test_system;
		o.overrides = ov;
		g = rt_config_load(&o, &err);
		CHECKF(g != NULL, "%s", rt_error_msg(&err));
		if (g) {
			CHECK_DESC(rt_config_str_list(g, "release_hooks"), "['a', 'fromOverride']");
			p = rt_config_for_package(g, pc, NULL, &err);
			CHECK(p != NULL);
			if (p)
				CHECK_DESC(rt_config_str_list(p, "release_hooks"), "['a', 'fromOverride', 'fromPkg']");
			rt_config_free(p);
			rt_config_free(g);
		}
		o.overrides = NULL;
		g = rt_config_load(&o, &err);
		if (g) {
			CHECK_DESC(rt_config_str_list(g, "release_hooks"), "['e1', 'e2']");
			p = rt_config_for_package(g, pc, NULL, &err);
			CHECK(p && rt_config_str_list(p, "release_hooks"));
			if (p)
				CHECK_DESC(rt_config_str_list(p, "release_hooks"), "['a', 'fromPkg']");
			rt_config_free(p);
			rt_config_free(g);
		}
		rt_value_free(ov);
		rt_value_free(pc);
		clear_env();
	}
	rt_error_release(&err);
}

static void test_file_errors(void)
{
#define ONE(f) ((const char *const[]){ "config/" f, NULL })
	check_load_error(ONE("bad_type.yaml"),
			 "config/bad_type.yaml:3: setting 'packages_path' must be a list of paths (got integer)");
	check_load_error(ONE("bad_item.yaml"),
			 "config/bad_item.yaml:2: setting 'implicit_packages' must be a list of strings "
			 "(got integer at item 2)");
	check_load_error(ONE("bad_enum.yaml"),
			 "config/bad_enum.yaml:1: setting 'variant_select_mode' must be one of "
			 "'version_priority', 'intersection_priority' (got 'newest_first')");
	check_load_error(ONE("bad_group.yaml"),
			 "config/bad_group.yaml:2: setting group 'plugins.release_hook' must be a mapping (got list)");
	check_load_error(ONE("bad_modify.yaml"),
			 "config/bad_modify.yaml:1: setting 'build_directory' must be a string (got a list modifier)");
	check_load_error(ONE("bad_syntax.yaml"),
			 "config/bad_syntax.yaml:3:2: did not find expected key while parsing a block mapping (line 1)");
	check_load_error(ONE("dup_key.yaml"), "config/dup_key.yaml:3:1: duplicate key 'quiet'");
	check_load_error(ONE("not_a_map.yaml"),
			 "config/not_a_map.yaml: configuration must be a mapping of settings (got list)");
	check_load_error(ONE("bad_brace.yaml"), "setting 'build_directory': unbalanced '{' in 'a{b'");
	check_load_error(ONE("computed.lua"),
			 "config/computed.lua: cannot read a Lua configuration file here (no Lua loader)");
	check_load_error(ONE(""), "config/: cannot read configuration: is a directory");
#undef ONE
}

static void test_unknown(void)
{
	static const char *const files[] = { "config/unknown.yaml", NULL };
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *c = load(files, 1, &err);
	size_t n = 0;
	const char *const *w;
	CHECKF(c != NULL, "%s", rt_error_msg(&err));
	if (!c)
		return;
	CHECK(rt_config_bool(c, "quiet") == 1);
	CHECK(rt_config_get(c, "packages_pth") == NULL);
	w = rt_config_warnings(c, &n);
	CHECK(n == 3);
	if (n == 3) {
		CHECK_STR(w[0], "config/unknown.yaml:2: unknown setting 'packages_pth' (ignored)");
		CHECK_STR(w[1], "config/unknown.yaml:3: setting 'package_cache_async' is not used by rez-lua (ignored)");
		CHECK_STR(w[2], "config/unknown.yaml:7: unknown setting 'plugins.shell.bash.promt' (ignored)");
	}
	rt_config_free(c);
	rt_error_release(&err);
}

static void test_search_list(void)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config_opts o = RT_CONFIG_OPTS_INIT;
	struct rt_config *c;
	const char *const *l;
	size_t n;
	char cwd[4096], *home;

	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	home = rt_xstrfmt("%s/config/home", cwd);
	setenv("HOME", home, 1);
	setenv("REZ_CONFIG_FILE", "config/test1.yaml::config/missing.yaml", 1);
	o.system = test_system;
	c = rt_config_load(&o, &err);
	CHECKF(c != NULL, "%s", rt_error_msg(&err));
	if (c) {
		char *y = rt_xstrfmt("%s/.rezconfig.yaml", home), *p = rt_xstrfmt("%s/.rezconfig", home);
		l = rt_config_search_list(c, &n);
		CHECK(n == 4);
		if (n == 4) {
			CHECK_STR(l[0], "config/test1.yaml");
			CHECK_STR(l[1], "config/missing.yaml");
			CHECK_STR(l[2], y);
			CHECK_STR(l[3], p);
		}
		l = rt_config_source_list(c, &n);
		CHECK(n == 2);
		if (n == 2) {
			CHECK_STR(l[0], "config/test1.yaml");
			CHECK_STR(l[1], y);
		}
		CHECK(rt_config_bool(c, "quiet") == 1);      /* from the home file */
		CHECK(rt_config_bool(c, "warn_all") == 1);   /* from test1.yaml */
		free(y);
		free(p);
		rt_config_free(c);
	}
	setenv("REZ_DISABLE_HOME_CONFIG", "True", 1);
	c = rt_config_load(&o, &err);
	CHECK(c != NULL);
	if (c) {
		rt_config_search_list(c, &n);
		CHECK(n == 2);
		CHECK(rt_config_bool(c, "quiet") == 0);
		rt_config_free(c);
	}
	setenv("HOME", "/home/tester", 1);
	free(home);
	clear_env();
	rt_error_release(&err);
}

static void test_expand(void)
{
	static const char *const files[] = { "config/expand.yaml", NULL };
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *c;
	setenv("REZ_TEST_ROOT", "/r", 1);
	c = load(files, 1, &err);
	CHECKF(c != NULL, "%s", rt_error_msg(&err));
	if (c) {
		CHECK_STR(rt_config_str(c, "build_directory"), "{literal}-linux-{unknown.field}");
		CHECK_STR(rt_config_str(c, "local_packages_path"), "/home/tester/dev/packages");
		CHECK_STR(rt_config_str(c, "release_packages_path"), "/r/rel-/r-$REZ_TEST_NOPE");
		CHECK_DESC(rt_config_str_list(c, "parent_variables"),
			   "['~platform', 'a~b', '/home/tester:~', 'x /home/tester/y']");
		CHECK_STR(rt_config_str(c, "tmpdir"), "/scratch/joe");
		rt_config_free(c);
	}
	clear_env();
	rt_error_release(&err);
}

static int stub_calls;

static int stub_lua(void *ud, const char *path, struct rt_value **out, struct rt_error *err)
{
	struct rt_value *m;
	stub_calls++;
	if (strstr(path, "fail"))
		return rt_error(err, "%s:1: boom", path);
	m = rt_value_map();
	rt_map_set(m, "build_directory", rt_value_str(ud));
	rt_map_get(m, "build_directory")->line = 2;
	rt_map_set(m, "quiet", rt_value_str("not a bool"));
	rt_map_get(m, "quiet")->line = 3;
	if (!strstr(path, "bad"))
		rt_map_del(m, "quiet");
	*out = m;
	return 0;
}

static void test_lua_loader(void)
{
	static const char *const files[] = { "config/test1.yaml", "config/computed.lua", NULL };
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config_opts o = RT_CONFIG_OPTS_INIT;
	struct rt_config *c;
	char value[] = "lua_build";
	o.files = files;
	o.no_env = 1;
	o.load_lua = stub_lua;
	o.lua_ud = value;
	o.system = test_system;
	c = rt_config_load(&o, &err);
	CHECKF(c != NULL, "%s", rt_error_msg(&err));
	CHECK(stub_calls == 1);
	if (c) {
		CHECK_STR(rt_config_str(c, "build_directory"), "lua_build");
		CHECK(rt_config_bool(c, "warn_all") == 1);
		rt_config_free(c);
	}
	/* the values a Lua file computes are validated like a YAML file's */
	{
		static const char *const bad[] = { "config/bad_computed.lua", NULL };
		static const char *const failing[] = { "config/fail_computed.lua", NULL };
		o.files = bad;
		c = rt_config_load(&o, &err);
		CHECK(c == NULL);
		CHECK_STR(err.msg ? err.msg : "(none)", "config/bad_computed.lua:3: setting 'quiet' "
			  "must be a boolean (got 'not a bool')");
		o.files = failing;
		c = rt_config_load(&o, &err);
		CHECK(c == NULL);
		CHECK_STR(err.msg ? err.msg : "(none)", "config/fail_computed.lua:1: boom");
	}
	rt_error_release(&err);
}

static void test_docs(void)
{
	struct rt_buf doc = RT_BUF_INIT;
	CHECK(rt_buf_read_file(&doc, "../docs/config.md", 1 << 20) == 0);
	for (size_t i = 0; i < rt_config_n_settings(); i++) {
		const char *key, *type, *what;
		char *needle;
		rt_config_setting_info(i, &key, &type, &what);
		needle = rt_xstrfmt("`%s`", key);
		CHECKF(strstr(doc.buf, needle) != NULL, "docs/config.md documents '%s'", key);
		free(needle);
	}
	rt_buf_release(&doc);
}

int main(void)
{
	test_system = rt_value_map();
	rt_map_set(test_system, "user", rt_value_str("joe"));
	rt_map_set(test_system, "platform", rt_value_str("linux"));
	rt_map_set(test_system, "arch", rt_value_str("x86_64"));
	rt_map_set(test_system, "os", rt_value_str("Debian-12"));
	rt_map_set(test_system, "fqdn", rt_value_str("host.example.com"));
	setenv("HOME", "/home/tester", 1);
	unsetenv("TMPDIR");
	clear_env();

	test_defaults();
	test_file();
	test_env();
	test_package();
	test_bad_overrides();
	test_modify();
	test_file_errors();
	test_unknown();
	test_search_list();
	test_expand();
	test_lua_loader();
	test_docs();
	rt_value_free(test_system);
	return tap_done();
}
