/* shell.c - the shell registry and the emit driver (see shell.h). */
#include "runtime/shells/shells.h"
#include "runtime/fold.h"
#include "runtime/utf8.h"

#include <errno.h>
#include <unistd.h>
#include <utf8proc.h>

/* Registry order is the order `rez` lists the shells in. */
static const struct rt_shell *const shells[] = {
	&rt_shell_bash, &rt_shell_sh, &rt_shell_zsh, &rt_shell_ksh, &rt_shell_csh,
	&rt_shell_tcsh, &rt_shell_fish, &rt_shell_cmd, &rt_shell_powershell, &rt_shell_pwsh,
	&rt_shell_gitbash
};

const char *const *rt_shell_names(void)
{
	static const char *names[RT_ARRAY_LEN(shells) + 1];
	if (!names[0])
		for (size_t i = 0; i < RT_ARRAY_LEN(shells); i++)
			names[i] = shells[i]->name;
	return names;
}

const struct rt_shell *rt_shell_find(const char *name, struct rt_error *err)
{
	struct rt_buf sb = RT_BUF_INIT;
	for (size_t i = 0; i < RT_ARRAY_LEN(shells); i++)
		if (rt_streq(shells[i]->name, name))
			return shells[i];
	for (size_t i = 0; i < RT_ARRAY_LEN(shells); i++)
		rt_buf_addf(&sb, "%s%s", i ? ", " : "", shells[i]->name);
	rt_error(err, "unknown shell '%s' (valid shells: %s)", name, sb.buf);
	rt_buf_release(&sb);
	return NULL;
}

/* ---- helpers shared by the emitters ---- */

int rt_emit_fail(struct rt_emit *em, const char *fmt, ...)
{
	struct rt_buf sb = RT_BUF_INIT;
	va_list ap;
	rt_buf_addf(&sb, "%s: cannot write %s", em->sh->name, em->what);
	if (em->subject)
		rt_buf_addf(&sb, " '%s'", em->subject);
	rt_buf_adds(&sb, ": ");
	va_start(ap, fmt);
	rt_buf_vaddf(&sb, fmt, ap);
	va_end(ap);
	rt_error(em->err, "%s", sb.buf);
	rt_buf_release(&sb);
	return -1;
}

void rt_pend_value(struct rt_vstr *out, const char *key, const struct rt_vstr *part,
		   const char *sep, int append)
{
	if (append) {
		rt_vstr_add_ref(out, key);
		rt_vstr_add_text(out, sep, strlen(sep));
		rt_vstr_append(out, part);
	} else {
		rt_vstr_append(out, part);
		rt_vstr_add_text(out, sep, strlen(sep));
		rt_vstr_add_ref(out, key);
	}
}

static int is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int rt_all_in(const char *s, size_t len, const char *extra)
{
	for (size_t i = 0; i < len; i++)
		if (!is_word_byte((unsigned char)s[i]) && !(s[i] && strchr(extra, s[i])))
			return 0;
	return 1;
}

int rt_is_name(const char *s, const char *extra)
{
	if (!*s || (s[0] >= '0' && s[0] <= '9') || !is_word_byte((unsigned char)s[0]))
		return 0;
	return rt_all_in(s, strlen(s), extra);
}

int rt_shell_fold_name(const char *name, struct rt_buf *out)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n;
	const char *p;
	for (p = name; *p && !((unsigned char)*p & 0x80); p++)
		;
	if (!*p) {
		/* ASCII (nearly every variable name): folding is lower-casing. */
		for (p = name; *p; p++)
			rt_buf_addch(out, *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		return 0;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &folded,
					  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_CASEFOLD);
	if (n < 0)
		return -1;
	rt_buf_add(out, folded, (size_t)n);
	free(folded);
	return 0;
}

/* ---- validation ---- */


static int check_bytes(struct rt_emit *em, const char *field, const char *s, size_t len)
{
	long at = rt_utf8_invalid_at(s, len, 1);
	if (at < 0)
		return 0;
	if (s[at] == '\0')
		return rt_emit_fail(em, "its %s contains a NUL byte (at byte %ld)", field, at);
	return rt_emit_fail(em, "its %s is not valid UTF-8 (at byte %ld)", field, at);
}

