/* lua.c - Lua release hooks: NAME.lua found on release_hook_path (or shipped in hooks/release/,
 * compiled in) returns a table of event functions. Each runs in a sandboxed state (interp/
 * state.c) with the standard library plus what hooks need: `run` (a program from an argv list,
 * never a shell), `http` (libcurl), `json` (stdlib), `cancel(message)`, `print`, and the hook's
 * settings from plugins.release_hook.NAME. */
#include "hooks/release/internal.h"
#include "interp/bind.h"
#include "interp/state.h"
#include "runtime/config.h"

#include <curl/curl.h>
#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <sys/stat.h>

extern const unsigned char hk_shipped_chat[];
extern const size_t hk_shipped_chat_len;
extern const unsigned char hk_shipped_ci_trigger[];
extern const size_t hk_shipped_ci_trigger_len;

static const struct {
	const char *name;
	const unsigned char *text;
	const size_t *len;
} shipped[] = {
	{ "chat", hk_shipped_chat, &hk_shipped_chat_len },
	{ "ci_trigger", hk_shipped_ci_trigger, &hk_shipped_ci_trigger_len },
};

#define CANCEL_KEY "rez.release.cancel"
#define PRINT_KEY "rez.release.print"
#define HTTP_META "rez.http.request"

/* ---- http ---- */

struct http_req {
	CURL *c;
	struct curl_slist *headers;
	struct rt_buf body, hdrs;
};

static int http_gc(lua_State *L)
{
	struct http_req *h = luaL_checkudata(L, 1, HTTP_META);
	if (h->c)
		curl_easy_cleanup(h->c);
	curl_slist_free_all(h->headers);
	rt_buf_release(&h->body);
	rt_buf_release(&h->hdrs);
	h->c = NULL;
	h->headers = NULL;
	return 0;
}

static size_t http_write(char *p, size_t size, size_t n, void *ud)
{
	struct rt_buf *b = ud;
	if (b->len + size * n > ((size_t)64 << 20))
		return 0;   /* a runaway response fails the request instead of eating memory */
	rt_buf_add(b, p, size * n);
	return size * n;
}

/* http.request{method=, url=, headers={k=v}, body=, timeout=} -> {status=, body=, headers=}
 * or nil, message. Misuse raises; a network failure returns nil and the reason. */
static int http_request(lua_State *L)
{
	struct http_req *h;
	const char *method, *url, *body = NULL;
	size_t body_len = 0;
	long timeout, status = 0;
	char errbuf[CURL_ERROR_SIZE] = "";
	CURLcode cc;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_getfield(L, 1, "url");                              /* url */
	url = luaL_checkstring(L, -1);
	lua_getfield(L, 1, "method");                           /* url method */
	method = luaL_optstring(L, -1, "GET");
	lua_getfield(L, 1, "body");                             /* url method body */
	if (!lua_isnil(L, -1))
		body = luaL_checklstring(L, -1, &body_len);
	lua_getfield(L, 1, "timeout");                          /* url method body timeout */
	timeout = (long)luaL_optinteger(L, -1, 30);
	h = lua_newuserdatauv(L, sizeof(*h), 0);                /* ... h */
	memset(h, 0, sizeof(*h));
	rt_buf_init(&h->body, 0);
	rt_buf_init(&h->hdrs, 0);
	luaL_setmetatable(L, HTTP_META);
	if (!(h->c = curl_easy_init()))
		return luaL_error(L, "http: cannot initialise libcurl");
	lua_getfield(L, 1, "headers");                          /* ... h headers */
	if (!lua_isnil(L, -1)) {
		luaL_checktype(L, -1, LUA_TTABLE);
		lua_pushnil(L);
		while (lua_next(L, -2)) {                       /* ... h headers k v */
			const char *k = luaL_checkstring(L, -2), *v = luaL_checkstring(L, -1);
			struct curl_slist *n;
			char *line;
			if (strpbrk(k, "\r\n:") || strpbrk(v, "\r\n"))
				return luaL_error(L, "http: bad header '%s'", k);
			line = rt_xstrfmt("%s: %s", k, v);
			n = curl_slist_append(h->headers, line);
			free(line);
			if (!n)
				return luaL_error(L, "http: out of memory");
			h->headers = n;
			lua_pop(L, 1);                          /* ... h headers k */
		}
	}
	lua_pop(L, 1);                                          /* ... h */
	curl_easy_setopt(h->c, CURLOPT_URL, url);
	curl_easy_setopt(h->c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h->c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h->c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(h->c, CURLOPT_CONNECTTIMEOUT, timeout);
	curl_easy_setopt(h->c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h->c, CURLOPT_WRITEFUNCTION, http_write);
	curl_easy_setopt(h->c, CURLOPT_WRITEDATA, &h->body);
	curl_easy_setopt(h->c, CURLOPT_HEADERFUNCTION, http_write);
	curl_easy_setopt(h->c, CURLOPT_HEADERDATA, &h->hdrs);
	if (h->headers)
		curl_easy_setopt(h->c, CURLOPT_HTTPHEADER, h->headers);
	if (body) {
		curl_easy_setopt(h->c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h->c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	}
	cc = curl_easy_perform(h->c);
	if (cc != CURLE_OK) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s %s: %s%s%s", method, url, curl_easy_strerror(cc),
				*errbuf ? ": " : "", errbuf);
		return 2;
	}
	curl_easy_getinfo(h->c, CURLINFO_RESPONSE_CODE, &status);
	lua_createtable(L, 0, 3);                               /* ... h res */
	lua_pushinteger(L, status);
	lua_setfield(L, -2, "status");
	lua_pushlstring(L, h->body.buf, h->body.len);
	lua_setfield(L, -2, "body");
	lua_newtable(L);                                        /* ... h res hdrs */
	for (char *line = h->hdrs.buf; *line;) {
		char *end = strstr(line, "\r\n"), *colon;
		size_t n = end ? (size_t)(end - line) : strlen(line);
		colon = memchr(line, ':', n);
		if (colon) {
			const char *v = colon + 1;
			while (*v == ' ' && v < line + n)
				v++;
			lua_pushlstring(L, line, (size_t)(colon - line));
			lua_pushlstring(L, v, (size_t)(line + n - v));
			lua_rawset(L, -3);
		}
		line += n + (end ? 2 : 0);
	}
	lua_setfield(L, -2, "headers");                         /* ... h res */
	return 1;
}

