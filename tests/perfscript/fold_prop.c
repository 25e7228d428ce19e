/* fold_prop.c - property test of the folded layout: random action lists (setenv, resetenv,
 * append, prepend, unset, references between variables, info and error lines, commands that
 * print the environment in the middle of the script, aliases, comments) are written in
 * Rez's layout and in the folded one, each script is sourced in the real shell, and
 * everything the shell shows must be byte-identical between the layouts: the environment
 * at the end (`env -0`, entries sorted), stdout (which holds the mid-script environment
 * dumps) and stderr. Rez's layout must run cleanly (exit 0, the generator's lists are valid).
 *
 * usage: fold_prop SHELL WORK_DIR [CASES [SEED]]   (CASES default 60; REZ_FOLD_PROP_CASES too)
 * Exit status: 0 pass, 1 fail. */
#include "runtime/common.h"
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "runtime/shell.h"
#include "tests/shells/shtest.h"
#include "tests/unit/tap.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long long rng;

static unsigned rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng >> 33) % n);
}

/* Variables the lists change; P1 is inherited, NOPE is never set. */
static const char *const vars[] = { "A", "B", "C", "PATHX", "P1", "LD_X" };
static const char *const refs_only[] = { "NOPE", "HOME" };
static const char *const pieces[] = {
	"a", "b c", "x'y", "q\"r", "$z", "!", "\\", "*", "~", "%", ":", ";", "h\xc3\xa9", "/bin", "\n",
	"`id`", "{a,b}", "#", "-n", "  "
};
static const char *const seps[] = { ":", ";", " ", "" };

struct model {
	int set[RT_ARRAY_LEN(vars)];
};

static void random_value(struct rt_vstr *v, int allow_refs)
{
	unsigned n = rnd(4);
	for (unsigned i = 0; i < n; i++) {
		unsigned k = rnd(10);
		if (allow_refs && k < 3) {
			const char *r = rnd(5) ? vars[rnd(RT_ARRAY_LEN(vars))] : refs_only[rnd(2)];
			rt_vstr_add_ref(v, r);
		} else {
			const char *p = pieces[rnd(RT_ARRAY_LEN(pieces))];
			rt_vstr_add_text(v, p, strlen(p));
		}
	}
}

static void build_case(struct rt_actions *a, int csh)
{
	struct model m = { { 0 } };
	struct rt_action *act;
	unsigned n = 4 + rnd(28);
	m.set[4] = 1;   /* P1 */
	act = rt_actions_add(a, RT_ACT_SHEBANG);
	for (unsigned i = 0; i < n; i++) {
		unsigned k = rnd(100), vi = rnd(RT_ARRAY_LEN(vars));
		enum rt_action_kind kind;
		if (k < 22)
			kind = RT_ACT_SETENV;
		else if (k < 26)
			kind = RT_ACT_RESETENV;
		else if (k < 48)
			kind = RT_ACT_APPENDENV;
		else if (k < 70)
			kind = RT_ACT_PREPENDENV;
		else if (k < 78)
			kind = RT_ACT_UNSETENV;
		else if (k < 83)
			kind = RT_ACT_INFO;
		else if (k < 86)
			kind = RT_ACT_ERROR;
		else if (k < 92)
			kind = RT_ACT_COMMAND;
		else if (k < 95)
			kind = RT_ACT_ALIAS;
		else
			kind = RT_ACT_COMMENT;
		act = rt_actions_add(a, kind);
		switch (kind) {
		case RT_ACT_SETENV: case RT_ACT_RESETENV:
			act->key = rt_xstrdup(vars[vi]);
			random_value(&act->value, 1);
			m.set[vi] = 1;
			break;
		case RT_ACT_APPENDENV: case RT_ACT_PREPENDENV:
			act->key = rt_xstrdup(vars[vi]);
			random_value(&act->value, 1);
			act->sep = rt_xstrdup(seps[rnd(RT_ARRAY_LEN(seps))]);
			act->guard = !m.set[vi];   /* as rex: the variable may be unset here */
			m.set[vi] = 1;
			break;
		case RT_ACT_UNSETENV:
			act->key = rt_xstrdup(vars[vi]);
			m.set[vi] = 0;
			break;
		case RT_ACT_INFO: case RT_ACT_ERROR:
			random_value(&act->value, 1);
			break;
		case RT_ACT_COMMAND: {
			/* prints every variable the lists touch: the environment mid-script */
			static const char *const argv[] = { "printenv", "A", "B", "C", "PATHX", "P1", "LD_X" };
			act->argc = RT_ARRAY_LEN(argv);
			act->argv = rt_xmalloc(sizeof(char *) * act->argc);
			for (size_t j = 0; j < act->argc; j++)
				act->argv[j] = rt_xstrdup(argv[j]);
			break;
		}
		case RT_ACT_ALIAS:
			act->key = rt_xstrdup("rezgreet");
			act->text = rt_xstrdup("printf '[%s]'");
			break;
		default:
			act->text = rt_xstrdup("comment $A 'x'");
			break;
		}
	}
	(void)csh;
}

