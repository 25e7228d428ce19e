/* Unit tests for context data and the .rxt round trip. */
#include "runtime/context.h"
#include "runtime/file.h"
#include "runtime/buf.h"
#include "runtime/value.h"
#include "tap.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static struct rt_context *sample(void)
{
	struct rt_context *ctx = rt_context_new();
	rt_strlist_push(&ctx->requests, "foo-1");
	rt_strlist_push(&ctx->requests, ".eph-2");
	rt_strlist_push(&ctx->implicits, "~platform==linux");
	rt_strlist_push(&ctx->package_paths, "/repo");
	rt_strlist_push(&ctx->ephemerals, ".eph-2");
	rt_context_add_pkg(ctx, "base", "2.0.0", -1, "/repo", "/repo/base/2.0.0",
			   "/repo/base/2.0.0", "/repo/base/2.0.0/package.lua");
	rt_context_add_pkg(ctx, "foo", "1.2.3", 1, "/repo", "/repo/foo/1.2.3",
			   "/repo/foo/1.2.3/base-2", "/repo/foo/1.2.3/package.lua[1]");
	rt_context_stamp(ctx);
	ctx->timestamp = 1700000000;
	return ctx;
}

static void test_roundtrip(void)
{
	struct rt_context *ctx = sample(), *back;
	struct rt_buf a = RT_BUF_INIT, b = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	char path[] = "/tmp/rez-test-ctx-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	CHECK(rt_context_to_json(ctx, &a, &err) == 0);
	CHECK(strstr(a.buf, "\"serialize_version\": \"4.9\"") != NULL);
	CHECK(strstr(a.buf, "\"key\": \"filesystem.variant\"") != NULL);
	CHECK(rt_context_save(ctx, path, &err) == 0);
	back = rt_context_load(path, &err);
	CHECKF(back != NULL, "%s", rt_error_msg(&err));
	if (back) {
		CHECK(back->n_pkgs == 2);
		CHECK_STR(back->pkgs[1].name, "foo");
		CHECK(back->pkgs[1].variant_index == 1 && back->pkgs[0].variant_index == -1);
		CHECK_STR(back->pkgs[1].root, "/repo/foo/1.2.3/base-2");
		CHECK_STR(back->requests.v[1], ".eph-2");
		CHECK(back->timestamp == 1700000000);
		CHECK(rt_context_to_json(back, &b, &err) == 0);
		CHECK_STR(b.buf, a.buf);
		rt_context_free(back);
	}
	unlink(path);
	rt_buf_release(&a);
	rt_buf_release(&b);
	rt_error_release(&err);
	rt_context_free(ctx);
}

static void expect_fail(const char *text, const char *want)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_context *ctx = rt_context_from_json(text, strlen(text), "x.rxt", &err);
	CHECK(ctx == NULL);
	CHECKF(err.msg && strstr(err.msg, want), "got '%s', want '%s'", rt_error_msg(&err), want);
	rt_context_free(ctx);
	rt_error_release(&err);
}

static void test_bad_files(void)
{
	expect_fail("", "not a context file");
	expect_fail("hello", "not a context file");
	expect_fail("{\"a\": ", "x.rxt:1:");
	expect_fail("{\"a\": 1}", "no 'serialize_version'");
	expect_fail("{\"serialize_version\": \"5.0\"}", "newer than");
	expect_fail("{\"serialize_version\": \"4.9\", \"package_requests\": 3}", "field 'package_requests'");
	expect_fail("{\"serialize_version\": \"4.9\", \"resolved_packages\": [{\"key\": 1}]}",
		    "resolved package 1 is malformed");
}

static void test_special_files(void)
{
	struct rt_error err = RT_ERROR_INIT;
	struct stat st;
	/* Regression: a rename over /dev/null replaced the device node with a regular file. */
	CHECK(rt_file_write_atomic("/dev/null", "x", 1, 0644, 0, &err) == 0);
	CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
	CHECK(rt_file_write_atomic("/tmp", "x", 1, 0644, 0, &err) == -1);
	CHECKF(err.msg && strstr(err.msg, "is a directory"), "%s", rt_error_msg(&err));
	rt_error_release(&err);
}

int main(void)
{
	test_special_files();
	test_roundtrip();
	test_bad_files();
	return tap_done();
}
