/* command.c - the `command` release hook: programs run from argv lists (never a shell) at
 * each event, with Rez's formatting, printing and cancel rules (spec §6.1). */
#include "hooks/release/internal.h"
#include "runtime/config.h"

#include <pwd.h>
#include <unistd.h>

extern char **environ;

/* Windows' list2cmdline quoting, which Rez uses to print the command line. */
static void list2cmdline(const char *const *argv, size_t n, struct rt_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		const char *a = argv[i];
		int quote = !*a || strpbrk(a, " \t");
		size_t bs = 0;
		if (i)
			rt_buf_addch(out, ' ');
		if (quote)
			rt_buf_addch(out, '"');
		for (; *a; a++) {
			if (*a == '\\') {
				bs++;
				continue;
			}
			if (*a == '"') {
				rt_buf_addchars(out, '\\', bs * 2 + 1);
				rt_buf_addch(out, '"');
			} else {
				rt_buf_addchars(out, '\\', bs);
				rt_buf_addch(out, *a);
			}
			bs = 0;
		}
		rt_buf_addchars(out, '\\', quote ? bs * 2 : bs);
		if (quote)
			rt_buf_addch(out, '"');
	}
}

static const char *current_user(void)
{
	struct passwd *pw = getpwuid(geteuid());
	return pw ? pw->pw_name : "";
}

/* The merged environment (process + the entry's env) as a map and as an envp array. */
static struct rt_value *merged_env(const struct rt_value *extra)
{
	struct rt_value *m = rt_value_map();
	for (char **e = environ; *e; e++) {
		const char *eq = strchr(*e, '=');
		char *k;
		if (!eq)
			continue;
		k = rt_xmemdupz(*e, (size_t)(eq - *e));
		rt_map_set(m, k, rt_value_str(eq + 1));
		free(k);
	}
	for (size_t i = 0; i < rt_map_len(extra); i++) {
		const struct rt_value *v = rt_map_val(extra, i);
		struct rt_buf b = RT_BUF_INIT;
		if (v->type == RT_STR)
			rt_buf_add(&b, v->u.s.ptr, v->u.s.len);
		else
			hk_repr(v, &b);
		rt_map_set(m, rt_map_key(extra, i), rt_value_str_take(rt_buf_detach(&b, NULL)));
	}
	return m;
}

static char **envp_of(const struct rt_value *m)
{
	char **envp = rt_xcalloc(rt_map_len(m) + 1, sizeof(*envp));
	for (size_t i = 0; i < rt_map_len(m); i++)
		envp[i] = rt_xstrfmt("%s=%s", rt_map_key(m, i), rt_value_as_str(rt_map_val(m, i)));
	return envp;
}

