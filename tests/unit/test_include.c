/* Unit tests for interp/include.c: module names, lookup order (installed copy, then the
 * configured path), validation of a developer package's @include uses, and binding into
 * @late functions (late.c): found, missing, bad name, cycle, read-only modules. Runs from
 * tests/ (fixtures in preprocess/). */
#include "runtime/common.h"
#include "interp/include.h"
#include "interp/late.h"
#include "interp/state.h"
#include "runtime/value.h"
#include "tap.h"

#define LUA_DIR "preprocess/lua"
#define INSTALLED "preprocess/installed/instpkg/1.0"

static void test_names(void)
{
	static const char *const good[] = { "util", "studio.paths", "a_1", "_x", "A.b.C", NULL };
	static const char *const bad[] = { "", "../evil", "a/b", "a\\b", "a..b", ".a", "a.", "1a",
					   "a-b", "a b", "..", NULL };
	const char *why = NULL;
	for (const char *const *p = good; *p; p++)
		CHECKF(li_include_name_valid(*p, NULL), "'%s' is valid", *p);
	for (const char *const *p = bad; *p; p++)
		CHECKF(!li_include_name_valid(*p, &why) && why, "'%s' is invalid", *p);
	li_include_name_valid("a/b", &why);
	CHECK_STR(why, "module names cannot contain path separators");
	li_include_name_valid("a..b", &why);
	CHECK_STR(why, "module names cannot contain '..'");
}

static void test_resolve(void)
{
	const char *dirs[] = { "preprocess/nowhere", LUA_DIR };
	struct rt_error err = RT_ERROR_INIT;
	char *p;

	p = li_include_resolve("util", NULL, dirs, 2, &err);
	CHECK_STR(p, LUA_DIR "/util.lua");
	free(p);
	/* an installed package's own copy comes first */
	p = li_include_resolve("util", INSTALLED, dirs, 2, &err);
	CHECK_STR(p, INSTALLED "/.rez/include/util.lua");
	free(p);
	/* ...and the configured path is the fallback */
	p = li_include_resolve("early_utils", INSTALLED, dirs, 2, &err);
	CHECK_STR(p, LUA_DIR "/early_utils.lua");
	free(p);
	p = li_include_resolve("studio.paths", NULL, dirs, 2, &err);
	CHECK_STR(p, LUA_DIR "/studio/paths.lua");
	free(p);

	CHECK(!li_include_resolve("nope", NULL, dirs, 2, &err));
	CHECK_STR(rt_error_msg(&err), "no file nope.lua was found on package_definition_lua_path: "
		  "preprocess/nowhere:" LUA_DIR);
	CHECK(!li_include_resolve("a.nope", INSTALLED, dirs, 1, &err));
	CHECK_STR(rt_error_msg(&err), "no file a/nope.lua was found in " INSTALLED "/.rez/include "
		  "or on package_definition_lua_path: preprocess/nowhere");
	CHECK(!li_include_resolve("x", NULL, NULL, 0, &err));
	CHECK_STR(rt_error_msg(&err), "no file x.lua was found on package_definition_lua_path: "
		  "(empty)");
	CHECK(!li_include_resolve("../util", INSTALLED, dirs, 2, &err));
	CHECK_STR(rt_error_msg(&err), "invalid module name '../util': module names cannot contain "
		  "path separators");
	rt_error_release(&err);
}

static struct rt_value *func_value(const char *name, const char *src, int line,
				   const char *inc1, const char *inc2)
{
	struct rt_func *fn = rt_func_new(name, src, "pkg/package.lua", line, RT_FN_LATE);
	if (inc1)
		rt_func_add_include(fn, inc1);
	if (inc2)
		rt_func_add_include(fn, inc2);
	return rt_value_func(fn);
}

static void test_collect_validate(void)
{
	struct rt_value *data = rt_value_map(), *nested = rt_value_map(), *names = rt_value_list();
	struct rt_value *dirs = rt_value_list();
	struct rt_error err = RT_ERROR_INIT;

	rt_list_push(dirs, rt_value_str(LUA_DIR));
	rt_map_set(data, "name", rt_value_str("foo"));
	rt_map_set(data, "tools", func_value("tools", "function tools() end", 3, "util",
					      "early_utils"));
	rt_map_set(nested, "x", func_value("x", "function x() end", 9, "util", NULL));
	rt_map_set(data, "nested", nested);
	li_include_collect(data, names);
	CHECK(rt_list_len(names) == 2);
	CHECK_STR(rt_value_as_str(rt_list_at(names, 0)), "util");
	CHECK_STR(rt_value_as_str(rt_list_at(names, 1)), "early_utils");
	CHECK(li_include_validate(data, dirs, &err) == 0);

	rt_map_set(nested, "y", func_value("y", "function y() end", 12, "nope", NULL));
	CHECK(li_include_validate(data, dirs, &err) < 0);
	CHECK_STR(rt_error_msg(&err), "pkg/package.lua:12: @include decorator requests module "
		  "'nope', but no file nope.lua was found on package_definition_lua_path: "
		  LUA_DIR);
	rt_error_release(&err);
	rt_value_free(data);
	rt_value_free(names);
	rt_value_free(dirs);
}

