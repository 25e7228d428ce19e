/* yaml.c - libyaml events -> rt_value trees with PyYAML's typing, and block-style emitting. */
#include "runtime/yaml.h"
#include "runtime/buf.h"
#include "runtime/value.h"

#include <yaml.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>

#define TAG_STR "tag:yaml.org,2002:str"
#define TAG_INT "tag:yaml.org,2002:int"
#define TAG_FLOAT "tag:yaml.org,2002:float"
#define TAG_BOOL "tag:yaml.org,2002:bool"
#define TAG_NULL "tag:yaml.org,2002:null"
#define TAG_MAP "tag:yaml.org,2002:map"
#define TAG_SEQ "tag:yaml.org,2002:seq"
#define TAG_MODIFY "!modify"
#define MODIFY_KEY "!modify"

/* ---- plain scalar resolution (YAML 1.1 as PyYAML's Resolver) ---- */

static int is_one_of(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == n && memcmp(*words, s, n) == 0)
			return 1;
	return 0;
}

static const char *const true_words[] = {
	"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", NULL
};
static const char *const false_words[] = {
	"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", NULL
};
static const char *const null_words[] = { "~", "null", "Null", "NULL", NULL };

static int digit_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Accumulates digits of `base` (underscores skipped) from p[0..n) into *acc. Returns 0 when
 * every character is a digit or '_' and there is at least one digit, 1 on a bad character,
 * 2 on overflow past `limit`. */
static int accum(const char *p, size_t n, int base, unsigned long long limit,
		 unsigned long long *acc)
{
	int digits = 0;
	for (size_t i = 0; i < n; i++) {
		int d;
		if (p[i] == '_')
			continue;
		d = digit_val((unsigned char)p[i]);
		if (d >= base)
			return 1;
		if (*acc > (limit - (unsigned)d) / (unsigned)base)
			return 2;
		*acc = *acc * (unsigned)base + (unsigned)d;
		digits++;
	}
	return digits ? 0 : 1;
}

/* Matches PyYAML's int regex (plus 0o). Returns 0 = not an int, 1 = int in *out,
 * 2 = looks like an int but does not fit in 64 bits. */
static int match_int(const char *s, size_t n, long long *out)
{
	const char *p = s, *end = s + n;
	int neg = 0, rc;
	unsigned long long acc = 0, limit;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	if (p == end)
		return 0;
	limit = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
	if (end - p > 2 && p[0] == '0' && (p[1] == 'b' || p[1] == 'x' || p[1] == 'o')) {
		int base = p[1] == 'b' ? 2 : p[1] == 'x' ? 16 : 8;
		rc = accum(p + 2, (size_t)(end - p - 2), base, limit, &acc);
	} else if (p[0] == '0') {
		rc = end - p == 1 ? 0 : accum(p + 1, (size_t)(end - p - 1), 8, limit, &acc);
	} else if (p[0] >= '1' && p[0] <= '9') {
		const char *colon = memchr(p, ':', (size_t)(end - p));
		if (!colon) {
			rc = accum(p, (size_t)(end - p), 10, limit, &acc);
		} else {
			/* sexagesimal: [1-9][0-9_]*(:[0-5]?[0-9])+ */
			rc = accum(p, (size_t)(colon - p), 10, limit, &acc);
			p = colon;
			while (rc == 0 && p < end) {
				const char *q = p + 1;
				unsigned long long part = 0;
				size_t len = 0;
				while (q + len < end && q[len] >= '0' && q[len] <= '9')
					len++;
				if (*p != ':' || len == 0 || len > 2 || (len == 2 && q[0] > '5'))
					return 0;
				accum(q, len, 10, 100, &part);
				if (acc > (limit - part) / 60)
					rc = 2;
				else
					acc = acc * 60 + part;
				p = q + len;
			}
		}
	} else {
		return 0;
	}
	if (rc == 1)
		return 0;
	if (rc == 2)
		return 2;
	*out = neg ? (long long)(0 - acc) : (long long)acc;
	if (neg && acc == (unsigned long long)LLONG_MAX + 1)
		*out = LLONG_MIN;
	return 1;
}

