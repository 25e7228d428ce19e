/* internal.h - what the release-hook modules share (not part of the layer's interface). */
#ifndef HK_INTERNAL_H
#define HK_INTERNAL_H
#include "hooks/release/release.h"
#include "runtime/buf.h"
#include "runtime/release/capture.h"
#include "runtime/value.h"

/* Prints one formatted line through r's callback. */
void hk_say(const struct hk_release *r, enum hk_level level, const char *fmt, ...) RT_PRINTF(3, 4);

/* The label and noun of an event for messages: "pre-release"/"release", ... */
const char *hk_event_label(enum hk_event ev);
const char *hk_event_name(enum hk_event ev);   /* "pre_release" */

/* The qualified name "foo-1.2" ("foo" when unversioned) of a package map. */
void hk_qualified_name(const struct rt_value *pkg, struct rt_buf *out);

/* A format namespace for a hook: {package: pkg + qualified_name, system: r->system}; the
 * caller adds its own objects. Caller frees. */
struct rt_value *hk_namespace(const struct hk_release *r, const struct rt_value *pkg);

/* ---- the outbox ---- */

/* A notification: kind ("email", "amqp", "lua"), and what its deliverer needs (a map that
 * never holds a secret). */
struct hk_note {
	const char *kind;
	struct rt_value *data;
};

/* Writes the note to the outbox (atomic), then tries to deliver it with retries; removes
 * the file once accepted. Returns 1 when delivered, 0 when it stays in the outbox (the
 * reason printed), -1 when it could not even be written (err). */
int hk_outbox_send(const struct hk_release *r, const struct rt_config *cfg, const char *kind,
		   const struct rt_value *data, struct rt_error *err);

/* Deliverers: 0 when the server accepted the message, -1 with the reason in err. `cfg` gives
 * the secrets (passwords are never stored in notes). */
int hk_email_deliver(const struct rt_config *cfg, const struct rt_value *note, struct rt_error *err);
int hk_amqp_deliver(const struct rt_config *cfg, const struct rt_value *note, struct rt_error *err);
int hk_lua_deliver(const struct rt_config *cfg, const struct rt_value *note, hk_print_fn print,
		   void *ud, struct rt_error *err);

/* The hooks themselves. Each returns 0, or -1 with err set: for pre events a cancel (the
 * message without the "cancelled by" prefix), for post events an error to report. */
int hk_command_run(struct hk_release *r, enum hk_event ev, struct rt_error *err);
int hk_emailer_run(struct hk_release *r, enum hk_event ev, struct rt_error *err);
int hk_amqp_run(struct hk_release *r, enum hk_event ev, struct rt_error *err);
/* Lua hooks: *found = 0 when no NAME.lua exists. */
int hk_lua_run(struct hk_release *r, const char *name, enum hk_event ev, int *found,
	       struct rt_error *err);

/* Map getters on rt_value maps. */
const char *hk_get_str(const struct rt_value *map, const char *key);
long long hk_get_int(const struct rt_value *map, const char *key, long long def);

#endif
