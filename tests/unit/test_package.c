/* Unit tests for the package schema: valid packages and every kind of type error. */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/value.h"
#include "runtime/version.h"
#include "runtime/package.h"
#include "interp/load.h"
#include "tap.h"

#include <stdio.h>

static struct rt_package *make(const char *src, char **msg)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *v = li_load_lua(src, strlen(src), "r/foo/1.0/package.lua", NULL, &err);
	struct rt_package *p = v ? rt_package_new(v, "r/foo/1.0/package.lua", NULL, &err) : NULL;
	*msg = err.msg;
	return p;
}

static void expect_error(const char *src, const char *want)
{
	char *msg = NULL;
	struct rt_package *p = make(src, &msg);
	CHECKF(p == NULL, "%s", src);
	CHECK_STR(msg, want);
	free(msg);
	rt_package_free(p);
}

static void test_valid(void)
{
	char *msg = NULL;
	struct rt_package *p = make(
		"name = 'foo'\nversion = '1.0.0'\n"
		"description = [[\n    Line one.\n      indented\n]]\n"
		"requires = {'python-3.9+<4', '~weak-1', '!bad'}\n"
		"variants = {{'python-2.7'}, {'python-3.11', 'x'}}\n"
		"tools = {'foo', 'bar'}\n"
		"help = {{'doc', 'http://x'}}\n"
		"config = {}\n"
		"tests = {unit = 'echo', lint = {command = {'a'}, requires = {'x'}, on_variants = true}}\n"
		"commands = 'env.X = 1'\n"
		"@late\nfunction build_requires() return {} end\n"
		"custom = {a = 1}\n", &msg);
	CHECKF(p != NULL, "%s", msg);
	free(msg);
	if (!p)
		return;
	CHECK_STR(p->name, "foo");
	CHECK_STR(rt_version_str(p->version), "1.0.0");
	CHECK_STR(p->base, "r/foo/1.0");
	CHECK(p->requires.len == 3 && rt_request_is_weak(p->requires.items[1]));
	CHECK(p->n_variants == 2 && p->variants[1].len == 2);
	CHECK(p->n_tools == 2 && rt_streq(p->tools[1], "bar"));
	CHECK(p->late_build_requires && p->build_requires.len == 0);
	CHECK_STR(rt_value_as_str(rt_package_get(p, "description")), "Line one.\n  indented");
	CHECK(rt_package_get(p, "config")->type == RT_MAP);
	CHECK(rt_package_get(p, "commands")->type == RT_FUNC);
	CHECK(rt_package_get(p, "custom")->type == RT_MAP);
	{
		struct rt_buf b = RT_BUF_INIT;
		rt_package_qualified_name(p, &b);
		CHECK_STR(b.buf, "foo-1.0.0");
		rt_buf_release(&b);
	}
	rt_package_free(p);

	p = make("name = 'unv'\n", &msg);
	CHECK(p && rt_version_is_empty(p->version));
	free(msg);
	rt_package_free(p);
	CHECK(rt_package_is_release_attr("changelog") && !rt_package_is_release_attr("name"));
}

static void test_errors(void)
{
	const char *f = "r/foo/1.0/package.lua";
	char want[512];
#define E(src, msgfmt) do { snprintf(want, sizeof(want), "%s" msgfmt, f); expect_error(src, want); } while (0)
	E("name = 'foo'\nrequires = 3\n", ":2: attribute 'requires' must be a list of strings (got number)");
	E("name = 'foo'\n\nrequires = {'a', 3}\n",
	  ":3: attribute 'requires' must be a list of strings (got a list containing a number)");
	E("name = 'foo'\nversion = 1.0\n", ":2: attribute 'version' must be a string (got number)");
	E("name = 'foo'\nversion = '1..0'\n", ":2: attribute 'version': invalid version '1..0': "
	  "two separators in a row");
	E("version = '1'\n", ": missing attribute 'name'");
	E("name = 5\n", ":1: attribute 'name' must be a string (got number)");
	E("name = 'foo-bar'\n", ":1: attribute 'name': invalid package name 'foo-bar'");
	E("name = 'foo'\nrequires = {'foo-1..2..3'}\n", ":2: attribute 'requires': invalid package "
	  "request 'foo-1..2..3': invalid version range '1..2..3': syntax error");
	E("name = 'foo'\nvariants = {'python'}\n",
	  ":2: attribute 'variants' must be a list of lists of strings (got a list containing a string)");
	E("name = 'foo'\n@late\nfunction variants() return {} end\n",
	  ":3: attribute 'variants' cannot be a late binding function");
	E("name = 'foo'\nhashed_variants = 'yes'\n", ":2: attribute 'hashed_variants' must be a boolean (got string)");
	E("name = 'foo'\ndescription = {}\n", ":2: attribute 'description' must be a string (got list)");
	E("name = 'foo'\nconfig = 'x'\n", ":2: attribute 'config' must be a table of named values (got string)");
	E("name = 'foo'\ntimestamp = 1.5\n", ":2: attribute 'timestamp' must be an integer (got number)");
	E("name = 'foo'\ncommands = 3\n",
	  ":2: attribute 'commands' must be a function or a string of Lua code (got number)");
	E("name = 'foo'\ntests = {unit = {requires = {}}}\n", ":2: test 'unit' in attribute 'tests' has no 'command'");
	E("name = 'foo'\nhelp = {{'a'}}\n",
	  ":2: attribute 'help' must be a string or a list of {label, url} string pairs (got a list containing a list)");
	E("name = 'foo'\nrequires_rez_version = 'x..y'\n",
	  ":2: attribute 'requires_rez_version': invalid version 'x..y': two separators in a row");
#undef E
}

int main(void)
{
	test_valid();
	test_errors();
	return tap_done();
}