static void free_strv(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* Splits a string on whitespace, as Python's str.split(). */
static void split_ws(const char *s, struct rt_value *list)
{
	while (*s) {
		const char *e;
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
			s++;
		if (!*s)
			break;
		e = s;
		while (*e && !strchr(" \t\n\r\f\v", *e))
			e++;
		rt_list_push(list, rt_value_strn(s, (size_t)(e - s)));
		s = e;
	}
}

/* Runs one entry; returns 1 on success, 0 on failure (message appended to errors), -1 on
 * an error that stops the hook (err). */
static int run_entry(struct hk_release *r, const struct rt_value *entry, const struct rt_value *ns,
		     int print_cmds, int print_out, int print_err, struct rt_buf *errors,
		     struct rt_error *err)
{
	const char *program = hk_get_str(entry, "command");
	const struct rt_value *args = rt_map_get(entry, "args");
	const struct rt_value *penv = rt_map_get(entry, "pretty_args");
	const struct rt_value *env = rt_map_get(entry, "env");
	const char *user = hk_get_str(entry, "user");
	int pretty = !penv || penv->type != RT_BOOL || penv->u.b;
	struct rt_value *arglist = rt_value_list(), *menv = NULL;
	const char **argv;
	char **envp = NULL;
	struct rt_buf line = RT_BUF_INIT, out = RT_BUF_INIT, msg = RT_BUF_INIT;
	size_t n, off = 0;
	int status = 0, rc = 1;

	if (!program)
		return rt_error(err, "command hook: an entry has no 'command'");
	if (env && env->type == RT_MAP && rt_map_len(env))
		menv = merged_env(env);
	else
		env = NULL;
	if (args && args->type == RT_STR)
		split_ws(args->u.s.ptr, arglist);
	else if (args && args->type == RT_LIST)
		for (size_t i = 0; i < rt_list_len(args); i++)
			if (rt_list_at(args, i)->type == RT_STR)
				rt_list_push(arglist, rt_value_copy(rt_list_at(args, i)));
	n = rt_list_len(arglist);
	argv = rt_xcalloc(n + 3, sizeof(*argv));
	if (user && rt_streq(user, "root"))
		argv[off++] = "sudo";
	else if (user && *user && !rt_streq(user, current_user())) {
		free(argv);
		rt_value_free(arglist);
		rt_value_free(menv);
		return rt_error(err, "command hook: cannot run '%s' as user '%s': only 'root' "
				"(through sudo) or the current user is supported", program, user);
	}
	argv[off] = program;
	for (size_t i = 0; i < n; i++) {
		struct rt_buf f = RT_BUF_INIT, x = RT_BUF_INIT;
		hk_format(rt_value_as_str(rt_list_at(arglist, i)), ns, pretty, &f);
		hk_expandvars(f.buf, menv, &x);
		rt_value_free(rt_list_at(arglist, i));
		arglist->u.list.items[i] = rt_value_str_take(rt_buf_detach(&x, NULL));
		rt_buf_release(&f);
		argv[off + 1 + i] = rt_value_as_str(rt_list_at(arglist, i));
	}
	if (print_cmds || r->debug) {
		rt_buf_adds(&line, "running command: ");
		list2cmdline(argv + off, n + 1, &line);
		for (size_t i = 0; env && i < rt_map_len(env); i++)
			rt_buf_addf(&line, "\n    with: %s=%s", rt_map_key(env, i),
				    rt_value_as_str(rt_map_get(menv, rt_map_key(env, i))));
		hk_say(r, print_cmds ? HK_OUT : HK_DEBUG, "%s", line.buf);
	}
	if (menv)
		envp = envp_of(menv);
	{
		struct rt_error perr = RT_ERROR_INIT;
		/* a missing program is a failed entry, as in Rez, not a broken hook */
		if (rt_capture_run(argv, (const char *const *)envp, &out, &status, &perr) < 0) {
			rt_buf_adds(&msg, rt_error_msg(&perr));
			rc = 0;
		} else if (status != 0) {
			rt_buf_addf(&msg, "command failed:\n%s", out.buf);
			rc = 0;
		} else if (print_out) {
			size_t a = 0, b = out.len;
			while (a < b && strchr(" \t\r\n", out.buf[a]))
				a++;
			while (b > a && strchr(" \t\r\n", out.buf[b - 1]))
				b--;
			hk_say(r, HK_OUT, "%.*s", (int)(b - a), out.buf + a);
		}
		rt_error_release(&perr);
	}
	if (!rc) {
		if (errors->len)
			rt_buf_adds(errors, "\n\n");
		rt_buf_addbuf(errors, &msg);
		if (print_err)
			hk_say(r, HK_ERROR, "%s", msg.buf);
	}
	rt_buf_release(&line);
	rt_buf_release(&out);
	rt_buf_release(&msg);
	free_strv(envp);
	free(argv);
	rt_value_free(arglist);
	rt_value_free(menv);
	return rc;
}

int hk_command_run(struct hk_release *r, enum hk_event ev, struct rt_error *err)
{
	static const char *const lists[] = { "plugins.release_hook.command.pre_build_commands",
		"plugins.release_hook.command.pre_release_commands",
		"plugins.release_hook.command.post_release_commands" };
	const struct rt_config *cfg = r->cfg;
	const struct rt_value *cmds = rt_config_get(cfg, lists[ev]);
	const struct rt_value *pkg = r->package;
	struct rt_value *ns, *rel, *vars;
	struct rt_buf errors = RT_BUF_INIT;
	int rc = 0;

	if (!cmds || cmds->type != RT_LIST || rt_list_len(cmds) == 0)
		return 0;
	if (ev == HK_POST_RELEASE && r->n_variants && r->installed)
		pkg = r->installed;
	ns = hk_namespace(r, pkg);
	rel = rt_value_map();
	rt_map_set(rel, "path", rt_value_str(r->install_path ? r->install_path : ""));
	rt_map_set(ns, "release", rel);
	vars = rt_value_list();
	if (ev != HK_POST_RELEASE) {
		for (size_t i = 0; i < r->n_indices; i++)
			rt_list_push(vars, rt_value_int(r->indices[i]));
	} else {
		for (size_t i = 0; i < r->n_variants; i++) {
			const struct hk_variant *v = &r->variants[i];
			struct rt_value *d = rt_value_map();
			rt_map_set(d, "location", rt_value_str(r->install_path ? r->install_path : ""));
			rt_map_set(d, "name", rt_value_str(hk_get_str(pkg, "name") ? hk_get_str(pkg, "name") : ""));
			rt_map_set(d, "version", rt_value_str(hk_get_str(pkg, "version") ? hk_get_str(pkg, "version") : ""));
			rt_map_set(d, "index", v->index < 0 ? rt_value_null() : rt_value_int(v->index));
			rt_map_set(d, "repository_type", rt_value_str("filesystem"));
			rt_map_set(d, "variant_requires", v->requires ? rt_value_copy(v->requires) : rt_value_list());
			rt_list_push(vars, d);
		}
	}
	rt_map_set(ns, "num_variants", rt_value_int((long long)rt_list_len(vars)));
	rt_map_set(ns, "variants", vars);

	for (size_t i = 0; i < rt_list_len(cmds); i++) {
		int ok = run_entry(r, rt_list_at(cmds, i), ns,
				   rt_config_bool(cfg, "plugins.release_hook.command.print_commands"),
				   rt_config_bool(cfg, "plugins.release_hook.command.print_output"),
				   rt_config_bool(cfg, "plugins.release_hook.command.print_error"),
				   &errors, err);
		if (ok < 0) {
			rc = -1;
			break;
		}
		if (!ok && rt_config_bool(cfg, "plugins.release_hook.command.stop_on_error"))
			break;
	}
	if (rc == 0 && errors.len) {
		if (ev != HK_POST_RELEASE &&
		    rt_config_bool(cfg, "plugins.release_hook.command.cancel_on_error"))
			rc = rt_error(err, "The following %s commands failed:\n%s", hk_event_label(ev),
				      errors.buf);
		else
			hk_say(r, HK_DEBUG, "The following %s commands failed:\n%s",
			       hk_event_label(ev), errors.buf);
	}
	rt_buf_release(&errors);
	rt_value_free(ns);
	return rc;
}
