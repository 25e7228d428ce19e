/* csh.c - the C shell (bsd-csh) and what tcsh shares with it: quoting, emitters, spawning.
 *
 * Inside '...' both shells keep every byte except two: `!` still starts a history
 * substitution (even in sourced files) unless written `\!`, and a newline must be written
 * as backslash-newline. A reference is ${NAME:q}, outside double quotes: the :q modifier
 * keeps the value one word, unglobbed, and - unlike "${NAME}" - copes with newlines in it. */
#include "runtime/shells/shells.h"

static int dq_safe(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (strchr("$`\"\\!\n", s[i]))
			return 0;
	return 1;
}

/*     it's -> 'it'\''s'    a!b -> 'a\!b'    a<LF>b -> 'a\<LF>b'    (empty) -> ''        */
static void quote_text(const char *s, size_t len, struct rt_buf *out)
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
		if (s[i] == '!' || s[i] == '\n')
			rt_buf_addch(out, '\\');
		rt_buf_addch(out, s[i]);
	}
	if (open)
		rt_buf_addch(out, '\'');
}

/* A reference to an unset variable stops a csh script ("Undefined variable") where sh reads
 * an empty string. So each referenced variable other than `skip` (a name known to be set) is
 * first copied into __rez_ref_NAME, empty when unset, and the word refers to the copy. */
static int ref_seen_before(const struct rt_vstr *v, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (v->parts[j].kind == RT_PART_REF && rt_streq(v->parts[j].text, v->parts[i].text))
			return 1;
	return 0;
}

static void guard_refs(const struct rt_vstr *v, const char *skip, struct rt_buf *out)
{
	for (size_t i = 0; i < v->n; i++) {
		const char *n = v->parts[i].text;
		if (v->parts[i].kind != RT_PART_REF || (skip && rt_streq(n, skip)) || ref_seen_before(v, i))
			continue;
		rt_buf_addf(out, "if ($?%s) then\nset __rez_ref_%s = ${%s:q}\nelse\nset __rez_ref_%s = \"\"\nendif\n",
			    n, n, n, n);
	}
}

static void unguard_refs(const struct rt_vstr *v, const char *skip, struct rt_buf *out)
{
	for (size_t i = 0; i < v->n; i++) {
		const char *n = v->parts[i].text;
		if (v->parts[i].kind != RT_PART_REF || (skip && rt_streq(n, skip)) || ref_seen_before(v, i))
			continue;
		rt_buf_addf(out, "unset __rez_ref_%s\n", n);
	}
}

/*     a b + ${X} -> "a b"${__rez_ref_X:q}   it's -> 'it'\''s'   (empty) -> ""   (skip: ${X:q}) */
static void csh_word(const struct rt_vstr *v, const char *skip, struct rt_buf *out)
{
	if (!v->n)
		rt_buf_adds(out, "\"\"");
	for (size_t i = 0; i < v->n; i++) {
		const struct rt_part *p = &v->parts[i];
		if (p->kind == RT_PART_REF)
			rt_buf_addf(out, "${%s%s:q}", skip && rt_streq(p->text, skip) ? "" : "__rez_ref_",
				    p->text);
		else if (dq_safe(p->text, p->len))
			rt_buf_addf(out, "\"%.*s\"", (int)p->len, p->text);
		else
			quote_text(p->text, p->len, out);
	}
}

int rt_csh_quote_arg(const char *s, size_t len, struct rt_buf *out, struct rt_error *err)
{
	if (len && rt_all_in(s, len, "@%+=:,./-"))
		rt_buf_add(out, s, len);
	else
		quote_text(s, len, out);
	return 0;
}

static void csh_setenv_known(struct rt_emit *em, const char *key, const struct rt_vstr *value,
			     const char *known)
{
	guard_refs(value, known, em->out);
	rt_buf_addf(em->out, "setenv %s ", key);
	csh_word(value, known, em->out);
	rt_buf_addch(em->out, '\n');
	unguard_refs(value, known, em->out);
}

static int csh_setenv(struct rt_emit *em, const char *key, const struct rt_vstr *value)
{
	csh_setenv_known(em, key, value, NULL);
	return 0;
}

static int csh_unsetenv(struct rt_emit *em, const char *key)
{
	rt_buf_addf(em->out, "unsetenv %s\n", key);
	return 0;
}

/* csh fails on a reference to an unset variable: `guard` defines it empty first. */
static int csh_pendenv(struct rt_emit *em, const char *key, const struct rt_vstr *part,
		       const char *sep, int append, int guard)
{
	struct rt_vstr v = RT_VSTR_INIT;
	if (guard)
		rt_buf_addf(em->out, "if (! $?%s) setenv %s \"\"\n", key, key);
	rt_pend_value(&v, key, part, sep, append);
	/* `key` is set: by the guard, or (guard == 0) by the caller's knowledge */
	csh_setenv_known(em, key, &v, key);
	rt_vstr_release(&v);
	return 0;
}

/* csh appends the alias's arguments itself when the body has no history reference. */
static int csh_alias(struct rt_emit *em, const char *name, const char *body)
{
	rt_buf_addf(em->out, "alias %s ", name);
	quote_text(body, strlen(body), em->out);
	rt_buf_addch(em->out, '\n');
	return 0;
}

/* printf is an external command for tcsh and Debian's bsd-csh, which a package's PATH may
 * not reach before the system paths are appended: it runs in a subshell with the standard
 * directories added to its search path. `>>` is allowed by noclobber on an
 * existing file, and /dev/stderr is the only way csh has to write to stderr alone. */