static int http_method(lua_State *L, const char *method)
{
	const char *url = luaL_checkstring(L, 1);
	if (lua_isnoneornil(L, 2))
		lua_newtable(L);
	luaL_checktype(L, 2, LUA_TTABLE);
	lua_settop(L, 2);
	lua_pushstring(L, url);
	lua_setfield(L, 2, "url");
	lua_pushstring(L, method);
	lua_setfield(L, 2, "method");
	lua_pushcfunction(L, http_request);
	lua_pushvalue(L, 2);
	lua_call(L, 1, 2);
	return 2;
}

static int http_get(lua_State *L) { return http_method(L, "GET"); }
static int http_post(lua_State *L) { return http_method(L, "POST"); }
static int http_put(lua_State *L) { return http_method(L, "PUT"); }

static const luaL_Reg http_funcs[] = {
	{ "request", http_request }, { "get", http_get }, { "post", http_post }, { "put", http_put },
	{ NULL, NULL }
};

/* ---- run, cancel, print ---- */

/* run({"prog", "arg", ...}) -> ok, status, output. Never a shell. A program that cannot be
 * found returns false, 127 and the reason. */
static int l_run(lua_State *L)
{
	const char **argv;
	lua_Integer n;
	struct rt_buf out = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	int status = 0;

	luaL_checktype(L, 1, LUA_TTABLE);
	n = luaL_len(L, 1);
	luaL_argcheck(L, n >= 1, 1, "argv must hold at least the program");
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, 1, i);
		if (lua_type(L, -1) != LUA_TSTRING)
			return luaL_argerror(L, 1, "argv must be a list of strings");
		lua_pop(L, 1);
	}
	/* the argv array is a Lua userdata, so an error below frees it */
	argv = lua_newuserdatauv(L, sizeof(*argv) * (size_t)(n + 1), 0);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, 1, i);
		argv[i - 1] = lua_tostring(L, -1);   /* kept alive by the argv table */
		lua_pop(L, 1);
	}
	argv[n] = NULL;
	if (rt_capture_run(argv, NULL, &out, &status, &err) < 0) {
		lua_pushboolean(L, 0);
		lua_pushinteger(L, 127);
		lua_pushstring(L, rt_error_msg(&err));
		rt_error_release(&err);
		return 3;
	}
	lua_pushboolean(L, status == 0);
	lua_pushinteger(L, status);
	li_bind_push_buf(L, &out);
	return 3;
}

static int l_cancel(lua_State *L)
{
	const char *msg = luaL_optstring(L, 1, "cancelled");
	lua_pushstring(L, msg);
	lua_setfield(L, LUA_REGISTRYINDEX, CANCEL_KEY);
	return luaL_error(L, "%s", msg);
}

struct printer {
	hk_print_fn fn;
	void *ud;
};

