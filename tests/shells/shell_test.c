/* shell_test.c - runs emitted scripts in the real shells and compares byte for byte.
 *
 * usage: shell_test SHELL GOLDEN_DIR WORK_DIR
 *   1. emits the hostile action set and the example context for SHELL and compares them with
 *      GOLDEN_DIR/SHELL/{hostile,context}<ext> (REZ_UPDATE_GOLDEN=1 rewrites the files);
 *   2. checks the errors SHELL must give (unrepresentable values, bad UTF-8, bad names);
 *   3. if SHELL runs here (everything but powershell/pwsh), sources the hostile script in the
 *      real shell under a fixed environment, dumps the environment, stdout, stderr and an
 *      alias call, and compares each with what the action list says. cmd runs under wine
 *      (WINEPREFIX must be set; the ctest fixture shells.wine_init creates it).
 * Exit status: 0 pass, 1 fail (a missing shell binary fails: the test command installs it). */
#include "runtime/common.h"
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "runtime/shell.h"
#include "tests/shells/shtest.h"
#include "tests/unit/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- test data ---- */

/* Values are written with REF markers: "\1NAME\1" is a reference to NAME. */
#define R(name) "\1" name "\1"

enum {
	NO_CMD_RUN = 1 << 0,     /* not run under wine (its cmd reads batch files in the OEM code page) */
	CMD_ERROR = 1 << 1,      /* cmd cannot represent it: emitting must fail */
	NO_CSH = 1 << 2,         /* refers to an unset variable: csh fails by design */
	NO_CMD = 1 << 3          /* depends on the Unix parent environment (PATH) */
};

struct hostile {
	const char *name;
	const char *value;
	unsigned flags;
};

static const struct hostile values[] = {
	{ "H_PLAIN", "bar", 0 },
	{ "H_SPACE", "hello world", 0 },
	{ "H_SQUOTE", "it's", 0 },
	{ "H_DQUOTE", "say \"hi\"", 0 },
	{ "H_DOLLAR_TEXT", "$WHO ${WHO} $(echo pwned) $5 and $", 0 },
	{ "H_REF", R("WHO") "/x", 0 },
	{ "H_REF_UNSET", R("NOPE") "/x", NO_CSH },
	{ "H_BACKTICK", "a`b`c `echo pwned`", 0 },
	{ "H_PERCENT", "100% %WHO% %% %", 0 },
	{ "H_CARET", "a^b ^^ ^& ^", 0 },
	{ "H_BANG", "wow! a!b !! !$ !-1 \\!x", 0 },
	{ "H_HISTSUB", "^x^y", 0 },
	{ "H_METAS", "a&b|c<d>e;f(g)h && || >>", 0 },
	{ "H_BACKSLASH", "C:\\foo\\bar\\", 0 },
	{ "H_BS_QUOTES", "\\' \\\" \\\\ \\$ \\`", 0 },
	{ "H_NEWLINE", "line1\nline2", CMD_ERROR },
	{ "H_NL_ONLY", "\n", CMD_ERROR },
	{ "H_BS_NEWLINE", "a\\\nb\\", CMD_ERROR },
	{ "H_CRLF", "x\r\ny", CMD_ERROR },
	{ "H_UTF8", "h\xc3\xa9llo \xe2\x82\xac \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x89", NO_CMD_RUN },
	{ "H_SMARTQ", "\xe2\x80\x98q\xe2\x80\x99 \xe2\x80\x9a\xe2\x80\x9b '", NO_CMD_RUN },
	{ "H_EMPTY", "", 0 },
	{ "H_TILDE", "~/bin ~ a~b", 0 },
	{ "H_GLOB", "*.txt ? [a-z]* {a,b} *", 0 },
	{ "H_HASH", "#hash # mid", 0 },
	{ "H_SPACES", "  lead and trail  ", 0 },
	{ "H_TAB", "\ttab\tx\t", 0 },
	{ "H_DASH_N", "-n", 0 },
	{ "H_DASH_E", "-e \\n", 0 },
	{ "H_HELP", "/?", 0 },
	{ "H_QUOTE1", "'", 0 },
	{ "H_QUOTES2", "''", 0 },
	{ "H_DQ1", "\"", 0 },
	{ "H_BS1", "\\", 0 },
	{ "H_MIXED", "a'b" R("WHO") "c\"d" R("SPECIAL") "e$f", CMD_ERROR },
	{ "H_MIXED2", "x " R("SPECIAL") " y" R("WHO") R("WHO") "z", 0 },
	{ "H_REF_SPECIAL", R("SPECIAL"), 0 },
	{ "H_REF_QUOTED", "<" R("QUOTED") ">", NO_CMD },
	{ "H_REF_NL", "<" R("NLVAR") ">", NO_CMD },
	{ "H_REF_ADJ", R("WHO") "x" R("WHO") "_" R("WHO") "1", 0 },
	{ "H_REF_INDEX", R("WHO") "[1] $" R("WHO") "$", 0 },
	{ "H_EQUALS", "a=b==c", 0 },
	{ "H_COLON", "a:b;c", 0 },
	{ "H_PAREN", "(x) )y( ()", 0 },
};

/* The parent environment every run starts from (plus HOME, PATH, LANG). */
static const char *const parent_env[][2] = {
	{ "WHO", "Gary" },
	{ "EXISTING", "old" },
	{ "TO_UNSET", "gone" },
	{ "SPECIAL", "a b*?&|<>^%!();$x `y` ~ #" },
	{ "QUOTED", "say \"hi\" 'x'" },
	{ "NLVAR", "l1\nl2" },
};

/* The parent value of parent_env[i] in `sh`'s run, or NULL when it is left out: Windows
 * variables cannot hold newlines, and wine's cmd (unlike cmd.exe) expands %...% again inside
 * an expanded value, so the cmd run gets SPECIAL without its %. */
static const char *parent_env_value(const struct rt_shell *sh, size_t i)
{
	if (!rt_streq(sh->name, "cmd"))
		return parent_env[i][1];
	if (strchr(parent_env[i][1], '\n'))
		return NULL;
	if (rt_streq(parent_env[i][0], "SPECIAL"))
		return "a b*?&|<>^!();$x `y` ~ #";
	return parent_env[i][1];
}

