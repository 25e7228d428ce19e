/* vcs.c - git and stub release VCSs (see vcs.h). */
#include "runtime/release/vcs.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/file.h"
#include "runtime/release/capture.h"
#include "runtime/value.h"
#include "runtime/yaml.h"

#include <errno.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <sys/stat.h>

struct rt_vcs {
	const char *name;
	char *root;
	const struct rt_config *cfg;
};

static int exists(const char *dir, const char *name)
{
	struct stat st;
	char *p = rt_xstrfmt("%s/%s", dir, name);
	int rc = stat(p, &st) == 0;
	free(p);
	return rc;
}

static char *absolute(const char *dir)
{
	char *r = realpath(dir, NULL);
	return r ? r : rt_xstrdup(dir);
}

struct rt_vcs *rt_vcs_find(const char *source_dir, const char *want, const struct rt_config *cfg,
			   struct rt_error *err)
{
	char *dir = absolute(source_dir);
	struct rt_vcs *v;

	if (want && !rt_streq(want, "git") && !rt_streq(want, "stub")) {
		rt_error(err, "unknown VCS '%s' (rez-lua has: git, stub; hg and svn are not provided)", want);
		free(dir);
		return NULL;
	}
	for (;;) {
		int git = exists(dir, ".git"), stub = exists(dir, ".stub");
		const char *found = NULL;
		if (want && ((rt_streq(want, "git") && git) || (rt_streq(want, "stub") && stub)))
			found = want;
		else if (!want && git && stub) {
			rt_error(err, "several version control systems are associated with '%s' (git, stub): "
				 "choose one with --vcs", dir);
			free(dir);
			return NULL;
		} else if (!want && (git || stub))
			found = git ? "git" : "stub";
		else if (!want && (exists(dir, ".hg") || exists(dir, ".svn"))) {
			rt_error(err, "'%s' is a %s working copy: rez-lua releases from git only",
				 dir, exists(dir, ".hg") ? "Mercurial" : "Subversion");
			free(dir);
			return NULL;
		}
		if (found) {
			v = rt_xcalloc(1, sizeof(*v));
			v->name = rt_streq(found, "git") ? "git" : "stub";
			v->root = dir;
			v->cfg = cfg;
			return v;
		}
		if (rt_streq(dir, "/"))
			break;
		*strrchr(dir, '/') = '\0';
		if (!*dir) {
			dir[0] = '/';
			dir[1] = '\0';
		}
	}
	free(dir);
	dir = absolute(source_dir);
	rt_error(err, "no version control system for package releasing is associated with the path %s",
		 dir);
	free(dir);
	return NULL;
}

void rt_vcs_free(struct rt_vcs *v)
{
	if (!v)
		return;
	free(v->root);
	free(v);
}

const char *rt_vcs_name(const struct rt_vcs *v) { return v->name; }
const char *rt_vcs_root(const struct rt_vcs *v) { return v->root; }

/* ---- git ---- */

/* Runs `git -C root ARGS...`; output without the final newline in *out. Returns the exit
 * status, or -1 when git could not run (err). */
static int git(struct rt_vcs *v, struct rt_buf *out, struct rt_error *err, ...)
{
	const char *argv[32];
	size_t n = 0;
	va_list ap;
	int status = 0;
	argv[n++] = "git";
	argv[n++] = "-C";
	argv[n++] = v->root;
	va_start(ap, err);
	for (const char *a; (a = va_arg(ap, const char *)) && n < RT_ARRAY_LEN(argv) - 1;)
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	rt_buf_reset(out);
	if (rt_capture_run(argv, NULL, out, &status, err) < 0)
		return -1;
	while (out->len && out->buf[out->len - 1] == '\n')
		rt_buf_setlen(out, out->len - 1);
	return status;
}

/* git must succeed; else err = "git <what> failed: <output>". */
#define GIT_OK(what, ...) do { \
		int st_ = git(v, &out, err, __VA_ARGS__, (const char *)NULL); \
		if (st_ != 0) { \
			if (st_ > 0) \
				rt_error(err, "git %s failed: %s", what, out.buf); \
			goto fail; \
		} \
	} while (0)

/* The upstream as "remote/branch" in *up (empty when none). */
static int tracking(struct rt_vcs *v, struct rt_buf *up, struct rt_error *err)
{
	int st = git(v, up, err, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}",
		     (const char *)NULL);
	if (st < 0)
		return -1;
	if (st > 0)
		rt_buf_reset(up);
	return 0;
}

