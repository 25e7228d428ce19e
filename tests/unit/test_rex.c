/* Unit tests for the C rex engine (runtime/rex.c), without Lua: Rez's test_rex.py cases and
 * the expansion, separator, normalisation and case rules. */
#include "runtime/rex.h"
#include "runtime/buf.h"
#include "runtime/value.h"
#include "tap.h"

#include <stdio.h>

static struct rt_rex *rx;
static struct rt_error err = RT_ERROR_INIT;
static struct rt_buf out = RT_BUF_INIT;

static struct rt_value *strmap(const char *const *kv)
{
	struct rt_value *m = rt_value_map();
	for (; kv && kv[0]; kv += 2)
		rt_map_set(m, kv[0], rt_value_str(kv[1]));
	return m;
}

static struct rt_value *strlist(const char *const *v)
{
	struct rt_value *l = rt_value_list();
	for (; v && *v; v++)
		rt_list_push(l, rt_value_str(*v));
	return l;
}

static void start_cfg(const struct rt_rex_config *cfg, const char *const *parent)
{
	struct rt_value *penv = strmap(parent);
	rt_rex_free(rx);
	rx = rt_rex_new(cfg, penv, &err);
	rt_value_free(penv);
	if (!rx) {
		fprintf(stderr, "rt_rex_new: %s\n", rt_error_msg(&err));
		exit(1);
	}
}

static void start(const char *const *parent)
{
	struct rt_rex_config cfg = { 0 };
	cfg.home = "/home/rezuser";
	start_cfg(&cfg, parent);
}

static int op(int (*fn)(struct rt_rex *, const char *, const struct rt_estr *, struct rt_error *),
	      const char *key, int literal, const char *value)
{
	struct rt_estr e = RT_ESTR_INIT;
	int ret;
	rt_estr_adds(&e, literal, value);
	rt_error_release(&err);
	ret = fn(rx, key, &e, &err);
	rt_estr_release(&e);
	return ret;
}

#define SET(k, v) op(rt_rex_setenv, k, 0, v)
#define SETL(k, v) op(rt_rex_setenv, k, 1, v)
#define APP(k, v) op(rt_rex_appendenv, k, 0, v)
#define PRE(k, v) op(rt_rex_prependenv, k, 0, v)

static const char *desc(void)
{
	rt_buf_reset(&out);
	rt_actions_describe(rt_rex_actions(rx), &out);
	return out.buf;
}

static const char *get(const char *k)
{
	const char *v = NULL;
	rt_error_release(&err);
	if (rt_rex_getenv(rx, k, &v, &err))
		return NULL;
	return v;
}

