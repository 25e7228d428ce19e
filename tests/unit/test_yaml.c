/* Unit tests for runtime/yaml.c: PyYAML-compatible typing, anchors, errors, emit round trip. */
#include "runtime/yaml.h"
#include "runtime/value.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>

static struct rt_value *parse(const char *text)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *v = rt_yaml_parse(text, strlen(text), "t.yaml", &err);
	if (!v)
		fprintf(stderr, "# parse error: %s\n", rt_error_msg(&err));
	rt_error_release(&err);
	return v;
}

/* Parses "v: TEXT" and returns the type of v plus its description. */
static void check_scalar(const char *text, enum rt_type want, const char *desc)
{
	char *doc = rt_xstrfmt("v: %s\n", text);
	struct rt_value *m = parse(doc);
	struct rt_value *v = m ? rt_map_get(m, "v") : NULL;
	struct rt_buf d = RT_BUF_INIT;
	CHECKF(v && v->type == want, "%s: got %s", text, v ? rt_value_type_name(v->type) : "nothing");
	if (v) {
		rt_value_describe(v, &d);
		CHECK_STR(d.buf, desc);
	}
	rt_buf_release(&d);
	rt_value_free(m);
	free(doc);
}

static void test_scalars(void)
{
	check_scalar("yes", RT_BOOL, "true");
	check_scalar("No", RT_BOOL, "false");
	check_scalar("on", RT_BOOL, "true");
	check_scalar("OFF", RT_BOOL, "false");
	check_scalar("True", RT_BOOL, "true");
	check_scalar("y", RT_STR, "'y'");
	check_scalar("~", RT_NULL, "nil");
	check_scalar("null", RT_NULL, "nil");
	check_scalar("", RT_NULL, "nil");
	check_scalar("42", RT_INT, "42");
	check_scalar("-17", RT_INT, "-17");
	check_scalar("1_000", RT_INT, "1000");
	check_scalar("0x1F", RT_INT, "31");
	check_scalar("0o17", RT_INT, "15");
	check_scalar("017", RT_INT, "15");
	check_scalar("0b101", RT_INT, "5");
	check_scalar("1:30", RT_INT, "90");
	check_scalar("0", RT_INT, "0");
	check_scalar("09", RT_STR, "'09'");
	check_scalar("1.5", RT_FLOAT, "1.5");
	check_scalar("1.", RT_FLOAT, "1.0");
	check_scalar(".5", RT_FLOAT, "0.5");
	check_scalar("1.0e+3", RT_FLOAT, "1000.0");
	check_scalar("1e3", RT_STR, "'1e3'");
	check_scalar("1.0", RT_FLOAT, "1.0");
	check_scalar("1.0.0", RT_STR, "'1.0.0'");
	check_scalar("'1.0'", RT_STR, "'1.0'");
	check_scalar("\"yes\"", RT_STR, "'yes'");
	check_scalar("!!str 12", RT_STR, "'12'");
	check_scalar("!!int '12'", RT_INT, "12");
	check_scalar("!!float 3", RT_FLOAT, "3.0");
	check_scalar("2001-12-14", RT_STR, "'2001-12-14'");
	check_scalar("foo bar", RT_STR, "'foo bar'");
	check_scalar("9223372036854775807", RT_INT, "9223372036854775807");
	check_scalar("-9223372036854775808", RT_INT, "-9223372036854775808");
	{
		struct rt_value *m = parse("a: .inf\nb: -.Inf\nc: .NaN\n");
		CHECK(m && isinf(rt_map_get(m, "a")->u.f) && rt_map_get(m, "a")->u.f > 0);
		CHECK(m && isinf(rt_map_get(m, "b")->u.f) && rt_map_get(m, "b")->u.f < 0);
		CHECK(m && isnan(rt_map_get(m, "c")->u.f));
		rt_value_free(m);
	}
}

static void test_structure(void)
{
	struct rt_value *m = parse("# comment\nname: foo\nversion: '1.0'\nrequires:\n  - a-1\n"
				   "  - b\nconfig:\n  build_directory: x\n  z: [1, 2]\nlast: {}\n");
	CHECK(m && m->type == RT_MAP && rt_map_len(m) == 5);
	if (m) {
		CHECK_STR(rt_map_key(m, 0), "name");
		CHECK_STR(rt_map_key(m, 4), "last");
		CHECK(rt_map_get(m, "name")->line == 2);
		CHECK(rt_map_get(m, "requires")->type == RT_LIST);
		CHECK(rt_map_get(m, "requires")->line == 5);
		CHECK(rt_list_at(rt_map_get(m, "requires"), 1)->line == 6);
		CHECK(rt_map_get(rt_map_get(m, "config"), "z")->line == 9);
		CHECK(rt_map_get(m, "last")->type == RT_MAP);
	}
	rt_value_free(m);

	m = parse("");
	CHECK(m && m->type == RT_NULL);
	rt_value_free(m);
	m = parse("--- [a, b]\n");
	CHECK(m && m->type == RT_LIST && rt_list_len(m) == 2);
	rt_value_free(m);
}

