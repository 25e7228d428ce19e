/* sha1.h - SHA-1 (FIPS 180-4) for identifiers Rez derives from it: hashed variant
 * directories and the `.sha1` files next to included modules.
 *
 * Not for security: SHA-1 is broken for collision resistance; here it only has to give the
 * same names Rez gives. Streaming use: rt_sha1_init, rt_sha1_update (any number of times),
 * rt_sha1_final. The state is a plain struct with no heap storage (nothing to free). */
#ifndef RT_SHA1_H
#define RT_SHA1_H

#include "runtime/common.h"

#define RT_SHA1_LEN 20       /* digest bytes */
#define RT_SHA1_HEX_LEN 40   /* hex digits (without the NUL) */

struct rt_sha1 {
	uint32_t h[5];
	uint64_t nbytes;          /* total length fed so far */
	unsigned char block[64];  /* pending partial block */
	size_t fill;              /* bytes used in block */
};

void rt_sha1_init(struct rt_sha1 *s);
void rt_sha1_update(struct rt_sha1 *s, const void *data, size_t len);
/* Writes the digest; `s` must be re-initialised before reuse. */
void rt_sha1_final(struct rt_sha1 *s, unsigned char digest[RT_SHA1_LEN]);

/* One-shot: lowercase hex digest of (data, len) into hex (41 bytes, NUL-terminated). */
void rt_sha1_hex(const void *data, size_t len, char hex[RT_SHA1_HEX_LEN + 1]);

#endif