static int l_print(lua_State *L)
{
	struct printer *p;
	luaL_Buffer b;
	int n = lua_gettop(L);
	lua_getfield(L, LUA_REGISTRYINDEX, PRINT_KEY);
	p = lua_touserdata(L, -1);
	lua_pop(L, 1);
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	if (p && p->fn)
		p->fn(p->ud, HK_OUT, lua_tostring(L, -1));
	return 0;
}

/* ---- loading and calling ---- */

/* The hook's source: NAME.lua on release_hook_path, else a shipped one. Returns the text
 * (new) and the chunk name "@path" (new), or NULL when there is none. */
static char *find_hook(const struct rt_config *cfg, const char *name, char **chunk, size_t *len,
		       struct rt_error *err)
{
	const struct rt_value *dirs = rt_config_path_list(cfg, "release_hook_path");
	for (size_t i = 0; i < rt_list_len(dirs); i++) {
		char *path = rt_xstrfmt("%s/%s.lua", rt_value_as_str(rt_list_at(dirs, i)), name);
		struct rt_buf b = RT_BUF_INIT;
		struct stat st;
		if (stat(path, &st) == 0) {
			if (rt_buf_read_file(&b, path, 16 << 20) < 0) {
				rt_error(err, "cannot read '%s': %s", path, strerror(errno));
				free(path);
				*chunk = NULL;
				return NULL;
			}
			*chunk = rt_xstrfmt("@%s", path);
			free(path);
			return rt_buf_detach(&b, len);
		}
		free(path);
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(shipped); i++)
		if (rt_streq(shipped[i].name, name)) {
			*chunk = rt_xstrfmt("@hooks/release/%s.lua", name);
			*len = *shipped[i].len;
			return rt_xmemdupz(shipped[i].text, *len);
		}
	*chunk = NULL;
	return NULL;
}

