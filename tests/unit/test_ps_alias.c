/* Unit tests for PowerShell's alias lines (runtime/shells/powershell.c): a body whose command
 * word starts with a quoted string is called with `&` on one string (PowerShell reads a line
 * starting with a string as an expression, and splits 'a'b into two arguments); other bodies
 * are written as they are. No PowerShell runs on this machine: the expected lines follow
 * Microsoft's about_Parsing and about_Quoting_Rules (see docs/shells.md). */
#include "runtime/common.h"
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "runtime/shell.h"
#include "tap.h"

/* The `function` line powershell/pwsh write for alias aa with `body` (caller frees). */
static char *alias_line(const char *shell, const char *body)
{
	struct rt_actions acts = RT_ACTIONS_INIT;
	struct rt_action *a = rt_actions_add(&acts, RT_ACT_ALIAS);
	struct rt_buf out = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	const struct rt_shell *sh = rt_shell_find(shell, &err);
	char *r = NULL, *p, *nl;
	a->key = rt_xstrdup("aa");
	a->text = rt_xstrdup(body);
	if (sh && rt_shell_emit(sh, &acts, NULL, &out, &err) == 0 &&
	    (p = strstr(out.buf ? out.buf : "", "function aa "))) {
		nl = strchr(p, '\n');
		r = rt_xstrfmt("%.*s", (int)(nl ? nl - p : (long)strlen(p)), p);
	} else {
		r = rt_xstrfmt("ERROR: %s", rt_error_msg(&err));
	}
	rt_buf_release(&out);
	rt_error_release(&err);
	rt_actions_release(&acts);
	return r;
}

static const struct {
	const char *body, *line;
} cases[] = {
	/* a {root} with a space, quoted as one word, then the rest of the path */
	{ "'C:\\my repo\\foo\\1.0'/bin/foo", "function aa { & ('C:\\my repo\\foo\\1.0' + '/bin/foo') @args }" },
	/* a quoted program and its arguments */
	{ "'C:\\a b\\x.exe' --v 'a b'", "function aa { & 'C:\\a b\\x.exe' --v 'a b' @args }" },
	/* a doubled quote stays inside its string */
	{ "'it''s'/x -q", "function aa { & ('it''s' + '/x') -q @args }" },
	/* double-quoted parts are kept (they expand as in a command word); so are unquoted
	 * parts with `$`, in double quotes */
	{ "\"$env:ROOT\\a b\"/$env:SUB/x", "function aa { & (\"$env:ROOT\\a b\" + \"/$env:SUB/x\") @args }" },
	{ "\"a `\"b`\" c\"\\x;echo hi", "function aa { & (\"a `\"b`\" c\" + '\\x');echo hi @args }" },
	/* typographic single quotes are quote characters to PowerShell */
	{ "\xE2\x80\x98" "C:\\a b" "\xE2\x80\x99" "/x", "function aa { & (\xE2\x80\x98" "C:\\a b" "\xE2\x80\x99 + '/x') @args }" },
	/* an unclosed quote: as written, after `&` */
	{ "'C:\\a b/x", "function aa { & 'C:\\a b/x @args }" },
	/* a body starting with a command name is unchanged (Rez's form) */
	{ "C:\\pkgs\\foo\\1.2.3/bin/footool --verbose", "function aa { C:\\pkgs\\foo\\1.2.3/bin/footool --verbose @args }" },
	{ "printf '[%s]'", "function aa { printf '[%s]' @args }" },
};

int main(void)
{
	static const char *const shells[] = { "powershell", "pwsh" };
	for (size_t s = 0; s < 2; s++)
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			char *got = alias_line(shells[s], cases[i].body);
			CHECKF(rt_streq(got, cases[i].line), "%s: %s -> %s (want %s)", shells[s],
			       cases[i].body, got, cases[i].line);
			free(got);
		}
	return tap_done();
}
