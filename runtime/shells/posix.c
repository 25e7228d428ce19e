/* posix.c - what sh, bash, zsh, ksh and gitbash share: quoting, emitters, spawning. */
#include "runtime/shells/shells.h"

/* ---- quoting ---- */

/* Characters that keep their meaning inside "...": anything else, including newline,
 * `'`, `%`, `*` and non-ASCII, is literal there. `!` is excluded for interactive bash/zsh. */
static int dq_safe(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (strchr("$`\"\\!", s[i]))
			return 0;
	return 1;
}

/* Single-quoted text; a `'` is written as \' between quoted runs, so no two quotes ever
 * touch (zsh's RC_QUOTES would read '' inside quotes as one quote).
 *     abc -> 'abc'    it's -> 'it'\''s'    ' -> \'    (empty) -> ''                     */
void rt_posix_quote_text(const char *s, size_t len, struct rt_buf *out)
{
	int open = 0;
	if (!len) {
		rt_buf_adds(out, "''");
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\'') {
			if (open)
				rt_buf_addch(out, '\'');
			open = 0;
			rt_buf_adds(out, "\\'");
			continue;
		}
		if (!open)
			rt_buf_addch(out, '\'');
		open = 1;
		rt_buf_addch(out, s[i]);
	}
	if (open)
		rt_buf_addch(out, '\'');
}

/* A value as one word. When no TEXT part holds a character special inside double quotes,
 * the whole word is double-quoted (Rez's look: "${PATH}:/x"); otherwise TEXT parts are
 * single-quoted and each REF double-quoted.
 *     a b + ${X} -> "a b${X}"      $5 + ${X} -> '$5'"${X}"      (empty) -> ""           */
void rt_posix_word(const struct rt_vstr *v, struct rt_buf *out)
{
	int dq = 1;
	for (size_t i = 0; i < v->n; i++)
		if (v->parts[i].kind == RT_PART_TEXT && !dq_safe(v->parts[i].text, v->parts[i].len))
			dq = 0;
	if (dq) {
		rt_buf_addch(out, '"');
		for (size_t i = 0; i < v->n; i++) {
			if (v->parts[i].kind == RT_PART_TEXT)
				rt_buf_add(out, v->parts[i].text, v->parts[i].len);
			else
				rt_buf_addf(out, "${%s}", v->parts[i].text);
		}
		rt_buf_addch(out, '"');
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		if (v->parts[i].kind == RT_PART_TEXT)
			rt_posix_quote_text(v->parts[i].text, v->parts[i].len, out);
		else
			rt_buf_addf(out, "\"${%s}\"", v->parts[i].text);
	}
}

/* Bare when only [A-Za-z0-9_@%+=:,./-] (and not empty), else single-quoted. */
int rt_posix_quote_arg(const char *s, size_t len, struct rt_buf *out, struct rt_error *err)
{
	if (len && rt_all_in(s, len, "@%+=:,./-"))
		rt_buf_add(out, s, len);
	else
		rt_posix_quote_text(s, len, out);
	return 0;
}

int rt_posix_valid_name(const char *name, int alias)
{
	return rt_is_name(name, alias ? "-." : "");
}

/* ---- emitters ---- */

int rt_posix_setenv(struct rt_emit *em, const char *key, const struct rt_vstr *value)
{
	if (em->exports) {
		/* a plain assignment costs bash less than the export builtin */
		rt_buf_addf(em->out, "%s=", key);
		rt_buf_addf(em->exports, " %s", key);
	} else {
		rt_buf_addf(em->out, "export %s=", key);
	}
	rt_posix_word(value, em->out);
	rt_buf_addch(em->out, '\n');
	return 0;
}

int rt_posix_unsetenv(struct rt_emit *em, const char *key)
{
	rt_buf_addf(em->out, "unset %s\n", key);
	return 0;
}

