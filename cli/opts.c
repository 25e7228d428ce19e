/* opts.c - the option parser shared by every subcommand (see cli.h). */
#include "cli/cli.h"
#include "cli/color.h"
#include "runtime/buf.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>

static int long_matches(const char *names, const char *arg, size_t len)
{
	if (!names)
		return 0;
	while (*names) {
		const char *bar = strchr(names, '|');
		size_t n = bar ? (size_t)(bar - names) : strlen(names);
		if (n == len && !strncmp(names, arg, len))
			return 1;
		if (!bar)
			break;
		names = bar + 1;
	}
	return 0;
}

/* The first of `names` that starts with arg[0..len), or NULL. */
static const char *long_prefix(const char *names, const char *arg, size_t len, size_t *n_out)
{
	if (!names)
		return NULL;
	while (*names) {
		const char *bar = strchr(names, '|');
		size_t n = bar ? (size_t)(bar - names) : strlen(names);
		if (n >= len && !strncmp(names, arg, len)) {
			*n_out = n;
			return names;
		}
		if (!bar)
			break;
		names = bar + 1;
	}
	return NULL;
}

/* The option named by `--arg` (len bytes): an exact name, else the one option that has a
 * name starting with it (argparse's abbreviations). Returns its index, n_opts for --help, or
 * -1 with err set. */
static long find_long(const struct cli_opt *opts, size_t n_opts, const char *arg, size_t len,
		      struct rt_error *err)
{
	struct rt_buf cands = RT_BUF_INIT;
	long found = -1;
	int nfound = 0;
	size_t n;
	const char *hit;
	for (size_t k = 0; k < n_opts; k++)
		if (long_matches(opts[k].long_names, arg, len))
			return (long)k;
	if (len == 4 && !strncmp(arg, "help", 4))
		return (long)n_opts;
	for (size_t k = 0; k <= n_opts; k++) {
		hit = k < n_opts ? long_prefix(opts[k].long_names, arg, len, &n) :
				   long_prefix("help", arg, len, &n);
		if (!hit)
			continue;
		rt_buf_addf(&cands, "%s--%.*s", nfound ? ", " : "", (int)n, hit);
		nfound++;
		found = (long)k;
	}
	if (nfound == 1 && len) {
		rt_buf_release(&cands);
		return found;
	}
	if (nfound > 1)
		rt_error(err, "ambiguous option: --%.*s could match %s", (int)len, arg, cands.buf);
	else
		rt_error(err, "unrecognised option '--%.*s'", (int)len, arg);
	rt_buf_release(&cands);
	return -1;
}

static void push_ptr(const char ***v, size_t *n, size_t *cap, const char *s)
{
	*v = rt_xgrow(*v, sizeof(**v), *n + 1, cap);
	(*v)[(*n)++] = s;
}

static void print_usage(const struct cli_opt *opts, size_t n_opts, const char *usage)
{
	size_t ulen = strlen(usage);
	/* Usage texts may carry their own "usage:" and end with the description's newline. */
	while (ulen && usage[ulen - 1] == '\n')
		ulen--;
	printf("%s%.*s\n\noptions:\n  -h, --help            show this help and exit\n",
	       rt_starts_with(usage, "usage:") ? "" : "usage: ", (int)ulen, usage);
	for (size_t i = 0; i < n_opts; i++) {
		struct rt_buf sb = RT_BUF_INIT;
		const char *names = opts[i].long_names;
		if (opts[i].kind == CLI_GROUP) {
			printf("\n%s:\n", opts[i].help);
			continue;
		}
		if (opts[i].short_name)
			rt_buf_addf(&sb, "-%c, ", opts[i].short_name);
		while (*names) {
			const char *bar = strchr(names, '|');
			size_t n = bar ? (size_t)(bar - names) : strlen(names);
			rt_buf_adds(&sb, "--");
			rt_buf_add(&sb, names, n);
			if (bar)
				rt_buf_adds(&sb, ", ");
			names = bar ? bar + 1 : names + n;
		}
		if (opts[i].kind != CLI_FLAG)
			rt_buf_addf(&sb, " %s%s", opts[i].metavar ? opts[i].metavar : "VALUE",
				    opts[i].kind == CLI_MULTI ? " [...]" : "");
		printf("  %-22s%s%s\n", sb.buf, sb.len >= 22 ? "\n                        " : "",
		       opts[i].help ? opts[i].help : "");
		rt_buf_release(&sb);
	}
}

static int take_value(struct cli_optval *v, const struct cli_opt *o, const char *val)
{
	v->count++;
	if (o->kind == CLI_MULTI)
		push_ptr(&v->values, &v->n_values, &v->cap_values, val);
	else
		v->value = val;
	return 0;
}

struct cli_capture cli_capture;

