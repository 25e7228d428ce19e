/* rex.c - the rex executor: formatting, tracked environment, action recording (see rex.h). */
#include "runtime/common.h"
#include "runtime/rex.h"
#include "runtime/utf8.h"
#include "runtime/buf.h"
#include "runtime/shell.h"
#include "runtime/value.h"

#include <fnmatch.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>
#include <utf8proc.h>

/* ------------------------------------------------------------------------------------------
 * Escaped strings
 */

void rt_estr_add(struct rt_estr *e, int literal, const char *s, size_t len)
{
	struct rt_estr_chunk *c;
	literal = !!literal;
	if (e->n && e->v[e->n - 1].literal == literal) {
		c = &e->v[e->n - 1];
		if (!len)
			return;
		c->text = rt_xrealloc(c->text, rt_st_add(rt_st_add(c->len, len), 1));
		memcpy(c->text + c->len, s, len);
		c->len += len;
		c->text[c->len] = '\0';
		return;
	}
	if (!len && e->n)
		return;
	e->v = rt_xgrow(e->v, sizeof(*e->v), e->n + 1, &e->cap);
	c = &e->v[e->n++];
	c->literal = literal;
	c->text = rt_xmemdupz(s, len);
	c->len = len;
}

void rt_estr_adds(struct rt_estr *e, int literal, const char *s)
{
	rt_estr_add(e, literal, s, strlen(s));
}

void rt_estr_release(struct rt_estr *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i].text);
	free(e->v);
	e->v = NULL;
	e->n = e->cap = 0;
}

void rt_estr_text(const struct rt_estr *e, struct rt_buf *out)
{
	for (size_t i = 0; i < e->n; i++)
		rt_buf_add(out, e->v[i].text, e->v[i].len);
}

/* ------------------------------------------------------------------------------------------
 * Environment tables
 */

struct envvar {
	char *name;     /* spelling written into actions */
	char *key;      /* comparison key: case-folded name in case-insensitive mode */
	char *value;    /* fully expanded */
	char *setter;   /* package that last setenv'd it, for the resetting-variables rule */
};

/* Variables in first-set order, with an open-addressing index over their keys: a context
 * sets thousands of variables (six REZ_ ones per package), so lookups must not scan. */
struct envtab {
	struct envvar *v;
	size_t n, cap;
	size_t *slots;     /* index + 1 into v; 0 = empty; nslots is a power of two */
	size_t nslots;
};

struct rt_rex {
	char *shell, *pathsep, *home;
	struct rt_value *seps, *shell_seps, *parent_vars, *resetting_vars, *pathed;
	int all_parent, all_resetting, ci;
	enum rt_rex_path_style path_style;
	struct envtab parent, tracked;
	struct rt_actions actions;
	char *package;
	rt_rex_lookup_fn lookup;
	void *lookup_ud;
};

static RT_NORETURN void oom(void)
{
	fputs("rez: out of memory\n", stderr);
	exit(RT_EXIT_OOM);
}

/* Valid UTF-8 without NUL bytes. */
static int check_text(const char *s, size_t len, const char *what, const char *subject,
		      struct rt_error *err)
{
	if (memchr(s, '\0', len))
		return rt_error(err, "NUL byte in %s%s%s%s", what, subject ? " '" : "",
				subject ? subject : "", subject ? "'" : "");
	if (!rt_utf8_valid(s, len))
		return rt_error(err, "invalid UTF-8 in %s%s%s%s", what, subject ? " '" : "",
				subject ? subject : "", subject ? "'" : "");
	return 0;
}

/* The comparison key of a name (callers have checked it is valid UTF-8). */
static char *name_key(const struct rt_rex *rx, const char *name)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n;
	if (!rx->ci)
		return rt_xstrdup(name);
	n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &dst,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (n == UTF8PROC_ERROR_NOMEM)
		oom();
	if (n < 0)  /* not UTF-8 (a parent variable): compare its bytes */
		return rt_xstrdup(name);
	return (char *)dst;
}

static size_t key_hash(const char *k)
{
	size_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ULL;
	return h;
}

static void env_index_add(struct envtab *t, size_t i)
{
	size_t mask = t->nslots - 1, h = key_hash(t->v[i].key) & mask;
	while (t->slots[h])
		h = (h + 1) & mask;
	t->slots[h] = i + 1;
}

/* Keeps the index at most half full; rebuilt from scratch when it grows (and on removal). */
static void env_reindex(struct envtab *t)
{
	size_t want = 16;
	while (want < t->n * 2 + 2)
		want *= 2;
	if (want != t->nslots) {
		free(t->slots);
		t->slots = rt_xcalloc(want, sizeof(*t->slots));
		t->nslots = want;
	} else {
		memset(t->slots, 0, want * sizeof(*t->slots));
	}
	for (size_t i = 0; i < t->n; i++)
		env_index_add(t, i);
}

static struct envvar *env_find(const struct rt_rex *rx, const struct envtab *t, const char *name)
{
	char *folded = rx->ci ? name_key(rx, name) : NULL;
	const char *key = folded ? folded : name;
	struct envvar *found = NULL;
	if (t->nslots) {
		size_t mask = t->nslots - 1, h = key_hash(key) & mask;
		for (; t->slots[h]; h = (h + 1) & mask) {
			struct envvar *v = &t->v[t->slots[h] - 1];
			if (rt_streq(v->key, key)) {
				found = v;
				break;
			}
		}
	}
	free(folded);
	return found;
}

