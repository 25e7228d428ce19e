/* fuzz_dialect.c - libFuzzer target for the package.lua front end (interp/dialect.h).
 * Checks the documented invariant of li_dialect_rewrite: the rewritten text has the input's
 * length and its newlines in the same places (so Lua reports the author's lines), and every
 * recorded function is found again by its line. Then, when the rewrite succeeded, cuts each
 * decorated function's source out. */
#include "runtime/common.h"
#include "interp/dialect.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct li_dialect d = LI_DIALECT_INIT;
	struct rt_error err = RT_ERROR_INIT;
	const char *src = (const char *)data;
	if (li_dialect_rewrite(&d, src, size, "fuzz.lua", &err) == 0) {
		if (d.text.len != size)
			abort();
		for (size_t i = 0; i < size; i++)
			if ((src[i] == '\n') != (d.text.buf[i] == '\n'))
				abort();
		int nlines = 1;
		for (size_t i = 0; i < size; i++)
			nlines += src[i] == '\n';
		for (size_t i = 0; i < d.n_fns; i++) {
			if (li_dialect_find(&d, d.fns[i].line) == NULL)
				abort();
			/* The last line is unknown without compiling; try a one-line function
			 * and one that runs to the end of the file. */
			for (int k = 0; k < 2; k++) {
				struct rt_buf out = RT_BUF_INIT;
				(void)li_dialect_cut_function(src, size, d.fns[i].line,
							      k ? nlines : d.fns[i].line,
							      d.fns[i].name, &out);
				rt_buf_release(&out);
			}
		}
	} else if (!err.msg) {
		abort();   /* failure must come with a message */
	}
	rt_error_release(&err);
	li_dialect_release(&d);
	return 0;
}
