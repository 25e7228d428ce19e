/* test_fold.c - the shape of folded action lists (runtime/fold.c); that they give the same
 * environment in the real shells is tests/perfscript and tests/shells. */
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/fold.h"
#include "tap.h"

#include <stdio.h>

/* Builds a list from a compact spec: "s K V" setenv, "a K V" / "p K V" append / prepend with
 * ':' (V's "$X" is a reference to X), "u K" unset, "i V" info, "c" comment, "x" command. */
static void build(struct rt_actions *a, const char *const *spec)
{
	for (; *spec; spec++) {
		const char *s = *spec;
		char kind = s[0], key[32] = "", val[64] = "";
		enum rt_action_kind k = kind == 's' ? RT_ACT_SETENV : kind == 'a' ? RT_ACT_APPENDENV :
					kind == 'p' ? RT_ACT_PREPENDENV : kind == 'u' ? RT_ACT_UNSETENV :
					kind == 'i' ? RT_ACT_INFO : kind == 'c' ? RT_ACT_COMMENT : RT_ACT_COMMAND;
		struct rt_action *act = rt_actions_add(a, k);
		if (kind == 'i')
			sscanf(s + 2, "%63s", val);
		else if (kind != 'c' && kind != 'x')
			sscanf(s + 2, "%31s %63s", key, val);
		if (*key)
			act->key = rt_xstrdup(key);
		for (const char *v = val; *v;) {
			if (*v == '$') {
				char name[32];
				size_t n = 0;
				for (v++; *v && *v != '/' && n < sizeof(name) - 1; v++)
					name[n++] = *v;
				name[n] = '\0';
				rt_vstr_add_ref(&act->value, name);
			} else {
				rt_vstr_add_text(&act->value, v, 1);
				v++;
			}
		}
		if (k == RT_ACT_APPENDENV || k == RT_ACT_PREPENDENV)
			act->sep = rt_xstrdup(":");
		if (k == RT_ACT_COMMENT || k == RT_ACT_COMMAND)
			act->text = rt_xstrdup("x");
	}
}

static void check_fold(const char *const *spec, const char *want, int nocase, size_t max_text)
{
	struct rt_actions a = RT_ACTIONS_INIT, out = RT_ACTIONS_INIT;
	struct rt_folded f = RT_FOLDED_INIT;
	struct rt_fold_opts o = { nocase, max_text };
	struct rt_buf b = RT_BUF_INIT;
	build(&a, spec);
	rt_fold_actions(&a, &o, &f);
	for (size_t i = 0; i < f.n; i++) {
		const struct rt_action *act = rt_folded_at(&f, &a, i);
		struct rt_action *c = rt_actions_add(&out, act->kind);
		c->key = act->key ? rt_xstrdup(act->key) : NULL;
		rt_vstr_copy(&c->value, &act->value);
		c->text = act->text ? rt_xstrdup(act->text) : NULL;
	}
	rt_actions_describe(&out, &b);
	CHECK_STR(b.buf, want);
	rt_buf_release(&b);
	rt_folded_release(&f);
	rt_actions_release(&a);
	rt_actions_release(&out);
}

int main(void)
{
	/* prepends and appends merge into one action at the last change */
	check_fold((const char *const[]){ "p PATH /a", "s X 1", "p PATH /b", "a LD /l1", "a LD /l2", NULL },
		   "setenv X '1'\nprependenv PATH '/b:/a:'\nappendenv LD ':/l1:/l2'\n", 0, 0);
	/* a single change stays as it is */
	check_fold((const char *const[]){ "s X 1", "p PATH /a", NULL },
		   "setenv X '1'\nprependenv PATH '/a'\n", 0, 0);
	/* a reference between two changes ends the group before it */
	check_fold((const char *const[]){ "p PATH /a", "p PATH /b", "s Y $PATH", "p PATH /c", NULL },
		   "prependenv PATH '/b:/a:'\nsetenv Y '${PATH}'\nprependenv PATH '/c'\n", 0, 0);
	/* a command, an info line end every group; a comment does not */
	check_fold((const char *const[]){ "p PATH /a", "c", "p PATH /b", "x", "p PATH /c", NULL },
		   "comment 'x'\nprependenv PATH '/b:/a:'\ncommand 'x'\nprependenv PATH '/c'\n", 0, 0);
	check_fold((const char *const[]){ "a L x", "i hi", "a L y", NULL },
		   "appendenv L 'x'\ninfo 'hi'\nappendenv L 'y'\n", 0, 0);
	/* set then append: a setenv of the whole value; unset then append: no old value */
	check_fold((const char *const[]){ "s L a", "a L b", NULL }, "setenv L 'a:b'\n", 0, 0);
	check_fold((const char *const[]){ "u L", "a L b", NULL }, "setenv L ':b'\n", 0, 0);
	check_fold((const char *const[]){ "s L a", "u L", NULL }, "unsetenv L\n", 0, 0);
	/* a pending value that reads X is written before X changes */
	check_fold((const char *const[]){ "s Y $X/1", "a Y 2", "s X new", "a X more", "a Y 3", NULL },
		   "setenv Y '${X}/1:2'\nsetenv X 'new:more'\nappendenv Y '3'\n", 0, 0);
	/* special variables are never moved or merged */
	check_fold((const char *const[]){ "a P x", "s LANG C", "a P y", "s RANDOM 1", "a RANDOM 2", NULL },
		   "appendenv P 'x'\nsetenv LANG 'C'\nappendenv P 'y'\nsetenv RANDOM '1'\nappendenv RANDOM '2'\n", 0, 0);
	/* case-insensitive names (cmd, PowerShell): Path and PATH are one variable */
	check_fold((const char *const[]){ "p PATH /a", "p Path /b", NULL }, "prependenv PATH '/b:/a:'\n", 1, 0);
	check_fold((const char *const[]){ "p PATH /a", "p Path /b", NULL },
		   "prependenv PATH '/a'\nprependenv Path '/b'\n", 0, 0);
	/* a merged value stops growing at max_text */
	check_fold((const char *const[]){ "p P /aaaa", "p P /bbbb", "p P /cccc", NULL },
		   "prependenv P '/bbbb:/aaaa:'\nprependenv P '/cccc'\n", 0, 12);
	return tap_done();
}
