/* cmd.c - Windows cmd.exe batch files.
 *
 * How cmd reads a batch line: first every %NAME% is replaced and %% becomes %; then the line
 * is split on & | < > ( ) outside double quotes, a ^ outside quotes makes the next character
 * literal (^" does not toggle quoting), and a " toggles quoting. So a value is written as
 * `set "K=..."` (set keeps everything between the first and the last quote of the line):
 * % is doubled everywhere, and while an odd number of the value's own quotes has switched
 * quoting off, the special characters get a ^. Scripts assume delayed expansion is off (the
 * cmd default; `rez env` starts cmd with /V:OFF), so ! is an ordinary character.
 *
 * Not representable: a newline or carriage return in a value (cmd ends the command there),
 * and a reference after an odd number of literal quotes (cmd would re-parse the referenced
 * value outside quotes). Both are errors naming the variable. An empty value deletes the
 * variable: Windows has no empty environment variables in cmd. */
#include "runtime/shells/shells.h"

#define CMD_MAX_LINE 8191   /* cmd's limit on one command line */

static int is_special(char c)
{
	return c && strchr("^&|<>()", c) != NULL;
}

static int check_text(struct rt_emit *em, const struct rt_vstr *v)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct rt_part *p = &v->parts[i];
		if (p->kind == RT_PART_TEXT && memchr(p->text, '\n', p->len))
			return rt_emit_fail(em, "it contains a newline, which a cmd line cannot hold");
		if (p->kind == RT_PART_TEXT && memchr(p->text, '\r', p->len))
			return rt_emit_fail(em, "it contains a carriage return, which cmd drops");
	}
	return 0;
}

/* The inside of `set "K=..."`, starting inside the quotes.
 *     a&b -> a&b     100% -> 100%%     a"b&c -> a"b^&c     ${X};y -> %X%;y              */
static int set_body(struct rt_emit *em, const struct rt_vstr *v, struct rt_buf *out)
{
	int inq = 1;
	for (size_t i = 0; i < v->n; i++) {
		const struct rt_part *p = &v->parts[i];
		if (p->kind == RT_PART_REF) {
			if (!inq)
				return rt_emit_fail(em, "the reference to '%s' follows an unpaired '\"', "
						    "so cmd would parse its value as commands", p->text);
			rt_buf_addf(out, "%%%s%%", p->text);
			continue;
		}
		for (size_t j = 0; j < p->len; j++) {
			char c = p->text[j];
			if (c == '"')
				inq = !inq;
			else if (c == '%')
				rt_buf_addch(out, '%');
			else if (!inq && is_special(c))
				rt_buf_addch(out, '^');
			rt_buf_addch(out, c);
		}
	}
	return 0;
}

/* Text outside quotes (echo): every special character and quote gets a ^, % is doubled.
 *     a&b -> a^&b     say "hi" -> say ^"hi^"     100% -> 100%%                         */
static void unquoted(const struct rt_vstr *v, struct rt_buf *out)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct rt_part *p = &v->parts[i];
		if (p->kind == RT_PART_REF) {
			rt_buf_addf(out, "%%%s%%", p->text);
			continue;
		}
		for (size_t j = 0; j < p->len; j++) {
			char c = p->text[j];
			if (c == '%')
				rt_buf_addch(out, '%');
			else if (c == '"' || is_special(c))
				rt_buf_addch(out, '^');
			rt_buf_addch(out, c);
		}
	}
}

static int end_line(struct rt_emit *em, size_t start)
{
	if (em->out->len - start > CMD_MAX_LINE)
		return rt_emit_fail(em, "the line would be %zu characters long; cmd allows %d",
				    em->out->len - start, CMD_MAX_LINE);
	rt_buf_addch(em->out, '\n');
	return 0;
}

static int cmd_setenv(struct rt_emit *em, const char *key, const struct rt_vstr *value)
{
	size_t start = em->out->len;
	if (check_text(em, value))
		return -1;
	rt_buf_addf(em->out, "set \"%s=", key);
	if (set_body(em, value, em->out))
		return -1;
	rt_buf_addch(em->out, '"');
	return end_line(em, start);
}

static int cmd_unsetenv(struct rt_emit *em, const char *key)
{
	rt_buf_addf(em->out, "set \"%s=\"\n", key);
	return 0;
}

