/* ctxexec.c - the context script sequence (see ctxexec.h). */
#include "runtime/ctxexec.h"
#include "runtime/buf.h"
#include "runtime/context.h"
#include "runtime/rex.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <stdio.h>

const char *const rt_ctxexec_passes[3] = { "pre_commands", "commands", "post_commands" };

void rt_ctxexec_pkg_var_prefix(const char *name, struct rt_buf *out)
{
	rt_buf_adds(out, "REZ_");
	for (const char *s = name; *s; s++) {
		char c = *s;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		else if (c == '.')
			c = '_';
		rt_buf_addch(out, c);
	}
}

void rt_ctxexec_variant_name(const struct rt_context *ctx, size_t i, struct rt_buf *out)
{
	const struct rt_context_pkg *p = &ctx->pkgs[i];
	rt_context_pkg_qualified_name(p, out);
	if (p->variant_index >= 0)
		rt_buf_addf(out, "[%d]", p->variant_index);
	else
		rt_buf_adds(out, "[]");
}

/* Every context-level value is exact text: a '$' in a path is a character, not a reference. */
static int set(struct rt_rex *rx, const char *key, const char *value, struct rt_error *err)
{
	return rt_rex_setenv_text(rx, key, value, 1, err);
}

static void join(const struct rt_strlist *l, const char *sep, struct rt_buf *out)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			rt_buf_adds(out, sep);
		rt_buf_adds(out, l->v[i]);
	}
}

static int system_setup(const struct rt_context *ctx, struct rt_rex *rx,
			const struct rt_ctxexec_opts *opts, struct rt_error *err)
{
	struct rt_buf sb = RT_BUF_INIT, path = RT_BUF_INIT;
	int rc = -1;

	rt_rex_header(rx, "system setup", 1);
	rt_rex_normalize_path(rx, opts->rez_used ? opts->rez_used : "", &sb);
	if (set(rx, "REZ_USED", sb.buf, err) < 0 ||
	    set(rx, "REZ_USED_VERSION", REZ_LUA_VERSION, err) < 0)
		goto out;
	rt_buf_reset(&sb);
	rt_buf_addf(&sb, "%lld", ctx->timestamp);
	if (set(rx, "REZ_USED_TIMESTAMP", sb.buf, err) < 0)
		goto out;
	rt_buf_reset(&sb);
	rt_buf_addf(&sb, "%lld", ctx->requested_timestamp);
	if (set(rx, "REZ_USED_REQUESTED_TIMESTAMP", sb.buf, err) < 0)
		goto out;
	rt_buf_reset(&sb);
	join(&ctx->requests, " ", &sb);
	if (set(rx, "REZ_USED_REQUEST", sb.buf, err) < 0)
		goto out;
	rt_buf_reset(&sb);
	join(&ctx->implicits, " ", &sb);
	if (set(rx, "REZ_USED_IMPLICIT_PACKAGES", sb.buf, err) < 0)
		goto out;
	rt_buf_reset(&sb);
	for (size_t i = 0; i < ctx->n_pkgs; i++) {
		if (i)
			rt_buf_addch(&sb, ' ');
		rt_context_pkg_qualified_name(&ctx->pkgs[i], &sb);
	}
	if (set(rx, "REZ_USED_RESOLVE", sb.buf, err) < 0)
		goto out;
	rt_buf_reset(&sb);
	for (size_t i = 0; i < ctx->package_paths.n; i++) {
		if (i)
			rt_buf_adds(&sb, opts->pathsep ? opts->pathsep : ":");
		rt_buf_reset(&path);
		rt_rex_normalize_path(rx, ctx->package_paths.v[i], &path);
		rt_buf_addbuf(&sb, &path);
	}
	if (set(rx, "REZ_USED_PACKAGES_PATH", sb.buf, err) < 0)
		goto out;
	if (ctx->ephemerals.n) {
		rt_buf_reset(&sb);
		join(&ctx->ephemerals, " ", &sb);
		if (set(rx, "REZ_USED_EPH_RESOLVE", sb.buf, err) < 0)
			goto out;
	}
	if (opts->local_packages_path) {
		rt_buf_reset(&sb);
		for (size_t i = 0; i < ctx->n_pkgs; i++) {
			if (!rt_streq(ctx->pkgs[i].location, opts->local_packages_path))
				continue;
			if (sb.len)
				rt_buf_addch(&sb, ' ');
			rt_context_pkg_qualified_name(&ctx->pkgs[i], &sb);
		}
		if (sb.len && set(rx, "REZ_USED_LOCAL_RESOLVE", sb.buf, err) < 0)
			goto out;
	}
	if (ctx->building && set(rx, "REZ_BUILD_ENV", "1", err) < 0)
		goto out;
	rc = 0;
out:
	rt_buf_release(&sb);
	rt_buf_release(&path);
	return rc;
}