static void test_all_actions(void)
{
	struct rt_estr e = RT_ESTR_INIT;
	start(NULL);
	rt_rex_shebang(rx);
	CHECK(SET("FOO", "foo") == 0);
	CHECK(SET("BAH", "bah") == 0);
	CHECK_STR(get("BAH"), "bah");
	CHECK(rt_rex_unsetenv(rx, "BAH", &err) == 0);
	CHECK(rt_rex_unsetenv(rx, "NOTEXIST", &err) == 0);
	CHECK(PRE("A", "/tmp") == 0);
	CHECK(PRE("A", "/data") == 0);
	CHECK(APP("B", "/tmp") == 0);
	CHECK(APP("B", "/data") == 0);
	CHECK(rt_rex_defined(rx, "BAH", &err) == 0);
	CHECK(rt_rex_defined(rx, "FOO", &err) == 1);
	rt_estr_adds(&e, 0, "thang");
	CHECK(rt_rex_alias(rx, "thing", &e, &err) == 0);
	rt_estr_release(&e);
	rt_estr_adds(&e, 0, "that's interesting");
	CHECK(rt_rex_info(rx, &e, &err) == 0);
	rt_estr_release(&e);
	rt_estr_adds(&e, 0, "oh noes");
	CHECK(rt_rex_error(rx, &e, &err) == 0);
	rt_estr_release(&e);
	CHECK(rt_rex_command(rx, "runme --with --args", &err) == 0);
	rt_estr_adds(&e, 0, "./script.src");
	CHECK(rt_rex_source(rx, &e, &err) == 0);
	rt_estr_release(&e);
	CHECK_STR(desc(),
		  "shebang\n"
		  "setenv FOO 'foo'\n"
		  "setenv BAH 'bah'\n"
		  "unsetenv BAH\n"
		  "unsetenv NOTEXIST\n"
		  "setenv A '/tmp'\n"
		  "prependenv A '/data'\n"
		  "setenv B '/tmp'\n"
		  "appendenv B '/data'\n"
		  "alias thing 'thang'\n"
		  "info 'that\\'s interesting'\n"
		  "error 'oh noes'\n"
		  "command 'runme --with --args'\n"
		  "source './script.src'\n");
	CHECK(rt_rex_tracked_count(rx) == 3);
	CHECK_STR(rt_rex_tracked(rx, "FOO"), "foo");
	CHECK_STR(rt_rex_tracked(rx, "A"), "/data:/tmp");
	CHECK_STR(rt_rex_tracked(rx, "B"), "/tmp:/data");
	CHECK(rt_rex_tracked(rx, "BAH") == NULL);
	{
		const struct rt_actions *a = rt_rex_actions(rx);
		CHECK_STR(a->v[6].expanded, "/data:/tmp");
		CHECK_STR(a->v[6].sep, ":");
		CHECK(a->v[6].guard == 0);
	}
}

static void pend_script(void)
{
	CHECK(APP("FOO", "test1") == 0);
	CHECK(APP("FOO", "test2") == 0);
	CHECK(APP("FOO", "test3") == 0);
	CHECK(PRE("BAH", "A") == 0);
	CHECK(PRE("BAH", "B") == 0);
	CHECK(APP("BAH", "C") == 0);
}

static void test_append_prepend(void)
{
	static const char *const pv[] = { "FOO", "BAH", NULL };
	static const char *const penv[] = { "FOO", "tmp", "BAH", "Z", NULL };
	struct rt_rex_config cfg = { 0 };
	struct rt_value *pvl = strlist(pv);

	start(NULL);
	pend_script();
	CHECK_STR(desc(), "setenv FOO 'test1'\nappendenv FOO 'test2'\nappendenv FOO 'test3'\n"
		  "setenv BAH 'A'\nprependenv BAH 'B'\nappendenv BAH 'C'\n");
	CHECK_STR(rt_rex_tracked(rx, "FOO"), "test1:test2:test3");
	CHECK_STR(rt_rex_tracked(rx, "BAH"), "B:A:C");

	/* Parent variables, absent from the parent environment. */
	cfg.parent_variables = pvl;
	start_cfg(&cfg, NULL);
	pend_script();
	CHECK_STR(desc(), "appendenv FOO 'test1'\nappendenv FOO 'test2'\nappendenv FOO 'test3'\n"
		  "prependenv BAH 'A'\nprependenv BAH 'B'\nappendenv BAH 'C'\n");
	CHECK_STR(rt_rex_tracked(rx, "FOO"), ":test1:test2:test3");
	CHECK_STR(rt_rex_tracked(rx, "BAH"), "B:A::C");
	CHECK(rt_rex_actions(rx)->v[0].guard == 1 && rt_rex_actions(rx)->v[1].guard == 0);

	/* Parent variables present. */
	start_cfg(&cfg, penv);
	pend_script();
	CHECK_STR(rt_rex_tracked(rx, "FOO"), "tmp:test1:test2:test3");
	CHECK_STR(rt_rex_tracked(rx, "BAH"), "B:A:Z:C");

	/* all_parent_variables ignores the list. */
	cfg.parent_variables = NULL;
	cfg.all_parent_variables = 1;
	start_cfg(&cfg, penv);
	pend_script();
	CHECK_STR(rt_rex_tracked(rx, "BAH"), "B:A:Z:C");
	rt_value_free(pvl);

	/* Not a parent variable: the first append overwrites the inherited value. */
	start(penv);
	CHECK(APP("FOO", "x") == 0);
	CHECK_STR(desc(), "setenv FOO 'x'\n");
	CHECK_STR(get("FOO"), "x");
	/* No de-duplication. */
	CHECK(APP("FOO", "x") == 0 && PRE("FOO", "x") == 0);
	CHECK_STR(get("FOO"), "x:x:x");
	/* After unsetenv the next append is a first reference again. */
	CHECK(rt_rex_unsetenv(rx, "FOO", &err) == 0);
	CHECK_STR(get("FOO"), "tmp");   /* the parent value shows through, as in Rez */
	CHECK(APP("FOO", "y") == 0);
	CHECK_STR(get("FOO"), "y");
}

