/* luawrite.c - package data to package.lua text (see luawrite.h). */
#include "runtime/luawrite.h"
#include "runtime/buf.h"
#include "runtime/value.h"

#include <stdio.h>

/* The body of a stored function, dedented: what Rez shows for a SourceCode. */
char *rt_luawrite_func_body(const struct rt_func *fn)
{
	const char *s = fn->source, *p = strstr(s, "function"), *end;
	struct rt_buf raw = RT_BUF_INIT, out = RT_BUF_INIT;
	size_t common = (size_t)-1;
	int depth = 0;

	if (!p)
		return rt_xstrdup(s);
	p = strchr(p, '(');
	for (; p && *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			break;
	}
	if (!p || !*p)
		return rt_xstrdup(s);
	p++;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\n')
		p++;
	end = s + strlen(s);
	while (end > p && strchr(" \t\r\n", end[-1]))
		end--;
	if (end - p >= 3 && memcmp(end - 3, "end", 3) == 0)
		end -= 3;
	while (end > p && strchr(" \t\r\n", end[-1]))
		end--;
	rt_buf_add(&raw, p, (size_t)(end - p));
	for (const char *l = raw.buf; *l;) {
		size_t ind = 0;
		while (l[ind] == ' ' || l[ind] == '\t')
			ind++;
		if (l[ind] && l[ind] != '\n' && ind < common)
			common = ind;
		l = strchr(l, '\n');
		if (!l)
			break;
		l++;
	}
	if (common == (size_t)-1)
		common = 0;
	for (const char *l = raw.buf; *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l), ind = 0;
		while (ind < len && (l[ind] == ' ' || l[ind] == '\t'))
			ind++;
		if (ind < len)
			rt_buf_add(&out, l + (common < len ? common : len), len - (common < len ? common : len));
		if (!nl)
			break;
		rt_buf_addch(&out, '\n');
		l = nl + 1;
	}
	rt_buf_release(&raw);
	return rt_buf_detach(&out, NULL);
}

/* ---- Lua output ---- */

void rt_luawrite_quote(struct rt_buf *out, const char *s, size_t len)
{
	rt_buf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '"': rt_buf_adds(out, "\\\""); break;
		case '\\': rt_buf_adds(out, "\\\\"); break;
		case '\n': rt_buf_adds(out, "\\n"); break;
		case '\t': rt_buf_adds(out, "\\t"); break;
		case '\r': rt_buf_adds(out, "\\r"); break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				rt_buf_addf(out, "\\%03u", ch);
			else
				rt_buf_addch(out, (char)ch);
		}
	}
	rt_buf_addch(out, '"');
}

static int is_ident(const char *s)
{
	static const char *const reserved[] = {
		"and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto",
		"if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true",
		"until", "while", NULL
	};
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
		      (*p >= '0' && *p <= '9')))
			return 0;
	for (const char *const *r = reserved; *r; r++)
		if (rt_streq(*r, s))
			return 0;
	return 1;
}



static int is_flat(const struct rt_value *v)
{
	if (v->type == RT_LIST)
		for (size_t i = 0; i < rt_list_len(v); i++)
			if (rt_list_at(v, i)->type == RT_LIST || rt_list_at(v, i)->type == RT_MAP)
				return 0;
	return v->type != RT_MAP;
}

