/* amqp.c - the `amqp` release hook: after a release, one JSON message (byte for byte as
 * Rez's) published through librabbitmq with publisher confirms, so a message is known to be
 * on the broker before it leaves the outbox (spec §6.3). */
#include "hooks/release/internal.h"
#include "runtime/config.h"

#include <amqp.h>
#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

#define AM "plugins.release_hook.amqp."

static struct rt_value *handle(const char *key, const char *location, const char *name,
			       const char *version, const int *index)
{
	struct rt_value *h = rt_value_map(), *vars = rt_value_map();
	rt_map_set(h, "key", rt_value_str(key));
	rt_map_set(vars, "location", rt_value_str(location));
	rt_map_set(vars, "name", rt_value_str(name));
	rt_map_set(vars, "version", rt_value_str(version));
	if (index)
		rt_map_set(vars, "index", *index < 0 ? rt_value_null() : rt_value_int(*index));
	rt_map_set(vars, "repository_type", rt_value_str("filesystem"));
	rt_map_set(h, "variables", vars);
	return h;
}

/* The payload as Rez builds it: package, variants, then message_attributes merged on top. */
static struct rt_value *payload(const struct hk_release *r)
{
	const struct rt_value *pkg = r->n_variants && r->installed ? r->installed : r->package;
	const char *name = hk_get_str(pkg, "name"), *version = hk_get_str(pkg, "version");
	const char *loc = r->install_path ? r->install_path : "";
	const struct rt_value *attrs = rt_config_get(r->cfg, AM "message_attributes");
	struct rt_value *data = rt_value_map(), *p = rt_value_map(), *vars = rt_value_list();
	struct rt_buf qn = RT_BUF_INIT;
	char *uri;

	if (!name)
		name = "";
	if (!version)
		version = "";
	hk_qualified_name(pkg, &qn);
	uri = r->installed_uri ? rt_xstrdup(r->installed_uri)
			       : rt_xstrfmt("%s/%s/%s/package.lua", loc, name, version);
	rt_map_set(p, "name", rt_value_str(name));
	rt_map_set(p, "version", rt_value_str(version));
	rt_map_set(p, "qualified_name", rt_value_str_take(rt_buf_detach(&qn, NULL)));
	rt_map_set(p, "uri", rt_value_str_take(uri));
	rt_map_set(p, "handle", handle("filesystem.package", loc, name, version, NULL));
	rt_map_set(p, "user", rt_value_str(r->user ? r->user : ""));
	rt_map_set(data, "package", p);
	for (size_t i = 0; i < r->n_variants; i++) {
		struct rt_value *v = rt_value_map();
		rt_map_set(v, "handle", handle("filesystem.variant", loc, name, version,
					       &r->variants[i].index));
		rt_list_push(vars, v);
	}
	rt_map_set(data, "variants", vars);
	for (size_t i = 0; attrs && attrs->type == RT_MAP && i < rt_map_len(attrs); i++)
		rt_map_set(data, rt_map_key(attrs, i), rt_value_copy(rt_map_val(attrs, i)));
	return data;
}

int hk_amqp_payload(const struct hk_release *r, struct rt_buf *out, struct rt_error *err)
{
	struct rt_value *data = payload(r);
	(void)err;
	hk_json_dumps(data, out);
	rt_value_free(data);
	return 0;
}

int hk_amqp_run(struct hk_release *r, enum hk_event ev, struct rt_error *err)
{
	const struct rt_config *cfg = r->cfg;
	const char *host = rt_config_str(cfg, AM "host");
	const char *rk = rt_config_str(cfg, AM "exchange_routing_key");
	struct rt_value *data, *note;
	struct rt_buf body = RT_BUF_INIT;
	char hostname[256];
	int rc;

	if (ev != HK_POST_RELEASE)
		return 0;
	if (!host || !*host) {
		hk_say(r, HK_ERROR, "Did not publish message, host is not specified");
		return 0;
	}
	data = payload(r);
	if (rt_streq(host, "stdout")) {
		hk_repr(data, &body);
		hk_say(r, HK_OUT, "Published to %s: %s", rk ? rk : "", body.buf);
		rt_buf_release(&body);
		rt_value_free(data);
		return 0;
	}
	hk_json_dumps(data, &body);
	rt_value_free(data);
	hk_say(r, HK_OUT, "Publishing AMQP message on %s...", rk ? rk : "");
	if (gethostname(hostname, sizeof(hostname)) < 0)
		snprintf(hostname, sizeof(hostname), "localhost");
	hostname[sizeof(hostname) - 1] = '\0';
	note = rt_value_map();
	rt_map_set(note, "host", rt_value_str(host));
	rt_map_set(note, "userid", rt_value_str(rt_config_str(cfg, AM "userid")));
	rt_map_set(note, "connect_timeout", rt_value_int(rt_config_int(cfg, AM "connect_timeout")));
	rt_map_set(note, "exchange_name", rt_value_str(rt_config_str(cfg, AM "exchange_name")));
	rt_map_set(note, "routing_key", rt_value_str(rk ? rk : ""));
	rt_map_set(note, "delivery_mode", rt_value_int(rt_config_int(cfg, AM "message_delivery_mode")));
	rt_map_set(note, "cacert", rt_value_str(rt_config_str(cfg, AM "cacert")));
	rt_map_set(note, "connection_name", rt_value_str_take(rt_xstrfmt("rez.publish.%s", hostname)));
	rt_map_set(note, "body", rt_value_str_take(rt_buf_detach(&body, NULL)));
	rc = hk_outbox_send(r, cfg, "amqp", note, err);
	rt_value_free(note);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		hk_say(r, HK_ERROR, "Failed to publish message (kept in the outbox; "
		       "`rez release --flush-hooks` retries it)");
		r->n_pending++;
	}
	return 0;
}

