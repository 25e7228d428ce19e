/* Unit tests for issue 11's sandbox defects: each reproduction from the issue, run in a
 * sandboxed state, must end with a clear error instead of hanging or crashing. */
#include "runtime/common.h"
#include "interp/state.h"
#include "tap.h"

#include <lauxlib.h>

/* Runs `code` in a fresh default-limits state; returns 0 or -1 with the message in *msg. */
static int run(const char *code, long long insns, char **msg)
{
	struct li_limits lim = LI_LIMITS_DEFAULT;
	struct rt_error err = RT_ERROR_INIT;
	lua_State *L;
	int rc;

	lim.max_instructions = insns;
	L = li_state_new(&lim, &err);
	if (!L) {
		*msg = rt_xstrdup(rt_error_msg(&err));
		rt_error_release(&err);
		return -2;
	}
	rc = li_state_load(L, code, strlen(code), "@pkg.lua", &err);
	if (rc == 0)
		rc = li_state_pcall(L, 0, 1, &err);
	if (rc == 0)
		lua_pop(L, 1);
	*msg = err.msg ? rt_xstrdup(err.msg) : NULL;
	rt_error_release(&err);
	li_state_close(L);   /* runs any finalizer left: must not hang either */
	return rc;
}

static void expect_error(const char *code, const char *want)
{
	char *msg = NULL;
	int rc = run(code, 5000000, &msg);
	CHECKF(rc == -1 && msg && strstr(msg, want), "%s\n  want: %s\n  got:  %s", code, want,
	       msg ? msg : "(success)");
	free(msg);
}

static void expect_ok(const char *code)
{
	char *msg = NULL;
	int rc = run(code, 5000000, &msg);
	CHECKF(rc == 0, "%s: %s", code, msg ? msg : "");
	free(msg);
}

/* Item 2: a finalizer runs with hooks off, so __gc is refused outright. */
static void test_gc(void)
{
	expect_error("setmetatable({}, {__gc = function() while true do end end})",
		     "pkg.lua:1: __gc metamethods are not allowed in the sandbox");
	expect_error("local mt = {}\nsetmetatable({}, mt)\nmt.__gc = function() while true do end end\n"
		     "mt = nil\nfor i = 1, 1e6 do local x = {} end\nwhile true do end",
		     "instruction limit exceeded");
	expect_ok("local t = setmetatable({}, {__index = function() return 1 end}) return t.x == 1");
}

/* Item 4: endless recursion is reported promptly (the message handler walks a bounded number
 * of frames). */
static void test_recursion(void)
{
	char *msg = NULL;
	int rc = run("local function f() return 1 + f() end\nreturn f()", 0, &msg);
	CHECKF(rc == -1 && msg && (strstr(msg, "stack overflow") || strstr(msg, "memory limit")),
	       "%s", msg ? msg : "(success)");
	CHECKF(msg && strncmp(msg, "pkg.lua:1: ", 11) == 0, "%s", msg ? msg : "");
	free(msg);
}

int main(void)
{
	test_gc();
	test_recursion();
	return tap_done();
}
