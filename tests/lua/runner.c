/* runner.c - runs one Lua test file (tests/lua/NAME.lua) in a sandboxed state and reports every assertion.
 *
 * The file gets these globals on top of what every package definition sees:
 *   check(cond [, msg])            cond is truthy
 *   eq(got, want [, msg])          deep equality (tables compared key by key)
 *   raises(pattern, fn, ...)       fn(...) raises an error whose message contains `pattern`
 *                                  (plain text); returns the message
 * Each assertion prints "ok file:line msg" or "FAIL file:line: msg: detail"; the summary
 * "N passed, N failed" ends the output. Exit status 1 on any failure or on an error that
 * escapes the file. Usage: rez-lua-test FILE.lua */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "interp/state.h"
#include "stdlib/stdlib.h"

#include <lauxlib.h>
#include <stdio.h>

static int passed, failed;

/* _report(ok, msg, detail): level 2 is the test file line that called the Lua helper. */
static int report(lua_State *L)
{
	int ok = lua_toboolean(L, 1);
	const char *msg = luaL_optstring(L, 2, "");
	const char *detail = luaL_optstring(L, 3, "");
	luaL_where(L, 2);                                    /* [.. where] */
	if (ok) {
		passed++;
		printf("ok %s %s\n", lua_tostring(L, -1), msg);
	} else {
		failed++;
		printf("FAIL %s %s: %s\n", lua_tostring(L, -1), msg, detail);
	}
	return 0;
}

static const char helpers[] =
	"local report = ...\n"
	"local function repr(v, depth)\n"
	"  depth = depth or 0\n"
	"  if type(v) == 'string' then return string.format('%q', v) end\n"
	"  if type(v) ~= 'table' or depth > 3 then return tostring(v) end\n"
	"  local keys = {}\n"
	"  for k in pairs(v) do keys[#keys + 1] = k end\n"
	"  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)\n"
	"  local out = {}\n"
	"  for _, k in ipairs(keys) do out[#out + 1] = '[' .. repr(k) .. ']=' .. repr(v[k], depth + 1) end\n"
	"  return '{' .. table.concat(out, ', ') .. '}'\n"
	"end\n"
	"local function deq(a, b)\n"
	"  if a == b then return true end\n"
	"  if type(a) ~= 'table' or type(b) ~= 'table' then return false end\n"
	"  for k, v in pairs(a) do if not deq(v, b[k]) then return false end end\n"
	"  for k in pairs(b) do if a[k] == nil then return false end end\n"
	"  return true\n"
	"end\n"
	"function check(cond, msg) report(cond and true or false, msg, 'condition is false') end\n"
	"function eq(got, want, msg)\n"
	"  local ok = deq(got, want)\n"
	"  report(ok, msg, ok and '' or ('got ' .. repr(got) .. ', want ' .. repr(want)))\n"
	"end\n"
	"function raises(pattern, fn, ...)\n"
	"  local ok, err = pcall(fn, ...)\n"
	"  err = tostring(err)\n"
	"  if ok then report(false, 'raises ' .. pattern, 'no error raised') return nil end\n"
	"  local found = string.find(err, pattern, 1, true) ~= nil\n"
	"  report(found, 'raises ' .. pattern, 'error was: ' .. err)\n"
	"  return err\n"
	"end\n";

/* Until interp/state.c installs the stdlib itself (rez_stdlib_open is called from its
 * open_sandbox once the lead enables it), the runner installs it; either way the modules are
 * the same ones a package definition sees. */
static int open_stdlib(lua_State *L)
{
	if (lua_getglobal(L, "re") == LUA_TNIL)
		rez_stdlib_open(L);
	return 0;
}

static lua_State *new_state(struct rt_error *err)
{
	struct li_limits limits = LI_LIMITS_DEFAULT;
	lua_State *L = li_state_new(&limits, err);
	if (!L)
		return NULL;
	lua_pushcfunction(L, open_stdlib);
	if (li_state_pcall(L, 0, 0, err) < 0) {
		li_state_close(L);
		return NULL;
	}
	return L;
}

static int run(lua_State *L, const char *file, struct rt_error *err)
{
	struct rt_buf text = RT_BUF_INIT;
	char *chunk;
	int rc;
	if (rt_buf_read_file(&text, file, (size_t)16 << 20) < 0)
		return rt_error(err, "%s: cannot read", file);
	if (li_state_load(L, helpers, sizeof helpers - 1, "=helpers", err) < 0) {
		rt_buf_release(&text);
		return -1;
	}
	lua_pushcfunction(L, report);
	if (li_state_pcall(L, 1, 0, err) < 0) {
		rt_buf_release(&text);
		return -1;
	}
	chunk = rt_xstrfmt("@%s", file);
	rc = li_state_load(L, text.buf, text.len, chunk, err);
	free(chunk);
	rt_buf_release(&text);
	if (rc == 0)
		rc = li_state_pcall(L, 0, 0, err);
	return rc;
}

int main(int argc, char **argv)
{
	struct rt_error err = RT_ERROR_INIT;
	lua_State *L;
	int rc;
	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE.lua\n", argv[0]);
		return RT_EXIT_USAGE;
	}
	L = new_state(&err);
	if (!L) {
		fprintf(stderr, "rez-lua-test: %s\n", rt_error_msg(&err));
		rt_error_release(&err);
		return RT_EXIT_FAIL;
	}
	rc = run(L, argv[1], &err);
	li_state_close(L);
	if (rc < 0) {
		failed++;
		printf("FAIL %s\n", rt_error_msg(&err));
		rt_error_release(&err);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? RT_EXIT_FAIL : RT_EXIT_OK;
}
