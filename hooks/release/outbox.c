/* outbox.c - post-release notifications that are never lost: each is written to the outbox
 * directory first (an atomic file), delivered with bounded retries and backoff, and removed
 * only after the server accepted it. A file being delivered is locked (flock), so two
 * concurrent flushes never send the same notification twice. */
#include "hooks/release/internal.h"
#include "runtime/config.h"
#include "runtime/file.h"
#include "runtime/json.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char *outbox_dir(const struct rt_config *cfg)
{
	const char *d = rt_config_str(cfg, "release_hook_outbox");
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (d && *d)
		return rt_xstrdup(d);
	if (xdg && *xdg)
		return rt_xstrfmt("%s/rez-lua/release-outbox", xdg);
	return rt_xstrfmt("%s/.cache/rez-lua/release-outbox", home ? home : "");
}

static int mkdirs(const char *path, struct rt_error *err)
{
	char *p = rt_xstrdup(path);
	for (char *s = p + 1;; s++) {
		int end = !*s;
		if (*s != '/' && !end)
			continue;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			rt_error(err, "cannot create the release hook outbox '%s': %s", p, strerror(errno));
			free(p);
			return -1;
		}
		if (end)
			break;
		*s = '/';
	}
	free(p);
	return 0;
}

static void sleep_seconds(double s)
{
	struct timespec ts;
	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int deliver_once(const struct rt_config *cfg, const char *kind, const struct rt_value *data,
			hk_print_fn print, void *ud, struct rt_error *err)
{
	if (rt_streq(kind, "email"))
		return hk_email_deliver(cfg, data, err);
	if (rt_streq(kind, "amqp"))
		return hk_amqp_deliver(cfg, data, err);
	if (rt_streq(kind, "lua"))
		return hk_lua_deliver(cfg, data, print, ud, err);
	return rt_error(err, "unknown notification kind '%s'", kind);
}

/* Tries 1 + release_hook_retries times, waiting retry_delay, 2*retry_delay, ... between. */
static int deliver(const struct rt_config *cfg, const char *kind, const struct rt_value *data,
		   hk_print_fn print, void *ud, struct rt_error *err)
{
	long long retries = rt_config_int(cfg, "release_hook_retries");
	double delay = (double)rt_config_int(cfg, "release_hook_retry_delay");
	for (long long i = 0;; i++) {
		if (deliver_once(cfg, kind, data, print, ud, err) == 0)
			return 0;
		if (i >= retries)
			return -1;
		sleep_seconds(delay);
		delay *= 2;
	}
}

/* Locks an outbox file for delivery; -1 when it is gone or another process holds it. */
static int lock_note(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat a, b;
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return -1;
	}
	/* removed (delivered) by someone else between open and lock? */
	if (fstat(fd, &a) < 0 || stat(path, &b) < 0 || a.st_ino != b.st_ino) {
		close(fd);
		return -1;
	}
	return fd;
}

int hk_outbox_send(const struct hk_release *r, const struct rt_config *cfg, const char *kind,
		   const struct rt_value *data, struct rt_error *err)
{
	static unsigned counter;
	char *dir = outbox_dir(cfg), *path;
	struct rt_value *note = rt_value_map();
	struct rt_buf text = RT_BUF_INIT;
	struct rt_error derr = RT_ERROR_INIT;
	struct timespec now;
	int fd, rc;

	clock_gettime(CLOCK_REALTIME, &now);
	rt_map_set(note, "kind", rt_value_str(kind));
	rt_map_set(note, "created", rt_value_int((long long)now.tv_sec));
	rt_map_set(note, "data", rt_value_copy(data));
	if (mkdirs(dir, err) < 0 || rt_json_emit(note, RT_JSON_INDENT4, &text, err) < 0) {
		free(dir);
		rt_value_free(note);
		rt_buf_release(&text);
		return -1;
	}
	rt_buf_addch(&text, '\n');
	/* time first, so a listing delivers in creation order */
	path = rt_xstrfmt("%s/%lld.%09ld-%ld-%u-%s.json", dir, (long long)now.tv_sec, now.tv_nsec,
			  (long)getpid(), counter++, kind);
	rc = rt_file_write_atomic(path, text.buf, text.len, 0600, 0, err);
	rt_buf_release(&text);
	rt_value_free(note);
	free(dir);
	if (rc < 0) {
		free(path);
		return -1;
	}
	fd = lock_note(path);
	if (fd < 0) {
		/* a concurrent flush took it: it delivers it */
		free(path);
		return 1;
	}
	if (deliver(cfg, kind, data, r->print, r->print_ud, &derr) == 0) {
		unlink(path);
		close(fd);
		free(path);
		return 1;
	}
	close(fd);
	hk_say(r, HK_WARN, "%s notification not delivered (kept in the outbox as '%s'): %s", kind,
	       path, rt_error_msg(&derr));
	rt_error_release(&derr);
	free(path);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int hk_outbox_flush(const struct rt_config *cfg, hk_print_fn print, void *ud, size_t *delivered,
		    size_t *left, struct rt_error *err)
{
	char *dir = outbox_dir(cfg);
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	*delivered = *left = 0;
	if (!d) {
		int e = errno;
		free(dir);
		if (e == ENOENT)
			return 0;
		return rt_error(err, "cannot read the release hook outbox: %s", strerror(e));
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 6 || !rt_streq(de->d_name + len - 5, ".json"))
			continue;
		names = rt_xgrow(names, sizeof(*names), n + 1, &cap);
		names[n++] = rt_xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		char *path = rt_xstrfmt("%s/%s", dir, names[i]);
		struct rt_buf text = RT_BUF_INIT;
		struct rt_error nerr = RT_ERROR_INIT;
		struct rt_value *note = NULL;
		const char *kind;
		int fd = lock_note(path);
		if (fd < 0)
			goto next;
		if (rt_buf_read_file(&text, path, 64 << 20) < 0) {
			rt_error(&nerr, "cannot read: %s", strerror(errno));
		} else if ((note = rt_json_parse(text.buf, text.len, path, &nerr)) &&
			   (note->type != RT_MAP || !(kind = hk_get_str(note, "kind")) ||
			    !rt_map_get(note, "data"))) {
			rt_error(&nerr, "not a release hook notification");
		} else if (note && deliver(cfg, kind, rt_map_get(note, "data"), print, ud, &nerr) == 0) {
			unlink(path);
			(*delivered)++;
			close(fd);
			goto next;
		}
		close(fd);
		(*left)++;
		{
			char *msg = rt_xstrfmt("'%s' not delivered: %s", path, rt_error_msg(&nerr));
			print(ud, HK_WARN, msg);
			free(msg);
		}
	next:
		rt_error_release(&nerr);
		rt_value_free(note);
		rt_buf_release(&text);
		free(path);
		free(names[i]);
	}
	free(names);
	free(dir);
	return 0;
}
