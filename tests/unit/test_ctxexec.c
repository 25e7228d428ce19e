/* Unit tests for the context script sequence (runtime/ctxexec.c), with package code faked
 * by a C callback table. */
#include "runtime/ctxexec.h"
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/context.h"
#include "runtime/rex.h"
#include "runtime/value.h"
#include "tap.h"

#include <stdio.h>

static int fake_has(void *ud, size_t i, const char *attr)
{
	(void)ud;
	if (i == 0)
		return 1;                     /* foo: all three */
	return i == 1 && rt_streq(attr, "commands");   /* bar: commands only */
}

static int fake_run(void *ud, struct rt_rex *rx, size_t i, const char *attr, struct rt_error *err)
{
	char key[64];
	(void)ud;
	snprintf(key, sizeof(key), "P%zu_%s", i, attr);
	return rt_rex_setenv_text(rx, key, "x", 0, err);
}

int main(void)
{
	struct rt_context *ctx = rt_context_new();
	struct rt_rex_config cfg;
	struct rt_rex *rx;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_actions acts = RT_ACTIONS_INIT;
	struct rt_buf d = RT_BUF_INIT;
	const char *sys[] = { "/usr/bin", "/bin" };
	struct rt_pkgcode_ops ops = { fake_has, fake_run };
	struct rt_ctxexec_opts opts;

	rt_strlist_push(&ctx->requests, "bar");
	rt_strlist_push(&ctx->requests, "baz");
	rt_strlist_push(&ctx->requests, ".eph.x-1+<2");
	rt_strlist_push(&ctx->ephemerals, ".eph.x-1+<2");
	rt_strlist_push(&ctx->package_paths, "/pkgs");
	rt_strlist_push(&ctx->package_paths, "/more");
	rt_context_add_pkg(ctx, "foo", "1.2.3", -1, "/pkgs", "/pkgs/foo/1.2.3", "/pkgs/foo/1.2.3", "");
	rt_context_add_pkg(ctx, "bar", "2.0", 0, "/pkgs", "/pkgs/bar/2.0", "/pkgs/bar/2.0/py", "");
	rt_context_add_pkg(ctx, "baz", "0.1", -1, "/more", "/more/baz/0.1", "/more/baz/0.1", "");
	ctx->timestamp = 1700000000;

	memset(&cfg, 0, sizeof(cfg));
	rx = rt_rex_new(&cfg, NULL, &err);
	CHECK(rx != NULL);
	memset(&opts, 0, sizeof(opts));
	opts.rez_used = "/opt/rez";
	opts.system_paths = sys;
	opts.n_system_paths = 2;
	opts.local_packages_path = "/more";
	CHECKF(rt_ctxexec_run(ctx, rx, &opts, &ops, NULL, &err) == 0, "%s", rt_error_msg(&err));
	rt_rex_take_actions(rx, &acts);
	rt_actions_describe(&acts, &d);
	CHECK(strstr(d.buf, "setenv REZ_USED_REQUEST 'bar baz .eph.x-1+<2'\n") != NULL);
	CHECK(strstr(d.buf, "setenv REZ_USED_RESOLVE 'foo-1.2.3 bar-2.0 baz-0.1'\n") != NULL);
	CHECK(strstr(d.buf, "setenv REZ_USED_PACKAGES_PATH '/pkgs:/more'\n") != NULL);
	CHECK(strstr(d.buf, "setenv REZ_USED_LOCAL_RESOLVE 'baz-0.1'\n") != NULL);
	CHECK(strstr(d.buf, "comment 'variables for package bar-2.0[0]'\n") != NULL);
	CHECK(strstr(d.buf, "setenv REZ_BAR_PATCH_VERSION\n") != NULL);
	CHECK(strstr(d.buf, "setenv REZ_BAR_ROOT '/pkgs/bar/2.0/py'\n") != NULL);
	CHECK(strstr(d.buf, "setenv REZ_EPH_EPH_X_REQUEST '1+<2'\n") != NULL);
	{
		/* Order: pre_commands of foo, then commands of foo and bar, then post_commands. */
		const char *a = strstr(d.buf, "setenv P0_pre_commands");
		const char *b = strstr(d.buf, "setenv P0_commands");
		const char *c = strstr(d.buf, "setenv P1_commands");
		const char *e = strstr(d.buf, "setenv P0_post_commands");
		const char *p = strstr(d.buf, "setenv PATH '/usr/bin'");
		CHECK(a && b && c && e && p && a < b && b < c && c < e && e < p);
		CHECK(strstr(d.buf, "P2_") == NULL);
		CHECK(strstr(d.buf, "comment 'commands from package baz") == NULL);
	}
	CHECK(strstr(d.buf, "appendenv PATH '/bin'\n") != NULL);
	CHECK(acts.v[0].kind == RT_ACT_SHEBANG);
	rt_buf_release(&d);
	rt_actions_release(&acts);
	rt_rex_free(rx);
	rt_context_free(ctx);
	rt_error_release(&err);
	return tap_done();
}