int cli_parse(const struct cli_opt *opts, size_t n_opts, int argc, char **argv,
	      struct cli_args *out, int *help, const char *usage, struct rt_error *err)
{
	memset(out, 0, sizeof(*out));
	out->vals = rt_xcalloc(n_opts ? n_opts : 1, sizeof(*out->vals));
	out->n_vals = n_opts;
	*help = 0;
	if (cli_capture.on) {
		cli_capture.opts = opts;
		cli_capture.n_opts = n_opts;
		*help = 1;
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (rt_streq(a, "--")) {
			out->has_rest = 1;
			out->rest = (const char **)argv + i + 1;
			out->n_rest = (size_t)(argc - i - 1);
			break;
		}
		if (rt_streq(a, "-h")) {
			print_usage(opts, n_opts, usage);
			*help = 1;
			return 0;
		}
		if (a[0] == '-' && a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			long found = find_long(opts, n_opts, name, len, err);
			size_t k;
			if (found < 0)
				return -1;
			if ((size_t)found == n_opts) {
				print_usage(opts, n_opts, usage);
				*help = 1;
				return 0;
			}
			k = (size_t)found;
			if (opts[k].kind == CLI_FLAG) {
				if (eq)
					return rt_error(err, "option '--%.*s' takes no value", (int)len, name);
				out->vals[k].count++;
				continue;
			}
			if (eq) {
				take_value(&out->vals[k], &opts[k], eq + 1);
			} else {
				if (i + 1 >= argc)
					return rt_error(err, "option '--%.*s' needs a value", (int)len, name);
				take_value(&out->vals[k], &opts[k], argv[++i]);
			}
			if (opts[k].kind == CLI_MULTI)
				while (i + 1 < argc && argv[i + 1][0] != '-')
					take_value(&out->vals[k], &opts[k], argv[++i]);
			continue;
		}
		if (a[0] == '-' && a[1]) {
			/* A run of short flags (-vv), or one short option with its value (-c CMD, -cCMD). */
			for (const char *c = a + 1; *c; c++) {
				size_t k;
				for (k = 0; k < n_opts; k++)
					if (opts[k].short_name == *c && opts[k].kind != CLI_GROUP)
						break;
				if (k == n_opts)
					return rt_error(err, "unrecognised option '-%c'", *c);
				if (opts[k].kind == CLI_FLAG) {
					out->vals[k].count++;
					continue;
				}
				if (c[1]) {
					take_value(&out->vals[k], &opts[k], c + 1);
				} else {
					if (i + 1 >= argc)
						return rt_error(err, "option '-%c' needs a value", *c);
					take_value(&out->vals[k], &opts[k], argv[++i]);
				}
				if (opts[k].kind == CLI_MULTI)
					while (i + 1 < argc && argv[i + 1][0] != '-')
						take_value(&out->vals[k], &opts[k], argv[++i]);
				break;
			}
			continue;
		}
		push_ptr(&out->pos, &out->n_pos, &out->cap_pos, a);
	}
	return 0;
}

int cli_parse_args(const struct cli_opt *opts, size_t n_opts, int argc, char **argv,
		   struct cli_args *a, const char *usage, const char *tool, int *rc)
{
	struct rt_error err = RT_ERROR_INIT;
	int help;
	if (cli_parse(opts, n_opts, argc, argv, a, &help, usage, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		cli_args_release(a);
		*rc = RT_EXIT_USAGE;
		return 1;
	}
	if (help) {
		cli_args_release(a);
		*rc = RT_EXIT_OK;
		return 1;
	}
	return 0;
}

void cli_args_release(struct cli_args *a)
{
	for (size_t k = 0; k < a->n_vals; k++)
		free(a->vals[k].values);
	free(a->vals);
	free(a->pos);
	memset(a, 0, sizeof(*a));
}

const struct cli_optval *cli_get(const struct cli_opt *opts, size_t n_opts,
				 const struct cli_args *a, const char *name)
{
	for (size_t k = 0; k < n_opts; k++)
		if (long_matches(opts[k].long_names, name, strlen(name)))
			return &a->vals[k];
	RT_BUG("no option '%s' in the table", name);
}

const char *cli_tool_name(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');
	return slash ? slash + 1 : argv0;
}

static void vmsg(const char *tool, const char *level, const char *fmt, va_list ap)
{
	enum cli_color_kind k = level[0] == 'e' ? CLI_COLOR_ERROR : CLI_COLOR_WARNING;
	fprintf(stderr, "%s%s: %s: ", cli_color(stderr, k), tool, level);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "%s\n", cli_color_end(stderr, k));
}

void cli_error(const char *tool, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(tool, "error", fmt, ap);
	va_end(ap);
}

void cli_warn(const char *tool, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(tool, "warning", fmt, ap);
	va_end(ap);
}

int cli_finish_stdout(const char *tool, int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(tool, "cannot write to standard output");
		return RT_EXIT_FAIL;
	}
	return rc;
}

/* -t: an epoch, or -N<s|m|h|d> (N may be fractional) before now. */
int cli_parse_time(const char *s, long long *out, struct rt_error *err)
{
	char *end;
	if (s[0] == '-') {
		double n = strtod(s + 1, &end);
		double mult = 1;
		if (end == s + 1)
			goto bad;
		switch (*end) {
		case 's': mult = 1; break;
		case 'm': mult = 60; break;
		case 'h': mult = 3600; break;
		case 'd': mult = 86400; break;
		default: goto bad;
		}
		if (end[1])
			goto bad;
		*out = (long long)time(NULL) - (long long)(n * mult);
		return 0;
	}
	errno = 0;
	*out = strtoll(s, &end, 10);
	if (*end || errno || *out <= 0)
		goto bad;
	return 0;
bad:
	return rt_error(err, "invalid time '%s' (expected epoch seconds, or -N followed by s, m, h or d)", s);
}