static struct envvar *env_add(const struct rt_rex *rx, struct envtab *t, const char *name,
			      const char *value)
{
	struct envvar *v;
	t->v = rt_xgrow(t->v, sizeof(*t->v), t->n + 1, &t->cap);
	v = &t->v[t->n++];
	v->name = rt_xstrdup(name);
	v->key = name_key(rx, name);
	v->value = rt_xstrdup(value);
	v->setter = NULL;
	if (t->n * 2 + 2 > t->nslots)
		env_reindex(t);
	else
		env_index_add(t, t->n - 1);
	return &t->v[t->n - 1];
}

static void envvar_release(struct envvar *v)
{
	free(v->name);
	free(v->key);
	free(v->value);
	free(v->setter);
}

static void env_remove(struct envtab *t, struct envvar *v)
{
	size_t i = (size_t)(v - t->v);
	envvar_release(v);
	memmove(&t->v[i], &t->v[i + 1], (t->n - i - 1) * sizeof(*t->v));
	t->n--;
	env_reindex(t);
}

static void env_release(struct envtab *t)
{
	for (size_t i = 0; i < t->n; i++)
		envvar_release(&t->v[i]);
	free(t->v);
	free(t->slots);
	t->v = NULL;
	t->slots = NULL;
	t->n = t->cap = t->nslots = 0;
}

/* The value a reference to name sees: tracked first, then the parent environment. */
static const char *env_value(const struct rt_rex *rx, const char *name)
{
	const struct envvar *v = env_find(rx, &rx->tracked, name);
	if (!v)
		v = env_find(rx, &rx->parent, name);
	return v ? v->value : NULL;
}

/* ------------------------------------------------------------------------------------------
 * Configuration
 */

static int check_strmap(const struct rt_value *m, const char *setting, struct rt_error *err)
{
	if (m->type != RT_MAP)
		return rt_error(err, "setting '%s' must be a map (got %s)", setting,
				rt_value_type_name(m->type));
	for (size_t i = 0; i < rt_map_len(m); i++)
		if (rt_map_val(m, i)->type != RT_STR)
			return rt_error(err, "setting '%s': value of '%s' must be a string (got %s)",
					setting, rt_map_key(m, i),
					rt_value_type_name(rt_map_val(m, i)->type));
	return 0;
}

static int check_strlist(const struct rt_value *l, const char *setting, struct rt_error *err)
{
	if (l->type != RT_LIST)
		return rt_error(err, "setting '%s' must be a list of strings (got %s)", setting,
				rt_value_type_name(l->type));
	for (size_t i = 0; i < rt_list_len(l); i++)
		if (rt_list_at(l, i)->type != RT_STR)
			return rt_error(err, "setting '%s' must be a list of strings (item %zu is %s)",
					setting, i + 1, rt_value_type_name(rt_list_at(l, i)->type));
	return 0;
}

struct rt_rex *rt_rex_new(const struct rt_rex_config *cfg, const struct rt_value *parent_env,
			  struct rt_error *err)
{
	struct rt_rex *rx;
	if (cfg->env_var_separators && check_strmap(cfg->env_var_separators, "env_var_separators", err))
		return NULL;
	if (cfg->shell_env_var_separators) {
		const struct rt_value *m = cfg->shell_env_var_separators;
		if (m->type != RT_MAP)
			return rt_error(err, "setting 'shell_env_var_separators' must be a map (got %s)",
					rt_value_type_name(m->type)), NULL;
		for (size_t i = 0; i < rt_map_len(m); i++)
			if (check_strmap(rt_map_val(m, i), "shell_env_var_separators", err))
				return NULL;
	}
	if (cfg->parent_variables && check_strlist(cfg->parent_variables, "parent_variables", err))
		return NULL;
	if (cfg->resetting_variables &&
	    check_strlist(cfg->resetting_variables, "resetting_variables", err))
		return NULL;
	if (cfg->pathed_env_vars && check_strlist(cfg->pathed_env_vars, "pathed_env_vars", err))
		return NULL;
	if (parent_env && check_strmap(parent_env, "parent environment", err))
		return NULL;

	rx = rt_xcalloc(1, sizeof(*rx));
	rx->shell = rt_xstrdup(cfg->shell ? cfg->shell : "");
	rx->pathsep = rt_xstrdup(cfg->pathsep ? cfg->pathsep : ":");
	rx->home = cfg->home ? rt_xstrdup(cfg->home) : NULL;
	if (cfg->env_var_separators) {
		rx->seps = rt_value_copy(cfg->env_var_separators);
	} else {
		rx->seps = rt_value_map();
		rt_map_set(rx->seps, "CMAKE_MODULE_PATH", rt_value_str(";"));
		rt_map_set(rx->seps, "DOXYGEN_TAGFILES", rt_value_str(" "));
	}
	if (cfg->shell_env_var_separators)
		rx->shell_seps = rt_value_copy(cfg->shell_env_var_separators);
	if (cfg->parent_variables)
		rx->parent_vars = rt_value_copy(cfg->parent_variables);
	if (cfg->resetting_variables)
		rx->resetting_vars = rt_value_copy(cfg->resetting_variables);
	if (cfg->pathed_env_vars) {
		rx->pathed = rt_value_copy(cfg->pathed_env_vars);
	} else {
		rx->pathed = rt_value_list();
		rt_list_push(rx->pathed, rt_value_str("*PATH"));
	}
	rx->all_parent = cfg->all_parent_variables;
	rx->all_resetting = cfg->all_resetting_variables;
	rx->ci = cfg->case_insensitive;
	rx->path_style = cfg->path_style;
	if (parent_env)
		for (size_t i = 0; i < rt_map_len(parent_env); i++)
			env_add(rx, &rx->parent, rt_map_key(parent_env, i),
				rt_value_as_str(rt_map_val(parent_env, i)));
	return rx;
}