/* An unset variable expands to nothing in POSIX shells, so `guard` needs no code. */
int rt_posix_pendenv(struct rt_emit *em, const char *key, const struct rt_vstr *part,
		     const char *sep, int append, int guard)
{
	struct rt_vstr v = RT_VSTR_INIT;
	rt_pend_value(&v, key, part, sep, append);
	rt_posix_setenv(em, key, &v);
	rt_vstr_release(&v);
	return 0;
}

/* `function NAME { BODY "$@"; }`: the keyword form keeps an existing alias of NAME from
 * being expanded at definition time. */
int rt_posix_alias_function(struct rt_emit *em, const char *name, const char *body)
{
	rt_buf_addf(em->out, "function %s { %s \"$@\"; }\n", name, body);
	return 0;
}

/* printf, not echo: echo treats -n and backslashes specially in dash, zsh and bash. */
int rt_posix_message(struct rt_emit *em, const struct rt_vstr *line, int to_stderr)
{
	rt_buf_adds(em->out, "printf '%s\\n' ");
	rt_posix_word(line, em->out);
	rt_buf_adds(em->out, to_stderr ? " >&2\n" : "\n");
	return 0;
}

int rt_posix_command(struct rt_emit *em, const char *line)
{
	rt_buf_addf(em->out, "%s\n", line);
	return 0;
}

int rt_posix_comment(struct rt_emit *em, const char *line)
{
	rt_buf_addf(em->out, "# %s\n", line);
	return 0;
}

int rt_posix_source(struct rt_emit *em, const struct rt_vstr *path)
{
	rt_buf_adds(em->out, ". ");
	rt_posix_word(path, em->out);
	rt_buf_addch(em->out, '\n');
	return 0;
}

int rt_posix_shebang(struct rt_emit *em)
{
	rt_buf_addf(em->out, "#!%s\n", em->exe_path);
	return 0;
}

/* ---- spawn ---- */

static void add_quoted(struct rt_buf *b, const char *s)
{
	rt_posix_quote_text(s, strlen(s), b);
}

/* The lines every mode runs first: the prompt variable, then the context. */
static void record(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_buf *b)
{
	const char *prompt = o->prompt ? o->prompt : sh->prompt;
	if (*prompt) {
		rt_buf_adds(b, "export REZ_ENV_PROMPT=\"${REZ_ENV_PROMPT-}\"");
		add_quoted(b, prompt);
		rt_buf_addch(b, '\n');
	}
	rt_buf_adds(b, ". ");
	add_quoted(b, o->context_path);
	rt_buf_addch(b, '\n');
}

/* Sources `file` if it exists (a path relative to $HOME when home_rel). */
static void source_if(struct rt_buf *b, const char *dir, const char *file)
{
	struct rt_buf p = RT_BUF_INIT;
	if (dir)
		rt_buf_addf(&p, "%s/", dir);
	rt_buf_adds(&p, file);
	rt_buf_adds(b, "if [ -f ");
	add_quoted(b, p.buf);
	rt_buf_adds(b, " ]; then . ");
	add_quoted(b, p.buf);
	rt_buf_adds(b, "; fi\n");
	rt_buf_release(&p);
}

static void user_rc(const struct rt_spawn_opts *o, struct rt_buf *b, const char *dir, const char *file)
{
	if (o->rcfile)
		source_if(b, NULL, o->rcfile);
	else if (!o->norc && dir)
		source_if(b, dir, file);
}

static void interactive_tail(enum rt_posix_kind kind, const struct rt_spawn_opts *o, struct rt_buf *b)
{
	if (o->set_prompt) {
		/* zsh prompt escapes start with %: double them */
		const char *mark = kind == RT_POSIX_ZSH ? "${REZ_ENV_PROMPT//\\%/%%}" : "${REZ_ENV_PROMPT}";
		if (o->prompt_suffix)
			rt_buf_addf(b, "PS1=\"${PS1}%s \"\n", mark);
		else
			rt_buf_addf(b, "PS1=\"%s ${PS1}\"\n", mark);
	}
	if (!o->quiet)
		rt_buf_adds(b, "printf '%s\\n' '' 'You are now in a rez-configured environment.' ''\n");
}