static void vstr_from_spec(struct rt_vstr *v, const char *spec)
{
	const char *s = spec, *m;
	while ((m = strchr(s, '\1'))) {
		const char *e = strchr(m + 1, '\1');
		char *name;
		rt_vstr_add_text(v, s, (size_t)(m - s));
		name = rt_xmemdupz(m + 1, (size_t)(e - m - 1));
		rt_vstr_add_ref(v, name);
		free(name);
		s = e + 1;
	}
	rt_vstr_add_text(v, s, strlen(s));
}

static struct rt_action *add_kv(struct rt_actions *a, enum rt_action_kind k, const char *key,
				const char *spec)
{
	struct rt_action *act = rt_actions_add(a, k);
	act->key = key ? rt_xstrdup(key) : NULL;
	if (spec)
		vstr_from_spec(&act->value, spec);
	return act;
}

static void add_pend(struct rt_actions *a, int append, const char *key, const char *spec,
		     const char *sep, int guard)
{
	struct rt_action *act = add_kv(a, append ? RT_ACT_APPENDENV : RT_ACT_PREPENDENV, key, spec);
	act->sep = rt_xstrdup(sep);
	act->guard = guard;
}

static int is_cmd(const struct rt_shell *sh) { return rt_streq(sh->name, "cmd"); }
static int is_csh(const struct rt_shell *sh) { return rt_streq(sh->name, "csh") || rt_streq(sh->name, "tcsh"); }

/* Message lines for info/error, with the stdout/stderr text they must produce. */
static const char *const info_lines[] = {
	"hello " R("WHO") " 'q' \"d\" & <x> | ^ %WHO% %% !x! $HOME `id`",
	"-n",
	"",
	"a\\nb\\c \\",
	"  spaced  ",
	"/?",
	"multi\nline",
	"\ttab",
};
static const char *const error_lines[] = {
	"bad " R("WHO") " \"thing\" & more!",
};

/* Builds the hostile list for `sh`. `run`: only what this test environment can run. */
static void build_hostile(struct rt_actions *a, const struct rt_shell *sh, const char *source_path, int run)
{
	struct rt_action *act;
	add_kv(a, RT_ACT_SHEBANG, NULL, NULL);
	act = add_kv(a, RT_ACT_COMMENT, NULL, NULL);
	act->text = rt_xstrdup("hostile values: every one must reach the variable exactly\n"
			       "second comment line with $WHO %WHO% ' \" ! ^");
	for (size_t i = 0; i < RT_ARRAY_LEN(values); i++) {
		unsigned f = values[i].flags;
		if (is_cmd(sh) && (f & (CMD_ERROR | NO_CMD)))
			continue;
		if (is_cmd(sh) && run && (f & NO_CMD_RUN))
			continue;
		if (is_csh(sh) && (f & NO_CSH))
			continue;
		add_kv(a, RT_ACT_SETENV, values[i].name, values[i].value);
	}
	{
		/* A long value: 4000 bytes of the worst characters. */
		struct rt_buf b = RT_BUF_INIT;
		while (b.len < 4000)
			rt_buf_adds(&b, is_cmd(sh) ? "ab'$%!^&|;\\ ()<>" : "ab'\"$%!^&|;\\ `\n");
		add_kv(a, RT_ACT_SETENV, "H_LONG", b.buf);
		rt_buf_release(&b);
	}
	add_kv(a, RT_ACT_RESETENV, "H_RESET", "r'" R("WHO"));
	/* append / prepend */
	add_kv(a, RT_ACT_SETENV, "P_LIST", "a");
	add_pend(a, 1, "P_LIST", "b c", ":", 0);
	/* cmd: an unpaired quote before the reference to P_LIST is an error (check_errors) */
	add_pend(a, 0, "P_LIST", is_cmd(sh) ? "$x'\"\"" : "$x'\"", ":", 0);
	add_pend(a, 1, "P_LIST", R("WHO") "!", ":", 0);
	add_pend(a, 1, "EXISTING", "/x", ":", 1);
	add_pend(a, 0, "EXISTING", "/y", ":", 1);
	add_pend(a, 1, "P_NEW", "/z", ":", 1);
	add_pend(a, 0, "P_NEW2", "/w", ";", 1);
	add_kv(a, RT_ACT_SETENV, "P_DOXY", "a");
	add_pend(a, 1, "P_DOXY", "b", " ", 0);
	add_pend(a, 1, "P_DOXY", "c", "'", 0);
	if (!is_cmd(sh))
		add_pend(a, 1, "PATH", "/opt/x y", ":", 0);
	/* names differing in case: one variable in cmd/PowerShell */
	add_kv(a, RT_ACT_SETENV, "MiXed", "1");
	add_pend(a, 1, "MIXED", "2", ":", 1);
	/* unset */
	add_kv(a, RT_ACT_UNSETENV, "TO_UNSET", NULL);
	add_kv(a, RT_ACT_UNSETENV, "NEVER_SET", NULL);
	add_kv(a, RT_ACT_SETENV, "U_TEMP", "x");
	add_kv(a, RT_ACT_UNSETENV, "U_TEMP", NULL);
	/* messages */
	for (size_t i = 0; i < RT_ARRAY_LEN(info_lines); i++)
		add_kv(a, RT_ACT_INFO, NULL, info_lines[i]);
	if (!(is_cmd(sh) && run))
		add_kv(a, RT_ACT_INFO, NULL, "h\xc3\xa9llo \xe2\x80\x98q\xe2\x80\x99");
	for (size_t i = 0; i < RT_ARRAY_LEN(error_lines); i++)
		add_kv(a, RT_ACT_ERROR, NULL, error_lines[i]);
	/* alias: the same body is valid in every Unix shell; wine has no doskey */
	if (!(is_cmd(sh) && run)) {
		act = add_kv(a, RT_ACT_ALIAS, "rezgreet", NULL);
		act->text = rt_xstrdup(is_cmd(sh) ? "echo [$1]" : "printf '[%s]'");
	}
	/* command given as argv: the arguments go through quote_arg */
	if (!is_cmd(sh)) {
		static const char *const argv[] = { "printf", "<%s>", "a b", "it's", "$x", "", "-n",
						    "%WHO%", "!x", "a\"b\\", "*", "~", "x\ny" };
		act = rt_actions_add(a, RT_ACT_COMMAND);
		act->argc = RT_ARRAY_LEN(argv);
		act->argv = rt_xmalloc(sizeof(char *) * act->argc);
		for (size_t i = 0; i < act->argc; i++)
			act->argv[i] = rt_xstrdup(argv[i]);
	}
	act = rt_actions_add(a, RT_ACT_COMMAND);
	act->text = rt_xstrdup(is_cmd(sh) ? "echo:raw command" : "printf '%s\\n' 'raw command'");
	add_kv(a, RT_ACT_SOURCE, NULL, source_path);
}

