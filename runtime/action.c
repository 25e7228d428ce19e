/* action.c - action lists and value strings (see action.h). */
#include "runtime/action.h"
#include "runtime/buf.h"

static struct rt_part *push_part(struct rt_vstr *v)
{
	v->parts = rt_xgrow(v->parts, sizeof(*v->parts), v->n + 1, &v->cap);
	return &v->parts[v->n++];
}

void rt_vstr_add_text(struct rt_vstr *v, const char *s, size_t len)
{
	struct rt_part *p;
	if (!len)
		return;
	if (v->n && v->parts[v->n - 1].kind == RT_PART_TEXT) {
		p = &v->parts[v->n - 1];
		p->text = rt_xrealloc(p->text, rt_st_add(rt_st_add(p->len, len), 1));
		memcpy(p->text + p->len, s, len);
		p->len += len;
		p->text[p->len] = '\0';
		return;
	}
	p = push_part(v);
	p->kind = RT_PART_TEXT;
	p->text = rt_xmemdupz(s, len);
	p->len = len;
}

void rt_vstr_add_ref(struct rt_vstr *v, const char *name)
{
	struct rt_part *p = push_part(v);
	p->kind = RT_PART_REF;
	p->text = rt_xstrdup(name);
	p->len = strlen(name);
}

void rt_vstr_append(struct rt_vstr *dst, const struct rt_vstr *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (src->parts[i].kind == RT_PART_TEXT)
			rt_vstr_add_text(dst, src->parts[i].text, src->parts[i].len);
		else
			rt_vstr_add_ref(dst, src->parts[i].text);
	}
}

void rt_vstr_copy(struct rt_vstr *dst, const struct rt_vstr *src)
{
	rt_vstr_append(dst, src);
}

void rt_vstr_release(struct rt_vstr *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->parts[i].text);
	free(v->parts);
	v->parts = NULL;
	v->n = v->cap = 0;
}

int rt_vstr_has_refs(const struct rt_vstr *v)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->parts[i].kind == RT_PART_REF)
			return 1;
	return 0;
}

void rt_vstr_render(const struct rt_vstr *v, struct rt_buf *out)
{
	for (size_t i = 0; i < v->n; i++) {
		if (v->parts[i].kind == RT_PART_TEXT)
			rt_buf_add(out, v->parts[i].text, v->parts[i].len);
		else
			rt_buf_addf(out, "${%s}", v->parts[i].text);
	}
}

struct rt_action *rt_actions_add(struct rt_actions *a, enum rt_action_kind kind)
{
	struct rt_action *act;
	a->v = rt_xgrow(a->v, sizeof(*a->v), a->n + 1, &a->cap);
	act = &a->v[a->n++];
	memset(act, 0, sizeof(*act));
	act->kind = kind;
	return act;
}

void rt_action_release(struct rt_action *act)
{
	free(act->key);
	rt_vstr_release(&act->value);
	free(act->text);
	free(act->expanded);
	free(act->sep);
	free(act->where);
	for (size_t i = 0; i < act->argc; i++)
		free(act->argv[i]);
	free(act->argv);
	memset(act, 0, sizeof(*act));
}

void rt_actions_release(struct rt_actions *a)
{
	for (size_t i = 0; i < a->n; i++)
		rt_action_release(&a->v[i]);
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

const char *rt_action_kind_name(enum rt_action_kind kind)
{
	static const char *const names[] = {
		"setenv", "unsetenv", "resetenv", "prependenv", "appendenv", "alias",
		"info", "error", "command", "comment", "source", "shebang"
	};
	return (unsigned)kind < RT_ARRAY_LEN(names) ? names[kind] : "?";
}

static void describe_quoted(struct rt_buf *out, const char *s, size_t len)
{
	rt_buf_addch(out, '\'');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			rt_buf_addch(out, '\\');
		if (s[i] == '\n')
			rt_buf_adds(out, "\\n");
		else
			rt_buf_addch(out, s[i]);
	}
	rt_buf_addch(out, '\'');
}

void rt_actions_describe(const struct rt_actions *a, struct rt_buf *out)
{
	struct rt_buf tmp = RT_BUF_INIT;
	for (size_t i = 0; i < a->n; i++) {
		const struct rt_action *act = &a->v[i];
		rt_buf_adds(out, rt_action_kind_name(act->kind));
		if (act->key)
			rt_buf_addf(out, " %s", act->key);
		if (act->value.n) {
			rt_buf_reset(&tmp);
			rt_vstr_render(&act->value, &tmp);
			rt_buf_addch(out, ' ');
			describe_quoted(out, tmp.buf, tmp.len);
		}
		if (act->text) {
			rt_buf_addch(out, ' ');
			describe_quoted(out, act->text, strlen(act->text));
		}
		for (size_t j = 0; j < act->argc; j++) {
			rt_buf_addch(out, ' ');
			describe_quoted(out, act->argv[j], strlen(act->argv[j]));
		}
		rt_buf_addch(out, '\n');
	}
	rt_buf_release(&tmp);
}