static int check_vstr(struct rt_emit *em, const char *field, const struct rt_vstr *v)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct rt_part *p = &v->parts[i];
		if (p->kind == RT_PART_TEXT) {
			if (check_bytes(em, field, p->text, p->len))
				return -1;
		} else if (!em->sh->valid_name(p->text, 0)) {
			return rt_emit_fail(em, "its %s refers to '%s', which is not a variable name in %s",
					    field, p->text, em->sh->name);
		}
	}
	return 0;
}

/* ---- case-insensitive names (cmd, PowerShell) ---- */

/* The first spelling of each variable name, keyed by its case folding: later actions on
 * `Path` are written as `PATH` if PATH came first, so the script never creates two spellings
 * of one variable. */
struct name_map {
	struct { char *folded, *first; } *v;
	size_t n, cap;
	size_t *slots;     /* open-addressing index over folded: index + 1, 0 = empty */
	size_t nslots;     /* a power of two, at least twice n */
};

static size_t name_hash(const char *k)
{
	size_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ULL;
	return h;
}

static void name_map_index(struct name_map *m)
{
	size_t want = m->nslots ? m->nslots : 64;
	while (want < m->n * 2 + 2)
		want *= 2;
	if (want != m->nslots || !m->slots) {
		free(m->slots);
		m->slots = rt_xcalloc(want, sizeof(*m->slots));
		m->nslots = want;
		for (size_t i = 0; i < m->n; i++) {
			size_t h = name_hash(m->v[i].folded) & (want - 1);
			while (m->slots[h])
				h = (h + 1) & (want - 1);
			m->slots[h] = i + 1;
		}
	}
}

static const char *canonical_name(struct name_map *m, const char *name)
{
	struct rt_buf f = RT_BUF_INIT;
	const char *res = name;
	if (rt_shell_fold_name(name, &f)) {
		rt_buf_release(&f);
		return name;   /* names were validated; keep the spelling */
	}
	name_map_index(m);
	{
		size_t h = name_hash(f.buf) & (m->nslots - 1);
		for (; m->slots[h]; h = (h + 1) & (m->nslots - 1))
			if (rt_streq(m->v[m->slots[h] - 1].folded, f.buf)) {
				res = m->v[m->slots[h] - 1].first;
				rt_buf_release(&f);
				return res;
			}
		m->v = rt_xgrow(m->v, sizeof(*m->v), m->n + 1, &m->cap);
		m->v[m->n].folded = rt_buf_detach(&f, NULL);
		m->v[m->n].first = rt_xstrdup(name);
		m->slots[h] = m->n + 1;
		return m->v[m->n++].first;
	}
}

static void name_map_release(struct name_map *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].folded);
		free(m->v[i].first);
	}
	free(m->v);
	free(m->slots);
}

/* Copies v into out with every REF name replaced by its canonical spelling. */
static void canonical_refs(struct name_map *m, const struct rt_vstr *v, struct rt_vstr *out)
{
	for (size_t i = 0; i < v->n; i++) {
		if (v->parts[i].kind == RT_PART_TEXT)
			rt_vstr_add_text(out, v->parts[i].text, v->parts[i].len);
		else
			rt_vstr_add_ref(out, canonical_name(m, v->parts[i].text));
	}
}

/* ---- the emit driver ---- */

/* Splits v at newlines in its TEXT parts and emits one message per line. */
static int emit_lines(struct rt_emit *em, const struct rt_vstr *v, int to_stderr)
{
	struct rt_vstr line = RT_VSTR_INIT;
	int rc = 0;
	for (size_t i = 0; i < v->n && !rc; i++) {
		const struct rt_part *p = &v->parts[i];
		const char *s = p->text, *end = p->text + p->len, *nl;
		if (p->kind == RT_PART_REF) {
			rt_vstr_add_ref(&line, p->text);
			continue;
		}
		while (!rc && (nl = memchr(s, '\n', (size_t)(end - s)))) {
			rt_vstr_add_text(&line, s, (size_t)(nl - s));
			rc = em->sh->emit->message(em, &line, to_stderr);
			rt_vstr_release(&line);
			s = nl + 1;
		}
		rt_vstr_add_text(&line, s, (size_t)(end - s));
	}
	if (!rc)
		rc = em->sh->emit->message(em, &line, to_stderr);
	rt_vstr_release(&line);
	return rc;
}