/* ---- the expected environment (what the action list says) ---- */

struct envmap {
	struct { char *name, *value; size_t len; int set; } *v;
	size_t n, cap;
	int nocase;
};

static int name_eq(const struct envmap *m, const char *a, const char *b)
{
	return m->nocase ? strcasecmp(a, b) == 0 : rt_streq(a, b);
}

static size_t env_find(struct envmap *m, const char *name, int create)
{
	for (size_t i = 0; i < m->n; i++)
		if (name_eq(m, m->v[i].name, name))
			return i;
	if (!create)
		return (size_t)-1;
	m->v = rt_xgrow(m->v, sizeof(*m->v), m->n + 1, &m->cap);
	memset(&m->v[m->n], 0, sizeof(m->v[0]));
	m->v[m->n].name = rt_xstrdup(name);
	return m->n++;
}

static void env_set(struct envmap *m, const char *name, const char *val, size_t len, int set)
{
	size_t i = env_find(m, name, 1);
	free(m->v[i].value);
	m->v[i].value = set ? rt_xmemdupz(val, len) : NULL;
	m->v[i].len = set ? len : 0;
	m->v[i].set = set;
}

static void env_expand(struct envmap *m, const struct rt_vstr *v, struct rt_buf *out)
{
	for (size_t i = 0; i < v->n; i++) {
		if (v->parts[i].kind == RT_PART_TEXT) {
			rt_buf_add(out, v->parts[i].text, v->parts[i].len);
		} else {
			size_t j = env_find(m, v->parts[i].text, 0);
			if (j != (size_t)-1 && m->v[j].set)
				rt_buf_add(out, m->v[j].value, m->v[j].len);
		}
	}
}

static void env_release(struct envmap *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].name);
		free(m->v[i].value);
	}
	free(m->v);
}

/* Applies the actions to the model. cmd has no empty variables: an empty value unsets. */
static void env_apply(struct envmap *m, const struct rt_actions *a, int empty_unsets)
{
	struct rt_buf b = RT_BUF_INIT;
	for (size_t i = 0; i < a->n; i++) {
		const struct rt_action *act = &a->v[i];
		rt_buf_reset(&b);
		switch (act->kind) {
		case RT_ACT_SETENV:
		case RT_ACT_RESETENV:
			env_expand(m, &act->value, &b);
			break;
		case RT_ACT_APPENDENV:
		case RT_ACT_PREPENDENV: {
			struct rt_vstr v = RT_VSTR_INIT;
			if (act->kind == RT_ACT_APPENDENV) {
				rt_vstr_add_ref(&v, act->key);
				rt_vstr_add_text(&v, act->sep, strlen(act->sep));
				rt_vstr_append(&v, &act->value);
			} else {
				rt_vstr_append(&v, &act->value);
				rt_vstr_add_text(&v, act->sep, strlen(act->sep));
				rt_vstr_add_ref(&v, act->key);
			}
			env_expand(m, &v, &b);
			rt_vstr_release(&v);
			break;
		}
		case RT_ACT_UNSETENV:
			env_set(m, act->key, NULL, 0, 0);
			continue;
		default:
			continue;
		}
		env_set(m, act->key, b.buf, b.len, !(empty_unsets && b.len == 0));
	}
	rt_buf_release(&b);
}

/* ---- files and processes ---- */

static void read_file(const char *path, struct rt_buf *out)
{
	rt_buf_reset(out);
	if (rt_buf_read_file(out, path, 1 << 24))
		rt_buf_reset(out);
}

