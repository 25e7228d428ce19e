/* Tests of the Lua commands API (interp/rex.c, bind.c, late.c): Rez's test_rex.py cases in
 * Lua, object expansion, bindings, errors, @late evaluation, and test_commands.py through the
 * context sequence (runtime/ctxexec.c) with package.lua fixtures under tests/rex/. */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/context.h"
#include "runtime/ctxexec.h"
#include "runtime/rex.h"
#include "runtime/value.h"
#include "runtime/version.h"
#include "interp/late.h"
#include "interp/rex.h"
#include "interp/state.h"
#include "stdlib/stdlib.h"
#include "tap.h"

#include <lauxlib.h>
#include <stdio.h>
#include <unistd.h>

static lua_State *L;
static struct rt_rex *rx;
static struct li_rex *lx;
static struct rt_error err = RT_ERROR_INIT;
static struct rt_buf out = RT_BUF_INIT;

static struct rt_value *strmap(const char *const *kv)
{
	struct rt_value *m = rt_value_map();
	for (; kv && kv[0]; kv += 2)
		rt_map_set(m, kv[0], rt_value_str(kv[1]));
	return m;
}

static void teardown(void)
{
	li_rex_free(lx);
	lx = NULL;
	rt_rex_free(rx);
	rx = NULL;
	li_state_close(L);
	L = NULL;
}

static long long max_instructions = 50000000;

static void setup_cfg(const struct rt_rex_config *cfg, const char *const *parent,
		      const struct li_rex_context *ctx)
{
	struct li_limits lim = LI_LIMITS_DEFAULT;
	lim.max_instructions = max_instructions;
	struct rt_value *penv = strmap(parent);
	teardown();
	L = li_state_new(&lim, &err);
	rx = L ? rt_rex_new(cfg, penv, &err) : NULL;
	lx = rx ? li_rex_new(L, rx, ctx, &err) : NULL;
	rt_value_free(penv);
	if (!lx) {
		fprintf(stderr, "setup: %s\n", rt_error_msg(&err));
		exit(1);
	}
}

static void setup(const char *const *parent, const struct li_rex_context *ctx)
{
	struct rt_rex_config cfg = { 0 };
	cfg.home = "/home/rezuser";
	setup_cfg(&cfg, parent, ctx);
}

static int code(const char *src)
{
	rt_error_release(&err);
	return li_rex_run_code(lx, src, "test.lua", &err);
}

static const char *desc(void)
{
	rt_buf_reset(&out);
	rt_actions_describe(rt_rex_actions(rx), &out);
	return out.buf;
}

static const char *tracked(const char *name)
{
	return rt_rex_tracked(rx, name);
}

/* ---- Rez's test_rex.py, in Lua ---- */

static void test_1_all_actions(void)
{
	setup(NULL, NULL);
	CHECK(code("shebang()\n"
		   "setenv('FOO', 'foo')\n"
		   "setenv('BAH', 'bah')\n"
		   "getenv('BAH')\n"
		   "unsetenv('BAH')\n"
		   "unsetenv('NOTEXIST')\n"
		   "prependenv('A', '/tmp')\n"
		   "prependenv('A', '/data')\n"
		   "appendenv('B', '/tmp')\n"
		   "appendenv('B', '/data')\n"
		   "defined('BAH'); undefined('BAH'); defined('NOTEXIST'); undefined('NOTEXIST')\n"
		   "alias('thing', 'thang')\n"
		   "info(\"that's interesting\")\n"
		   "error('oh noes')\n"
		   "command('runme --with --args')\n"
		   "source('./script.src')\n") == 0);
	CHECK_STR(err.msg, NULL);
	CHECK_STR(desc(), "shebang\nsetenv FOO 'foo'\nsetenv BAH 'bah'\nunsetenv BAH\n"
		  "unsetenv NOTEXIST\nsetenv A '/tmp'\nprependenv A '/data'\nsetenv B '/tmp'\n"
		  "appendenv B '/data'\nalias thing 'thang'\ninfo 'that\\'s interesting'\n"
		  "error 'oh noes'\ncommand 'runme --with --args'\nsource './script.src'\n");
	CHECK_STR(tracked("FOO"), "foo");
	CHECK_STR(tracked("A"), "/data:/tmp");
	CHECK_STR(tracked("B"), "/tmp:/data");
	CHECK(tracked("BAH") == NULL);
}

static void test_2_env_object(void)
{
	setup(NULL, NULL);
	CHECK(code("env.FOO = 'foo'\nsetenv('BAH', 'bah')\nenv.EEK = env.FOO\n") == 0);
	CHECK_STR(desc(), "setenv FOO 'foo'\nsetenv BAH 'bah'\nsetenv EEK 'foo'\n");
}

