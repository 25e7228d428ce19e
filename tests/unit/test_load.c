/* Unit tests for definition loading: value mapping, order, early/late/commands, YAML, errors. */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/value.h"
#include "interp/load.h"
#include "tap.h"

#include <stdio.h>

static struct rt_value *load(const char *src, char **msg)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *v = li_load_lua(src, strlen(src), "pkg/package.lua", NULL, &err);
	*msg = err.msg;
	return v;
}

static char *describe(const struct rt_value *v)
{
	struct rt_buf b = RT_BUF_INIT;
	rt_value_describe(v, &b);
	return rt_buf_detach(&b, NULL);
}

static void expect_error(const char *src, const char *want)
{
	char *msg = NULL;
	struct rt_value *v = load(src, &msg);
	CHECKF(v == NULL, "loading %s", src);
	CHECK_STR(msg, want);
	rt_value_free(v);
	free(msg);
}

static void test_values(void)
{
	char *msg = NULL;
	struct rt_value *v = load(
		"name = 'foo'\n"
		"version = '1.0.0'\n"
		"requires = {'python-3', 'bar'}\n"
		"n = 3\n"
		"f = 1.5\n"
		"whole = 2.0\n"
		"b = false\n"
		"m = {zeta = 1, alpha = {1, 2}, __hidden = 3, mid = {}}\n"
		"local helper = 'x'\n"
		"function util() return 1 end\n"
		"nested = {{'a'}, {k = 'v'}}\n"
		"name = 'foo2'\n", &msg);
	CHECKF(v != NULL, "%s", msg);
	if (v) {
		char *d;
		CHECK(rt_map_len(v) == 9);
		CHECK_STR(rt_map_key(v, 0), "name");
		CHECK_STR(rt_value_as_str(rt_map_val(v, 0)), "foo2");
		CHECK(rt_map_val(v, 0)->line == 1);
		CHECK_STR(rt_map_key(v, 2), "requires");
		CHECK(rt_map_val(v, 2)->type == RT_LIST && rt_map_val(v, 2)->line == 3);
		CHECK(rt_map_get(v, "n")->type == RT_INT && rt_map_get(v, "n")->u.i == 3);
		CHECK(rt_map_get(v, "f")->type == RT_FLOAT);
		CHECK(rt_map_get(v, "whole")->type == RT_FLOAT && rt_map_get(v, "whole")->u.f == 2.0);
		CHECK(rt_map_get(v, "b")->type == RT_BOOL && !rt_map_get(v, "b")->u.b);
		CHECK(rt_map_get(v, "util") == NULL && rt_map_get(v, "helper") == NULL);
		d = describe(rt_map_get(v, "m"));
		CHECK_STR(d, "{alpha: [1, 2], mid: [], zeta: 1}");
		free(d);
		d = describe(rt_map_get(v, "nested"));
		CHECK_STR(d, "[['a'], {k: 'v'}]");
		free(d);
	}
	rt_value_free(v);
	free(msg);
}

