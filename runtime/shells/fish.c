/* fish.c - the friendly interactive shell.
 *
 * Inside '...' fish knows only two escapes, \\ and \'; everything else, newline included, is
 * literal. A reference is "$NAME" (quoted, so an unset variable gives an empty string instead
 * of removing the whole argument); PATH-like list variables join with ':' when quoted. */
#include "runtime/shells/shells.h"

static int dq_safe(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (strchr("$\\\"", s[i]))
			return 0;
	return 1;
}

/*     it's -> 'it\'s'    a\b -> 'a\\b'    (empty) -> ''                                */
static void quote_text(const char *s, size_t len, struct rt_buf *out)
{
	rt_buf_addch(out, '\'');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			rt_buf_addch(out, '\\');
		rt_buf_addch(out, s[i]);
	}
	rt_buf_addch(out, '\'');
}

static int name_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A name ends at the first non-name character, and [ would index the list:
 *     ${X} + :y -> "$X:y"     ${X} + y -> "$X""y"     $5 + ${X} -> '$5'"$X"            */
static void fish_word(const struct rt_vstr *v, struct rt_buf *out)
{
	int dq = 1;
	for (size_t i = 0; i < v->n; i++)
		if (v->parts[i].kind == RT_PART_TEXT && !dq_safe(v->parts[i].text, v->parts[i].len))
			dq = 0;
	if (dq) {
		rt_buf_addch(out, '"');
		for (size_t i = 0; i < v->n; i++) {
			const struct rt_part *p = &v->parts[i];
			if (p->kind == RT_PART_TEXT)
				rt_buf_add(out, p->text, p->len);
			else if (i + 1 < v->n && v->parts[i + 1].kind == RT_PART_TEXT &&
				 (name_byte(v->parts[i + 1].text[0]) || v->parts[i + 1].text[0] == '['))
				rt_buf_addf(out, "$%s\"\"", p->text);   /* end the name: "$X""y" */
			else
				rt_buf_addf(out, "$%s", p->text);
		}
		rt_buf_addch(out, '"');
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		if (v->parts[i].kind == RT_PART_TEXT)
			quote_text(v->parts[i].text, v->parts[i].len, out);
		else
			rt_buf_addf(out, "\"$%s\"", v->parts[i].text);
	}
}

/* `%` and `~` are left out of the bare set: old fish expands %self, and ~ at word start. */
static int fish_quote_arg(const char *s, size_t len, struct rt_buf *out, struct rt_error *err)
{
	if (len && rt_all_in(s, len, "@+=:,./-"))
		rt_buf_add(out, s, len);
	else
		quote_text(s, len, out);
	return 0;
}

static int fish_valid_name(const char *name, int alias)
{
	return rt_is_name(name, alias ? "-." : "");
}

static int fish_setenv(struct rt_emit *em, const char *key, const struct rt_vstr *value)
{
	rt_buf_addf(em->out, "set -gx %s ", key);
	fish_word(value, em->out);
	rt_buf_addch(em->out, '\n');
	return 0;
}

static int fish_unsetenv(struct rt_emit *em, const char *key)
{
	rt_buf_addf(em->out, "set -e %s\n", key);
	return 0;
}

static int fish_pendenv(struct rt_emit *em, const char *key, const struct rt_vstr *part,
			const char *sep, int append, int guard)
{
	struct rt_vstr v = RT_VSTR_INIT;
	rt_pend_value(&v, key, part, sep, append);
	fish_setenv(em, key, &v);
	rt_vstr_release(&v);
	return 0;
}

static int fish_alias(struct rt_emit *em, const char *name, const char *body)
{
	rt_buf_addf(em->out, "function %s; %s $argv; end\n", name, body);
	return 0;
}

static int fish_message(struct rt_emit *em, const struct rt_vstr *line, int to_stderr)
{
	rt_buf_adds(em->out, "printf '%s\\n' ");
	fish_word(line, em->out);
	rt_buf_adds(em->out, to_stderr ? " >&2\n" : "\n");
	return 0;
}

static int fish_command(struct rt_emit *em, const char *line)
{
	rt_buf_addf(em->out, "%s\n", line);
	return 0;
}

static int fish_comment(struct rt_emit *em, const char *line)
{
	rt_buf_addf(em->out, "# %s\n", line);
	return 0;
}

static int fish_source(struct rt_emit *em, const struct rt_vstr *path)
{
	rt_buf_adds(em->out, "source ");
	fish_word(path, em->out);
	rt_buf_addch(em->out, '\n');
	return 0;
}

static int fish_shebang(struct rt_emit *em)
{
	rt_buf_addf(em->out, "#!%s\n", em->exe_path);
	return 0;
}

static const struct rt_shell_emitters fish_emitters = {
	fish_setenv, fish_unsetenv, fish_pendenv, fish_alias, fish_message,
	fish_command, fish_comment, fish_source, fish_shebang
};

static void add_quoted(struct rt_buf *b, const char *s)
{
	quote_text(s, strlen(s), b);
}

static int fish_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		      struct rt_error *err)
{
	struct rt_buf b = RT_BUF_INIT, init = RT_BUF_INIT;
	const char *prompt = o->prompt ? o->prompt : sh->prompt;

	if (*prompt) {
		rt_buf_adds(&b, "set -gx REZ_ENV_PROMPT \"$REZ_ENV_PROMPT\"");
		add_quoted(&b, prompt);
		rt_buf_addch(&b, '\n');
	}
	rt_buf_adds(&b, "source ");
	add_quoted(&b, o->context_path);
	rt_buf_addch(&b, '\n');
	if (o->rcfile) {
		rt_buf_adds(&b, "test -f ");
		add_quoted(&b, o->rcfile);
		rt_buf_adds(&b, "; and source ");
		add_quoted(&b, o->rcfile);
		rt_buf_addch(&b, '\n');
	}
	if (o->mode == RT_SPAWN_COMMAND)
		rt_buf_addf(&b, "%s\n", o->command);
	else if (o->mode == RT_SPAWN_STDIN)
		rt_buf_adds(&b, "source -\n");
	if (o->mode == RT_SPAWN_INTERACTIVE) {
		if (o->set_prompt)
			rt_buf_adds(&b, o->prompt_suffix ?
				    "functions -q fish_prompt; and functions -c fish_prompt _rez_fish_prompt\n"
				    "function fish_prompt; functions -q _rez_fish_prompt; and _rez_fish_prompt; "
				    "printf '%s ' \"$REZ_ENV_PROMPT\"; end\n" :
				    "functions -q fish_prompt; and functions -c fish_prompt _rez_fish_prompt\n"
				    "function fish_prompt; printf '%s ' \"$REZ_ENV_PROMPT\"; "
				    "functions -q _rez_fish_prompt; and _rez_fish_prompt; end\n");
		if (!o->quiet)
			rt_buf_adds(&b, "printf '%s\\n' '' 'You are now in a rez-configured environment.' ''\n");
	}
	rt_spawn_add_file(sp, o->tmpdir, "rez-shell.fish", &b);
	rt_spawn_add_arg(sp, o->exe);
	if (o->norc || o->rcfile)
		rt_spawn_add_arg(sp, "--no-config");
	if (o->mode == RT_SPAWN_INTERACTIVE) {
		/* --init-command runs after the user's config.fish, before the first prompt. */
		rt_buf_adds(&init, "source ");
		add_quoted(&init, sp->files[0].path);
		rt_spawn_add_arg(sp, "-i");
		rt_spawn_add_arg(sp, "-C");
		rt_spawn_add_arg(sp, init.buf);
	} else {
		rt_spawn_add_arg(sp, sp->files[0].path);
	}
	rt_buf_release(&b);
	rt_buf_release(&init);
	return 0;
}

const struct rt_shell rt_shell_fish = {
	"fish", "fish", ".fish", ':', 0, ">", &fish_emitters,
	fish_valid_name, fish_quote_arg, NULL, fish_spawn
};
