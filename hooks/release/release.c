/* release.c - running the release hooks of a package, and the text helpers they share
 * (Python-style formatting, $VAR expansion, repr and json.dumps). */
#include "hooks/release/internal.h"
#include "runtime/config.h"

#include <stdio.h>

void hk_say(const struct hk_release *r, enum hk_level level, const char *fmt, ...)
{
	struct rt_buf b = RT_BUF_INIT;
	va_list ap;
	if (level == HK_DEBUG && !r->debug)
		return;
	va_start(ap, fmt);
	rt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->print(r->print_ud, level, b.buf);
	rt_buf_release(&b);
}

const char *hk_event_label(enum hk_event ev)
{
	switch (ev) {
	case HK_PRE_BUILD: return "pre-build";
	case HK_PRE_RELEASE: return "pre-release";
	case HK_POST_RELEASE: return "post-release";
	}
	RT_BUG("bad event");
}

const char *hk_event_name(enum hk_event ev)
{
	switch (ev) {
	case HK_PRE_BUILD: return "pre_build";
	case HK_PRE_RELEASE: return "pre_release";
	case HK_POST_RELEASE: return "post_release";
	}
	RT_BUG("bad event");
}

const char *hk_get_str(const struct rt_value *map, const char *key)
{
	return map && map->type == RT_MAP ? rt_value_as_str(rt_map_get(map, key)) : NULL;
}

long long hk_get_int(const struct rt_value *map, const char *key, long long def)
{
	const struct rt_value *v = map && map->type == RT_MAP ? rt_map_get(map, key) : NULL;
	return v && v->type == RT_INT ? v->u.i : def;
}

void hk_qualified_name(const struct rt_value *pkg, struct rt_buf *out)
{
	const char *name = hk_get_str(pkg, "name"), *version = hk_get_str(pkg, "version");
	rt_buf_adds(out, name ? name : "");
	if (version && *version)
		rt_buf_addf(out, "-%s", version);
}

struct rt_value *hk_namespace(const struct hk_release *r, const struct rt_value *pkg)
{
	struct rt_value *ns = rt_value_map();
	struct rt_value *p = pkg && pkg->type == RT_MAP ? rt_value_copy(pkg) : rt_value_map();
	struct rt_buf qn = RT_BUF_INIT;
	hk_qualified_name(pkg, &qn);
	rt_map_set(p, "qualified_name", rt_value_str_take(rt_buf_detach(&qn, NULL)));
	rt_map_set(ns, "package", p);
	rt_map_set(ns, "system", r->system ? rt_value_copy(r->system) : rt_value_map());
	return ns;
}

/* ---- Python's repr and json.dumps ---- */

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length, *cp = U+FFFD and
 * length 1 for an invalid byte. */
static size_t utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], need, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) { need = 1; min = 0x80; c &= 0x1f; }
	else if (c >= 0xe0 && c <= 0xef) { need = 2; min = 0x800; c &= 0x0f; }
	else if (c >= 0xf0 && c <= 0xf4) { need = 3; min = 0x10000; c &= 0x07; }
	else goto bad;
	if (n < need + 1)
		goto bad;
	for (unsigned i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return need + 1;
bad:
	*cp = 0xfffd;
	return 1;
}

static void repr_float(double f, struct rt_buf *out)
{
	char tmp[64];
	if (f != f) {
		rt_buf_adds(out, "NaN");
		return;
	}
	if (f > 1.7976931348623157e308 || f < -1.7976931348623157e308) {
		rt_buf_adds(out, f > 0 ? "Infinity" : "-Infinity");
		return;
	}
	/* shortest text that reads back as the same double, as Python's repr */
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, f);
		if (strtod(tmp, NULL) == f)
			break;
	}
	rt_buf_adds(out, tmp);
	if (!strpbrk(tmp, ".eEn"))
		rt_buf_adds(out, ".0");
}

/* Lists and maps as Python prints them (repr and json.dumps share the shape): "[a, b]",
 * "{k: v, k2: v2}", with item and key writers for the flavour. */
static void container(const struct rt_value *v, void (*item)(const struct rt_value *, struct rt_buf *),
		      void (*key)(const char *, size_t, struct rt_buf *), struct rt_buf *out)
{
	int map = v->type == RT_MAP;
	size_t n = map ? rt_map_len(v) : rt_list_len(v);
	rt_buf_addch(out, map ? '{' : '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			rt_buf_adds(out, ", ");
		if (map) {
			key(rt_map_key(v, i), strlen(rt_map_key(v, i)), out);
			rt_buf_adds(out, ": ");
		}
		item(map ? rt_map_val(v, i) : rt_list_at(v, i), out);
	}
	rt_buf_addch(out, map ? '}' : ']');
}

