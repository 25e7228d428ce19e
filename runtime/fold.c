/* fold.c - the folded script layout (see fold.h). */
#include "runtime/fold.h"
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/shell.h"

/* Variables a shell reacts to as soon as they are assigned (the locale changes how the rest
 * of the script is read; bash enters POSIX mode) or whose reads differ from what was written
 * (RANDOM, SECONDS, ...). Changes of these are never moved or merged. Compared as written
 * and, for the case-insensitive shells, case-folded. */
static const char *const special_vars[] = {
	"LANG", "LC_ALL", "LC_CTYPE", "LC_COLLATE", "LC_MESSAGES", "LC_NUMERIC",
	"POSIXLY_CORRECT", "RANDOM", "SRANDOM", "SECONDS", "LINENO", "EPOCHSECONDS",
	"EPOCHREALTIME", "BASHPID", "HISTCMD", "HISTCHARS", "IFS"
};

struct var {
	char *key;              /* the name as compared (case-folded for nocase) */
	int special;
	/* pending group */
	int pending, unset, guard;
	struct rt_vstr val;     /* the value, in terms of the values where it will be written */
	size_t first, count, text, last;
	/* backward pass: the nearest later event of this variable */
	size_t next_pos;
	int next_mod;
};

struct fold {
	const struct rt_actions *in;
	const struct rt_fold_opts *o;
	struct rt_folded *out;
	struct var *vars;
	size_t nvars, vcap;
	size_t *slots, nslots;     /* open addressing: var index + 1, 0 empty */
	size_t *pending;           /* pending var indexes, in the order they became pending */
	size_t npending, pcap;
	struct rt_buf tmp;
};

/* ---- the variable table ---- */

static void canon(struct fold *f, const char *name)
{
	rt_buf_reset(&f->tmp);
	if (!f->o->nocase || rt_shell_fold_name(name, &f->tmp) < 0) {
		rt_buf_reset(&f->tmp);
		rt_buf_adds(&f->tmp, name);
	}
}

static void reindex(struct fold *f)
{
	size_t want = 64;
	while (want < f->nvars * 2 + 2)
		want *= 2;
	free(f->slots);
	f->slots = rt_xcalloc(want, sizeof(*f->slots));
	f->nslots = want;
	for (size_t i = 0; i < f->nvars; i++) {
		size_t h = (size_t)rt_fnv1a(f->vars[i].key, strlen(f->vars[i].key), RT_FNV1A_INIT) & (want - 1);
		while (f->slots[h])
			h = (h + 1) & (want - 1);
		f->slots[h] = i + 1;
	}
}

static int is_special(const char *key, int nocase)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(special_vars); i++)
		if (nocase ? strcasecmp(key, special_vars[i]) == 0 : rt_streq(key, special_vars[i]))
			return 1;
	return 0;
}

static size_t var_id(struct fold *f, const char *name)
{
	size_t h;
	canon(f, name);
	if (f->nslots < f->nvars * 2 + 2)
		reindex(f);
	h = (size_t)rt_fnv1a(f->tmp.buf, f->tmp.len, RT_FNV1A_INIT) & (f->nslots - 1);
	for (; f->slots[h]; h = (h + 1) & (f->nslots - 1))
		if (rt_streq(f->vars[f->slots[h] - 1].key, f->tmp.buf))
			return f->slots[h] - 1;
	f->vars = rt_xgrow(f->vars, sizeof(*f->vars), f->nvars + 1, &f->vcap);
	memset(&f->vars[f->nvars], 0, sizeof(f->vars[0]));
	f->vars[f->nvars].key = rt_xstrdup(f->tmp.buf);
	f->vars[f->nvars].special = is_special(f->tmp.buf, f->o->nocase);
	f->vars[f->nvars].next_pos = SIZE_MAX;
	f->slots[h] = f->nvars + 1;
	return f->nvars++;
}

/* ---- actions ---- */

static int modifies(enum rt_action_kind k)
{
	return k == RT_ACT_SETENV || k == RT_ACT_RESETENV || k == RT_ACT_UNSETENV ||
	       k == RT_ACT_PREPENDENV || k == RT_ACT_APPENDENV;
}

static int inert(enum rt_action_kind k)
{
	return k == RT_ACT_COMMENT || k == RT_ACT_SHEBANG;
}

static void out_item(struct fold *f, int made, size_t index)
{
	struct rt_folded *o = f->out;
	o->v = rt_xgrow(o->v, sizeof(*o->v), o->n + 1, &o->cap);
	o->v[o->n].made = made;
	o->v[o->n].index = index;
	o->n++;
}

