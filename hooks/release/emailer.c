/* emailer.c - the `emailer` release hook: after a release, one text email to the recipients
 * (a list, an address, or a YAML rules file), sent through libcurl's SMTP with optional
 * STARTTLS/SMTPS and authentication (spec §6.2, plus what studios need). */
#include "hooks/release/internal.h"
#include "runtime/config.h"
#include "runtime/yaml.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EM "plugins.release_hook.emailer."

/* ---- the text ---- */

void hk_email_text(const struct hk_release *r, struct rt_buf *subject, struct rt_buf *body)
{
	const struct rt_config *cfg = r->cfg;
	struct rt_value *ns = hk_namespace(r, r->package);
	struct rt_value *rel = rt_value_map(), *vars = rt_value_map();
	struct rt_buf paths = RT_BUF_INIT, tmp = RT_BUF_INIT;
	const char *tmpl;

	rt_map_set(rel, "path", rt_value_str(r->install_path ? r->install_path : ""));
	rt_map_set(rel, "previous_version",
		   rt_value_str(r->previous_version ? r->previous_version : "None."));
	rt_map_set(rel, "message", rt_value_str(r->release_message && *r->release_message
						? r->release_message : "No release message."));
	rt_map_set(rel, "changelog", rt_value_str(r->changelog && *r->changelog
						  ? r->changelog : "No changelog."));
	rt_map_set(ns, "release", rel);
	for (size_t i = 0; i < r->n_variants; i++)
		rt_buf_addf(&paths, "%s%s", i ? "\n" : "", r->variants[i].root);
	rt_map_set(vars, "count", rt_value_int((long long)r->n_variants));
	rt_map_set(vars, "paths", rt_value_str_take(rt_buf_detach(&paths, NULL)));
	rt_map_set(ns, "variants", vars);

	tmpl = rt_config_str(cfg, EM "subject");
	hk_format(tmpl ? tmpl : "", ns, 1, subject);
	tmpl = rt_config_str(cfg, EM "body");
	hk_format(tmpl ? tmpl : "", ns, 1, &tmp);
	{
		/* Rez: strip, then replace each "\n\n\n" by "\n\n" in one left-to-right pass */
		size_t a = 0, b = tmp.len;
		while (a < b && strchr(" \t\r\n\f\v", tmp.buf[a]))
			a++;
		while (b > a && strchr(" \t\r\n\f\v", tmp.buf[b - 1]))
			b--;
		for (size_t i = a; i < b;) {
			if (b - i >= 3 && memcmp(tmp.buf + i, "\n\n\n", 3) == 0) {
				rt_buf_adds(body, "\n\n");
				i += 3;
			} else {
				rt_buf_addch(body, tmp.buf[i++]);
			}
		}
	}
	rt_buf_release(&tmp);
	rt_value_free(ns);
}

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static void base64(const unsigned char *p, size_t n, struct rt_buf *out)
{
	static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		rt_buf_addch(out, tbl[(v >> 18) & 63]);
		rt_buf_addch(out, tbl[(v >> 12) & 63]);
		rt_buf_addch(out, i + 1 < n ? tbl[(v >> 6) & 63] : '=');
		rt_buf_addch(out, i + 2 < n ? tbl[v & 63] : '=');
	}
}

/* RFC 2047 encoded words of at most 45 bytes of text each (60 base64 characters), split
 * between UTF-8 sequences, folded onto continuation lines. */
static void encode_header_words(const char *s, struct rt_buf *out)
{
	size_t len = strlen(s), i = 0;
	int first = 1;
	while (i < len) {
		size_t n = len - i < 45 ? len - i : 45;
		while (n < len - i && n > 1 && ((unsigned char)s[i + n] & 0xc0) == 0x80)
			n--;
		if (!first)
			rt_buf_adds(out, "\r\n ");
		rt_buf_adds(out, "=?utf-8?b?");
		base64((const unsigned char *)s + i, n, out);
		rt_buf_adds(out, "?=");
		i += n;
		first = 0;
	}
}