static void repr_str(const char *s, size_t len, struct rt_buf *out)
{
	int q = '\'';
	if (memchr(s, '\'', len) && !memchr(s, '"', len))
		q = '"';
	rt_buf_addch(out, q);
	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t n = utf8_next((const unsigned char *)s + i, len - i, &cp);
		if (cp == (unsigned)q || cp == '\\')
			rt_buf_addf(out, "\\%c", (char)cp);
		else if (cp == '\n')
			rt_buf_adds(out, "\\n");
		else if (cp == '\r')
			rt_buf_adds(out, "\\r");
		else if (cp == '\t')
			rt_buf_adds(out, "\\t");
		else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			rt_buf_addf(out, "\\x%02x", cp);
		else
			rt_buf_add(out, s + i, n);
		i += n;
	}
	rt_buf_addch(out, q);
}

void hk_repr(const struct rt_value *v, struct rt_buf *out)
{
	switch (v->type) {
	case RT_NULL: rt_buf_adds(out, "None"); return;
	case RT_BOOL: rt_buf_adds(out, v->u.b ? "True" : "False"); return;
	case RT_INT: rt_buf_addf(out, "%lld", v->u.i); return;
	case RT_FLOAT: repr_float(v->u.f, out); return;
	case RT_STR: repr_str(v->u.s.ptr, v->u.s.len, out); return;
	case RT_FUNC: repr_str(v->u.fn->source, strlen(v->u.fn->source), out); return;
	case RT_LIST:
	case RT_MAP:
		container(v, hk_repr, repr_str, out);
		return;
	}
}

static void json_str(const char *s, size_t len, struct rt_buf *out)
{
	rt_buf_addch(out, '"');
	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t n = utf8_next((const unsigned char *)s + i, len - i, &cp);
		i += n;
		switch (cp) {
		case '"': rt_buf_adds(out, "\\\""); continue;
		case '\\': rt_buf_adds(out, "\\\\"); continue;
		case '\n': rt_buf_adds(out, "\\n"); continue;
		case '\r': rt_buf_adds(out, "\\r"); continue;
		case '\t': rt_buf_adds(out, "\\t"); continue;
		case '\b': rt_buf_adds(out, "\\b"); continue;
		case '\f': rt_buf_adds(out, "\\f"); continue;
		}
		if (cp >= 0x20 && cp < 0x7f)
			rt_buf_addch(out, (int)cp);
		else if (cp < 0x10000)
			rt_buf_addf(out, "\\u%04x", cp);
		else
			rt_buf_addf(out, "\\u%04x\\u%04x", 0xd800 + ((cp - 0x10000) >> 10),
				    0xdc00 + ((cp - 0x10000) & 0x3ff));
	}
	rt_buf_addch(out, '"');
}

void hk_json_dumps(const struct rt_value *v, struct rt_buf *out)
{
	switch (v->type) {
	case RT_NULL: rt_buf_adds(out, "null"); return;
	case RT_BOOL: rt_buf_adds(out, v->u.b ? "true" : "false"); return;
	case RT_INT: rt_buf_addf(out, "%lld", v->u.i); return;
	case RT_FLOAT: repr_float(v->u.f, out); return;
	case RT_STR: json_str(v->u.s.ptr, v->u.s.len, out); return;
	case RT_FUNC: json_str(v->u.fn->source, strlen(v->u.fn->source), out); return;
	case RT_LIST:
	case RT_MAP:
		container(v, hk_json_dumps, json_str, out);
		return;
	}
}

/* ---- formatting ---- */

static void render(const struct rt_value *v, int pretty, struct rt_buf *out)
{
	switch (v->type) {
	case RT_STR: rt_buf_add(out, v->u.s.ptr, v->u.s.len); return;
	case RT_NULL: if (!pretty) hk_repr(v, out); return;
	case RT_LIST:
		if (!pretty)
			break;
		for (size_t i = 0; i < rt_list_len(v); i++) {
			const struct rt_value *it = rt_list_at(v, i);
			if (i)
				rt_buf_addch(out, ' ');
			if (it->type == RT_STR)
				rt_buf_add(out, it->u.s.ptr, it->u.s.len);
			else
				hk_repr(it, out);
		}
		return;
	default:
		break;
	}
	hk_repr(v, out);
}