static const char *const pend_code =
	"appendenv('FOO', 'test1')\n"
	"env.FOO:append('test2')\n"
	"env.FOO.append('test3')\n"       /* Python-style dot call */
	"env.BAH:prepend('A')\n"
	"prependenv('BAH', 'B')\n"
	"env.BAH.append('C')\n";

static void test_3_append_prepend(void)
{
	static const char *const penv[] = { "FOO", "tmp", "BAH", "Z", NULL };
	struct rt_rex_config cfg = { 0 };
	struct rt_value *pv = rt_value_list();
	setup(NULL, NULL);
	CHECK(code(pend_code) == 0);
	CHECK_STR(desc(), "setenv FOO 'test1'\nappendenv FOO 'test2'\nappendenv FOO 'test3'\n"
		  "setenv BAH 'A'\nprependenv BAH 'B'\nappendenv BAH 'C'\n");
	CHECK_STR(tracked("FOO"), "test1:test2:test3");
	CHECK_STR(tracked("BAH"), "B:A:C");

	rt_list_push(pv, rt_value_str("FOO"));
	rt_list_push(pv, rt_value_str("BAH"));
	cfg.parent_variables = pv;
	setup_cfg(&cfg, NULL, NULL);
	CHECK(code(pend_code) == 0);
	CHECK_STR(desc(), "appendenv FOO 'test1'\nappendenv FOO 'test2'\nappendenv FOO 'test3'\n"
		  "prependenv BAH 'A'\nprependenv BAH 'B'\nappendenv BAH 'C'\n");
	CHECK_STR(tracked("FOO"), ":test1:test2:test3");
	CHECK_STR(tracked("BAH"), "B:A::C");
	setup_cfg(&cfg, penv, NULL);
	CHECK(code(pend_code) == 0);
	CHECK_STR(tracked("FOO"), "tmp:test1:test2:test3");
	CHECK_STR(tracked("BAH"), "B:A:Z:C");
	rt_value_free(pv);
}

static void test_4_control_flow(void)
{
	setup(NULL, NULL);
	CHECK(code("env.FOO = 'foo'\nenv.EEK = 'foo'\n"
		   "if env.FOO:get() == 'foo' then env.FOO_VALID = 1; info('FOO validated') end\n"
		   "if tostring(env.FOO) == 'foo' and env.FOO == env.EEK then\n"
		   "  comment('comparison ok')\nend\n") == 0);
	CHECK_STR(err.msg, NULL);
	CHECK_STR(desc(), "setenv FOO 'foo'\nsetenv EEK 'foo'\nsetenv FOO_VALID '1'\n"
		  "info 'FOO validated'\ncomment 'comparison ok'\n");
}

static const char *const ext_code =
	"if defined('EXT') and env.EXT:get() == 'alpha' then\n"
	"  env.EXT_FOUND = 1\n"
	"  env.EXT:append('beta')\n"
	"else\n"
	"  env.EXT_FOUND = 0\n"
	"  if undefined('EXT') then info(\"undefined working as expected\") end\n"
	"end\n";

static void test_5_external_vars(void)
{
	static const char *const penv[] = { "EXT", "alpha", NULL };
	setup(NULL, NULL);
	CHECK(code(ext_code) == 0);
	CHECK_STR(desc(), "setenv EXT_FOUND '0'\ninfo 'undefined working as expected'\n");
	setup(penv, NULL);
	CHECK(code(ext_code) == 0);
	CHECK_STR(desc(), "setenv EXT_FOUND '1'\nsetenv EXT 'beta'\n");
}

static void test_6_expansion(void)
{
	static const char *const penv[] = { "EXT", "alpha", NULL };
	setup(penv, NULL);
	CHECK(code("env.FOO = 'foo'\nenv.DOG = '$FOO'\nenv.BAH = '${FOO}'\nenv.EEK = '${BAH}'\n"
		   "assert(env.BAH:get() == 'foo' and getenv('EEK') == 'foo')\n"
		   "env.FEE = '${EXT}'\n"
		   "assert(expandvars('$FEE-{{x}}') == 'alpha-{x}')\n"
		   "assert(expandvars('{{x}} $FEE', false) == '{{x}} alpha')\n") == 0);
	CHECK_STR(err.msg, NULL);
	CHECK_STR(desc(), "setenv FOO 'foo'\nsetenv DOG '${FOO}'\nsetenv BAH '${FOO}'\n"
		  "setenv EEK '${BAH}'\nsetenv FEE '${EXT}'\n");
	CHECK_STR(tracked("FEE"), "alpha");
}