/* Lines end in CRLF whatever the body used. */
static void add_crlf_text(const char *s, size_t len, struct rt_buf *out)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			continue;
		if (s[i] == '\n')
			rt_buf_adds(out, "\r\n");
		else
			rt_buf_addch(out, s[i]);
	}
}

/* A header value on one line: CR and LF would start a new header. */
static void add_header(struct rt_buf *out, const char *name, const char *value)
{
	rt_buf_adds(out, name);
	rt_buf_adds(out, ": ");
	for (const char *p = value; *p; p++)
		rt_buf_addch(out, *p == '\r' || *p == '\n' ? ' ' : *p);
	rt_buf_adds(out, "\r\n");
}

void hk_email_message(const char *from, const struct rt_value *to, const char *subject,
		      const char *body, const char *date, const char *msgid, struct rt_buf *out)
{
	struct rt_buf b = RT_BUF_INIT;
	char datebuf[64], host[256];
	char *mid = NULL;

	if (!date) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		/* C locale names, as RFC 5322 wants */
		static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
		static const char *const mons[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
						    "Aug", "Sep", "Oct", "Nov", "Dec" };
		long off = tm.tm_gmtoff / 60;
		snprintf(datebuf, sizeof(datebuf), "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld",
			 days[tm.tm_wday], tm.tm_mday, mons[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
			 tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
		date = datebuf;
	}
	if (!msgid) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		if (gethostname(host, sizeof(host)) < 0 || !*host)
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		mid = rt_xstrfmt("<%lld.%09ld.%ld@%s>", (long long)ts.tv_sec, ts.tv_nsec,
				 (long)getpid(), host);
		msgid = mid;
	}
	add_header(out, "Date", date);
	add_header(out, "From", from);
	for (size_t i = 0; i < rt_list_len(to); i++)
		rt_buf_addf(&b, "%s%s", i ? "," : "", rt_value_as_str(rt_list_at(to, i)));
	add_header(out, "To", b.buf);
	rt_buf_reset(&b);
	if (is_ascii(subject)) {
		add_header(out, "Subject", subject);
	} else {
		rt_buf_adds(out, "Subject: ");
		encode_header_words(subject, out);
		rt_buf_adds(out, "\r\n");
	}
	add_header(out, "Message-ID", msgid);
	rt_buf_adds(out, "MIME-Version: 1.0\r\n");
	if (is_ascii(body)) {
		rt_buf_adds(out, "Content-Type: text/plain; charset=\"us-ascii\"\r\n"
			    "Content-Transfer-Encoding: 7bit\r\n\r\n");
		add_crlf_text(body, strlen(body), out);
	} else {
		/* base64 keeps 8-bit text intact through any relay (as Python's email does) */
		rt_buf_adds(out, "Content-Type: text/plain; charset=\"utf-8\"\r\n"
			    "Content-Transfer-Encoding: base64\r\n\r\n");
		base64((const unsigned char *)body, strlen(body), &b);
		for (size_t i = 0; i < b.len; i += 76) {
			rt_buf_add(out, b.buf + i, b.len - i < 76 ? b.len - i : 76);
			rt_buf_adds(out, "\r\n");
		}
	}
	if (out->len < 2 || memcmp(out->buf + out->len - 2, "\r\n", 2) != 0)
		rt_buf_adds(out, "\r\n");
	rt_buf_release(&b);
	free(mid);
}

/* ---- recipients ---- */

static const char *const standard_keys[] = {
	"name", "version", "description", "authors", "requires", "build_requires",
	"private_build_requires", "variants", "tools", "help", "uuid", "config", "commands",
	"pre_commands", "post_commands", "pre_build_commands", "pre_test_commands", "tests",
	"relocatable", "cachable", "has_plugins", "plugin_for", "timestamp", "revision",
	"changelog", "release_message", "previous_version", "previous_revision", "vcs",
	"hashed_variants", "base", "format_version", "preprocess", "build_command",
	"build_system", "requires_rez_version", NULL
};