static void test_external_and_expansion(void)
{
	static const char *const penv[] = { "EXT", "alpha", "WHO", "Gary", NULL };
	start(penv);
	CHECK(rt_rex_defined(rx, "EXT", &err) == 1);
	CHECK(rt_rex_defined(rx, "NOPE", &err) == 0);
	CHECK(SET("FOO", "foo") == 0);
	CHECK(SET("DOG", "$FOO") == 0);
	CHECK(SET("BAH", "${FOO}") == 0);
	CHECK(SET("EEK", "${BAH}") == 0);
	CHECK(SET("FEE", "${EXT}") == 0);
	CHECK_STR(desc(), "setenv FOO 'foo'\nsetenv DOG '${FOO}'\nsetenv BAH '${FOO}'\n"
		  "setenv EEK '${BAH}'\nsetenv FEE '${EXT}'\n");
	CHECK_STR(get("BAH"), "foo");
	CHECK_STR(get("EEK"), "foo");
	CHECK_STR(get("FEE"), "alpha");
	CHECK(get("NOTEXIST") == NULL);
	CHECK_STR(err.msg, "referenced undefined environment variable 'NOTEXIST'");

	/* POSIX name rule, and what is not a reference. */
	start(penv);
	CHECK(SET("A", "$WHO3 ${WHO}3 $5 $$ $ a$ $-x $é") == 0);
	CHECK_STR(desc(), "setenv A '${WHO3} ${WHO}3 $5 $$ $ a$ $-x $é'\n");
	CHECK(SET("B", "${9}") == -1);   /* '{9}' is then a positional field */
	CHECK_STR(rt_rex_actions(rx)->v[0].value.parts[0].text, "WHO3");
	CHECK(rt_rex_actions(rx)->v[0].value.parts[0].kind == RT_PART_REF);
	CHECK_STR(get("A"), "${WHO3} Gary3 $5 $$ $ a$ $-x $é");

	/* Unknown references stay as ${NAME} in the tracked value. */
	start(NULL);
	CHECK(SET("A", "x$NOPE") == 0);
	CHECK_STR(get("A"), "x${NOPE}");

	/* A self reference sees the value before the assignment. */
	start(penv);
	CHECK(SET("WHO", "$WHO and $WHO") == 0);
	CHECK_STR(get("WHO"), "Gary and Gary");
}