static void test_7_exceptions(void)
{
	setup(NULL, NULL);
	CHECK(code("getenv('NOTEXIST')") == -1);
	CHECK_STR(err.msg, "Error in rex code (test.lua:1): referenced undefined environment "
		  "variable 'NOTEXIST'");
	CHECK(code("\n\ninfo(env.NOTEXIST)") == -1);
	CHECK_STR(err.msg, "Error in rex code (test.lua:3): referenced undefined environment "
		  "variable 'NOTEXIST'");
	CHECK(code("lua_error('boom')") == -1);
	CHECK_STR(err.msg, "Error in rex code (test.lua:1): boom");
	CHECK(code("local t = nil\nlocal x = t.field") == -1);
	CHECK_STR(err.msg, "Error in rex code (test.lua:2): attempt to index a nil value (local 't')");
}

static void test_8_separators(void)
{
	static const char *const seps[] = { "FOO", ",", "BAH", " ", NULL };
	struct rt_rex_config cfg = { 0 };
	struct rt_value *m = strmap(seps);
	cfg.env_var_separators = m;
	setup_cfg(&cfg, NULL, NULL);
	CHECK(code(pend_code) == 0);
	CHECK_STR(tracked("FOO"), "test1,test2,test3");
	CHECK_STR(tracked("BAH"), "B A C");
	rt_value_free(m);
}

static void test_9_literal_expandable(void)
{
	static const char *const penv[] = { "A", "hello", "BAH", "omg", NULL };
	setup(penv, NULL);
	CHECK(code("env.FOO = expandable('$A')\n"
		   "assert(env.FOO:get() == 'hello')\n"
		   "env.FOO = literal('$A')\n"
		   "assert(env.FOO:get() == '$A')\n"
		   "env.BAR = '$BAH'\n"
		   "env.BAR:append(literal('${BAH}'))\n"
		   "env.BAR:append(expandable('like, '):l('$SHE said, '):e('$BAH'))\n"
		   "env.BAR.append(expandable('x').literal('$Y').expandable('$A'))\n"
		   "env.CAT = literal('$A') .. ' $A' .. literal('|')\n"
		   "assert(tostring(literal('a'):e('b')) == 'ab')\n"
		   "assert(literal('a'):l('b') == literal('ab'))\n"
		   "assert(literal('a') ~= expandable('a'))\n") == 0);
	CHECK_STR(err.msg, NULL);
	CHECK_STR(desc(), "setenv FOO '${A}'\nsetenv FOO '$A'\nsetenv BAR '${BAH}'\n"
		  "appendenv BAR '${BAH}'\nappendenv BAR 'like, $SHE said, ${BAH}'\n"
		  "appendenv BAR 'x$Y${A}'\nsetenv CAT '$A ${A}|'\n");
	CHECK_STR(tracked("BAR"), "omg:${BAH}:like, $SHE said, omg:x$Yhello");
	CHECK_STR(tracked("CAT"), "$A hello|");
	CHECK(code("command(literal('x'))") == -1);
}

static void test_env_object_misc(void)
{
	static const char *const penv[] = { "EMPTY", "", "SET", "x", NULL };
	setup(penv, NULL);
	CHECK(code("env.EMPTY:setdefault('d1')\nenv.SET:setdefault('d2')\n"
		   "env.NEW.setdefault('d3')\n"
		   "assert(env.NEW.name == 'NEW' and env['NEW']:value() == 'd3')\n"
		   "env['X Y'] = 1.5\n"
		   "env.B = true\n"
		   "env.P = env.NEW .. '/bin'\n"
		   "env.NEW:unset()\n"
		   "env.R:reset('r', {'friend'})\n"
		   "resetenv('R', 'r2')\n") == 0);
	CHECK_STR(err.msg, NULL);
	CHECK_STR(desc(), "setenv EMPTY 'd1'\nsetenv NEW 'd3'\nsetenv X Y '1.5'\nsetenv B 'true'\n"
		  "setenv P 'd3/bin'\nunsetenv NEW\nresetenv R 'r'\nresetenv R 'r2'\n");
	CHECK(code("env.FOO = nil") == -1);
	CHECK_STR(err.msg, "Error in rex code (test.lua:1): cannot assign nil to env.FOO "
		  "(use env.FOO:unset())");
	CHECK(code("env.FOO = {}") == -1);
	CHECK(code("env.FOO:frobnicate()") == -1);
	CHECK(code("env.FOO:set()") == -1);
	CHECK(code("info('a', 'b')") == -1);
	CHECK(code("command({'echo', 'a b', 3})\ncommand('ls $HOME')") == 0);
	CHECK(code("shebang()\ncomment()\ninfo()") == 0);
}

/* ---- errors, names, globals ---- */

