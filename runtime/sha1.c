/* sha1.c - SHA-1 as FIPS 180-4 specifies it (see sha1.h). */
#include "runtime/sha1.h"

#include <string.h>

static uint32_t rol(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static void compress(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[80], a, b, c, d, e, f, k, t;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5A827999u;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ED9EBA1u;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8F1BBCDCu;
		} else {
			f = b ^ c ^ d;
			k = 0xCA62C1D6u;
		}
		t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = t;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

void rt_sha1_init(struct rt_sha1 *s)
{
	s->h[0] = 0x67452301u;
	s->h[1] = 0xEFCDAB89u;
	s->h[2] = 0x98BADCFEu;
	s->h[3] = 0x10325476u;
	s->h[4] = 0xC3D2E1F0u;
	s->nbytes = 0;
	s->fill = 0;
}

void rt_sha1_update(struct rt_sha1 *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	s->nbytes += len;
	if (s->fill) {
		size_t take = 64 - s->fill < len ? 64 - s->fill : len;
		memcpy(s->block + s->fill, p, take);
		s->fill += take;
		p += take;
		len -= take;
		if (s->fill < 64)
			return;
		compress(s->h, s->block);
		s->fill = 0;
	}
	for (; len >= 64; p += 64, len -= 64)
		compress(s->h, p);
	if (len) {
		memcpy(s->block, p, len);
		s->fill = len;
	}
}

void rt_sha1_final(struct rt_sha1 *s, unsigned char digest[RT_SHA1_LEN])
{
	uint64_t bits = s->nbytes * 8;

	/* 0x80, zeros up to 56 mod 64, then the bit length big-endian. */
	s->block[s->fill++] = 0x80;
	if (s->fill > 56) {
		memset(s->block + s->fill, 0, 64 - s->fill);
		compress(s->h, s->block);
		s->fill = 0;
	}
	memset(s->block + s->fill, 0, 56 - s->fill);
	for (int i = 0; i < 8; i++)
		s->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	compress(s->h, s->block);
	for (int i = 0; i < 5; i++) {
		digest[4 * i] = (unsigned char)(s->h[i] >> 24);
		digest[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		digest[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		digest[4 * i + 3] = (unsigned char)s->h[i];
	}
}

void rt_sha1_hex(const void *data, size_t len, char hex[RT_SHA1_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	struct rt_sha1 s;
	unsigned char d[RT_SHA1_LEN];

	rt_sha1_init(&s);
	rt_sha1_update(&s, data, len);
	rt_sha1_final(&s, d);
	for (int i = 0; i < RT_SHA1_LEN; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[RT_SHA1_HEX_LEN] = '\0';
}