static size_t span(const char *p, const char *end, const char *set)
{
	size_t i = 0;
	while (p + i < end && p[i] && strchr(set, p[i]))
		i++;
	return i;
}

/* Matches PyYAML's float regex; returns 1 with *out set, else 0. */
static int match_float(const char *s, size_t n, double *out)
{
	const char *p = s, *end = s + n;
	int neg = 0, sexa = 0;
	struct rt_buf clean = RT_BUF_INIT;
	size_t k;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	if (p == end)
		return 0;
	if (*p == '.') {
		size_t rest = (size_t)(end - p - 1);
		if (rest == 3 && (is_one_of(p + 1, 3, (const char *const[]){ "inf", "Inf", "INF", NULL }))) {
			*out = neg ? -HUGE_VAL : HUGE_VAL;
			return 1;
		}
		if (rest == 3 && p == s && is_one_of(p + 1, 3, (const char *const[]){ "nan", "NaN", "NAN", NULL })) {
			*out = NAN;
			return 1;
		}
		/* \.[0-9_]+([eE][-+][0-9]+)? , without a sign in PyYAML */
		if (p != s)
			return 0;
		k = span(p + 1, end, "0123456789_");
		if (k == 0)
			return 0;
		p += 1 + k;
	} else {
		if (*p < '0' || *p > '9')
			return 0;
		p += span(p, end, "0123456789_");
		while (p < end && *p == ':') {
			k = span(p + 1, end, "0123456789");
			if (k == 0 || k > 2 || (k == 2 && p[1] > '5'))
				return 0;
			sexa = 1;
			p += 1 + k;
		}
		if (p == end || *p != '.')
			return 0;
		p++;
		p += span(p, end, "0123456789_");
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		if (sexa || end - p < 3 || (p[1] != '-' && p[1] != '+'))
			return 0;
		k = span(p + 2, end, "0123456789");
		if (k == 0)
			return 0;
		p += 2 + k;
	}
	if (p != end)
		return 0;

	for (const char *q = s; q < end; q++)
		if (*q != '_')
			rt_buf_addch(&clean, *q);
	if (sexa) {
		/* a:b:c.d = ((a*60)+b)*60 + c.d */
		double acc = 0;
		char *q = clean.buf + (clean.buf[0] == '-' || clean.buf[0] == '+');
		for (;;) {
			char *colon = strchr(q, ':');
			if (!colon) {
				acc = acc * 60 + strtod(q, NULL);
				break;
			}
			*colon = '\0';
			acc = acc * 60 + strtod(q, NULL);
			q = colon + 1;
		}
		*out = neg ? -acc : acc;
	} else {
		*out = strtod(clean.buf, NULL);
	}
	rt_buf_release(&clean);
	return 1;
}

int rt_yaml_plain_is_special(const char *s, size_t len)
{
	long long i;
	double f;
	if (len == 0 || is_one_of(s, len, null_words) || is_one_of(s, len, true_words) ||
	    is_one_of(s, len, false_words))
		return 1;
	if (len == 2 && memcmp(s, "<<", 2) == 0)
		return 1;
	return match_int(s, len, &i) != 0 || match_float(s, len, &f);
}

/* ---- the event-driven builder ---- */

struct anchor {
	char *name;
	/* A copy the anchor owns, made when the node is complete: the node itself may be
	 * consumed or freed afterwards (a scalar used as a mapping key, a map merged with <<). */
	struct rt_value *node;
	size_t count;           /* values in the node (for the expansion budget) */
	int height;             /* nesting depth of the node */
	int done;               /* 0 while the node is still open (an alias to it would recurse) */
};