static void test_errors_and_names(void)
{
	setup(NULL, NULL);
	CHECK(code("error('printed, not fatal')\nsetenv('AFTER', '1')\n") == 0);
	CHECK_STR(desc(), "error 'printed, not fatal'\nsetenv AFTER '1'\n");
	CHECK(code("stop('broken %s %d', 'thing', 3)") == -1);
	CHECK_STR(err.msg, "Error in rex code (test.lua:1): broken thing 3");
	CHECK(code("\nstop('100% broken')") == -1);
	CHECK_STR(err.msg, "Error in rex code (test.lua:2): 100% broken");
	CHECK(code("x = nope") == -1);
	CHECK_STR(err.msg, "Error in rex code (test.lua:1): undefined name 'nope'");
	CHECK(code("setenv('X', '{nope} $WHO')") == -1);
	CHECK_STR(err.msg, "Error in rex code (test.lua:1): unknown key '{nope}' in value of 'X': "
		  "'{nope} $WHO'");
	CHECK(code("info(\"{'a': 1}\")") == -1);
	CHECK(code("this = 1") == 0);   /* a package global: dropped afterwards */
	CHECK(code("local ok = pcall(function() return this end)\nassert(not ok)") == 0);
	CHECK(code("assert(string.upper('a') == 'A' and math.max(1, 2) == 2)") == 0);
	CHECK(code("foo(") == -1);
	CHECK(err.msg && rt_starts_with(err.msg, "Error in rex code (test.lua:1): "));
	CHECK(code("env.A = '{system.platform}'") == 0);
	CHECK_STR(tracked("A"), "linux");
	CHECK(code("env.A = '{system.nope}'") == -1);
	CHECK_STR(err.msg, "Error in rex code (test.lua:1): system has no attribute 'nope' in "
		  "value of 'A': '{system.nope}'");
	CHECK(code("env.A = '{resolve.nope.root}'") == -1);
	CHECK_STR(err.msg, "Error in rex code (test.lua:1): package does not exist in the resolve: "
		  "'nope' in value of 'A': '{resolve.nope.root}'");
	CHECK(code("resolve.x = 1") == -1);
	CHECK(code("assert(building == false and testing == false)") == 0);

	/* The sandbox's budgets apply to commands, with the package location. */
	max_instructions = 200000;
	setup(NULL, NULL);
	CHECK(code("env.A = '1'\nwhile true do end") == -1);
	CHECK_STR(err.msg, "Error in rex code (test.lua:2): instruction limit exceeded");
	CHECK(code("env.B = '2'") == 0);   /* the next run has a fresh budget */
	max_instructions = 50000000;
	setup(NULL, NULL);
	CHECK(code("assert(optionvars('a.b') == nil and optionvars('a', 'd') == 'd')") == 0);
}

/* ---- packages: this, root, version, resolve, request ---- */

static struct rt_func *func(const char *name, const char *src, const char *file, int line)
{
	return rt_func_new(name, src, file, line, RT_FN_COMMANDS);
}

