/* powershell.c - Windows PowerShell 5.1, and what pwsh (PowerShell 7) shares with it.
 *
 * Values are expressions: verbatim strings in single quotes joined with `+` to $env:NAME
 * references. In a single-quoted string nothing is special except the quote characters,
 * and PowerShell takes the typographic quotes U+2018..U+201B for `'` too: each of them is
 * written twice (Microsoft's about_Quoting_Rules). Newlines are literal there. No variable
 * is ever expanded inside a string, so $, backtick and $(...) in text stay text. */
#include "runtime/shells/shells.h"

/* Length of the quote character at s (an ASCII quote, or a typographic one PowerShell takes
 * for it: U+2018..U+201B single, U+201C..U+201E double), else 0. *dbl: a double quote. */
static size_t quote_char(const char *s, size_t left, int *dbl)
{
	if (*s == '\'' || *s == '"') {
		*dbl = *s == '"';
		return 1;
	}
	if (left >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] >= 0x98 && (unsigned char)s[2] <= 0x9E) {
		*dbl = (unsigned char)s[2] >= 0x9C;
		return 3;
	}
	return 0;
}

/* True if s starts with one of U+2018, U+2019, U+201A, U+201B. */
static int smart_quote(const char *s, size_t left)
{
	int dbl;
	return quote_char(s, left, &dbl) == 3 && !dbl;
}

/*     it's -> 'it''s'     $x `b` -> '$x `b`'     a‘b -> 'a‘‘b'     (empty) -> ''        */
static void quote_text(const char *s, size_t len, struct rt_buf *out)
{
	rt_buf_addch(out, '\'');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\'') {
			rt_buf_adds(out, "''");
		} else if (smart_quote(s + i, len - i)) {
			rt_buf_add(out, s + i, 3);
			rt_buf_add(out, s + i, 3);
			i += 2;
		} else {
			rt_buf_addch(out, s[i]);
		}
	}
	rt_buf_addch(out, '\'');
}

/* Returns 1 if the expression has more than one operand (callers add parentheses).
 *     a + ${X} -> 'a' + $env:X      (empty) -> ''                                      */
static int ps_expr(const struct rt_vstr *v, struct rt_buf *out)
{
	if (!v->n)
		rt_buf_adds(out, "''");
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			rt_buf_adds(out, " + ");
		if (v->parts[i].kind == RT_PART_TEXT)
			quote_text(v->parts[i].text, v->parts[i].len, out);
		else
			rt_buf_addf(out, "$env:%s", v->parts[i].text);
	}
	return v->n > 1;
}

static void ps_arg_expr(const struct rt_vstr *v, struct rt_buf *out)
{
	struct rt_buf e = RT_BUF_INIT;
	if (ps_expr(v, &e))
		rt_buf_addf(out, "(%s)", e.buf);
	else
		rt_buf_addbuf(out, &e);
	rt_buf_release(&e);
}

int rt_ps_quote_arg(const char *s, size_t len, struct rt_buf *out, struct rt_error *err)
{
	if (len && rt_all_in(s, len, "./:\\-"))
		rt_buf_add(out, s, len);
	else
		quote_text(s, len, out);
	return 0;
}

int rt_ps_valid_name(const char *name, int alias)
{
	return rt_is_name(name, alias ? "-." : "");
}

static int ps_setenv(struct rt_emit *em, const char *key, const struct rt_vstr *value)
{
	rt_buf_addf(em->out, "$env:%s = ", key);
	ps_expr(value, em->out);
	rt_buf_addch(em->out, '\n');
	return 0;
}

static int ps_unsetenv(struct rt_emit *em, const char *key)
{
	rt_buf_addf(em->out, "Remove-Item -LiteralPath 'Env:%s' -ErrorAction SilentlyContinue\n", key);
	return 0;
}

/* An unset $env:K is $null, and $null + 'x' is 'x': `guard` needs no code. */
static int ps_pendenv(struct rt_emit *em, const char *key, const struct rt_vstr *part,
		      const char *sep, int append, int guard)
{
	struct rt_vstr v = RT_VSTR_INIT;
	rt_pend_value(&v, key, part, sep, append);
	ps_setenv(em, key, &v);
	rt_vstr_release(&v);
	return 0;
}