static void test_separators(void)
{
	static const char *const seps[] = { "FOO", ",", "BAH", " ", NULL };
	static const char *const bash_seps[] = { "FOO", ";", NULL };
	struct rt_rex_config cfg = { 0 };
	struct rt_value *m = strmap(seps), *sm = rt_value_map();

	cfg.env_var_separators = m;
	start_cfg(&cfg, NULL);
	pend_script();
	CHECK_STR(rt_rex_tracked(rx, "FOO"), "test1,test2,test3");
	CHECK_STR(rt_rex_tracked(rx, "BAH"), "B A C");
	CHECK_STR(rt_rex_actions(rx)->v[1].sep, ",");

	/* Defaults: CMAKE_MODULE_PATH ';', DOXYGEN_TAGFILES ' ', others the pathsep. */
	cfg.env_var_separators = NULL;
	cfg.pathsep = ";";
	start_cfg(&cfg, NULL);
	CHECK(APP("CMAKE_MODULE_PATH", "a") == 0 && APP("CMAKE_MODULE_PATH", "b") == 0);
	CHECK(APP("DOXYGEN_TAGFILES", "a") == 0 && APP("DOXYGEN_TAGFILES", "b") == 0);
	CHECK(APP("OTHER", "a") == 0 && APP("OTHER", "b") == 0);
	CHECK_STR(rt_rex_tracked(rx, "CMAKE_MODULE_PATH"), "a;b");
	CHECK_STR(rt_rex_tracked(rx, "DOXYGEN_TAGFILES"), "a b");
	CHECK_STR(rt_rex_tracked(rx, "OTHER"), "a;b");

	/* shell_env_var_separators wins for its shell only. */
	rt_map_set(sm, "bash", strmap(bash_seps));
	cfg.pathsep = NULL;
	cfg.env_var_separators = m;
	cfg.shell_env_var_separators = sm;
	cfg.shell = "bash";
	start_cfg(&cfg, NULL);
	CHECK(APP("FOO", "a") == 0 && APP("FOO", "b") == 0 && APP("BAH", "a") == 0 &&
	      APP("BAH", "b") == 0);
	CHECK_STR(rt_rex_tracked(rx, "FOO"), "a;b");
	CHECK_STR(rt_rex_tracked(rx, "BAH"), "a b");
	cfg.shell = "zsh";
	start_cfg(&cfg, NULL);
	CHECK(APP("FOO", "a") == 0 && APP("FOO", "b") == 0);
	CHECK_STR(rt_rex_tracked(rx, "FOO"), "a,b");

	/* Malformed settings are rejected. */
	rt_map_set(m, "X", rt_value_int(1));
	cfg.shell_env_var_separators = NULL;
	CHECK(rt_rex_new(&cfg, NULL, &err) == NULL);
	CHECK_STR(err.msg, "setting 'env_var_separators': value of 'X' must be a string (got integer)");
	rt_value_free(m);
	rt_value_free(sm);
}

static void test_literal_expandable(void)
{
	static const char *const penv[] = { "A", "hello", "BAH", "omg", NULL };
	struct rt_estr e = RT_ESTR_INIT;
	start(penv);
	CHECK(SET("FOO", "$A") == 0);
	CHECK_STR(get("FOO"), "hello");
	CHECK(SETL("FOO", "$A") == 0);
	CHECK_STR(get("FOO"), "$A");
	start(penv);
	CHECK(SET("FOO", "$BAH") == 0);
	CHECK(op(rt_rex_appendenv, "FOO", 1, "${BAH}") == 0);
	rt_estr_adds(&e, 0, "like, ");
	rt_estr_adds(&e, 1, "$SHE said, ");
	rt_estr_adds(&e, 0, "$BAH");
	CHECK(rt_rex_appendenv(rx, "FOO", &e, &err) == 0);
	CHECK_STR(desc(), "setenv FOO '${BAH}'\nappendenv FOO '${BAH}'\n"
		  "appendenv FOO 'like, $SHE said, ${BAH}'\n");
	CHECK_STR(get("FOO"), "omg:${BAH}:like, $SHE said, omg");
	/* The literal ${BAH} is text, not a reference. */
	CHECK(rt_rex_actions(rx)->v[1].value.n == 1 &&
	      rt_rex_actions(rx)->v[1].value.parts[0].kind == RT_PART_TEXT);
	rt_estr_release(&e);

	/* Chunks merge: literal("a").l("b").e("c").e("d"). */
	rt_estr_adds(&e, 1, "a");
	rt_estr_adds(&e, 1, "b");
	rt_estr_adds(&e, 0, "c");
	rt_estr_adds(&e, 0, "d");
	CHECK(e.n == 2 && e.v[0].literal && rt_streq(e.v[0].text, "ab") && rt_streq(e.v[1].text, "cd"));
	rt_estr_release(&e);
	/* literal("") stays a literal chunk. */
	rt_estr_adds(&e, 1, "");
	CHECK(e.n == 1 && e.v[0].literal);
	rt_estr_release(&e);
}