static int emit_comment(struct rt_emit *em, const char *text)
{
	const char *s = text, *nl;
	char *line;
	int rc;
	while ((nl = strchr(s, '\n'))) {
		line = rt_xmemdupz(s, (size_t)(nl - s));
		rc = em->sh->emit->comment(em, line);
		free(line);
		if (rc)
			return -1;
		s = nl + 1;
	}
	return em->sh->emit->comment(em, s);
}

static int emit_command(struct rt_emit *em, const struct rt_action *act)
{
	struct rt_buf line = RT_BUF_INIT;
	int rc;
	if (!act->argv)
		return em->sh->emit->command(em, act->text ? act->text : "");
	for (size_t i = 0; i < act->argc; i++) {
		if (check_bytes(em, "argument", act->argv[i], strlen(act->argv[i])))
			goto fail;
		if (i == 0) {
			rt_buf_adds(&line, act->argv[0]);
			continue;
		}
		rt_buf_addch(&line, ' ');
		if (em->sh->quote_arg(act->argv[i], strlen(act->argv[i]), &line, em->err))
			goto fail;
	}
	rc = em->sh->emit->command(em, line.buf);
	rt_buf_release(&line);
	return rc;
fail:
	rt_buf_release(&line);
	return -1;
}

static int emit_one(struct rt_emit *em, const struct rt_action *act, struct name_map *names)
{
	const struct rt_shell_emitters *e = em->sh->emit;
	const char *key = act->key;
	struct rt_vstr value = RT_VSTR_INIT;
	int rc = -1;

	switch (act->kind) {
	case RT_ACT_SETENV: case RT_ACT_RESETENV: case RT_ACT_UNSETENV:
	case RT_ACT_PREPENDENV: case RT_ACT_APPENDENV:
		em->what = "variable";
		break;
	case RT_ACT_ALIAS: em->what = "alias"; break;
	case RT_ACT_INFO: em->what = "info message"; break;
	case RT_ACT_ERROR: em->what = "error message"; break;
	case RT_ACT_COMMAND: em->what = "command"; break;
	case RT_ACT_COMMENT: em->what = "comment"; break;
	case RT_ACT_SOURCE: em->what = "source path"; break;
	case RT_ACT_SHEBANG: em->what = "shebang"; break;
	}
	em->subject = key;
	if (key) {
		if (!em->sh->valid_name(key, act->kind == RT_ACT_ALIAS))
			return rt_emit_fail(em, "not a valid %s name in %s",
					    act->kind == RT_ACT_ALIAS ? "alias" : "variable", em->sh->name);
		if (names && act->kind != RT_ACT_ALIAS)
			em->subject = key = canonical_name(names, key);
	}
	if (check_vstr(em, "value", &act->value))
		return -1;
	if (names)
		canonical_refs(names, &act->value, &value);
	else
		rt_vstr_copy(&value, &act->value);
	if (act->text && check_bytes(em, "text", act->text, strlen(act->text)))
		goto out;
	if (act->sep && check_bytes(em, "separator", act->sep, strlen(act->sep)))
		goto out;

	switch (act->kind) {
	case RT_ACT_SETENV:
	case RT_ACT_RESETENV:
		rc = e->setenv(em, key, &value);
		break;
	case RT_ACT_UNSETENV:
		rc = e->unsetenv(em, key);
		break;
	case RT_ACT_PREPENDENV:
	case RT_ACT_APPENDENV:
		rc = e->pendenv(em, key, &value, act->sep ? act->sep : (char[]){ em->sh->pathsep, 0 },
				act->kind == RT_ACT_APPENDENV, act->guard);
		break;
	case RT_ACT_ALIAS:
		rc = e->alias(em, key, act->text ? act->text : "");
		break;
	case RT_ACT_INFO:
	case RT_ACT_ERROR:
		rc = emit_lines(em, &value, act->kind == RT_ACT_ERROR);
		break;
	case RT_ACT_COMMAND:
		rc = emit_command(em, act);
		break;
	case RT_ACT_COMMENT:
		rc = emit_comment(em, act->text ? act->text : "");
		break;
	case RT_ACT_SOURCE:
		rc = e->source(em, &value);
		break;
	case RT_ACT_SHEBANG:
		rc = e->shebang(em);
		break;
	}
out:
	rt_vstr_release(&value);
	return rc;
}