struct frame {
	struct rt_value *v;      /* RT_LIST or RT_MAP under construction */
	char *key;               /* RT_MAP: key waiting for its value (NULL = expecting a key) */
	int key_line, key_col;
	int merge_pending;       /* the pending key is "<<" */
	struct rt_value *merges; /* RT_LIST of maps to merge at the end (NULL if none) */
	struct rt_value *seen;   /* RT_MAP of explicit keys, for duplicate detection */
	int modify;              /* tagged !modify: wrap at the end */
	size_t anchor;           /* index+1 into anchors, 0 = none */
	size_t count;            /* values created inside (for anchors) */
};

struct builder {
	const char *file;
	const char *text;
	size_t len;
	struct rt_error *err;
	struct frame *stack;
	size_t depth, cap;
	struct anchor *anchors;
	size_t n_anchors, cap_anchors;
	size_t nodes;            /* values produced so far, alias copies included */
	struct rt_value *root;
	int have_root;
};

static int fail_at(struct builder *b, yaml_mark_t m, const char *fmt, ...) RT_PRINTF(3, 4);
static int fail_at(struct builder *b, yaml_mark_t m, const char *fmt, ...)
{
	struct rt_buf msg = RT_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	rt_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	rt_error(b->err, "%s:%zu:%zu: %s", b->file, m.line + 1, m.column + 1, msg.buf);
	rt_buf_release(&msg);
	return -1;
}

static int value_height(const struct rt_value *v)
{
	int h = 0;
	if (v->type == RT_LIST) {
		for (size_t i = 0; i < rt_list_len(v); i++) {
			int c = value_height(rt_list_at(v, i));
			if (c > h)
				h = c;
		}
	} else if (v->type == RT_MAP) {
		for (size_t i = 0; i < rt_map_len(v); i++) {
			int c = value_height(rt_map_val(v, i));
			if (c > h)
				h = c;
		}
	} else {
		return 0;
	}
	return h + 1;
}

static int count_node(struct builder *b, size_t n, yaml_mark_t m)
{
	if (n > RT_YAML_MAX_NODES || b->nodes > RT_YAML_MAX_NODES - n)
		return fail_at(b, m, "document too large: more than %u values (alias expansion?)",
			       RT_YAML_MAX_NODES);
	b->nodes += n;
	for (size_t i = 0; i < b->depth; i++)
		b->stack[i].count += n;
	return 0;
}

static int register_anchor(struct builder *b, const yaml_char_t *name, struct rt_value *node,
			   size_t count, int done)
{
	struct anchor *a;
	/* A later anchor with the same name shadows the earlier one, as in YAML. */
	b->anchors = rt_xgrow(b->anchors, sizeof(*b->anchors), b->n_anchors + 1, &b->cap_anchors);
	a = &b->anchors[b->n_anchors++];
	a->name = rt_xstrdup((const char *)name);
	a->node = done ? rt_value_copy(node) : NULL;
	a->count = count;
	a->height = done ? value_height(node) : 0;
	a->done = done;
	return (int)b->n_anchors;
}

static struct anchor *find_anchor(struct builder *b, const char *name)
{
	for (size_t i = b->n_anchors; i-- > 0;)
		if (rt_streq(b->anchors[i].name, name))
			return &b->anchors[i];
	return NULL;
}