static void test_anchors(void)
{
	struct rt_value *m = parse("base: &b {x: 1, y: 2}\nother: *b\nmerged:\n  <<: *b\n  y: 3\n"
				   "s: &s hello\nt: *s\nmulti:\n  <<: [{a: 1}, {a: 2, c: 3}]\n");
	struct rt_buf d = RT_BUF_INIT;
	CHECK(m != NULL);
	if (m) {
		rt_value_describe(rt_map_get(m, "other"), &d);
		CHECK_STR(d.buf, "{x: 1, y: 2}");
		rt_buf_reset(&d);
		rt_value_describe(rt_map_get(m, "merged"), &d);
		CHECK_STR(d.buf, "{x: 1, y: 3}");
		rt_buf_reset(&d);
		rt_value_describe(rt_map_get(m, "multi"), &d);
		CHECK_STR(d.buf, "{a: 1, c: 3}");
		CHECK_STR(rt_value_as_str(rt_map_get(m, "t")), "hello");
	}
	rt_buf_release(&d);
	rt_value_free(m);

	m = parse("hooks: !modify {append: [b], prepend: [z]}\n");
	CHECK(m != NULL);
	if (m) {
		struct rt_value *h = rt_map_get(m, "hooks");
		CHECK(h->type == RT_MAP && rt_map_len(h) == 1);
		CHECK_STR(rt_map_key(h, 0), "!modify");
		CHECK(rt_map_get(rt_map_val(h, 0), "append")->type == RT_LIST);
	}
	rt_value_free(m);
}

static void check_error(const char *text, size_t len, const char *want)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *v = rt_yaml_parse(text, len, "bad.yaml", &err);
	CHECKF(v == NULL, "expected an error for %s", want);
	CHECK_STR(err.msg ? err.msg : "(none)", want);
	rt_value_free(v);
	rt_error_release(&err);
}

static void test_errors(void)
{
	const char bomb[] =
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
	check_error("a: 1\na: 2\n", 10, "bad.yaml:2:1: duplicate key 'a'");
	check_error("a: 1\n  b: 2\n", 12, "bad.yaml:2:4: mapping values are not allowed in this context");
	check_error("yes: 1\n", 7, "bad.yaml:1:1: mapping key true must be a string (got boolean; quote it)");
	check_error("12: 1\n", 6, "bad.yaml:1:1: mapping key 12 must be a string (got integer; quote it)");
	check_error("? [a]\n: 1\n", 10, "bad.yaml:1:3: mapping key must be a string (got list)");
	check_error("a: \"x\xff\"\n", 8, "bad.yaml:1:6: invalid leading UTF-8 octet (byte 0xff)");
	check_error("a: *nope\n", 9, "bad.yaml:1:4: unknown alias '*nope'");
	check_error("a: &x [*x]\n", 11, "bad.yaml:1:8: alias '*x' refers to a node that contains it");
	check_error("a: !!python/name:os.system x\n", 28,
		    "bad.yaml:1:4: unsupported tag 'tag:yaml.org,2002:python/name:os.system' on a scalar");
	check_error("a: !!int x\n", 11, "bad.yaml:1:4: cannot read 'x' as an integer");
	check_error("a: 99999999999999999999\n", 24, "bad.yaml:1:4: integer '99999999999999999999' does not fit in 64 bits");
	check_error("a: 1\n---\nb: 2\n", 14, "bad.yaml:2:1: more than one YAML document");
	check_error("a: [1, 2\n", 9, "bad.yaml:2:1: did not find expected ',' or ']' while parsing a flow sequence (line 1)");
	check_error(bomb, sizeof(bomb) - 1,
		    "bad.yaml:6:40: document too large: more than 1048576 values (alias expansion?)");
	{
		struct rt_buf deep = RT_BUF_INIT;
		rt_buf_addchars(&deep, '[', 300);
		rt_buf_addchars(&deep, ']', 300);
		check_error(deep.buf, deep.len, "bad.yaml:1:257: nesting deeper than 256 levels");
		rt_buf_release(&deep);
	}
}

static void roundtrip(const char *text, const char *want_yaml)
{
	struct rt_value *v = parse(text), *back;
	struct rt_buf out = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	CHECK(v != NULL);
	if (!v)
		return;
	CHECK(rt_yaml_emit(v, &out, &err) == 0);
	if (want_yaml)
		CHECK_STR(out.buf, want_yaml);
	back = rt_yaml_parse(out.buf, out.len, "out.yaml", &err);
	CHECKF(back && rt_value_equal(v, back), "round trip of %s", out.buf);
	rt_value_free(v);
	rt_value_free(back);
	rt_buf_release(&out);
	rt_error_release(&err);
}

static void test_emit(void)
{
	roundtrip("name: foo\nversion: '1.0'\nflags: [yes, 'yes', '', ~, 3, '3', 1.5, '1e3']\n"
		  "empty: {}\nnone: []\nnested: {a: {b: [x, {c: d}]}}\n",
		  "name: foo\nversion: '1.0'\nflags:\n- true\n- 'yes'\n- ''\n- null\n- 3\n- '3'\n"
		  "- 1.5\n- 1e3\nempty: {}\nnone: []\nnested:\n  a:\n    b:\n    - x\n    - c: d\n");
	roundtrip("text: \"line1\\nline2\\n\"\nq: \"it's: here # x\"\nf: 1.0e+20\ng: -0.25\n", NULL);
	roundtrip("hooks: !modify {append: [b]}\n", "hooks: !modify\n  append:\n  - b\n");
	roundtrip("just a string\n", "just a string\n");
	roundtrip("ctl: \"a\\tb\\x01\"\n", NULL);
	{
		struct rt_value *v = rt_value_float(1e20);
		struct rt_buf out = RT_BUF_INIT;
		rt_yaml_emit(v, &out, NULL);
		CHECK_STR(out.buf, "1.0e+20\n");
		rt_value_free(v);
		rt_buf_release(&out);
	}
}

int main(void)
{
	test_scalars();
	test_structure();
	test_anchors();
	test_errors();
	test_emit();
	return tap_done();
}