static int is_ident(int c, int first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

/* Looks up a field "a.b[0][k]" in ns; NULL when any step fails. */
static const struct rt_value *lookup(const struct rt_value *ns, const char *f, size_t len)
{
	const struct rt_value *cur = ns;
	size_t i = 0;
	int first = 1;
	while (i < len) {
		char key[256];
		size_t k = 0;
		if (!first && f[i] == '[') {
			size_t j = i + 1;
			while (j < len && f[j] != ']')
				j++;
			if (j >= len || j == i + 1 || j - i - 1 >= sizeof(key))
				return NULL;
			memcpy(key, f + i + 1, j - i - 1);
			key[j - i - 1] = '\0';
			i = j + 1;
			if (cur->type == RT_LIST) {
				char *end;
				long n = strtol(key, &end, 10);
				if (*end || n < 0 || (size_t)n >= rt_list_len(cur))
					return NULL;
				cur = rt_list_at(cur, (size_t)n);
				continue;
			}
		} else {
			if (!first) {
				if (f[i] != '.')
					return NULL;
				i++;
			}
			if (i >= len || !is_ident((unsigned char)f[i], 1))
				return NULL;
			while (i < len && is_ident((unsigned char)f[i], 0) && k < sizeof(key) - 1)
				key[k++] = f[i++];
			key[k] = '\0';
			if (i < len && is_ident((unsigned char)f[i], 0))
				return NULL;
		}
		first = 0;
		if (cur->type != RT_MAP || !(cur = rt_map_get(cur, key)))
			return NULL;
	}
	return first ? NULL : cur;
}

void hk_format(const char *tmpl, const struct rt_value *ns, int pretty, struct rt_buf *out)
{
	const char *p = tmpl;
	while (*p) {
		const char *close;
		const struct rt_value *v;
		if (p[0] == '{' && p[1] == '{') {
			rt_buf_addch(out, '{');
			p += 2;
			continue;
		}
		if (p[0] == '}' && p[1] == '}') {
			rt_buf_addch(out, '}');
			p += 2;
			continue;
		}
		if (*p != '{' || !(close = strchr(p + 1, '}'))) {
			rt_buf_addch(out, *p++);
			continue;
		}
		v = memchr(p + 1, '{', (size_t)(close - p - 1)) ? NULL
			: lookup(ns, p + 1, (size_t)(close - p - 1));
		if (v)
			render(v, pretty, out);
		else
			rt_buf_add(out, p, (size_t)(close - p + 1));
		p = close + 1;
	}
}

void hk_expandvars(const char *s, const struct rt_value *env, struct rt_buf *out)
{
	const char *p = s;
	while (*p) {
		const char *name, *end, *after;
		char *key, *val = NULL;
		if (*p != '$') {
			rt_buf_addch(out, *p++);
			continue;
		}
		if (p[1] == '{') {
			name = p + 2;
			end = strchr(name, '}');
			if (!end || end == name) {
				rt_buf_addch(out, *p++);
				continue;
			}
			after = end + 1;
		} else {
			name = end = p + 1;
			while (is_ident((unsigned char)*end, 0))
				end++;
			if (end == name) {
				rt_buf_addch(out, *p++);
				continue;
			}
			after = end;
		}
		key = rt_xmemdupz(name, (size_t)(end - name));
		if (env)
			val = (char *)hk_get_str(env, key);
		else
			val = getenv(key);
		if (val)
			rt_buf_adds(out, val);
		else
			rt_buf_add(out, p, (size_t)(after - p));
		free(key);
		p = after;
	}
}

/* ---- running the hooks ---- */

int hk_release_run(struct hk_release *r, enum hk_event ev, struct rt_error *err)
{
	const struct rt_value *names = rt_config_str_list(r->cfg, "release_hooks");
	for (size_t i = 0; i < rt_list_len(names); i++) {
		const char *name = rt_value_as_str(rt_list_at(names, i));
		struct rt_error herr = RT_ERROR_INIT;
		int rc, found = 1;
		if (rt_streq(name, "command"))
			rc = hk_command_run(r, ev, &herr);
		else if (rt_streq(name, "emailer"))
			rc = hk_emailer_run(r, ev, &herr);
		else if (rt_streq(name, "amqp"))
			rc = hk_amqp_run(r, ev, &herr);
		else
			rc = hk_lua_run(r, name, ev, &found, &herr);
		if (!found) {
			hk_say(r, HK_WARN, "Release hook '%s' is not available.", name);
			continue;
		}
		if (rc < 0 && ev != HK_POST_RELEASE) {
			rt_error(err, "%s cancelled by %s hook '%s': %s",
				 ev == HK_PRE_BUILD ? "build" : "release", hk_event_label(ev), name,
				 rt_error_msg(&herr));
			rt_error_release(&herr);
			return -1;
		}
		if (rc < 0)
			hk_say(r, HK_ERROR, "%s hook '%s' failed: %s", hk_event_label(ev), name,
			       rt_error_msg(&herr));
		rt_error_release(&herr);
	}
	return 0;
}