static void test_functions(void)
{
	char *msg = NULL;
	const char *src =
		"name = 'foo'\n"                                   /* 1 */
		"version = '1.2.3'\n"                              /* 2 */
		"@early\n"                                         /* 3 */
		"function description()\n"                         /* 4 */
		"  return 'v' .. this.version .. (building and 'b' or '')\n"   /* 5 */
		"end\n"                                            /* 6 */
		"@late\n"                                          /* 7 */
		"@include('util')\n"                               /* 8 */
		"function tools()\n"                               /* 9 */
		"  return {'a'}\n"                                 /* 10 */
		"end\n"                                            /* 11 */
		"function commands()\n"                            /* 12 */
		"  env.PATH:append('{root}/bin')\n"                /* 13 */
		"end\n"                                            /* 14 */
		"requires = early(function() return {'python-' .. this.description} end)\n" /* 15 */
		"help = late(function()\n"                         /* 16 */
		"  return 'h'\n"                                   /* 17 */
		"end)\n"                                           /* 18 */
		"post_commands = include('m1', 'm2', function() info('x') end)\n"   /* 19 */
		"function preprocess(this, data) end\n"            /* 20 */
		"e2 = early(function(t) return t.name end)\n";     /* 21 */
	struct rt_value *v = load(src, &msg);
	const struct rt_value *x;

	CHECKF(v != NULL, "%s", msg);
	if (!v)
		return;
	CHECK_STR(rt_value_as_str(rt_map_get(v, "description")), "v1.2.3");
	x = rt_map_get(v, "tools");
	CHECK(x && x->type == RT_FUNC && x->u.fn->flags == RT_FN_LATE);
	if (x && x->type == RT_FUNC) {
		CHECK_STR(x->u.fn->source, "function tools()\n  return {'a'}\nend");
		CHECK(x->u.fn->first_line == 9);
		CHECK(x->u.fn->n_includes == 1 && rt_streq(x->u.fn->includes[0], "util"));
		CHECK_STR(x->u.fn->file, "pkg/package.lua");
	}
	x = rt_map_get(v, "commands");
	CHECK(x && x->type == RT_FUNC && x->u.fn->flags == RT_FN_COMMANDS && x->u.fn->first_line == 12);
	x = rt_map_get(v, "requires");
	CHECK(x && x->type == RT_LIST && rt_list_len(x) == 1 &&
	      rt_streq(rt_value_as_str(rt_list_at(x, 0)), "python-v1.2.3"));
	x = rt_map_get(v, "help");
	CHECK(x && x->type == RT_FUNC && x->u.fn->flags == RT_FN_LATE);
	if (x && x->type == RT_FUNC)
		CHECK_STR(x->u.fn->source, "help = function()\n  return 'h'\nend");
	x = rt_map_get(v, "post_commands");
	CHECK(x && x->type == RT_FUNC && x->u.fn->flags == RT_FN_COMMANDS && x->u.fn->n_includes == 2);
	if (x && x->type == RT_FUNC)
		CHECK_STR(x->u.fn->source, "post_commands = function() info('x') end");
	x = rt_map_get(v, "preprocess");
	CHECK(x && x->type == RT_FUNC && x->u.fn->flags == RT_FN_PREPROCESS);
	CHECK_STR(rt_value_as_str(rt_map_get(v, "e2")), "foo");
	/* Order is definition order. */
	CHECK_STR(rt_map_key(v, 2), "description");
	CHECK_STR(rt_map_key(v, 3), "tools");
	rt_value_free(v);

	/* building is bound. */
	{
		struct li_load_opts opts = LI_LOAD_OPTS_DEFAULT;
		struct rt_error err = RT_ERROR_INIT;
		const char *s2 = "@early\nfunction x() return building end\n";
		opts.building = 1;
		v = li_load_lua(s2, strlen(s2), "p.lua", &opts, &err);
		CHECK(v && rt_map_get(v, "x")->type == RT_BOOL && rt_map_get(v, "x")->u.b);
		rt_value_free(v);
		rt_error_release(&err);
	}
}

