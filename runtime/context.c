/* context.c - resolved context data and its .rxt file form (see context.h). */
#include "runtime/context.h"
#include "runtime/file.h"
#include "runtime/buf.h"
#include "runtime/json.h"
#include "runtime/value.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* The .rxt format version written (Rez's ResolvedContext.serialize_version). */
#define RXT_MAJOR 4
#define RXT_MINOR 9

void rt_strlist_push(struct rt_strlist *l, const char *s)
{
	l->v = rt_xgrow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	l->v[l->n++] = rt_xstrdup(s ? s : "");
}

void rt_strlist_release(struct rt_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

struct rt_context *rt_context_new(void)
{
	struct rt_context *ctx = rt_xcalloc(1, sizeof(*ctx));
	ctx->status = RT_CTX_SOLVED;
	return ctx;
}

void rt_context_free(struct rt_context *ctx)
{
	if (!ctx)
		return;
	rt_strlist_release(&ctx->requests);
	rt_strlist_release(&ctx->implicits);
	rt_strlist_release(&ctx->package_paths);
	rt_strlist_release(&ctx->ephemerals);
	for (size_t i = 0; i < ctx->n_pkgs; i++) {
		struct rt_context_pkg *p = &ctx->pkgs[i];
		free(p->name);
		free(p->version);
		free(p->location);
		free(p->base);
		free(p->root);
		free(p->uri);
	}
	free(ctx->pkgs);
	rt_value_free(ctx->package_filter);
	rt_value_free(ctx->package_orderers);
	free(ctx->failure_description);
	free(ctx->user);
	free(ctx->host);
	free(ctx->platform);
	free(ctx->arch);
	free(ctx->os);
	free(ctx->rez_version);
	free(ctx->rxt_path);
	free(ctx->parent_suite_path);
	free(ctx->suite_context_name);
	free(ctx);
}

struct rt_context_pkg *rt_context_add_pkg(struct rt_context *ctx, const char *name,
					  const char *version, int variant_index,
					  const char *location, const char *base,
					  const char *root, const char *uri)
{
	struct rt_context_pkg *p;
	ctx->pkgs = rt_xgrow(ctx->pkgs, sizeof(*ctx->pkgs), ctx->n_pkgs + 1, &ctx->cap_pkgs);
	p = &ctx->pkgs[ctx->n_pkgs++];
	p->name = rt_xstrdup(name ? name : "");
	p->version = rt_xstrdup(version ? version : "");
	p->variant_index = variant_index;
	p->location = rt_xstrdup(location ? location : "");
	p->base = rt_xstrdup(base ? base : "");
	p->root = rt_xstrdup(root ? root : "");
	p->uri = rt_xstrdup(uri ? uri : "");
	return p;
}

static char *os_name(void)
{
	/* Rez's system.os for Linux is "<distro id>-<version id>" from os-release. */
	struct rt_buf sb = RT_BUF_INIT;
	char id[64] = "", ver[64] = "";
	if (rt_buf_read_file(&sb, "/etc/os-release", 1 << 16) == 0) {
		char *line = sb.buf;
		while (line && *line) {
			char *nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			if (rt_starts_with(line, "ID="))
				snprintf(id, sizeof(id), "%s", line + 3);
			else if (rt_starts_with(line, "VERSION_ID="))
				snprintf(ver, sizeof(ver), "%s", line + 11);
			line = nl ? nl + 1 : NULL;
		}
	}
	rt_buf_release(&sb);
	for (char *s = id; *s; s++)
		if (*s == '"')
			memmove(s, s + 1, strlen(s));
	for (char *s = ver; *s; s++)
		if (*s == '"')
			memmove(s, s + 1, strlen(s));
	if (id[0] >= 'a' && id[0] <= 'z')
		id[0] = (char)(id[0] - 'a' + 'A');
	if (!id[0])
		return rt_xstrdup("Linux");
	return ver[0] ? rt_xstrfmt("%s-%s", id, ver) : rt_xstrdup(id);
}

void rt_context_stamp(struct rt_context *ctx)
{
	struct utsname u;
	struct passwd *pw = getpwuid(getuid());
	const char *user = getenv("USER");
	time_t now = time(NULL);
	ctx->created = (long long)now;
	if (!ctx->timestamp)
		ctx->timestamp = (long long)now;
	free(ctx->user);
	ctx->user = rt_xstrdup(user && *user ? user : pw ? pw->pw_name : "unknown");
	free(ctx->host);
	free(ctx->platform);
	free(ctx->arch);
	if (uname(&u) == 0) {
		ctx->host = rt_xstrdup(u.nodename);
		ctx->arch = rt_xstrdup(u.machine);
	} else {
		ctx->host = rt_xstrdup("unknown");
		ctx->arch = rt_xstrdup("unknown");
	}
	ctx->platform = rt_xstrdup("linux");
	free(ctx->os);
	ctx->os = os_name();
	free(ctx->rez_version);
	ctx->rez_version = rt_xstrdup(REZ_LUA_VERSION);
}

const char *rt_context_status_name(enum rt_context_status s)
{
	switch (s) {
	case RT_CTX_SOLVED: return "solved";
	case RT_CTX_FAILED: return "failed";
	case RT_CTX_ABORTED: return "aborted";
	}
	return "failed";
}

void rt_context_pkg_qualified_name(const struct rt_context_pkg *p, struct rt_buf *out)
{
	rt_buf_adds(out, p->name);
	if (p->version[0]) {
		rt_buf_addch(out, '-');
		rt_buf_adds(out, p->version);
	}
}

/* ---- writing ---- */

static struct rt_value *strlist_value(const struct rt_strlist *l)
{
	struct rt_value *v = rt_value_list();
	for (size_t i = 0; i < l->n; i++)
		rt_list_push(v, rt_value_str(l->v[i]));
	return v;
}

static struct rt_value *str_or_null(const char *s)
{
	return s ? rt_value_str(s) : rt_value_null();
}

int rt_context_to_json(const struct rt_context *ctx, struct rt_buf *out, struct rt_error *err)
{
	struct rt_value *d = rt_value_map(), *pkgs = rt_value_list(), *filter;
	int rc;
	for (size_t i = 0; i < ctx->n_pkgs; i++) {
		const struct rt_context_pkg *p = &ctx->pkgs[i];
		struct rt_value *h = rt_value_map(), *vars = rt_value_map();
		rt_map_set(vars, "index", p->variant_index < 0 ? rt_value_null() : rt_value_int(p->variant_index));
		rt_map_set(vars, "location", rt_value_str(p->location));
		rt_map_set(vars, "name", rt_value_str(p->name));
		rt_map_set(vars, "repository_type", rt_value_str("filesystem"));
		rt_map_set(vars, "version", rt_value_str(p->version));
		/* rez-lua's own: where the variant was, so another machine's reader can tell. */
		rt_map_set(vars, "root", rt_value_str(p->root));
		rt_map_set(vars, "uri", rt_value_str(p->uri));
		rt_map_set(h, "key", rt_value_str("filesystem.variant"));
		rt_map_set(h, "variables", vars);
		rt_list_push(pkgs, h);
	}
	rt_map_set(d, "resolved_packages", pkgs);
	rt_map_set(d, "resolved_ephemerals", strlist_value(&ctx->ephemerals));
	rt_map_set(d, "serialize_version", rt_value_str_take(rt_xstrfmt("%d.%d", RXT_MAJOR, RXT_MINOR)));
	rt_map_set(d, "patch_locks", rt_value_map());
	/* as Rez: the orderers' pod list, or null when there are none */
	rt_map_set(d, "package_orderers",
		   ctx->package_orderers && ctx->package_orderers->type == RT_LIST &&
		   rt_list_len(ctx->package_orderers) ? rt_value_copy(ctx->package_orderers)
						      : rt_value_null());
	filter = ctx->package_filter ? rt_value_copy(ctx->package_filter) : rt_value_list();
	rt_map_set(d, "package_filter", filter);
	rt_map_set(d, "graph", rt_value_null());
	rt_map_set(d, "timestamp", rt_value_int(ctx->timestamp));
	rt_map_set(d, "requested_timestamp",
		   ctx->requested_timestamp ? rt_value_int(ctx->requested_timestamp) : rt_value_null());
	rt_map_set(d, "building", rt_value_bool(ctx->building));
	rt_map_set(d, "testing", rt_value_bool(ctx->testing));
	rt_map_set(d, "caching", rt_value_bool(0));
	rt_map_set(d, "implicit_packages", strlist_value(&ctx->implicits));
	rt_map_set(d, "package_requests", strlist_value(&ctx->requests));
	rt_map_set(d, "package_paths", strlist_value(&ctx->package_paths));
	rt_map_set(d, "append_sys_path", rt_value_bool(1));
	rt_map_set(d, "package_caching", rt_value_bool(0));
	rt_map_set(d, "package_cache_async", rt_value_bool(0));
	rt_map_set(d, "default_patch_lock", rt_value_str("no_lock"));
	rt_map_set(d, "rez_version", str_or_null(ctx->rez_version));
	rt_map_set(d, "rez_path", rt_value_null());
	rt_map_set(d, "user", str_or_null(ctx->user));
	rt_map_set(d, "host", str_or_null(ctx->host));
	rt_map_set(d, "platform", str_or_null(ctx->platform));
	rt_map_set(d, "arch", str_or_null(ctx->arch));
	rt_map_set(d, "os", str_or_null(ctx->os));
	rt_map_set(d, "created", rt_value_int(ctx->created));
	rt_map_set(d, "parent_suite_path", str_or_null(ctx->parent_suite_path));
	rt_map_set(d, "suite_context_name", str_or_null(ctx->suite_context_name));
	rt_map_set(d, "status", rt_value_str(rt_context_status_name(ctx->status)));
	rt_map_set(d, "failure_description", str_or_null(ctx->failure_description));
	rt_map_set(d, "from_cache", rt_value_bool(ctx->from_cache));
	rt_map_set(d, "solve_time", rt_value_float(ctx->solve_time));
	rt_map_set(d, "load_time", rt_value_float(ctx->load_time));
	rt_map_set(d, "num_loaded_packages", rt_value_int(ctx->num_loaded_packages));
	rt_map_set(d, "rez_lua", rt_value_bool(1));
	rc = rt_json_emit(d, RT_JSON_SORT_KEYS | RT_JSON_INDENT4, out, err);
	rt_value_free(d);
	if (rc == 0)
		rt_buf_addch(out, '\n');
	return rc;
}

/* ---- reading ---- */

struct reader {
	const struct rt_value *d;
	const char *name;
	struct rt_error *err;
	int failed;
};

static const struct rt_value *field(struct reader *r, const char *key, enum rt_type want,
				    int nullable)
{
	const struct rt_value *v = rt_map_get(r->d, key);
	if (r->failed)
		return NULL;
	if (!v || (v->type == RT_NULL && nullable))
		return NULL;
	if (v->type != want && !(want == RT_FLOAT && v->type == RT_INT)) {
		r->failed = 1;
		rt_error(r->err, "%s: not a valid context file: field '%s' must be a %s (got %s)",
			 r->name, key, rt_value_type_name(want), rt_value_type_name(v->type));
		return NULL;
	}
	return v;
}

static char *str_field(struct reader *r, const char *key)
{
	const struct rt_value *v = field(r, key, RT_STR, 1);
	return v ? rt_xstrdup(v->u.s.ptr) : NULL;
}

static long long int_field(struct reader *r, const char *key)
{
	const struct rt_value *v = field(r, key, RT_INT, 1);
	return v ? v->u.i : 0;
}

static double num_field(struct reader *r, const char *key)
{
	const struct rt_value *v = field(r, key, RT_FLOAT, 1);
	return !v ? 0 : v->type == RT_INT ? (double)v->u.i : v->u.f;
}

static int bool_field(struct reader *r, const char *key)
{
	const struct rt_value *v = field(r, key, RT_BOOL, 1);
	return v ? v->u.b : 0;
}

static void strlist_field(struct reader *r, const char *key, struct rt_strlist *out)
{
	const struct rt_value *v = field(r, key, RT_LIST, 1);
	if (!v)
		return;
	for (size_t i = 0; i < rt_list_len(v); i++) {
		const struct rt_value *s = rt_list_at(v, i);
		if (s->type != RT_STR) {
			r->failed = 1;
			rt_error(r->err, "%s: not a valid context file: '%s' must be a list of strings",
				 r->name, key);
			return;
		}
		rt_strlist_push(out, s->u.s.ptr);
	}
}

static int read_pkgs(struct reader *r, struct rt_context *ctx)
{
	const struct rt_value *list = field(r, "resolved_packages", RT_LIST, 1);
	if (!list)
		return r->failed ? -1 : 0;
	for (size_t i = 0; i < rt_list_len(list); i++) {
		const struct rt_value *h = rt_list_at(list, i);
		const struct rt_value *vars = rt_map_get(h, "variables");
		const struct rt_value *idx = rt_map_get(vars, "index");
		const char *name = rt_value_as_str(rt_map_get(vars, "name"));
		const char *version = rt_value_as_str(rt_map_get(vars, "version"));
		const char *location = rt_value_as_str(rt_map_get(vars, "location"));
		const char *root = rt_value_as_str(rt_map_get(vars, "root"));
		const char *uri = rt_value_as_str(rt_map_get(vars, "uri"));
		int index = -1;
		struct rt_buf base = RT_BUF_INIT, guri = RT_BUF_INIT;
		if (h->type != RT_MAP || !vars || vars->type != RT_MAP || !name || !version ||
		    !location || (idx && idx->type != RT_NULL && idx->type != RT_INT))
			return rt_error(r->err, "%s: not a valid context file: resolved package %zu is malformed",
					r->name, i + 1);
		if (idx && idx->type == RT_INT)
			index = (int)idx->u.i;
		/* Rez stores no base/root: they follow from the repository layout. */
		rt_buf_addf(&base, "%s/%s", location, name);
		if (version[0])
			rt_buf_addf(&base, "/%s", version);
		if (!uri) {
			/* A file from Rez: its packages are package.py definitions. */
			rt_buf_addf(&guri, "%s/package.py", base.buf);
			if (index >= 0)
				rt_buf_addf(&guri, "[%d]", index);
			else
				rt_buf_adds(&guri, "[]");
			uri = guri.buf;
		}
		rt_context_add_pkg(ctx, name, version, index, location, base.buf,
				   root ? root : base.buf, uri);
		rt_buf_release(&base);
		rt_buf_release(&guri);
	}
	return 0;
}

struct rt_context *rt_context_from_json(const char *text, size_t len, const char *name,
					struct rt_error *err)
{
	struct rt_value *d;
	struct rt_context *ctx;
	struct reader r;
	const char *ver, *status;
	int major = 0, minor = 0;
	size_t i = 0;

	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r'))
		i++;
	if (i == len || text[i] != '{') {
		rt_error(err, "%s: not a context file (expected a JSON object)", name);
		return NULL;
	}
	d = rt_json_parse(text, len, name, err);
	if (!d)
		return NULL;
	ver = rt_value_as_str(rt_map_get(d, "serialize_version"));
	if (!ver || sscanf(ver, "%d.%d", &major, &minor) < 1) {
		rt_error(err, "%s: not a context file (no 'serialize_version')", name);
		rt_value_free(d);
		return NULL;
	}
	if (major > RXT_MAJOR) {
		rt_error(err, "%s: context format %s is newer than this rez-lua reads (%d.%d)",
			 name, ver, RXT_MAJOR, RXT_MINOR);
		rt_value_free(d);
		return NULL;
	}
	ctx = rt_context_new();
	r.d = d;
	r.name = name;
	r.err = err;
	r.failed = 0;
	strlist_field(&r, "package_requests", &ctx->requests);
	strlist_field(&r, "implicit_packages", &ctx->implicits);
	strlist_field(&r, "package_paths", &ctx->package_paths);
	strlist_field(&r, "resolved_ephemerals", &ctx->ephemerals);
	ctx->timestamp = int_field(&r, "timestamp");
	ctx->requested_timestamp = int_field(&r, "requested_timestamp");
	ctx->created = int_field(&r, "created");
	ctx->building = bool_field(&r, "building");
	ctx->testing = bool_field(&r, "testing");
	ctx->user = str_field(&r, "user");
	ctx->host = str_field(&r, "host");
	ctx->platform = str_field(&r, "platform");
	ctx->arch = str_field(&r, "arch");
	ctx->os = str_field(&r, "os");
	ctx->rez_version = str_field(&r, "rez_version");
	ctx->parent_suite_path = str_field(&r, "parent_suite_path");
	ctx->suite_context_name = str_field(&r, "suite_context_name");
	ctx->failure_description = str_field(&r, "failure_description");
	ctx->solve_time = num_field(&r, "solve_time");
	ctx->load_time = num_field(&r, "load_time");
	ctx->num_loaded_packages = int_field(&r, "num_loaded_packages");
	{
		const struct rt_value *fc = field(&r, "from_cache", RT_BOOL, 0);
		ctx->from_cache = fc && fc->u.b;
	}
	status = rt_value_as_str(field(&r, "status", RT_STR, 1));
	if (status)
		ctx->status = rt_streq(status, "solved") ? RT_CTX_SOLVED :
			      rt_streq(status, "aborted") ? RT_CTX_ABORTED : RT_CTX_FAILED;
	{
		const struct rt_value *f = field(&r, "package_filter", RT_LIST, 1);
		if (f)
			ctx->package_filter = rt_value_copy(f);
		f = field(&r, "package_orderers", RT_LIST, 1);
		if (f)
			ctx->package_orderers = rt_value_copy(f);
	}
	if (r.failed || read_pkgs(&r, ctx) < 0) {
		rt_context_free(ctx);
		rt_value_free(d);
		return NULL;
	}
	/* Every context Rez or rez-lua writes has these; without them it is some other JSON. */
	if (!rt_map_get(d, "package_requests") || !rt_map_get(d, "resolved_packages")) {
		rt_error(err, "%s: not a context file (no '%s')", name,
			 rt_map_get(d, "package_requests") ? "resolved_packages" : "package_requests");
		rt_context_free(ctx);
		rt_value_free(d);
		return NULL;
	}
	rt_value_free(d);
	return ctx;
}

int rt_context_save(const struct rt_context *ctx, const char *path, struct rt_error *err)
{
	struct rt_buf sb = RT_BUF_INIT;
	int rc = rt_context_to_json(ctx, &sb, err);
	if (rc == 0) {
		if (rt_streq(path, "-")) {
			if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout) != 0)
				rc = rt_error(err, "cannot write the context to standard output: %s",
					      strerror(errno));
		} else {
			rc = rt_file_write_atomic(path, sb.buf, sb.len, 0644, 0, err);
		}
	}
	rt_buf_release(&sb);
	return rc;
}

struct rt_context *rt_context_load(const char *path, struct rt_error *err)
{
	struct rt_buf sb = RT_BUF_INIT;
	struct rt_context *ctx;
	int rc;
	if (rt_streq(path, "-")) {
		char chunk[8192];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
			rt_buf_add(&sb, chunk, n);
		rc = ferror(stdin) ? -1 : 0;
	} else {
		rc = rt_buf_read_file(&sb, path, (size_t)1 << 30);
	}
	if (rc < 0) {
		rt_error(err, "cannot read context '%s': %s", path, strerror(errno));
		rt_buf_release(&sb);
		return NULL;
	}
	ctx = rt_context_from_json(sb.buf, sb.len, rt_streq(path, "-") ? "<stdin>" : path, err);
	rt_buf_release(&sb);
	if (ctx && !rt_streq(path, "-"))
		ctx->rxt_path = rt_xstrdup(path);
	return ctx;
}