/* Attaches a finished value to the open container (or makes it the root). Takes ownership. */
static int attach(struct builder *b, struct rt_value *v, yaml_mark_t m, int plain_merge)
{
	struct frame *f;
	if (b->depth == 0) {
		b->root = v;
		b->have_root = 1;
		return 0;
	}
	f = &b->stack[b->depth - 1];
	if (f->v->type == RT_LIST) {
		rt_list_push(f->v, v);
		return 0;
	}
	if (!f->key) {
		if (plain_merge) {
			f->key = rt_xstrdup("<<");
			f->merge_pending = 1;
		} else if (v->type != RT_STR) {
			struct rt_buf d = RT_BUF_INIT;
			rt_value_describe(v, &d);
			fail_at(b, m, "mapping key %s must be a string (got %s; quote it)", d.buf,
				rt_value_type_name(v->type));
			rt_buf_release(&d);
			rt_value_free(v);
			return -1;
		} else {
			if (rt_map_get(f->seen, v->u.s.ptr)) {
				fail_at(b, m, "duplicate key '%s'", v->u.s.ptr);
				rt_value_free(v);
				return -1;
			}
			if (strlen(v->u.s.ptr) != v->u.s.len) {
				fail_at(b, m, "mapping key contains a NUL character");
				rt_value_free(v);
				return -1;
			}
			rt_map_set(f->seen, v->u.s.ptr, rt_value_null());
			f->key = rt_xstrdup(v->u.s.ptr);
			f->merge_pending = 0;
		}
		f->key_line = (int)m.line + 1;
		f->key_col = (int)m.column + 1;
		rt_value_free(v);
		return 0;
	}
	if (f->merge_pending) {
		int ok = v->type == RT_MAP;
		if (v->type == RT_LIST) {
			ok = 1;
			for (size_t i = 0; i < rt_list_len(v); i++)
				if (rt_list_at(v, i)->type != RT_MAP)
					ok = 0;
		}
		if (!ok) {
			fail_at(b, m, "merge key '<<' needs a mapping or a list of mappings (got %s)",
				rt_value_type_name(v->type));
			rt_value_free(v);
			return -1;
		}
		if (!f->merges)
			f->merges = rt_value_list();
		rt_list_push(f->merges, v);
	} else {
		rt_map_set(f->v, f->key, v);
	}
	free(f->key);
	f->key = NULL;
	f->merge_pending = 0;
	return 0;
}

/* Applies pending "<<" merges: merged keys first (PyYAML order), explicit keys override. */
static struct rt_value *finish_map(struct frame *f)
{
	struct rt_value *out;
	if (!f->merges)
		return f->v;
	out = rt_value_map();
	out->line = f->v->line;
	for (size_t i = rt_list_len(f->merges); i-- > 0;) {
		struct rt_value *src = rt_list_at(f->merges, i);
		if (src->type == RT_MAP) {
			for (size_t j = 0; j < rt_map_len(src); j++)
				rt_map_set(out, rt_map_key(src, j), rt_value_copy(rt_map_val(src, j)));
		} else {
			for (size_t k = rt_list_len(src); k-- > 0;) {
				struct rt_value *m = rt_list_at(src, k);
				for (size_t j = 0; j < rt_map_len(m); j++)
					rt_map_set(out, rt_map_key(m, j), rt_value_copy(rt_map_val(m, j)));
			}
		}
	}
	for (size_t i = 0; i < rt_map_len(f->v); i++)
		rt_map_set(out, rt_map_key(f->v, i), rt_value_copy(rt_map_val(f->v, i)));
	rt_value_free(f->v);
	return out;
}

static void frame_release(struct frame *f)
{
	free(f->key);
	rt_value_free(f->merges);
	rt_value_free(f->seen);
}

static int push_frame(struct builder *b, struct rt_value *v, yaml_mark_t m, const yaml_char_t *anchor,
		      int modify)
{
	struct frame *f;
	if (b->depth >= RT_YAML_MAX_DEPTH) {
		rt_value_free(v);
		return fail_at(b, m, "nesting deeper than %d levels", RT_YAML_MAX_DEPTH);
	}
	if (b->depth > 0) {
		struct frame *top = &b->stack[b->depth - 1];
		if (top->v->type == RT_MAP && !top->key) {
			const char *what = rt_value_type_name(v->type);
			rt_value_free(v);
			return fail_at(b, m, "mapping key must be a string (got %s)", what);
		}
	}
	if (count_node(b, 1, m) < 0) {
		rt_value_free(v);
		return -1;
	}
	v->line = (int)m.line + 1;
	b->stack = rt_xgrow(b->stack, sizeof(*b->stack), b->depth + 1, &b->cap);
	f = &b->stack[b->depth++];
	memset(f, 0, sizeof(*f));
	f->v = v;
	f->modify = modify;
	f->count = 1;
	if (v->type == RT_MAP)
		f->seen = rt_value_map();
	if (anchor)
		f->anchor = (size_t)register_anchor(b, anchor, NULL, 0, 0);
	return 0;
}