static int package_variables(const struct rt_context *ctx, struct rt_rex *rx, struct rt_error *err)
{
	struct rt_buf name = RT_BUF_INIT, key = RT_BUF_INIT, val = RT_BUF_INIT;
	static const char *const parts[] = { "MAJOR", "MINOR", "PATCH" };
	int rc = -1;

	rt_rex_header(rx, "package variables", 1);
	for (size_t i = 0; i < ctx->n_pkgs; i++) {
		const struct rt_context_pkg *p = &ctx->pkgs[i];
		struct rt_version *v = rt_version_parse(p->version, NULL);
		size_t plen;
		rt_buf_reset(&name);
		rt_buf_adds(&name, "variables for package ");
		rt_ctxexec_variant_name(ctx, i, &name);
		rt_rex_header(rx, name.buf, 0);
		rt_buf_reset(&key);
		rt_ctxexec_pkg_var_prefix(p->name, &key);
		plen = key.len;
		rt_buf_adds(&key, "_VERSION");
		if (set(rx, key.buf, p->version, err) < 0) {
			rt_version_free(v);
			goto out;
		}
		for (size_t t = 0; t < 3; t++) {
			const char *tok = v ? rt_version_token(v, t) : NULL;
			rt_buf_setlen(&key, plen);
			rt_buf_addf(&key, "_%s_VERSION", parts[t]);
			if (set(rx, key.buf, tok ? tok : "", err) < 0) {
				rt_version_free(v);
				goto out;
			}
		}
		rt_version_free(v);
		rt_buf_setlen(&key, plen);
		rt_buf_adds(&key, "_BASE");
		rt_buf_reset(&val);
		rt_rex_normalize_path(rx, p->base, &val);
		if (set(rx, key.buf, val.buf, err) < 0)
			goto out;
		rt_buf_setlen(&key, plen);
		rt_buf_adds(&key, "_ROOT");
		rt_buf_reset(&val);
		rt_rex_normalize_path(rx, p->root, &val);
		if (set(rx, key.buf, val.buf, err) < 0)
			goto out;
	}
	rc = 0;
out:
	rt_buf_release(&name);
	rt_buf_release(&key);
	rt_buf_release(&val);
	return rc;
}