void rt_luawrite_value(struct rt_buf *out, const struct rt_value *v, int indent)
{
	switch (v->type) {
	case RT_NULL: rt_buf_adds(out, "nil"); break;
	case RT_BOOL: rt_buf_adds(out, v->u.b ? "true" : "false"); break;
	case RT_INT: rt_buf_addf(out, "%lld", v->u.i); break;
	case RT_FLOAT:
		if (v->u.f != v->u.f)
			rt_buf_adds(out, "(0/0)");
		else if (v->u.f > 1e308 || v->u.f < -1e308)
			rt_buf_adds(out, v->u.f > 0 ? "math.huge" : "-math.huge");
		else {
			char tmp[64];
			snprintf(tmp, sizeof(tmp), "%.17g", v->u.f);
			rt_buf_adds(out, tmp);
			if (!strpbrk(tmp, ".eE"))
				rt_buf_adds(out, ".0");
		}
		break;
	case RT_STR: rt_luawrite_quote(out, v->u.s.ptr, v->u.s.len); break;
	case RT_FUNC: rt_buf_adds(out, v->u.fn->source); break;
	case RT_LIST:
		if (rt_list_len(v) == 0) {
			rt_buf_adds(out, "{}");
		} else if (is_flat(v) && rt_list_len(v) <= 1) {
			rt_buf_addch(out, '{');
			rt_luawrite_value(out, rt_list_at(v, 0), indent);
			rt_buf_addch(out, '}');
		} else {
			rt_buf_adds(out, "{\n");
			for (size_t i = 0; i < rt_list_len(v); i++) {
				rt_buf_addchars(out, ' ', (size_t)indent + 4);
				rt_luawrite_value(out, rt_list_at(v, i), indent + 4);
				rt_buf_adds(out, ",\n");
			}
			rt_buf_addchars(out, ' ', (size_t)indent);
			rt_buf_addch(out, '}');
		}
		break;
	case RT_MAP:
		if (rt_map_len(v) == 0) {
			rt_buf_adds(out, "{}");
			break;
		}
		rt_buf_adds(out, "{\n");
		for (size_t i = 0; i < rt_map_len(v); i++) {
			const char *k = rt_map_key(v, i);
			rt_buf_addchars(out, ' ', (size_t)indent + 4);
			if (is_ident(k)) {
				rt_buf_adds(out, k);
			} else {
				rt_buf_addch(out, '[');
				rt_luawrite_quote(out, k, strlen(k));
				rt_buf_addch(out, ']');
			}
			rt_buf_adds(out, " = ");
			rt_luawrite_value(out, rt_map_val(v, i), indent + 4);
			rt_buf_adds(out, ",\n");
		}
		rt_buf_addchars(out, ' ', (size_t)indent);
		rt_buf_addch(out, '}');
		break;
	}
}

void rt_luawrite_item(struct rt_buf *out, const char *key, const struct rt_value *v)
{
	if (v->type == RT_FUNC) {
		const struct rt_func *fn = v->u.fn;
		if (fn->flags & RT_FN_LATE)
			rt_buf_adds(out, "@late\n");
		if (fn->n_includes) {
			rt_buf_adds(out, "@include(");
			for (size_t i = 0; i < fn->n_includes; i++) {
				if (i)
					rt_buf_adds(out, ", ");
				rt_luawrite_quote(out, fn->includes[i], strlen(fn->includes[i]));
			}
			rt_buf_adds(out, ")\n");
		}
		if (rt_starts_with(fn->source, "function ")) {
			rt_buf_adds(out, fn->source);
		} else {
			/* "name = function() ... end": write the statement form. */
			char *body = rt_luawrite_func_body(fn);
			rt_buf_addf(out, "function %s()\n", key);
			for (const char *l = body; *l;) {
				const char *nl = strchr(l, '\n');
				size_t len = nl ? (size_t)(nl - l) : strlen(l);
				if (len)
					rt_buf_adds(out, "    ");
				rt_buf_add(out, l, len);
				rt_buf_addch(out, '\n');
				if (!nl)
					break;
				l = nl + 1;
			}
			rt_buf_adds(out, "end");
			free(body);
		}
		rt_buf_addch(out, '\n');
		return;
	}
	if (is_ident(key)) {
		rt_buf_addf(out, "%s = ", key);
	} else {
		rt_buf_adds(out, "_ENV[");
		rt_luawrite_quote(out, key, strlen(key));
		rt_buf_adds(out, "] = ");
	}
	rt_luawrite_value(out, v, 0);
	rt_buf_addch(out, '\n');
}