static int value_matches(const struct rt_value *attr, const struct rt_value *want)
{
	if (want->type == RT_LIST) {
		for (size_t i = 0; i < rt_list_len(want); i++)
			if (rt_value_equal(attr, rt_list_at(want, i)))
				return 1;
		return 0;
	}
	return rt_value_equal(attr, want);
}

static int rule_matches(const struct rt_value *pkg, const struct rt_value *filters)
{
	if (!filters || filters->type == RT_NULL)
		return 1;
	if (filters->type != RT_MAP)
		return 0;
	for (size_t i = 0; i < rt_map_len(filters); i++) {
		const char *key = rt_map_key(filters, i);
		const struct rt_value *want = rt_map_val(filters, i);
		const struct rt_value *attr = rt_map_get(pkg, key);
		if (want->type == RT_NULL) {
			int std = 0;
			for (const char *const *k = standard_keys; *k; k++)
				std |= rt_streq(*k, key);
			if (!attr && !std)
				return 0;
			continue;
		}
		if (!attr || !value_matches(attr, want))
			return 0;
	}
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted union of the recipients of every rule that matches the package. */
static struct rt_value *rules_recipients(const struct rt_value *pkg, const char *file,
					 struct rt_error *err)
{
	struct rt_buf text = RT_BUF_INIT;
	struct rt_value *doc, *out;
	const struct rt_value *rules;
	char **addrs = NULL;
	size_t n = 0, cap = 0;

	if (rt_buf_read_file(&text, file, 16 << 20) < 0)
		return rt_error(err, "cannot read '%s': %s", file, strerror(errno)), NULL;
	doc = rt_yaml_parse(text.buf, text.len, file, err);
	rt_buf_release(&text);
	if (!doc)
		return NULL;
	rules = doc->type == RT_MAP ? rt_map_get(doc, "rules") : NULL;
	if (!rules || rules->type != RT_LIST) {
		rt_value_free(doc);
		return rt_error(err, "%s: 'rules' must be a list", file), NULL;
	}
	for (size_t i = 0; i < rt_list_len(rules); i++) {
		const struct rt_value *rule = rt_list_at(rules, i), *rc;
		if (rule->type != RT_MAP || !(rc = rt_map_get(rule, "recipients")) || rc->type != RT_LIST) {
			for (size_t j = 0; j < n; j++)
				free(addrs[j]);
			free(addrs);
			rt_error(err, "%s:%d: rule %zu must be a mapping with a 'recipients' list", file,
				 rule->line, i + 1);
			rt_value_free(doc);
			return NULL;
		}
		if (!rule_matches(pkg, rt_map_get(rule, "filters")))
			continue;
		for (size_t j = 0; j < rt_list_len(rc); j++) {
			const char *a = rt_value_as_str(rt_list_at(rc, j));
			int dup = 0;
			if (!a)
				continue;
			for (size_t k = 0; k < n; k++)
				dup |= rt_streq(addrs[k], a);
			if (dup)
				continue;
			addrs = rt_xgrow(addrs, sizeof(*addrs), n + 1, &cap);
			addrs[n++] = rt_xstrdup(a);
		}
	}
	rt_value_free(doc);
	if (n)
		qsort(addrs, n, sizeof(*addrs), cmp_str);
	out = rt_value_list();
	for (size_t i = 0; i < n; i++)
		rt_list_push(out, rt_value_str_take(addrs[i]));
	free(addrs);
	return out;
}

/* ---- the hook ---- */

int hk_emailer_run(struct hk_release *r, enum hk_event ev, struct rt_error *err)
{
	const struct rt_config *cfg = r->cfg;
	const struct rt_value *rcp = rt_config_get(cfg, EM "recipients");
	const char *host = rt_config_str(cfg, EM "smtp_host");
	struct rt_value *to = NULL, *note;
	struct rt_buf subject = RT_BUF_INIT, body = RT_BUF_INIT, msg = RT_BUF_INIT, line = RT_BUF_INIT;
	const char *sender;
	int rc;

	(void)err;
	if (ev != HK_POST_RELEASE || r->n_variants == 0 || !rcp)
		return 0;
	if ((rcp->type == RT_LIST && rt_list_len(rcp) == 0) || (rcp->type == RT_STR && !*rcp->u.s.ptr))
		return 0;
	if (!host || !*host) {
		hk_say(r, HK_WARN, "did not send release email: SMTP host is not specified");
		return 0;
	}
	if (rcp->type == RT_LIST) {
		to = rt_value_copy(rcp);
	} else {
		struct stat st;
		const char *s = rcp->u.s.ptr;
		if (stat(s, &st) == 0) {
			struct rt_error rerr = RT_ERROR_INIT;
			to = rules_recipients(r->package, s, &rerr);
			if (!to) {
				hk_say(r, HK_ERROR, "failed to load recipients config: %s. Emails not sent",
				       rt_error_msg(&rerr));
				rt_error_release(&rerr);
				return 0;
			}
		} else if (strchr(s, '@')) {
			to = rt_value_list();
			rt_list_push(to, rt_value_str(s));
		} else {
			hk_say(r, HK_ERROR, "email recipient file does not exist: %s. Emails not sent", s);
			return 0;
		}
	}
	if (rt_list_len(to) == 0) {
		rt_value_free(to);
		return 0;
	}
	hk_email_text(r, &subject, &body);
	sender = rt_config_str(cfg, EM "sender");
	if (!sender)
		sender = "";
	hk_email_message(sender, to, subject.buf, body.buf, NULL, NULL, &msg);
	rt_buf_adds(&line, "Sending release email to:");
	for (size_t i = 0; i < rt_list_len(to); i++)
		rt_buf_addf(&line, "\n- %s", rt_value_as_str(rt_list_at(to, i)));
	hk_say(r, HK_OUT, "%s", line.buf);

	note = rt_value_map();
	rt_map_set(note, "smtp_host", rt_value_str(host));
	rt_map_set(note, "smtp_port", rt_value_int(rt_config_int(cfg, EM "smtp_port")));
	rt_map_set(note, "smtp_tls", rt_value_str(rt_config_str(cfg, EM "smtp_tls")));
	rt_map_set(note, "smtp_user", rt_value_str(rt_config_str(cfg, EM "smtp_user")));
	rt_map_set(note, "smtp_timeout", rt_value_int(rt_config_int(cfg, EM "smtp_timeout")));
	rt_map_set(note, "smtp_cacert", rt_value_str(rt_config_str(cfg, EM "smtp_cacert")));
	rt_map_set(note, "sender", rt_value_str(sender));
	rt_map_set(note, "recipients", to);
	rt_map_set(note, "message", rt_value_str_take(rt_buf_detach(&msg, NULL)));
	rc = hk_outbox_send(r, cfg, "email", note, err);
	rt_value_free(note);
	rt_buf_release(&subject);
	rt_buf_release(&body);
	rt_buf_release(&line);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		hk_say(r, HK_OUT, "Email(s) sent.");
	} else {
		hk_say(r, HK_ERROR, "release email delivery failed (kept in the outbox; "
		       "`rez release --flush-hooks` retries it)");
		r->n_pending++;
	}
	return 0;
}