static size_t vstr_text(const struct rt_vstr *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->n; i++)
		if (v->parts[i].kind == RT_PART_TEXT)
			n += v->parts[i].len;
	return n;
}

static int refers_to(struct fold *f, const struct rt_vstr *v, size_t id)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->parts[i].kind == RT_PART_REF && var_id(f, v->parts[i].text) == id)
			return 1;
	return 0;
}

static void copy_parts(struct rt_vstr *out, const struct rt_part *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (p[i].kind == RT_PART_TEXT)
			rt_vstr_add_text(out, p[i].text, p[i].len);
		else
			rt_vstr_add_ref(out, p[i].text);
}

/* Writes var `id`'s pending group, after every pending value that refers to its current
 * value (those must read it before it changes; they never refer back: see fold.h). */
static void flush(struct fold *f, size_t id)
{
	struct var *v = &f->vars[id];
	struct rt_action *act;
	const struct rt_action *orig;
	if (!v->pending)
		return;
	v->pending = 0;    /* so that a reference cycle could not recurse (there is none) */
	for (size_t k = 0; k < f->npending; k++) {
		size_t y = f->pending[k];
		if (y != id && f->vars[y].pending && refers_to(f, &f->vars[y].val, id)) {
			flush(f, y);
			k = (size_t)-1;    /* the list changed: scan it again */
		}
	}
	v = &f->vars[id];
	orig = &f->in->v[v->first];
	if (v->count == 1) {
		out_item(f, 0, v->first);
	} else {
		size_t n = v->val.n, nrefs = 0;
		const struct rt_part *p = v->val.parts;
		for (size_t i = 0; i < n; i++)
			if (p[i].kind == RT_PART_REF && var_id(f, p[i].text) == id)
				nrefs++;
		if (!f->out->made) {
			f->out->made = rt_xcalloc(1, sizeof(*f->out->made));
		}
		act = rt_actions_add(f->out->made, RT_ACT_SETENV);
		act->key = rt_xstrdup(orig->key);
		if (f->in->v[v->last].expanded)
			act->expanded = rt_xstrdup(f->in->v[v->last].expanded);
		if (v->unset) {
			act->kind = RT_ACT_UNSETENV;
		} else if (nrefs == 1 && n >= 2 && p[0].kind == RT_PART_REF &&
			   var_id(f, p[0].text) == id) {
			/* ${V} + text: an append, so csh can guard a V that may be unset */
			act->kind = RT_ACT_APPENDENV;
			copy_parts(&act->value, p, 1, n);
			act->sep = rt_xstrdup("");
			act->guard = v->guard;
		} else if (nrefs == 1 && n >= 2 && p[n - 1].kind == RT_PART_REF &&
			   var_id(f, p[n - 1].text) == id) {
			act->kind = RT_ACT_PREPENDENV;
			copy_parts(&act->value, p, 0, n - 1);
			act->sep = rt_xstrdup("");
			act->guard = v->guard;
		} else {
			rt_vstr_copy(&act->value, &v->val);
		}
		out_item(f, 1, f->out->made->n - 1);
	}
	rt_vstr_release(&v->val);
	v->unset = 0;
	for (size_t k = 0; k < f->npending; k++)
		if (f->pending[k] == id) {
			memmove(&f->pending[k], &f->pending[k + 1], (f->npending - k - 1) * sizeof(size_t));
			f->npending--;
			break;
		}
}

static void flush_all(struct fold *f)
{
	while (f->npending)
		flush(f, f->pending[0]);
}

/* The new value of act's variable (id), in terms of the values where it will be written:
 * a reference to the variable itself is replaced by its pending value. */
static void new_value(struct fold *f, const struct rt_action *act, size_t id, struct rt_vstr *out)
{
	struct var *v = &f->vars[id];
	struct rt_vstr whole = RT_VSTR_INIT;
	const struct rt_vstr *src = &act->value;
	if (act->kind == RT_ACT_PREPENDENV || act->kind == RT_ACT_APPENDENV) {
		const char *sep = act->sep ? act->sep : "";
		if (act->kind == RT_ACT_APPENDENV) {
			rt_vstr_add_ref(&whole, act->key);
			rt_vstr_add_text(&whole, sep, strlen(sep));
			rt_vstr_append(&whole, &act->value);
		} else {
			rt_vstr_append(&whole, &act->value);
			rt_vstr_add_text(&whole, sep, strlen(sep));
			rt_vstr_add_ref(&whole, act->key);
		}
		src = &whole;
	}
	for (size_t i = 0; i < src->n; i++) {
		const struct rt_part *p = &src->parts[i];
		if (p->kind == RT_PART_TEXT) {
			rt_vstr_add_text(out, p->text, p->len);
		} else if (var_id(f, p->text) != id) {
			rt_vstr_add_ref(out, p->text);
		} else if (v->pending) {
			if (!v->unset)
				rt_vstr_append(out, &v->val);
		} else {
			/* the first reference to the value the group starts from */
			rt_vstr_add_ref(out, p->text);
			if (!v->guard)
				v->guard = act->kind == RT_ACT_PREPENDENV || act->kind == RT_ACT_APPENDENV ?
					   act->guard : 1;
		}
	}
	rt_vstr_release(&whole);
}