static char *find_exe(const char *name)
{
	static const char *const dirs[] = { "/usr/bin", "/bin", "/usr/local/bin" };
	for (size_t i = 0; i < RT_ARRAY_LEN(dirs); i++) {
		char *p = rt_xstrfmt("%s/%s", dirs[i], name);
		if (access(p, X_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

/* ---- golden files ---- */

static int golden(const char *dir, const char *shell, const char *name, const struct rt_buf *got,
		  const char *work)
{
	char *path = rt_xstrfmt("%s/%s/%s", dir, shell, name);
	struct rt_buf want = RT_BUF_INIT;
	int ok;
	if (getenv("REZ_UPDATE_GOLDEN")) {
		char *d = rt_xstrfmt("%s/%s", dir, shell);
		mkdir(d, 0755);
		free(d);
		CHECKF(sht_write_file(path, got->buf, got->len) == 0, "writing %s", path);
		free(path);
		return 1;
	}
	read_file(path, &want);
	ok = want.len == got->len && memcmp(want.buf, got->buf, got->len) == 0;
	if (!ok) {
		char *actual = rt_xstrfmt("%s/%s.actual", work, name);
		sht_write_file(actual, got->buf, got->len);
		CHECKF(0, "%s differs from the emitted script (see %s; REZ_UPDATE_GOLDEN=1 rewrites)",
		       path, actual);
		free(actual);
	} else {
		CHECK(ok);
	}
	rt_buf_release(&want);
	free(path);
	return ok;
}

/* ---- the example context (spec §8.1) ---- */

static void comment(struct rt_actions *a, const char *text)
{
	struct rt_action *act = rt_actions_add(a, RT_ACT_COMMENT);
	act->text = rt_xstrdup(text);
}

static void major_header(struct rt_actions *a, const char *title)
{
	comment(a, "");
	comment(a, "");
	comment(a, "################################################################################");
	comment(a, title);
	comment(a, "################################################################################");
}

static void minor_header(struct rt_actions *a, const char *title)
{
	comment(a, "");
	comment(a, title);
	comment(a, "--------------------------------------------------------------------------------");
}

static void set_lit(struct rt_actions *a, const char *k, const char *v)
{
	add_kv(a, RT_ACT_SETENV, k, v);
}

static void build_context(struct rt_actions *a, const struct rt_shell *sh)
{
	int win = (sh->flags & RT_SHELL_WINPATHS) != 0;
	const char *pkgs = win ? "C:\\pkgs" : (rt_streq(sh->name, "gitbash") ? "/c/pkgs" : "/pkgs");
	const char *ds = win ? "\\" : "/";
	char sep[2] = { sh->pathsep, 0 };
	char *foo = rt_xstrfmt("%s%sfoo%s1.2.3", pkgs, ds, ds);
	char *bar = rt_xstrfmt("%s%sbar%s2.0", pkgs, ds, ds);
	char *baz = rt_xstrfmt("%s%sbaz%s0.1", pkgs, ds, ds);
	char *t;
	struct rt_action *act;

	add_kv(a, RT_ACT_SHEBANG, NULL, NULL);
	major_header(a, "system setup");
	set_lit(a, "REZ_USED", win ? "C:\\rez\\lib" : "/opt/rez/lib");
	set_lit(a, "REZ_USED_VERSION", "3.4.0");
	set_lit(a, "REZ_USED_TIMESTAMP", "1700000000");
	set_lit(a, "REZ_USED_REQUESTED_TIMESTAMP", "0");
	set_lit(a, "REZ_USED_REQUEST", "bar baz");
	set_lit(a, "REZ_USED_IMPLICIT_PACKAGES", "~platform==linux ~arch==x86_64");
	set_lit(a, "REZ_USED_RESOLVE", "foo-1.2.3 bar-2.0 baz-0.1");
	set_lit(a, "REZ_USED_PACKAGES_PATH", pkgs);
	major_header(a, "package variables");
	{
		static const char *const pk[][5] = {
			{ "foo-1.2.3[]", "FOO", "1.2.3", "1", "2" },
			{ "bar-2.0[]", "BAR", "2.0", "2", "0" },
			{ "baz-0.1[]", "BAZ", "0.1", "0", "1" },
		};
		const char *roots[] = { foo, bar, baz };
		for (size_t i = 0; i < 3; i++) {
			t = rt_xstrfmt("variables for package %s", pk[i][0]);
			minor_header(a, t);
			free(t);
#define PV(suffix, val) do { t = rt_xstrfmt("REZ_%s_%s", pk[i][1], suffix); set_lit(a, t, val); free(t); } while (0)
			PV("VERSION", pk[i][2]);
			PV("MAJOR_VERSION", pk[i][3]);
			PV("MINOR_VERSION", pk[i][4]);
			PV("PATCH_VERSION", i == 0 ? "3" : "");
			PV("BASE", roots[i]);
			PV("ROOT", roots[i]);
#undef PV
		}
	}
	major_header(a, "pre_commands");
	minor_header(a, "pre_commands from package foo-1.2.3[]");
	set_lit(a, "FOO_PRE", "pre-foo");
	major_header(a, "commands");
	minor_header(a, "commands from package foo-1.2.3[]");
	t = rt_xstrfmt("%s%sbin", foo, ds);
	set_lit(a, "PATH", t);
	free(t);
	set_lit(a, "FOO_ROOT", foo);
	set_lit(a, "FOO_LIST", "x");
	act = add_kv(a, RT_ACT_ALIAS, "footool", NULL);
	act->text = rt_xstrfmt("%s/bin/footool --verbose", foo);
	add_kv(a, RT_ACT_INFO, NULL, "foo loaded");
	minor_header(a, "commands from package bar-2.0[]");
	t = rt_xstrfmt("%s%spython", bar, ds);
	set_lit(a, "PYTHONPATH", t);   /* a first prepend is a setenv (rex, spec 4.1) */
	free(t);
	add_pend(a, 0, "PYTHONPATH", "/opt/py", sep, 0);
	add_pend(a, 1, "PARENT_LIST", "z", sep, 1);   /* a parent variable's first change */
	add_pend(a, 1, "FOO_LIST", "y", sep, 0);
	set_lit(a, "BAR_FOO_VER", "1.2.3");
	set_lit(a, "BAR_BASE", bar);
	comment(a, "bar says hi");
	major_header(a, "post_commands");
	minor_header(a, "post_commands from package foo-1.2.3[]");
	set_lit(a, "FOO_POST", "1.2");
	major_header(a, "post system setup");
	add_pend(a, 1, "PATH", win ? "C:\\Windows\\system32" : "/usr/bin", sep, 0);
	add_pend(a, 1, "PATH", win ? "C:\\Windows" : "/bin", sep, 0);
	free(foo);
	free(bar);
	free(baz);
}

/* ---- error cases ---- */

static void expect_error(const struct rt_shell *sh, struct rt_actions *a, const char *want)
{
	struct rt_buf out = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	int rc = rt_shell_emit(sh, a, NULL, &out, &err);
	CHECKF(rc == -1, "%s: emitting should fail with \"%s\"", sh->name, want);
	CHECKF(rc == 0 || strstr(rt_error_msg(&err), want) != NULL, "%s: error \"%s\" lacks \"%s\"",
	       sh->name, rt_error_msg(&err), want);
	rt_error_release(&err);
	rt_buf_release(&out);
	rt_actions_release(a);
}

static void check_errors(const struct rt_shell *sh)
{
	struct rt_actions a = RT_ACTIONS_INIT;
	struct rt_action *act;

	act = add_kv(&a, RT_ACT_SETENV, "BAD_UTF8", NULL);
	rt_vstr_add_text(&act->value, "ok\xc3(", 4);
	expect_error(sh, &a, "variable 'BAD_UTF8': its value is not valid UTF-8 (at byte 2)");

	act = add_kv(&a, RT_ACT_SETENV, "HAS_NUL", NULL);
	rt_vstr_add_text(&act->value, "a\0b", 3);
	expect_error(sh, &a, "variable 'HAS_NUL': its value contains a NUL byte");

	add_kv(&a, RT_ACT_SETENV, "1BAD", "x");
	expect_error(sh, &a, "variable '1BAD': not a valid variable name");

	add_kv(&a, RT_ACT_SETENV, "A-B", "x");
	expect_error(sh, &a, "variable 'A-B': not a valid variable name");

	add_kv(&a, RT_ACT_INFO, NULL, "\xff");
	expect_error(sh, &a, "info message: its value is not valid UTF-8");

	add_kv(&a, RT_ACT_SETENV, "X", "a" R("bad name") "b");
	expect_error(sh, &a, "refers to 'bad name', which is not a variable name");

	if (is_cmd(sh)) {
		for (size_t i = 0; i < RT_ARRAY_LEN(values); i++) {
			if (!(values[i].flags & CMD_ERROR))
				continue;
			char *want = rt_xstrfmt("cmd: cannot write variable '%s': ", values[i].name);
			add_kv(&a, RT_ACT_SETENV, values[i].name, values[i].value);
			expect_error(sh, &a, want);
			free(want);
		}
		add_kv(&a, RT_ACT_SETENV, "P_LIST", "a");
		add_pend(&a, 0, "P_LIST", "\"", ":", 0);
		expect_error(sh, &a, "cmd: cannot write variable 'P_LIST': the reference to 'P_LIST' follows an unpaired '\"'");
		add_kv(&a, RT_ACT_INFO, NULL, "a\r");
		expect_error(sh, &a, "carriage return");
		add_kv(&a, RT_ACT_SOURCE, NULL, "C:\\100%\\x.bat");
		expect_error(sh, &a, "cannot write source path: cmd's call cannot take a path containing '%'");
		{
			struct rt_buf b = RT_BUF_INIT;
			rt_buf_addchars(&b, 'x', 9000);
			add_kv(&a, RT_ACT_SETENV, "TOO_LONG", b.buf);
			rt_buf_release(&b);
			expect_error(sh, &a, "cmd allows 8191");
		}
	}
}

/* ---- running ---- */

struct runner {
	const char *exe;            /* shell binary name to look for */
	const char *const *args;    /* arguments before the runner script */
};

static const char *const no_args[] = { NULL };
static const char *const zsh_args[] = { "-f", NULL };
static const char *const csh_args[] = { "-f", NULL };
static const char *const fish_args[] = { "--no-config", NULL };
static const char *const bash_args[] = { "--norc", "--noprofile", NULL };

static const struct { const char *shell; struct runner r; } runners[] = {
	{ "bash", { "bash", bash_args } },
	{ "sh", { "dash", no_args } },
	{ "zsh", { "zsh", zsh_args } },
	{ "ksh", { "ksh93", no_args } },
	{ "csh", { "bsd-csh", csh_args } },
	{ "tcsh", { "tcsh", csh_args } },
	{ "fish", { "fish", fish_args } },
	{ "gitbash", { "bash", bash_args } },
	{ "cmd", { "wine", no_args } },
};

static void q(const struct rt_shell *sh, const char *s, struct rt_buf *out)
{
	struct rt_error err = RT_ERROR_INIT;
	if (sh->quote_arg(s, strlen(s), out, &err))
		RT_BUG("quote_arg failed: %s", rt_error_msg(&err));
}

/* The script that sources the context and records what it did. */
static void runner_script(const struct rt_shell *sh, const char *ctx, const char *work, struct rt_buf *b)
{
	char *env = rt_xstrfmt("%s/env.bin", work), *alias = rt_xstrfmt("%s/alias.txt", work);
	static const char *const greet[] = { "rezgreet", "a b", "c", "it's $x!", "" };
	if (is_csh(sh) || rt_streq(sh->name, "fish"))
		rt_buf_adds(b, "source ");
	else
		rt_buf_adds(b, ". ");
	q(sh, ctx, b);
	rt_buf_adds(b, "\nenv -0 > ");
	q(sh, env, b);
	rt_buf_addch(b, '\n');
	for (size_t i = 0; i < RT_ARRAY_LEN(greet); i++) {
		if (i)
			rt_buf_addch(b, ' ');
		q(sh, greet[i], b);
	}
	rt_buf_adds(b, " > ");
	q(sh, alias, b);
	rt_buf_addch(b, '\n');
	free(env);
	free(alias);
}

/* Reads `env -0` output or cmd's `set` listing into a map. */
static void parse_env(const struct rt_buf *dump, int cmd, struct envmap *m)
{
	const char *s = dump->buf, *end = dump->buf + dump->len;
	while (s < end) {
		const char *e = memchr(s, cmd ? '\n' : '\0', (size_t)(end - s));
		const char *eq;
		size_t len;
		if (!e)
			e = end;
		len = (size_t)(e - s);
		if (cmd && len && s[len - 1] == '\r')
			len--;
		eq = memchr(s, '=', len);
		if (eq && eq != s) {
			char *name = rt_xmemdupz(s, (size_t)(eq - s));
			env_set(m, name, eq + 1, len - (size_t)(eq - s) - 1, 1);
			free(name);
		}
		s = e + 1;
	}
}

static void strip_cr(struct rt_buf *b)
{
	size_t j = 0;
	for (size_t i = 0; i < b->len; i++)
		if (!(b->buf[i] == '\r' && i + 1 < b->len && b->buf[i + 1] == '\n'))
			b->buf[j++] = b->buf[i];
	rt_buf_setlen(b, j);
}

static void show(const char *what, const char *s, size_t len)
{
	fprintf(stderr, "  %s: \"", what);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			fputs("\\n", stderr);
		else if (c < 0x20 || c == 0x7f)
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
	fputs("\"\n", stderr);
}

static void check_text(const char *what, const struct rt_buf *got, const struct rt_buf *want)
{
	int ok = got->len == want->len && memcmp(got->buf, want->buf, got->len) == 0;
	CHECKF(ok, "%s differs", what);
	if (!ok) {
		show("want", want->buf, want->len);
		show("got ", got->buf, got->len);
	}
}

/* What the info and error actions of the hostile list must print. */
static void expected_output(const struct rt_actions *a, struct envmap *m, int to_stderr, struct rt_buf *out)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct rt_action *act = &a->v[i];
		if (act->kind == (to_stderr ? RT_ACT_ERROR : RT_ACT_INFO)) {
			env_expand(m, &act->value, out);
			rt_buf_addch(out, '\n');
		}
		if (!to_stderr && act->kind == RT_ACT_COMMAND)
			rt_buf_adds(out, act->argv ? "<a b><it's><$x><><-n><%WHO%><!x><a\"b\\><*><~><x\ny>"
					 : "raw command\n");
	}
}

/* ---- spawn: `rez env` in command and stdin modes ---- */

static void check_spawn(const struct rt_shell *sh, const char *exe, const char *work, int stdin_mode)
{
	struct rt_actions a = RT_ACTIONS_INIT;
	struct rt_buf b = RT_BUF_INIT, want = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_spawn sp = RT_SPAWN_INIT;
	struct rt_action *act;
	char *dir = rt_xstrfmt("%s/spawn-%s dir", work, stdin_mode ? "stdin" : "command");
	char *ctx = rt_xstrfmt("%s/context%s", dir, sh->ext);
	char *outp = rt_xstrfmt("%s/out.txt", dir), *errp = rt_xstrfmt("%s/err.txt", dir);
	char *inp = rt_xstrfmt("%s/in.txt", dir);
	const char *cmds = "printenv SPAWN_VAR\nprintenv REZ_ENV_PROMPT\nrezgreet x 'y z'\n";
	struct rt_spawn_opts o = { exe, dir, ctx, stdin_mode ? RT_SPAWN_STDIN : RT_SPAWN_COMMAND,
				   cmds, NULL, 1, NULL, 0, work, 1, 0 };
	char *envp[8];
	size_t ne = 0;
	int rc;

	mkdir(dir, 0755);
	add_kv(&a, RT_ACT_SETENV, "SPAWN_VAR", "it's \"ok\" $x");
	act = add_kv(&a, RT_ACT_ALIAS, "rezgreet", NULL);
	act->text = rt_xstrdup("printf '[%s]'");
	CHECK(rt_shell_emit(sh, &a, NULL, &b, &err) == 0);
	sht_write_file(ctx, b.buf, b.len);
	rc = rt_shell_spawn(sh, &o, &sp, &err);
	CHECKF(rc == 0, "%s: spawn: %s", sh->name, rt_error_msg(&err));
	for (size_t i = 0; i < sp.nfiles; i++)
		CHECK(sht_write_file(sp.files[i].path, sp.files[i].text, sp.files[i].len) == 0);
	sht_write_file(inp, cmds, strlen(cmds));
	envp[ne++] = rt_xstrfmt("HOME=%s", work);
	envp[ne++] = rt_xstrdup("PATH=/usr/bin:/bin");
	envp[ne++] = rt_xstrdup("LANG=C.UTF-8");
	for (size_t i = 0; i < sp.nenv && ne < 7; i++)
		envp[ne++] = rt_xstrdup(sp.env[i]);
	envp[ne] = NULL;
	rc = sht_run(sp.argv, envp, outp, errp, dir, stdin_mode ? inp : NULL);
	CHECKF(rc == 0, "%s: spawned shell exited with %d", sh->name, rc);
	read_file(outp, &b);
	rt_buf_addf(&want, "it's \"ok\" $x\n%s\n[x][y z]", sh->prompt);
	check_text(stdin_mode ? "spawn stdin output" : "spawn command output", &b, &want);
	read_file(errp, &b);
	CHECKF(b.len == 0, "%s: spawn wrote to stderr: %s", sh->name, b.buf);

	for (size_t i = 0; i < ne; i++)
		free(envp[i]);
	rt_spawn_release(&sp);
	rt_actions_release(&a);
	rt_buf_release(&b);
	rt_buf_release(&want);
	rt_error_release(&err);
	free(dir);
	free(ctx);
	free(outp);
	free(errp);
	free(inp);
}

static int run_shell(const struct rt_shell *sh, const char *work, enum rt_script_layout layout)
{
	const struct runner *r = NULL;
	char *exe, *ctx, *runner, *src, *srcdir, *outp, *errp, *path;
	struct rt_actions a = RT_ACTIONS_INIT;
	struct rt_buf script = RT_BUF_INIT, b = RT_BUF_INIT, want = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	struct envmap model = { NULL, 0, 0, 0 }, got = { NULL, 0, 0, 0 };
	char *envp[32], *argv[16];
	size_t ne = 0, na = 0;
	int cmd = is_cmd(sh), rc;

	for (size_t i = 0; i < RT_ARRAY_LEN(runners); i++)
		if (rt_streq(runners[i].shell, sh->name))
			r = &runners[i].r;
	if (!r)
		return 0;   /* PowerShell: golden files only */
	exe = find_exe(r->exe);
	if (!exe) {
		fprintf(stderr, "FAIL: %s is not installed (scripts/dev test installs it)\n", r->exe);
		return 1;
	}
	if (cmd && !getenv("WINEPREFIX")) {
		fprintf(stderr, "FAIL: WINEPREFIX is not set (the ctest fixture sets it)\n");
		free(exe);
		return 1;
	}

	/* The sourced file sits in a directory whose name needs quoting. */
	srcdir = rt_xstrfmt("%s/%s", work, cmd ? "dir with space & (x)" : "dir with 'q' \"d\" $x !y");
	mkdir(srcdir, 0755);
	src = rt_xstrfmt("%s/it's sourced%s", srcdir, sh->ext);
	if (cmd) {
		sht_write_file(src, "set \"SOURCED=yes\"\r\n", 19);
		/* Wine maps Z: to /; cmd sees the Windows form of each path. */
		struct rt_buf w = RT_BUF_INIT;
		rt_buf_adds(&w, "Z:");
		for (const char *p = src; *p; p++)
			rt_buf_addch(&w, *p == '/' ? '\\' : *p);
		free(src);
		src = rt_buf_detach(&w, NULL);
	} else {
		const char *body = is_csh(sh) ? "setenv SOURCED yes\n" :
				   rt_streq(sh->name, "fish") ? "set -gx SOURCED yes\n" : "export SOURCED=yes\n";
		sht_write_file(src, body, strlen(body));
	}

	build_hostile(&a, sh, src, 1);
	{
		struct rt_emit_opts eo = { "/bin/sh", layout };
		rc = rt_shell_emit(sh, &a, &eo, &script, &err);
	}
	CHECKF(rc == 0, "%s: emit failed: %s", sh->name, rt_error_msg(&err));
	ctx = rt_xstrfmt("%s/context%s", work, sh->ext);
	sht_write_file(ctx, script.buf, script.len);

	runner = rt_xstrfmt("%s/runner%s", work, sh->ext);
	if (cmd) {
		rt_buf_adds(&b, "@echo off\r\ncall \"Z:");
		for (const char *p = ctx; *p; p++)
			rt_buf_addch(&b, *p == '/' ? '\\' : *p);
		rt_buf_adds(&b, "\"\r\nset > env.txt\r\n");
	} else {
		runner_script(sh, ctx, work, &b);
	}
	sht_write_file(runner, b.buf, b.len);

	/* The environment: fixed, so the expected values are known. */
	model.nocase = got.nocase = (sh->flags & RT_SHELL_NOCASE) != 0;
	path = rt_xstrfmt("HOME=%s", work);
	envp[ne++] = path;
	envp[ne++] = rt_xstrdup("PATH=/usr/bin:/bin");
	envp[ne++] = rt_xstrdup("LANG=C.UTF-8");
	for (size_t i = 0; i < RT_ARRAY_LEN(parent_env); i++) {
		const char *v = parent_env_value(sh, i);
		if (!v)
			continue;
		envp[ne++] = rt_xstrfmt("%s=%s", parent_env[i][0], v);
		env_set(&model, parent_env[i][0], v, strlen(v), 1);
	}
	if (cmd) {
		envp[ne++] = rt_xstrfmt("WINEPREFIX=%s", getenv("WINEPREFIX"));
		envp[ne++] = rt_xstrdup("WINEDEBUG=-all");
	} else {
		env_set(&model, "PATH", "/usr/bin:/bin", 13, 1);
	}
	envp[ne] = NULL;
	env_apply(&model, &a, cmd);

	argv[na++] = exe;
	if (cmd) {
		argv[na++] = "cmd";
		argv[na++] = "/c";
		argv[na++] = "runner.bat";
	} else {
		for (const char *const *p = r->args; *p; p++)
			argv[na++] = (char *)*p;
		argv[na++] = runner;
	}
	argv[na] = NULL;
	outp = rt_xstrfmt("%s/stdout.txt", work);
	errp = rt_xstrfmt("%s/stderr.txt", work);
	rc = sht_run(argv, envp, outp, errp, work, NULL);
	CHECKF(rc == 0, "%s exited with %d", r->exe, rc);

	/* the environment */
	{
		char *envfile = rt_xstrfmt("%s/%s", work, cmd ? "env.txt" : "env.bin");
		read_file(envfile, &b);
		free(envfile);
	}
	CHECKF(b.len > 0, "%s: no environment dump", sh->name);
	parse_env(&b, cmd, &got);
	for (size_t i = 0; i < model.n; i++) {
		size_t j = env_find(&got, model.v[i].name, 0);
		int has = j != (size_t)-1;
		if (!model.v[i].set) {
			CHECKF(!has, "%s: %s should be unset", sh->name, model.v[i].name);
			continue;
		}
		CHECKF(has, "%s: %s missing", sh->name, model.v[i].name);
		if (!has)
			continue;
		if (got.v[j].len != model.v[i].len || memcmp(got.v[j].value, model.v[i].value, got.v[j].len)) {
			CHECKF(0, "%s: %s has the wrong value", sh->name, model.v[i].name);
			show("want", model.v[i].value, model.v[i].len);
			show("got ", got.v[j].value, got.v[j].len);
		} else {
			CHECK(1);
		}
		/* cmd/PowerShell: one spelling per variable, the first one used */
		if (model.nocase)
			CHECKF(rt_streq(got.v[j].name, model.v[i].name), "%s: %s spelled %s", sh->name,
			       model.v[i].name, got.v[j].name);
	}
	{
		size_t j = env_find(&got, "SOURCED", 0);
		CHECKF(j != (size_t)-1 && rt_streq(got.v[j].value, "yes"), "%s: source did not run", sh->name);
	}

	/* stdout and stderr */
	read_file(outp, &b);
	if (cmd)
		strip_cr(&b);
	rt_buf_reset(&want);
	expected_output(&a, &model, 0, &want);
	{
		/* info ran before the variables were set; refs in messages see the parent env */
		struct envmap parent = { NULL, 0, 0, model.nocase };
		for (size_t i = 0; i < RT_ARRAY_LEN(parent_env); i++)
			if (parent_env_value(sh, i))
				env_set(&parent, parent_env[i][0], parent_env_value(sh, i),
					strlen(parent_env_value(sh, i)), 1);
		rt_buf_reset(&want);
		expected_output(&a, &parent, 0, &want);
		check_text("stdout", &b, &want);
		read_file(errp, &b);
		if (cmd)
			strip_cr(&b);
		rt_buf_reset(&want);
		expected_output(&a, &parent, 1, &want);
		check_text("stderr", &b, &want);
		env_release(&parent);
	}

	/* the alias, called with arguments quoted by quote_arg */
	if (!cmd) {
		char *ap = rt_xstrfmt("%s/alias.txt", work);
		read_file(ap, &b);
		rt_buf_reset(&want);
		rt_buf_adds(&want, "[a b][c][it's $x!][]");
		check_text("alias output", &b, &want);
		free(ap);
	}

	if (!cmd && layout == RT_LAYOUT_REZ) {
		check_spawn(sh, exe, work, 0);
		check_spawn(sh, exe, work, 1);
	}

	for (size_t i = 1; i < ne; i++)
		free(envp[i]);
	free(path);
	free(exe);
	free(ctx);
	free(runner);
	free(src);
	free(srcdir);
	free(outp);
	free(errp);
	env_release(&model);
	env_release(&got);
	rt_error_release(&err);
	rt_buf_release(&script);
	rt_buf_release(&b);
	rt_buf_release(&want);
	rt_actions_release(&a);
	return 0;
}


static const char *const dumps[] = { "env.bin", "env.txt", "stdout.txt", "stderr.txt", "alias.txt" };

static void keep_dumps(const char *work)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(dumps); i++) {
		char *a = rt_xstrfmt("%s/%s", work, dumps[i]), *b = rt_xstrfmt("%s/%s.rez", work, dumps[i]);
		unlink(b);
		rename(a, b);
		free(a);
		free(b);
	}
}