/* The object namespace for tests: root, this.name, this.version, this.version.major,
 * resolve.foo.root. */
static int test_lookup(void *ud, const char *expr, const struct rt_rex_field *f, size_t n,
		       struct rt_buf *o, struct rt_error *e)
{
	static const char *const table[] = {
		"root", "/pkgs/foo/1.2.3",
		"this.name", "foo",
		"this.version", "1.2.3",
		"this.version.major", "1",
		"resolve.bar.root", "/pkgs/bar/2.0",
		"tilde", "~/x",
		"dollar", "$HOME{x}",
		NULL
	};
	(void)ud;
	(void)f;
	(void)n;
	for (size_t i = 0; table[i]; i += 2) {
		if (rt_streq(table[i], expr)) {
			rt_buf_adds(o, table[i + 1]);
			return 0;
		}
	}
	return rt_error(e, "unknown key '{%s}'", expr);
}

static void test_objects(void)
{
	struct rt_estr e = RT_ESTR_INIT;
	start(NULL);
	rt_rex_set_lookup(rx, test_lookup, NULL);
	CHECK(SET("ROOT", "{root}/bin") == 0);
	CHECK(SET("V", "{this.name}-{this.version} major {this.version.major}") == 0);
	CHECK(SET("R", "{resolve.bar.root}") == 0);
	CHECK(SET("B", "{{root}} {{}} }}{{") == 0);
	CHECK(SET("D", "{dollar}") == 0);   /* object values are exact text, never re-parsed */
	CHECK(SETL("L", "{root} {nope}") == 0);
	CHECK_STR(desc(), "setenv ROOT '/pkgs/foo/1.2.3/bin'\n"
		  "setenv V 'foo-1.2.3 major 1'\n"
		  "setenv R '/pkgs/bar/2.0'\n"
		  "setenv B '{root} {} }{'\n"
		  "setenv D '$HOME{x}'\n"
		  "setenv L '{root} {nope}'\n");
	CHECK(rt_rex_actions(rx)->v[4].value.n == 1);

	/* Errors name the key and the string, and record nothing. */
	CHECK(SET("X", "{nope} $WHO") == -1);
	CHECK_STR(err.msg, "unknown key '{nope}' in value of 'X': '{nope} $WHO'");
	CHECK(SET("X", "a {} b") == -1);
	CHECK_STR(err.msg, "empty '{}': positional fields are not supported (write '{{}}' for "
		  "literal braces) in value of 'X': 'a {} b'");
	CHECK(SET("X", "{0}") == -1);
	CHECK(SET("X", "{root:>20}") == -1);
	CHECK_STR(err.msg, "format specs and conversions are not supported in '{root:>20}' in "
		  "value of 'X': '{root:>20}'");
	CHECK(SET("X", "{root") == -1);
	CHECK_STR(err.msg, "unbalanced '{' (write '{{' for a literal brace) in value of 'X': '{root'");
	CHECK(SET("X", "a}b") == -1);
	CHECK(SET("X", "${FOO:-x}") == -1);   /* not a name: '{FOO:-x}' is an object reference */
	CHECK(SET("X", "{a.}") == -1);
	CHECK_STR(err.msg, "invalid object reference '{a.}' in value of 'X': '{a.}'");
	CHECK(SET("{nope}", "x") == -1);
	CHECK(rt_rex_actions(rx)->n == 6);
	CHECK(rt_rex_tracked(rx, "X") == NULL);

	/* Keys are formatted too. */
	CHECK(SET("{this.name}_ROOT", "{root}") == 0);
	CHECK_STR(get("foo_ROOT"), "/pkgs/foo/1.2.3");

	/* alias / comment: objects expanded, $NAME kept as typed, no tilde. */
	rt_estr_adds(&e, 0, "{root}/bin/x $1 ${WHO} ~/y");
	CHECK(rt_rex_alias(rx, "x_{this.name}", &e, &err) == 0);
	CHECK(rt_rex_comment(rx, &e, &err) == 0);
	rt_estr_release(&e);
	rt_estr_adds(&e, 0, "{nope}");
	CHECK(rt_rex_alias(rx, "a", &e, &err) == -1);
	CHECK(rt_rex_info(rx, &e, &err) == -1);
	rt_estr_release(&e);
	{
		const struct rt_actions *a = rt_rex_actions(rx);
		CHECK_STR(a->v[a->n - 2].key, "x_foo");
		CHECK_STR(a->v[a->n - 2].text, "/pkgs/foo/1.2.3/bin/x $1 ${WHO} ~/y");
		CHECK_STR(a->v[a->n - 1].text, "/pkgs/foo/1.2.3/bin/x $1 ${WHO} ~/y");
	}
}

