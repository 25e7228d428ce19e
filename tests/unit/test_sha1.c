/* SHA-1 against FIPS 180 vectors and Python's hashlib, and Rez's hashed variant directory
 * names (values printed by real Rez 3.4: Variant.subpath with hashed_variants = True). */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/sha1.h"
#include "runtime/package.h"
#include "interp/load.h"
#include "tap.h"

#include <stdio.h>

static void hex_of(const char *s, const char *want)
{
	char hex[41];
	rt_sha1_hex(s, strlen(s), hex);
	CHECK_STR(hex, want);
}

static void test_vectors(void)
{
	hex_of("", "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	hex_of("abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
	hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	       "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	hex_of("The quick brown fox jumps over the lazy dog",
	       "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12");
}

/* A million 'a's fed in uneven pieces (FIPS 180 vector). */
static void test_million(void)
{
	static char chunk[1000];
	struct rt_sha1 s;
	unsigned char d[RT_SHA1_LEN];
	char hex[41];
	size_t left = 1000000, step = 1;

	memset(chunk, 'a', sizeof(chunk));
	rt_sha1_init(&s);
	while (left) {
		size_t n = step < left ? step : left;
		rt_sha1_update(&s, chunk, n);
		left -= n;
		step = step * 7 % 997 + 1;
	}
	rt_sha1_final(&s, d);
	for (int i = 0; i < RT_SHA1_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	CHECK_STR(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

/* Lengths around the padding boundaries (55/56/64 bytes); hashlib's digests. */
static void test_padding(void)
{
	static const struct { size_t n; const char *hex; } cases[] = {
		{ 55, "ddf57317ef34bfee3b6df83d359098930eb278bc" },
		{ 56, "a0d492bb0fc889d0eca3bc137066ab6f4f74f369" },
		{ 57, "11a02dcf95859677a62e75024067c22b165d890f" },
		{ 63, "c55856749bef509bdfe6bfebfc7bf4e793e82132" },
		{ 64, "bede92be29c3874e1b54ddc77988d606fc857a8e" },
		{ 65, "b05a80522b053d6dc7e0a517d0e70212c7dad11f" },
		{ 119, "504e27376a6e0f0dba8295b85cb25dc4dfa17d23" },
		{ 120, "82134b02fb3f702491be9bed581eeab59334acb2" },
		{ 128, "a09133e6730ffe899efb70204cb5646cd5dc24ee" },
	};
	unsigned char data[128];
	char hex[41];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)((i * 7 + 3) & 255);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rt_sha1_hex(data, cases[i].n, hex);
		CHECKF(rt_streq(hex, cases[i].hex), "length %zu: %s", cases[i].n, hex);
	}
}

static void subpath(const char *variants, int hashed, const char *want)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_buf src = RT_BUF_INIT, out = RT_BUF_INIT;
	struct rt_value *v;
	struct rt_package *p = NULL;

	rt_buf_addf(&src, "name = 'lr'\nversion = '1.0'\nhashed_variants = %s\nvariants = %s\n",
		    hashed ? "true" : "false", variants);
	v = li_load_lua(src.buf, src.len, "r/lr/1.0/package.lua", NULL, &err);
	if (v)
		p = rt_package_new(v, "r/lr/1.0/package.lua", NULL, &err);
	CHECKF(p != NULL, "%s", err.msg ? err.msg : "");
	if (p) {
		rt_package_variant_subpath(p, 0, &out);
		CHECKF(rt_streq(out.buf, want), "%s: %s", variants, out.buf);
	}
	rt_package_free(p);
	rt_error_release(&err);
	rt_buf_release(&src);
	rt_buf_release(&out);
}

/* Rez 3.4 (Variant.subpath / hashlib over str(list(map(str, variant_requires)))). */
static void test_hashed_variants(void)
{
	char hex[41];
	const char *none[1] = { NULL };

	subpath("{{'dep-1'}}", 1, "c5702d396976541db0dc5f6ec5d76ada317c0b37");
	/* hashed over the canonical strings: python>=2.7 is python-2.7+ */
	subpath("{{'python>=2.7', 'foo==1'}}", 1, "a74779fdda71206c3fa981d2f9fe5091b87c0676");
	subpath("{{'~foo', '!bar<2'}}", 1, "a8ec7b4ab68fc698af8b323cd832dadb1312336e");
	subpath("{{'a-1|3', 'b'}}", 1, "6d4905f9003eba460fc4f624831781f135107e50");
	subpath("{{'foo-1.2,<2'}}", 1, "d917439c68a16e6e2b46626eda730ac00543b0db");
	subpath("{{'python-2.7', 'x'}}", 1, "11d9723b2cc03a8502eda64ceb2a5ff5b0f44cc8");
	subpath("{{'python-2.7', 'x'}}", 0, "python-2.7/x");
	subpath("{{'foo-1.2,<2'}}", 0, "foo-1.2+<2");
	rt_package_variant_hash(none, 0, hex);  /* str([]) */
	CHECK_STR(hex, "97d170e1550eee4afc0af065b78cda302a97674c");
}

int main(void)
{
	test_vectors();
	test_million();
	test_padding();
	test_hashed_variants();
	return tap_done();
}
