/* pkgpick.c - naming one package on the command line (see pkgpick.h). */
#include "cli/pkgpick.h"
#include "runtime/repo.h"
#include "runtime/version.h"

#include <ctype.h>

int cli_pkg_split(const char *s, char **name, struct rt_version **version, struct rt_error *err)
{
	size_t n = 0;
	/* package names: letters, digits, '_' and '.'; the version follows '-' or '@' */
	while (s[n] && (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '.'))
		n++;
	if (!n || (s[n] && s[n] != '-' && s[n] != '@') || (s[n] && !s[n + 1]))
		return rt_error(err, "invalid package '%s' (expected NAME-VERSION, e.g. 'foo-1.2.3')", s);
	*version = rt_version_parse(s[n] ? s + n + 1 : "", err);
	if (!*version)
		return -1;
	*name = rt_xmemdupz(s, n);
	return 0;
}

const struct rt_repo_entry *cli_pkg_pick(struct rt_repo *repo, const char *s, int range_ok,
					 struct rt_error *err)
{
	const struct rt_repo_entry *const *es, *hit = NULL;
	struct rt_version *ver = NULL;
	struct rt_request *req = NULL;
	char *name = NULL;
	size_t n;

	if (cli_pkg_split(s, &name, &ver, range_ok ? NULL : err) == 0) {
		if (rt_repo_versions(repo, name, &es, &n, err) < 0)
			goto out;
		for (size_t i = 0; i < n; i++)
			if (!rt_version_cmp(es[i]->version, ver))
				hit = es[i];
		if (hit || !range_ok)
			goto out;
	} else if (!range_ok) {
		goto out;
	}
	req = rt_request_parse(s, err);
	if (req)
		hit = rt_repo_latest(repo, rt_request_name(req), rt_request_range(req), err);
out:
	rt_request_free(req);
	rt_version_free(ver);
	free(name);
	return hit;
}
