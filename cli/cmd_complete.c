/* cmd_complete.c - `rez complete`: the completions of a command line, for the shell scripts
 * that `rez complete --script SHELL` prints (bash, zsh, fish, tcsh).
 *
 * Interface as Rez's: the line is in $COMP_LINE and the cursor in $COMP_POINT (bytes; default
 * the end of the line); the words that can replace the word under the cursor are printed, one
 * per line. Subcommands come from cli/main.c's table, each subcommand's options from the
 * table its own parser uses (cli_capture), package families and versions from directory
 * listings of the configured repositories (no definition is read), shells from the shell
 * table, files from the directory named by the word. */
#include "cli/cli.h"
#include "cli/activate.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/repo.h"
#include "runtime/shell.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

static const struct cli_opt complete_opts[] = {
	{ 0, "script", CLI_VALUE, "SHELL", "print the completion script for SHELL (bash, zsh, fish or tcsh)" },
};

static const char usage[] =
	"usage: rez complete [--script SHELL]\n\n"
	"Print the completions of the command line in $COMP_LINE with the cursor at $COMP_POINT\n"
	"(one per line), or with --script the completion script for a shell.\n";

/* What a command's positional arguments complete to: one letter per position, the last one
 * repeating. P package, F file, C command, K configuration setting, - nothing. Commands not
 * listed take nothing. */
static const struct {
	const char *cmd, *kinds;
} positionals[] = {
	{ "env", "P" }, { "view", "P" }, { "search", "P" }, { "diff", "P" }, { "cp", "P" },
	{ "mv", "PF" }, { "pkg-ignore", "PF" }, { "rm", "F" }, { "depends", "P" },
	{ "test", "P" }, { "status", "P" }, { "plugins", "P" }, { "help", "CP" },
	{ "context", "F" }, { "interpret", "F" }, { "convert", "F" }, { "config", "K" },
	{ "build", "-" }, { "release", "-" },
};

struct words {
	char **v;
	size_t n, cap;
};

/* The words of line[0..point) split as a shell would (quotes removed, backslash escapes);
 * the last word is the one being completed ("" when the line ends in a blank). */
static void split_line(const char *line, size_t point, struct words *w)
{
	struct rt_buf cur = RT_BUF_INIT;
	char q = 0;
	int in_word = 0;
	for (size_t i = 0; i < point && line[i]; i++) {
		char c = line[i];
		if (q) {
			if (c == q)
				q = 0;
			else if (c == '\\' && q == '"' && i + 1 < point && line[i + 1])
				rt_buf_addch(&cur, line[++i]);
			else
				rt_buf_addch(&cur, c);
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n') {
			if (in_word) {
				w->v = rt_xgrow(w->v, sizeof(*w->v), w->n + 1, &w->cap);
				w->v[w->n++] = rt_buf_detach(&cur, NULL);
				in_word = 0;
			}
			continue;
		}
		in_word = 1;
		if (c == '\'' || c == '"')
			q = c;
		else if (c == '\\' && i + 1 < point && line[i + 1])
			rt_buf_addch(&cur, line[++i]);
		else
			rt_buf_addch(&cur, c);
	}
	w->v = rt_xgrow(w->v, sizeof(*w->v), w->n + 1, &w->cap);
	w->v[w->n++] = rt_buf_detach(&cur, NULL);
}

struct out {
	struct rt_value *seen;   /* map: words printed */
	const char *breaks;      /* bash's COMP_WORDBREAKS: print only what follows the last one */
	const char *word;        /* the word being completed */
};

static void emit(struct out *o, const char *s)
{
	size_t cut = 0;
	if (rt_map_get(o->seen, s))
		return;
	rt_map_set(o->seen, s, rt_value_bool(1));
	/* bash replaces only the part of the word after its last break character ('=', ':') */
	if (o->breaks)
		for (size_t i = 0; o->word[i]; i++)
			if ((o->word[i] == '=' || o->word[i] == ':') && strchr(o->breaks, o->word[i]))
				cut = i + 1;
	printf("%s\n", s + (cut <= strlen(s) ? cut : 0));
}

/* ---- what a word completes to ---- */

static void complete_commands(struct out *o, const char *prefix)
{
	const char *name;
	for (size_t i = 0; (name = cli_command_at(i, NULL)); i++)
		if (rt_starts_with(name, prefix))
			emit(o, name);
}

/* Rez's get_completions: families starting with the prefix; once the prefix names one family
 * (or carries '-', '@', '#' after it), that family's NAME-VERSION words. A leading '!' or '~'
 * is kept. */
