/* vcs.h - the version control of a release (Rez's release_vcs): git, through the `git`
 * program (so the user's own credentials, hooks and configuration apply), and `stub` for
 * tests. hg and svn are not provided.
 *
 * Found by walking up from the package's source directory: a directory holding `.git` is a
 * git repository; one holding a `.stub` file is a stub (a YAML file the stub reads and writes:
 * `tags: [...]`, optional `revision`, `changelog`, `dirty: true`). A `.hg` or `.svn` found
 * first is an error naming what is not supported.
 *
 * Revisions are maps: git's {commit, branch, tracking_branch, fetch_url, push_url} as Rez
 * stores them in `revision`.
 *
 * Ownership: rt_vcs_find returns a new object freed with rt_vcs_free; values returned through
 * out parameters are new and owned by the caller. */
#ifndef RT_VCS_H
#define RT_VCS_H
#include "runtime/common.h"
#include "runtime/error.h"

struct rt_buf;
struct rt_value;
struct rt_config;
struct rt_vcs;

/* `want` is --vcs (NULL: detect). cfg gives plugins.release_vcs.* (borrowed, must outlive). */
struct rt_vcs *rt_vcs_find(const char *source_dir, const char *want, const struct rt_config *cfg,
			   struct rt_error *err);
void rt_vcs_free(struct rt_vcs *v);
const char *rt_vcs_name(const struct rt_vcs *v);   /* "git", "stub" */
const char *rt_vcs_root(const struct rt_vcs *v);

/* Not bare; an upstream (unless allow_no_upstream); the branch matches releasable_branches;
 * no uncommitted changes; not ahead of or behind the upstream (after fetching it). */
int rt_vcs_validate_repostate(struct rt_vcs *v, struct rt_error *err);
/* The current revision (a map). */
struct rt_value *rt_vcs_current_revision(struct rt_vcs *v, struct rt_error *err);
/* The log since `previous` (a revision map or NULL: all), at most max_revisions entries
 * (0: all), appended to out. */
int rt_vcs_changelog(struct rt_vcs *v, const struct rt_value *previous, long long max_revisions,
		     struct rt_buf *out, struct rt_error *err);
/* Sets *exists. */
int rt_vcs_tag_exists(struct rt_vcs *v, const char *tag, int *exists, struct rt_error *err);
/* Creates an annotated tag (nothing when it exists) and pushes it when there is an upstream;
 * says what it does through `say` ("Creating tag 't'...", "Pushing tag 't' to origin/main..."). */
int rt_vcs_create_tag(struct rt_vcs *v, const char *tag, const char *message,
		      void (*say)(void *ud, const char *line), void *ud, struct rt_error *err);

#endif