int rt_script_layout_parse(const char *name, enum rt_script_layout *out, struct rt_error *err)
{
	if (name && rt_streq(name, "rez"))
		*out = RT_LAYOUT_REZ;
	else if (name && rt_streq(name, "folded"))
		*out = RT_LAYOUT_FOLDED;
	else
		return rt_error(err, "invalid shell_script_layout '%s' (expected rez or folded)",
				name ? name : "");
	return 0;
}

/* Text bytes one merged value may hold: bsd-csh reads a word into a fixed buffer, and a cmd
 * line holds at most 8191 characters after expansion; the POSIX shells, fish and PowerShell
 * have no such limit. */
static size_t fold_max_text(const struct rt_shell *sh)
{
	if (sh->emit == &rt_csh_emitters)
		return 2048;
	if (sh->flags & RT_SHELL_CRLF)
		return 2048;
	return 0;
}

static int assigns(enum rt_action_kind k)
{
	return k == RT_ACT_SETENV || k == RT_ACT_RESETENV || k == RT_ACT_PREPENDENV ||
	       k == RT_ACT_APPENDENV || k == RT_ACT_COMMENT || k == RT_ACT_SHEBANG;
}

/* The `export` of the assignments written since the last one (folded POSIX scripts): before
 * anything that could look at the environment, and before an unset (an export after it would
 * mark the unset name). */
static void flush_exports(struct rt_emit *em)
{
	if (em->exports && em->exports->len) {
		rt_buf_adds(em->out, "export");
		rt_buf_addbuf(em->out, em->exports);
		rt_buf_addch(em->out, '\n');
		rt_buf_reset(em->exports);
	}
}

int rt_shell_emit(const struct rt_shell *sh, const struct rt_actions *actions,
		  const struct rt_emit_opts *opts, struct rt_buf *out, struct rt_error *err)
{
	struct rt_buf exe = RT_BUF_INIT, script = RT_BUF_INIT;
	struct name_map names = { NULL, 0, 0, NULL, 0 };
	struct rt_emit em = { sh, &script, err, NULL, NULL, NULL, NULL };
	int rc = 0;

	if (opts && opts->exe_path)
		em.exe_path = opts->exe_path;
	else if (rt_shell_which(sh, &exe) == 0)
		em.exe_path = exe.buf;
	else {
		rt_buf_addf(&exe, "/usr/bin/env %s", sh->executable);
		em.exe_path = exe.buf;
	}
	if (opts && opts->layout == RT_LAYOUT_FOLDED) {
		struct rt_folded fo = RT_FOLDED_INIT;
		struct rt_fold_opts fopts = { (sh->flags & RT_SHELL_NOCASE) != 0, fold_max_text(sh) };
		struct rt_buf exports = RT_BUF_INIT;
		rt_fold_actions(actions, &fopts, &fo);
		if (sh->emit->setenv == rt_posix_setenv)
			em.exports = &exports;
		for (size_t i = 0; i < fo.n && !rc; i++) {
			const struct rt_action *act = rt_folded_at(&fo, actions, i);
			if (!assigns(act->kind))
				flush_exports(&em);
			rc = emit_one(&em, act, (sh->flags & RT_SHELL_NOCASE) ? &names : NULL);
		}
		flush_exports(&em);
		em.exports = NULL;
		rt_buf_release(&exports);
		rt_folded_release(&fo);
		if (rc) {
			/* Rez's layout decides: its script, or its error */
			rt_error_release(err);
			rt_buf_reset(&script);
			name_map_release(&names);
			memset(&names, 0, sizeof(names));
			rc = 0;
		} else {
			goto done;
		}
	}
	for (size_t i = 0; i < actions->n && !rc; i++)
		rc = emit_one(&em, &actions->v[i], (sh->flags & RT_SHELL_NOCASE) ? &names : NULL);
done:
	if (!rc) {
		if (sh->flags & RT_SHELL_BOM)
			rt_buf_adds(out, "\xEF\xBB\xBF");
		if (sh->flags & RT_SHELL_CRLF) {
			/* cmd values cannot hold newlines, so every \n here ends a line. */
			for (size_t i = 0; i < script.len; i++) {
				if (script.buf[i] == '\n')
					rt_buf_addch(out, '\r');
				rt_buf_addch(out, script.buf[i]);
			}
		} else {
			rt_buf_addbuf(out, &script);
		}
	}
	name_map_release(&names);
	rt_buf_release(&exe);
	rt_buf_release(&script);
	return rc;
}