void rt_rex_free(struct rt_rex *rx)
{
	if (!rx)
		return;
	free(rx->shell);
	free(rx->pathsep);
	free(rx->home);
	rt_value_free(rx->seps);
	rt_value_free(rx->shell_seps);
	rt_value_free(rx->parent_vars);
	rt_value_free(rx->resetting_vars);
	rt_value_free(rx->pathed);
	env_release(&rx->parent);
	env_release(&rx->tracked);
	rt_actions_release(&rx->actions);
	free(rx->package);
	free(rx);
}

void rt_rex_set_lookup(struct rt_rex *rx, rt_rex_lookup_fn fn, void *ud)
{
	rx->lookup = fn;
	rx->lookup_ud = ud;
}

size_t rt_rex_n_actions(const struct rt_rex *rx)
{
	return rx->actions.n;
}

void rt_rex_tag_actions(struct rt_rex *rx, size_t from, const char *where)
{
	for (size_t i = from; i < rx->actions.n; i++) {
		free(rx->actions.v[i].where);
		rx->actions.v[i].where = rt_xstrfmt("%s%s%s", rx->package ? rx->package : "",
						    rx->package ? " " : "", where);
	}
}

void rt_rex_set_package(struct rt_rex *rx, const char *qualified_name)
{
	free(rx->package);
	rx->package = qualified_name ? rt_xstrdup(qualified_name) : NULL;
}

/* Names compare as the executor compares variables (case-folded in case-insensitive mode). */
static int same_name(const struct rt_rex *rx, const char *a, const char *b)
{
	char *ka, *kb;
	int eq;
	if (!rx->ci)
		return rt_streq(a, b);
	ka = name_key(rx, a);
	kb = name_key(rx, b);
	eq = rt_streq(ka, kb);
	free(ka);
	free(kb);
	return eq;
}

static const char *map_lookup(const struct rt_rex *rx, const struct rt_value *m, const char *name)
{
	for (size_t i = 0; m && i < rt_map_len(m); i++)
		if (same_name(rx, rt_map_key(m, i), name))
			return rt_value_as_str(rt_map_val(m, i));
	return NULL;
}

static int in_list(const struct rt_rex *rx, const struct rt_value *l, const char *name)
{
	for (size_t i = 0; l && i < rt_list_len(l); i++)
		if (same_name(rx, rt_value_as_str(rt_list_at(l, i)), name))
			return 1;
	return 0;
}

static const char *separator(const struct rt_rex *rx, const char *name)
{
	const char *sep = NULL;
	if (rx->shell_seps) {
		const struct rt_value *m = rt_map_get(rx->shell_seps, rx->shell);
		sep = m ? map_lookup(rx, m, name) : NULL;
	}
	if (!sep)
		sep = map_lookup(rx, rx->seps, name);
	return sep ? sep : rx->pathsep;
}

static int is_parent_var(const struct rt_rex *rx, const char *name)
{
	return rx->all_parent || in_list(rx, rx->parent_vars, name);
}

static int is_resetting_var(const struct rt_rex *rx, const char *name)
{
	return rx->all_resetting || in_list(rx, rx->resetting_vars, name);
}

static char *ascii_lower(const char *s)
{
	char *r = rt_xstrdup(s);
	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return r;
}

/* pathed_env_vars are fnmatch patterns; case-insensitive (ASCII, as Windows' fnmatch) in
 * case-insensitive mode. */
static int is_pathed(const struct rt_rex *rx, const char *name)
{
	int hit = 0;
	char *lname = rx->ci ? ascii_lower(name) : NULL;
	for (size_t i = 0; !hit && i < rt_list_len(rx->pathed); i++) {
		const char *pat = rt_value_as_str(rt_list_at(rx->pathed, i));
		if (rx->ci) {
			char *lpat = ascii_lower(pat);
			hit = fnmatch(lpat, lname, 0) == 0;
			free(lpat);
		} else {
			hit = fnmatch(pat, name, 0) == 0;
		}
	}
	free(lname);
	return hit;
}

/* ------------------------------------------------------------------------------------------
 * Path normalisation
 */

static int is_drive(const char *s, size_t len, size_t i)
{
	return i + 2 < len + 0 && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')) &&
	       s[i + 1] == ':' && s[i + 2] == '\\';
}

/* Windows-to-POSIX for gitbash, one path: %VAR% from the parent environment (unknown ones
 * kept), a leading "X:\" becomes "/X/", every '\' becomes '/'. */
static void to_posix_path(const struct rt_rex *rx, const char *s, size_t len, struct rt_buf *out)
{
	struct rt_buf tmp = RT_BUF_INIT;
	size_t i = 0;
	while (i < len) {
		const char *close;
		if (s[i] == '%' && (close = memchr(s + i + 1, '%', len - i - 1))) {
			char *name = rt_xmemdupz(s + i + 1, (size_t)(close - s - i - 1));
			const char *val = env_value(rx, name);
			free(name);
			if (val) {
				rt_buf_adds(&tmp, val);
				i = (size_t)(close - s) + 1;
				continue;
			}
			rt_buf_add(&tmp, s + i, (size_t)(close - s) - i);
			i = (size_t)(close - s);
			continue;
		}
		rt_buf_addch(&tmp, s[i++]);
	}
	i = 0;
	if (is_drive(tmp.buf, tmp.len, 0)) {
		rt_buf_addf(out, "/%c/", tmp.buf[0]);
		i = 3;
	}
	for (; i < tmp.len; i++)
		rt_buf_addch(out, tmp.buf[i] == '\\' ? '/' : tmp.buf[i]);
	rt_buf_release(&tmp);
}