static int package_passes(const struct rt_context *ctx, struct rt_rex *rx,
			  const struct rt_pkgcode_ops *ops, void *ud, struct rt_error *err)
{
	struct rt_buf title = RT_BUF_INIT;
	int rc = -1;
	for (size_t a = 0; a < 3; a++) {
		const char *attr = rt_ctxexec_passes[a];
		int any = 0;
		for (size_t i = 0; i < ctx->n_pkgs && !any; i++)
			any = ops->has(ud, i, attr);
		if (!any)
			continue;
		rt_rex_header(rx, attr, 1);
		for (size_t i = 0; i < ctx->n_pkgs; i++) {
			if (!ops->has(ud, i, attr))
				continue;
			rt_buf_reset(&title);
			rt_buf_addf(&title, "%s from package ", attr);
			rt_ctxexec_variant_name(ctx, i, &title);
			rt_rex_header(rx, title.buf, 0);
			if (ops->run(ud, rx, i, attr, err) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	rt_buf_release(&title);
	return rc;
}

static int ephemeral_variables(const struct rt_context *ctx, struct rt_rex *rx, struct rt_error *err)
{
	struct rt_buf key = RT_BUF_INIT, val = RT_BUF_INIT;
	int rc = 0;
	if (!ctx->ephemerals.n)
		return 0;
	rt_rex_header(rx, "ephemeral variables", 1);
	for (size_t i = 0; i < ctx->ephemerals.n && rc == 0; i++) {
		struct rt_request *req = rt_request_parse(ctx->ephemerals.v[i], err);
		if (!req) {
			rc = -1;
			break;
		}
		rt_buf_reset(&key);
		rt_buf_reset(&val);
		/* REZ_EPH_<NAME>_REQUEST, the name without its leading dot. */
		rt_buf_adds(&key, "REZ_EPH_");
		rt_ctxexec_pkg_var_prefix(rt_request_name(req) + 1, &val);
		rt_buf_adds(&key, val.buf + 4);
		rt_buf_adds(&key, "_REQUEST");
		rt_buf_reset(&val);
		rt_range_format(rt_request_range(req), &val);
		rc = set(rx, key.buf, val.buf, err);
		rt_request_free(req);
	}
	rt_buf_release(&key);
	rt_buf_release(&val);
	return rc;
}

int rt_ctxexec_run(const struct rt_context *ctx, struct rt_rex *rx,
		   const struct rt_ctxexec_opts *opts, const struct rt_pkgcode_ops *ops, void *ud,
		   struct rt_error *err)
{
	rt_rex_shebang(rx);
	if (opts->rxt_file && set(rx, "REZ_RXT_FILE", opts->rxt_file, err) < 0)
		return -1;
	if (opts->context_file && set(rx, "REZ_CONTEXT_FILE", opts->context_file, err) < 0)
		return -1;
	if (opts->pre_actions) {
		rt_rex_header(rx, "pre-actions-callback", 1);
		if (opts->pre_actions(opts->pre_actions_ud, rx, err) < 0)
			return -1;
	}
	if (opts->pre_vars) {
		rt_rex_header(rx, "build variables", 1);
		for (size_t i = 0; i < rt_map_len(opts->pre_vars); i++) {
			const char *v = rt_value_as_str(rt_map_val(opts->pre_vars, i));
			if (set(rx, rt_map_key(opts->pre_vars, i), v ? v : "", err) < 0)
				return -1;
		}
	}
	if (system_setup(ctx, rx, opts, err) < 0 || package_variables(ctx, rx, err) < 0 ||
	    package_passes(ctx, rx, ops, ud, err) < 0 || ephemeral_variables(ctx, rx, err) < 0)
		return -1;
	rt_rex_header(rx, "post system setup", 1);
	if (opts->n_suite_paths &&
	    rt_rex_append_system_paths(rx, opts->suite_paths, opts->n_suite_paths, err) < 0)
		return -1;
	if (rt_rex_append_system_paths(rx, opts->system_paths, opts->n_system_paths, err) < 0)
		return -1;
	if (opts->rez_bin_path && opts->rez_bin_prepend) {
		struct rt_estr e = RT_ESTR_INIT;
		struct rt_buf norm = RT_BUF_INIT;
		int ret;
		rt_rex_normalize_path(rx, opts->rez_bin_path, &norm);
		rt_estr_adds(&e, 1, norm.buf);
		ret = rt_rex_prependenv(rx, "PATH", &e, err);
		rt_estr_release(&e);
		rt_buf_release(&norm);
		if (ret)
			return -1;
	} else if (opts->rez_bin_path &&
		   rt_rex_append_system_paths(rx, &opts->rez_bin_path, 1, err) < 0) {
		return -1;
	}
	if (opts->shell_vars) {
		char now[32];
		snprintf(now, sizeof(now), "%lld", opts->now);
		if (set(rx, "REZ_SHELL_INIT_TIMESTAMP", now, err) < 0 ||
		    set(rx, "REZ_SHELL_INTERACTIVE", opts->interactive ? "1" : "0", err) < 0)
			return -1;
	}
	if (opts->post && opts->post(opts->post_ud, rx, err) < 0)
		return -1;
	return 0;
}