/* The two layouts' runs: the same environment (entry by entry, byte for byte), stdout,
 * stderr and alias output. */
static void compare_layouts(const struct rt_shell *sh, const char *work)
{
	const char *const *files = dumps;
	for (size_t i = 0; i < RT_ARRAY_LEN(dumps); i++) {
		char *pa = rt_xstrfmt("%s/%s.rez", work, files[i]), *pb = rt_xstrfmt("%s/%s", work, files[i]);
		struct rt_buf a = RT_BUF_INIT, b = RT_BUF_INIT, sa = RT_BUF_INIT, sb = RT_BUF_INIT;
		if (access(pa, F_OK) == 0) {
			read_file(pa, &a);
			read_file(pb, &b);
			if (i < 2) {
				sht_sorted_entries(&a, is_cmd(sh) ? '\n' : '\0', &sa);
				sht_sorted_entries(&b, is_cmd(sh) ? '\n' : '\0', &sb);
				CHECKF(sa.len == sb.len && !memcmp(sa.buf, sb.buf, sa.len),
				       "%s: %s differs between the rez and folded layouts", sh->name, files[i]);
			} else {
				CHECKF(a.len == b.len && !memcmp(a.buf, b.buf, a.len),
				       "%s: %s differs between the rez and folded layouts", sh->name, files[i]);
			}
		}
		rt_buf_release(&a);
		rt_buf_release(&b);
		rt_buf_release(&sa);
		rt_buf_release(&sb);
		free(pa);
		free(pb);
	}
}