/* Normalises the expandable text of a pathed variable's value (a list of paths). */
static void normalize_paths(const struct rt_rex *rx, const char *s, size_t len, struct rt_buf *out)
{
	struct rt_buf tmp = RT_BUF_INIT;
	size_t i, start;
	switch (rx->path_style) {
	case RT_REX_PATHS_NATIVE:
		rt_buf_add(out, s, len);
		return;
	case RT_REX_PATHS_WINDOWS:
		for (i = 0; i < len; i++)
			rt_buf_addch(out, s[i] == '/' ? '\\' : s[i]);
		return;
	case RT_REX_PATHS_GITBASH:
		/* Drives first, anywhere, so that "C:\a:D:\b" splits on the right colons. */
		for (i = 0; i < len; i++) {
			if (is_drive(s, len, i)) {
				rt_buf_addf(&tmp, "/%c/", s[i]);
				i += 2;
			} else {
				rt_buf_addch(&tmp, s[i]);
			}
		}
		start = 0;
		for (i = 0; i <= tmp.len; i++) {
			if (i == tmp.len || tmp.buf[i] == ':') {
				to_posix_path(rx, tmp.buf + start, i - start, out);
				if (i < tmp.len)
					rt_buf_addch(out, ':');
				start = i + 1;
			}
		}
		rt_buf_release(&tmp);
		return;
	}
	RT_BUG("bad path style %d", (int)rx->path_style);
}

void rt_rex_normalize_path(const struct rt_rex *rx, const char *path, struct rt_buf *out)
{
	size_t len = strlen(path);
	switch (rx->path_style) {
	case RT_REX_PATHS_NATIVE:
		rt_buf_add(out, path, len);
		return;
	case RT_REX_PATHS_WINDOWS:
		normalize_paths(rx, path, len, out);
		return;
	case RT_REX_PATHS_GITBASH:
		to_posix_path(rx, path, len, out);
		return;
	}
	RT_BUG("bad path style %d", (int)rx->path_style);
}

/* ------------------------------------------------------------------------------------------
 * Formatting: escaped string -> value string (TEXT and REF parts)
 */

enum {
	F_OBJECTS = 1 << 0,   /* {key} object references and {{ }} */
	F_REFS = 1 << 1,      /* $NAME / ${NAME} become REF parts (otherwise kept as typed) */
	F_TILDE = 1 << 2,     /* a leading ~ of an expandable chunk is expanded */
	F_QUOTE = 1 << 3,     /* each object's value is quoted as one word of the target shell */
	F_ALL = F_OBJECTS | F_REFS | F_TILDE
};