static void test_tilde(void)
{
	struct rt_estr e = RT_ESTR_INIT;
	start(NULL);
	rt_rex_set_lookup(rx, test_lookup, NULL);
	CHECK(SET("A", "~/bin") == 0);
	CHECK(SET("B", "~") == 0);
	CHECK(SET("C", "x ~/y") == 0);
	CHECK(SET("D", "~nosuchuser_rez/x") == 0);
	CHECK(SET("E", "~root/x") == 0);
	CHECK(SETL("F", "~/lit") == 0);
	CHECK(SET("G", "{tilde}") == 0);   /* after formatting, as Rez */
	rt_estr_adds(&e, 1, "a");
	rt_estr_adds(&e, 0, "~/x");
	CHECK(rt_rex_setenv(rx, "H", &e, &err) == 0);
	rt_estr_release(&e);
	CHECK(SET("I", "~$X") == 0);
	CHECK_STR(get("A"), "/home/rezuser/bin");
	CHECK_STR(get("B"), "/home/rezuser");
	CHECK_STR(get("C"), "x ~/y");
	CHECK_STR(get("D"), "~nosuchuser_rez/x");
	CHECK_STR(get("E"), "/root/x");
	CHECK_STR(get("F"), "~/lit");
	CHECK_STR(get("G"), "/home/rezuser/x");
	CHECK_STR(get("H"), "a/home/rezuser/x");
	CHECK_STR(get("I"), "~${X}");
}

static void test_paths(void)
{
	static const char *const penv[] = { "SYSTEMROOT", "C:\\Windows", NULL };
	static const char *const pathed[] = { "*PATH", "MY_DIRS", NULL };
	struct rt_rex_config cfg = { 0 };
	struct rt_value *pl = strlist(pathed);
	struct rt_estr e = RT_ESTR_INIT;

	cfg.path_style = RT_REX_PATHS_WINDOWS;
	cfg.pathsep = ";";
	cfg.case_insensitive = 1;
	start_cfg(&cfg, penv);
	rt_rex_set_lookup(rx, test_lookup, NULL);
	CHECK(APP("PATH", "{root}/bin") == 0);
	CHECK(SET("ROOTX", "{root}/bin") == 0);     /* not pathed */
	rt_estr_adds(&e, 1, "a/b;");
	rt_estr_adds(&e, 0, "c/d");
	CHECK(rt_rex_appendenv(rx, "Path", &e, &err) == 0);   /* same variable in cmd */
	rt_estr_release(&e);
	CHECK_STR(desc(), "setenv PATH '\\\\pkgs\\\\foo\\\\1.2.3\\\\bin'\n"
		  "setenv ROOTX '/pkgs/foo/1.2.3/bin'\n"
		  "appendenv PATH 'a/b;c\\\\d'\n");
	CHECK_STR(get("path"), "\\pkgs\\foo\\1.2.3\\bin;a/b;c\\d");
	rt_buf_reset(&out);
	rt_rex_normalize_path(rx, "C:/pkgs/foo", &out);
	CHECK_STR(out.buf, "C:\\pkgs\\foo");

	/* Case-insensitive: keeps the inherited spelling; Unicode folding. */
	start_cfg(&cfg, penv);
	CHECK(SET("SystemRoot", "x") == 0);
	CHECK(SET("STRASSE", "1") == 0 && SET("straße", "2") == 0);
	CHECK_STR(desc(), "setenv SYSTEMROOT 'x'\nsetenv STRASSE '1'\nsetenv STRASSE '2'\n");
	CHECK(rt_rex_tracked_count(rx) == 2);
	cfg.pathed_env_vars = pl;
	start_cfg(&cfg, NULL);
	CHECK(SET("my_dirs", "a/b") == 0);
	CHECK_STR(get("MY_DIRS"), "a\\b");

	/* gitbash: drive letters and %VAR% from the parent environment. */
	cfg.pathed_env_vars = NULL;
	cfg.path_style = RT_REX_PATHS_GITBASH;
	cfg.pathsep = ":";
	cfg.case_insensitive = 0;
	start_cfg(&cfg, penv);
	CHECK(SET("PATH", "C:\\a\\b:D:\\tools;E:\\x:%SYSTEMROOT%\\sys:%NOPE%\\y") == 0);
	CHECK_STR(get("PATH"), "/C/a/b:/D/tools;/E/x:/C/Windows/sys:%NOPE%/y");
	rt_buf_reset(&out);
	rt_rex_normalize_path(rx, "c:\\pkgs\\foo", &out);
	CHECK_STR(out.buf, "/c/pkgs/foo");

	/* Native: untouched; pathed match is case-sensitive. */
	start(NULL);
	CHECK(SET("PATH", "C:\\a/b") == 0 && SET("Path", "x") == 0);
	CHECK(rt_rex_tracked_count(rx) == 2);
	rt_value_free(pl);
}

