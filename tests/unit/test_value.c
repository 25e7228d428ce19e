/* Unit tests for the value tree, buffers and errors. */
#include "runtime/value.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "runtime/action.h"
#include "tap.h"

#include <stdio.h>

static void test_buf(void)
{
	struct rt_buf b = RT_BUF_INIT;
	CHECK(b.len == 0 && b.buf[0] == '\0');
	rt_buf_adds(&b, "abc");
	rt_buf_addf(&b, "%d-%s", 42, "x");
	CHECK_STR(b.buf, "abc42-x");
	rt_buf_addch(&b, '\0');
	CHECK(b.len == 8);
	for (int i = 0; i < 1000; i++)
		rt_buf_addf(&b, "%04d", i);
	CHECK(b.len == 8 + 4000 && b.buf[b.len] == '\0');
	rt_buf_release(&b);
	CHECK(b.len == 0 && b.buf[0] == '\0');
}

static void test_map(void)
{
	struct rt_value *m = rt_value_map(), *l = rt_value_list(), *c;
	rt_map_set(m, "b", rt_value_int(1));
	rt_map_set(m, "a", rt_value_str("x"));
	rt_list_push(l, rt_value_bool(1));
	rt_list_push(l, rt_value_float(1.5));
	rt_map_set(m, "l", l);
	rt_map_set(m, "b", rt_value_int(2));
	CHECK(rt_map_len(m) == 3);
	CHECK_STR(rt_map_key(m, 0), "b");
	CHECK(rt_map_get(m, "b")->u.i == 2);
	c = rt_value_copy(m);
	CHECK(rt_value_equal(m, c));
	CHECK(rt_map_del(c, "a") == 1 && !rt_value_equal(m, c));
	{
		struct rt_buf d = RT_BUF_INIT;
		rt_value_describe(m, &d);
		CHECK_STR(d.buf, "{b: 2, a: 'x', l: [true, 1.5]}");
		rt_buf_release(&d);
	}
	rt_value_free(c);
	rt_value_free(m);
}

static void test_error(void)
{
	struct rt_error err = RT_ERROR_INIT;
	CHECK(rt_error(&err, "bad '%s'", "x") == -1);
	rt_error_prefix(&err, "%s:%d", "package.lua", 3);
	CHECK_STR(err.msg, "package.lua:3: bad 'x'");
	rt_error_release(&err);
	CHECK(rt_error(NULL, "ignored") == -1);
}

static void test_vstr(void)
{
	struct rt_vstr v = RT_VSTR_INIT;
	struct rt_buf b = RT_BUF_INIT;
	rt_vstr_add_text(&v, "a", 1);
	rt_vstr_add_text(&v, "b", 1);
	rt_vstr_add_ref(&v, "HOME");
	rt_vstr_add_text(&v, "", 0);
	CHECK(v.n == 2 && rt_vstr_has_refs(&v));
	rt_vstr_render(&v, &b);
	CHECK_STR(b.buf, "ab${HOME}");
	rt_vstr_release(&v);
	rt_buf_release(&b);
}

static void test_big_map(void)
{
	/* Past the scan threshold maps are hash-indexed: set, get, replace, take, sort. */
	struct rt_value *m = rt_value_map(), *c;
	char key[32];
	int ok = 1;
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "k%05d", 19999 - i);
		rt_map_set(m, key, rt_value_int(i));
	}
	CHECK(rt_map_len(m) == 20000);
	for (int i = 0; i < 20000 && ok; i++) {
		const struct rt_value *v;
		snprintf(key, sizeof(key), "k%05d", i);
		v = rt_map_get(m, key);
		ok = v && v->u.i == 19999 - i;
	}
	CHECK(ok);
	rt_map_set(m, "k00042", rt_value_str("replaced"));
	CHECK(rt_map_len(m) == 20000 && rt_streq(rt_value_as_str(rt_map_get(m, "k00042")), "replaced"));
	CHECK(rt_map_del(m, "k00007") == 1 && !rt_map_get(m, "k00007") && rt_map_len(m) == 19999);
	CHECK(rt_map_get(m, "k00008") && rt_map_get(m, "k00008")->u.i == 19999 - 8);
	rt_map_sort(m);
	CHECK(rt_streq(rt_map_key(m, 0), "k00000") && rt_streq(rt_map_key(m, 19998), "k19999"));
	CHECK(rt_map_get(m, "k12345") && rt_map_get(m, "k12345")->u.i == 19999 - 12345);
	c = rt_value_copy(m);
	CHECK(rt_value_equal(m, c));
	rt_value_free(c);
	rt_value_free(m);
}

int main(void)
{
	test_big_map();
	test_buf();
	test_map();
	test_error();
	test_vstr();
	return tap_done();
}