/* ---- delivery ---- */

static const char *reply_text(amqp_rpc_reply_t x, char *buf, size_t size)
{
	switch (x.reply_type) {
	case AMQP_RESPONSE_NORMAL:
		return "ok";
	case AMQP_RESPONSE_NONE:
		return "missing RPC reply";
	case AMQP_RESPONSE_LIBRARY_EXCEPTION:
		return amqp_error_string2(x.library_error);
	case AMQP_RESPONSE_SERVER_EXCEPTION:
		if (x.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
			amqp_connection_close_t *m = x.reply.decoded;
			snprintf(buf, size, "server closed the connection: %u %.*s", m->reply_code,
				 (int)m->reply_text.len, (const char *)m->reply_text.bytes);
			return buf;
		}
		if (x.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
			amqp_channel_close_t *m = x.reply.decoded;
			snprintf(buf, size, "server closed the channel: %u %.*s", m->reply_code,
				 (int)m->reply_text.len, (const char *)m->reply_text.bytes);
			return buf;
		}
		snprintf(buf, size, "server error (method 0x%08x)", x.reply.id);
		return buf;
	}
	return "unknown error";
}

/* Parses host, host:port, amqp://host[:port][/vhost] and amqps://...; *tls set for amqps. */
static void parse_host(const char *spec, char **host, int *port, char **vhost, int *tls)
{
	const char *p = spec, *slash, *colon;
	*tls = 0;
	if (rt_starts_with(p, "amqp://"))
		p += 7;
	else if (rt_starts_with(p, "amqps://")) {
		p += 8;
		*tls = 1;
	}
	slash = strchr(p, '/');
	*vhost = slash && slash[1] ? rt_xstrdup(slash + 1) : rt_xstrdup("/");
	if (!slash)
		slash = p + strlen(p);
	colon = memchr(p, ':', (size_t)(slash - p));
	*port = *tls ? 5671 : 5672;
	if (colon) {
		*host = rt_xmemdupz(p, (size_t)(colon - p));
		*port = atoi(colon + 1);
	} else {
		*host = rt_xmemdupz(p, (size_t)(slash - p));
	}
}