/* ---- running ---- */

struct runner {
	const char *shell, *exe;
	const char *args[3];
	int csh, fish;
};

static const struct runner runners[] = {
	{ "bash", "bash", { "--norc", "--noprofile", NULL }, 0, 0 },
	{ "sh", "dash", { NULL }, 0, 0 },
	{ "zsh", "zsh", { "-f", NULL }, 0, 0 },
	{ "ksh", "ksh93", { NULL }, 0, 0 },
	{ "tcsh", "tcsh", { "-f", NULL }, 1, 0 },
	{ "csh", "bsd-csh", { "-f", NULL }, 1, 0 },
	{ "fish", "fish", { "--no-config", NULL }, 0, 1 },
};

struct result {
	int status;
	struct rt_buf env, out, err;
};

static void result_release(struct result *r)
{
	rt_buf_release(&r->env);
	rt_buf_release(&r->out);
	rt_buf_release(&r->err);
}

static int run_layout(const struct rt_shell *sh, const struct runner *rn, const char *exe,
		      const struct rt_actions *a, enum rt_script_layout layout, const char *work,
		      struct result *r, struct rt_buf *script)
{
	struct rt_emit_opts eo = { "/bin/sh", layout };
	struct rt_error err = RT_ERROR_INIT;
	struct rt_buf b = RT_BUF_INIT, dump = RT_BUF_INIT;
	char *ctx = rt_xstrfmt("%s/context%s", work, sh->ext), *runner = rt_xstrfmt("%s/runner%s", work, sh->ext);
	char *outp = rt_xstrfmt("%s/out.txt", work), *errp = rt_xstrfmt("%s/err.txt", work);
	char *envp = rt_xstrfmt("%s/env.bin", work), *home = rt_xstrfmt("HOME=%s", work);
	char *argv[8], *env[] = { home, "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "P1=inherited 'v'",
				  "LD_X=/old", NULL };
	size_t na = 0;
	int rc = -1;

	rt_buf_reset(script);
	if (rt_shell_emit(sh, a, &eo, script, &err) < 0) {
		CHECKF(0, "%s: emit failed: %s", sh->name, rt_error_msg(&err));
		goto out;
	}
	sht_write_file(ctx, script->buf, script->len);
	rt_buf_addf(&b, "%s %s\nenv -0 > %s\n", rn->csh || rn->fish ? "source" : ".", ctx, envp);
	sht_write_file(runner, b.buf, b.len);
	unlink(envp);
	argv[na++] = (char *)exe;
	for (size_t i = 0; rn->args[i]; i++)
		argv[na++] = (char *)rn->args[i];
	argv[na++] = runner;
	argv[na] = NULL;
	r->status = sht_run(argv, env, outp, errp, work, NULL);
	rt_buf_read_file(&r->out, outp, 1 << 24);
	rt_buf_read_file(&r->err, errp, 1 << 24);
	if (rt_buf_read_file(&dump, envp, 1 << 24) == 0)
		sht_sorted_entries(&dump, '\0', &r->env);
	rc = 0;
out:
	rt_error_release(&err);
	rt_buf_release(&b);
	rt_buf_release(&dump);
	free(ctx);
	free(runner);
	free(outp);
	free(errp);
	free(envp);
	free(home);
	return rc;
}

