/* memcache.c - the shared cache over libmemcached (see memcache.h). */
#include "runtime/memcache.h"
#include "runtime/buf.h"

#include <libmemcached/memcached.h>
#include <ctype.h>
#include <stdio.h>
#include <zlib.h>

/* A client gives up on the servers after this many failed operations: with ejection of
 * failed servers, one or two failures are a server going away; more mean the network or
 * every server is in trouble, and each further attempt would cost a timeout. */
#define MAX_FAILURES 3
/* Largest value accepted back from a server (memcached's own default item limit is 1 MiB;
 * servers started with -I may allow more). */
#define MAX_VALUE (64u << 20)

static const char MAGIC[4] = { 'R', 'Z', 'L', 'M' };
enum { FRAME_VERSION = 1, FRAME_FIXED = 4 + 4 + 4 + 4 + 8 + 8 };

struct rt_memcache {
	memcached_st *mc;
	char **servers;           /* "host:port" as configured */
	size_t n_servers;
	struct rt_memcache_counts counts;
	void (*warn)(void *ud, const char *msg);
	void *warn_ud;
	int warned;
};


static void note_failure(struct rt_memcache *m, const char *what, memcached_return_t rc)
{
	m->counts.failures++;
	if (m->counts.failures >= MAX_FAILURES)
		m->counts.disabled = 1;
	if (m->warn && !m->warned) {
		char *msg = rt_xstrfmt("memcached %s failed (%s); continuing without the shared cache "
				       "where it does not answer", what, memcached_strerror(m->mc, rc));
		for (char *p = msg; *p; p++)   /* libmemcached shouts its messages */
			*p = (char)tolower((unsigned char)*p);
		m->warned = 1;
		m->warn(m->warn_ud, msg);
		free(msg);
	}
}

/* Splits "host", "host:port", "[v6]:port" into host (new string) and port. */
static int parse_server(const char *s, char **host, unsigned *port)
{
	const char *colon;
	*port = RT_MEMCACHE_DEFAULT_PORT;
	if (*s == '[') {
		const char *close = strchr(s, ']');
		if (!close || close == s + 1)
			return -1;
		*host = rt_xmemdupz(s + 1, (size_t)(close - s - 1));
		colon = close[1] == ':' ? close + 1 : NULL;
		if (!colon && close[1]) {
			free(*host);
			return -1;
		}
	} else {
		colon = strrchr(s, ':');
		if (colon && strchr(s, ':') != colon)
			return -1;   /* a bare IPv6 address: must be bracketed */
		*host = colon ? rt_xmemdupz(s, (size_t)(colon - s)) : rt_xstrdup(s);
		if (!**host) {
			free(*host);
			return -1;
		}
	}
	if (colon) {
		char *end;
		unsigned long v = strtoul(colon + 1, &end, 10);
		if (!colon[1] || *end || v == 0 || v > 65535) {
			free(*host);
			return -1;
		}
		*port = (unsigned)v;
	}
	return 0;
}

struct rt_memcache *rt_memcache_new(const struct rt_memcache_opts *o, struct rt_error *err)
{
	struct rt_memcache *m;
	int ms = o->timeout_ms > 0 ? o->timeout_ms : RT_MEMCACHE_DEFAULT_TIMEOUT_MS;
	if (!o->n_servers)
		return NULL;
	m = rt_xcalloc(1, sizeof(*m));
	m->warn = o->warn;
	m->warn_ud = o->warn_ud;
	m->mc = memcached_create(NULL);
	if (!m->mc)
		RT_BUG("memcached_create failed");
	m->servers = rt_xcalloc(o->n_servers, sizeof(char *));
	for (size_t i = 0; i < o->n_servers; i++) {
		char *host;
		unsigned port;
		memcached_return_t rc;
		if (parse_server(o->servers[i], &host, &port) < 0) {
			rt_error(err, "memcached_uri: '%s' is not a server address (host, host:port or "
				 "[address]:port)", o->servers[i]);
			rt_memcache_free(m);
			return NULL;
		}
		rc = memcached_server_add(m->mc, host, (in_port_t)port);
		m->servers[m->n_servers++] = rt_xstrfmt(strchr(host, ':') ? "[%s]:%u" : "%s:%u",
							host, port);
		free(host);
		if (rc != MEMCACHED_SUCCESS) {
			rt_error(err, "memcached_uri: cannot use '%s': %s", o->servers[i],
				 memcached_strerror(m->mc, rc));
			rt_memcache_free(m);
			return NULL;
		}
	}
	/* Non-blocking sockets make every wait a poll bounded by the timeouts below. */
	memcached_behavior_set(m->mc, MEMCACHED_BEHAVIOR_NO_BLOCK, 1);
	memcached_behavior_set(m->mc, MEMCACHED_BEHAVIOR_TCP_NODELAY, 1);
	memcached_behavior_set(m->mc, MEMCACHED_BEHAVIOR_CONNECT_TIMEOUT, (uint64_t)ms);
	memcached_behavior_set(m->mc, MEMCACHED_BEHAVIOR_POLL_TIMEOUT, (uint64_t)ms);
	memcached_behavior_set(m->mc, MEMCACHED_BEHAVIOR_SND_TIMEOUT, (uint64_t)ms * 1000);
	memcached_behavior_set(m->mc, MEMCACHED_BEHAVIOR_RCV_TIMEOUT, (uint64_t)ms * 1000);
	memcached_behavior_set(m->mc, MEMCACHED_BEHAVIOR_DISTRIBUTION,
			       MEMCACHED_DISTRIBUTION_CONSISTENT_KETAMA);
	memcached_behavior_set(m->mc, MEMCACHED_BEHAVIOR_SERVER_FAILURE_LIMIT, 1);
	memcached_behavior_set(m->mc, MEMCACHED_BEHAVIOR_REMOVE_FAILED_SERVERS, 1);
	/* An ejected server is not retried within one command. */
	memcached_behavior_set(m->mc, MEMCACHED_BEHAVIOR_RETRY_TIMEOUT, 3600);
	return m;
}

