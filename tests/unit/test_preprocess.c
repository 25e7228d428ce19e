/* Unit tests for interp/preprocess.c through its C API: the change summary, Rez's
 * test_packages.py preprocess cases with the configuration built in code (including the
 * global preprocess given as a function, which only code can do), messages, include lists,
 * and error paths. Runs from tests/ (fixtures in preprocess/). */
#include "runtime/common.h"
#include "interp/preprocess.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/package.h"
#include "runtime/value.h"
#include "tap.h"

#define PKGS "preprocess/packages/"

/* ---- the summary ---- */

static struct rt_value *map2(const char *k1, struct rt_value *v1, const char *k2,
			     struct rt_value *v2)
{
	struct rt_value *m = rt_value_map();
	if (k1)
		rt_map_set(m, k1, v1);
	if (k2)
		rt_map_set(m, k2, v2);
	return m;
}

static void test_diff(void)
{
	struct rt_buf out = RT_BUF_INIT;
	struct rt_value *a, *b, *l = rt_value_list();
	rt_list_push(l, rt_value_int(1));
	a = map2("a", rt_value_int(1), "b", map2("c", rt_value_int(1), "d", rt_value_int(2)));
	rt_map_set(a, "l", l);
	rt_map_set(a, "it's", rt_value_str("x"));
	b = map2("a", rt_value_int(2), "b", map2("c", rt_value_int(1), "e", rt_value_int(3)));
	rt_map_set(b, "n", rt_value_bool(1));
	rt_map_set(b, "it's", rt_value_str("y"));
	CHECK(li_preprocess_diff(a, b, &out) == 1);
	/* Rez's order: nested additions first, then the top-level ones */
	CHECK_STR(out.buf, "Package attributes were changed in preprocessing:\n"
		  "Added attributes: ['b.e', 'n']\n"
		  "Removed attributes: ['b.d', 'l']\n"
		  "Changed attributes: ['a', \"it's\"]");
	rt_buf_reset(&out);
	CHECK(li_preprocess_diff(a, a, &out) == 0);
	CHECK(out.len == 0);
	rt_buf_release(&out);
	rt_value_free(a);
	rt_value_free(b);
}

/* ---- developer packages ---- */

struct msgs {
	struct rt_buf text;
};

static void collect(void *ud, enum li_msg_level level, const char *msg)
{
	struct msgs *m = ud;
	rt_buf_addf(&m->text, "%s%s\n", level == LI_MSG_WARNING ? "warning: " : "", msg);
}

/* A configuration with only these overrides (no files, no environment). `global` is a
 * string, a function source (when it starts with "function"), or NULL. */
static struct rt_config *config(const char *global, const char *mode)
{
	static const char *const none[] = { NULL };
	struct rt_config_opts o = RT_CONFIG_OPTS_INIT;
	struct rt_value *ov = rt_value_map(), *pp = rt_value_list(), *lp = rt_value_list();
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *c;
	rt_list_push(pp, rt_value_str("preprocess/repo"));
	rt_list_push(lp, rt_value_str("preprocess/lua"));
	rt_map_set(ov, "packages_path", pp);
	rt_map_set(ov, "package_definition_lua_path", lp);
	if (global && rt_starts_with(global, "function"))
		rt_map_set(ov, "package_preprocess_function", rt_value_func(
				   rt_func_new("preprocess", global, "site/config.lua", 1,
					       RT_FN_PREPROCESS)));
	else if (global)
		rt_map_set(ov, "package_preprocess_function", rt_value_str(global));
	if (mode)
		rt_map_set(ov, "package_preprocess_mode", rt_value_str(mode));
	o.files = none;
	o.no_env = 1;
	o.no_home = 1;
	o.overrides = ov;
	c = rt_config_load(&o, &err);
	CHECKF(c != NULL, "config: %s", rt_error_msg(&err));
	rt_error_release(&err);
	rt_value_free(ov);
	return c;
}

/* Loads `dir`; returns the package or NULL (then *errmsg holds the message). */
static struct li_devpkg *load(const char *dir, const char *global, const char *mode,
			      struct msgs *m, char **errmsg)
{
	struct li_devpkg_opts o = LI_DEVPKG_OPTS_INIT;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *c = config(global, mode);
	struct li_devpkg *d;
	o.config = c;
	o.msg = collect;
	o.msg_ud = m;
	d = li_devpkg_load(dir, &o, &err);
	*errmsg = d ? NULL : rt_xstrdup(rt_error_msg(&err));
	rt_error_release(&err);
	rt_config_free(c);
	return d;
}