static void complete_packages(struct out *o, const char *before, const char *prefix,
			      const char *paths_opt)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg;
	struct rt_value *paths = NULL;
	struct rt_repo *repo = NULL;
	const char *const *fams;
	const char *op = "", *fam_end;
	char *fam = NULL;
	size_t nf;
	struct rt_buf w = RT_BUF_INIT;

	if (prefix[0] == '!' || prefix[0] == '~') {
		op = prefix[0] == '!' ? "!" : "~";
		prefix++;
	}
	fam_end = strpbrk(prefix, "-@#");
	{
		struct rt_config_opts copts = RT_CONFIG_OPTS_INIT;
		copts.load_lua = cli_config_lua_loader;
		cfg = rt_config_load(&copts, &err);
	}
	if (!cfg)
		goto out;
	paths = cli_package_paths(cfg, paths_opt, 0);
	repo = cli_repo_open(cfg, paths, 0, &err);
	if (!repo)
		goto out;
	if (fam_end) {
		fam = rt_xmemdupz(prefix, (size_t)(fam_end - prefix));
	} else {
		size_t hits = 0;
		const char *last = NULL;
		if (rt_repo_families(repo, &fams, &nf, &err) < 0)
			goto out;
		for (size_t i = 0; i < nf; i++)
			if (rt_starts_with(fams[i], prefix)) {
				rt_buf_reset(&w);
				rt_buf_addf(&w, "%s%s%s", before, op, fams[i]);
				emit(o, w.buf);
				hits++;
				last = fams[i];
			}
		if (hits == 1)
			fam = rt_xstrdup(last);
	}
	if (fam) {
		const struct rt_repo_entry *const *es;
		size_t ne;
		if (rt_repo_versions(repo, fam, &es, &ne, &err) < 0)
			goto out;
		for (size_t i = ne; i-- > 0;) {   /* newest first */
			char *qn;
			if (rt_version_is_empty(es[i]->version))
				continue;
			qn = rt_xstrfmt("%s-%s", fam, rt_version_str(es[i]->version));
			if (rt_starts_with(qn, prefix)) {
				rt_buf_reset(&w);
				rt_buf_addf(&w, "%s%s%s", before, op, qn);
				emit(o, w.buf);
			}
			free(qn);
		}
	}
out:
	/* completion stays quiet: a broken configuration shows when the command runs */
	rt_error_release(&err);
	rt_buf_release(&w);
	free(fam);
	rt_repo_free(repo);
	rt_value_free(paths);
	rt_config_free(cfg);
}

/* Files and directories (with a '/') whose path starts with prefix; "~/" is expanded for the
 * listing and kept in the words. */
static void complete_files(struct out *o, const char *before, const char *prefix)
{
	const char *slash = strrchr(prefix, '/');
	struct rt_buf dir = RT_BUF_INIT, w = RT_BUF_INIT;
	const char *base = slash ? slash + 1 : prefix;
	DIR *d;
	struct dirent *de;
	if (slash) {
		const char *home = getenv("HOME");
		if (prefix[0] == '~' && prefix[1] == '/' && home)
			rt_buf_addf(&dir, "%s%.*s", home, (int)(slash - prefix) , prefix + 1);
		else
			rt_buf_add(&dir, prefix, (size_t)(slash - prefix) + 1);
		if (!dir.len)
			rt_buf_addch(&dir, '/');
	} else {
		rt_buf_addch(&dir, '.');
	}
	d = opendir(dir.buf);
	while (d && (de = readdir(d))) {
		struct stat st;
		char *full;
		if (rt_streq(de->d_name, ".") || rt_streq(de->d_name, ".."))
			continue;
		if (!rt_starts_with(de->d_name, base) || (de->d_name[0] == '.' && base[0] != '.'))
			continue;
		full = rt_xstrfmt("%s/%s", dir.buf, de->d_name);
		rt_buf_reset(&w);
		rt_buf_addf(&w, "%s%.*s%s%s", before, slash ? (int)(slash - prefix) + 1 : 0, prefix,
			    de->d_name, stat(full, &st) == 0 && S_ISDIR(st.st_mode) ? "/" : "");
		emit(o, w.buf);
		free(full);
	}
	if (d)
		closedir(d);
	rt_buf_release(&dir);
	rt_buf_release(&w);
}

static void complete_settings(struct out *o, const char *prefix)
{
	for (size_t i = 0; i < rt_config_n_settings(); i++) {
		const char *key, *type, *doc;
		rt_config_setting_info(i, &key, &type, &doc);
		if (rt_starts_with(key, prefix) && !strchr(key, '*'))
			emit(o, key);
	}
}

