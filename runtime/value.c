/* value.c - the typed value tree (see value.h). */
#include "runtime/value.h"
#include "runtime/buf.h"

#include <math.h>

static struct rt_value *alloc_value(enum rt_type t)
{
	struct rt_value *v = rt_xcalloc(1, sizeof(*v));
	v->type = t;
	return v;
}

struct rt_value *rt_value_null(void) { return alloc_value(RT_NULL); }

struct rt_value *rt_value_bool(int b)
{
	struct rt_value *v = alloc_value(RT_BOOL);
	v->u.b = !!b;
	return v;
}

struct rt_value *rt_value_int(long long i)
{
	struct rt_value *v = alloc_value(RT_INT);
	v->u.i = i;
	return v;
}

struct rt_value *rt_value_float(double f)
{
	struct rt_value *v = alloc_value(RT_FLOAT);
	v->u.f = f;
	return v;
}

struct rt_value *rt_value_strn(const char *s, size_t len)
{
	struct rt_value *v = alloc_value(RT_STR);
	v->u.s.ptr = rt_xmemdupz(s, len);
	v->u.s.len = len;
	return v;
}

struct rt_value *rt_value_str(const char *s) { return rt_value_strn(s, strlen(s)); }

struct rt_value *rt_value_str_take(char *s)
{
	struct rt_value *v = alloc_value(RT_STR);
	v->u.s.ptr = s;
	v->u.s.len = strlen(s);
	return v;
}

struct rt_value *rt_value_list(void) { return alloc_value(RT_LIST); }
struct rt_value *rt_value_map(void) { return alloc_value(RT_MAP); }

struct rt_value *rt_value_func(struct rt_func *fn)
{
	struct rt_value *v = alloc_value(RT_FUNC);
	v->u.fn = fn;
	return v;
}

struct rt_func *rt_func_new(const char *name, const char *source, const char *file,
			    int first_line, unsigned flags)
{
	struct rt_func *fn = rt_xcalloc(1, sizeof(*fn));
	fn->name = rt_xstrdup(name ? name : "");
	fn->source = rt_xstrdup(source ? source : "");
	fn->file = rt_xstrdup(file ? file : "");
	fn->first_line = first_line;
	fn->flags = flags;
	return fn;
}

void rt_func_add_include(struct rt_func *fn, const char *module)
{
	size_t cap = fn->n_includes;
	fn->includes = rt_xgrow(fn->includes, sizeof(char *), fn->n_includes + 1, &cap);
	fn->includes[fn->n_includes++] = rt_xstrdup(module);
}

struct rt_func *rt_func_copy(const struct rt_func *fn)
{
	struct rt_func *c = rt_func_new(fn->name, fn->source, fn->file, fn->first_line, fn->flags);
	for (size_t i = 0; i < fn->n_includes; i++)
		rt_func_add_include(c, fn->includes[i]);
	return c;
}

void rt_func_free(struct rt_func *fn)
{
	if (!fn)
		return;
	for (size_t i = 0; i < fn->n_includes; i++)
		free(fn->includes[i]);
	free(fn->includes);
	free(fn->name);
	free(fn->source);
	free(fn->file);
	free(fn);
}

void rt_value_free(struct rt_value *v)
{
	if (!v)
		return;
	switch (v->type) {
	case RT_STR:
		free(v->u.s.ptr);
		break;
	case RT_LIST:
		for (size_t i = 0; i < v->u.list.len; i++)
			rt_value_free(v->u.list.items[i]);
		free(v->u.list.items);
		break;
	case RT_MAP:
		for (size_t i = 0; i < v->u.map.len; i++) {
			free(v->u.map.keys[i]);
			rt_value_free(v->u.map.vals[i]);
		}
		free(v->u.map.keys);
		free(v->u.map.vals);
		free(v->u.map.slots);
		break;
	case RT_FUNC:
		rt_func_free(v->u.fn);
		break;
	default:
		break;
	}
	free(v);
}

struct rt_value *rt_value_copy(const struct rt_value *v)
{
	struct rt_value *c;
	if (!v)
		return NULL;
	switch (v->type) {
	case RT_NULL: c = rt_value_null(); break;
	case RT_BOOL: c = rt_value_bool(v->u.b); break;
	case RT_INT: c = rt_value_int(v->u.i); break;
	case RT_FLOAT: c = rt_value_float(v->u.f); break;
	case RT_STR: c = rt_value_strn(v->u.s.ptr, v->u.s.len); break;
	case RT_LIST:
		c = rt_value_list();
		for (size_t i = 0; i < v->u.list.len; i++)
			rt_list_push(c, rt_value_copy(v->u.list.items[i]));
		break;
	case RT_MAP:
		c = rt_value_map();
		for (size_t i = 0; i < v->u.map.len; i++)
			rt_map_set(c, v->u.map.keys[i], rt_value_copy(v->u.map.vals[i]));
		break;
	case RT_FUNC: c = rt_value_func(rt_func_copy(v->u.fn)); break;
	default: RT_BUG("bad value type %d", (int)v->type);
	}
	c->line = v->line;
	return c;
}