static int pop_frame(struct builder *b, yaml_mark_t m)
{
	struct frame f = b->stack[--b->depth];
	struct rt_value *v = f.v;
	if (v->type == RT_MAP) {
		v = finish_map(&f);
		f.v = v;
		if (f.modify) {
			struct rt_value *w = rt_value_map();
			w->line = v->line;
			rt_map_set(w, MODIFY_KEY, v);
			v = w;
		}
	}
	if (f.anchor) {
		struct anchor *a = &b->anchors[f.anchor - 1];
		a->node = rt_value_copy(v);
		a->count = f.count;
		a->height = value_height(v);
		a->done = 1;
	}
	f.v = NULL;
	frame_release(&f);
	return attach(b, v, m, 0);
}

static int bad_scalar(struct builder *b, yaml_mark_t m, const char *what, const char *s)
{
	return fail_at(b, m, "cannot read '%s' as %s", s, what);
}

static int on_scalar(struct builder *b, yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	yaml_mark_t m = ev->start_mark;
	struct rt_value *v = NULL;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !tag;
	long long i;
	double d;
	int merge = 0;

	if (tag && rt_streq(tag, "!"))
		tag = TAG_STR;
	if (tag && !rt_streq(tag, TAG_STR) && !rt_streq(tag, TAG_INT) && !rt_streq(tag, TAG_FLOAT) &&
	    !rt_streq(tag, TAG_BOOL) && !rt_streq(tag, TAG_NULL))
		return fail_at(b, m, "unsupported tag '%s' on a scalar", tag);

	if (plain || (tag && !rt_streq(tag, TAG_STR))) {
		if ((plain || rt_streq(tag, TAG_NULL)) && (n == 0 || is_one_of(s, n, null_words)))
			v = rt_value_null();
		else if ((plain || rt_streq(tag, TAG_BOOL)) && is_one_of(s, n, true_words))
			v = rt_value_bool(1);
		else if ((plain || rt_streq(tag, TAG_BOOL)) && is_one_of(s, n, false_words))
			v = rt_value_bool(0);
		else if (plain || rt_streq(tag, TAG_INT)) {
			int r = match_int(s, n, &i);
			if (r == 2)
				return fail_at(b, m, "integer '%s' does not fit in 64 bits", s);
			if (r == 1)
				v = rt_value_int(i);
		}
		if (!v && (plain || rt_streq(tag, TAG_FLOAT))) {
			if (match_float(s, n, &d))
				v = rt_value_float(d);
			else if (tag && match_int(s, n, &i) == 1)
				v = rt_value_float((double)i);
		}
		if (!v && plain && n == 2 && memcmp(s, "<<", 2) == 0)
			merge = 1;
		if (!v && tag) {
			const char *what = rt_streq(tag, TAG_NULL) ? "null" : rt_streq(tag, TAG_BOOL) ?
				"a boolean" : rt_streq(tag, TAG_INT) ? "an integer" : "a float";
			return bad_scalar(b, m, what, s);
		}
	}
	if (!v)
		v = rt_value_strn(s, n);
	v->line = (int)m.line + 1;
	if (count_node(b, 1, m) < 0) {
		rt_value_free(v);
		return -1;
	}
	if (ev->data.scalar.anchor)
		register_anchor(b, ev->data.scalar.anchor, v, 1, 1);
	if (merge) {
		/* "<<" is a merge key only in key position; elsewhere it is the string "<<". */
		struct frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;
		if (f && f->v->type == RT_MAP && !f->key) {
			rt_value_free(v);
			return attach(b, NULL, m, 1);
		}
	}
	return attach(b, v, m, 0);
}

