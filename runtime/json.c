/* json.c - rt_value <-> JSON (see json.h). */
#include "runtime/json.h"
#include "runtime/buf.h"
#include "runtime/value.h"

#include <jansson.h>

static json_t *to_json(const struct rt_value *v)
{
	json_t *j;
	switch (v->type) {
	case RT_NULL: return json_null();
	case RT_BOOL: return json_boolean(v->u.b);
	case RT_INT: return json_integer(v->u.i);
	case RT_FLOAT: return json_real(v->u.f);
	case RT_STR: return json_stringn_nocheck(v->u.s.ptr, v->u.s.len);
	case RT_FUNC: return json_string_nocheck(v->u.fn->source);
	case RT_LIST:
		j = json_array();
		for (size_t i = 0; j && i < v->u.list.len; i++) {
			json_t *item = to_json(v->u.list.items[i]);
			if (!item || json_array_append_new(j, item) < 0) {
				json_decref(j);
				return NULL;
			}
		}
		return j;
	case RT_MAP:
		j = json_object();
		for (size_t i = 0; j && i < v->u.map.len; i++) {
			json_t *item = to_json(v->u.map.vals[i]);
			if (!item || json_object_set_new_nocheck(j, v->u.map.keys[i], item) < 0) {
				json_decref(j);
				return NULL;
			}
		}
		return j;
	}
	return NULL;
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
	rt_buf_add(data, buffer, size);
	return 0;
}

int rt_json_emit(const struct rt_value *v, unsigned flags, struct rt_buf *out, struct rt_error *err)
{
	size_t jflags = JSON_ENCODE_ANY | JSON_REAL_PRECISION(17);
	json_t *j = to_json(v);
	int rc;
	if (!j)
		return rt_error(err, "cannot encode value as JSON (out of memory or invalid UTF-8)");
	if (flags & RT_JSON_SORT_KEYS)
		jflags |= JSON_SORT_KEYS;
	if (flags & RT_JSON_INDENT4)
		jflags |= JSON_INDENT(4);
	else
		jflags |= JSON_COMPACT;
	rc = json_dump_callback(j, dump_cb, out, jflags);
	json_decref(j);
	if (rc < 0)
		return rt_error(err, "cannot encode value as JSON");
	return 0;
}

static struct rt_value *from_json(json_t *j)
{
	struct rt_value *v;
	switch (json_typeof(j)) {
	case JSON_NULL: return rt_value_null();
	case JSON_TRUE: return rt_value_bool(1);
	case JSON_FALSE: return rt_value_bool(0);
	case JSON_INTEGER: return rt_value_int(json_integer_value(j));
	case JSON_REAL: return rt_value_float(json_real_value(j));
	case JSON_STRING: return rt_value_strn(json_string_value(j), json_string_length(j));
	case JSON_ARRAY: {
		size_t i;
		json_t *item;
		v = rt_value_list();
		json_array_foreach(j, i, item)
			rt_list_push(v, from_json(item));
		return v;
	}
	case JSON_OBJECT: {
		const char *key;
		json_t *item;
		v = rt_value_map();
		json_object_foreach(j, key, item)
			rt_map_set(v, key, from_json(item));
		return v;
	}
	}
	return rt_value_null();
}

struct rt_value *rt_json_parse(const char *text, size_t len, const char *name, struct rt_error *err)
{
	json_error_t jerr;
	json_t *j = json_loadb(text, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	struct rt_value *v;
	if (!j) {
		rt_error(err, "%s:%d:%d: invalid JSON: %s", name, jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	v = from_json(j);
	json_decref(j);
	return v;
}
