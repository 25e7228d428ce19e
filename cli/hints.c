/* hints.c - help after a failed resolve (see hints.h). */
#include "cli/hints.h"
#include "runtime/buf.h"
#include "runtime/repo.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <ctype.h>
#include <sys/stat.h>

size_t cli_edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), *row, best, res;
	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	row = rt_xcalloc(lb + 1, sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t sub = diag + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
			size_t v = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
			row[j] = sub < v ? sub : v;
			diag = up;
			if (row[j] < best)
				best = row[j];
		}
		if (best > cap) {
			free(row);
			return cap + 1;
		}
	}
	res = row[lb];
	free(row);
	return res;
}

/* The package name after `marker` in msg, into out; 0 if absent. */
static int name_after(const char *msg, const char *marker, struct rt_buf *out)
{
	const char *p = strstr(msg, marker), *q;
	if (!p)
		return 0;
	p += strlen(marker);
	q = p;
	while (*q && (isalnum((unsigned char)*q) || *q == '_'))
		q++;
	if (q == p)
		return 0;
	rt_buf_add(out, p, (size_t)(q - p));
	return 1;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void path_hints(const struct rt_value *paths, int explicit_paths, int any_family, struct rt_buf *f)
{
	size_t n = paths ? rt_list_len(paths) : 0, missing = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = rt_value_as_str(rt_list_at(paths, i));
		missing += !(p && is_dir(p));
	}
	if (any_family && !missing)
		return;
	missing = 0;
	if (!n) {
		rt_buf_adds(f, "; no package repository is configured (packages_path is empty)");
	} else {
		rt_buf_adds(f, "; packages_path is");
		for (size_t i = 0; i < n; i++) {
			const char *p = rt_value_as_str(rt_list_at(paths, i));
			int ok = p && is_dir(p);
			missing += !ok;
			rt_buf_addf(f, "%s %s%s", i ? "," : "", p ? p : "?", ok ? "" : " (does not exist)");
		}
		
	}
	if (!n || missing == n || !any_family)
		rt_buf_addf(f, "; set packages_path in a rezconfig file or $REZ_PACKAGES_PATH%s "
			"(e.g. export REZ_PACKAGES_PATH=~/packages)",
			explicit_paths ? "" : ", or pass --paths");
}

static void family_hints(struct rt_repo *repo, const char *name, struct rt_buf *f)
{
	const char *const *fams;
	size_t nfams, shown = 0, cap = strlen(name) / 3 + 1;
	struct rt_buf line = RT_BUF_INIT;
	if (rt_repo_families(repo, &fams, &nfams, NULL) < 0)
		return;
	for (size_t d = 0; d <= cap && shown < 5; d++)
		for (size_t i = 0; i < nfams && shown < 5; i++) {
			size_t dist = cli_edit_distance(name, fams[i], cap);
			/* "py" for "python": a prefix of at least 2 characters is a suggestion too */
			int prefix = d == cap && strlen(name) >= 2 && dist > cap &&
				     !strncmp(fams[i], name, strlen(name));
			if (dist == d || prefix) {
				rt_buf_addf(&line, "%s%s", shown ? ", " : "", fams[i]);
				shown++;
			}
		}
	if (shown)
		rt_buf_addf(f, "; did you mean %s?", line.buf);
	rt_buf_release(&line);
}

static void version_hints(struct rt_repo *repo, const char *name, struct rt_buf *f)
{
	const struct rt_repo_entry *const *ents;
	size_t n = 0, from;
	if (rt_repo_versions(repo, name, &ents, &n, NULL) < 0 || !n)
		return;
	rt_buf_addf(f, "; versions of %s that exist:", name);
	/* the newest 20 are enough to see the pattern */
	from = n > 20 ? n - 20 : 0;
	if (from)
		rt_buf_adds(f, " ...,");
	for (size_t i = from; i < n; i++) {
		const char *v = rt_version_str(ents[i]->version);
		rt_buf_addf(f, "%s %s", i > from ? "," : "", *v ? v : "(unversioned)");
	}
	
}

void cli_resolve_hints(struct rt_repo *repo, const struct rt_value *paths, int explicit_paths,
		       const char *msg, struct rt_buf *f)
{
	struct rt_buf name = RT_BUF_INIT;
	if (!msg || !repo)
		return;
	if (name_after(msg, "package family not found: ", &name)) {
		const char *const *fams;
		size_t nfams = 0;
		if (rt_repo_families(repo, &fams, &nfams, NULL) < 0)
			nfams = 0;
		path_hints(paths, explicit_paths, nfams > 0, f);
		if (nfams)
			family_hints(repo, name.buf, f);
	} else if (name_after(msg, "package could not be found: ", &name)) {
		version_hints(repo, name.buf, f);
	}
	rt_buf_release(&name);
}