static int regex_search(const char *pattern, const char *subject, int *match, struct rt_error *err)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec,
				       &off, NULL);
	pcre2_match_data *md;
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		return rt_error(err, "setting 'plugins.release_vcs.releasable_branches': bad regex '%s': %s",
				pattern, (char *)msg);
	}
	md = pcre2_match_data_create_from_pattern(re, NULL);
	*match = pcre2_match(re, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0;
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return 0;
}

static int git_validate(struct rt_vcs *v, struct rt_error *err)
{
	struct rt_buf out = RT_BUF_INIT, up = RT_BUF_INIT, branch = RT_BUF_INIT;
	const struct rt_value *rb = rt_config_str_list(v->cfg, "plugins.release_vcs.releasable_branches");
	int st;

	GIT_OK("rev-parse", "rev-parse", "--is-bare-repository");
	if (rt_streq(out.buf, "true")) {
		rt_error(err, "could not release: bare git repository");
		goto fail;
	}
	if (tracking(v, &up, err) < 0)
		goto fail;
	if (!up.len && !rt_config_bool(v->cfg, "plugins.release_vcs.git.allow_no_upstream")) {
		rt_error(err, "release cancelled: there is no upstream branch (git cannot see a remote "
			 "repository); to release anyway, set 'plugins.release_vcs.git.allow_no_upstream' "
			 "to true");
		goto fail;
	}
	if (rt_list_len(rb)) {
		int ok = 0;
		if (git(v, &branch, err, "rev-parse", "--abbrev-ref", "HEAD", (const char *)NULL) != 0)
			goto fail;
		for (size_t i = 0; !ok && i < rt_list_len(rb); i++)
			if (regex_search(rt_value_as_str(rt_list_at(rb, i)), branch.buf, &ok, err) < 0)
				goto fail;
		if (!ok) {
			struct rt_buf all = RT_BUF_INIT;
			for (size_t i = 0; i < rt_list_len(rb); i++)
				rt_buf_addf(&all, "%s%s", i ? ", " : "", rt_value_as_str(rt_list_at(rb, i)));
			rt_error(err, "could not release: current branch is %s, must match one of: %s",
				 branch.buf, all.buf);
			rt_buf_release(&all);
			goto fail;
		}
	}
	/* untracked files do not count, as in Rez (git diff-index) */
	GIT_OK("update-index", "update-index", "-q", "--refresh");
	st = git(v, &out, err, "diff-index", "--quiet", "HEAD", (const char *)NULL);
	if (st < 0)
		goto fail;
	if (st > 0) {
		git(v, &out, err, "diff-index", "--stat", "HEAD", (const char *)NULL);
		rt_error(err, "could not release: there are uncommitted changes:\n%s", out.buf);
		goto fail;
	}
	if (up.len) {
		char *remote = rt_xstrdup(up.buf), *slash = strchr(remote, '/');
		long long ahead = 0, behind = 0;
		if (slash)
			*slash = '\0';
		st = git(v, &out, err, "fetch", "--quiet", remote, (const char *)NULL);
		free(remote);
		if (st != 0) {
			if (st > 0)
				rt_error(err, "git fetch failed: %s", out.buf);
			goto fail;
		}
		GIT_OK("rev-list", "rev-list", "--left-right", "--count", "HEAD...@{u}");
		if (sscanf(out.buf, "%lld %lld", &ahead, &behind) != 2) {
			rt_error(err, "cannot read 'git rev-list --count' output: %s", out.buf);
			goto fail;
		}
		if (ahead || behind) {
			rt_error(err, "could not release: %lld commits %s %s", ahead ? ahead : behind,
				 ahead ? "ahead of" : "behind", up.buf);
			goto fail;
		}
	}
	rt_buf_release(&out);
	rt_buf_release(&up);
	rt_buf_release(&branch);
	return 0;
fail:
	rt_buf_release(&out);
	rt_buf_release(&up);
	rt_buf_release(&branch);
	return -1;
}

static struct rt_value *git_revision(struct rt_vcs *v, struct rt_error *err)
{
	struct rt_buf out = RT_BUF_INIT, up = RT_BUF_INIT;
	struct rt_value *doc = rt_value_map();