/* Evaluates a late function with includes for a package based at `base`; returns the
 * result as text (or "ERROR: msg"). Caller frees. */
static char *eval(lua_State *L, const char *src, const char *base, const char *inc)
{
	struct li_pkg pkg;
	struct li_late_bindings b = { &pkg, NULL };
	struct rt_func *fn = rt_func_new("x", src, "pkg/package.lua", 4, RT_FN_LATE);
	struct rt_value *out = NULL;
	struct rt_error err = RT_ERROR_INIT;
	char *r;
	memset(&pkg, 0, sizeof(pkg));
	pkg.name = "instpkg";
	pkg.version = "1.0";
	pkg.base = base;
	pkg.root = base;
	pkg.variant_index = -1;
	if (inc)
		rt_func_add_include(fn, inc);
	if (li_late_eval(L, fn, &b, &out, &err) < 0)
		r = rt_xstrfmt("ERROR: %s", rt_error_msg(&err));
	else
		r = rt_xstrdup(rt_value_as_str(out) ? rt_value_as_str(out) : "(not a string)");
	rt_error_release(&err);
	rt_value_free(out);
	rt_func_free(fn);
	return r;
}

#define CHECK_EVAL(L, src, base, inc, want)                                                    \
	do {                                                                                    \
		char *got_ = eval(L, src, base, inc);                                          \
		CHECK_STR(got_, want);                                                         \
		free(got_);                                                                     \
	} while (0)

static void test_bind(void)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *dirs = rt_value_list();
	lua_State *L = li_state_new(NULL, &err);

	CHECK(L != NULL);
	rt_list_push(dirs, rt_value_str(LUA_DIR));
	CHECK(li_include_set_path(L, dirs, &err) == 0);

	CHECK_EVAL(L, "\n\n\nfunction x()\n\treturn util.who()\nend", INSTALLED, "util",
		   "installed");
	CHECK_EVAL(L, "\n\n\nfunction x()\n\treturn util.who()\nend", "/nonexistent", "util",
		   "path");
	/* a module of plain functions, and a module requiring another (installed -> path) */
	CHECK_EVAL(L, "function x()\n\treturn early_utils.get_authors()[2]\nend", NULL,
		   "early_utils", "tweedle-dum");
	CHECK_EVAL(L, "function x()\n\treturn util.root()\nend", INSTALLED, "util", "/studio");
	/* without @include the name is not there */
	CHECK_EVAL(L, "function x()\n\treturn util.who()\nend", INSTALLED, NULL,
		   "ERROR: Error in @late attribute 'x' of package 'instpkg-1.0' "
		   "(pkg/package.lua:5): undefined name 'util'");
	CHECK_EVAL(L, "function x()\n\treturn nope.x\nend", "/nonexistent", "nope",
		   "ERROR: Error in @late attribute 'x' of package 'instpkg-1.0' "
		   "(pkg/package.lua:4): @include decorator requests module 'nope', but no file "
		   "nope.lua was found in /nonexistent/.rez/include or on "
		   "package_definition_lua_path: " LUA_DIR);
	CHECK_EVAL(L, "function x()\n\treturn 1\nend", NULL, "../evil",
		   "ERROR: Error in @late attribute 'x' of package 'instpkg-1.0' "
		   "(pkg/package.lua:4): @include decorator requests module '../evil', but invalid "
		   "module name '../evil': module names cannot contain path separators");
	CHECK_EVAL(L, "function x()\n\treturn 1\nend", NULL, "cyc_a",
		   "ERROR: Error in @late attribute 'x' of package 'instpkg-1.0' "
		   "(pkg/package.lua:4): in @include module 'cyc_a': " LUA_DIR "/cyc_b.lua:1: "
		   "include cycle: cyc_a -> cyc_b -> cyc_a");
	CHECK_EVAL(L, "function x()\n\treturn 1\nend", NULL, "bad_return",
		   "ERROR: Error in @late attribute 'x' of package 'instpkg-1.0' "
		   "(pkg/package.lua:4): in @include module 'bad_return': module 'bad_return' ("
		   LUA_DIR "/bad_return.lua) returned a number: a module returns a table or "
		   "nothing");
	/* the freeze of a module's tables is bounded, with a message naming the file */
	CHECK_EVAL(L, "function x()\n\treturn 1\nend", NULL, "deep_module",
		   "ERROR: Error in @late attribute 'x' of package 'instpkg-1.0' "
		   "(pkg/package.lua:4): in @include module 'deep_module': module 'deep_module' ("
		   LUA_DIR "/deep_module.lua) holds tables nested too deeply (more than 200 levels)");
	/* modules are shared by the state: read-only */
	CHECK_EVAL(L, "function x()\n\tutil.who = nil\nend", NULL, "util",
		   "ERROR: Error in @late attribute 'x' of package 'instpkg-1.0' "
		   "(pkg/package.lua:5): cannot assign 'who': module 'util' is read-only");
	/* the cycle above left nothing half-loaded: the state still works */
	CHECK_EVAL(L, "function x()\n\treturn util.who()\nend", NULL, "util", "path");

	li_state_close(L);
	rt_value_free(dirs);
	rt_error_release(&err);
}

int main(void)
{
	test_names();
	test_resolve();
	test_collect_validate();
	test_bind();
	return tap_done();
}