void rt_memcache_free(struct rt_memcache *m)
{
	if (!m)
		return;
	if (m->mc)
		memcached_free(m->mc);
	for (size_t i = 0; i < m->n_servers; i++)
		free(m->servers[i]);
	free(m->servers);
	free(m);
}

size_t rt_memcache_n_servers(const struct rt_memcache *m)
{
	return m ? m->n_servers : 0;
}

const char *rt_memcache_server(const struct rt_memcache *m, size_t i)
{
	return m->servers[i];
}

void rt_memcache_counts(const struct rt_memcache *m, struct rt_memcache_counts *out)
{
	if (m)
		*out = m->counts;
	else
		memset(out, 0, sizeof(*out));
}

/* The key of an entry: printable, short, no spaces (memcached's rules). The identity itself
 * travels in the value, so the hash only needs to spread keys, not to be collision-free. */
static size_t make_key(char key[96], const char *ns, const void *id, size_t id_len)
{
	uint64_t a = rt_fnv1a(id, id_len, RT_FNV1A_INIT);
	uint64_t b = rt_fnv1a(ns, strlen(ns), rt_fnv1a(id, id_len, 0x84222325cbf29ce4ULL) ^ id_len);
	int n = snprintf(key, 96, "rezlua:%.40s:%016llx%016llx", ns, (unsigned long long)a,
			 (unsigned long long)b);
	return (size_t)n;
}

static void put_u32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
	uint32_t v = 0;
	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* Frame: "RZLM" u8 version u8 compressed u16 0 | u32 ns length | u32 id length |
 *        u64 payload length | u64 FNV-1a(payload) | ns | id | body (payload, or its zlib form) */
void rt_memcache_set(struct rt_memcache *m, const char *ns, const void *id, size_t id_len,
		     const void *data, size_t len, size_t min_compress_len)
{
	struct rt_buf frame = RT_BUF_INIT;
	unsigned char hdr[FRAME_FIXED];
	size_t ns_len = strlen(ns);
	int compress = min_compress_len > 0 && len >= min_compress_len;
	char key[96];
	size_t key_len;
	memcached_return_t rc;
	if (!m || m->counts.disabled || len > MAX_VALUE)
		return;
	memcpy(hdr, MAGIC, 4);
	hdr[4] = FRAME_VERSION;
	hdr[5] = 0;
	hdr[6] = hdr[7] = 0;
	put_u32(hdr + 8, (uint32_t)ns_len);
	put_u32(hdr + 12, (uint32_t)id_len);
	put_u64(hdr + 16, len);
	put_u64(hdr + 24, rt_fnv1a(data, len, RT_FNV1A_INIT));
	rt_buf_add(&frame, hdr, sizeof(hdr));
	rt_buf_add(&frame, ns, ns_len);
	rt_buf_add(&frame, id, id_len);
	if (compress) {
		uLongf bound = compressBound((uLong)len);
		size_t at = frame.len;
		rt_buf_grow(&frame, bound);
		if (compress2((Bytef *)frame.buf + at, &bound, data, (uLong)len, Z_BEST_SPEED) == Z_OK &&
		    bound < len) {
			rt_buf_setlen(&frame, at + bound);
			frame.buf[5] = 1;
		} else {
			rt_buf_setlen(&frame, at);
			compress = 0;
		}
	}
	if (!compress)
		rt_buf_add(&frame, data, len);
	key_len = make_key(key, ns, id, id_len);
	m->counts.sets++;
	rc = memcached_set(m->mc, key, key_len, frame.buf, frame.len, 0, 0);
	/* A value over the server's item size is refused; that is not the server failing. */
	if (rc != MEMCACHED_SUCCESS && rc != MEMCACHED_E2BIG && rc != MEMCACHED_NOTSTORED)
		note_failure(m, "store", rc);
	rt_buf_release(&frame);
}