static int same(const struct rt_buf *a, const struct rt_buf *b)
{
	return a->len == b->len && !memcmp(a->buf, b->buf, a->len);
}

int main(int argc, char **argv)
{
	const struct rt_shell *sh;
	const struct runner *rn = NULL;
	struct rt_error err = RT_ERROR_INIT;
	char *exe = NULL;
	unsigned cases = 60, seed = 1;
	const char *env_cases = getenv("REZ_FOLD_PROP_CASES");

	if (argc < 3) {
		fprintf(stderr, "usage: fold_prop SHELL WORK_DIR [CASES [SEED]]\n");
		return 2;
	}
	if (argc > 3)
		cases = (unsigned)strtoul(argv[3], NULL, 10);
	else if (env_cases)
		cases = (unsigned)strtoul(env_cases, NULL, 10);
	if (argc > 4)
		seed = (unsigned)strtoul(argv[4], NULL, 10);
	if (!(sh = rt_shell_find(argv[1], &err))) {
		fprintf(stderr, "%s\n", rt_error_msg(&err));
		rt_error_release(&err);
		return 2;
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(runners); i++)
		if (rt_streq(runners[i].shell, sh->name))
			rn = &runners[i];
	if (!rn) {
		fprintf(stderr, "no runner for %s\n", sh->name);
		return 2;
	}
	{
		static const char *const dirs[] = { "/usr/bin", "/bin" };
		for (size_t i = 0; i < RT_ARRAY_LEN(dirs) && !exe; i++) {
			char *p = rt_xstrfmt("%s/%s", dirs[i], rn->exe);
			if (access(p, X_OK) == 0)
				exe = p;
			else
				free(p);
		}
	}
	CHECKF(exe != NULL, "%s is not installed (scripts/dev installs it)", rn->exe);
	if (!exe)
		return tap_done();
	mkdir(argv[2], 0755);

	for (unsigned c = 0; c < cases; c++) {
		struct rt_actions a = RT_ACTIONS_INIT;
		struct result r[2];
		struct rt_buf s0 = RT_BUF_INIT, s1 = RT_BUF_INIT, desc = RT_BUF_INIT;
		rng = (unsigned long long)seed * 1000003ULL + c;
		memset(r, 0, sizeof(r));
		build_case(&a, rn->csh);
		if (run_layout(sh, rn, exe, &a, RT_LAYOUT_REZ, argv[2], &r[0], &s0) == 0 &&
		    run_layout(sh, rn, exe, &a, RT_LAYOUT_FOLDED, argv[2], &r[1], &s1) == 0) {
			int ok = r[0].status == 0 && r[1].status == 0 && r[0].env.len > 0 &&
				 same(&r[0].env, &r[1].env) && same(&r[0].out, &r[1].out) &&
				 same(&r[0].err, &r[1].err);
			CHECKF(ok, "%s: case %u (seed %u): rez layout exit %d, folded exit %d, env %s, "
			       "stdout %s, stderr %s", sh->name, c, seed, r[0].status, r[1].status,
			       same(&r[0].env, &r[1].env) ? "same" : "DIFFERS",
			       same(&r[0].out, &r[1].out) ? "same" : "DIFFERS",
			       same(&r[0].err, &r[1].err) ? "same" : "DIFFERS");
			if (!ok) {
				rt_actions_describe(&a, &desc);
				fprintf(stderr, "--- actions\n%s--- rez layout\n%s--- folded\n%s--- rez stderr\n%s\n",
					desc.buf, s0.buf, s1.buf, r[0].err.buf);
			}
		}
		result_release(&r[0]);
		result_release(&r[1]);
		rt_buf_release(&s0);
		rt_buf_release(&s1);
		rt_buf_release(&desc);
		rt_actions_release(&a);
	}
	free(exe);
	return tap_done();
}