static int valid_name(const char *name)
{
	if (!*name)
		return 0;
	for (const char *p = name; *p; p++)
		if (!(*p == '_' || *p == '-' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

/* Opens a state with the hook's extras, loads the hook and leaves its table on the stack.
 * Returns the state, or NULL (err). *found = 0 when the hook does not exist. */
static lua_State *open_hook(const struct rt_config *cfg, const char *name, struct printer *pr,
			    int *found, struct rt_error *err)
{
	struct li_limits limits = LI_LIMITS_DEFAULT;
	size_t len = 0;
	char *chunk = NULL, *text;
	lua_State *L;

	*found = 0;
	if (!valid_name(name))
		return NULL;
	text = find_hook(cfg, name, &chunk, &len, err);
	if (!text)
		return NULL;
	*found = 1;
	if (!(L = li_state_new(&limits, err))) {
		free(text);
		free(chunk);
		return NULL;
	}
	li_bind_init(L);
	lua_pushlightuserdata(L, pr);
	lua_setfield(L, LUA_REGISTRYINDEX, PRINT_KEY);
	luaL_newmetatable(L, HTTP_META);                        /* mt */
	lua_pushcfunction(L, http_gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);
	luaL_newlib(L, http_funcs);                             /* http */
	lua_setglobal(L, "http");
	lua_pushcfunction(L, l_run);
	lua_setglobal(L, "run");
	lua_pushcfunction(L, l_cancel);
	lua_setglobal(L, "cancel");
	lua_pushcfunction(L, l_print);
	lua_setglobal(L, "print");
	if (li_state_load(L, text, len, chunk, err) < 0 || li_state_pcall(L, 0, 1, err) < 0) {
		free(text);
		free(chunk);
		li_state_close(L);
		return NULL;
	}
	if (!lua_istable(L, -1)) {
		rt_error(err, "%s: a release hook must return a table of event functions (got %s)",
			 chunk + 1, luaL_typename(L, -1));
		free(text);
		free(chunk);
		li_state_close(L);
		return NULL;
	}
	free(text);
	free(chunk);
	return L;
}

/* Calls hook[event](args) with the hook table on top of the stack; the table stays. */
static int call_event(lua_State *L, const char *event, const struct rt_value *args,
		      const struct rt_value *settings, struct rt_error *err)
{
	lua_getfield(L, -1, event);                             /* hook fn */
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return 0;
	}
	li_bind_value(L, args);                                 /* hook fn args */
	if (settings)
		li_bind_value(L, settings);
	else
		lua_newtable(L);                                /* hook fn args settings */
	lua_setfield(L, -2, "settings");                        /* hook fn args */
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, CANCEL_KEY);
	if (li_state_pcall(L, 1, 0, err) < 0) {
		lua_getfield(L, LUA_REGISTRYINDEX, CANCEL_KEY);
		if (lua_isstring(L, -1))
			rt_error(err, "%s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return -1;
	}
	return 0;
}

static struct rt_value *hook_args(const struct hk_release *r, enum hk_event ev)
{
	struct rt_value *a = rt_value_map(), *vars = rt_value_list();
	struct rt_value *pkg = r->package ? rt_value_copy(r->package) : rt_value_map();
	struct rt_buf qn = RT_BUF_INIT;
	hk_qualified_name(r->package, &qn);
	rt_map_set(pkg, "qualified_name", rt_value_str_take(rt_buf_detach(&qn, NULL)));
	rt_map_set(a, "event", rt_value_str(hk_event_name(ev)));
	rt_map_set(a, "package", pkg);
	rt_map_set(a, "user", rt_value_str(r->user ? r->user : ""));
	rt_map_set(a, "install_path", rt_value_str(r->install_path ? r->install_path : ""));
	if (r->release_message)
		rt_map_set(a, "release_message", rt_value_str(r->release_message));
	if (r->changelog)
		rt_map_set(a, "changelog", rt_value_str(r->changelog));
	if (r->previous_version)
		rt_map_set(a, "previous_version", rt_value_str(r->previous_version));
	if (r->previous_revision)
		rt_map_set(a, "previous_revision", rt_value_str(r->previous_revision));
	if (ev == HK_POST_RELEASE) {
		for (size_t i = 0; i < r->n_variants; i++) {
			struct rt_value *v = rt_value_map();
			rt_map_set(v, "index", rt_value_int(r->variants[i].index));
			rt_map_set(v, "root", rt_value_str(r->variants[i].root));
			rt_map_set(v, "requires", r->variants[i].requires
				   ? rt_value_copy(r->variants[i].requires) : rt_value_list());
			rt_list_push(vars, v);
		}
	} else {
		for (size_t i = 0; i < r->n_indices; i++) {
			struct rt_value *v = rt_value_map();
			rt_map_set(v, "index", rt_value_int(r->indices[i]));
			rt_list_push(vars, v);
		}
	}
	rt_map_set(a, "variants", vars);
	return a;
}

static const struct rt_value *hook_settings(const struct rt_config *cfg, const char *name)
{
	char *key = rt_xstrfmt("plugins.release_hook.%s", name);
	const struct rt_value *s = rt_config_get(cfg, key);
	free(key);
	return s && s->type == RT_MAP ? s : NULL;
}

int hk_lua_run(struct hk_release *r, const char *name, enum hk_event ev, int *found,
	       struct rt_error *err)
{
	struct printer pr = { r->print, r->print_ud };
	struct rt_value *args;
	lua_State *L = open_hook(r->cfg, name, &pr, found, err);
	int durable, rc;

	if (!L)
		return *found ? -1 : 0;
	lua_getfield(L, -1, "durable");
	durable = lua_toboolean(L, -1);
	lua_pop(L, 1);
	args = hook_args(r, ev);
	if (ev == HK_POST_RELEASE && durable) {
		struct rt_value *note = rt_value_map();
		lua_getfield(L, -1, hk_event_name(ev));
		rc = lua_isnil(L, -1) ? 1 : 0;
		lua_pop(L, 1);
		li_state_close(L);
		if (rc == 1) {
			rt_value_free(note);
			rt_value_free(args);
			return 0;
		}
		rt_map_set(note, "name", rt_value_str(name));
		rt_map_set(note, "args", args);
		rc = hk_outbox_send(r, r->cfg, "lua", note, err);
		rt_value_free(note);
		if (rc < 0)
			return -1;
		if (rc == 0)
			r->n_pending++;
		return 0;
	}
	rc = call_event(L, hk_event_name(ev), args, hook_settings(r->cfg, name), err);
	rt_value_free(args);
	li_state_close(L);
	return rc;
}

int hk_lua_deliver(const struct rt_config *cfg, const struct rt_value *note, hk_print_fn print,
		   void *ud, struct rt_error *err)
{
	struct printer pr = { print, ud };
	const char *name = hk_get_str(note, "name");
	const struct rt_value *args = rt_map_get(note, "args");
	lua_State *L;
	int found, rc;

	if (!name || !args || args->type != RT_MAP)
		return rt_error(err, "malformed Lua hook notification");
	L = open_hook(cfg, name, &pr, &found, err);
	if (!L)
		return found ? -1 : rt_error(err, "release hook '%s' is not available", name);
	rc = call_event(L, "post_release", args, hook_settings(cfg, name), err);
	li_state_close(L);
	return rc;
}