/* End of the quoted string starting at s[i] (a quote of kind dbl), just past its closing
 * quote, or 0 if it is not closed. A quote written twice is one quote inside; in a double-
 * quoted string a backtick escapes the next character. */
static size_t quoted_end(const char *s, size_t len, size_t i, int dbl)
{
	int d;
	i += quote_char(s + i, len - i, &d);
	while (i < len) {
		size_t q = quote_char(s + i, len - i, &d);
		if (dbl && s[i] == '`') {
			i += i + 1 < len ? 2 : 1;
		} else if (q && d == dbl) {
			size_t q2 = quote_char(s + i + q, len - i - q, &d);
			if (!(q2 && d == dbl))
				return i + q;
			i += q + q2;
		} else {
			i++;
		}
	}
	return 0;
}

/* A body whose command word starts with a quote (a {root} with a space in it is written as
 * 'C:\my repo\foo\1.0'/bin/foo) is neither a command to PowerShell (a line starting with a
 * string is an expression: its value) nor one word (a quoted string followed by more text is
 * two arguments), so the word is made one string and called with `&`:
 *     'C:\a b'/bin/x --v  ->  & ('C:\a b' + '/bin/x') --v
 *     'C:\a b\x.exe' --v  ->  & 'C:\a b\x.exe' --v
 * Unquoted parts are single-quoted, or double-quoted when they hold `$` or a backtick, which
 * expand the same way in a double-quoted string as in a command word. Other bodies are
 * written as they are, as Rez does. */
static int ps_alias(struct rt_emit *em, const char *name, const char *body)
{
	size_t len = strlen(body), i = 0, end, parts = 0;
	struct rt_buf cmd = RT_BUF_INIT;
	int dbl;

	if (!quote_char(body, len, &dbl)) {
		rt_buf_addf(em->out, "function %s { %s @args }\n", name, body);
		return 0;
	}
	while (i < len && !strchr(" \t\n\r;|&(){}<>,", body[i])) {
		if (parts++)
			rt_buf_adds(&cmd, " + ");
		if (quote_char(body + i, len - i, &dbl)) {
			end = quoted_end(body, len, i, dbl);
			if (!end) {
				/* not closed: PowerShell refuses the line; keep it as written */
				rt_buf_release(&cmd);
				rt_buf_addf(em->out, "function %s { & %s @args }\n", name, body);
				return 0;
			}
			rt_buf_add(&cmd, body + i, end - i);
		} else {
			end = i;
			while (end < len && !strchr(" \t\n\r;|&(){}<>,", body[end]) &&
			       !quote_char(body + end, len - end, &dbl))
				end++;
			if (memchr(body + i, '$', end - i) || memchr(body + i, '`', end - i)) {
				rt_buf_addch(&cmd, '"');
				rt_buf_add(&cmd, body + i, end - i);
				rt_buf_addch(&cmd, '"');
			} else {
				quote_text(body + i, end - i, &cmd);
			}
		}
		i = end;
	}
	rt_buf_addf(em->out, parts > 1 ? "function %s { & (%s)%s @args }\n" :
		    "function %s { & %s%s @args }\n", name, cmd.buf, body + i);
	rt_buf_release(&cmd);
	return 0;
}

/* Write-Host prints its string argument as is; Write-Error would decorate the text, so
 * errors go to the process's stderr directly. */
static int ps_message(struct rt_emit *em, const struct rt_vstr *line, int to_stderr)
{
	if (to_stderr) {
		rt_buf_adds(em->out, "[Console]::Error.WriteLine(");
		ps_expr(line, em->out);
		rt_buf_adds(em->out, ")\n");
	} else {
		rt_buf_adds(em->out, "Write-Host ");
		ps_arg_expr(line, em->out);
		rt_buf_addch(em->out, '\n');
	}
	return 0;
}

static int ps_command(struct rt_emit *em, const char *line)
{
	rt_buf_addf(em->out, "%s\n", line);
	return 0;
}