void rt_fold_actions(const struct rt_actions *in, const struct rt_fold_opts *o,
		     struct rt_folded *out)
{
	struct fold f;
	size_t n = in->n, next_barrier = SIZE_MAX;
	unsigned char *cont = rt_xcalloc(n + 1, 1);
	size_t *ids = rt_xcalloc(n + 1, sizeof(*ids));

	memset(&f, 0, sizeof(f));
	f.in = in;
	f.o = o;
	f.out = out;
	f.tmp = (struct rt_buf)RT_BUF_INIT;

	/* Backward: does a change continue into a later change of the same variable, with
	 * nothing observing the variable in between? */
	for (size_t i = n; i-- > 0;) {
		const struct rt_action *act = &in->v[i];
		if (inert(act->kind))
			continue;
		if (modifies(act->kind)) {
			struct var *v;
			ids[i] = var_id(&f, act->key);
			v = &f.vars[ids[i]];
			if (v->special) {
				next_barrier = i;
				continue;
			}
			cont[i] = v->next_mod && v->next_pos < next_barrier;
			for (size_t k = 0; k < act->value.n; k++) {
				size_t r;
				if (act->value.parts[k].kind != RT_PART_REF)
					continue;
				r = var_id(&f, act->value.parts[k].text);
				if (r != ids[i]) {
					f.vars[r].next_pos = i;
					f.vars[r].next_mod = 0;
				}
			}
			v = &f.vars[ids[i]];
			v->next_pos = i;
			v->next_mod = 1;
		} else {
			next_barrier = i;
		}
	}

	for (size_t i = 0; i < n; i++) {
		const struct rt_action *act = &in->v[i];
		struct rt_vstr val = RT_VSTR_INIT;
		struct var *v;
		if (inert(act->kind)) {
			out_item(&f, 0, i);
			continue;
		}
		if (!modifies(act->kind) || f.vars[ids[i]].special) {
			flush_all(&f);
			out_item(&f, 0, i);
			continue;
		}
		/* A reference to another pending variable reads its new value: write it first
		 * (the backward pass ended its group already; this keeps the rule local). */
		for (size_t k = 0; k < act->value.n; k++) {
			size_t r;
			if (act->value.parts[k].kind != RT_PART_REF)
				continue;
			r = var_id(&f, act->value.parts[k].text);
			if (r != ids[i] && f.vars[r].pending)
				flush(&f, r);
		}
		v = &f.vars[ids[i]];
		if (v->pending && o->max_text &&
		    v->text + vstr_text(&act->value) + (act->sep ? strlen(act->sep) : 0) > o->max_text)
			flush(&f, ids[i]);
		v = &f.vars[ids[i]];
		if (!v->pending)
			v->guard = 0;
		if (act->kind == RT_ACT_UNSETENV) {
			v->unset = 1;
		} else {
			new_value(&f, act, ids[i], &val);
			v = &f.vars[ids[i]];
			v->unset = 0;
		}
		rt_vstr_release(&v->val);
		v->val = val;
		v->text = vstr_text(&val);
		v->last = i;
		if (!v->pending) {
			v->pending = 1;
			v->first = i;
			v->count = 1;
			f.pending = rt_xgrow(f.pending, sizeof(*f.pending), f.npending + 1, &f.pcap);
			f.pending[f.npending++] = ids[i];
		} else {
			v->count++;
		}
		if (!cont[i])
			flush(&f, ids[i]);
	}
	flush_all(&f);

	for (size_t i = 0; i < f.nvars; i++) {
		free(f.vars[i].key);
		rt_vstr_release(&f.vars[i].val);
	}
	free(f.vars);
	free(f.slots);
	free(f.pending);
	rt_buf_release(&f.tmp);
	free(cont);
	free(ids);
}

const struct rt_action *rt_folded_at(const struct rt_folded *f, const struct rt_actions *in,
				     size_t i)
{
	return f->v[i].made ? &f->made->v[f->v[i].index] : &in->v[f->v[i].index];
}

void rt_folded_release(struct rt_folded *f)
{
	free(f->v);
	if (f->made) {
		rt_actions_release(f->made);
		free(f->made);
	}
	memset(f, 0, sizeof(*f));
}