/* The value of an option, by its metavar. */
static void complete_value(struct out *o, const char *metavar, const char *before, const char *prefix,
			   const char *paths_opt)
{
	if (!metavar)
		return;
	if (rt_streq(metavar, "SHELL")) {
		const char *const *sh = rt_shell_names();
		for (size_t i = 0; sh[i]; i++)
			if (rt_starts_with(sh[i], prefix)) {
				char *s = rt_xstrfmt("%s%s", before, sh[i]);
				emit(o, s);
				free(s);
			}
	} else if (rt_streq(metavar, "PKG") || rt_streq(metavar, "PACKAGE")) {
		complete_packages(o, before, prefix, paths_opt);
	} else if (rt_streq(metavar, "FILE") || rt_streq(metavar, "RXT") || rt_streq(metavar, "PATH") ||
		   rt_streq(metavar, "DIR") || rt_streq(metavar, "PATHS")) {
		/* PATHS: the entry after the last ':' */
		const char *colon = rt_streq(metavar, "PATHS") ? strrchr(prefix, ':') : NULL;
		if (colon) {
			char *b = rt_xstrfmt("%s%.*s", before, (int)(colon - prefix) + 1, prefix);
			complete_files(o, b, colon + 1);
			free(b);
		} else {
			complete_files(o, before, prefix);
		}
	}
}

/* The option of `opts` named by word ("--shell", "-s", or a unique prefix of a long name);
 * NULL for none. */
static const struct cli_opt *find_opt(const struct cli_opt *opts, size_t n, const char *word, size_t len)
{
	const struct cli_opt *hit = NULL;
	int nhit = 0;
	if (word[0] == '-' && word[1] != '-' && word[1] && len == 2) {
		for (size_t i = 0; i < n; i++)
			if (opts[i].kind != CLI_GROUP && opts[i].short_name == word[1])
				return &opts[i];
		return NULL;
	}
	if (word[0] != '-' || word[1] != '-')
		return NULL;
	word += 2;
	len -= 2;
	for (size_t i = 0; i < n; i++) {
		const char *names = opts[i].long_names;
		while (names && *names) {
			const char *bar = strchr(names, '|');
			size_t nl = bar ? (size_t)(bar - names) : strlen(names);
			if (nl == len && !strncmp(names, word, len))
				return &opts[i];
			if (nl >= len && !strncmp(names, word, len)) {
				hit = &opts[i];
				nhit++;
				break;
			}
			names = bar ? bar + 1 : names + nl;
		}
	}
	return nhit == 1 ? hit : NULL;
}

static void complete_options(struct out *o, const struct cli_opt *opts, size_t n, const char *prefix)
{
	if (rt_starts_with("--help", prefix))
		emit(o, "--help");
	for (size_t i = 0; i < n; i++) {
		const char *names = opts[i].long_names;
		if (opts[i].kind == CLI_GROUP)
			continue;
		while (names && *names) {
			const char *bar = strchr(names, '|');
			size_t nl = bar ? (size_t)(bar - names) : strlen(names);
			char *s = rt_xstrfmt("--%.*s", (int)nl, names);
			if (rt_starts_with(s, prefix))
				emit(o, s);
			free(s);
			names = bar ? bar + 1 : names + nl;
		}
	}
	/* short options only for a bare "-", as argparse's completer does */
	if (rt_streq(prefix, "-")) {
		emit(o, "-h");
		for (size_t i = 0; i < n; i++)
			if (opts[i].kind != CLI_GROUP && opts[i].short_name) {
				char s[3] = { '-', opts[i].short_name, '\0' };
				emit(o, s);
			}
	}
}

static void complete_positional(struct out *o, const char *cmd, size_t index, const char *prefix,
				const char *paths_opt)
{
	const char *kinds = NULL;
	char k;
	for (size_t i = 0; i < RT_ARRAY_LEN(positionals); i++)
		if (rt_streq(positionals[i].cmd, cmd))
			kinds = positionals[i].kinds;
	if (!kinds)
		return;
	k = index < strlen(kinds) ? kinds[index] : kinds[strlen(kinds) - 1];
	switch (k) {
	case 'P': complete_packages(o, "", prefix, paths_opt); break;
	case 'F': complete_files(o, "", prefix); break;
	case 'C': complete_commands(o, prefix); break;
	case 'K': complete_settings(o, prefix); break;
	default: break;
	}
}

