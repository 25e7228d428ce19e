/* memcached.c - the libmemcached functions rez-lua calls, forwarding to the library opened on
 * first use (runtime/dynlib.h): a process that uses no shared cache never loads it. */
#include "runtime/dynlib.h"

#include <libmemcached/memcached.h>

static struct rt_dynlib lib = RT_DYNLIB_INIT(REZ_SONAME_MEMCACHED);

RT_DYNLIB_DECLARE(memcached_create)
RT_DYNLIB_DECLARE(memcached_free)
RT_DYNLIB_DECLARE(memcached_behavior_set)
RT_DYNLIB_DECLARE(memcached_server_add)
RT_DYNLIB_DECLARE(memcached_server_count)
RT_DYNLIB_DECLARE(memcached_strerror)
RT_DYNLIB_DECLARE(memcached_get)
RT_DYNLIB_DECLARE(memcached_set)
RT_DYNLIB_DECLARE(memcached_flush)
RT_DYNLIB_DECLARE(memcached_stat)
RT_DYNLIB_DECLARE(memcached_stat_free)
RT_DYNLIB_DECLARE(memcached_stat_get_value)
RT_DYNLIB_DECLARE(memcached_stat_get_keys)

memcached_st *memcached_create(memcached_st *ptr)
{
	return RT_DYNLIB_FN(&lib, memcached_create)(ptr);
}

void memcached_free(memcached_st *ptr)
{
	RT_DYNLIB_FN(&lib, memcached_free)(ptr);
}

memcached_return_t memcached_behavior_set(memcached_st *ptr, const memcached_behavior_t flag,
					  uint64_t data)
{
	return RT_DYNLIB_FN(&lib, memcached_behavior_set)(ptr, flag, data);
}

memcached_return_t memcached_server_add(memcached_st *ptr, const char *hostname, in_port_t port)
{
	return RT_DYNLIB_FN(&lib, memcached_server_add)(ptr, hostname, port);
}

uint32_t memcached_server_count(const memcached_st *ptr)
{
	return RT_DYNLIB_FN(&lib, memcached_server_count)(ptr);
}

const char *memcached_strerror(const memcached_st *ptr, memcached_return_t rc)
{
	return RT_DYNLIB_FN(&lib, memcached_strerror)(ptr, rc);
}

char *memcached_get(memcached_st *ptr, const char *key, size_t key_length, size_t *value_length,
		    uint32_t *flags, memcached_return_t *error)
{
	return RT_DYNLIB_FN(&lib, memcached_get)(ptr, key, key_length, value_length, flags, error);
}

memcached_return_t memcached_set(memcached_st *ptr, const char *key, size_t key_length,
				 const char *value, size_t value_length, time_t expiration,
				 uint32_t flags)
{
	return RT_DYNLIB_FN(&lib, memcached_set)(ptr, key, key_length, value, value_length,
						 expiration, flags);
}

memcached_return_t memcached_flush(memcached_st *ptr, time_t expiration)
{
	return RT_DYNLIB_FN(&lib, memcached_flush)(ptr, expiration);
}

memcached_stat_st *memcached_stat(memcached_st *ptr, char *args, memcached_return_t *error)
{
	return RT_DYNLIB_FN(&lib, memcached_stat)(ptr, args, error);
}

void memcached_stat_free(const memcached_st *ptr, memcached_stat_st *st)
{
	RT_DYNLIB_FN(&lib, memcached_stat_free)(ptr, st);
}

char *memcached_stat_get_value(const memcached_st *ptr, memcached_stat_st *memc_stat,
			       const char *key, memcached_return_t *error)
{
	return RT_DYNLIB_FN(&lib, memcached_stat_get_value)(ptr, memc_stat, key, error);
}

char **memcached_stat_get_keys(memcached_st *ptr, memcached_stat_st *memc_stat,
			       memcached_return_t *error)
{
	return RT_DYNLIB_FN(&lib, memcached_stat_get_keys)(ptr, memc_stat, error);
}
