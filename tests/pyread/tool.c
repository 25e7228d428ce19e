/* tool.c - test driver for the package.py reader (the tests/pyread scripts).
 *   rez-pyread-test eval     one Python expression per stdin line; prints repr(value), or
 *                            "error: Kind" (the Python exception class) when it raises
 *   rez-pyread-test data F   loads definition F; prints its data (functions as
 *                            <function NAME flags includes>) one attribute per line
 *   rez-pyread-test json F   loads definition F; prints its data as one JSON object
 *                            (functions as {"<function>": NAME}), or "error: MESSAGE"
 *   rez-pyread-test lua F    prints the Lua text F (a package.py) translates to
 *   rez-pyread-test convert F  the same as `rez convert` writes it */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/value.h"
#include "interp/load.h"
#include "interp/pyread.h"

#include <stdio.h>

static void print_value(const struct rt_value *v, struct rt_buf *b)
{
	if (v->type == RT_FUNC) {
		rt_buf_addf(b, "<function %s flags=%u", v->u.fn->name, v->u.fn->flags);
		for (size_t i = 0; i < v->u.fn->n_includes; i++)
			rt_buf_addf(b, " %s", v->u.fn->includes[i]);
		rt_buf_adds(b, ">");
	} else if (v->type == RT_LIST) {
		rt_buf_adds(b, "[");
		for (size_t i = 0; i < rt_list_len(v); i++) {
			if (i)
				rt_buf_adds(b, ", ");
			print_value(rt_list_at(v, i), b);
		}
		rt_buf_adds(b, "]");
	} else if (v->type == RT_MAP) {
		rt_buf_adds(b, "{");
		for (size_t i = 0; i < rt_map_len(v); i++) {
			if (i)
				rt_buf_adds(b, ", ");
			rt_buf_addf(b, "%s: ", rt_map_key(v, i));
			print_value(rt_map_val(v, i), b);
		}
		rt_buf_adds(b, "}");
	} else {
		rt_value_describe(v, b);
	}
}

static void json_str(const char *s, size_t n, struct rt_buf *b)
{
	rt_buf_addch(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			rt_buf_addf(b, "\\%c", ch);
		else if (ch < 32)
			rt_buf_addf(b, "\\u%04x", ch);
		else
			rt_buf_addch(b, ch);
	}
	rt_buf_addch(b, '"');
}

static void json_value(const struct rt_value *v, struct rt_buf *b)
{
	switch (v->type) {
	case RT_FUNC:
		rt_buf_adds(b, "{\"<function>\": ");
		json_str(v->u.fn->name, strlen(v->u.fn->name), b);
		rt_buf_adds(b, "}");
		break;
	case RT_LIST:
		rt_buf_adds(b, "[");
		for (size_t i = 0; i < rt_list_len(v); i++) {
			if (i)
				rt_buf_adds(b, ", ");
			json_value(rt_list_at(v, i), b);
		}
		rt_buf_adds(b, "]");
		break;
	case RT_MAP:
		rt_buf_adds(b, "{");
		for (size_t i = 0; i < rt_map_len(v); i++) {
			if (i)
				rt_buf_adds(b, ", ");
			json_str(rt_map_key(v, i), strlen(rt_map_key(v, i)), b);
			rt_buf_adds(b, ": ");
			json_value(rt_map_val(v, i), b);
		}
		rt_buf_adds(b, "}");
		break;
	case RT_STR:
		json_str(v->u.s.ptr, v->u.s.len, b);
		break;
	case RT_FLOAT:
		rt_buf_addf(b, "%.17g%s", v->u.f, v->u.f == (double)(long long)v->u.f ? ".0" : "");
		break;
	case RT_NULL:
		rt_buf_adds(b, "null");
		break;
	default:
		rt_value_describe(v, b);
	}
}

static int cmd_json(const char *file)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *v = li_load_definition(file, NULL, &err);
	struct rt_buf b = RT_BUF_INIT;
	if (!v) {
		printf("error: %s\n", err.msg);
		rt_error_release(&err);
		return 1;
	}
	json_value(v, &b);
	printf("%s\n", b.buf);
	rt_buf_release(&b);
	rt_value_free(v);
	return 0;
}

static int cmd_data(const char *file)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *v = li_load_definition(file, NULL, &err);
	if (!v) {
		printf("error: %s\n", err.msg);
		rt_error_release(&err);
		return 1;
	}
	for (size_t i = 0; i < rt_map_len(v); i++) {
		struct rt_buf b = RT_BUF_INIT;
		print_value(rt_map_val(v, i), &b);
		printf("%s = %s\n", rt_map_key(v, i), b.buf);
		rt_buf_release(&b);
	}
	rt_value_free(v);
	return 0;
}

static int cmd_lua(const char *file, int convert)
{
	struct rt_buf text = RT_BUF_INIT, out = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	int rc = 0;
	if (rt_buf_read_file(&text, file, (size_t)64 << 20) < 0) {
		perror(file);
		return 1;
	}
	if ((convert ? li_pyread_convert : li_pyread_translate)(text.buf, text.len, file, &out, &err) < 0) {
		printf("error: %s\n", err.msg);
		rc = 1;
	} else {
		fwrite(out.buf, 1, out.len, stdout);
	}
	rt_error_release(&err);
	rt_buf_release(&text);
	rt_buf_release(&out);
	return rc;
}

/* Each expression is evaluated as the definition `_r = repr(EXPR)`. */
static int cmd_eval(void)
{
	char line[65536];
	while (fgets(line, sizeof(line), stdin)) {
		struct rt_buf src = RT_BUF_INIT;
		struct rt_error err = RT_ERROR_INIT;
		struct rt_value *v;
		size_t n = strlen(line);
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = 0;
		rt_buf_addf(&src, "_r = repr(%s)\n", line);
		v = li_pyread_load(src.buf, src.len, "expr.py", NULL, &err);
		if (v) {
			const struct rt_value *r = rt_map_get(v, "_r");
			printf("%s\n", r && r->type == RT_STR ? r->u.s.ptr : "?");
		} else {
			/* "expr.py:1: Kind: message" -> "error: Kind" */
			const char *m = err.msg ? err.msg : "";
			const char *p = strstr(m, ": ");
			const char *k = p ? p + 2 : m;
			size_t kl = strcspn(k, ": ");
			if (strstr(m, "is not supported when reading"))
				printf("unsupported\n");
			else
				printf("error: %.*s\n", (int)kl, k);
			if (getenv("PYREAD_DEBUG"))
				fprintf(stderr, "%s\n", m);
		}
		fflush(stdout);
		rt_value_free(v);
		rt_error_release(&err);
		rt_buf_release(&src);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && rt_streq(argv[1], "eval"))
		return cmd_eval();
	if (argc == 3 && rt_streq(argv[1], "data"))
		return cmd_data(argv[2]);
	if (argc == 3 && rt_streq(argv[1], "json"))
		return cmd_json(argv[2]);
	if (argc == 3 && rt_streq(argv[1], "lua"))
		return cmd_lua(argv[2], 0);
	if (argc == 3 && rt_streq(argv[1], "convert"))
		return cmd_lua(argv[2], 1);
	fprintf(stderr, "usage: rez-pyread-test eval | data FILE | lua FILE | convert FILE\n");
	return 2;
}
