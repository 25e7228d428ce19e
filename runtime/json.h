/* json.h - conversion between rt_value trees and JSON text (jansson underneath).
 *
 * Maps keep their order when written unless RT_JSON_SORT_KEYS is given; RT_FUNC values are
 * written as their source text. Parsing gives RT_MAP / RT_LIST / RT_STR / RT_INT / RT_FLOAT /
 * RT_BOOL / RT_NULL; errors name `name`, line and column. */
#ifndef RT_JSON_H
#define RT_JSON_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_buf;
struct rt_value;

enum {
	RT_JSON_SORT_KEYS = 1 << 0,
	RT_JSON_INDENT4 = 1 << 1,    /* indent 4, one member per line; else compact */
};

int rt_json_emit(const struct rt_value *v, unsigned flags, struct rt_buf *out, struct rt_error *err);
struct rt_value *rt_json_parse(const char *text, size_t len, const char *name, struct rt_error *err);

#endif