static int name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int name_char(int c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* Parses the inside of {...} into fields; returns the count or -1 with err set. */
static int parse_fields(const char *expr, size_t len, struct rt_rex_field **out, size_t *cap,
			struct rt_error *err)
{
	size_t i = 0, n = 0;
	if (!len)
		return rt_error(err, "empty '{}': positional fields are not supported "
				"(write '{{}}' for literal braces)");
	if (expr[0] >= '0' && expr[0] <= '9')
		return rt_error(err, "positional field '{%.*s}' is not supported "
				"(write '{{' and '}}' for literal braces)", (int)len, expr);
	if (!name_start((unsigned char)expr[0]))
		goto bad;
	while (i < len) {
		struct rt_rex_field *f;
		int idx = 0;
		size_t start;
		if (n) {
			if (expr[i] == '.') {
				i++;
			} else if (expr[i] == '[') {
				idx = 1;
				i++;
			} else if (expr[i] == ':' || expr[i] == '!') {
				return rt_error(err, "format specs and conversions are not supported in "
						"'{%.*s}'", (int)len, expr);
			} else {
				goto bad;
			}
		}
		start = i;
		if (idx) {
			while (i < len && expr[i] != ']')
				i++;
			if (i == len || i == start)
				goto bad;
		} else {
			if (i == len || !name_start((unsigned char)expr[i]))
				goto bad;
			while (i < len && name_char((unsigned char)expr[i]))
				i++;
		}
		*out = rt_xgrow(*out, sizeof(**out), n + 1, cap);
		f = &(*out)[n++];
		f->name = expr + start;
		f->len = i - start;
		f->is_index = idx;
		f->is_number = idx;
		for (size_t j = start; idx && j < i; j++)
			if (expr[j] < '0' || expr[j] > '9')
				f->is_number = 0;
		if (idx)
			i++;   /* the ']' */
	}
	return (int)n;
bad:
	return rt_error(err, "invalid object reference '{%.*s}'", (int)len, expr);
}

/* The shell whose quoting an alias body gets: the target, or sh when there is none (a
 * context printed rather than sourced). */
static const char *shell_or_sh(const char *name)
{
	for (const char *const *p = rt_shell_names(); name && *p; p++)
		if (rt_streq(*p, name))
			return name;
	return "sh";
}

static int lookup_object(struct rt_rex *rx, const char *expr, size_t len, unsigned flags,
			 struct rt_vstr *c, struct rt_error *err)
{
	struct rt_rex_field *fields = NULL;
	size_t cap = 0;
	struct rt_buf val = RT_BUF_INIT;
	char *e = rt_xmemdupz(expr, len);
	int n = parse_fields(e, len, &fields, &cap, err), ret = -1;
	if (n < 0)
		goto out;
	if (!rx->lookup) {
		rt_error(err, "unknown key '{%s}'", e);
		goto out;
	}
	if (rx->lookup(rx->lookup_ud, e, fields, (size_t)n, &val, err))
		goto out;
	if (flags & F_QUOTE) {
		/* Shell code (an alias body): a value such as a repository path with `;` or `'`
		 * in it must stay one word, never become code. Safe values stay bare. */
		const struct rt_shell *sh = rt_shell_find(shell_or_sh(rx->shell), err);
		struct rt_buf q = RT_BUF_INIT;
		if (!sh || sh->quote_arg(val.buf, val.len, &q, err)) {
			rt_buf_release(&q);
			goto out;
		}
		rt_vstr_add_text(c, q.buf, q.len);
		rt_buf_release(&q);
	} else {
		rt_vstr_add_text(c, val.buf, val.len);
	}
	ret = 0;
out:
	rt_buf_release(&val);
	free(fields);
	free(e);
	return ret;
}

/* One expandable chunk. */
static int scan_chunk(struct rt_rex *rx, const char *s, size_t len, unsigned flags,
		      struct rt_vstr *c, struct rt_error *err)
{
	size_t i = 0, run = 0;
#define FLUSH() do { rt_vstr_add_text(c, s + run, i - run); } while (0)
	while (i < len) {
		char ch = s[i];
		if ((flags & F_OBJECTS) && ch == '{') {
			size_t j;
			FLUSH();
			if (i + 1 < len && s[i + 1] == '{') {
				rt_vstr_add_text(c, "{", 1);
				run = i += 2;
				continue;
			}
			for (j = i + 1; j < len && s[j] != '}'; j++)
				if (s[j] == '{')
					return rt_error(err, "unexpected '{' inside '%.*s' "
							"(write '{{' and '}}' for literal braces)",
							(int)(j - i + 1), s + i);
			if (j == len)
				return rt_error(err, "unbalanced '{' (write '{{' for a literal brace)");
			if (lookup_object(rx, s + i + 1, j - i - 1, flags, c, err))
				return -1;
			run = i = j + 1;
			continue;
		}
		if ((flags & F_OBJECTS) && ch == '}') {
			FLUSH();
			if (i + 1 < len && s[i + 1] == '}') {
				rt_vstr_add_text(c, "}", 1);
				run = i += 2;
				continue;
			}
			return rt_error(err, "unbalanced '}' (write '}}' for a literal brace)");
		}
		if (ch == '$' && i + 1 < len) {
			size_t k, start;
			int braced = s[i + 1] == '{';
			start = i + 1 + (size_t)braced;
			if (start < len && name_start((unsigned char)s[start])) {
				for (k = start; k < len && name_char((unsigned char)s[k]); k++)
					;
				if (!braced || (k < len && s[k] == '}')) {
					size_t end = k + (size_t)braced;
					if (flags & F_REFS) {
						char *name = rt_xmemdupz(s + start, k - start);
						FLUSH();
						rt_vstr_add_ref(c, name);
						free(name);
						run = end;
					}
					i = end;
					continue;
				}
			}
		}
		i++;
	}
	FLUSH();
#undef FLUSH
	return 0;
}

/* Python's expanduser on a chunk: "~" or "~user" up to the first '/'. */
static void expand_tilde(const struct rt_rex *rx, struct rt_vstr *c)
{
	struct rt_part *p;
	const char *slash, *end, *home = NULL;
	struct rt_buf nt = RT_BUF_INIT;
	struct passwd pw, *res = NULL;
	char pwbuf[4096];
	size_t hlen;
	if (!c->n || c->parts[0].kind != RT_PART_TEXT || c->parts[0].text[0] != '~')
		return;
	p = &c->parts[0];
	slash = memchr(p->text, '/', p->len);
	end = slash ? slash : (c->n == 1 ? p->text + p->len : NULL);
	if (!end)
		return;
	if (end == p->text + 1) {
		home = rx->home;
	} else {
		char *user = rt_xmemdupz(p->text + 1, (size_t)(end - p->text - 1));
		if (getpwnam_r(user, &pw, pwbuf, sizeof(pwbuf), &res) == 0 && res)
			home = res->pw_dir;
		free(user);
	}
	if (!home)
		return;
	hlen = strlen(home);
	while (hlen && home[hlen - 1] == '/')
		hlen--;
	rt_buf_add(&nt, home, hlen);
	rt_buf_add(&nt, end, (size_t)(p->text + p->len - end));
	if (!nt.len)
		rt_buf_addch(&nt, '/');
	free(p->text);
	p->text = rt_buf_detach(&nt, &p->len);
}

/* Formats an escaped string into a value string; `subject` names it in error messages. */
static int format_estr(struct rt_rex *rx, const struct rt_estr *in, unsigned flags, int pathed,
		       const char *what, const char *subject, struct rt_vstr *out,
		       struct rt_error *err)
{
	struct rt_vstr c = RT_VSTR_INIT;
	struct rt_buf tmp = RT_BUF_INIT;
	for (size_t i = 0; i < in->n; i++) {
		const struct rt_estr_chunk *ch = &in->v[i];
		if (check_text(ch->text, ch->len, what, subject, err))
			goto fail;
		if (ch->literal) {
			rt_vstr_add_text(out, ch->text, ch->len);
			continue;
		}
		if (scan_chunk(rx, ch->text, ch->len, flags, &c, err)) {
			struct rt_buf text = RT_BUF_INIT;
			rt_estr_text(in, &text);
			rt_error(err, "%s in %s%s%s%s: '%s'", rt_error_msg(err), what,
				 subject ? " '" : "", subject ? subject : "", subject ? "'" : "", text.buf);
			rt_buf_release(&text);
			goto fail;
		}
		if (flags & F_TILDE)
			expand_tilde(rx, &c);
		for (size_t j = 0; j < c.n; j++) {
			struct rt_part *p = &c.parts[j];
			if (p->kind == RT_PART_REF) {
				rt_vstr_add_ref(out, p->text);
				continue;
			}
			if (check_text(p->text, p->len, what, subject, err))
				goto fail;
			if (pathed) {
				rt_buf_reset(&tmp);
				normalize_paths(rx, p->text, p->len, &tmp);
				rt_vstr_add_text(out, tmp.buf, tmp.len);
			} else {
				rt_vstr_add_text(out, p->text, p->len);
			}
		}
		rt_vstr_release(&c);
	}
	rt_buf_release(&tmp);
	return 0;
fail:
	rt_vstr_release(&c);
	rt_buf_release(&tmp);
	return -1;
}

/* References replaced by their current values (unknown ones written back as ${NAME}). */
static void expand_vstr(const struct rt_rex *rx, const struct rt_vstr *v, struct rt_buf *out)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct rt_part *p = &v->parts[i];
		const char *val;
		if (p->kind == RT_PART_TEXT) {
			rt_buf_add(out, p->text, p->len);
		} else if ((val = env_value(rx, p->text))) {
			rt_buf_adds(out, val);
		} else {
			rt_buf_addf(out, "${%s}", p->text);
		}
	}
}