int rt_memcache_get(struct rt_memcache *m, const char *ns, const void *id, size_t id_len,
		    struct rt_buf *out)
{
	char key[96];
	size_t key_len, vlen = 0, ns_len = strlen(ns), at;
	uint32_t flags = 0;
	memcached_return_t rc = MEMCACHED_SUCCESS;
	const unsigned char *v, *body;
	uint64_t raw_len, sum;
	char *val;
	int ok = 0;
	if (!m || m->counts.disabled)
		return 0;
	key_len = make_key(key, ns, id, id_len);
	m->counts.gets++;
	val = memcached_get(m->mc, key, key_len, &vlen, &flags, &rc);
	if (!val) {
		if (rc != MEMCACHED_NOTFOUND && rc != MEMCACHED_SUCCESS)
			note_failure(m, "read", rc);
		return 0;
	}
	v = (const unsigned char *)val;
	if (vlen < FRAME_FIXED || memcmp(v, MAGIC, 4) != 0 || v[4] != FRAME_VERSION || v[5] > 1 ||
	    get_u32(v + 8) != ns_len || get_u32(v + 12) != id_len ||
	    vlen - FRAME_FIXED < ns_len + id_len ||
	    memcmp(v + FRAME_FIXED, ns, ns_len) != 0 ||
	    memcmp(v + FRAME_FIXED + ns_len, id, id_len) != 0)
		goto done;
	raw_len = get_u64(v + 16);
	sum = get_u64(v + 24);
	if (raw_len > MAX_VALUE)
		goto done;
	body = v + FRAME_FIXED + ns_len + id_len;
	at = out->len;
	if (v[5]) {
		uLongf got = (uLongf)raw_len;
		rt_buf_grow(out, (size_t)raw_len);
		if (uncompress((Bytef *)out->buf + at, &got, body,
			       (uLong)(vlen - (size_t)(body - v))) != Z_OK || got != raw_len)
			goto done;
		rt_buf_setlen(out, at + (size_t)raw_len);
	} else {
		if ((size_t)(v + vlen - body) != raw_len)
			goto done;
		rt_buf_add(out, body, (size_t)raw_len);
	}
	if (rt_fnv1a(out->buf + at, (size_t)raw_len, RT_FNV1A_INIT) != sum) {
		rt_buf_setlen(out, at);
		goto done;
	}
	ok = 1;
	m->counts.hits++;
done:
	free(val);
	return ok;
}

int rt_memcache_stats(struct rt_memcache *m, struct rt_buf *out)
{
	memcached_return_t rc;
	memcached_stat_st *st = memcached_stat(m->mc, NULL, &rc);
	int answered = 0;
	if (!st)
		return 0;
	for (size_t i = 0; i < m->n_servers && i < memcached_server_count(m->mc); i++) {
		char **keys;
		if (!st[i].pid && !st[i].uptime)
			continue;   /* did not answer */
		answered++;
		keys = memcached_stat_get_keys(m->mc, &st[i], &rc);
		for (size_t k = 0; keys && keys[k]; k++) {
			char *val = memcached_stat_get_value(m->mc, &st[i], keys[k], &rc);
			rt_buf_addf(out, "%s\t%s\t%s\n", m->servers[i], keys[k], val ? val : "");
			free(val);
		}
		free(keys);
	}
	memcached_stat_free(NULL, st);
	return answered;
}

int rt_memcache_reset_stats(struct rt_memcache *m, struct rt_error *err)
{
	memcached_return_t rc;
	struct rt_buf check = RT_BUF_INIT;
	int answered;
	/* libmemcached parses "stats reset"'s one-word answer as an error; whether every server
	 * is still there is what matters. */
	memcached_stat_st *st = memcached_stat(m->mc, (char *)"reset", &rc);
	if (st)
		memcached_stat_free(NULL, st);
	answered = rt_memcache_stats(m, &check);
	rt_buf_release(&check);
	if ((size_t)answered < m->n_servers)
		return rt_error(err, "memcached: %zu of %zu servers did not answer",
				m->n_servers - (size_t)answered, m->n_servers);
	return 0;
}

int rt_memcache_flush(struct rt_memcache *m, struct rt_error *err)
{
	memcached_return_t rc = memcached_flush(m->mc, 0);
	if (rc != MEMCACHED_SUCCESS)
		return rt_error(err, "memcached: flushing failed: %s", memcached_strerror(m->mc, rc));
	return 0;
}