/* An unset %K% is empty in a batch file, so `guard` needs no code. */
static int cmd_pendenv(struct rt_emit *em, const char *key, const struct rt_vstr *part,
		       const char *sep, int append, int guard)
{
	struct rt_vstr v = RT_VSTR_INIT;
	int rc;
	rt_pend_value(&v, key, part, sep, append);
	rc = cmd_setenv(em, key, &v);
	rt_vstr_release(&v);
	return rc;
}

/* doskey macros work at the interactive prompt only (as in Rez). */
static int cmd_alias(struct rt_emit *em, const char *name, const char *body)
{
	if (strpbrk(body, "\r\n"))
		return rt_emit_fail(em, "its body contains a line break");
	rt_buf_addf(em->out, "doskey %s=%s $*\n", name, body);
	return 0;
}

/* `echo:` prints any text, even "/?", "-n" or an empty line; `echo.` fails when a file
 * named "echo" exists. The redirection goes first so that no space ends up in the text. */
static int cmd_message(struct rt_emit *em, const struct rt_vstr *line, int to_stderr)
{
	size_t start = em->out->len;
	if (check_text(em, line))
		return -1;
	rt_buf_adds(em->out, to_stderr ? ">&2 echo:" : "echo:");
	unquoted(line, em->out);
	return end_line(em, start);
}

static int cmd_command(struct rt_emit *em, const char *line)
{
	rt_buf_addf(em->out, "%s\n", line);
	return 0;
}

/* REM lines still go through % expansion, and a final ^ would join the next line. */
static int cmd_comment(struct rt_emit *em, const char *line)
{
	rt_buf_adds(em->out, "REM ");
	for (const char *s = line; *s; s++) {
		if (*s == '%' || *s == '^')
			rt_buf_addch(em->out, *s);
		if (*s != '\r')
			rt_buf_addch(em->out, *s);
	}
	rt_buf_addch(em->out, '\n');
	return 0;
}

/* `call` expands % a second time and doubles quoted carets, so those cannot be in a path. */
static int cmd_source(struct rt_emit *em, const struct rt_vstr *path)
{
	rt_buf_adds(em->out, "call \"");
	for (size_t i = 0; i < path->n; i++) {
		const struct rt_part *p = &path->parts[i];
		if (p->kind == RT_PART_REF) {
			rt_buf_addf(em->out, "%%%s%%", p->text);
			continue;
		}
		for (size_t j = 0; j < p->len; j++)
			if (strchr("\"%^\r\n", p->text[j]))
				return rt_emit_fail(em, "cmd's call cannot take a path containing '%c'",
						    p->text[j] == '\n' ? 'n' : p->text[j]);
		rt_buf_add(em->out, p->text, p->len);
	}
	rt_buf_adds(em->out, "\"\n");
	return 0;
}

static int cmd_shebang(struct rt_emit *em)
{
	return 0;
}

static const struct rt_shell_emitters cmd_emitters = {
	cmd_setenv, cmd_unsetenv, cmd_pendenv, cmd_alias, cmd_message,
	cmd_command, cmd_comment, cmd_source, cmd_shebang
};

static int cmd_valid_name(const char *name, int alias)
{
	return rt_is_name(name, alias ? "-." : "");
}

/* A word for a program started by cmd: first the quoting the Microsoft C runtime undoes
 * (backslashes are literal unless they precede a quote), then cmd's own layer on top.
 *     a b -> "a b"     a"b -> "a\"b"     a\ b\ -> "a\ b\\"     x&y -> "x&y"    50% -> 50%% */
static int cmd_quote_arg(const char *s, size_t len, struct rt_buf *out, struct rt_error *err)
{
	struct rt_buf crt = RT_BUF_INIT;
	int inq = 0;
	if (memchr(s, '\n', len) || memchr(s, '\r', len))
		return rt_error(err, "cmd: cannot pass an argument containing a line break");
	if (len && rt_all_in(s, len, "@+=:,./\\-")) {
		rt_buf_add(out, s, len);
		return 0;
	}
	rt_buf_addch(&crt, '"');
	for (size_t i = 0; i < len; i++) {
		size_t bs = 0;
		while (i < len && s[i] == '\\') {
			bs++;
			i++;
		}
		if (i == len) {
			rt_buf_addchars(&crt, '\\', bs * 2);
			break;
		}
		if (s[i] == '"') {
			rt_buf_addchars(&crt, '\\', bs * 2 + 1);
		} else {
			rt_buf_addchars(&crt, '\\', bs);
		}
		rt_buf_addch(&crt, s[i]);
	}
	rt_buf_addch(&crt, '"');
	for (size_t i = 0; i < crt.len; i++) {
		char c = crt.buf[i];
		if (c == '"')
			inq = !inq;
		else if (c == '%')
			rt_buf_addch(out, '%');
		else if (!inq && is_special(c))
			rt_buf_addch(out, '^');
		rt_buf_addch(out, c);
	}
	rt_buf_release(&crt);
	return 0;
}

