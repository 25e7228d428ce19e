/* rabbitmq.c - the librabbitmq functions the amqp release hook calls, forwarding to the library
 * opened on first use (runtime/dynlib.h): only a release with the amqp hook loads it (and
 * OpenSSL with it). */
#include "runtime/dynlib.h"

#include <amqp.h>
#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>
#include <stdarg.h>

static struct rt_dynlib lib = RT_DYNLIB_INIT(REZ_SONAME_RABBITMQ);

RT_DYNLIB_DECLARE(amqp_new_connection)
RT_DYNLIB_DECLARE(amqp_destroy_connection)
RT_DYNLIB_DECLARE(amqp_tcp_socket_new)
RT_DYNLIB_DECLARE(amqp_ssl_socket_new)
RT_DYNLIB_DECLARE(amqp_ssl_socket_set_cacert)
RT_DYNLIB_DECLARE(amqp_socket_open_noblock)
RT_DYNLIB_DECLARE(amqp_set_handshake_timeout)
RT_DYNLIB_DECLARE(amqp_set_rpc_timeout)
RT_DYNLIB_DECLARE(amqp_login_with_properties)
RT_DYNLIB_DECLARE(amqp_channel_open)
RT_DYNLIB_DECLARE(amqp_channel_close)
RT_DYNLIB_DECLARE(amqp_connection_close)
RT_DYNLIB_DECLARE(amqp_confirm_select)
RT_DYNLIB_DECLARE(amqp_basic_publish)
RT_DYNLIB_DECLARE(amqp_send_method)
RT_DYNLIB_DECLARE(amqp_simple_wait_frame_noblock)
RT_DYNLIB_DECLARE(amqp_get_rpc_reply)
RT_DYNLIB_DECLARE(amqp_error_string2)
RT_DYNLIB_DECLARE(amqp_cstring_bytes)

amqp_connection_state_t amqp_new_connection(void)
{
	return RT_DYNLIB_FN(&lib, amqp_new_connection)();
}

int amqp_destroy_connection(amqp_connection_state_t state)
{
	return RT_DYNLIB_FN(&lib, amqp_destroy_connection)(state);
}

amqp_socket_t *amqp_tcp_socket_new(amqp_connection_state_t state)
{
	return RT_DYNLIB_FN(&lib, amqp_tcp_socket_new)(state);
}

amqp_socket_t *amqp_ssl_socket_new(amqp_connection_state_t state)
{
	return RT_DYNLIB_FN(&lib, amqp_ssl_socket_new)(state);
}

int amqp_ssl_socket_set_cacert(amqp_socket_t *self, const char *cacert)
{
	return RT_DYNLIB_FN(&lib, amqp_ssl_socket_set_cacert)(self, cacert);
}

int amqp_socket_open_noblock(amqp_socket_t *self, const char *host, int port,
			     const struct timeval *timeout)
{
	return RT_DYNLIB_FN(&lib, amqp_socket_open_noblock)(self, host, port, timeout);
}

int amqp_set_handshake_timeout(amqp_connection_state_t state, const struct timeval *timeout)
{
	return RT_DYNLIB_FN(&lib, amqp_set_handshake_timeout)(state, timeout);
}

int amqp_set_rpc_timeout(amqp_connection_state_t state, const struct timeval *timeout)
{
	return RT_DYNLIB_FN(&lib, amqp_set_rpc_timeout)(state, timeout);
}

/* The arguments after sasl_method depend on it (librabbitmq's amqp_login): PLAIN takes the
 * user name and password, EXTERNAL the identity. */
amqp_rpc_reply_t amqp_login_with_properties(amqp_connection_state_t state, char const *vhost,
					    int channel_max, int frame_max, int heartbeat,
					    const amqp_table_t *properties,
					    amqp_sasl_method_enum sasl_method, ...)
{
	amqp_rpc_reply_t r;
	const char *a, *b = NULL;
	va_list ap;

	va_start(ap, sasl_method);
	a = va_arg(ap, const char *);
	if (sasl_method == AMQP_SASL_METHOD_PLAIN)
		b = va_arg(ap, const char *);
	va_end(ap);
	if (sasl_method == AMQP_SASL_METHOD_PLAIN)
		r = RT_DYNLIB_FN(&lib, amqp_login_with_properties)(state, vhost, channel_max, frame_max,
								    heartbeat, properties, sasl_method,
								    a, b);
	else
		r = RT_DYNLIB_FN(&lib, amqp_login_with_properties)(state, vhost, channel_max, frame_max,
								    heartbeat, properties, sasl_method,
								    a);
	return r;
}

amqp_channel_open_ok_t *amqp_channel_open(amqp_connection_state_t state, amqp_channel_t channel)
{
	return RT_DYNLIB_FN(&lib, amqp_channel_open)(state, channel);
}

amqp_rpc_reply_t amqp_channel_close(amqp_connection_state_t state, amqp_channel_t channel, int code)
{
	return RT_DYNLIB_FN(&lib, amqp_channel_close)(state, channel, code);
}

amqp_rpc_reply_t amqp_connection_close(amqp_connection_state_t state, int code)
{
	return RT_DYNLIB_FN(&lib, amqp_connection_close)(state, code);
}

amqp_confirm_select_ok_t *amqp_confirm_select(amqp_connection_state_t state,
					      amqp_channel_t channel)
{
	return RT_DYNLIB_FN(&lib, amqp_confirm_select)(state, channel);
}

int amqp_basic_publish(amqp_connection_state_t state, amqp_channel_t channel,
		       amqp_bytes_t exchange, amqp_bytes_t routing_key, amqp_boolean_t mandatory,
		       amqp_boolean_t immediate, struct amqp_basic_properties_t_ const *properties,
		       amqp_bytes_t body)
{
	return RT_DYNLIB_FN(&lib, amqp_basic_publish)(state, channel, exchange, routing_key,
						      mandatory, immediate, properties, body);
}

int amqp_send_method(amqp_connection_state_t state, amqp_channel_t channel,
		     amqp_method_number_t id, void *decoded)
{
	return RT_DYNLIB_FN(&lib, amqp_send_method)(state, channel, id, decoded);
}

int amqp_simple_wait_frame_noblock(amqp_connection_state_t state, amqp_frame_t *decoded_frame,
				   const struct timeval *tv)
{
	return RT_DYNLIB_FN(&lib, amqp_simple_wait_frame_noblock)(state, decoded_frame, tv);
}

amqp_rpc_reply_t amqp_get_rpc_reply(amqp_connection_state_t state)
{
	return RT_DYNLIB_FN(&lib, amqp_get_rpc_reply)(state);
}

const char *amqp_error_string2(int err)
{
	return RT_DYNLIB_FN(&lib, amqp_error_string2)(err);
}

amqp_bytes_t amqp_cstring_bytes(char const *cstr)
{
	return RT_DYNLIB_FN(&lib, amqp_cstring_bytes)(cstr);
}