static const struct rt_value *attr(const struct li_devpkg *d, const char *k)
{
	return rt_package_get(d->package, k);
}

static void check_str_attr(const struct li_devpkg *d, const char *k, const char *want)
{
	const struct rt_value *v = attr(d, k);
	CHECK_STR(v ? rt_value_as_str(v) : "(missing)", want);
}

static int is_true(const struct rt_value *v)
{
	return v && v->type == RT_BOOL && v->u.b;
}

static void test_local_wins(void)
{
	struct msgs m = { RT_BUF_INIT };
	char *e;
	struct li_devpkg *d = load(PKGS "developer_dynamic_local_preprocess",
				   "global_preprocess.inject_data", NULL, &m, &e);
	CHECKF(d != NULL, "%s", e ? e : "");
	if (d) {
		const struct rt_value *au = attr(d, "authors");
		check_str_attr(d, "description", "This.");
		CHECK(d->package->requires.len == 1);
		CHECK_STR(rt_value_as_str(rt_list_at(attr(d, "requires"), 0)), "versioned-3");
		CHECK(au && rt_list_len(au) == 2);
		CHECK(!attr(d, "added_by_global_preprocess"));
		CHECK(is_true(attr(d, "added_by_local_preprocess")));
		CHECK(d->n_preprocess == 1 && d->changed);
		CHECK(rt_list_len(d->includes) == 0);
	}
	CHECK_STR(m.text.buf, "Applying local preprocess function\n"
		  "Package attributes were changed in preprocessing:\n"
		  "Added attributes: ['authors', 'added_by_local_preprocess']\n");
	li_devpkg_free(d);
	free(e);
	rt_buf_release(&m.text);
}

static void test_global_string_and_function(void)
{
	struct msgs m = { RT_BUF_INIT };
	char *e;
	struct li_devpkg *d = load(PKGS "developer_dynamic_global_preprocess",
				   "global_preprocess.inject_data", NULL, &m, &e);
	CHECKF(d != NULL, "%s", e ? e : "");
	if (d) {
		check_str_attr(d, "description", "This.");
		CHECK(is_true(attr(d, "added_by_global_preprocess")));
	}
	li_devpkg_free(d);
	free(e);

	/* Rez's test_developer_dynamic_global_preprocess_func */
	d = load(PKGS "developer_dynamic_global_preprocess",
		 "function preprocess(this, data)\n"
		 "\tdata.dynamic_attribute_added = { test = true }\nend", NULL, &m, &e);
	CHECKF(d != NULL, "%s", e ? e : "");
	if (d) {
		const struct rt_value *v = attr(d, "dynamic_attribute_added");
		check_str_attr(d, "description", "This.");
		CHECK(v && v->type == RT_MAP && rt_map_len(v) == 1 &&
		      is_true(rt_map_get(v, "test")));
	}
	li_devpkg_free(d);
	free(e);

	/* read-only views of `this` copy into data */
	d = load(PKGS "developer_dynamic_local_preprocess", "function preprocess(this, data)\n"
		 "\tdata.copied = this.requires\n\tdata.v = this.version\nend", "after", &m, &e);
	CHECKF(d != NULL, "%s", e ? e : "");
	if (d) {
		const struct rt_value *v = attr(d, "copied");
		CHECK(v && v->type == RT_LIST && rt_list_len(v) == 1 &&
		      rt_streq(rt_value_as_str(rt_list_at(v, 0)), "versioned-3"));
		check_str_attr(d, "v", "");
	}
	li_devpkg_free(d);
	free(e);
	rt_buf_release(&m.text);
}