static void test_package_bindings(void)
{
	static const char *const reqs[] = { "foo-1", "maya-2020+", ".foo.bar-1", "!nope", NULL };
	struct rt_value *data = rt_value_map(), *tools = rt_value_list();
	struct li_pkg pkgs[2] = {
		{ "foo", "1.2.3alpha", NULL, "/pkgs/foo/1.2.3alpha", "/pkgs/foo/1.2.3alpha",
		  "/pkgs/foo/1.2.3alpha/package.lua", -1, NULL, NULL, NULL, 0 },
		{ "maya", "2020.1", NULL, "/pkgs/maya/2020.1/py3", "/pkgs/maya/2020.1",
		  "/pkgs/maya/2020.1/package.lua[0]", 0, NULL, NULL, NULL, 0 },
	};
	struct li_rex_context ctx = { 0 };
	struct rt_func *fn;
	rt_list_push(tools, rt_value_str("footool"));
	rt_map_set(data, "tools", tools);
	rt_map_set(data, "description", rt_value_str("the foo"));
	pkgs[0].data = data;
	ctx.requests = reqs;
	ctx.n_requests = 4;
	ctx.resolve = pkgs;
	ctx.n_resolve = 2;
	setup(NULL, &ctx);

	fn = func("commands",
		  "function commands()\n"
		  "    env.FOO_ROOT = '{root}'\n"
		  "    env.V = '{this.name}-{this.version} {this.version.major}.{this.version.minor}.{this.version.patch}'\n"
		  "    env.M = this.version.major\n"
		  "    env.R = '{resolve.maya.root} {resolve.maya.version} {version}'\n"
		  "    env.Q = this.qualified_name .. ' ' .. resolve.maya.qualified_name .. ' ' .. tostring(this)\n"
		  "    env.T = this.tools[1] .. ' ' .. this.description\n"
		  "    env.B = '{{root}} {base}'\n"
		  "    assert(intersects(resolve.foo, '1') and not intersects(resolve.foo, '0'))\n"
		  "    assert(intersects(resolve.maya, '2019+') and not intersects(resolve.maya, '<=2019'))\n"
		  "    assert(request.foo == 'foo-1' and request['.foo.bar'] == '.foo.bar-1')\n"
		  "    assert(request.nope == '!nope' and not intersects(request.nope, '1'))\n"
		  "    assert(ephemerals['foo.bar'] == '.foo.bar-1')\n"
		  "    assert(intersects(request.get('foo.bar', '0'), '1'))\n"
		  "    assert(not intersects(request:get('foo.bar', 'foo.bar-0'), '1'))\n"
		  "    assert(intersects(ephemerals:get_range('foo.bar', '0'), '1'))\n"
		  "    assert(not intersects(ephemerals:get_range('nope', '0'), '1'))\n"
		  "    assert(request:get_range('nope2') == nil)\n"
		  "    assert(resolve:get('nope') == nil and resolve.get('foo') == resolve.foo)\n"
		  "    local n = 0; for k, v in pairs(resolve) do n = n + 1 end; assert(n == 2)\n"
		  "    assert(this.index == nil and resolve.maya.index == 0 and this.is_variant)\n"
		  "    assert(this.version[1] == '1' and this.version.patch == '3alpha' and #version == 3)\n"
		  "    assert(intersects(this.version, '1.2') and not intersects(version, '2'))\n"
		  "    assert(resolve.maya.version > this.version)\n"
		  "    g_leak = 'x'\n"
		  "end\n", "/pkgs/foo/1.2.3alpha/package.lua", 10);
	CHECK(li_rex_run(lx, &pkgs[0], fn, "commands", &err) == 0);
	CHECK_STR(err.msg, NULL);
	rt_func_free(fn);
	CHECK_STR(tracked("FOO_ROOT"), "/pkgs/foo/1.2.3alpha");
	CHECK_STR(tracked("V"), "foo-1.2.3alpha 1.2.3alpha");
	CHECK_STR(tracked("M"), "1");
	CHECK_STR(tracked("R"), "/pkgs/maya/2020.1/py3 2020.1 1.2.3alpha");
	CHECK_STR(tracked("Q"), "foo-1.2.3alpha[] maya-2020.1[0] foo-1.2.3alpha");
	CHECK_STR(tracked("T"), "footool the foo");
	CHECK_STR(tracked("B"), "{root} /pkgs/foo/1.2.3alpha");

	/* Nothing leaks into the next package; this/root are rebound. */
	fn = func("commands",
		  "function commands()\n"
		  "    assert(not pcall(function() return g_leak end))\n"
		  "    env.MR = root\n"
		  "    env.X = '{this.nope}'\n"
		  "end\n", "/pkgs/maya/2020.1/package.lua", 3);
	CHECK(li_rex_run(lx, &pkgs[1], fn, "commands", &err) == -1);
	CHECK_STR(err.msg, "Error in commands in package 'maya-2020.1' "
		  "(/pkgs/maya/2020.1/package.lua:6): package 'maya-2020.1' has no attribute 'nope' "
		  "in value of 'X': '{this.nope}'");
	CHECK_STR(tracked("MR"), "/pkgs/maya/2020.1/py3");
	rt_func_free(fn);

	/* A Lua runtime error names package, file and line. */
	fn = func("post_commands",
		  "function post_commands()\n"
		  "    local x = nil\n"
		  "    x.y = 1\n"
		  "end\n", "/pkgs/foo/1.2.3alpha/package.lua", 20);
	CHECK(li_rex_run(lx, &pkgs[0], fn, "post_commands", &err) == -1);
	CHECK_STR(err.msg, "Error in post_commands in package 'foo-1.2.3alpha' "
		  "(/pkgs/foo/1.2.3alpha/package.lua:22): attempt to index a nil value (local 'x')");
	rt_func_free(fn);

	/* Table-field form and bare-body (package.yaml) form. */
	fn = func("commands", "    commands = function()\n        env.TF = '1'\n    end,\n",
		  "/pkgs/foo/1.2.3alpha/package.lua", 5);
	CHECK(li_rex_run(lx, &pkgs[0], fn, "commands", &err) == 0);
	rt_func_free(fn);
	fn = func("commands", "env.BODY = '{this.name}'\nstop('from yaml %d', 7)\n",
		  "/pkgs/foo/package.yaml", 4);
	CHECK(li_rex_run(lx, &pkgs[0], fn, "commands", &err) == -1);
	CHECK_STR(err.msg, "Error in commands in package 'foo-1.2.3alpha' (/pkgs/foo/package.yaml:5): "
		  "from yaml 7");
	CHECK_STR(tracked("TF"), "1");
	CHECK_STR(tracked("BODY"), "foo");
	rt_func_free(fn);

	/* A syntax error. */
	fn = func("commands", "function commands()\n  env.A = = 1\nend\n", "/p/package.lua", 7);
	CHECK(li_rex_run(lx, &pkgs[0], fn, "commands", &err) == -1);
	CHECK(err.msg && rt_starts_with(err.msg, "Error in commands in package 'foo-1.2.3alpha' "
					"(/p/package.lua:8): "));
	rt_func_free(fn);

	/* Two packages setting one variable: resetting_variables rule. */
	fn = func("commands", "function commands() env.SHARED = '{this.name}' end\n", "/p", 1);
	CHECK(li_rex_run(lx, &pkgs[0], fn, "commands", &err) == 0);
	CHECK(li_rex_run(lx, &pkgs[1], fn, "commands", &err) == -1);
	CHECK_STR(err.msg, "Error in commands in package 'maya-2020.1' (/p:1): package 'maya-2020.1' "
		  "sets 'SHARED', which package 'foo-1.2.3alpha' already set (use resetenv(), or "
		  "list 'SHARED' in resetting_variables)");
	rt_func_free(fn);
	teardown();
	rt_value_free(data);
}