int rt_posix_spawn(const struct rt_shell *sh, enum rt_posix_kind kind,
		   const struct rt_spawn_opts *o, struct rt_spawn *sp, struct rt_error *err)
{
	struct rt_buf b = RT_BUF_INIT, name = RT_BUF_INIT;
	const char *zdot = getenv("ZDOTDIR");

	if (o->mode != RT_SPAWN_INTERACTIVE) {
		/* The wrapper runs in the shell itself: the context's functions stay defined. */
		record(sh, o, &b);
		if (o->rcfile)
			source_if(&b, NULL, o->rcfile);
		if (o->mode == RT_SPAWN_COMMAND)
			rt_buf_addf(&b, "%s\n", o->command);
		else
			rt_buf_adds(&b, ". /dev/stdin\n");
		rt_buf_addf(&name, "rez-shell%s", sh->ext);
		rt_spawn_add_file(sp, o->tmpdir, name.buf, &b);
		rt_spawn_add_arg(sp, o->exe);
		if (kind == RT_POSIX_ZSH && o->norc)
			rt_spawn_add_arg(sp, "-f");
		rt_spawn_add_arg(sp, sp->files[0].path);
		goto out;
	}

	switch (kind) {
	case RT_POSIX_BASH:
		/* --rcfile replaces ~/.bashrc for this interactive shell. */
		record(sh, o, &b);
		user_rc(o, &b, o->home, ".bashrc");
		interactive_tail(kind, o, &b);
		rt_spawn_add_file(sp, o->tmpdir, "rcfile.sh", &b);
		rt_spawn_add_arg(sp, o->exe);
		rt_spawn_add_arg(sp, "--rcfile");
		rt_spawn_add_arg(sp, sp->files[0].path);
		rt_spawn_add_arg(sp, "-i");
		break;
	case RT_POSIX_ZSH:
		/* ZDOTDIR points zsh at our .zshenv and .zshrc; each sources the user's own and
		 * .zshrc (the last file an interactive zsh reads) restores ZDOTDIR. */
		if (!o->norc && !o->rcfile)
			source_if(&b, zdot ? zdot : o->home, ".zshenv");
		rt_spawn_add_file(sp, o->tmpdir, ".zshenv", &b);
		rt_buf_reset(&b);
		if (zdot) {
			rt_buf_adds(&b, "export ZDOTDIR=");
			add_quoted(&b, zdot);
			rt_buf_addch(&b, '\n');
		} else {
			rt_buf_adds(&b, "unset ZDOTDIR\n");
		}
		record(sh, o, &b);
		user_rc(o, &b, zdot ? zdot : o->home, ".zshrc");
		interactive_tail(kind, o, &b);
		rt_spawn_add_file(sp, o->tmpdir, ".zshrc", &b);
		rt_spawn_add_env(sp, "ZDOTDIR", o->tmpdir);
		rt_spawn_add_arg(sp, o->exe);
		rt_spawn_add_arg(sp, "-i");
		break;
	case RT_POSIX_SH:
	case RT_POSIX_KSH: {
		/* An interactive sh/ksh sources $ENV: point it at our file, which restores it. */
		const char *env = getenv("ENV");
		if (env) {
			rt_buf_adds(&b, "export ENV=");
			add_quoted(&b, env);
			rt_buf_addch(&b, '\n');
		} else {
			rt_buf_adds(&b, "unset ENV\n");
		}
		record(sh, o, &b);
		if (o->rcfile)
			source_if(&b, NULL, o->rcfile);
		else if (!o->norc && env)
			source_if(&b, NULL, env);
		interactive_tail(kind, o, &b);
		rt_buf_addf(&name, "ENV%s", sh->ext);
		rt_spawn_add_file(sp, o->tmpdir, name.buf, &b);
		rt_spawn_add_env(sp, "ENV", sp->files[0].path);
		rt_spawn_add_arg(sp, o->exe);
		rt_spawn_add_arg(sp, "-i");
		break;
	}
	}
out:
	rt_buf_release(&b);
	rt_buf_release(&name);
	return 0;
}