static int on_alias(struct builder *b, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	yaml_mark_t m = ev->start_mark;
	struct anchor *a = find_anchor(b, name);
	struct rt_value *v;
	if (!a)
		return fail_at(b, m, "unknown alias '*%s'", name);
	if (!a->done)
		return fail_at(b, m, "alias '*%s' refers to a node that contains it", name);
	if (b->depth + (size_t)a->height > RT_YAML_MAX_DEPTH)
		return fail_at(b, m, "nesting deeper than %d levels", RT_YAML_MAX_DEPTH);
	if (count_node(b, a->count, m) < 0)
		return -1;
	v = rt_value_copy(a->node);
	return attach(b, v, m, 0);
}

static void offset_to_mark(const char *text, size_t len, size_t off, yaml_mark_t *m)
{
	m->line = 0;
	m->column = 0;
	for (size_t i = 0; i < off && i < len; i++) {
		if (text[i] == '\n') {
			m->line++;
			m->column = 0;
		} else {
			m->column++;
		}
	}
}

static int parser_failed(struct builder *b, yaml_parser_t *p)
{
	yaml_mark_t m = p->problem_mark;
	const char *problem = p->problem ? p->problem : "invalid YAML";
	if (p->error == YAML_READER_ERROR) {
		offset_to_mark(b->text, b->len, p->problem_offset, &m);
		if (p->problem_value != -1)
			return fail_at(b, m, "%s (byte 0x%02x)", problem, (unsigned)p->problem_value & 0xff);
		return fail_at(b, m, "%s", problem);
	}
	if (p->error == YAML_MEMORY_ERROR)
		return rt_error(b->err, "%s: out of memory while reading YAML", b->file);
	if (p->context)
		return fail_at(b, m, "%s %s (line %zu)", problem, p->context, p->context_mark.line + 1);
	return fail_at(b, m, "%s", problem);
}

struct rt_value *rt_yaml_parse(const char *text, size_t len, const char *filename,
			       struct rt_error *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct builder b;
	int rc = 0, done = 0, docs = 0;

	memset(&b, 0, sizeof(b));
	b.file = filename ? filename : "<yaml>";
	b.text = text;
	b.len = len;
	b.err = err;
	if (!yaml_parser_initialize(&parser))
		RT_BUG("yaml_parser_initialize failed");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done && rc == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = parser_failed(&b, &parser);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				rc = fail_at(&b, ev.start_mark, "more than one YAML document");
			break;
		case YAML_SCALAR_EVENT:
			rc = on_scalar(&b, &ev);
			break;
		case YAML_ALIAS_EVENT:
			rc = on_alias(&b, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT: {
			const char *tag = (const char *)ev.data.sequence_start.tag;
			if (tag && !rt_streq(tag, TAG_SEQ))
				rc = fail_at(&b, ev.start_mark, "unsupported tag '%s' on a sequence", tag);
			else
				rc = push_frame(&b, rt_value_list(), ev.start_mark,
						ev.data.sequence_start.anchor, 0);
			break;
		}
		case YAML_MAPPING_START_EVENT: {
			const char *tag = (const char *)ev.data.mapping_start.tag;
			int modify = tag && rt_streq(tag, TAG_MODIFY);
			if (tag && !modify && !rt_streq(tag, TAG_MAP))
				rc = fail_at(&b, ev.start_mark, "unsupported tag '%s' on a mapping", tag);
			else
				rc = push_frame(&b, rt_value_map(), ev.start_mark,
						ev.data.mapping_start.anchor, modify);
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			rc = pop_frame(&b, ev.start_mark);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);

	while (b.depth > 0) {
		struct frame *f = &b.stack[--b.depth];
		rt_value_free(f->v);
		frame_release(f);
	}
	free(b.stack);
	for (size_t i = 0; i < b.n_anchors; i++) {
		free(b.anchors[i].name);
		rt_value_free(b.anchors[i].node);
	}
	free(b.anchors);
	if (rc < 0) {
		rt_value_free(b.root);
		return NULL;
	}
	return b.have_root ? b.root : rt_value_null();
}

/* ---- emitting ---- */

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	rt_buf_add(data, buffer, size);
	return 1;
}