/* ---- delivery ---- */

struct reader {
	const char *p;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *ud)
{
	struct reader *rd = ud;
	size_t n = size * nmemb;
	if (n > rd->left)
		n = rd->left;
	memcpy(dst, rd->p, n);
	rd->p += n;
	rd->left -= n;
	return n;
}

/* The SMTP password: smtp_password, else the first line of smtp_password_file, else the
 * variable named by smtp_password_env. NULL when none (no authentication password). */
static char *smtp_password(const struct rt_config *cfg, struct rt_error *err)
{
	const char *pw = rt_config_str(cfg, EM "smtp_password");
	const char *file = rt_config_str(cfg, EM "smtp_password_file");
	const char *var = rt_config_str(cfg, EM "smtp_password_env");
	if (pw && *pw)
		return rt_xstrdup(pw);
	if (file && *file) {
		struct rt_buf b = RT_BUF_INIT;
		char *nl;
		if (rt_buf_read_file(&b, file, 1 << 16) < 0) {
			rt_error(err, "cannot read the SMTP password file '%s': %s", file, strerror(errno));
			return NULL;
		}
		if ((nl = memchr(b.buf, '\n', b.len)))
			rt_buf_setlen(&b, (size_t)(nl - b.buf));
		if (b.len && b.buf[b.len - 1] == '\r')
			rt_buf_setlen(&b, b.len - 1);
		return rt_buf_detach(&b, NULL);
	}
	if (var && *var) {
		const char *v = getenv(var);
		if (!v) {
			rt_error(err, "the SMTP password variable '%s' is not set", var);
			return NULL;
		}
		return rt_xstrdup(v);
	}
	return rt_xstrdup("");
}