	GIT_OK("rev-parse", "rev-parse", "HEAD");
	rt_map_set(doc, "commit", rt_value_str(out.buf));
	GIT_OK("rev-parse", "rev-parse", "--abbrev-ref", "HEAD");
	rt_map_set(doc, "branch", rt_value_str(out.buf));
	if (tracking(v, &up, err) < 0)
		goto fail;
	rt_map_set(doc, "tracking_branch", up.len ? rt_value_str(up.buf) : rt_value_null());
	if (up.len) {
		char *remote = rt_xstrdup(up.buf), *slash = strchr(remote, '/');
		if (slash)
			*slash = '\0';
		if (git(v, &out, err, "remote", "get-url", remote, (const char *)NULL) == 0)
			rt_map_set(doc, "fetch_url", rt_value_str(out.buf));
		if (git(v, &out, err, "remote", "get-url", "--push", remote, (const char *)NULL) == 0)
			rt_map_set(doc, "push_url", rt_value_str(out.buf));
		free(remote);
	}
	rt_buf_release(&out);
	rt_buf_release(&up);
	return doc;
fail:
	rt_buf_release(&out);
	rt_buf_release(&up);
	rt_value_free(doc);
	return NULL;
}

/* ---- stub ---- */

static struct rt_value *stub_read(struct rt_vcs *v, struct rt_error *err)
{
	char *path = rt_xstrfmt("%s/.stub", v->root);
	struct rt_buf text = RT_BUF_INIT;
	struct rt_value *doc;
	if (rt_buf_read_file(&text, path, 1 << 20) < 0) {
		rt_error(err, "cannot read '%s': %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	doc = text.len ? rt_yaml_parse(text.buf, text.len, path, err) : rt_value_map();
	if (doc && doc->type == RT_NULL) {
		rt_value_free(doc);
		doc = rt_value_map();
	}
	if (doc && doc->type != RT_MAP) {
		rt_error(err, "%s: must be a mapping", path);
		rt_value_free(doc);
		doc = NULL;
	}
	rt_buf_release(&text);
	free(path);
	return doc;
}

static int stub_write(struct rt_vcs *v, const struct rt_value *doc, struct rt_error *err)
{
	char *path = rt_xstrfmt("%s/.stub", v->root);
	struct rt_buf text = RT_BUF_INIT;
	int rc = rt_yaml_emit(doc, &text, err);
	if (rc == 0)
		rc = rt_file_write_atomic(path, text.buf, text.len, 0644, 0, err);
	rt_buf_release(&text);
	free(path);
	return rc;
}

/* ---- the interface ---- */

int rt_vcs_validate_repostate(struct rt_vcs *v, struct rt_error *err)
{
	struct rt_value *doc;
	const struct rt_value *d;
	if (rt_streq(v->name, "git"))
		return git_validate(v, err);
	if (!(doc = stub_read(v, err)))
		return -1;
	d = rt_map_get(doc, "dirty");
	if (d && d->type == RT_BOOL && d->u.b) {
		rt_value_free(doc);
		return rt_error(err, "could not release: there are uncommitted changes (stub)");
	}
	rt_value_free(doc);
	return 0;
}

struct rt_value *rt_vcs_current_revision(struct rt_vcs *v, struct rt_error *err)
{
	struct rt_value *doc, *rev;
	if (rt_streq(v->name, "git"))
		return git_revision(v, err);
	if (!(doc = stub_read(v, err)))
		return NULL;
	rev = rt_map_take(doc, "revision");
	rt_value_free(doc);
	return rev ? rev : rt_value_null();
}

int rt_vcs_changelog(struct rt_vcs *v, const struct rt_value *previous, long long max_revisions,
		     struct rt_buf *out, struct rt_error *err)
{
	struct rt_buf log = RT_BUF_INIT, range = RT_BUF_INIT;
	char n[32];
	const char *prev = previous && previous->type == RT_MAP
		? rt_value_as_str(rt_map_get(previous, "commit")) : NULL;
	const char *argv[8];
	int st;
	if (!rt_streq(v->name, "git")) {
		struct rt_value *doc = stub_read(v, err);
		const char *cl;
		if (!doc)
			return -1;
		if ((cl = rt_value_as_str(rt_map_get(doc, "changelog"))))
			rt_buf_adds(out, cl);
		rt_value_free(doc);
		return 0;
	}
	snprintf(n, sizeof(n), "%lld", max_revisions);
	if (prev)
		rt_buf_addf(&range, "%s..HEAD", prev);
	/* built by hand: the optional arguments vary */
	{
		size_t k = 0;
		argv[k++] = "log";
		if (max_revisions > 0) {
			argv[k++] = "-n";
			argv[k++] = n;
		}
		if (prev)
			argv[k++] = range.buf;
		argv[k] = NULL;
		st = git(v, &log, err, argv[0], k > 1 ? argv[1] : NULL, k > 2 ? argv[2] : NULL,
			 k > 3 ? argv[3] : NULL, (const char *)NULL);
	}
	if (st > 0 && prev) {
		/* the previous commit is gone (rewritten history): the whole log, as Rez would
		 * fail; say why instead of failing the release */
		st = git(v, &log, err, "log", max_revisions > 0 ? "-n" : NULL, n, (const char *)NULL);
	}
	if (st != 0) {
		if (st > 0)
			rt_error(err, "git log failed: %s", log.buf);
		rt_buf_release(&log);
		rt_buf_release(&range);
		return -1;
	}
	rt_buf_addbuf(out, &log);
	rt_buf_release(&log);
	rt_buf_release(&range);
	return 0;
}

int rt_vcs_tag_exists(struct rt_vcs *v, const char *tag, int *exists_out, struct rt_error *err)
{
	struct rt_buf out = RT_BUF_INIT;
	*exists_out = 0;
	if (rt_streq(v->name, "git")) {
		char *ref = rt_xstrfmt("refs/tags/%s", tag);
		int st = git(v, &out, err, "rev-parse", "--verify", "--quiet", ref, (const char *)NULL);
		free(ref);
		rt_buf_release(&out);
		if (st < 0)
			return -1;
		*exists_out = st == 0;
		return 0;
	} else {
		struct rt_value *doc = stub_read(v, err);
		const struct rt_value *tags;
		if (!doc)
			return -1;
		tags = rt_map_get(doc, "tags");
		for (size_t i = 0; tags && tags->type == RT_LIST && i < rt_list_len(tags); i++) {
			const char *t = rt_value_as_str(rt_list_at(tags, i));
			if (t && rt_streq(t, tag))
				*exists_out = 1;
		}
		rt_value_free(doc);
		return 0;
	}
}

int rt_vcs_create_tag(struct rt_vcs *v, const char *tag, const char *message,
		      void (*say)(void *ud, const char *line), void *ud, struct rt_error *err)
{
	struct rt_buf out = RT_BUF_INIT, up = RT_BUF_INIT;
	int ex;
	char *line;

	if (rt_vcs_tag_exists(v, tag, &ex, err) < 0)
		return -1;
	if (ex)
		return 0;
	line = rt_xstrfmt("Creating tag '%s'...", tag);
	say(ud, line);
	free(line);
	if (!rt_streq(v->name, "git")) {
		struct rt_value *doc = stub_read(v, err);
		struct rt_value *tags;
		int rc;
		if (!doc)
			return -1;
		tags = rt_map_get(doc, "tags");
		if (!tags || tags->type != RT_LIST) {
			tags = rt_value_list();
			rt_map_set(doc, "tags", tags);
		}
		rt_list_push(tags, rt_value_str(tag));
		rc = stub_write(v, doc, err);
		rt_value_free(doc);
		return rc;
	}
	GIT_OK("tag", "tag", "-a", tag, "-m", message ? message : "");
	if (tracking(v, &up, err) < 0)
		goto fail;
	if (up.len) {
		char *remote = rt_xstrdup(up.buf), *slash = strchr(remote, '/');
		int st;
		if (slash)
			*slash = '\0';
		line = rt_xstrfmt("Pushing tag '%s' to %s...", tag, up.buf);
		say(ud, line);
		free(line);
		st = git(v, &out, err, "push", "--quiet", remote, tag, (const char *)NULL);
		if (st > 0)
			rt_error(err, "git push of tag '%s' to '%s' failed: %s", tag, remote, out.buf);
		free(remote);
		if (st != 0)
			goto fail;
	}
	rt_buf_release(&out);
	rt_buf_release(&up);
	return 0;
fail:
	rt_buf_release(&out);
	rt_buf_release(&up);
	return -1;
}