/* ---- @late ---- */

static const struct rt_value *late_attr(void *ud, const char *attr, struct rt_error *e)
{
	(void)e;
	return rt_map_get(ud, attr);
}

static void test_late(void)
{
	struct li_limits lim = LI_LIMITS_DEFAULT;
	struct rt_value *data = rt_value_map(), *v = NULL;
	struct li_pkg pkg = { "foo", "1.2.3", NULL, "/pkgs/foo/1.2.3", "/pkgs/foo/1.2.3",
			      "/pkgs/foo/1.2.3/package.lua", -1, NULL, late_attr, NULL, 0 };
	static const char *const reqs[] = { "foo", "bar-2", NULL };
	struct li_rex_context ctx = { 0 };
	struct li_late_bindings b = { &pkg, NULL };
	struct rt_func *fn;
	rt_map_set(data, "extra", rt_value_str("x"));
	pkg.ud = data;
	L = li_state_new(&lim, &err);

	fn = rt_func_new("tools",
			 "@late()\n"
			 "function tools()\n"
			 "    local t = { 'a-' .. this.name, this.extra }\n"
			 "    if in_context() then t[#t + 1] = request.bar end\n"
			 "    return t\n"
			 "end\n", "/pkgs/foo/1.2.3/package.lua", 3, RT_FN_LATE);
	CHECK(li_late_eval(L, fn, &b, &v, &err) == 0);
	rt_buf_reset(&out);
	if (v)
		rt_value_describe(v, &out);
	CHECK_STR(out.buf, "['a-foo', 'x']");
	rt_value_free(v);
	ctx.requests = reqs;
	ctx.n_requests = 2;
	b.context = &ctx;
	CHECK(li_late_eval(L, fn, &b, &v, &err) == 0);
	rt_buf_reset(&out);
	if (v)
		rt_value_describe(v, &out);
	CHECK_STR(out.buf, "['a-foo', 'x', 'bar-2']");
	rt_value_free(v);
	rt_func_free(fn);

	rt_error_release(&err);
	fn = rt_func_new("data", "function data()\n return { b = 1, a = { 1.5, true }, v = this.version }\nend\n",
			 "/p.lua", 1, RT_FN_LATE);
	CHECK(li_late_eval(L, fn, &b, &v, &err) == 0);
	CHECK_STR(err.msg, NULL);
	rt_buf_reset(&out);
	if (v)
		rt_value_describe(v, &out);
	CHECK(v && v->type == RT_MAP && rt_streq(rt_map_key(v, 0), "a") &&
	      rt_streq(rt_value_as_str(rt_map_get(v, "v")), "1.2.3"));
	rt_value_free(v);
	rt_func_free(fn);

	fn = rt_func_new("bad", "function bad()\n  return resolve\nend\n", "/p.lua", 40, RT_FN_LATE);
	CHECK(li_late_eval(L, fn, &b, &v, &err) == -1);
	CHECK_STR(err.msg, "Error in @late attribute 'bad' of package 'foo-1.2.3' (/p.lua:41): "
		  "undefined name 'resolve'");
	CHECK(v == NULL);
	rt_func_free(fn);
	fn = rt_func_new("bad", "function bad()\n  return function() end\nend\n", "/p.lua", 1,
			 RT_FN_LATE);
	CHECK(li_late_eval(L, fn, &b, &v, &err) == -1);
	rt_func_free(fn);
	li_state_close(L);
	L = NULL;
	rt_value_free(data);
}