int hk_amqp_deliver(const struct rt_config *cfg, const struct rt_value *note, struct rt_error *err)
{
	const char *spec = hk_get_str(note, "host"), *user = hk_get_str(note, "userid");
	const char *exchange = hk_get_str(note, "exchange_name"), *rk = hk_get_str(note, "routing_key");
	const char *body = hk_get_str(note, "body"), *cacert = hk_get_str(note, "cacert");
	const char *cname = hk_get_str(note, "connection_name");
	const char *password = rt_config_str(cfg, AM "password");
	long long timeout = hk_get_int(note, "connect_timeout", 10);
	amqp_connection_state_t conn;
	amqp_socket_t *sock;
	amqp_rpc_reply_t x;
	amqp_basic_properties_t props;
	amqp_table_entry_t entry;
	amqp_table_t table;
	struct timeval tv;
	char *host, *vhost, buf[512];
	int port, tls, rc = -1;

	if (!spec || !rk || !body || !exchange)
		return rt_error(err, "malformed AMQP notification");
	parse_host(spec, &host, &port, &vhost, &tls);
	conn = amqp_new_connection();
	if (!conn) {
		free(host);
		free(vhost);
		return rt_error(err, "cannot create an AMQP connection");
	}
	sock = tls ? amqp_ssl_socket_new(conn) : amqp_tcp_socket_new(conn);
	if (!sock) {
		rt_error(err, "cannot create an AMQP socket");
		goto out;
	}
	if (tls && cacert && *cacert && amqp_ssl_socket_set_cacert(sock, cacert) != AMQP_STATUS_OK) {
		rt_error(err, "cannot read the CA certificate '%s'", cacert);
		goto out;
	}
	tv.tv_sec = (time_t)timeout;
	tv.tv_usec = 0;
	if ((rc = amqp_socket_open_noblock(sock, host, port, &tv)) != AMQP_STATUS_OK) {
		rt_error(err, "cannot connect to the message broker %s:%d: %s", host, port,
			 amqp_error_string2(rc));
		rc = -1;
		goto out;
	}
	rc = -1;
	amqp_set_handshake_timeout(conn, &tv);
	amqp_set_rpc_timeout(conn, &tv);
	entry.key = amqp_cstring_bytes("connection_name");
	entry.value.kind = AMQP_FIELD_KIND_UTF8;
	entry.value.value.bytes = amqp_cstring_bytes(cname ? cname : "rez.publish");
	table.num_entries = 1;
	table.entries = &entry;
	/* kombu's default credentials when none are configured, as Rez */
	x = amqp_login_with_properties(conn, vhost, 0, 131072, 0, &table, AMQP_SASL_METHOD_PLAIN,
				       user && *user ? user : "guest",
				       user && *user ? (password ? password : "") : "guest");
	if (x.reply_type != AMQP_RESPONSE_NORMAL) {
		rt_error(err, "cannot log in to the message broker %s:%d: %s", host, port,
			 reply_text(x, buf, sizeof(buf)));
		goto out;
	}
	amqp_channel_open(conn, 1);
	x = amqp_get_rpc_reply(conn);
	if (x.reply_type != AMQP_RESPONSE_NORMAL) {
		rt_error(err, "cannot open an AMQP channel: %s", reply_text(x, buf, sizeof(buf)));
		goto close_conn;
	}
	amqp_confirm_select(conn, 1);
	x = amqp_get_rpc_reply(conn);
	if (x.reply_type != AMQP_RESPONSE_NORMAL) {
		rt_error(err, "the broker refused publisher confirms: %s", reply_text(x, buf, sizeof(buf)));
		goto close_conn;
	}
	memset(&props, 0, sizeof(props));
	props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_CONTENT_ENCODING_FLAG |
		       AMQP_BASIC_DELIVERY_MODE_FLAG;
	props.content_type = amqp_cstring_bytes("application/json");
	props.content_encoding = amqp_cstring_bytes("utf-8");
	props.delivery_mode = (uint8_t)hk_get_int(note, "delivery_mode", 1);
	if (amqp_basic_publish(conn, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(rk), 0, 0,
			       &props, amqp_cstring_bytes(body)) != AMQP_STATUS_OK) {
		rt_error(err, "failed to publish message");
		goto close_conn;
	}
	/* wait for the broker's confirm (basic.ack), or learn why it refused */
	for (;;) {
		amqp_frame_t frame;
		int st = amqp_simple_wait_frame_noblock(conn, &frame, &tv);
		if (st != AMQP_STATUS_OK) {
			rt_error(err, "no confirm from the message broker: %s", amqp_error_string2(st));
			goto close_conn;
		}
		if (frame.frame_type != AMQP_FRAME_METHOD)
			continue;
		if (frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
			rc = 0;
			break;
		}
		if (frame.payload.method.id == AMQP_BASIC_NACK_METHOD) {
			rt_error(err, "the message broker rejected the message (nack)");
			goto close_conn;
		}
		if (frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD) {
			amqp_channel_close_t *m = frame.payload.method.decoded;
			amqp_channel_close_ok_t ok = { 0 };
			rt_error(err, "failed to publish message: %u %.*s", m->reply_code,
				 (int)m->reply_text.len, (const char *)m->reply_text.bytes);
			amqp_send_method(conn, frame.channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
			goto close_conn;
		}
		if (frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD) {
			amqp_connection_close_t *m = frame.payload.method.decoded;
			rt_error(err, "the message broker closed the connection: %u %.*s", m->reply_code,
				 (int)m->reply_text.len, (const char *)m->reply_text.bytes);
			goto out;
		}
	}
	amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
close_conn:
	amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
out:
	amqp_destroy_connection(conn);
	free(host);
	free(vhost);
	return rc;
}