static void test_resetting(void)
{
	static const char *const rv[] = { "SHARED", NULL };
	struct rt_rex_config cfg = { 0 };
	struct rt_value *l = strlist(rv);
	start(NULL);
	rt_rex_set_package(rx, "foo-1.0");
	CHECK(SET("FOO", "a") == 0 && SET("FOO", "b") == 0);   /* same package: fine */
	CHECK(APP("LIST", "a") == 0);
	rt_rex_set_package(rx, "bar-2.0");
	CHECK(SET("FOO", "c") == -1);
	CHECK_STR(err.msg, "package 'bar-2.0' sets 'FOO', which package 'foo-1.0' already set "
		  "(use resetenv(), or list 'FOO' in resetting_variables)");
	CHECK(APP("LIST", "b") == 0);      /* appending is cooperation, not a conflict */
	CHECK(SET("LIST", "x") == 0);      /* LIST was never setenv'd by another package */
	CHECK(op(rt_rex_resetenv, "FOO", 0, "c") == 0);
	CHECK_STR(get("FOO"), "c");
	rt_rex_set_package(rx, "foo-1.0");
	CHECK(SET("FOO", "d") == -1);      /* bar reset it: it is bar's now */
	rt_rex_set_package(rx, NULL);
	CHECK(SET("FOO", "e") == 0);       /* context-level actions never conflict */
	rt_rex_set_package(rx, "foo-1.0");
	CHECK(SET("FOO", "f") == 0);
	CHECK(rt_rex_unsetenv(rx, "FOO", &err) == 0);
	rt_rex_set_package(rx, "bar-2.0");
	CHECK(SET("FOO", "g") == 0);       /* unset forgets the owner */
	CHECK_STR(desc(), "setenv FOO 'a'\nsetenv FOO 'b'\nsetenv LIST 'a'\nappendenv LIST 'b'\n"
		  "setenv LIST 'x'\nresetenv FOO 'c'\nsetenv FOO 'e'\nsetenv FOO 'f'\nunsetenv FOO\n"
		  "setenv FOO 'g'\n");

	cfg.resetting_variables = l;
	start_cfg(&cfg, NULL);
	rt_rex_set_package(rx, "foo-1.0");
	CHECK(SET("SHARED", "a") == 0 && SET("OTHER", "a") == 0);
	rt_rex_set_package(rx, "bar-2.0");
	CHECK(SET("SHARED", "b") == 0 && SET("OTHER", "b") == -1);
	cfg.resetting_variables = NULL;
	cfg.all_resetting_variables = 1;
	start_cfg(&cfg, NULL);
	rt_rex_set_package(rx, "foo-1.0");
	CHECK(SET("OTHER", "a") == 0);
	rt_rex_set_package(rx, "bar-2.0");
	CHECK(SET("OTHER", "b") == 0);
	rt_value_free(l);
}