int rt_value_equal(const struct rt_value *a, const struct rt_value *b)
{
	if (a == b)
		return 1;
	if (!a || !b || a->type != b->type)
		return 0;
	switch (a->type) {
	case RT_NULL: return 1;
	case RT_BOOL: return a->u.b == b->u.b;
	case RT_INT: return a->u.i == b->u.i;
	case RT_FLOAT: return a->u.f == b->u.f;
	case RT_STR:
		return a->u.s.len == b->u.s.len && !memcmp(a->u.s.ptr, b->u.s.ptr, a->u.s.len);
	case RT_LIST:
		if (a->u.list.len != b->u.list.len)
			return 0;
		for (size_t i = 0; i < a->u.list.len; i++)
			if (!rt_value_equal(a->u.list.items[i], b->u.list.items[i]))
				return 0;
		return 1;
	case RT_MAP:
		if (a->u.map.len != b->u.map.len)
			return 0;
		for (size_t i = 0; i < a->u.map.len; i++) {
			const struct rt_value *o = rt_map_get(b, a->u.map.keys[i]);
			if (!o || !rt_value_equal(a->u.map.vals[i], o))
				return 0;
		}
		return 1;
	case RT_FUNC:
		return rt_streq(a->u.fn->source, b->u.fn->source) &&
		       a->u.fn->flags == b->u.fn->flags && rt_streq(a->u.fn->name, b->u.fn->name);
	}
	return 0;
}

const char *rt_value_type_name(enum rt_type t)
{
	static const char *const names[] = {
		"nil", "boolean", "integer", "number", "string", "list", "table", "function"
	};
	return (unsigned)t < RT_ARRAY_LEN(names) ? names[t] : "?";
}

void rt_list_push(struct rt_value *list, struct rt_value *item)
{
	if (list->type != RT_LIST)
		RT_BUG("rt_list_push on a %s", rt_value_type_name(list->type));
	list->u.list.items = rt_xgrow(list->u.list.items, sizeof(*list->u.list.items),
				      list->u.list.len + 1, &list->u.list.cap);
	list->u.list.items[list->u.list.len++] = item;
}

/* Maps of up to this many entries are scanned; larger ones get a hash index, so building
 * or reading a map from untrusted input (a package's table of 100,000 keys) stays linear. */
#define MAP_SCAN_MAX 8

static size_t key_hash(const char *k)
{
	size_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ULL;
	return h;
}

static void map_index_put(struct rt_value *map, size_t i)
{
	size_t mask = map->u.map.nslots - 1, h = key_hash(map->u.map.keys[i]) & mask;
	while (map->u.map.slots[h])
		h = (h + 1) & mask;
	map->u.map.slots[h] = i + 1;
}

static void map_reindex(struct rt_value *map)
{
	size_t want = 32;
	free(map->u.map.slots);
	map->u.map.slots = NULL;
	map->u.map.nslots = 0;
	if (map->u.map.len <= MAP_SCAN_MAX)
		return;
	while (want < map->u.map.len * 2 + 2)
		want = rt_st_mult(want, 2);
	map->u.map.slots = rt_xcalloc(want, sizeof(size_t));
	map->u.map.nslots = want;
	for (size_t i = 0; i < map->u.map.len; i++)
		map_index_put(map, i);
}

static long map_find(const struct rt_value *map, const char *key)
{
	if (map->u.map.nslots) {
		size_t mask = map->u.map.nslots - 1, h = key_hash(key) & mask;
		for (; map->u.map.slots[h]; h = (h + 1) & mask)
			if (rt_streq(map->u.map.keys[map->u.map.slots[h] - 1], key))
				return (long)(map->u.map.slots[h] - 1);
		return -1;
	}
	for (size_t i = 0; i < map->u.map.len; i++)
		if (rt_streq(map->u.map.keys[i], key))
			return (long)i;
	return -1;
}

void rt_map_set(struct rt_value *map, const char *key, struct rt_value *val)
{
	long i;
	size_t cap;
	if (map->type != RT_MAP)
		RT_BUG("rt_map_set on a %s", rt_value_type_name(map->type));
	i = map_find(map, key);
	if (i >= 0) {
		rt_value_free(map->u.map.vals[i]);
		map->u.map.vals[i] = val;
		return;
	}
	cap = map->u.map.cap;
	map->u.map.keys = rt_xgrow(map->u.map.keys, sizeof(char *), map->u.map.len + 1, &cap);
	cap = map->u.map.cap;
	map->u.map.vals = rt_xgrow(map->u.map.vals, sizeof(struct rt_value *), map->u.map.len + 1, &cap);
	map->u.map.cap = cap;
	map->u.map.keys[map->u.map.len] = rt_xstrdup(key);
	map->u.map.vals[map->u.map.len] = val;
	map->u.map.len++;
	if (map->u.map.len > MAP_SCAN_MAX) {
		if (map->u.map.len * 2 + 2 > map->u.map.nslots)
			map_reindex(map);
		else
			map_index_put(map, map->u.map.len - 1);
	}
}