/* The words after the subcommand: which option is waiting for a value, which positional
 * comes next, then the last word completed accordingly. */
static void complete_subcommand(struct out *o, const char *cmd, int (*fn)(int, char **),
				char **w, size_t n)
{
	char *tool = rt_xstrfmt("rez-%s", cmd);
	char *argv[] = { tool, (char *)"--help", NULL };
	const struct cli_opt *opts, *pending = NULL;
	const char *prefix = w[n - 1], *paths_opt = NULL;
	size_t n_opts, npos = 0;
	int after_dd = 0;

	cli_capture.on = 1;
	cli_capture.opts = NULL;
	cli_capture.n_opts = 0;
	fn(2, argv);
	cli_capture.on = 0;
	free(tool);
	opts = cli_capture.opts;
	n_opts = cli_capture.n_opts;
	for (size_t i = 0; i + 1 < n; i++) {
		const char *a = w[i];
		const struct cli_opt *op;
		if (after_dd)
			continue;
		if (rt_streq(a, "--")) {
			after_dd = 1;
			continue;
		}
		if (a[0] == '-' && a[1]) {
			const char *eq = strchr(a, '=');
			op = find_opt(opts, n_opts, a, eq ? (size_t)(eq - a) : strlen(a));
			pending = op && op->kind != CLI_FLAG && !eq ? op : NULL;
			if (op && !eq && op->long_names && rt_starts_with(op->long_names, "paths") &&
			    i + 2 < n)
				paths_opt = w[i + 1];
			else if (op && eq && op->long_names && rt_starts_with(op->long_names, "paths"))
				paths_opt = eq + 1;
			continue;
		}
		if (pending) {
			if (pending->kind == CLI_VALUE)
				pending = NULL;
			continue;   /* CLI_MULTI keeps taking words */
		}
		npos++;
	}
	if (after_dd) {
		complete_files(o, "", prefix);   /* the command to run and its arguments */
		return;
	}
	if (prefix[0] == '-' && prefix[1] == '-' && strchr(prefix, '=')) {
		const char *eq = strchr(prefix, '=');
		const struct cli_opt *op = find_opt(opts, n_opts, prefix, (size_t)(eq - prefix));
		if (op && op->kind != CLI_FLAG) {
			char *before = rt_xmemdupz(prefix, (size_t)(eq - prefix) + 1);
			complete_value(o, op->metavar, before, eq + 1, paths_opt);
			free(before);
		}
		return;
	}
	if (pending && !(pending->kind == CLI_MULTI && prefix[0] == '-')) {
		complete_value(o, pending->metavar, "", prefix, paths_opt);
		if (pending->kind == CLI_VALUE)
			return;
	}
	if (prefix[0] == '-') {
		complete_options(o, opts, n_opts, prefix);
		return;
	}
	if (!pending)
		complete_positional(o, cmd, npos, prefix, paths_opt);
}

/* ---- the shell scripts ---- */

/* Every name completion is registered for: rez and each rez-<command>. */
static void tool_names(struct rt_buf *out, const char *sep)
{
	const char *name;
	rt_buf_adds(out, "rez");
	for (size_t i = 0; (name = cli_command_at(i, NULL)); i++)
		rt_buf_addf(out, "%srez-%s", sep, name);
}

