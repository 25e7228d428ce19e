/* Unit tests for the dialect front end: decorator rewriting and function cutting. */
#include "runtime/common.h"
#include "interp/dialect.h"
#include "tap.h"

#include <stdio.h>

/* Rewrites src; returns the error message (malloc'd) or NULL, and the rewritten text. */
static char *rewrite(const char *src, struct li_dialect *d)
{
	struct rt_error err = RT_ERROR_INIT;
	if (li_dialect_rewrite(d, src, strlen(src), "package.lua", &err) == 0)
		return NULL;
	return err.msg;
}

static void expect_error(const char *src, const char *want)
{
	struct li_dialect d = LI_DIALECT_INIT;
	char *msg = rewrite(src, &d);
	CHECK_STR(msg, want);
	free(msg);
	li_dialect_release(&d);
}

static void test_rewrite(void)
{
	struct li_dialect d = LI_DIALECT_INIT;
	const char *src =
		"name = 'foo'\n"                                  /* 1 */
		"@early\n"                                        /* 2 */
		"function description()\n"                        /* 3 */
		"  return 'x'\n"                                  /* 4 */
		"end\n"                                           /* 5 */
		"@late()  -- a comment\n"                         /* 6 */
		"@include(\"util\", 'more')\n"                    /* 7 */
		"\n"                                              /* 8 */
		"-- comment between\n"                            /* 9 */
		"function tools()\n"                              /* 10 */
		"  return {'@late', [==[\n@early\n]==]}\n"        /* 11-13 */
		"end\n"                                           /* 14 */
		"--[[ @early\n]] s = \"@x\"\n"                    /* 15-16 */
		"@include('m')\n"                                 /* 17 */
		"function commands() end\n";                      /* 18 */
	const struct li_decorated *f;
	char *msg = rewrite(src, &d);

	CHECK(msg == NULL);
	free(msg);
	CHECK(d.text.len == strlen(src));
	CHECK(strstr(d.text.buf, "@early\nfunction") == NULL);
	CHECK(strstr(d.text.buf, "\n      \nfunction description()") != NULL);
	CHECK(strstr(d.text.buf, "        -- a comment\n") != NULL);
	CHECK(strstr(d.text.buf, "{'@late', [==[\n@early\n]==]}") != NULL);
	CHECK(strstr(d.text.buf, "--[[ @early\n]] s = \"@x\"") != NULL);
	CHECK(d.n_fns == 3);
	f = li_dialect_find(&d, 3);
	CHECK(f && rt_streq(f->name, "description") && f->flags == LI_DECO_EARLY && f->deco_line == 2);
	f = li_dialect_find(&d, 10);
	CHECK(f && rt_streq(f->name, "tools") && f->flags == (LI_DECO_LATE | LI_DECO_INCLUDE));
	CHECK(f && f->n_includes == 2 && rt_streq(f->includes[0], "util") &&
	      rt_streq(f->includes[1], "more"));
	f = li_dialect_find(&d, 18);
	CHECK(f && rt_streq(f->name, "commands") && f->flags == LI_DECO_INCLUDE && f->n_includes == 1);
	CHECK(li_dialect_find(&d, 4) == NULL);
	li_dialect_release(&d);

	/* CRLF line ends count once. */
	CHECK(rewrite("x = 1\r\n@late\r\nfunction y() end\r\n", &d) == NULL);
	CHECK(d.n_fns == 1 && d.fns[0].line == 3);
	li_dialect_release(&d);
}

static void test_errors(void)
{
	expect_error("\n@early\nlocal function f() end\n",
		     "package.lua:2: decorator '@early' must be followed by a global function "
		     "definition 'function NAME(...)'");
	expect_error("@late\nx = 1\n",
		     "package.lua:1: decorator '@late' must be followed by a global function "
		     "definition 'function NAME(...)'");
	expect_error("x = 1\n@late\n",
		     "package.lua:2: decorator '@late' must be followed by a global function "
		     "definition 'function NAME(...)'");
	expect_error("@late\nfunction a.b() end\n",
		     "package.lua:1: decorator '@late' must be followed by a global function "
		     "definition 'function NAME(...)'");
	expect_error("\n\n@cached\nfunction f() end\n",
		     "package.lua:3: unknown decorator '@cached' (expected @early, @late or @include)");
	expect_error("@late(1)\nfunction f() end\n", "package.lua:1: '@late' takes no arguments");
	expect_error("@include\nfunction f() end\n",
		     "package.lua:1: '@include' needs module names: @include(\"mod\", ...)");
	expect_error("@include()\nfunction f() end\n",
		     "package.lua:1: '@include' needs at least one module name");
	expect_error("@include(\"a-b\")\nfunction f() end\n",
		     "package.lua:1: invalid module name \"a-b\" in '@include'");
	expect_error("@include(x)\nfunction f() end\n",
		     "package.lua:1: '@include' takes module names as quoted strings: @include(\"mod\", ...)");
	expect_error("@early\n@late\nfunction f() end\n",
		     "package.lua:2: '@early' cannot be combined with '@late'");
	expect_error("@late\n@late\nfunction f() end\n", "package.lua:2: decorator '@late' given twice");
	expect_error("@late function f() end\n", "package.lua:1: unexpected text after decorator '@late'");
	expect_error("x = 1 @late\nfunction f() end\n", "package.lua:1: a decorator must start its own line");
	expect_error("@ late\nfunction f() end\n", "package.lua:1: expected a decorator name after '@'");
}

static void expect_cut(const char *src, int first, int last, const char *name, const char *want)
{
	struct rt_buf out = RT_BUF_INIT;
	int rc = li_dialect_cut_function(src, strlen(src), first, last, name, &out);
	if (want) {
		CHECKF(rc == 0, "cut %s", name);
		CHECK_STR(out.buf, want);
	} else {
		CHECKF(rc == -1, "cut %s should fail", name);
	}
	rt_buf_release(&out);
}

static void test_cut(void)
{
	const char *src =
		"function commands()\n"                                  /* 1 */
		"  env.X = 'end' -- end\n"                               /* 2 */
		"  if a then for i = 1, 2 do end end\n"                  /* 3 */
		"  repeat x = [[end]] until true\n"                      /* 4 */
		"end\n"                                                  /* 5 */
		"tools = late(function() return {function() end} end)\n" /* 6 */
		"local f = function() end; function g() end\n"           /* 7 */
		"function t.m() end\n";                                  /* 8 */
	expect_cut(src, 1, 5, "commands",
		   "function commands()\n  env.X = 'end' -- end\n  if a then for i = 1, 2 do end end\n"
		   "  repeat x = [[end]] until true\nend");
	expect_cut(src, 1, 5, "pre_commands",
		   "pre_commands = function()\n  env.X = 'end' -- end\n  if a then for i = 1, 2 do end end\n"
		   "  repeat x = [[end]] until true\nend");
	expect_cut(src, 6, 6, "tools", "tools = function() return {function() end} end");
	expect_cut(src, 7, 7, "g", "function g() end");
	expect_cut(src, 7, 7, "f", "f = function() end");
	expect_cut(src, 8, 8, "m", NULL);
	expect_cut(src, 2, 3, "x", NULL);
	CHECK(li_is_identifier("abc_1") && !li_is_identifier("end") && !li_is_identifier("1a") &&
	      !li_is_identifier(""));
}

int main(void)
{
	test_rewrite();
	test_errors();
	test_cut();
	return tap_done();
}