/* ---- test_commands.py through the context sequence ---- */

struct fixture {
	const char *name, *version, *file;
	struct li_pkg pkg;
	struct rt_func *fn;
};

static int fx_has(void *ud, size_t i, const char *attr)
{
	struct fixture *fx = ud;
	return rt_streq(attr, "commands") && fx[i].fn;
}

static int fx_run(void *ud, struct rt_rex *r, size_t i, const char *attr, struct rt_error *e)
{
	struct fixture *fx = ud;
	(void)r;
	return li_rex_run(lx, &fx[i].pkg, fx[i].fn, attr, e);
}

static void load_fixture(struct fixture *f, const char *base)
{
	struct rt_buf src = RT_BUF_INIT;
	if (rt_buf_read_file(&src, f->file, 1 << 20)) {
		fprintf(stderr, "cannot read %s\n", f->file);
		exit(1);
	}
	f->fn = rt_func_new("commands", src.buf, f->file, 1, RT_FN_COMMANDS);
	f->pkg.name = f->name;
	f->pkg.version = f->version;
	f->pkg.root = base;
	f->pkg.base = base;
	f->pkg.uri = f->file;
	f->pkg.variant_index = -1;
	rt_buf_release(&src);
}

static const char *filtered_desc(void)
{
	/* As test_commands.py: drop comments, the shebang and the machine-dependent vars. */
	static const char *const skip[] = {
		"REZ_USED", "REZ_USED_VERSION", "REZ_USED_TIMESTAMP", "REZ_USED_REQUESTED_TIMESTAMP",
		"REZ_USED_PACKAGES_PATH", "REZ_USED_IMPLICIT_PACKAGES", "PATH", NULL
	};
	const struct rt_actions *a = rt_rex_actions(rx);
	struct rt_actions keep = RT_ACTIONS_INIT;
	rt_buf_reset(&out);
	for (size_t i = 0; i < a->n; i++) {
		const struct rt_action *act = &a->v[i];
		int drop = act->kind == RT_ACT_COMMENT || act->kind == RT_ACT_SHEBANG;
		for (size_t j = 0; !drop && act->key && skip[j]; j++)
			drop = act->kind != RT_ACT_ALIAS && rt_streq(act->key, skip[j]);
		if (!drop) {
			/* describe one action at a time through a one-element view */
			keep.v = (struct rt_action *)act;
			keep.n = 1;
			rt_actions_describe(&keep, &out);
		}
	}
	return out.buf;
}

static void run_context(struct fixture *fx, size_t n, const char *request,
			const char *const *parent)
{
	struct rt_context *c = rt_context_new();
	struct rt_ctxexec_opts opts = { 0 };
	struct rt_pkgcode_ops ops = { fx_has, fx_run };
	struct li_pkg pkgs[4];
	const char *reqs[1] = { request };
	struct li_rex_context lctx = { 0 };
	static const char *const sys[] = { "/usr/bin", "/bin" };
	char cwd[4096];
	for (size_t i = 0; i < n; i++) {
		char *base;
		if (!getcwd(cwd, sizeof(cwd)))
			exit(1);
		base = rt_xstrfmt("%s/rex/packages/%s/%s", cwd, fx[i].name, fx[i].version);
		load_fixture(&fx[i], base);
		rt_context_add_pkg(c, fx[i].name, fx[i].version, -1, "rex/packages", base, base,
				   fx[i].file);
		free(base);
		fx[i].pkg.root = c->pkgs[i].root;
		fx[i].pkg.base = c->pkgs[i].base;
		pkgs[i] = fx[i].pkg;
	}
	rt_strlist_push(&c->requests, request);
	lctx.requests = reqs;
	lctx.n_requests = 1;
	lctx.resolve = pkgs;
	lctx.n_resolve = n;
	setup(parent, &lctx);
	opts.system_paths = sys;
	opts.n_system_paths = 2;
	rt_error_release(&err);
	CHECK(rt_ctxexec_run(c, rx, &opts, &ops, fx, &err) == 0);
	CHECK_STR(err.msg, NULL);
	for (size_t i = 0; i < n; i++)
		rt_func_free(fx[i].fn);
	li_rex_free(lx);   /* before the context's strings go */
	lx = NULL;
	rt_context_free(c);
}