static int csh_message(struct rt_emit *em, const struct rt_vstr *line, int to_stderr)
{
	guard_refs(line, NULL, em->out);
	rt_buf_adds(em->out, "( set path = ( $path:q /usr/bin /bin ) ; ");
	rt_buf_adds(em->out, "printf '%s\\n' ");
	csh_word(line, NULL, em->out);
	if (to_stderr)
		rt_buf_adds(em->out, " >> /dev/stderr");
	rt_buf_adds(em->out, " )\n");
	unguard_refs(line, NULL, em->out);
	return 0;
}

static int csh_command(struct rt_emit *em, const char *line)
{
	rt_buf_addf(em->out, "%s\n", line);
	return 0;
}

static int csh_comment(struct rt_emit *em, const char *line)
{
	rt_buf_addf(em->out, "# %s\n", line);
	return 0;
}

static int csh_source(struct rt_emit *em, const struct rt_vstr *path)
{
	guard_refs(path, NULL, em->out);
	rt_buf_adds(em->out, "source ");
	csh_word(path, NULL, em->out);
	rt_buf_addch(em->out, '\n');
	unguard_refs(path, NULL, em->out);
	return 0;
}

static int csh_shebang(struct rt_emit *em)
{
	rt_buf_addf(em->out, "#!%s\n", em->exe_path);
	return 0;
}

const struct rt_shell_emitters rt_csh_emitters = {
	csh_setenv, csh_unsetenv, csh_pendenv, csh_alias, csh_message,
	csh_command, csh_comment, csh_source, csh_shebang
};

int rt_csh_valid_name(const char *name, int alias)
{
	return rt_is_name(name, alias ? "-." : "");
}

/* ---- spawn ---- */

static void add_quoted(struct rt_buf *b, const char *s)
{
	quote_text(s, strlen(s), b);
}

static void record(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_buf *b)
{
	const char *prompt = o->prompt ? o->prompt : sh->prompt;
	if (*prompt) {
		rt_buf_adds(b, "if (! $?REZ_ENV_PROMPT) setenv REZ_ENV_PROMPT \"\"\n");
		rt_buf_adds(b, "setenv REZ_ENV_PROMPT ${REZ_ENV_PROMPT:q}");
		add_quoted(b, prompt);
		rt_buf_addch(b, '\n');
	}
	rt_buf_adds(b, "source ");
	add_quoted(b, o->context_path);
	rt_buf_addch(b, '\n');
}

static void source_if(struct rt_buf *b, const char *path)
{
	rt_buf_adds(b, "if (-f ");
	add_quoted(b, path);
	rt_buf_adds(b, ") source ");
	add_quoted(b, path);
	rt_buf_addch(b, '\n');
}

int rt_csh_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		 struct rt_error *err)
{
	struct rt_buf b = RT_BUF_INIT, p = RT_BUF_INIT;
	int tcsh = rt_streq(sh->name, "tcsh");

	if (o->mode != RT_SPAWN_INTERACTIVE) {
		record(sh, o, &b);
		if (o->rcfile)
			source_if(&b, o->rcfile);
		if (o->mode == RT_SPAWN_COMMAND)
			rt_buf_addf(&b, "%s\nexit $status\n", o->command);
		else
			rt_buf_adds(&b, "source /dev/stdin\n");
		rt_spawn_add_file(sp, o->tmpdir, "rez-shell.csh", &b);
		rt_spawn_add_arg(sp, o->exe);
		rt_spawn_add_arg(sp, "-f");   /* the context comes first; rc files only by rcfile */
		rt_spawn_add_arg(sp, sp->files[0].path);
		goto out;
	}
	/* Interactive: csh has no rcfile option, so HOME points at a directory whose startup
	 * file restores HOME and then does the work. */
	rt_buf_adds(&b, "setenv HOME ");
	add_quoted(&b, o->home);
	rt_buf_adds(&b, "\nset home = ");
	add_quoted(&b, o->home);
	rt_buf_addch(&b, '\n');
	record(sh, o, &b);
	if (o->rcfile) {
		source_if(&b, o->rcfile);
	} else if (!o->norc) {
		rt_buf_addf(&p, "%s/%s", o->home, tcsh ? ".tcshrc" : ".cshrc");
		source_if(&b, p.buf);
		if (tcsh) {
			rt_buf_reset(&p);
			rt_buf_addf(&p, "%s/.cshrc", o->home);
			rt_buf_adds(&b, "if (! -f ");
			add_quoted(&b, o->home);
			rt_buf_adds(&b, "/.tcshrc) then\n");
			source_if(&b, p.buf);
			rt_buf_adds(&b, "endif\n");
		}
	}
	if (o->set_prompt)
		rt_buf_adds(&b, o->prompt_suffix ?
			    "if (! $?prompt) set prompt = '% '\nset prompt = ${prompt:q}${REZ_ENV_PROMPT:q}' '\n" :
			    "if (! $?prompt) set prompt = '% '\nset prompt = ${REZ_ENV_PROMPT:q}' '${prompt:q}\n");
	if (!o->quiet)
		rt_buf_adds(&b, "printf '%s\\n' '' 'You are now in a rez-configured environment.' ''\n");
	rt_spawn_add_file(sp, o->tmpdir, tcsh ? ".tcshrc" : ".cshrc", &b);
	rt_spawn_add_env(sp, "HOME", o->tmpdir);
	rt_spawn_add_arg(sp, o->exe);
	rt_spawn_add_arg(sp, "-i");
out:
	rt_buf_release(&b);
	rt_buf_release(&p);
	return 0;
}

const struct rt_shell rt_shell_csh = {
	"csh", "csh", ".csh", ':', 0, ">", &rt_csh_emitters,
	rt_csh_valid_name, rt_csh_quote_arg, NULL, rt_csh_spawn
};