/* A variable name: formatted and expanded to plain text, then checked. */
static int format_key(struct rt_rex *rx, const char *key, struct rt_buf *out,
		      struct rt_error *err)
{
	struct rt_estr e = RT_ESTR_INIT;
	struct rt_vstr v = RT_VSTR_INIT;
	int ret = -1;
	if (!strpbrk(key, "{}$~")) {
		/* Nothing to format or expand (the common case: a plain name). */
		rt_buf_adds(out, key);
	} else {
		rt_estr_adds(&e, 0, key);
		if (format_estr(rx, &e, F_ALL, 0, "variable name", key, &v, err))
			goto out;
		expand_vstr(rx, &v, out);
	}
	if (!out->len)
		rt_error(err, "empty environment variable name '%s'", key);
	else if (strchr(out->buf, '='))
		rt_error(err, "invalid environment variable name '%s' (contains '=')", out->buf);
	else if (check_text(out->buf, out->len, "variable name", key, err) == 0)
		ret = 0;
out:
	rt_estr_release(&e);
	rt_vstr_release(&v);
	return ret;
}

/* The spelling a variable is recorded under: as tracked, else as inherited, else as given. */
static char *canonical_name(const struct rt_rex *rx, const char *name)
{
	const struct envvar *v;
	if (!rx->ci)
		return rt_xstrdup(name);
	v = env_find(rx, &rx->tracked, name);
	if (!v)
		v = env_find(rx, &rx->parent, name);
	return rt_xstrdup(v ? v->name : name);
}

static void vstr_move(struct rt_vstr *dst, struct rt_vstr *src)
{
	*dst = *src;
	src->parts = NULL;
	src->n = src->cap = 0;
}

/* ------------------------------------------------------------------------------------------
 * Operations
 */

static int set_common(struct rt_rex *rx, const char *key, const struct rt_estr *value,
		      enum rt_action_kind kind, struct rt_error *err)
{
	struct rt_buf k = RT_BUF_INIT, exp = RT_BUF_INIT;
	struct rt_vstr v = RT_VSTR_INIT;
	struct rt_action *act;
	struct envvar *var;
	char *name = NULL;
	int ret = -1;
	if (format_key(rx, key, &k, err))
		goto out;
	name = canonical_name(rx, k.buf);
	var = env_find(rx, &rx->tracked, name);
	if (kind == RT_ACT_SETENV && rx->package && var && var->setter &&
	    !rt_streq(var->setter, rx->package) && !is_resetting_var(rx, name)) {
		rt_error(err, "package '%s' sets '%s', which package '%s' already set "
			 "(use resetenv(), or list '%s' in resetting_variables)",
			 rx->package, name, var->setter, name);
		goto out;
	}
	if (format_estr(rx, value, F_ALL, is_pathed(rx, name), "value of", name, &v, err))
		goto out;
	expand_vstr(rx, &v, &exp);
	act = rt_actions_add(&rx->actions, kind);
	act->key = rt_xstrdup(name);
	vstr_move(&act->value, &v);
	act->expanded = rt_xstrdup(exp.buf);
	if (var) {
		free(var->value);
		var->value = rt_xstrdup(exp.buf);
	} else {
		var = env_add(rx, &rx->tracked, name, exp.buf);
	}
	free(var->setter);
	var->setter = rx->package ? rt_xstrdup(rx->package) : NULL;
	ret = 0;
out:
	free(name);
	rt_buf_release(&k);
	rt_buf_release(&exp);
	rt_vstr_release(&v);
	return ret;
}

int rt_rex_setenv(struct rt_rex *rx, const char *key, const struct rt_estr *value,
		  struct rt_error *err)
{
	return set_common(rx, key, value, RT_ACT_SETENV, err);
}

int rt_rex_resetenv(struct rt_rex *rx, const char *key, const struct rt_estr *value,
		    struct rt_error *err)
{
	return set_common(rx, key, value, RT_ACT_RESETENV, err);
}

int rt_rex_setenv_text(struct rt_rex *rx, const char *key, const char *value, int literal,
		       struct rt_error *err)
{
	struct rt_estr e = RT_ESTR_INIT;
	int ret;
	rt_estr_adds(&e, literal, value);
	ret = rt_rex_setenv(rx, key, &e, err);
	rt_estr_release(&e);
	return ret;
}

