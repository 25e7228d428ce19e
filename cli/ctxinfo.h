/* ctxinfo.h - human-readable printing of a resolved context (Rez's context summary). */
#ifndef CLI_CTXINFO_H
#define CLI_CTXINFO_H

#include <stdio.h>

struct rt_context;

struct cli_ctxinfo_opts {
	int verbosity;            /* >0: search paths, filters, resolve details */
	int source_order;         /* packages in resolve order instead of alphabetical */
	int show_uris;            /* definition URIs instead of roots */
	const char *local_path;   /* local_packages_path: packages from it are tagged (local) */
};

void cli_ctxinfo_print(const struct rt_context *ctx, const struct cli_ctxinfo_opts *opts, FILE *f);

/* Rows of cells printed as aligned columns, two spaces apart (widths in characters). */
struct cli_table {
	const char **cells;       /* rows * cols, borrowed */
	size_t rows, cols, cap;
};
void cli_table_add(struct cli_table *t, const char *const *row);
void cli_table_print(const struct cli_table *t, FILE *f);
void cli_table_release(struct cli_table *t);

#endif
