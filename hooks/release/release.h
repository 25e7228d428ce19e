/* release.h - release hooks: what `rez release` runs before and after it releases a package.
 *
 * Hooks are named by the package config's `release_hooks` list, run in that order, at three
 * events: pre_build (before the first variant builds), pre_release (after the checks, before
 * building) and post_release (after installing, with the variants actually released). Names:
 *   command  programs from an argv list, never a shell (command.c)
 *   emailer  an email through libcurl's SMTP (emailer.c)
 *   amqp     a JSON message through librabbitmq, with publisher confirms (amqp.c)
 *   NAME     a Lua hook NAME.lua on `release_hook_path`, or shipped in hooks/release/ (lua.c)
 * An unknown name is a warning, as in Rez.
 *
 * A pre event hook can cancel: hk_release_run then returns -1 with
 * "release cancelled by pre-release hook 'NAME': MESSAGE" in err. Post event failures are
 * reported through the print callback and never fail the release.
 *
 * Post-release notifications (email, AMQP message, a Lua hook with `durable = true`) go
 * through the outbox (outbox.c): written first as an atomic file, delivered with retries, and
 * removed only once the server accepted them; what is left is delivered by hk_outbox_flush.
 *
 * The layer never prints: every line goes through the print callback. Secrets (SMTP and AMQP
 * passwords) never appear in messages, errors or outbox files.
 *
 * Ownership: everything in struct hk_release is borrowed for the duration of a call. */
#ifndef HK_RELEASE_H
#define HK_RELEASE_H
#include "runtime/common.h"
#include "runtime/error.h"

struct rt_config;
struct rt_value;
struct rt_buf;

enum hk_event { HK_PRE_BUILD, HK_PRE_RELEASE, HK_POST_RELEASE };

enum hk_level {
	HK_OUT,     /* plain output (stdout): "Sending release email to:", command output */
	HK_INFO,
	HK_WARN,
	HK_ERROR,
	HK_DEBUG    /* only shown with debug_package_release */
};
typedef void (*hk_print_fn)(void *ud, enum hk_level level, const char *text);

/* One released variant. */
struct hk_variant {
	int index;                        /* -1 when the package has no variants */
	const char *root;                 /* the variant's install directory */
	const struct rt_value *requires;  /* its own requirements (list of strings), may be NULL */
};

struct hk_release {
	const struct rt_config *cfg;       /* the package's configuration (rt_config_for_package) */
	const struct rt_value *package;    /* the developer package (map: name, version, ...) */
	/* The installed package (post_release, when something was released), else NULL; with
	 * its definition file's path. */
	const struct rt_value *installed;
	const char *installed_uri;
	const struct rt_value *system;     /* {system.*} values (user, fqdn, hostname, rez_version) */
	const char *user;                  /* login name */
	const char *install_path;          /* the release repository */
	const char *release_message;       /* NULL: none */
	const char *changelog;             /* NULL: none */
	const char *previous_version;      /* NULL: first release */
	const char *previous_revision;     /* NULL, or JSON text of the VCS revision */
	const int *indices;                /* pre events: --variants indices (NULL: all) */
	size_t n_indices;
	const struct hk_variant *variants; /* post_release: the variants actually released */
	size_t n_variants;
	hk_print_fn print;                 /* never NULL */
	void *print_ud;
	int debug;                         /* debug_package_release */
	/* Out: notifications that could not be delivered and stay in the outbox. */
	size_t n_pending;
};

/* Runs every hook of cfg's release_hooks for the event. Returns 0, or -1 when a pre event
 * was cancelled (err holds the cancel message) or on an error that must stop the release
 * (a bad hook file, a bad setting). */
int hk_release_run(struct hk_release *r, enum hk_event ev, struct rt_error *err);

/* Delivers what is in the outbox (release_hook_outbox of cfg) once each, with the configured
 * retries. *delivered and *left count the messages. Returns 0, or -1 when the outbox cannot
 * be read. */
int hk_outbox_flush(const struct rt_config *cfg, hk_print_fn print, void *ud, size_t *delivered,
		    size_t *left, struct rt_error *err);

/* ---- payload builders, exposed for tests and fuzzing ---- */

/* Formats `tmpl` as Python's str.format with an object namespace: {a.b}, {a[0]}, {a[key]}
 * look into the map `ns`; "{{"/"}}" are braces; an unknown or malformed field is kept as
 * written. Lists print space-joined and null as "" when `pretty`, else as Python reprs. */
void hk_format(const char *tmpl, const struct rt_value *ns, int pretty, struct rt_buf *out);

/* Python's os.path.expandvars: $NAME and ${NAME} from `env` (a map of strings, or NULL for
 * the process environment); unknown names are kept. */
void hk_expandvars(const char *s, const struct rt_value *env, struct rt_buf *out);

/* The AMQP message body, byte for byte as Rez's json.dumps of its payload. */
int hk_amqp_payload(const struct hk_release *r, struct rt_buf *out, struct rt_error *err);

/* The email's subject and body after formatting and Rez's clean-up. */
void hk_email_text(const struct hk_release *r, struct rt_buf *subject, struct rt_buf *body);

/* A whole RFC 5322 message (Date, Message-ID, From, To, Subject, MIME headers; the subject
 * RFC 2047-encoded when it is not ASCII; CRLF line ends; dot-safe for SMTP). `date` and
 * `msgid` NULL: computed now. */
void hk_email_message(const char *from, const struct rt_value *to, const char *subject,
		      const char *body, const char *date, const char *msgid, struct rt_buf *out);

/* Python's json.dumps of v with default arguments (", " and ": ", ensure_ascii). */
void hk_json_dumps(const struct rt_value *v, struct rt_buf *out);

/* Python's repr of a data value ('str', [1, 'a'], {'k': None}, True). */
void hk_repr(const struct rt_value *v, struct rt_buf *out);

#endif