int rt_rex_unsetenv(struct rt_rex *rx, const char *key, struct rt_error *err)
{
	struct rt_buf k = RT_BUF_INIT;
	struct envvar *var;
	char *name;
	if (format_key(rx, key, &k, err)) {
		rt_buf_release(&k);
		return -1;
	}
	name = canonical_name(rx, k.buf);
	rt_actions_add(&rx->actions, RT_ACT_UNSETENV)->key = name;
	/* Only the tracked value goes: the parent's stays visible to getenv (as in Rez). */
	if ((var = env_find(rx, &rx->tracked, name)))
		env_remove(&rx->tracked, var);
	rt_buf_release(&k);
	return 0;
}

static int pend(struct rt_rex *rx, const char *key, const struct rt_estr *value, int append,
		struct rt_error *err)
{
	struct rt_buf k = RT_BUF_INIT, exp = RT_BUF_INIT, full = RT_BUF_INIT;
	struct rt_vstr v = RT_VSTR_INIT;
	struct rt_action *act;
	struct envvar *var;
	char *name = NULL;
	int guard = 0, ret = -1;
	if (format_key(rx, key, &k, err))
		goto out;
	name = canonical_name(rx, k.buf);
	if (format_estr(rx, value, F_ALL, is_pathed(rx, name), "value of", name, &v, err))
		goto out;
	expand_vstr(rx, &v, &exp);
	var = env_find(rx, &rx->tracked, name);
	if (!var && is_parent_var(rx, name)) {
		/* A parent variable starts from its inherited value (or ""), and the shell may
		 * not have it set yet. */
		const struct envvar *pv = env_find(rx, &rx->parent, name);
		var = env_add(rx, &rx->tracked, name, pv ? pv->value : "");
		guard = 1;
	}
	if (var) {
		const char *sep = separator(rx, name);
		/* Plain appends: a long PATH through vsnprintf twice per prepend was a hot spot. */
		rt_buf_adds(&full, append ? var->value : exp.buf);
		rt_buf_adds(&full, sep);
		rt_buf_adds(&full, append ? exp.buf : var->value);
		act = rt_actions_add(&rx->actions, append ? RT_ACT_APPENDENV : RT_ACT_PREPENDENV);
		act->sep = rt_xstrdup(sep);
		act->guard = guard;
		free(var->value);
		var->value = rt_xstrdup(full.buf);
	} else {
		/* First reference in this context: replaces the inherited value. */
		act = rt_actions_add(&rx->actions, RT_ACT_SETENV);
		rt_buf_addbuf(&full, &exp);
		env_add(rx, &rx->tracked, name, exp.buf);
	}
	act->key = rt_xstrdup(name);
	vstr_move(&act->value, &v);
	act->expanded = rt_xstrdup(full.buf);
	ret = 0;
out:
	free(name);
	rt_buf_release(&k);
	rt_buf_release(&exp);
	rt_buf_release(&full);
	rt_vstr_release(&v);
	return ret;
}

int rt_rex_appendenv(struct rt_rex *rx, const char *key, const struct rt_estr *value,
		     struct rt_error *err)
{
	return pend(rx, key, value, 1, err);
}

int rt_rex_prependenv(struct rt_rex *rx, const char *key, const struct rt_estr *value,
		      struct rt_error *err)
{
	return pend(rx, key, value, 0, err);
}

/* alias and comment are shell code / plain text: objects are expanded (in shell code, each
 * quoted as one word: `quote`), $NAME is kept as typed, literal chunks are kept. */
static int format_text(struct rt_rex *rx, const struct rt_estr *in, int quote, const char *what,
		       const char *subject, struct rt_buf *out, struct rt_error *err)
{
	struct rt_vstr v = RT_VSTR_INIT;
	if (format_estr(rx, in, F_OBJECTS | (quote ? F_QUOTE : 0), 0, what, subject, &v, err)) {
		rt_vstr_release(&v);
		return -1;
	}
	rt_vstr_render(&v, out);   /* no REF parts: plain concatenation */
	rt_vstr_release(&v);
	return 0;
}

int rt_rex_alias(struct rt_rex *rx, const char *name, const struct rt_estr *value,
		 struct rt_error *err)
{
	struct rt_estr e = RT_ESTR_INIT;
	struct rt_buf n = RT_BUF_INIT, body = RT_BUF_INIT;
	struct rt_action *act;
	int ret = -1;
	rt_estr_adds(&e, 0, name);
	if (format_text(rx, &e, 0, "alias name", name, &n, err) ||
	    format_text(rx, value, 1, "body of alias", name, &body, err))
		goto out;
	if (!n.len) {
		rt_error(err, "empty alias name");
		goto out;
	}
	act = rt_actions_add(&rx->actions, RT_ACT_ALIAS);
	act->key = rt_buf_detach(&n, NULL);
	act->text = rt_buf_detach(&body, NULL);
	ret = 0;
out:
	rt_estr_release(&e);
	rt_buf_release(&n);
	rt_buf_release(&body);
	return ret;
}

static int message(struct rt_rex *rx, enum rt_action_kind kind, const char *what,
		   const struct rt_estr *value, struct rt_error *err)
{
	struct rt_vstr v = RT_VSTR_INIT;
	if (format_estr(rx, value, F_ALL, 0, what, NULL, &v, err)) {
		rt_vstr_release(&v);
		return -1;
	}
	vstr_move(&rt_actions_add(&rx->actions, kind)->value, &v);
	return 0;
}

int rt_rex_info(struct rt_rex *rx, const struct rt_estr *value, struct rt_error *err)
{
	return message(rx, RT_ACT_INFO, "info message", value, err);
}