int hk_email_deliver(const struct rt_config *cfg, const struct rt_value *note, struct rt_error *err)
{
	const char *host = hk_get_str(note, "smtp_host"), *tls = hk_get_str(note, "smtp_tls");
	const char *user = hk_get_str(note, "smtp_user"), *cacert = hk_get_str(note, "smtp_cacert");
	const char *sender = hk_get_str(note, "sender"), *message = hk_get_str(note, "message");
	const struct rt_value *to = rt_map_get(note, "recipients");
	long long port = hk_get_int(note, "smtp_port", 25), timeout = hk_get_int(note, "smtp_timeout", 30);
	struct curl_slist *rcpt = NULL;
	struct reader rd;
	char errbuf[CURL_ERROR_SIZE] = "";
	char *url, *pw = NULL;
	CURL *c;
	CURLcode cc;
	long code = 0;
	int ssl;

	if (!host || !sender || !message || !to || to->type != RT_LIST)
		return rt_error(err, "malformed email notification");
	ssl = tls && rt_streq(tls, "ssl");
	if (user && *user && !(pw = smtp_password(cfg, err)))
		return -1;
	c = curl_easy_init();
	if (!c) {
		free(pw);
		return rt_error(err, "cannot initialise libcurl");
	}
	url = rt_xstrfmt("%s://%s:%lld", ssl ? "smtps" : "smtp", host, port);
	for (size_t i = 0; i < rt_list_len(to); i++) {
		const char *a = rt_value_as_str(rt_list_at(to, i));
		struct curl_slist *n = a ? curl_slist_append(rcpt, a) : rcpt;
		if (!n) {
			curl_slist_free_all(rcpt);
			curl_easy_cleanup(c);
			free(url);
			free(pw);
			return rt_error(err, "out of memory");
		}
		rcpt = n;
	}
	rd.p = message;
	rd.left = strlen(message);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, sender);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &rd);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)timeout);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)timeout * 4);
	if (tls && rt_streq(tls, "starttls"))
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (cacert && *cacert)
		curl_easy_setopt(c, CURLOPT_CAINFO, cacert);
	if (user && *user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, pw);
	}
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	free(url);
	if (pw) {
		memset(pw, 0, strlen(pw));
		free(pw);
	}
	if (cc != CURLE_OK)
		return rt_error(err, "SMTP delivery to %s:%lld failed: %s%s%s", host, port,
				curl_easy_strerror(cc), *errbuf ? ": " : "", errbuf);
	return 0;
}
