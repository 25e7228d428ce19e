/* hints.h - help after a failed resolve: the configured repository paths (which do not
 * exist, how to set them), "did you mean" families, and the versions a range missed. */
#ifndef CLI_HINTS_H
#define CLI_HINTS_H

#include <stddef.h>

struct rt_buf;
struct rt_repo;
struct rt_value;

/* `msg` is the resolve's error or failure description; `paths` the configured repository
 * paths (an RT_LIST, NULL: not known). Appends "; hint" clauses to out (the error's one
 * line), or nothing. */
void cli_resolve_hints(struct rt_repo *repo, const struct rt_value *paths, int explicit_paths,
		       const char *msg, struct rt_buf *out);

/* Edit distance, capped: returns a value > cap when the distance exceeds it. */
size_t cli_edit_distance(const char *a, const char *b, size_t cap);

#endif