struct rt_value *rt_map_get(const struct rt_value *map, const char *key)
{
	long i;
	if (!map || map->type != RT_MAP)
		return NULL;
	i = map_find(map, key);
	return i < 0 ? NULL : map->u.map.vals[i];
}

struct rt_value *rt_map_take(struct rt_value *map, const char *key)
{
	long i = map_find(map, key);
	struct rt_value *v;
	if (i < 0)
		return NULL;
	v = map->u.map.vals[i];
	free(map->u.map.keys[i]);
	memmove(map->u.map.keys + i, map->u.map.keys + i + 1,
		(map->u.map.len - (size_t)i - 1) * sizeof(char *));
	memmove(map->u.map.vals + i, map->u.map.vals + i + 1,
		(map->u.map.len - (size_t)i - 1) * sizeof(struct rt_value *));
	map->u.map.len--;
	if (map->u.map.nslots)
		map_reindex(map);   /* positions after i moved; removals are rare */
	return v;
}

struct map_pair {
	char *key;
	struct rt_value *val;
};

static int cmp_pair(const void *a, const void *b)
{
	return strcmp(((const struct map_pair *)a)->key, ((const struct map_pair *)b)->key);
}

void rt_map_sort(struct rt_value *map)
{
	size_t n = map->u.map.len;
	struct map_pair *p;
	if (n < 2)
		return;
	p = rt_xcalloc(n, sizeof(*p));
	for (size_t i = 0; i < n; i++) {
		p[i].key = map->u.map.keys[i];
		p[i].val = map->u.map.vals[i];
	}
	qsort(p, n, sizeof(*p), cmp_pair);
	for (size_t i = 0; i < n; i++) {
		map->u.map.keys[i] = p[i].key;
		map->u.map.vals[i] = p[i].val;
	}
	free(p);
	if (map->u.map.nslots)
		map_reindex(map);
}

int rt_map_del(struct rt_value *map, const char *key)
{
	struct rt_value *v = rt_map_take(map, key);
	if (!v)
		return 0;
	rt_value_free(v);
	return 1;
}

const char *rt_value_as_str(const struct rt_value *v)
{
	return v && v->type == RT_STR ? v->u.s.ptr : NULL;
}

static void describe_str(const char *s, size_t len, struct rt_buf *out)
{
	rt_buf_addch(out, '\'');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\'' || c == '\\')
			rt_buf_addf(out, "\\%c", c);
		else if (c == '\n')
			rt_buf_adds(out, "\\n");
		else if (c < 0x20 || c == 0x7f)
			rt_buf_addf(out, "\\x%02x", c);
		else
			rt_buf_addch(out, c);
	}
	rt_buf_addch(out, '\'');
}

void rt_value_describe(const struct rt_value *v, struct rt_buf *out)
{
	if (!v) {
		rt_buf_adds(out, "nil");
		return;
	}
	switch (v->type) {
	case RT_NULL: rt_buf_adds(out, "nil"); break;
	case RT_BOOL: rt_buf_adds(out, v->u.b ? "true" : "false"); break;
	case RT_INT: rt_buf_addf(out, "%lld", v->u.i); break;
	case RT_FLOAT:
		if (isfinite(v->u.f) && v->u.f == floor(v->u.f) && fabs(v->u.f) < 1e15)
			rt_buf_addf(out, "%.1f", v->u.f);
		else
			rt_buf_addf(out, "%.17g", v->u.f);
		break;
	case RT_STR: describe_str(v->u.s.ptr, v->u.s.len, out); break;
	case RT_LIST:
		rt_buf_addch(out, '[');
		for (size_t i = 0; i < v->u.list.len; i++) {
			if (i)
				rt_buf_adds(out, ", ");
			rt_value_describe(v->u.list.items[i], out);
		}
		rt_buf_addch(out, ']');
		break;
	case RT_MAP:
		rt_buf_addch(out, '{');
		for (size_t i = 0; i < v->u.map.len; i++) {
			if (i)
				rt_buf_adds(out, ", ");
			rt_buf_adds(out, v->u.map.keys[i]);
			rt_buf_adds(out, ": ");
			rt_value_describe(v->u.map.vals[i], out);
		}
		rt_buf_addch(out, '}');
		break;
	case RT_FUNC: rt_buf_addf(out, "<function %s>", v->u.fn->name); break;
	}
}