static int print_script(const char *tool, const char *shell)
{
	struct rt_buf names = RT_BUF_INIT;
	tool_names(&names, " ");
	if (rt_streq(shell, "bash")) {
		printf("# bash completion for rez-lua (`rez complete --script bash`)\n"
		       "_rez_lua_complete()\n{\n"
		       "    local IFS=$'\\n'\n"
		       "    COMPREPLY=($(COMP_LINE=\"$COMP_LINE\" COMP_POINT=\"$COMP_POINT\" "
		       "COMP_WORDBREAKS=\"$COMP_WORDBREAKS\" command rez complete 2>/dev/null))\n"
		       "    # a directory is completed further: no space after it\n"
		       "    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == */ ]]; then\n"
		       "        compopt -o nospace 2>/dev/null\n"
		       "    fi\n"
		       "}\n"
		       "complete -F _rez_lua_complete %s\n", names.buf);
	} else if (rt_streq(shell, "zsh")) {
		printf("#compdef %s\n"
		       "# zsh completion for rez-lua (`rez complete --script zsh`); needs compinit\n"
		       "_rez_lua_complete() {\n"
		       "    local line=\"${(j: :)${(@)words[1,CURRENT]}}\" w\n"
		       "    local -a all dirs other\n"
		       "    all=(\"${(@f)$(COMP_LINE=\"$line\" COMP_POINT=${#line} command rez complete 2>/dev/null)}\")\n"
		       "    for w in \"${all[@]}\"; do\n"
		       "        [[ -z $w ]] && continue\n"
		       "        if [[ $w == */ ]]; then dirs+=(\"$w\"); else other+=(\"$w\"); fi\n"
		       "    done\n"
		       "    (( ${#other} )) && compadd -- \"${other[@]}\"\n"
		       "    (( ${#dirs} )) && compadd -S '' -- \"${dirs[@]}\"\n"
		       "    return 0\n"
		       "}\n"
		       "if (( $+functions[compdef] )); then\n"
		       "    compdef _rez_lua_complete %s\n"
		       "else\n"
		       "    print -u2 'rez completion: run compinit first (autoload -U compinit && compinit)'\n"
		       "fi\n", names.buf, names.buf);
	} else if (rt_streq(shell, "fish")) {
		printf("# fish completion for rez-lua (`rez complete --script fish`)\n"
		       "function __rez_lua_complete\n"
		       "    env COMP_LINE=(commandline -cp) rez complete 2>/dev/null\n"
		       "end\n"
		       "for c in %s\n"
		       "    complete -c $c -f -a '(__rez_lua_complete)'\n"
		       "end\n", names.buf);
	} else if (rt_streq(shell, "tcsh") || rt_streq(shell, "csh")) {
		struct rt_buf each = RT_BUF_INIT;
		printf("# tcsh completion for rez-lua (`rez complete --script tcsh`); tcsh passes the\n"
		       "# line in $COMMAND_LINE\n");
		tool_names(&each, "\n");
		for (char *line = each.buf, *nl; *line; line = nl ? nl + 1 : line + strlen(line)) {
			nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			printf("complete %s 'p@*@`rez complete`@'\n", line);
		}
		rt_buf_release(&each);
	} else {
		cli_error(tool, "no completion script for shell '%s' (choose from bash, zsh, fish, tcsh)", shell);
		rt_buf_release(&names);
		return RT_EXIT_USAGE;
	}
	rt_buf_release(&names);
	return RT_EXIT_OK;
}

int cli_cmd_complete(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	const size_t n_opts = RT_ARRAY_LEN(complete_opts);
	struct cli_args args;
	struct words w;
	struct out o;
	const char *line, *pt, *script, *first, *cmdname = NULL, *name;
	int (*fn)(int, char **) = NULL;
	size_t point, start;
	int rc;

	if (cli_parse_args(complete_opts, n_opts, argc, argv, &args, usage, tool, &rc))
		return rc;
	script = cli_get(complete_opts, n_opts, &args, "script")->value;
	if (script) {
		rc = print_script(tool, script);
		cli_args_release(&args);
		return rc;
	}
	if (args.n_pos) {
		cli_error(tool, "unexpected argument '%s' (the line is read from $COMP_LINE)", args.pos[0]);
		cli_args_release(&args);
		return RT_EXIT_USAGE;
	}
	cli_args_release(&args);
	line = getenv("COMP_LINE");
	if (!line)
		line = getenv("COMMAND_LINE");   /* tcsh */
	if (!line)
		line = "";
	point = strlen(line);
	pt = getenv("COMP_POINT");
	if (pt && *pt) {
		char *end;
		unsigned long long v = strtoull(pt, &end, 10);
		if (!*end && v < point)
			point = (size_t)v;
	}
	memset(&w, 0, sizeof(w));
	split_line(line, point, &w);
	o.seen = rt_value_map();
	o.breaks = getenv("COMP_WORDBREAKS");
	o.word = w.v[w.n - 1];
	first = w.n > 1 ? cli_tool_name(w.v[0]) : "";
	start = 1;
	if (rt_streq(first, "rez") || rt_streq(first, "rezolve")) {
		if (w.n == 2) {
			complete_commands(&o, w.v[1]);
			goto done;
		}
		cmdname = w.v[1];
		start = 2;
	} else if (rt_starts_with(first, "rez-")) {
		cmdname = first + 4;
	}
	for (size_t i = 0; cmdname && (name = cli_command_at(i, &fn)); i++)
		if (rt_streq(name, cmdname))
			break;
	if (cmdname && name)
		complete_subcommand(&o, name, fn, w.v + start, w.n - start);
done:
	for (size_t i = 0; i < w.n; i++)
		free(w.v[i]);
	free(w.v);
	rt_value_free(o.seen);
	return RT_EXIT_OK;
}
