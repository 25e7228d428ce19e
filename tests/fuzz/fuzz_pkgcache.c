/* fuzz_pkgcache.c - libFuzzer target for the package cache's decoders (runtime/pkgcache.h).
 * First byte even: the bytes are one record's data (rt_pkgcache_decode_data). Odd: they are a
 * family file's payload after the repository path and family name; the harness writes a file
 * with a valid header and checksum, so the payload parser itself is reached, then reads the
 * family back (listing, lookups, data). A damaged file must be ignored, never trusted. */
#include "runtime/common.h"

#include <stdio.h>
#include "runtime/buf.h"
#include "runtime/file.h"
#include "runtime/pkgcache.h"
#include "runtime/value.h"

#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPO "/fuzz/repo"
#define FAMILY "fam"

static char root[64];

static void put_u32(struct rt_buf *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		rt_buf_addch(b, (char)(v >> (8 * i)));
}

static void put_u64(struct rt_buf *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		rt_buf_addch(b, (char)(v >> (8 * i)));
}

static void put_str(struct rt_buf *b, const char *s)
{
	put_u32(b, (uint32_t)strlen(s));
	rt_buf_adds(b, s);
}

static void quiet(void *ud, const char *msg)
{
	(void)ud;
	(void)msg;
}

static void family_file(const uint8_t *data, size_t size)
{
	struct rt_pkgcache_opts o = { root, quiet, NULL, NULL, 0, 0 };
	struct rt_pkgcache *c = rt_pkgcache_new(&o);
	struct rt_pkgcache_stamp ds = { 1, 1, 1, 1 };
	struct rt_buf payload = RT_BUF_INIT, file = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_pkgcache_family *f;
	char *dir = rt_pkgcache_repo_dir(c, REPO), *path;
	const char *const *names;
	size_t n;
	int unversioned;

	put_str(&payload, REPO);
	put_str(&payload, FAMILY);
	rt_buf_add(&payload, data, size);
	rt_buf_adds(&file, "RZLPKGC\n");
	put_u32(&file, RT_PKGCACHE_FORMAT);
	put_u32(&file, 0);
	put_u64(&file, payload.len);
	put_u64(&file, rt_pkgcache_checksum(payload.buf, payload.len));
	rt_buf_add(&file, payload.buf, payload.len);
	mkdir(dir, 0700);
	path = rt_xstrfmt("%s/" FAMILY ".rzc", dir);
	if (rt_file_write_atomic(path, file.buf, file.len, 0600, RT_FILE_NOSYNC, &err) < 0)
		abort();
	f = rt_pkgcache_family(c, REPO, FAMILY, &ds);
	if (rt_pkgcache_listing(f, &names, &n, &unversioned)) {
		for (size_t i = 0; i < n; i++) {
			char *vdir = rt_xstrfmt("%s/%s", root, names[i]);
			if (rt_pkgcache_lookup(f, names[i], vdir))
				rt_value_free(rt_pkgcache_data(f, names[i]));
			free(vdir);
		}
	}
	rt_pkgcache_free(c);
	unlink(path);
	free(path);
	free(dir);
	rt_buf_release(&payload);
	rt_buf_release(&file);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!root[0]) {
		snprintf(root, sizeof(root), "/tmp/fuzz_pkgcache.%d", (int)getpid());
		mkdir(root, 0700);
	}
	if (size < 1)
		return 0;
	if (data[0] & 1) {
		family_file(data + 1, size - 1);
	} else {
		struct rt_value *v = rt_pkgcache_decode_data(data + 1, size - 1, "/fuzz/package.lua");
		if (v && v->type != RT_MAP)
			abort();
		rt_value_free(v);
	}
	return 0;
}