/* cmd and PowerShell: forward slashes become backslashes. */
void rt_win_normalize_path(const char *path, struct rt_buf *out)
{
	for (const char *p = path; *p; p++)
		rt_buf_addch(out, *p == '/' ? '\\' : *p);
}

/* A path inside "..." on a batch line that `call` reads: no quote, % or ^ allowed. */
static int batch_path(const char *path, struct rt_buf *b, struct rt_error *err)
{
	if (strpbrk(path, "\"%^\r\n"))
		return rt_error(err, "cmd: cannot use the path '%s' in a batch file", path);
	rt_buf_addf(b, "\"%s\"", path);
	return 0;
}

static int cmd_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		     struct rt_error *err)
{
	struct rt_buf b = RT_BUF_INIT;
	struct rt_vstr v = RT_VSTR_INIT;
	struct rt_emit em = { sh, &b, err, NULL, "variable", "REZ_ENV_PROMPT", NULL };
	const char *prompt = o->prompt ? o->prompt : sh->prompt;
	int rc = -1;

	/* The context is UTF-8: cmd reads the rest of a batch file in the code page chcp sets. */
	rt_buf_adds(&b, "@echo off\nchcp 65001 >nul\n");
	if (*prompt) {
		rt_vstr_add_ref(&v, "REZ_ENV_PROMPT");
		rt_vstr_add_text(&v, prompt, strlen(prompt));
		if (cmd_setenv(&em, "REZ_ENV_PROMPT", &v))
			goto out;
	}
	rt_buf_adds(&b, "call ");
	if (batch_path(o->context_path, &b, err))
		goto out;
	rt_buf_addch(&b, '\n');
	if (o->rcfile) {
		rt_buf_adds(&b, "call ");
		if (batch_path(o->rcfile, &b, err))
			goto out;
		rt_buf_addch(&b, '\n');
	}
	if (o->mode == RT_SPAWN_INTERACTIVE) {
		if (o->set_prompt)
			rt_buf_adds(&b, o->prompt_suffix ?
				    "if not defined PROMPT set \"PROMPT=$P$G\"\n"
				    "set \"PROMPT=%PROMPT%%REZ_ENV_PROMPT% \"\n" :
				    "if not defined PROMPT set \"PROMPT=$P$G\"\n"
				    "set \"PROMPT=%REZ_ENV_PROMPT% %PROMPT%\"\n");
		if (!o->quiet)
			rt_buf_adds(&b, "echo:\necho:You are now in a rez-configured environment.\necho:\n");
	} else if (o->mode == RT_SPAWN_COMMAND) {
		rt_buf_addf(&b, "%s\nexit /b %%errorlevel%%\n", o->command);
	}
	{
		/* CRLF: real cmd misreads labels and long lines in LF-only batch files. */
		struct rt_buf crlf = RT_BUF_INIT;
		for (size_t i = 0; i < b.len; i++) {
			if (b.buf[i] == '\n')
				rt_buf_addch(&crlf, '\r');
			rt_buf_addch(&crlf, b.buf[i]);
		}
		rt_spawn_add_file(sp, o->tmpdir, "rez-shell.bat", &crlf);
		rt_buf_release(&crlf);
	}
	rt_spawn_add_arg(sp, o->exe);
	if (o->norc)
		rt_spawn_add_arg(sp, "/D");   /* no AutoRun commands from the registry */
	rt_spawn_add_arg(sp, "/Q");
	rt_spawn_add_arg(sp, "/V:OFF");
	/* stdin mode: /K keeps cmd reading commands from its (redirected) input. */
	rt_spawn_add_arg(sp, o->mode == RT_SPAWN_COMMAND ? "/C" : "/K");
	rt_spawn_add_arg(sp, sp->files[0].path);
	rc = 0;
out:
	rt_vstr_release(&v);
	rt_buf_release(&b);
	return rc;
}

const struct rt_shell rt_shell_cmd = {
	"cmd", "cmd", ".bat", ';', RT_SHELL_NOCASE | RT_SHELL_WINPATHS | RT_SHELL_CRLF | RT_SHELL_WINDOWS,
	"$G", &cmd_emitters, cmd_valid_name, cmd_quote_arg, rt_win_normalize_path, cmd_spawn
};