static void test_errors(void)
{
	expect_error("name = 'x'\n@early\nfunction a() return this.b end\n@early\nfunction b() return 1 end\n",
		     "pkg/package.lua:3: early binding function cannot refer to another early or late "
		     "binding function: 'b' (in early binding 'a')");
	expect_error("@late\nfunction b() return 1 end\na = early(function() return this.b end)\n",
		     "pkg/package.lua:3: early binding function cannot refer to another early or late "
		     "binding function: 'b' (in early binding 'a')");
	expect_error("@early\nfunction a()\n  return this.nope\nend\n",
		     "pkg/package.lua:3: no such package attribute 'nope' (in early binding 'a')");
	expect_error("@early\nfunction a()\n\n  error('boom')\nend\n",
		     "pkg/package.lua:4: boom (in early binding 'a')");
	expect_error("@early\nfunction a(x, y) end\n",
		     "pkg/package.lua:2: @early function 'a' must take zero or one arguments");
	expect_error("@late\nfunction commands() end\n",
		     "pkg/package.lua:2: cannot use @late on function 'commands'");
	expect_error("x = 1\ncommands = late(function() end)\n",
		     "pkg/package.lua:2: cannot use @late on function 'commands'");
	expect_error("@include('m')\nfunction helper() end\n",
		     "pkg/package.lua:2: @include can only be used on late binding and commands "
		     "functions (attribute 'helper')");
	expect_error("x = 1\ndescription = 'ok \\xff bad'\n",
		     "pkg/package.lua:2: attribute 'description' is not valid UTF-8 text");
	expect_error("x = {a = {'\\xc3\\x28'}}\n", "pkg/package.lua:1: attribute 'x' is not valid UTF-8 text");
	expect_error("x = {1, 2, a = 3}\n",
		     "pkg/package.lua:1: attribute 'x' mixes list items and named keys in one table");
	expect_error("x = {[true] = 1}\n",
		     "pkg/package.lua:1: attribute 'x' has a table key of type boolean (keys must be strings)");
	expect_error("x = {}\nx.self = x\n",
		     "pkg/package.lua:1: attribute 'x' contains a table that contains itself");
	expect_error("x = coroutine\n", "pkg/package.lua:1: name 'coroutine' is not defined");
	expect_error("\nx = undefined_name + 1\n", "pkg/package.lua:2: name 'undefined_name' is not defined");
	expect_error("x = = 1\n", "pkg/package.lua:1: unexpected symbol near '='");
	expect_error("@late\nlocal x = 1\n",
		     "pkg/package.lua:1: decorator '@late' must be followed by a global function "
		     "definition 'function NAME(...)'");
	expect_error("x = 1\nwhile true do end\n", "pkg/package.lua:2: instruction limit exceeded");
	expect_error("@early\nfunction a()\n  while true do end\nend\n",
		     "pkg/package.lua:3: instruction limit exceeded (in early binding 'a')");
	expect_error("x = string.rep('x', 1e12)\n", "pkg/package.lua:1: memory limit exceeded");
	expect_error("local t = {}\nfor i = 1, 1e10 do t[i] = i end\n",
		     "pkg/package.lua:2: memory limit exceeded");
	expect_error("x = early(1)\n",
		     "pkg/package.lua:1: bad argument #1 to 'early' (function expected, got number)");
}

static void test_yaml(void)
{
	struct rt_error err = RT_ERROR_INIT;
	const char *y =
		"name: foo\n"
		"version: '1.0'\n"
		"requires:\n"
		"  - python-3\n"
		"commands: |\n"
		"  env.PATH:append('{root}/bin')\n"
		"  env.FOO = 'x'\n"
		"pre_commands: info('hi')\n"
		"__private: 1\n";
	struct rt_value *v = li_load_yaml(y, strlen(y), "p/package.yaml", &err);
	const struct rt_value *x;
	CHECKF(v != NULL, "%s", err.msg);
	if (v) {
		CHECK(rt_map_get(v, "__private") == NULL);
		x = rt_map_get(v, "commands");
		CHECK(x && x->type == RT_FUNC && x->u.fn->flags == RT_FN_COMMANDS);
		if (x && x->type == RT_FUNC) {
			CHECK_STR(x->u.fn->source, "function commands() env.PATH:append('{root}/bin')\n"
				  "env.FOO = 'x'\n\nend");
			CHECK(x->u.fn->first_line == 6);
		}
		x = rt_map_get(v, "pre_commands");
		CHECK(x && x->type == RT_FUNC && x->u.fn->first_line == 8);
	}
	rt_value_free(v);
	rt_error_release(&err);
	v = li_load_yaml("commands:\n  - a\n", 16, "p/package.yaml", &err);
	CHECK(v == NULL);
	CHECK_STR(err.msg, "p/package.yaml:2: attribute 'commands' must be a function or a string of Lua code (got "
		  "list); rez-1 command lists are not supported");
	rt_error_release(&err);
	v = li_load_yaml("- a\n", 4, "p/package.yaml", &err);
	CHECK(v == NULL);
	CHECK_STR(err.msg, "p/package.yaml:1: a package definition must be a mapping of attributes (got list)");
	rt_error_release(&err);
}

static void test_files(void)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *v = li_load_definition("/nonexistent/package.lua", NULL, &err);
	CHECK(v == NULL);
	CHECK_STR(err.msg, "/nonexistent/package.lua: cannot read package definition: No such file or directory");
	rt_error_release(&err);
	v = li_load_definition("/tmp", NULL, &err);
	CHECK(v == NULL && err.msg && strstr(err.msg, "unknown package definition format"));
	rt_error_release(&err);
}

int main(void)
{
	test_values();
	test_functions();
	test_errors();
	test_yaml();
	test_files();
	return tap_done();
}
