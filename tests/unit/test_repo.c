/* Repository listing: families found by name without listing the repository, then merged
 * into a later full listing without losing what was already scanned. */
#include "interp/interp.h"
#include "runtime/repo.h"
#include "runtime/version.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[256], root2[256];

static void put_in(const char *base, const char *fam, const char *ver)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", base, fam);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", base, fam, ver);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s/package.lua", base, fam, ver);
	f = fopen(path, "w");
	fprintf(f, "name = \"%s\"\nversion = \"%s\"\n", fam, ver);
	fclose(f);
}

static void put(const char *fam, const char *ver)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", root, fam);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", root, fam, ver);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s/package.lua", root, fam, ver);
	f = fopen(path, "w");
	fprintf(f, "name = \"%s\"\nversion = \"%s\"\n", fam, ver);
	fclose(f);
}

int main(void)
{
	struct rt_pkg_loader loader = li_package_loader(NULL);
	struct rt_error err = RT_ERROR_INIT;
	const char *paths[1];
	struct rt_repo *r;
	const struct rt_repo_entry *const *e1, *const *e2;
	const char *const *names;
	size_t n1, n2, nn;
	char cmd[700];

	snprintf(root, sizeof(root), "/tmp/rez-test-repo-XXXXXX");
	if (!mkdtemp(root))
		return 1;
	put("alpha", "1.0");
	put("beta", "1.0");
	put("beta", "2.0");
	put("gamma", "0.1");
	snprintf(cmd, sizeof(cmd), "%s/not-a-name!", root);
	mkdir(cmd, 0755);   /* never a family */
	paths[0] = root;
	r = rt_repo_new(paths, 1, &loader, 1, &err);
	CHECKF(r != NULL, "%s", rt_error_msg(&err));

	CHECK(rt_repo_versions(r, "beta", &e1, &n1, &err) == 0 && n1 == 2);
	CHECK(n1 == 2 && rt_streq(rt_version_str(e1[1]->version), "2.0"));
	CHECK(rt_repo_versions(r, "nosuch", &e2, &n2, &err) == 0 && n2 == 0);
	CHECK(rt_repo_versions(r, "not-a-name!", &e2, &n2, &err) == 0 && n2 == 0);
	CHECK(rt_repo_load(r, e1[0], &err) != NULL);

	/* A full listing afterwards keeps the scanned family (same entries, same package). */
	CHECK(rt_repo_families(r, &names, &nn, &err) == 0 && nn == 3);
	CHECK(nn == 3 && rt_streq(names[0], "alpha") && rt_streq(names[1], "beta") &&
	      rt_streq(names[2], "gamma"));
	CHECK(rt_repo_versions(r, "beta", &e2, &n2, &err) == 0 && n2 == 2 && e2 == e1);
	CHECK(rt_repo_versions(r, "gamma", &e2, &n2, &err) == 0 && n2 == 1);
	rt_repo_free(r);

	/* Two paths: the earlier one shadows equal versions ("2.0" and "2-0" are equal). */
	snprintf(root2, sizeof(root2), "/tmp/rez-test-repo2-XXXXXX");
	if (!mkdtemp(root2))
		return 1;
	put_in(root2, "beta", "2-0");
	put_in(root2, "beta", "3.0");
	{
		const char *two[2] = { root2, root };
		r = rt_repo_new(two, 2, &loader, 1, &err);
		CHECK(r != NULL);
		CHECK(rt_repo_versions(r, "beta", &e1, &n1, &err) == 0 && n1 == 3);
		if (n1 == 3) {
			CHECK(rt_streq(rt_version_str(e1[0]->version), "1.0") && rt_streq(e1[0]->repo_path, root));
			CHECK(rt_streq(rt_version_str(e1[1]->version), "2-0") && rt_streq(e1[1]->repo_path, root2));
			CHECK(rt_streq(rt_version_str(e1[2]->version), "3.0"));
		}
		rt_repo_free(r);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", root, root2);
	CHECK(system(cmd) == 0);
	rt_error_release(&err);
	return tap_done();
}