static void format_float(double f, char *out, size_t n)
{
	if (isnan(f)) {
		snprintf(out, n, ".nan");
		return;
	}
	if (isinf(f)) {
		snprintf(out, n, f < 0 ? "-.inf" : ".inf");
		return;
	}
	/* shortest text that reads back to the same double, then made YAML-1.1 float shaped */
	char tmp[64];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, f);
		if (strtod(tmp, NULL) == f)
			break;
	}
	char *e = strchr(tmp, 'e');
	struct rt_buf b = RT_BUF_INIT;
	if (e) {
		rt_buf_add(&b, tmp, (size_t)(e - tmp));
		if (!memchr(tmp, '.', (size_t)(e - tmp)))
			rt_buf_adds(&b, ".0");
		rt_buf_addch(&b, 'e');
		if (e[1] != '-' && e[1] != '+')
			rt_buf_addch(&b, '+');
		rt_buf_adds(&b, e + 1);
	} else {
		rt_buf_adds(&b, tmp);
		if (!strchr(tmp, '.'))
			rt_buf_adds(&b, ".0");
	}
	snprintf(out, n, "%s", b.buf);
	rt_buf_release(&b);
}

static int emit_event(yaml_emitter_t *em, yaml_event_t *ev, struct rt_error *err)
{
	if (!yaml_emitter_emit(em, ev))
		return rt_error(err, "cannot write YAML: %s", em->problem ? em->problem : "emitter error");
	return 0;
}

static int emit_scalar(yaml_emitter_t *em, const char *s, size_t n, yaml_scalar_style_t style,
		       struct rt_error *err)
{
	yaml_event_t ev;
	if (n > INT_MAX)
		return rt_error(err, "cannot write YAML: string too long");
	/* libyaml checks the text is UTF-8 here */
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)n,
					  style == YAML_PLAIN_SCALAR_STYLE, 1, style))
		return rt_error(err, "cannot write YAML: string is not valid UTF-8");
	return emit_event(em, &ev, err);
}

/* Plain style only for a conservative character set: libyaml's emitter lets through plain
 * scalars (mixes of quotes, colons, indicators) that its reader takes for something else, so
 * everything else is quoted. First character [A-Za-z0-9_/], the rest [A-Za-z0-9_./+@ <>=~!^|,-],
 * no trailing space, and not a word the reader would type (null, true, 1.0, <<, ...). */
static int plain_safe(const char *s, size_t n)
{
	if (n == 0 || !(isalnum((unsigned char)s[0]) || s[0] == '_' || s[0] == '/') ||
	    s[n - 1] == ' ')
		return 0;
	for (size_t i = 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(c && c < 0x80 && (isalnum(c) || strchr("_./+@ -<>=~!^|,", c))))
			return 0;
	}
	return !rt_yaml_plain_is_special(s, n);
}

/* Only printable ASCII (plus, when allow_nl, line feeds): what single-quoted and literal
 * styles carry unchanged; anything else is double-quoted with libyaml's escapes. */
static int printable_ascii(const char *s, size_t n, int allow_nl)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 || c > 0x7e) && !(allow_nl && c == '\n'))
			return 0;
	}
	return 1;
}

static int emit_string(yaml_emitter_t *em, const char *s, size_t n, struct rt_error *err)
{
	yaml_scalar_style_t style;
	if (plain_safe(s, n))
		style = YAML_PLAIN_SCALAR_STYLE;
	else if (printable_ascii(s, n, 0))
		style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
	else if (memchr(s, '\n', n) && printable_ascii(s, n, 1))
		style = YAML_LITERAL_SCALAR_STYLE;   /* libyaml falls back to quotes if it must */
	else
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;   /* libyaml escapes what needs it */
	return emit_scalar(em, s, n, style, err);
}