/* Rez's test_developer_dynamic_before / _after, the global one given as a function. */
static void test_modes(void)
{
	static const char *const global =
		"function preprocess(this, data)\n"
		"\tdata.dynamic_attribute_added = { value_set_by = 'global' }\n"
		"\tdata.added_by_global_preprocess = true\nend";
	static const struct { const char *mode, *winner; int n; } cases[] = {
		{ "before", "global", 2 }, { "after", "local", 2 }, { "override", "local", 1 },
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(cases); i++) {
		struct msgs m = { RT_BUF_INIT };
		char *e;
		struct li_devpkg *d = load(PKGS "developer_dynamic_local_preprocess_additive",
					   global, cases[i].mode, &m, &e);
		CHECKF(d != NULL, "%s: %s", cases[i].mode, e ? e : "");
		if (d) {
			const struct rt_value *v = attr(d, "dynamic_attribute_added");
			const struct rt_value *au = attr(d, "authors");
			CHECK(v && rt_streq(rt_value_as_str(rt_map_get(v, "value_set_by")),
					    cases[i].winner));
			CHECK(au && rt_streq(rt_value_as_str(rt_list_at(au, 1)), "tweedle-dum"));
			CHECK(is_true(attr(d, "added_by_local_preprocess")));
			CHECK(!!is_true(attr(d, "added_by_global_preprocess")) == (cases[i].n == 2));
			CHECK(d->n_preprocess == cases[i].n);
		}
		li_devpkg_free(d);
		free(e);
		rt_buf_release(&m.text);
	}
}

static void test_includes(void)
{
	struct msgs m = { RT_BUF_INIT };
	char *e;
	struct li_devpkg *d = load(PKGS "inc_ok", NULL, NULL, &m, &e);
	CHECKF(d != NULL, "%s", e ? e : "");
	if (d) {
		CHECK(rt_list_len(d->includes) == 1);
		CHECK_STR(rt_value_as_str(rt_list_at(d->includes, 0)), "util");
		CHECK_STR(rt_value_as_str(rt_list_at(d->include_files, 0)),
			  "preprocess/lua/util.lua");
		CHECK(d->n_preprocess == 0 && !d->changed);
	}
	CHECK(m.text.len == 0);
	li_devpkg_free(d);
	free(e);
	rt_buf_release(&m.text);
}

static void test_errors(void)
{
	static const struct { const char *dir, *global, *want; } cases[] = {
		{ PKGS "local_raises", NULL, "Error in local preprocess function of package "
		  "'local_raises-1.0' (" PKGS "local_raises/package.lua:5): nope, not today" },
		{ PKGS "local_requires5", NULL, PKGS "local_requires5/package.lua: package data "
		  "written by the local preprocess function (" PKGS "local_requires5/package.lua:4) "
		  "is invalid: attribute 'requires' must be a list of strings (got number)" },
		{ PKGS "developer_dynamic_global_preprocess", "function preprocess(this, data)\n"
		  "\tdata.x = coroutine\nend", "Error in global preprocess function of package "
		  "'developer_dynamic_global_preprocess' (site/config.lua:2): undefined name "
		  "'coroutine'" },
		{ PKGS "developer_dynamic_global_preprocess", "function preprocess(this, data)\n"
		  "\tdata.x = { 1, nil, 3 }\nend", PKGS "developer_dynamic_global_preprocess/"
		  "package.lua: package data written by the global preprocess function "
		  "(site/config.lua:1) is invalid: attribute 'x' is a list with holes (nil items)" },
		{ PKGS "developer_dynamic_global_preprocess", "function preprocess(this, data)\n"
		  "\tdata.x = { 1, y = 2 }\nend", PKGS "developer_dynamic_global_preprocess/"
		  "package.lua: package data written by the global preprocess function "
		  "(site/config.lua:1) is invalid: attribute 'x' mixes list items and named keys "
		  "in one table" },
		{ PKGS "developer_dynamic_global_preprocess", "failing", PKGS
		  "developer_dynamic_global_preprocess/package.lua: setting "
		  "'package_preprocess_function' must be of the form 'module.function' (or "
		  "'pkg.module.function'), got 'failing'" },
		{ "preprocess/nothing-here", NULL, "preprocess/nothing-here: no such file or "
		  "directory" },
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(cases); i++) {
		struct msgs m = { RT_BUF_INIT };
		char *e;
		struct li_devpkg *d = load(cases[i].dir, cases[i].global, NULL, &m, &e);
		CHECK(d == NULL);
		CHECK_STR(e ? e : "(loaded)", cases[i].want);
		li_devpkg_free(d);
		free(e);
		rt_buf_release(&m.text);
	}
}

int main(void)
{
	test_diff();
	test_local_wins();
	test_global_string_and_function();
	test_modes();
	test_includes();
	test_errors();
	return tap_done();
}