int rt_rex_error(struct rt_rex *rx, const struct rt_estr *value, struct rt_error *err)
{
	return message(rx, RT_ACT_ERROR, "error message", value, err);
}

int rt_rex_source(struct rt_rex *rx, const struct rt_estr *value, struct rt_error *err)
{
	return message(rx, RT_ACT_SOURCE, "source path", value, err);
}

int rt_rex_comment(struct rt_rex *rx, const struct rt_estr *value, struct rt_error *err)
{
	struct rt_buf t = RT_BUF_INIT;
	if (format_text(rx, value, 0, "comment", NULL, &t, err)) {
		rt_buf_release(&t);
		return -1;
	}
	rt_actions_add(&rx->actions, RT_ACT_COMMENT)->text = rt_buf_detach(&t, NULL);
	return 0;
}

int rt_rex_command(struct rt_rex *rx, const char *text, struct rt_error *err)
{
	if (check_text(text, strlen(text), "command", text, err))
		return -1;
	rt_actions_add(&rx->actions, RT_ACT_COMMAND)->text = rt_xstrdup(text);
	return 0;
}

int rt_rex_command_argv(struct rt_rex *rx, const char *const *argv, size_t argc,
			struct rt_error *err)
{
	struct rt_action *act;
	if (!argc)
		return rt_error(err, "command() needs at least one word");
	for (size_t i = 0; i < argc; i++)
		if (check_text(argv[i], strlen(argv[i]), "command word", argv[i], err))
			return -1;
	act = rt_actions_add(&rx->actions, RT_ACT_COMMAND);
	act->argv = rt_xmalloc(rt_st_mult(argc, sizeof(*act->argv)));
	for (size_t i = 0; i < argc; i++)
		act->argv[i] = rt_xstrdup(argv[i]);
	act->argc = argc;
	return 0;
}

void rt_rex_shebang(struct rt_rex *rx)
{
	rt_actions_add(&rx->actions, RT_ACT_SHEBANG);
}

static void add_comment(struct rt_rex *rx, const char *text)
{
	rt_actions_add(&rx->actions, RT_ACT_COMMENT)->text = rt_xstrdup(text);
}

void rt_rex_header(struct rt_rex *rx, const char *title, int major)
{
	char line[81];
	memset(line, major ? '#' : '-', 80);
	line[80] = '\0';
	add_comment(rx, "");
	if (major) {
		add_comment(rx, "");
		add_comment(rx, line);
	}
	add_comment(rx, title);
	add_comment(rx, line);
}

int rt_rex_append_system_paths(struct rt_rex *rx, const char *const *paths, size_t n,
			       struct rt_error *err)
{
	for (size_t i = 0; i < n; i++) {
		struct rt_estr e = RT_ESTR_INIT;
		struct rt_buf norm = RT_BUF_INIT;
		int ret;
		/* literal (no expansion), but in the shell's path style like every other PATH entry */
		rt_rex_normalize_path(rx, paths[i], &norm);
		rt_estr_adds(&e, 1, norm.buf);
		ret = rt_rex_appendenv(rx, "PATH", &e, err);
		rt_estr_release(&e);
		rt_buf_release(&norm);
		if (ret)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------
 * Queries
 */

int rt_rex_getenv(struct rt_rex *rx, const char *key, const char **value, struct rt_error *err)
{
	struct rt_buf k = RT_BUF_INIT;
	int ret;
	if (format_key(rx, key, &k, err)) {
		rt_buf_release(&k);
		return -1;
	}
	*value = env_value(rx, k.buf);
	ret = *value ? 0 : 1;
	if (ret)
		rt_error(err, "referenced undefined environment variable '%s'", k.buf);
	rt_buf_release(&k);
	return ret;
}

int rt_rex_defined(struct rt_rex *rx, const char *key, struct rt_error *err)
{
	struct rt_buf k = RT_BUF_INIT;
	int ret = -1;
	if (!format_key(rx, key, &k, err))
		ret = env_value(rx, k.buf) != NULL;
	rt_buf_release(&k);
	return ret;
}

int rt_rex_expandvars(struct rt_rex *rx, const struct rt_estr *value, int do_format,
		      struct rt_buf *out, struct rt_error *err)
{
	struct rt_vstr v = RT_VSTR_INIT;
	unsigned flags = do_format ? F_ALL : (F_REFS | F_TILDE);
	if (format_estr(rx, value, flags, 0, "argument of expandvars()", NULL, &v, err)) {
		rt_vstr_release(&v);
		return -1;
	}
	expand_vstr(rx, &v, out);
	rt_vstr_release(&v);
	return 0;
}

const struct rt_actions *rt_rex_actions(const struct rt_rex *rx)
{
	return &rx->actions;
}

void rt_rex_take_actions(struct rt_rex *rx, struct rt_actions *dst)
{
	if (dst->n)
		RT_BUG("rt_rex_take_actions: destination is not empty");
	rt_actions_release(dst);
	*dst = rx->actions;
	rx->actions.v = NULL;
	rx->actions.n = rx->actions.cap = 0;
}

size_t rt_rex_tracked_count(const struct rt_rex *rx)
{
	return rx->tracked.n;
}

void rt_rex_tracked_at(const struct rt_rex *rx, size_t i, const char **name, const char **value)
{
	*name = rx->tracked.v[i].name;
	*value = rx->tracked.v[i].value;
}

const char *rt_rex_tracked(const struct rt_rex *rx, const char *name)
{
	const struct envvar *v = env_find(rx, &rx->tracked, name);
	return v ? v->value : NULL;
}