static void test_context_helpers(void)
{
	static const char *const penv[] = { "PATH", "/usr/local/bin:/usr/bin", NULL };
	static const char *const sys[] = { "/usr/bin", "/bin" };
	struct rt_actions taken = RT_ACTIONS_INIT;
	start(penv);
	rt_rex_header(rx, "system setup", 1);
	rt_rex_header(rx, "commands from package foo-1.2.3[]", 0);
	CHECK(rt_rex_append_system_paths(rx, sys, 2, &err) == 0);
	CHECK_STR(desc(),
		  "comment ''\ncomment ''\n"
		  "comment '################################################################################'\n"
		  "comment 'system setup'\n"
		  "comment '################################################################################'\n"
		  "comment ''\ncomment 'commands from package foo-1.2.3[]'\n"
		  "comment '--------------------------------------------------------------------------------'\n"
		  "setenv PATH '/usr/bin'\nappendenv PATH '/bin'\n");
	CHECK_STR(get("PATH"), "/usr/bin:/bin");
	rt_rex_take_actions(rx, &taken);
	CHECK(taken.n == 10 && rt_rex_actions(rx)->n == 0);
	CHECK_STR(get("PATH"), "/usr/bin:/bin");
	rt_actions_release(&taken);

	/* expandvars */
	start(penv);
	rt_rex_set_lookup(rx, test_lookup, NULL);
	{
		struct rt_estr e = RT_ESTR_INIT;
		CHECK(SET("X", "1") == 0);
		rt_estr_adds(&e, 0, "~/a $X ${PATH} $NOPE {root} {{");
		rt_buf_reset(&out);
		CHECK(rt_rex_expandvars(rx, &e, 1, &out, &err) == 0);
		CHECK_STR(out.buf, "/home/rezuser/a 1 /usr/local/bin:/usr/bin ${NOPE} /pkgs/foo/1.2.3 {");
		rt_buf_reset(&out);
		CHECK(rt_rex_expandvars(rx, &e, 0, &out, &err) == 0);
		CHECK_STR(out.buf, "/home/rezuser/a 1 /usr/local/bin:/usr/bin ${NOPE} {root} {{");
		rt_estr_release(&e);
	}
}

static void test_bad_input(void)
{
	struct rt_estr e = RT_ESTR_INIT;
	static const char *const argv[] = { "echo", "a b", "$X" };
	start(NULL);
	CHECK(SET("A", "\xff\xfe") == -1);
	CHECK_STR(err.msg, "invalid UTF-8 in value of 'A'");
	CHECK(SET("", "x") == -1);
	CHECK_STR(err.msg, "empty environment variable name ''");
	CHECK(SET("A=B", "x") == -1);
	CHECK(SET("\xc3", "x") == -1);
	rt_estr_add(&e, 1, "a\0b", 3);
	CHECK(rt_rex_setenv(rx, "A", &e, &err) == -1);
	CHECK_STR(err.msg, "NUL byte in value of 'A'");
	rt_estr_release(&e);
	CHECK(rt_rex_command(rx, "bad \xff", &err) == -1);
	CHECK(rt_rex_actions(rx)->n == 0);
	CHECK(rt_rex_command_argv(rx, argv, 3, &err) == 0);
	CHECK_STR(desc(), "command 'echo' 'a b' '$X'\n");
}

int main(void)
{
	test_all_actions();
	test_append_prepend();
	test_external_and_expansion();
	test_separators();
	test_literal_expandable();
	test_objects();
	test_tilde();
	test_paths();
	test_resetting();
	test_context_helpers();
	test_bad_input();
	rt_rex_free(rx);
	rt_error_release(&err);
	rt_buf_release(&out);
	return tap_done();
}