int rt_shell_join(const struct rt_shell *sh, const char *const *argv, size_t argc,
		  struct rt_buf *out, struct rt_error *err)
{
	if (sh->emit == &rt_ps_emitters)
		rt_buf_adds(out, "& ");
	for (size_t i = 0; i < argc; i++) {
		if (i)
			rt_buf_addch(out, ' ');
		if (rt_utf8_invalid_at(argv[i], strlen(argv[i]), 1) >= 0)
			return rt_error(err, "%s: argument '%s' is not valid UTF-8", sh->name, argv[i]);
		if (sh->quote_arg(argv[i], strlen(argv[i]), out, err))
			return -1;
	}
	return 0;
}

int rt_shell_which(const struct rt_shell *sh, struct rt_buf *out)
{
	const char *path = getenv("PATH"), *p, *colon;
	struct rt_buf cand = RT_BUF_INIT;
	if (!path)
		return -1;
	for (p = path; ; p = colon + 1) {
		colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		if (n) {
			rt_buf_reset(&cand);
			rt_buf_add(&cand, p, n);
			rt_buf_addf(&cand, "/%s", sh->executable);
			if (access(cand.buf, X_OK) == 0) {
				rt_buf_addbuf(out, &cand);
				rt_buf_release(&cand);
				return 0;
			}
		}
		if (!colon)
			break;
	}
	rt_buf_release(&cand);
	return -1;
}

/* ---- spawn ---- */

void rt_spawn_add_file(struct rt_spawn *sp, const char *dir, const char *name, const struct rt_buf *text)
{
	struct rt_spawn_file *f;
	sp->files = rt_xgrow(sp->files, sizeof(*sp->files), sp->nfiles + 1, &sp->files_cap);
	f = &sp->files[sp->nfiles++];
	f->path = rt_xstrfmt("%s/%s", dir, name);
	f->text = rt_xmemdupz(text->buf, text->len);
	f->len = text->len;
}

void rt_spawn_add_arg(struct rt_spawn *sp, const char *arg)
{
	sp->argv = rt_xgrow(sp->argv, sizeof(*sp->argv), sp->argc + 2, &sp->argv_cap);
	sp->argv[sp->argc++] = rt_xstrdup(arg);
	sp->argv[sp->argc] = NULL;
}

void rt_spawn_add_env(struct rt_spawn *sp, const char *name, const char *value)
{
	sp->env = rt_xgrow(sp->env, sizeof(*sp->env), sp->nenv + 1, &sp->env_cap);
	sp->env[sp->nenv++] = rt_xstrfmt("%s=%s", name, value);
}

void rt_spawn_release(struct rt_spawn *sp)
{
	for (size_t i = 0; i < sp->nfiles; i++) {
		free(sp->files[i].path);
		free(sp->files[i].text);
	}
	free(sp->files);
	for (size_t i = 0; i < sp->argc; i++)
		free(sp->argv[i]);
	free(sp->argv);
	for (size_t i = 0; i < sp->nenv; i++)
		free(sp->env[i]);
	free(sp->env);
	memset(sp, 0, sizeof(*sp));
}

int rt_shell_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		   struct rt_error *err)
{
	if (!o->exe || !o->tmpdir || !o->context_path)
		return rt_error(err, "%s: spawning needs the shell path, a directory and a context script",
				sh->name);
	if (o->mode == RT_SPAWN_COMMAND && !o->command)
		return rt_error(err, "%s: no command to run", sh->name);
	return sh->spawn(sh, o, sp, err);
}