static int ps_comment(struct rt_emit *em, const char *line)
{
	rt_buf_addf(em->out, "# %s\n", line);
	return 0;
}

static int ps_source(struct rt_emit *em, const struct rt_vstr *path)
{
	rt_buf_adds(em->out, ". ");
	ps_arg_expr(path, em->out);
	rt_buf_addch(em->out, '\n');
	return 0;
}

static int ps_shebang(struct rt_emit *em)
{
	return 0;
}

const struct rt_shell_emitters rt_ps_emitters = {
	ps_setenv, ps_unsetenv, ps_pendenv, ps_alias, ps_message,
	ps_command, ps_comment, ps_source, ps_shebang
};

static void add_quoted(struct rt_buf *b, const char *s)
{
	quote_text(s, strlen(s), b);
}

int rt_ps_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		struct rt_error *err)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *prompt = o->prompt ? o->prompt : sh->prompt;

	if (sh->flags & RT_SHELL_BOM)
		rt_buf_adds(&b, "\xEF\xBB\xBF");
	if (*prompt) {
		rt_buf_adds(&b, "$env:REZ_ENV_PROMPT = $env:REZ_ENV_PROMPT + ");
		add_quoted(&b, prompt);
		rt_buf_addch(&b, '\n');
	}
	rt_buf_adds(&b, ". ");
	add_quoted(&b, o->context_path);
	rt_buf_addch(&b, '\n');
	if (o->rcfile) {
		rt_buf_adds(&b, "if (Test-Path -LiteralPath ");
		add_quoted(&b, o->rcfile);
		rt_buf_adds(&b, ") { . ");
		add_quoted(&b, o->rcfile);
		rt_buf_adds(&b, " }\n");
	}
	switch (o->mode) {
	case RT_SPAWN_INTERACTIVE:
		if (o->set_prompt)
			rt_buf_adds(&b, o->prompt_suffix ?
				    "function global:prompt { 'PS ' + (Get-Location).Path + '> ' + "
				    "$env:REZ_ENV_PROMPT + ' ' }\n" :
				    "function global:prompt { $env:REZ_ENV_PROMPT + ' PS ' + "
				    "(Get-Location).Path + '> ' }\n");
		if (!o->quiet)
			rt_buf_adds(&b, "Write-Host ''\nWrite-Host 'You are now in a rez-configured "
				    "environment.'\nWrite-Host ''\n");
		break;
	case RT_SPAWN_COMMAND:
		/* Native programs report through $LASTEXITCODE, cmdlets through $?. */
		rt_buf_addf(&b, "%s\n$_rez_status = $?\n"
			    "if ((Test-Path variable:LASTEXITCODE) -and $LASTEXITCODE) { exit $LASTEXITCODE }\n"
			    "if (! $_rez_status) { exit 1 }\n", o->command);
		break;
	case RT_SPAWN_STDIN:
		rt_buf_adds(&b, "[Console]::In.ReadToEnd() | Invoke-Expression\n");
		break;
	}
	rt_spawn_add_file(sp, o->tmpdir, "rez-shell.ps1", &b);
	rt_spawn_add_arg(sp, o->exe);
	rt_spawn_add_arg(sp, "-NoLogo");
	if (o->norc || o->rcfile)
		rt_spawn_add_arg(sp, "-NoProfile");
	if (o->mode == RT_SPAWN_INTERACTIVE)
		rt_spawn_add_arg(sp, "-NoExit");
	rt_spawn_add_arg(sp, "-File");
	rt_spawn_add_arg(sp, sp->files[0].path);
	rt_buf_release(&b);
	return 0;
}

/* Windows PowerShell 5.1 reads a BOM-less script in the ANSI code page: write a BOM. */
const struct rt_shell rt_shell_powershell = {
	"powershell", "powershell", ".ps1", ';',
	RT_SHELL_NOCASE | RT_SHELL_WINPATHS | RT_SHELL_BOM | RT_SHELL_WINDOWS, "> $ ",
	&rt_ps_emitters, rt_ps_valid_name, rt_ps_quote_arg, rt_win_normalize_path, rt_ps_spawn
};