static void check_registry(void)
{
	struct rt_error err = RT_ERROR_INIT;
	const char *const *names = rt_shell_names();
	size_t n = 0;
	while (names[n])
		n++;
	CHECK(n == 11);
	CHECK(rt_shell_find("nope", &err) == NULL);
	CHECK_STR(rt_error_msg(&err), "unknown shell 'nope' (valid shells: bash, sh, zsh, ksh, csh, "
		  "tcsh, fish, cmd, powershell, pwsh, gitbash)");
	rt_error_release(&err);
}

/* Emits the actions in `a` (released after) and compares with golden file BASE<ext>. */
static void emit_golden(const struct rt_shell *sh, struct rt_actions *a,
			const struct rt_emit_opts *eo, const char *dir, const char *base,
			const char *work)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_buf out = RT_BUF_INIT;
	char *name = rt_xstrfmt("%s%s", base, sh->ext);
	int rc = rt_shell_emit(sh, a, eo, &out, &err);
	CHECKF(rc == 0, "%s: %s emit failed: %s", sh->name, base, rt_error_msg(&err));
	golden(dir, sh->name, name, &out, work);
	free(name);
	rt_actions_release(a);
	rt_buf_release(&out);
	rt_error_release(&err);
}

int main(int argc, char **argv)
{
	const struct rt_shell *sh;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_actions a = RT_ACTIONS_INIT;
	struct rt_emit_opts eo = { NULL, RT_LAYOUT_REZ };
	char *exe;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: shell_test SHELL GOLDEN_DIR WORK_DIR\n");
		return 2;
	}
	sh = rt_shell_find(argv[1], &err);
	if (!sh) {
		fprintf(stderr, "%s\n", rt_error_msg(&err));
		rt_error_release(&err);
		return 2;
	}
	mkdir(argv[3], 0755);
	check_registry();

	/* golden: hostile set and example context, with a fixed shebang path, in Rez's layout
	 * and folded */
	exe = rt_xstrfmt("/usr/bin/%s", sh->executable);
	eo.exe_path = exe;
	for (int folded = 0; folded < 2; folded++) {
		eo.layout = folded ? RT_LAYOUT_FOLDED : RT_LAYOUT_REZ;
		build_hostile(&a, sh, (sh->flags & RT_SHELL_WINPATHS) ?
			      "C:\\dir with space\\it's (1).x" : "/dir with space/it's \"q\" $x.sh", 0);
		emit_golden(sh, &a, &eo, argv[2], folded ? "hostile-folded" : "hostile", argv[3]);
		build_context(&a, sh);
		emit_golden(sh, &a, &eo, argv[2], folded ? "context-folded" : "context", argv[3]);
	}
	free(exe);

	check_errors(sh);
	rc = run_shell(sh, argv[3], RT_LAYOUT_REZ);
	if (rc == 0) {
		/* the folded layout in the same shell and directory: the same checks, and the
		 * same dumps as Rez's layout (kept as *.rez) */
		keep_dumps(argv[3]);
		rc = run_shell(sh, argv[3], RT_LAYOUT_FOLDED);
		if (rc == 0)
			compare_layouts(sh, argv[3]);
	}
	CHECKF(rc == 0, "%s could not be run (see above)", sh->name);
	return tap_done();
}
