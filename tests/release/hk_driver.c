/* hk_driver.c - runs release hook events from the command line, for the release-hook tests
 * (the hooks layer without a build):
 *   hk_driver CONFIG.yaml SPEC.json EVENT...     EVENT: pre_build, pre_release, post_release
 *   hk_driver CONFIG.yaml flush
 * SPEC.json: {"package": {...}, "installed_uri": "...", "install_path": "...", "user": "...",
 *             "release_message": ..., "changelog": ..., "previous_version": ...,
 *             "indices": [..], "variants": [{"index": 0, "root": "...", "requires": [..]}],
 *             "system": {...}}
 * Plain output goes to stdout, warnings and errors to stderr; a cancel exits 1. */
#include "hooks/release/release.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/json.h"
#include "runtime/value.h"

#include <errno.h>
#include <stdio.h>

static void print(void *ud, enum hk_level level, const char *text)
{
	static const char *const pfx[] = { "", "INFO: ", "WARNING: ", "ERROR: ", "DEBUG: " };
	(void)ud;
	if (level == HK_OUT)
		printf("%s\n", text);
	else
		fprintf(stderr, "%s%s\n", pfx[level], text);
	fflush(stdout);
	fflush(stderr);
}

static const char *opt_str(const struct rt_value *m, const char *k)
{
	return rt_value_as_str(rt_map_get(m, k));
}

int main(int argc, char **argv)
{
	struct rt_config_opts co = RT_CONFIG_OPTS_INIT;
	const char *files[2] = { NULL, NULL };
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg;
	struct rt_buf text = RT_BUF_INIT;
	struct rt_value *spec = NULL;
	struct hk_release r;
	struct hk_variant *vars = NULL;
	int *idx = NULL, rc = 0;
	const struct rt_value *v;

	if (argc < 3) {
		fprintf(stderr, "usage: hk_driver CONFIG SPEC EVENT... | hk_driver CONFIG flush\n");
		return 2;
	}
	files[0] = argv[1];
	co.files = files;
	co.no_home = 1;
	cfg = rt_config_load(&co, &err);
	if (!cfg) {
		fprintf(stderr, "error: %s\n", rt_error_msg(&err));
		rt_error_release(&err);
		return 1;
	}
	if (rt_streq(argv[2], "flush")) {
		size_t done, left;
		if (hk_outbox_flush(cfg, print, NULL, &done, &left, &err) < 0) {
			fprintf(stderr, "error: %s\n", rt_error_msg(&err));
			rc = 1;
		} else {
			printf("flushed: %zu delivered, %zu left\n", done, left);
			rc = left ? 1 : 0;
		}
		goto out;
	}
	if (rt_buf_read_file(&text, argv[2], 1 << 20) < 0 ||
	    !(spec = rt_json_parse(text.buf, text.len, argv[2], &err))) {
		fprintf(stderr, "error: %s: %s\n", argv[2], err.msg ? err.msg : strerror(errno));
		rc = 1;
		goto out;
	}
	memset(&r, 0, sizeof(r));
	r.cfg = cfg;
	r.package = rt_map_get(spec, "package");
	r.installed = rt_map_get(spec, "installed");
	r.installed_uri = opt_str(spec, "installed_uri");
	r.system = rt_map_get(spec, "system");
	r.user = opt_str(spec, "user");
	r.install_path = opt_str(spec, "install_path");
	r.release_message = opt_str(spec, "release_message");
	r.changelog = opt_str(spec, "changelog");
	r.previous_version = opt_str(spec, "previous_version");
	r.previous_revision = opt_str(spec, "previous_revision");
	r.print = print;
	r.debug = rt_config_bool(cfg, "debug_package_release");
	if ((v = rt_map_get(spec, "indices"))) {
		idx = calloc(rt_list_len(v) + 1, sizeof(*idx));
		for (size_t i = 0; i < rt_list_len(v); i++)
			idx[i] = (int)rt_list_at(v, i)->u.i;
		r.indices = idx;
		r.n_indices = rt_list_len(v);
	}
	if ((v = rt_map_get(spec, "variants"))) {
		vars = calloc(rt_list_len(v) + 1, sizeof(*vars));
		for (size_t i = 0; i < rt_list_len(v); i++) {
			const struct rt_value *e = rt_list_at(v, i);
			vars[i].index = (int)rt_map_get(e, "index")->u.i;
			vars[i].root = opt_str(e, "root");
			vars[i].requires = rt_map_get(e, "requires");
		}
		r.variants = vars;
		r.n_variants = rt_list_len(v);
	}
	for (int i = 3; i < argc && rc == 0; i++) {
		enum hk_event ev = rt_streq(argv[i], "pre_build") ? HK_PRE_BUILD
			: rt_streq(argv[i], "pre_release") ? HK_PRE_RELEASE : HK_POST_RELEASE;
		if (hk_release_run(&r, ev, &err) < 0) {
			fprintf(stderr, "error: %s\n", rt_error_msg(&err));
			rc = 1;
		}
	}
	if (r.n_pending)
		printf("pending: %zu\n", r.n_pending);
out:
	free(idx);
	free(vars);
	rt_value_free(spec);
	rt_buf_release(&text);
	rt_error_release(&err);
	rt_config_free(cfg);
	return rc;
}