static int emit_value(yaml_emitter_t *em, const struct rt_value *v, struct rt_error *err)
{
	yaml_event_t ev;
	char num[64];
	switch (v->type) {
	case RT_NULL:
		return emit_scalar(em, "null", 4, YAML_PLAIN_SCALAR_STYLE, err);
	case RT_BOOL:
		return v->u.b ? emit_scalar(em, "true", 4, YAML_PLAIN_SCALAR_STYLE, err)
			      : emit_scalar(em, "false", 5, YAML_PLAIN_SCALAR_STYLE, err);
	case RT_INT:
		snprintf(num, sizeof(num), "%lld", v->u.i);
		return emit_scalar(em, num, strlen(num), YAML_PLAIN_SCALAR_STYLE, err);
	case RT_FLOAT:
		format_float(v->u.f, num, sizeof(num));
		return emit_scalar(em, num, strlen(num), YAML_PLAIN_SCALAR_STYLE, err);
	case RT_STR:
		return emit_string(em, v->u.s.ptr, v->u.s.len, err);
	case RT_FUNC:
		return emit_string(em, v->u.fn->source, strlen(v->u.fn->source), err);
	case RT_LIST:
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE))
			RT_BUG("yaml event init");
		if (emit_event(em, &ev, err) < 0)
			return -1;
		for (size_t i = 0; i < rt_list_len(v); i++)
			if (emit_value(em, rt_list_at(v, i), err) < 0)
				return -1;
		yaml_sequence_end_event_initialize(&ev);
		return emit_event(em, &ev, err);
	case RT_MAP:
		if (rt_map_len(v) == 1 && rt_streq(rt_map_key(v, 0), MODIFY_KEY) &&
		    rt_map_val(v, 0)->type == RT_MAP) {
			if (!yaml_mapping_start_event_initialize(&ev, NULL, (yaml_char_t *)TAG_MODIFY, 0,
								 YAML_BLOCK_MAPPING_STYLE))
				RT_BUG("yaml event init");
			v = rt_map_val(v, 0);
		} else if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
								YAML_BLOCK_MAPPING_STYLE)) {
			RT_BUG("yaml event init");
		}
		if (emit_event(em, &ev, err) < 0)
			return -1;
		for (size_t i = 0; i < rt_map_len(v); i++) {
			const char *k = rt_map_key(v, i);
			if (emit_string(em, k, strlen(k), err) < 0 ||
			    emit_value(em, rt_map_val(v, i), err) < 0)
				return -1;
		}
		yaml_mapping_end_event_initialize(&ev);
		return emit_event(em, &ev, err);
	}
	RT_BUG("bad value type %d", (int)v->type);
}

int rt_yaml_emit(const struct rt_value *v, struct rt_buf *out, struct rt_error *err)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	struct rt_buf tmp = RT_BUF_INIT;
	int rc = -1;

	if (!yaml_emitter_initialize(&em))
		RT_BUG("yaml_emitter_initialize failed");
	yaml_emitter_set_output(&em, write_handler, &tmp);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);

	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if (emit_event(&em, &ev, err) < 0)
		goto out;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if (emit_event(&em, &ev, err) < 0)
		goto out;
	if (emit_value(&em, v, err) < 0)
		goto out;
	yaml_document_end_event_initialize(&ev, 1);
	if (emit_event(&em, &ev, err) < 0)
		goto out;
	yaml_stream_end_event_initialize(&ev);
	if (emit_event(&em, &ev, err) < 0)
		goto out;
	if (!yaml_emitter_flush(&em)) {
		rt_error(err, "cannot write YAML: flush failed");
		goto out;
	}
	/* libyaml closes a document whose last line is a bare scalar with "..."; drop it. */
	/* (a line of its own: a plain scalar such as "key....." also ends with "...\n") */
	if (tmp.len >= 4 && memcmp(tmp.buf + tmp.len - 4, "...\n", 4) == 0 &&
	    (tmp.len == 4 || tmp.buf[tmp.len - 5] == '\n'))
		rt_buf_setlen(&tmp, tmp.len - 4);
	rt_buf_addbuf(out, &tmp);
	rc = 0;
out:
	yaml_emitter_delete(&em);
	rt_buf_release(&tmp);
	return rc;
}