static void test_commands(void)
{
	static const char *const parent[] = { "REXTEST_DIRS", "TEST", NULL };
	struct fixture one[1], two[2];
	memset(one, 0, sizeof(one));
	memset(two, 0, sizeof(two));
	one[0].name = two[0].name = "rextest";
	one[0].version = two[0].version = "1.3";
	one[0].file = two[0].file = "rex/packages/rextest/1.3/package.lua";
	two[1].name = "rextest2";
	two[1].version = "2";
	two[1].file = "rex/packages/rextest2/2/package.lua";
	char cwd[4096];
	struct rt_buf want = RT_BUF_INIT;
	if (!getcwd(cwd, sizeof(cwd)))
		exit(1);
	for (int p = 0; p < 2; p++) {
		run_context(one, 1, "rextest-1.3", p ? parent : NULL);
		rt_buf_reset(&want);
		rt_buf_addf(&want,
			    "setenv REZ_USED_REQUEST 'rextest-1.3'\n"
			    "setenv REZ_USED_RESOLVE 'rextest-1.3'\n"
			    "setenv REZ_REXTEST_VERSION '1.3'\n"
			    "setenv REZ_REXTEST_MAJOR_VERSION '1'\n"
			    "setenv REZ_REXTEST_MINOR_VERSION '3'\n"
			    "setenv REZ_REXTEST_PATCH_VERSION\n"
			    "setenv REZ_REXTEST_BASE '%s/rex/packages/rextest/1.3'\n"
			    "setenv REZ_REXTEST_ROOT '%s/rex/packages/rextest/1.3'\n"
			    "setenv REXTEST_ROOT '%s/rex/packages/rextest/1.3'\n"
			    "setenv REXTEST_VERSION '1.3'\n"
			    "setenv REXTEST_MAJOR_VERSION '1'\n"
			    "setenv REXTEST_DIRS '%s/rex/packages/rextest/1.3/data'\n"
			    "alias rextest 'foobar'\n", cwd, cwd, cwd, cwd);
		CHECK_STR(filtered_desc(), want.buf);
	}

	run_context(two, 2, "rextest2-2", NULL);
	rt_buf_reset(&want);
	rt_buf_addf(&want,
		    "setenv REZ_USED_REQUEST 'rextest2-2'\n"
		    "setenv REZ_USED_RESOLVE 'rextest-1.3 rextest2-2'\n"
		    "setenv REZ_REXTEST_VERSION '1.3'\n"
		    "setenv REZ_REXTEST_MAJOR_VERSION '1'\n"
		    "setenv REZ_REXTEST_MINOR_VERSION '3'\n"
		    "setenv REZ_REXTEST_PATCH_VERSION\n"
		    "setenv REZ_REXTEST_BASE '%s/rex/packages/rextest/1.3'\n"
		    "setenv REZ_REXTEST_ROOT '%s/rex/packages/rextest/1.3'\n"
		    "setenv REZ_REXTEST2_VERSION '2'\n"
		    "setenv REZ_REXTEST2_MAJOR_VERSION '2'\n"
		    "setenv REZ_REXTEST2_MINOR_VERSION\n"
		    "setenv REZ_REXTEST2_PATCH_VERSION\n"
		    "setenv REZ_REXTEST2_BASE '%s/rex/packages/rextest2/2'\n"
		    "setenv REZ_REXTEST2_ROOT '%s/rex/packages/rextest2/2'\n"
		    "setenv REXTEST_ROOT '%s/rex/packages/rextest/1.3'\n"
		    "setenv REXTEST_VERSION '1.3'\n"
		    "setenv REXTEST_MAJOR_VERSION '1'\n"
		    "setenv REXTEST_DIRS '%s/rex/packages/rextest/1.3/data'\n"
		    "alias rextest 'foobar'\n"
		    "appendenv REXTEST_DIRS '%s/rex/packages/rextest2/2/data2'\n"
		    "setenv REXTEST2_REXTEST_VER '1.3'\n"
		    "setenv REXTEST2_REXTEST_BASE '%s/rex/packages/rextest/1.3'\n",
		    cwd, cwd, cwd, cwd, cwd, cwd, cwd, cwd);
	CHECK_STR(filtered_desc(), want.buf);
	rt_buf_reset(&want);
	rt_buf_addf(&want, "%s/rex/packages/rextest/1.3/data:%s/rex/packages/rextest2/2/data2",
		    cwd, cwd);
	CHECK_STR(tracked("REXTEST_DIRS"), want.buf);
	CHECK_STR(tracked("PATH"), "/usr/bin:/bin");
	rt_buf_release(&want);
}

int main(void)
{
	test_1_all_actions();
	test_2_env_object();
	test_3_append_prepend();
	test_4_control_flow();
	test_5_external_vars();
	test_6_expansion();
	test_7_exceptions();
	test_8_separators();
	test_9_literal_expandable();
	test_env_object_misc();
	test_errors_and_names();
	test_package_bindings();
	test_late();
	test_commands();
	teardown();
	rt_error_release(&err);
	rt_buf_release(&out);
	return tap_done();
}
