/* value.h - the data model of package definitions and configuration: a tree of typed values.
 *
 * Everything a package.lua / package.yaml / config file produces lands here, so the rest of
 * the runtime never touches Lua or libyaml objects. Maps keep insertion order (definition
 * order matters for @early evaluation and for writing packages back).
 *
 * Ownership: a value owns its children. rt_list_push/rt_map_set take ownership of the value
 * they are given. Getters return borrowed pointers, valid until the container changes.
 * Strings are byte strings (may hold NUL) and always NUL-terminated. */
#ifndef RT_VALUE_H
#define RT_VALUE_H

#include "runtime/common.h"

struct rt_buf;

enum rt_type {
	RT_NULL,
	RT_BOOL,
	RT_INT,
	RT_FLOAT,
	RT_STR,
	RT_LIST,
	RT_MAP,
	RT_FUNC    /* a function kept as source text: late binding, commands, preprocess */
};

/* What a stored function is for. */
enum {
	RT_FN_LATE = 1 << 0,       /* @late: evaluated when the attribute is first read */
	RT_FN_COMMANDS = 1 << 1,   /* commands family: run by the rex runtime */
	RT_FN_PREPROCESS = 1 << 2, /* preprocess(this, data) */
	RT_FN_EARLY = 1 << 3       /* only while loading; never stored after evaluation */
};

struct rt_func {
	char *name;        /* the attribute / function name, e.g. "commands" */
	char *source;      /* whole source lines first_line..last_line of the defining file */
	char *file;        /* file the source came from (for error messages) */
	int first_line;    /* 1-based line of `source`'s first line in `file` */
	unsigned flags;    /* RT_FN_* */
	char **includes;   /* @include module names, n_includes entries */
	size_t n_includes;
};

struct rt_value {
	enum rt_type type;
	int line;          /* source line that defined it (0 = unknown) */
	union {
		int b;
		long long i;
		double f;
		struct { char *ptr; size_t len; } s;
		struct { struct rt_value **items; size_t len, cap; } list;
		struct {
			char **keys;
			struct rt_value **vals;
			size_t len, cap;
			/* hash index over keys once the map outgrows a linear scan:
			 * index + 1 per slot (0 = empty), nslots a power of two */
			size_t *slots, nslots;
		} map;
		struct rt_func *fn;
	} u;
};

struct rt_value *rt_value_null(void);
struct rt_value *rt_value_bool(int b);
struct rt_value *rt_value_int(long long i);
struct rt_value *rt_value_float(double f);
struct rt_value *rt_value_str(const char *s);
struct rt_value *rt_value_strn(const char *s, size_t len);
struct rt_value *rt_value_str_take(char *s);       /* takes ownership of a malloc'd string */
struct rt_value *rt_value_list(void);
struct rt_value *rt_value_map(void);
struct rt_value *rt_value_func(struct rt_func *fn); /* takes ownership of fn */

struct rt_func *rt_func_new(const char *name, const char *source, const char *file,
			    int first_line, unsigned flags);
void rt_func_add_include(struct rt_func *fn, const char *module);
struct rt_func *rt_func_copy(const struct rt_func *fn);
void rt_func_free(struct rt_func *fn);

void rt_value_free(struct rt_value *v);
struct rt_value *rt_value_copy(const struct rt_value *v);     /* deep copy */
int rt_value_equal(const struct rt_value *a, const struct rt_value *b); /* deep, ordered */
const char *rt_value_type_name(enum rt_type t);   /* "string", "list", ... for messages */

/* Lists. */
void rt_list_push(struct rt_value *list, struct rt_value *item);
static inline size_t rt_list_len(const struct rt_value *l) { return l->u.list.len; }
static inline struct rt_value *rt_list_at(const struct rt_value *l, size_t i)
{
	return l->u.list.items[i];
}

/* Maps (ordered; setting an existing key replaces its value in place). */
void rt_map_set(struct rt_value *map, const char *key, struct rt_value *val);
struct rt_value *rt_map_get(const struct rt_value *map, const char *key);
int rt_map_del(struct rt_value *map, const char *key);   /* 1 if it was there */
/* Removes and returns the value without freeing it (NULL if absent). */
struct rt_value *rt_map_take(struct rt_value *map, const char *key);
/* Sorts the entries by key (bytewise). */
void rt_map_sort(struct rt_value *map);
static inline size_t rt_map_len(const struct rt_value *m) { return m->u.map.len; }
static inline const char *rt_map_key(const struct rt_value *m, size_t i) { return m->u.map.keys[i]; }
static inline struct rt_value *rt_map_val(const struct rt_value *m, size_t i) { return m->u.map.vals[i]; }

/* Convenience: string of a RT_STR value, or NULL for any other type. */
const char *rt_value_as_str(const struct rt_value *v);

/* Appends a compact, deterministic, human-readable rendering (YAML-flow-like) for messages
 * and debugging; not a serialisation format. */
void rt_value_describe(const struct rt_value *v, struct rt_buf *out);

#endif
