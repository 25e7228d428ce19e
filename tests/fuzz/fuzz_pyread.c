/* fuzz_pyread.c - libFuzzer target for the package.py reader (interp/pyread.h).
 * Any input: translation either fails with a message, or gives Lua text that loads. A load
 * failure must come with a message too, and must never be a Lua syntax error in the text
 * the translator wrote (that would be a translator bug, not bad input): syntax errors show
 * up as "... near '...'" or "... expected ..." from the Lua parser. Small budgets keep
 * runaway definitions short. The same for `rez convert`'s text (li_pyread_convert), which
 * must succeed whenever the translation does. */
#include "runtime/common.h"
#include "runtime/value.h"
#include "interp/pyread.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The Lua text loads, or fails for a reason other than its own syntax. */
static void check_loads(const struct rt_buf *lua)
{
	struct rt_error err = RT_ERROR_INIT;
	struct li_load_opts opts = LI_LOAD_OPTS_DEFAULT;
	struct rt_value *v;
	opts.limits.max_instructions = 200000;
	opts.limits.max_memory = (size_t)32 << 20;
	v = li_load_lua(lua->buf, lua->len, "fuzz/package.py", &opts, &err);
	if (!v) {
		const char *m = err.msg;
		if (!m)
			abort();
		if ((strstr(m, " near ") || strstr(m, "' expected")) && !strstr(m, "too many") &&
		    !strstr(m, "overflow") && !strstr(m, "limit") &&
		    !strstr(m, "Error: ")) {   /* a Python exception quoting the input's text */
			fprintf(stderr, "translated text does not compile: %s\n%s\n", m, lua->buf);
			abort();
		}
	}
	rt_value_free(v);
	rt_error_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_buf lua = RT_BUF_INIT, conv = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	const char *src = (const char *)data;

	if (li_pyread_translate(src, size, "fuzz/package.py", &lua, &err) < 0) {
		if (!err.msg)
			abort();
		rt_error_release(&err);
		rt_buf_release(&lua);
		return 0;
	}
	check_loads(&lua);
	if (li_pyread_convert(src, size, "fuzz/package.py", &conv, &err) < 0) {
		fprintf(stderr, "translated but not converted: %s\n", err.msg ? err.msg : "?");
		abort();
	}
	check_loads(&conv);
	rt_buf_release(&lua);
	rt_buf_release(&conv);
	return 0;
}
