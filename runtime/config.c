/* config.c - the settings table, layered loading, validation, merging and expansion. */
#include "runtime/config.h"
#include "runtime/buf.h"
#include "runtime/json.h"
#include "runtime/value.h"
#include "runtime/yaml.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

/* ---- the settings table ---- */

enum stype {
	T_STR,
	T_OPT_STR,
	T_STR_LIST,
	T_OPT_STR_LIST,
	T_PATH_LIST,
	T_INT,
	T_BOOL,
	T_OPT_BOOL,
	T_DICT,
	T_OPT_DICT,
	T_STR_MAP,         /* {name: string} */
	T_SHELL_SEPS,      /* {shell: {var: separator}} */
	T_FILTER,          /* package_filter: null, {excludes, includes} or a list of those */
	T_ORDERERS,        /* null, {type: ...} or a list of those */
	T_ENUM,            /* one of setting.choices ('|'-separated) */
	T_THREADS,         /* positive int, "physical_cores" or "logical_cores" */
	T_STR_OR_FUNC,     /* null, "module.function" or a function */
	T_STR_OR_STR_LIST,
	T_HOOK_COMMANDS    /* [{command, args, pretty_args, user, env}] */
};

struct setting {
	const char *key;      /* dotted for plugin settings */
	enum stype type;
	const char *def;      /* default as YAML text */
	const char *doc;
	const char *choices;  /* T_ENUM only */
};

#define SHELL_ROWS(sh, prompt) \
	{ "plugins.shell." sh ".prompt", T_STR, prompt, \
	  "prompt marker added to PS1 (or the shell's equivalent) in a resolved environment", NULL }, \
	{ "plugins.shell." sh ".executable_fullpath", T_OPT_STR, "null", \
	  "full path of the shell executable to run; null finds it on PATH", NULL }

static const struct setting settings[] = {
	/* package repositories */
	{ "packages_path", T_PATH_LIST, "[~/packages, ~/.rez/packages/int, ~/.rez/packages/ext]",
	  "package repositories searched, in order; an earlier one shadows the same package in a later one", NULL },
	{ "local_packages_path", T_STR, "~/packages",
	  "where `rez build --install` installs; removed from the search path by --no-local", NULL },
	{ "release_packages_path", T_STR, "~/.rez/packages/int",
	  "where `rez release` installs; must exist", NULL },
	{ "allow_unversioned_packages", T_BOOL, "true",
	  "whether a package without a version may be installed and used", NULL },
	{ "tmpdir", T_OPT_STR, "null",
	  "directory for temporary files; null means $TMPDIR, else /tmp", NULL },
	{ "context_tmpdir", T_OPT_STR, "null",
	  "directory for the temporary files of a resolved context (rc files, scripts); null means as tmpdir", NULL },
	{ "package_cache", T_BOOL, "true",
	  "keep what resolving needs of each package (requires, variants, ...) in package_cache_dir, so unchanged "
	  "packages are not evaluated again (--no-cache turns it off for one command)", NULL },
	{ "package_cache_dir", T_OPT_STR, "null",
	  "directory of the package cache; null means $XDG_CACHE_HOME/rez-lua/packages, else ~/.cache/rez-lua/packages", NULL },

	/* the shared cache (memcached): docs/studio.md */
	{ "memcached_uri", T_STR_LIST, "[]",
	  "memcached servers (host:port) shared by every rez of the site; empty: no shared cache", NULL },
	{ "memcached_timeout_ms", T_INT, "20",
	  "longest wait for one memcached operation, in milliseconds; a slower server counts as down", NULL },
	{ "resolve_caching", T_BOOL, "true",
	  "keep whole resolves in package_cache_dir/resolves (and memcached), reused after validation against the repositories", NULL },
	{ "cache_package_files", T_BOOL, "true",
	  "keep each family's package records in memcached", NULL },
	{ "cache_listdir", T_BOOL, "true",
	  "keep each family's version listing in memcached", NULL },
	{ "memcached_package_file_min_compress_len", T_INT, "16384",
	  "package records larger than this many bytes are compressed in memcached; 0: never", NULL },
	{ "memcached_context_file_min_compress_len", T_INT, "1",
	  "context files larger than this many bytes are compressed in memcached; 0: never", NULL },
	{ "memcached_listdir_min_compress_len", T_INT, "16384",
	  "directory listings larger than this many bytes are compressed in memcached; 0: never", NULL },
	{ "memcached_resolve_min_compress_len", T_INT, "1",
	  "resolves larger than this many bytes are compressed in memcached; 0: never", NULL },

	/* package definitions */
	{ "package_definition_lua_path", T_PATH_LIST, "[]",
	  "directories where @include modules and the module of package_preprocess_function are found "
	  "(rez-lua's counterpart of Rez's package_definition_python_path)", NULL },
	{ "package_preprocess_function", T_STR_OR_FUNC, "null",
	  "global preprocess function, as 'module.function' (module found on package_definition_lua_path)", NULL },
	{ "package_preprocess_mode", T_ENUM, "override",
	  "how a package's own preprocess combines with the global one: before (package's runs first), "
	  "after (package's runs last), override (package's replaces the global one)",
	  "before|after|override" },
	{ "max_package_changelog_chars", T_INT, "65536",
	  "changelog text longer than this is truncated on release (0: no limit)", NULL },
	{ "max_package_changelog_revisions", T_INT, "0",
	  "number of VCS revisions kept in a release changelog (0: all)", NULL },
	{ "default_relocatable", T_BOOL, "true",
	  "whether a package without a `relocatable` attribute may be copied elsewhere", NULL },
	{ "default_relocatable_per_package", T_OPT_DICT, "null",
	  "per package name: relocatable default (beats default_relocatable)", NULL },
	{ "default_relocatable_per_repository", T_OPT_DICT, "null",
	  "per repository location: relocatable default (beats the per-package one)", NULL },
	{ "default_cachable", T_OPT_BOOL, "false",
	  "whether a package without a `cachable` attribute may be cached; null follows relocatable", NULL },
	{ "default_cachable_per_package", T_OPT_DICT, "null",
	  "per package name: cachable default", NULL },
	{ "default_cachable_per_repository", T_OPT_DICT, "null",
	  "per repository location: cachable default", NULL },

	/* Lua sandbox */
	{ "sandbox_max_instructions", T_INT, "50000000",
	  "Lua VM instructions a package definition or commands function may run per call (0: unlimited)", NULL },
	{ "sandbox_max_memory", T_INT, "268435456",
	  "bytes a Lua state may allocate (0: unlimited)", NULL },
	{ "sandbox_trusted", T_BOOL, "false",
	  "open Lua's io and os libraries fully in package definitions (trusted sites only)", NULL },

	/* resolving */
	{ "implicit_packages", T_STR_LIST,
	  "['~platform=={system.platform}', '~arch=={system.arch}', '~os=={system.os}']",
	  "requests added to every resolve (unless --no-implicit)", NULL },
	{ "package_filter", T_FILTER, "null",
	  "packages hidden from resolves: a mapping {excludes: [rules], includes: [rules]} or a list of them; "
	  "rules are glob(...), regex(...), range(...), before(...), after(...) or a bare glob/range", NULL },
	{ "package_orderers", T_ORDERERS, "null",
	  "version orderers: a list of mappings with a 'type' (sorted, version_split, per_family, "
	  "soft_timestamp, no_order) and its options", NULL },
	{ "variant_select_mode", T_ENUM, "version_priority",
	  "how the solver picks among a package's variants",
	  "version_priority|intersection_priority" },
	{ "error_on_missing_variant_requires", T_BOOL, "true",
	  "a variant requiring a package that does not exist is an error (else the variant is skipped)", NULL },
	{ "prune_failed_graph", T_BOOL, "true",
	  "show only the conflicting part of the graph of a failed resolve", NULL },
	{ "platform_map", T_OPT_DICT, "{}",
	  "rewrites of detected platform/arch/os values: {platform|arch|os: {regex: replacement}}", NULL },

	/* environment and shells */
	{ "default_shell", T_OPT_STR, "''",
	  "shell for `rez env` and generated scripts; empty means the current shell", NULL },
	{ "shell_script_layout", T_ENUM, "folded",
	  "layout of context scripts: folded (consecutive changes of a variable merged into one "
	  "assignment; fast to source) or rez (Rez's one line per action); same environment either way",
	  "folded|rez" },
	{ "parent_variables", T_STR_LIST, "[]",
	  "variables whose inherited value is kept (appended/prepended to) rather than replaced on first use", NULL },
	{ "all_parent_variables", T_BOOL, "false",
	  "treat every variable as a parent variable", NULL },
	{ "resetting_variables", T_STR_LIST, "[]",
	  "variables reset to empty at the start of a context (defined by Rez, see docs/commands.md)", NULL },
	{ "all_resetting_variables", T_BOOL, "false",
	  "treat every variable as a resetting variable", NULL },
	{ "standard_system_paths", T_PATH_LIST, "[]",
	  "PATH entries appended to every context; empty means the shell's own default PATH", NULL },
	{ "env_var_separators", T_STR_MAP, "{CMAKE_MODULE_PATH: ';', DOXYGEN_TAGFILES: ' '}",
	  "list separator per variable; other variables use the shell's path separator", NULL },
	{ "shell_env_var_separators", T_SHELL_SEPS, "{}",
	  "per shell name, list separator per variable; beats env_var_separators for that shell", NULL },
	{ "pathed_env_vars", T_STR_LIST, "['*PATH']",
	  "glob patterns of variables whose values are paths (normalised per shell)", NULL },
	{ "package_commands_sourced_first", T_BOOL, "true",
	  "run package commands before the user's shell rc files (else after)", NULL },
	{ "set_prompt", T_BOOL, "true",
	  "change the prompt in a `rez env` shell", NULL },
	{ "prefix_prompt", T_BOOL, "true",
	  "put the prompt marker before the existing prompt (else after)", NULL },
	{ "rez_tools_visibility", T_ENUM, "append",
	  "where rez's own tools go on PATH inside a context", "never|append|prepend" },
	{ "suite_visibility", T_ENUM, "always",
	  "which suites on PATH stay visible in a new context", "never|always|parent|parent_priority" },
	{ "catch_rex_errors", T_BOOL, "true",
	  "report errors in package commands as a short message (else with a traceback)", NULL },
	{ "shell_error_truncate_cap", T_INT, "750",
	  "characters of a failing shell's stderr shown in an error (0: all)", NULL },

	/* build and release */
	{ "build_directory", T_STR, "build",
	  "build directory, absolute or relative to the package source", NULL },
	{ "build_thread_count", T_THREADS, "physical_cores",
	  "build parallelism (REZ_BUILD_THREAD_COUNT): a positive number, physical_cores or logical_cores", NULL },
	{ "default_build_process", T_STR, "local",
	  "build process used by `rez build` and `rez release`", NULL },
	{ "release_hooks", T_STR_LIST, "[]",
	  "release hook plugins run by `rez release` (command, emailer, amqp)", NULL },
	{ "build_hooks", T_STR_LIST, "[]",
	  "build hooks (Lua) run around every variant's build by `rez build` and `rez release`, in order", NULL },
	{ "build_hook_path", T_PATH_LIST, "[]",
	  "directories searched for build hook modules NAME.lua, before the hooks shipped with rez-lua", NULL },
	{ "make_package_temporarily_writable", T_BOOL, "true",
	  "make a read-only installed package writable while a variant is added", NULL },
	{ "variant_shortlinks_dirname", T_OPT_STR, "_v",
	  "directory of the short links to hashed variants; null disables them", NULL },
	{ "use_variant_shortlinks", T_BOOL, "true",
	  "resolve hashed variants through their short links", NULL },

	/* output */
	{ "quiet", T_BOOL, "false", "suppress warnings and debug output", NULL },
	{ "warn_all", T_BOOL, "false", "enable every warn_* warning", NULL },
	{ "warn_none", T_BOOL, "false", "disable every warn_* warning", NULL },
	{ "warn_shell_startup", T_BOOL, "false", "warn when a shell's startup files change the environment", NULL },
	{ "warn_untimestamped", T_BOOL, "false", "warn about packages without a timestamp in a resolve", NULL },
	{ "debug_all", T_BOOL, "false", "enable every debug_* output", NULL },
	{ "debug_none", T_BOOL, "false", "disable every debug_* output", NULL },
	{ "debug_file_loads", T_BOOL, "false", "print each package definition and config file loaded", NULL },
	{ "debug_plugins", T_BOOL, "false", "print plugin (shell, hook) loading details", NULL },
	{ "debug_package_release", T_BOOL, "false", "print release steps and hook commands", NULL },
	{ "debug_package_exclusions", T_BOOL, "false", "print packages hidden by package_filter", NULL },
	{ "debug_shell_startup", T_BOOL, "false", "print the commands of generated shell startup scripts", NULL },

	{ "optionvars", T_OPT_DICT, "null",
	  "free-form site values for packages and tools to read; not used by rez-lua itself", NULL },

	/* plugin settings: plugins.<type>.<name>.<key> */
	SHELL_ROWS("sh", "'>'"),
	SHELL_ROWS("bash", "'>'"),
	SHELL_ROWS("zsh", "'%'"),
	SHELL_ROWS("ksh", "'>'"),
	SHELL_ROWS("csh", "'>'"),
	SHELL_ROWS("tcsh", "'>'"),
	SHELL_ROWS("fish", "'>'"),
	SHELL_ROWS("gitbash", "'>'"),
	SHELL_ROWS("cmd", "$G"),
	{ "plugins.shell.cmd.additional_pathext", T_STR_LIST, "['.PY']",
	  "extensions added to PATHEXT in a context", NULL },
	SHELL_ROWS("powershell", "'> $ '"),
	{ "plugins.shell.powershell.additional_pathext", T_STR_LIST, "['.PY']",
	  "extensions added to PATHEXT in a context", NULL },
	{ "plugins.shell.powershell.execution_policy", T_OPT_STR, "null",
	  "-ExecutionPolicy passed to PowerShell; null leaves it alone", NULL },
	SHELL_ROWS("pwsh", "'> $ '"),
	{ "plugins.shell.pwsh.additional_pathext", T_STR_LIST, "['.PY']",
	  "extensions added to PATHEXT in a context", NULL },
	{ "plugins.shell.pwsh.execution_policy", T_OPT_STR, "null",
	  "-ExecutionPolicy passed to pwsh; null leaves it alone", NULL },

	{ "plugins.package_repository.filesystem.package_filenames", T_STR_LIST, "[package]",
	  "definition file names without extension, tried in order with .lua, .yaml (and .py for reading Rez repositories)", NULL },
	{ "plugins.package_repository.filesystem.file_lock_type", T_ENUM, "default",
	  "lock used while installing into a repository", "default|link|mkdir|symlink" },
	{ "plugins.package_repository.filesystem.file_lock_timeout", T_INT, "10",
	  "seconds to wait for a repository lock", NULL },
	{ "plugins.package_repository.filesystem.file_lock_dir", T_OPT_STR, "null",
	  "directory for lock files, relative to the repository; null uses the package family directory", NULL },
	{ "plugins.package_repository.filesystem.check_package_definition_files", T_BOOL, "false",
	  "check that a package directory holds a definition file before listing it", NULL },

	{ "plugins.release_vcs.tag_name", T_STR, "'{qualified_name}'",
	  "tag written on release, formatted with the package", NULL },
	{ "plugins.release_vcs.releasable_branches", T_OPT_STR_LIST, "[]",
	  "regexes: releases only from branches matching one (empty: any branch)", NULL },
	{ "plugins.release_vcs.check_tag", T_BOOL, "false",
	  "refuse to release when the tag already exists", NULL },
	{ "plugins.release_vcs.git.allow_no_upstream", T_BOOL, "false",
	  "allow releasing from a git branch without an upstream", NULL },

	{ "plugins.release_hook.emailer.smtp_host", T_STR, "''", "SMTP server; empty disables the emailer", NULL },
	{ "plugins.release_hook.emailer.smtp_port", T_INT, "25", "SMTP port", NULL },
	{ "plugins.release_hook.emailer.sender", T_STR, "'{system.user}@rez-release.com'", "From address", NULL },
	{ "plugins.release_hook.emailer.recipients", T_STR_OR_STR_LIST, "[]",
	  "addresses, or the path of a YAML file of recipient rules", NULL },
	{ "plugins.release_hook.emailer.subject", T_STR,
	  "'[rez] [release] {system.user} released {package.qualified_name}'", "subject template", NULL },
	{ "plugins.release_hook.emailer.body", T_STR,
	  "|-\n"
	  "  Package '{package.qualified_name}' was released by {system.user}@{system.fqdn}.\n"
	  "\n"
	  "  USER: {system.user}\n"
	  "  PACKAGE: {package.qualified_name}\n"
	  "  RELEASED TO: {release.path}\n"
	  "  PREVIOUS VERSION: {release.previous_version}\n"
	  "  REZ VERSION: {system.rez_version}\n"
	  "\n"
	  "  {variants.count} VARIANTS:\n"
	  "  {variants.paths}\n"
	  "\n"
	  "  MESSAGE:\n"
	  "  {release.message}\n"
	  "\n"
	  "  CHANGELOG:\n"
	  "  {release.changelog}\n",
	  "body template", NULL },

	{ "plugins.release_hook.command.print_commands", T_BOOL, "true", "print each command before running it", NULL },
	{ "plugins.release_hook.command.print_output", T_BOOL, "true", "print the commands' output", NULL },
	{ "plugins.release_hook.command.print_error", T_BOOL, "true", "print the commands' errors", NULL },
	{ "plugins.release_hook.command.cancel_on_error", T_BOOL, "true",
	  "a failing pre-release command cancels the release", NULL },
	{ "plugins.release_hook.command.stop_on_error", T_BOOL, "true",
	  "stop at the first failing command", NULL },
	{ "plugins.release_hook.command.pre_build_commands", T_HOOK_COMMANDS, "[]",
	  "commands run before building: [{command, args, pretty_args, user, env}]", NULL },
	{ "plugins.release_hook.command.pre_release_commands", T_HOOK_COMMANDS, "[]",
	  "commands run before releasing", NULL },
	{ "plugins.release_hook.command.post_release_commands", T_HOOK_COMMANDS, "[]",
	  "commands run after releasing", NULL },

	{ "plugins.release_hook.amqp.host", T_STR, "''", "AMQP broker host[:port]; empty disables the hook", NULL },
	{ "plugins.release_hook.amqp.userid", T_STR, "''", "AMQP user", NULL },
	{ "plugins.release_hook.amqp.password", T_STR, "''", "AMQP password", NULL },
	{ "plugins.release_hook.amqp.connect_timeout", T_INT, "10", "seconds", NULL },
	{ "plugins.release_hook.amqp.exchange_name", T_STR, "''", "exchange to publish to", NULL },
	{ "plugins.release_hook.amqp.exchange_routing_key", T_STR, "REZ.PACKAGE.RELEASED", "routing key", NULL },
	{ "plugins.release_hook.amqp.message_delivery_mode", T_INT, "1", "1 transient, 2 persistent", NULL },
	{ "plugins.release_hook.amqp.message_attributes", T_DICT, "{}",
	  "extra fields added to the published message", NULL },
	/* output colours (cli/color.c): colorama names; off when not a terminal or NO_COLOR is set */
	{ "color_enabled", T_BOOL, "true", "colour the output of rez commands on a terminal", NULL },
	{ "critical_fore", T_OPT_STR, "red", "foreground colour of critical output", NULL },
	{ "critical_back", T_OPT_STR, "null", "background colour of critical output", NULL },
	{ "critical_styles", T_OPT_STR_LIST, "[bright]", "styles of critical output: bright, dim, normal", NULL },
	{ "error_fore", T_OPT_STR, "red", "foreground colour of error output", NULL },
	{ "error_back", T_OPT_STR, "null", "background colour of error output", NULL },
	{ "error_styles", T_OPT_STR_LIST, "null", "styles of error output: bright, dim, normal", NULL },
	{ "warning_fore", T_OPT_STR, "yellow", "foreground colour of warning output", NULL },
	{ "warning_back", T_OPT_STR, "null", "background colour of warning output", NULL },
	{ "warning_styles", T_OPT_STR_LIST, "null", "styles of warning output: bright, dim, normal", NULL },
	{ "info_fore", T_OPT_STR, "green", "foreground colour of info output", NULL },
	{ "info_back", T_OPT_STR, "null", "background colour of info output", NULL },
	{ "info_styles", T_OPT_STR_LIST, "null", "styles of info output: bright, dim, normal", NULL },
	{ "debug_fore", T_OPT_STR, "blue", "foreground colour of debug output", NULL },
	{ "debug_back", T_OPT_STR, "null", "background colour of debug output", NULL },
	{ "debug_styles", T_OPT_STR_LIST, "null", "styles of debug output: bright, dim, normal", NULL },
	{ "heading_fore", T_OPT_STR, "null", "foreground colour of heading output", NULL },
	{ "heading_back", T_OPT_STR, "null", "background colour of heading output", NULL },
	{ "heading_styles", T_OPT_STR_LIST, "[bright]", "styles of heading output: bright, dim, normal", NULL },
	{ "local_fore", T_OPT_STR, "green", "foreground colour of local output", NULL },
	{ "local_back", T_OPT_STR, "null", "background colour of local output", NULL },
	{ "local_styles", T_OPT_STR_LIST, "null", "styles of local output: bright, dim, normal", NULL },
	{ "implicit_fore", T_OPT_STR, "cyan", "foreground colour of implicit output", NULL },
	{ "implicit_back", T_OPT_STR, "null", "background colour of implicit output", NULL },
	{ "implicit_styles", T_OPT_STR_LIST, "null", "styles of implicit output: bright, dim, normal", NULL },
	{ "ephemeral_fore", T_OPT_STR, "blue", "foreground colour of ephemeral output", NULL },
	{ "ephemeral_back", T_OPT_STR, "null", "background colour of ephemeral output", NULL },
	{ "ephemeral_styles", T_OPT_STR_LIST, "null", "styles of ephemeral output: bright, dim, normal", NULL },
	{ "alias_fore", T_OPT_STR, "cyan", "foreground colour of alias output", NULL },
	{ "alias_back", T_OPT_STR, "null", "background colour of alias output", NULL },
	{ "alias_styles", T_OPT_STR_LIST, "null", "styles of alias output: bright, dim, normal", NULL },

	{ "plugins.build_hook", T_DICT, "{}",
	  "settings of each build hook: plugins.build_hook.NAME.<key> (see docs/build-hooks.md)", NULL },
	/* release hooks beyond Rez: TLS/auth for SMTP, Lua hooks, the outbox */
	{ "plugins.release_hook.emailer.smtp_tls", T_ENUM, "none",
	  "none, starttls (required) or ssl (SMTPS)", "none|starttls|ssl" },
	{ "plugins.release_hook.emailer.smtp_user", T_STR, "''", "SMTP user; empty: no authentication", NULL },
	{ "plugins.release_hook.emailer.smtp_password", T_STR, "''", "SMTP password (never printed)", NULL },
	{ "plugins.release_hook.emailer.smtp_password_file", T_STR, "''",
	  "file holding the SMTP password (first line), used when smtp_password is empty", NULL },
	{ "plugins.release_hook.emailer.smtp_password_env", T_STR, "''",
	  "environment variable holding the SMTP password, used when the two above are empty", NULL },
	{ "plugins.release_hook.emailer.smtp_timeout", T_INT, "30",
	  "seconds to connect to the SMTP server (and, times 4, for the whole delivery)", NULL },
	{ "plugins.release_hook.emailer.smtp_cacert", T_STR, "''",
	  "CA bundle to verify the SMTP server with; empty: the system's", NULL },
	{ "plugins.release_hook.amqp.cacert", T_STR, "''",
	  "CA certificate for amqps:// brokers; empty: the system's", NULL },
	{ "release_hook_path", T_PATH_LIST, "[]",
	  "directories searched for Lua release hooks NAME.lua (before the shipped ones)", NULL },
	{ "release_hook_outbox", T_OPT_STR, "null",
	  "directory of undelivered post-release notifications; null means "
	  "$XDG_CACHE_HOME/rez-lua/release-outbox, else ~/.cache/rez-lua/release-outbox", NULL },
	{ "release_hook_retries", T_INT, "3",
	  "delivery attempts after the first one before a notification stays in the outbox", NULL },
	{ "release_hook_retry_delay", T_INT, "1",
	  "seconds before the first retry; doubled before each next one", NULL },
	{ "prompt_release_message", T_BOOL, "false",
	  "`rez release` without -m or --no-message opens $EDITOR (else vi) for the release message", NULL },
	{ "difftool", T_OPT_STR, "null",
	  "command `rez diff -g` opens the two definitions with (e.g. meld); null: none", NULL },
	/* rez suite */
	{ "suite_alias_prefix_char", T_STR, "'+'",
	  "the character of a suite tool's own options (+i, ++about); a context's --prefix-char "
	  "overrides it, and an empty string turns them off", NULL },
};

/* Rez settings rez-lua does not use: reading one gives a gentler warning than a typo. */
static const char *const rez_only_settings[] = {
	"plugin_path", "bind_module_path", "package_definition_python_path",
	"package_definition_build_python_paths", "resource_caching_maxsize",
	"cache_packages_path", "read_package_cache", "write_package_cache",
	"package_cache_max_variant_days", "package_cache_during_build", "package_cache_async",
	"package_cache_local", "package_cache_same_device", "package_cache_clean_limit",
	"package_cache_log_days", "package_cache_space_buffer", "package_cache_used_threshold",
	"terminal_emulator_command", "new_session_popen_args", "context_tracking_host",
	"context_tracking_amqp", "context_tracking_context_fields", "context_tracking_extra_fields",
	"debug_bind_modules", "debug_resources", "debug_resolve_memcache", "debug_memcache",
	"debug_context_tracking",
	"show_progress", "editor", "image_viewer", "browser", "dot_image_format",
	"create_executable_script_mode", "pip_extra_args", "pip_install_remaps",
	"warn_old_commands", "error_old_commands", "debug_old_commands",
	"rez_1_environment_variables", "disable_rez_1_compatibility", "documentation_url",
	"use_pyside", "use_pyqt", "gui_threads", NULL
};

static const char *type_desc(const struct setting *s)
{
	switch (s->type) {
	case T_STR: return "a string";
	case T_OPT_STR: return "a string or null";
	case T_STR_LIST: return "a list of strings";
	case T_OPT_STR_LIST: return "a list of strings or null";
	case T_PATH_LIST: return "a list of paths";
	case T_INT: return "an integer";
	case T_BOOL: return "a boolean";
	case T_OPT_BOOL: return "a boolean or null";
	case T_DICT: return "a mapping";
	case T_OPT_DICT: return "a mapping or null";
	case T_STR_MAP: return "a mapping of strings";
	case T_SHELL_SEPS: return "a mapping of shell names to mappings of strings";
	case T_FILTER: return "a package filter ({excludes: [...], includes: [...]}), a list of them or null";
	case T_ORDERERS: return "a list of orderers (mappings with a 'type'), one orderer or null";
	case T_ENUM: return "one of";
	case T_THREADS: return "a positive integer, 'physical_cores' or 'logical_cores'";
	case T_STR_OR_FUNC: return "a 'module.function' string, a function or null";
	case T_STR_OR_STR_LIST: return "a string or a list of strings";
	case T_HOOK_COMMANDS: return "a list of commands ({command, args, pretty_args, user, env})";
	}
	RT_BUG("bad setting type");
}

/* "must be X" text; for enums it lists the choices. Caller frees. */
/* Ranges of integer settings. One not listed here must be >= 0: every integer setting is a
 * count, a size, a time or a limit. */
static const struct int_range {
	const char *key;
	long long min, max;
} int_ranges[] = {
	{ "sandbox_max_instructions", 0, LLONG_MAX },
	{ "sandbox_max_memory", 0, (long long)(SIZE_MAX >> 1) },
	{ "plugins.release_hook.emailer.smtp_port", 1, 65535 },
	{ "plugins.release_hook.amqp.message_delivery_mode", 1, 2 },
	{ "plugins.release_hook.amqp.connect_timeout", 0, 86400 },
	{ "plugins.package_repository.filesystem.file_lock_timeout", 0, 86400 },
	{ NULL, 0, 0 }
};

static struct int_range range_of(const struct setting *s)
{
	struct int_range r = { s->key, 0, LLONG_MAX };
	for (const struct int_range *p = int_ranges; p->key; p++)
		if (rt_streq(p->key, s->key))
			return *p;
	return r;
}

static char *must_be(const struct setting *s)
{
	if (s->type == T_INT) {
		struct int_range r = range_of(s);
		if (r.max == LLONG_MAX)
			return rt_xstrfmt("an integer >= %lld", r.min);
		return rt_xstrfmt("an integer from %lld to %lld", r.min, r.max);
	}
	if (s->type == T_ENUM) {
		struct rt_buf b = RT_BUF_INIT;
		rt_buf_adds(&b, "one of ");
		for (const char *p = s->choices; *p; p++) {
			if (p == s->choices)
				rt_buf_addch(&b, '\'');
			if (*p == '|')
				rt_buf_adds(&b, "', '");
			else
				rt_buf_addch(&b, *p);
		}
		rt_buf_addch(&b, '\'');
		return rt_buf_detach(&b, NULL);
	}
	return rt_xstrdup(type_desc(s));
}

size_t rt_config_n_settings(void)
{
	return RT_ARRAY_LEN(settings);
}

void rt_config_setting_info(size_t i, const char **key, const char **type, const char **doc)
{
	if (i >= RT_ARRAY_LEN(settings))
		RT_BUG("setting index %zu out of range", i);
	*key = settings[i].key;
	*type = settings[i].type == T_ENUM ? settings[i].choices : type_desc(&settings[i]);
	*doc = settings[i].doc;
}

/* Settings of a Lua release hook (plugins.release_hook.NAME for a NAME that is not built
 * in) are free-form: the hook reads them. */
static const struct setting lua_hook_setting = {
	"plugins.release_hook.<lua hook>", T_OPT_DICT, "null", "settings of a Lua release hook", NULL
};

static int is_lua_hook_key(const char *key)
{
	static const char *const builtin[] = { "command", "emailer", "amqp" };
	const char *name = key + strlen("plugins.release_hook.");
	if (!rt_starts_with(key, "plugins.release_hook.") || !*name || strchr(name, '.'))
		return 0;
	for (size_t i = 0; i < RT_ARRAY_LEN(builtin); i++)
		if (rt_streq(builtin[i], name))
			return 0;
	return 1;
}

static const struct setting *find_setting(const char *key)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(settings); i++)
		if (rt_streq(settings[i].key, key))
			return &settings[i];
	if (is_lua_hook_key(key))
		return &lua_hook_setting;
	return NULL;
}

/* A group is a dotted prefix of some setting ("plugins", "plugins.shell.bash"). */
static int is_group(const char *key)
{
	size_t n = strlen(key);
	for (size_t i = 0; i < RT_ARRAY_LEN(settings); i++)
		if (strncmp(settings[i].key, key, n) == 0 && settings[i].key[n] == '.')
			return 1;
	return 0;
}

/* ---- small helpers ---- */

struct strvec {
	char **v;
	size_t n, cap;
};

static void strvec_push(struct strvec *sv, char *s)   /* takes s */
{
	sv->v = rt_xgrow(sv->v, sizeof(*sv->v), sv->n + 2, &sv->cap);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

static void strvec_copy(struct strvec *dst, const struct strvec *src)
{
	for (size_t i = 0; i < src->n; i++)
		strvec_push(dst, rt_xstrdup(src->v[i]));
}

static void strvec_clear(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

static const char *const *strvec_get(const struct strvec *sv, size_t *n)
{
	static const char *const empty[] = { NULL };
	if (n)
		*n = sv->n;
	return sv->n ? (const char *const *)sv->v : empty;
}

struct rt_value *rt_config_modify_new(struct rt_value *prepend, struct rt_value *append)
{
	struct rt_value *inner = rt_value_map(), *m = rt_value_map();
	rt_map_set(inner, "prepend", prepend ? prepend : rt_value_list());
	rt_map_set(inner, "append", append ? append : rt_value_list());
	rt_map_set(m, RT_CONFIG_MODIFY_KEY, inner);
	return m;
}

int rt_config_is_modify(const struct rt_value *v)
{
	return v && v->type == RT_MAP && rt_map_len(v) == 1 &&
	       rt_streq(rt_map_key(v, 0), RT_CONFIG_MODIFY_KEY);
}

/* Finds a map member slot so that merging can replace it in place (keeps key order). */
static struct rt_value **map_slot(struct rt_value *m, const char *key)
{
	for (size_t i = 0; i < m->u.map.len; i++)
		if (rt_streq(m->u.map.keys[i], key))
			return &m->u.map.vals[i];
	return NULL;
}

static const struct rt_value *get_path(const struct rt_value *root, const char *dotted)
{
	const struct rt_value *v = root;
	const char *p = dotted;
	while (v) {
		const char *dot = strchr(p, '.');
		char *part;
		if (v->type != RT_MAP || rt_config_is_modify(v))
			return NULL;
		if (!dot)
			return rt_map_get(v, p);
		part = rt_xmemdupz(p, (size_t)(dot - p));
		v = rt_map_get(v, part);
		free(part);
		p = dot + 1;
	}
	return NULL;
}

/* Sets root[a][b][c] = val for "a.b.c", creating maps on the way. Takes val. */
static void set_path(struct rt_value *root, const char *dotted, struct rt_value *val)
{
	const char *dot = strchr(dotted, '.');
	struct rt_value **slot;
	char *part;
	if (!dot) {
		rt_map_set(root, dotted, val);
		return;
	}
	part = rt_xmemdupz(dotted, (size_t)(dot - dotted));
	slot = map_slot(root, part);
	if (!slot || (*slot)->type != RT_MAP || rt_config_is_modify(*slot)) {
		rt_map_set(root, part, rt_value_map());
		slot = map_slot(root, part);
	}
	free(part);
	set_path(*slot, dot + 1, val);
}

static int del_path(struct rt_value *root, const char *dotted)
{
	const char *dot = strchr(dotted, '.');
	struct rt_value *child;
	char *part;
	int rc;
	if (!dot)
		return rt_map_del(root, dotted);
	part = rt_xmemdupz(dotted, (size_t)(dot - dotted));
	child = rt_map_get(root, part);
	rc = child && child->type == RT_MAP ? del_path(child, dot + 1) : 0;
	if (child && child->type == RT_MAP && rt_map_len(child) == 0)
		rt_map_del(root, part);
	free(part);
	return rc;
}

/* ---- merging ---- */

static void list_extend(struct rt_value *dst, const struct rt_value *src)
{
	if (!src || src->type == RT_NULL)
		return;
	if (src->type != RT_LIST) {
		rt_list_push(dst, rt_value_copy(src));
		return;
	}
	for (size_t i = 0; i < rt_list_len(src); i++)
		rt_list_push(dst, rt_value_copy(rt_list_at(src, i)));
}

/* Merges src (borrowed) into *slot (owned; may be NULL): maps recursively, list modifiers
 * applied to what is there (or composed with a modifier already there), anything else
 * replaces. With `keep` (merging override layers, which apply later to the file-level
 * values), a modifier landing on nothing stays a modifier. */
static void merge_value(struct rt_value **slot, const struct rt_value *src, int keep)
{
	if (keep && rt_config_is_modify(src) && (!*slot || (*slot)->type == RT_NULL)) {
		rt_value_free(*slot);
		*slot = rt_value_copy(src);
		return;
	}
	if (rt_config_is_modify(src)) {
		const struct rt_value *m = rt_map_val(src, 0);
		const struct rt_value *pre = rt_map_get(m, "prepend"), *app = rt_map_get(m, "append");
		struct rt_value *out;
		if (rt_config_is_modify(*slot)) {
			/* modifier over modifier (two override layers): compose them */
			struct rt_value *om = rt_map_val(*slot, 0);
			struct rt_value *np = rt_value_list(), *na = rt_value_list();
			list_extend(np, pre);
			list_extend(np, rt_map_get(om, "prepend"));
			list_extend(na, rt_map_get(om, "append"));
			list_extend(na, app);
			out = rt_config_modify_new(np, na);
		} else {
			out = rt_value_list();
			list_extend(out, pre);
			list_extend(out, *slot);
			list_extend(out, app);
		}
		out->line = src->line;
		rt_value_free(*slot);
		*slot = out;
		return;
	}
	if (src->type == RT_MAP) {
		if (!*slot || (*slot)->type != RT_MAP || rt_config_is_modify(*slot)) {
			rt_value_free(*slot);
			*slot = rt_value_map();
			(*slot)->line = src->line;
		}
		for (size_t i = 0; i < rt_map_len(src); i++) {
			struct rt_value **child = map_slot(*slot, rt_map_key(src, i));
			if (child) {
				merge_value(child, rt_map_val(src, i), keep);
			} else {
				struct rt_value *nv = NULL;
				merge_value(&nv, rt_map_val(src, i), keep);
				rt_map_set(*slot, rt_map_key(src, i), nv);
			}
		}
		return;
	}
	rt_value_free(*slot);
	*slot = rt_value_copy(src);
}

/* ---- type checks ---- */

static char *got(const struct rt_value *v)
{
	if (v->type == RT_STR) {
		if (v->u.s.len > 60)
			return rt_xstrfmt("'%.57s...'", v->u.s.ptr);
		return rt_xstrfmt("'%s'", v->u.s.ptr);
	}
	return rt_xstrdup(rt_value_type_name(v->type));
}

static char *check_str_list(const struct rt_value *v)
{
	if (v->type != RT_LIST)
		return got(v);
	for (size_t i = 0; i < rt_list_len(v); i++)
		if (rt_list_at(v, i)->type != RT_STR)
			return rt_xstrfmt("%s at item %zu", rt_value_type_name(rt_list_at(v, i)->type), i + 1);
	return NULL;
}

static char *check_str_map(const struct rt_value *v)
{
	if (v->type != RT_MAP || rt_config_is_modify(v))
		return got(v);
	for (size_t i = 0; i < rt_map_len(v); i++)
		if (rt_map_val(v, i)->type != RT_STR)
			return rt_xstrfmt("%s at key '%s'", rt_value_type_name(rt_map_val(v, i)->type),
					  rt_map_key(v, i));
	return NULL;
}

static char *check_filter_one(const struct rt_value *v)
{
	if (v->type != RT_MAP)
		return got(v);
	for (size_t i = 0; i < rt_map_len(v); i++) {
		const char *k = rt_map_key(v, i);
		const struct rt_value *r = rt_map_val(v, i);
		char *why;
		if (!rt_streq(k, "excludes") && !rt_streq(k, "includes"))
			return rt_xstrfmt("unknown key '%s'", k);
		if (r->type == RT_STR)
			continue;
		why = check_str_list(r);
		if (why) {
			char *w = rt_xstrfmt("%s in '%s'", why, k);
			free(why);
			return w;
		}
	}
	return NULL;
}

static char *check_orderer_one(const struct rt_value *v)
{
	const struct rt_value *t;
	if (v->type != RT_MAP)
		return got(v);
	t = rt_map_get(v, "type");
	if (!t)
		return rt_xstrdup("an orderer without 'type'");
	if (t->type != RT_STR)
		return rt_xstrfmt("'type' of %s", rt_value_type_name(t->type));
	return NULL;
}

static char *check_one_or_list(const struct rt_value *v, char *(*one)(const struct rt_value *))
{
	if (v->type == RT_NULL)
		return NULL;
	if (v->type == RT_MAP)
		return one(v);
	if (v->type != RT_LIST)
		return got(v);
	for (size_t i = 0; i < rt_list_len(v); i++) {
		char *why = one(rt_list_at(v, i));
		if (why) {
			char *w = rt_xstrfmt("%s at item %zu", why, i + 1);
			free(why);
			return w;
		}
	}
	return NULL;
}

static char *check_hook_command(const struct rt_value *v)
{
	const struct rt_value *c;
	if (v->type != RT_MAP)
		return got(v);
	c = rt_map_get(v, "command");
	if (!c || c->type != RT_STR)
		return rt_xstrdup(c ? "a non-string 'command'" : "a command without 'command'");
	for (size_t i = 0; i < rt_map_len(v); i++) {
		const char *k = rt_map_key(v, i);
		const struct rt_value *x = rt_map_val(v, i);
		int ok;
		if (rt_streq(k, "command"))
			ok = 1;
		else if (rt_streq(k, "args"))
			ok = x->type == RT_STR || check_str_list(x) == NULL;
		else if (rt_streq(k, "pretty_args"))
			ok = x->type == RT_BOOL;
		else if (rt_streq(k, "user"))
			ok = x->type == RT_STR;
		else if (rt_streq(k, "env"))
			ok = x->type == RT_MAP;
		else
			return rt_xstrfmt("unknown key '%s'", k);
		if (!ok)
			return rt_xstrfmt("'%s' of %s", k, rt_value_type_name(x->type));
	}
	return NULL;
}

/* NULL when v fits the setting, else a malloc'd "got ..." description. */
static int is_map_type(enum stype t)
{
	return t == T_DICT || t == T_OPT_DICT || t == T_STR_MAP || t == T_SHELL_SEPS;
}

static char *check_value(const struct setting *s, const struct rt_value *v)
{
	int null = v->type == RT_NULL;
	if (rt_config_is_modify(v))
		return rt_xstrdup("a list modifier");
	/* an empty Lua table arrives as an empty list; it is an empty mapping here */
	if (v->type == RT_LIST && rt_list_len(v) == 0 && is_map_type(s->type))
		return NULL;
	switch (s->type) {
	case T_STR:
		return v->type == RT_STR ? NULL : got(v);
	case T_OPT_STR:
		return null || v->type == RT_STR ? NULL : got(v);
	case T_STR_LIST:
	case T_PATH_LIST:
		return check_str_list(v);
	case T_OPT_STR_LIST:
		return null ? NULL : check_str_list(v);
	case T_INT:
		if (v->type != RT_INT)
			return got(v);
		if (v->u.i < range_of(s).min || v->u.i > range_of(s).max)
			return rt_xstrfmt("%lld", v->u.i);
		return NULL;
	case T_BOOL:
		return v->type == RT_BOOL ? NULL : got(v);
	case T_OPT_BOOL:
		return null || v->type == RT_BOOL ? NULL : got(v);
	case T_DICT:
		return v->type == RT_MAP ? NULL : got(v);
	case T_OPT_DICT:
		return null || v->type == RT_MAP ? NULL : got(v);
	case T_STR_MAP:
		return check_str_map(v);
	case T_SHELL_SEPS:
		if (v->type != RT_MAP)
			return got(v);
		for (size_t i = 0; i < rt_map_len(v); i++) {
			char *why = check_str_map(rt_map_val(v, i));
			if (why) {
				char *w = rt_xstrfmt("%s for shell '%s'", why, rt_map_key(v, i));
				free(why);
				return w;
			}
		}
		return NULL;
	case T_FILTER:
		return check_one_or_list(v, check_filter_one);
	case T_ORDERERS:
		return check_one_or_list(v, check_orderer_one);
	case T_ENUM:
		if (v->type == RT_STR) {
			size_t n = v->u.s.len;
			for (const char *p = s->choices; *p;) {
				const char *bar = strchr(p, '|');
				size_t len = bar ? (size_t)(bar - p) : strlen(p);
				if (len == n && memcmp(p, v->u.s.ptr, n) == 0)
					return NULL;
				p += len + (bar != NULL);
			}
		}
		return got(v);
	case T_THREADS:
		if (v->type == RT_INT)
			return v->u.i > 0 ? NULL : rt_xstrfmt("%lld", v->u.i);
		if (v->type == RT_STR && (rt_streq(v->u.s.ptr, "physical_cores") ||
					  rt_streq(v->u.s.ptr, "logical_cores")))
			return NULL;
		return got(v);
	case T_STR_OR_FUNC:
		return null || v->type == RT_STR || v->type == RT_FUNC ? NULL : got(v);
	case T_STR_OR_STR_LIST:
		return v->type == RT_STR ? NULL : check_str_list(v);
	case T_HOOK_COMMANDS:
		if (v->type != RT_LIST)
			return got(v);
		for (size_t i = 0; i < rt_list_len(v); i++) {
			char *why = check_hook_command(rt_list_at(v, i));
			if (why) {
				char *w = rt_xstrfmt("%s at item %zu", why, i + 1);
				free(why);
				return w;
			}
		}
		return NULL;
	}
	RT_BUG("bad setting type");
}

static int is_list_type(enum stype t)
{
	return t == T_STR_LIST || t == T_OPT_STR_LIST || t == T_PATH_LIST || t == T_HOOK_COMMANDS ||
	       t == T_STR_OR_STR_LIST || t == T_ORDERERS || t == T_FILTER;
}

/* Checks a list modifier for a list setting: its parts must be lists of valid items. */
static char *check_modify(const struct setting *s, const struct rt_value *v)
{
	const struct rt_value *m = rt_map_val(v, 0);
	if (!is_list_type(s->type))
		return rt_xstrdup("a list modifier");
	if (m->type != RT_MAP)
		return rt_xstrfmt("a list modifier of %s", rt_value_type_name(m->type));
	for (size_t i = 0; i < rt_map_len(m); i++) {
		const char *k = rt_map_key(m, i);
		const struct rt_value *part = rt_map_val(m, i);
		char *why;
		if (!rt_streq(k, "append") && !rt_streq(k, "prepend"))
			return rt_xstrfmt("a list modifier with unknown key '%s' (use append, prepend)", k);
		if (part->type == RT_NULL)
			continue;
		if (part->type != RT_LIST)
			return rt_xstrfmt("a list modifier whose '%s' is a %s", k,
					  rt_value_type_name(part->type));
		/* items are checked as if they formed the whole list */
		why = s->type == T_STR_OR_STR_LIST || s->type == T_PATH_LIST || s->type == T_OPT_STR_LIST
			? check_str_list(part) : check_value(s, part);
		if (why) {
			char *w = rt_xstrfmt("%s in '%s'", why, k);
			free(why);
			return w;
		}
	}
	return NULL;
}

/* ---- the config object ---- */

struct rt_config {
	struct rt_value *files;      /* defaults merged with every file, modifiers applied */
	struct rt_value *overrides;  /* programmatic + package overrides (RT_MAP tree) */
	struct rt_value *data;       /* final: validated, normalised, expanded */
	struct rt_value *system;     /* {system.<attr>} values (RT_MAP of strings) */
	struct rt_value *deferred;   /* keys of data whose {system.*} fields wait for a read */
	int no_env;
	struct strvec search, source, warnings;
};

static void warn(struct rt_config *cfg, const char *fmt, ...) RT_PRINTF(2, 3);
static void warn(struct rt_config *cfg, const char *fmt, ...)
{
	struct rt_buf b = RT_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	rt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < cfg->warnings.n; i++)
		if (rt_streq(cfg->warnings.v[i], b.buf)) {
			rt_buf_release(&b);
			return;
		}
	strvec_push(&cfg->warnings, rt_buf_detach(&b, NULL));
}

static void loc(struct rt_buf *b, const char *src, const struct rt_value *v)
{
	if (v && v->line > 0)
		rt_buf_addf(b, "%s:%d", src, v->line);
	else
		rt_buf_adds(b, src);
}

/* Validates a layer (file, package config, override) in place: wrong types are errors,
 * unknown keys become warnings and are removed. `prefix` is the dotted path of `map`. */
static int validate_layer(struct rt_config *cfg, struct rt_value *map, const char *prefix,
			  const char *src, struct rt_error *err)
{
	size_t i = 0;
	while (i < rt_map_len(map)) {
		const char *k = rt_map_key(map, i);
		struct rt_value *v = rt_map_val(map, i);
		char *full = *prefix ? rt_xstrfmt("%s.%s", prefix, k) : rt_xstrdup(k);
		const struct setting *s = find_setting(full);
		struct rt_buf where = RT_BUF_INIT;
		int rc = 0, drop = 0;

		loc(&where, src, v);
		if (s) {
			char *why = rt_config_is_modify(v) ? check_modify(s, v) : check_value(s, v);
			if (why) {
				char *must = must_be(s);
				rc = rt_error(err, "%s: setting '%s' must be %s (got %s)", where.buf, full,
					      must, why);
				free(must);
				free(why);
			}
		} else if (is_group(full)) {
			if (v->type != RT_MAP || rt_config_is_modify(v)) {
				char *why = got(v);
				rc = rt_error(err, "%s: setting group '%s' must be a mapping (got %s)",
					      where.buf, full, why);
				free(why);
			} else {
				rc = validate_layer(cfg, v, full, src, err);
			}
		} else {
			int rez_only = 0;
			for (const char *const *r = rez_only_settings; *r; r++)
				if (rt_streq(*r, full))
					rez_only = 1;
			if (rez_only)
				warn(cfg, "%s: setting '%s' is not used by rez-lua (ignored)", where.buf, full);
			else
				warn(cfg, "%s: unknown setting '%s' (ignored)", where.buf, full);
			drop = 1;
		}
		rt_buf_release(&where);
		free(full);
		if (rc < 0)
			return -1;
		if (drop)
			rt_map_del(map, k);
		else
			i++;
	}
	return 0;
}

/* Turns dotted keys of an override map into nested maps (a copy). */
static struct rt_value *nest_dotted(const struct rt_value *m)
{
	struct rt_value *out = rt_value_map();
	out->line = m->line;
	for (size_t i = 0; i < rt_map_len(m); i++) {
		struct rt_value *tmp = rt_value_map();
		set_path(tmp, rt_map_key(m, i), rt_value_copy(rt_map_val(m, i)));
		merge_value(&out, tmp, 1);
		rt_value_free(tmp);
	}
	return out;
}

/* ---- environment variables ---- */

static char *env_name(const char *key, const char *suffix)
{
	struct rt_buf b = RT_BUF_INIT;
	rt_buf_adds(&b, "REZ_");
	for (const char *p = key; *p; p++)
		rt_buf_addch(&b, toupper((unsigned char)*p));
	rt_buf_adds(&b, suffix);
	return rt_buf_detach(&b, NULL);
}

static int parse_ll(const char *s, long long *out)
{
	char *end;
	errno = 0;
	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return -1;
	*out = strtoll(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	return errno || *end ? -1 : 0;
}

static int parse_double(const char *s, double *out)
{
	char *end;
	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return -1;
	*out = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	return *end ? -1 : 0;
}

static struct rt_value *split_list(const char *s, int paths)
{
	struct rt_value *l = rt_value_list();
	const char *p = s;
	if (paths) {
		/* PathList: split on ':' only; spaces belong to the paths */
		for (;;) {
			const char *colon = strchr(p, ':');
			size_t n = colon ? (size_t)(colon - p) : strlen(p);
			if (n)
				rt_list_push(l, rt_value_strn(p, n));
			if (!colon)
				break;
			p = colon + 1;
		}
		return l;
	}
	/* StrList: commas count as whitespace */
	while (*p) {
		size_t n = 0;
		while (*p && (isspace((unsigned char)*p) || *p == ','))
			p++;
		while (p[n] && !isspace((unsigned char)p[n]) && p[n] != ',')
			n++;
		if (n)
			rt_list_push(l, rt_value_strn(p, n));
		p += n;
	}
	return l;
}

static const char *const true_words[] = { "1", "true", "t", "yes", "y", "on", NULL };
static const char *const false_words[] = { "0", "false", "f", "no", "n", "off", NULL };

static int word_in(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strcasecmp(s, *words) == 0)
			return 1;
	return 0;
}

/* Parses $REZ_<KEY> for setting s. Returns 0 with *out set, or -1. */
static int parse_env(const struct setting *s, const char *name, const char *text,
		     struct rt_value **out, struct rt_error *err)
{
	long long i;
	*out = NULL;
	switch (s->type) {
	case T_STR:
	case T_OPT_STR:
	case T_ENUM:
	case T_STR_OR_FUNC:
		*out = rt_value_str(text);
		return 0;
	case T_STR_LIST:
	case T_OPT_STR_LIST:
	case T_STR_OR_STR_LIST:
		*out = split_list(text, 0);
		return 0;
	case T_PATH_LIST:
		*out = split_list(text, 1);
		return 0;
	case T_INT:
		if (parse_ll(text, &i) < 0)
			return rt_error(err, "environment variable '%s' must be an integer (got '%s')",
					name, text);
		*out = rt_value_int(i);
		return 0;
	case T_THREADS:
		*out = parse_ll(text, &i) == 0 ? rt_value_int(i) : rt_value_str(text);
		return 0;
	case T_BOOL:
	case T_OPT_BOOL:
		if (word_in(text, true_words))
			*out = rt_value_bool(1);
		else if (word_in(text, false_words))
			*out = rt_value_bool(0);
		else
			return rt_error(err, "environment variable '%s' must be one of 1, true, t, yes, "
					"y, on, 0, false, f, no, n, off (got '%s')", name, text);
		return 0;
	case T_DICT:
	case T_OPT_DICT:
	case T_STR_MAP: {
		/* k1:v1,k2:v2 ; values become int, else float, else stay strings (not for
		 * string maps) */
		struct rt_value *m = rt_value_map();
		const char *p = text;
		for (;;) {
			const char *comma = strchr(p, ',');
			size_t n = comma ? (size_t)(comma - p) : strlen(p);
			char *item = rt_xmemdupz(p, n);
			char *colon = strchr(item, ':');
			double d;
			if (!colon) {
				free(item);
				rt_value_free(m);
				return rt_error(err, "environment variable '%s' must be of the form "
						"'k1:v1,k2:v2' (got '%s')", name, text);
			}
			*colon = '\0';
			if (s->type == T_STR_MAP)
				rt_map_set(m, item, rt_value_str(colon + 1));
			else if (parse_ll(colon + 1, &i) == 0)
				rt_map_set(m, item, rt_value_int(i));
			else if (parse_double(colon + 1, &d) == 0)
				rt_map_set(m, item, rt_value_float(d));
			else
				rt_map_set(m, item, rt_value_str(colon + 1));
			free(item);
			if (!comma)
				break;
			p = comma + 1;
		}
		*out = m;
		return 0;
	}
	case T_SHELL_SEPS:
	case T_FILTER:
	case T_ORDERERS:
	case T_HOOK_COMMANDS: {
		char *json = env_name(s->key, "_JSON");
		rt_error(err, "environment variable '%s' cannot set structured setting '%s' "
			 "(use %s with a JSON value)", name, s->key, json);
		free(json);
		return -1;
	}
	}
	RT_BUG("bad setting type");
}

/* Reads the environment override of a top-level setting; *out stays NULL when none. */
static int read_env(const struct setting *s, struct rt_value **out, struct rt_error *err)
{
	char *name = env_name(s->key, "");
	char *json_name = env_name(s->key, "_JSON");
	const char *text = getenv(name), *json = getenv(json_name);
	const char *used = text ? name : json_name;
	struct rt_value *v = NULL;
	int rc = 0;

	*out = NULL;
	if (text) {
		rc = parse_env(s, name, text, &v, err);
	} else if (json) {
		struct rt_error jerr = RT_ERROR_INIT;
		v = rt_json_parse(json, strlen(json), json_name, &jerr);
		if (!v)
			rc = rt_error(err, "environment variable '%s' must hold JSON: %s", json_name,
				      rt_error_msg(&jerr));
		rt_error_release(&jerr);
	}
	if (rc == 0 && v) {
		char *why = check_value(s, v);
		if (why) {
			char *must = must_be(s);
			rc = rt_error(err, "environment variable '%s': setting '%s' must be %s (got %s)",
				      used, s->key, must, why);
			free(must);
			free(why);
		}
	}
	if (rc < 0)
		rt_value_free(v);
	else
		*out = v;
	free(name);
	free(json_name);
	return rc;
}

/* ---- {system.*} values and string expansion ---- */

static char *read_os_release(void)
{
	struct rt_buf b = RT_BUF_INIT;
	char *id = NULL, *ver = NULL, *res;
	static const struct { const char *id, *name; } names[] = {
		{ "debian", "Debian" }, { "ubuntu", "Ubuntu" }, { "centos", "CentOS" },
		{ "rhel", "RedHatEnterprise" }, { "rocky", "Rocky" }, { "almalinux", "AlmaLinux" },
		{ "fedora", "Fedora" }, { "arch", "Arch" }, { "opensuse-leap", "openSUSE" },
		{ "alpine", "Alpine" }, { "linuxmint", "LinuxMint" },
	};
	if (rt_buf_read_file(&b, "/etc/os-release", 1 << 16) < 0 &&
	    rt_buf_read_file(&b, "/usr/lib/os-release", 1 << 16) < 0)
		return NULL;
	for (char *line = b.buf; line && *line;) {
		char *nl = strchr(line, '\n');
		char **slot = NULL;
		if (nl)
			*nl = '\0';
		if (rt_starts_with(line, "ID="))
			slot = &id, line += 3;
		else if (rt_starts_with(line, "VERSION_ID="))
			slot = &ver, line += 11;
		if (slot) {
			size_t n = strlen(line);
			if (n >= 2 && (line[0] == '"' || line[0] == '\'') && line[n - 1] == line[0])
				line++, n -= 2;
			free(*slot);
			*slot = rt_xmemdupz(line, n);
		}
		line = nl ? nl + 1 : NULL;
	}
	rt_buf_release(&b);
	if (!id) {
		free(ver);
		return NULL;
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(names); i++)
		if (rt_streq(names[i].id, id)) {
			free(id);
			id = rt_xstrdup(names[i].name);
			break;
		}
	if (islower((unsigned char)id[0]))
		id[0] = (char)toupper((unsigned char)id[0]);
	res = ver ? rt_xstrfmt("%s-%s", id, ver) : rt_xstrdup(id);
	free(id);
	free(ver);
	return res;
}

static const char *home_dir(void)
{
	const char *h = getenv("HOME");
	if (h && *h)
		return h;
	{
		struct passwd *pw = getpwuid(getuid());
		return pw && pw->pw_dir ? pw->pw_dir : "/";
	}
}

static struct rt_value *detect_system(const struct rt_value *given)
{
	struct rt_value *m = rt_value_map();
	struct utsname u;
	char host[256] = "localhost";
	const char *user = getenv("USER"), *shell = getenv("SHELL");
	char *os = read_os_release();
	char exe[4096];
	ssize_t n;

	if (uname(&u) == 0) {
		char *plat = rt_xstrdup(u.sysname);
		for (char *p = plat; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		rt_map_set(m, "platform", rt_value_str_take(plat));
		rt_map_set(m, "arch", rt_value_str(u.machine));
	} else {
		rt_map_set(m, "platform", rt_value_str("linux"));
		rt_map_set(m, "arch", rt_value_str("x86_64"));
	}
	rt_map_set(m, "os", os ? rt_value_str_take(os) : rt_value_str("unknown"));
	if (!user || !*user) {
		struct passwd *pw = getpwuid(getuid());
		user = pw ? pw->pw_name : "unknown";
	}
	rt_map_set(m, "user", rt_value_str(user));
	rt_map_set(m, "home", rt_value_str(home_dir()));
	if (shell && *shell) {
		const char *slash = strrchr(shell, '/');
		rt_map_set(m, "shell", rt_value_str(slash ? slash + 1 : shell));
	} else {
		rt_map_set(m, "shell", rt_value_str("bash"));
	}
	if (gethostname(host, sizeof(host) - 1) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	{
		char *dot = strchr(host, '.');
		rt_map_set(m, "hostname", rt_value_strn(host, dot ? (size_t)(dot - host) : strlen(host)));
	}
	rt_map_set(m, "rez_version", rt_value_str(REZ_LUA_VERSION));
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		rt_map_set(m, "rez_bin_path", rt_value_str(exe));
	}
	/* fqdn and domain are looked up only when a setting uses them (see system_attr) */
	if (given && given->type == RT_MAP)
		for (size_t i = 0; i < rt_map_len(given); i++)
			rt_map_set(m, rt_map_key(given, i), rt_value_copy(rt_map_val(given, i)));
	return m;
}

/* The value of {system.<attr>}, or NULL when unknown. fqdn/domain need a resolver lookup
 * (as Python's socket.getfqdn), done once on first use. */
static int needs_resolver(const char *attr)
{
	return rt_streq(attr, "fqdn") || rt_streq(attr, "domain");
}

static const char *system_attr(struct rt_value *sys, const char *attr, int resolve)
{
	const struct rt_value *v;
	if (needs_resolver(attr) && !rt_map_get(sys, "fqdn")) {
		char host[256] = "localhost";
		struct addrinfo hints, *res = NULL;
		if (!resolve)
			return NULL;
		char *fqdn;
		const char *dot;
		if (gethostname(host, sizeof(host) - 1) != 0)
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		memset(&hints, 0, sizeof(hints));
		hints.ai_flags = AI_CANONNAME;
		if (!strchr(host, '.') && getaddrinfo(host, NULL, &hints, &res) == 0 && res &&
		    res->ai_canonname)
			fqdn = rt_xstrdup(res->ai_canonname);
		else
			fqdn = rt_xstrdup(host);
		if (res)
			freeaddrinfo(res);
		dot = strchr(fqdn, '.');
		if (!rt_map_get(sys, "domain"))
			rt_map_set(sys, "domain", rt_value_str(dot ? dot + 1 : ""));
		rt_map_set(sys, "fqdn", rt_value_str_take(fqdn));
	}
	v = rt_map_get(sys, attr);
	return v ? rt_value_as_str(v) : NULL;
}

/* $VAR and ${VAR} from the environment; unknown references stay as written. */
static void expand_env(const char *s, struct rt_buf *out)
{
	const char *p = s;
	while (*p) {
		const char *name = NULL;
		size_t n = 0, adv = 0;
		if (*p == '$') {
			if (p[1] == '{') {
				const char *close = strchr(p + 2, '}');
				if (close) {
					name = p + 2;
					n = (size_t)(close - name);
					adv = n + 3;
				}
			} else {
				while (isalnum((unsigned char)p[1 + n]) || p[1 + n] == '_')
					n++;
				if (n) {
					name = p + 1;
					adv = n + 1;
				}
			}
		}
		if (name) {
			char *var = rt_xmemdupz(name, n);
			const char *val = getenv(var);
			free(var);
			if (val) {
				rt_buf_adds(out, val);
				p += adv;
				continue;
			}
			rt_buf_add(out, p, adv);
			p += adv;
			continue;
		}
		rt_buf_addch(out, *p++);
	}
}

/* posixpath.normpath */
static char *normpath(const char *path)
{
	struct rt_buf out = RT_BUF_INIT;
	const char **parts = NULL;
	size_t *lens = NULL, n = 0, cap = 0, cap2 = 0;
	int slashes = 0;
	const char *p = path;

	if (!*path)
		return rt_xstrdup(".");
	while (p[slashes] == '/')
		slashes++;
	if (slashes > 2)
		slashes = 1;
	while (*p) {
		size_t len;
		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.')) {
			p += len;
			continue;
		}
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (n > 0 && !(lens[n - 1] == 2 && memcmp(parts[n - 1], "..", 2) == 0)) {
				n--;
				p += len;
				continue;
			}
			if (slashes) {
				p += len;
				continue;
			}
		}
		parts = rt_xgrow(parts, sizeof(*parts), n + 1, &cap);
		lens = rt_xgrow(lens, sizeof(*lens), n + 1, &cap2);
		parts[n] = p;
		lens[n++] = len;
		p += len;
	}
	rt_buf_addchars(&out, '/', (size_t)slashes);
	for (size_t i = 0; i < n; i++) {
		if (i)
			rt_buf_addch(&out, '/');
		rt_buf_add(&out, parts[i], lens[i]);
	}
	if (out.len == 0)
		rt_buf_addch(&out, '.');
	free(parts);
	free(lens);
	return rt_buf_detach(&out, NULL);
}

/* '~' alone as a path element -> home: (start|space|:|;)~(/|:|;|space|end), matched left to
 * right without overlap as Rez's regex does; any '~' in the string then normalises it. */
static char *expand_user(const char *s)
{
	struct rt_buf out = RT_BUF_INIT;
	const char *home = home_dir();
	size_t n = strlen(s), i = 0;
	char *res;
	if (!strchr(s, '~'))
		return rt_xstrdup(s);
	while (i < n) {
		size_t tilde;
		int lead;
		if (i == 0 && s[0] == '~')
			tilde = 0, lead = 0;
		else if ((isspace((unsigned char)s[i]) || s[i] == ':' || s[i] == ';') && s[i + 1] == '~')
			tilde = i + 1, lead = 1;
		else {
			rt_buf_addch(&out, s[i++]);
			continue;
		}
		if (tilde + 1 == n || s[tilde + 1] == '/' || s[tilde + 1] == ':' ||
		    s[tilde + 1] == ';' || isspace((unsigned char)s[tilde + 1])) {
			if (lead)
				rt_buf_addch(&out, s[i]);
			rt_buf_adds(&out, home);
			if (tilde + 1 < n)
				rt_buf_addch(&out, s[tilde + 1]);
			i = tilde + 2;
			if (i > n)
				i = n;
		} else {
			rt_buf_addch(&out, s[i++]);
		}
	}
	res = normpath(out.buf);
	rt_buf_release(&out);
	return res;
}

/* Python str.format with only `system` bound: {system.x} substituted, other fields kept. */
static int expand_format(struct rt_value *sys, const char *s, struct rt_buf *out,
			 const char *key, int resolve, struct rt_error *err)
{
	const char *p = s;
	while (*p) {
		if (p[0] == '{' && p[1] == '{') {
			rt_buf_addch(out, '{');
			p += 2;
		} else if (p[0] == '}' && p[1] == '}') {
			rt_buf_addch(out, '}');
			p += 2;
		} else if (*p == '}') {
			return rt_error(err, "setting '%s': single '}' in '%s'", key, s);
		} else if (*p == '{') {
			const char *close = strchr(p + 1, '}');
			const char *val = NULL;
			size_t n;
			if (!close)
				return rt_error(err, "setting '%s': unbalanced '{' in '%s'", key, s);
			n = (size_t)(close - p - 1);
			if (n > 7 && memcmp(p + 1, "system.", 7) == 0) {
				char *attr = rt_xmemdupz(p + 8, n - 7);
				val = system_attr(sys, attr, resolve);
				free(attr);
			}
			if (val)
				rt_buf_adds(out, val);
			else
				rt_buf_add(out, p, n + 2);
			p = close + 1;
		} else {
			rt_buf_addch(out, *p++);
		}
	}
	return 0;
}

/* How far expand_value goes: all of it; or $VAR and ~ only, the {system.*} fields checked but
 * left for later (EXPAND_DEFER); or those fields only (EXPAND_FORMAT, the later step). */
enum expand_mode { EXPAND_ALL, EXPAND_DEFER, EXPAND_FORMAT };

static int expand_value(struct rt_value *sys, struct rt_value *v, const char *key,
			enum expand_mode mode, struct rt_error *err)
{
	if (v->type == RT_STR) {
		struct rt_buf env = RT_BUF_INIT, fmt = RT_BUF_INIT;
		char *user;
		int rc;
		if (!strpbrk(v->u.s.ptr, "$~{}"))
			return 0;
		if (mode == EXPAND_FORMAT) {
			user = rt_xstrdup(v->u.s.ptr);
		} else {
			expand_env(v->u.s.ptr, &env);
			user = expand_user(env.buf);
		}
		rc = expand_format(sys, user, &fmt, key, mode != EXPAND_DEFER, err);
		rt_buf_release(&env);
		if (rc < 0) {
			free(user);
			rt_buf_release(&fmt);
			return -1;
		}
		free(v->u.s.ptr);
		if (mode == EXPAND_DEFER) {
			v->u.s.len = strlen(user);
			v->u.s.ptr = user;
			rt_buf_release(&fmt);
		} else {
			free(user);
			v->u.s.len = fmt.len;
			v->u.s.ptr = rt_buf_detach(&fmt, NULL);
		}
		return 0;
	}
	if (v->type == RT_LIST) {
		for (size_t i = 0; i < rt_list_len(v); i++)
			if (expand_value(sys, rt_list_at(v, i), key, mode, err) < 0)
				return -1;
	} else if (v->type == RT_MAP) {
		for (size_t i = 0; i < rt_map_len(v); i++)
			if (expand_value(sys, rt_map_val(v, i), key, mode, err) < 0)
				return -1;
	}
	return 0;
}

/* Does a string of v name {system.fqdn} or {system.domain}? */
static int mentions_resolver(const struct rt_value *v)
{
	if (v->type == RT_STR)
		return strstr(v->u.s.ptr, "{system.fqdn}") || strstr(v->u.s.ptr, "{system.domain}");
	for (size_t i = 0; v->type == RT_LIST && i < rt_list_len(v); i++)
		if (mentions_resolver(rt_list_at(v, i)))
			return 1;
	for (size_t i = 0; v->type == RT_MAP && i < rt_map_len(v); i++)
		if (mentions_resolver(rt_map_val(v, i)))
			return 1;
	return 0;
}

/* Expands a setting's value for cfg->data. One naming the host's fully qualified name waits
 * for its first read (settle): finding that name asks the resolver, which may be a DNS server
 * that is slow or down, and most commands never read those settings (the release emails). */
static int expand_setting(struct rt_config *cfg, struct rt_value *deferred, struct rt_value *nv,
			  const char *key, struct rt_error *err)
{
	if (rt_map_get(cfg->system, "fqdn") || !mentions_resolver(nv))
		return expand_value(cfg->system, nv, key, EXPAND_ALL, err);
	if (expand_value(cfg->system, nv, key, EXPAND_DEFER, err) < 0)
		return -1;
	rt_map_set(deferred, key, rt_value_bool(1));
	return 0;
}

/* Finishes the deferred expansion of every setting that `key` reads (NULL: all): the key
 * itself, a group holding it, or one of its parts. In place: the nodes stay where they are. */
static void settle(const struct rt_config *cfg, const char *key)
{
	size_t kn = key ? strlen(key) : 0;
	for (size_t i = 0; cfg->deferred && i < rt_map_len(cfg->deferred);) {
		char *k = rt_xstrdup(rt_map_key(cfg->deferred, i));
		size_t n = strlen(k);
		struct rt_value *node;
		struct rt_error err = RT_ERROR_INIT;
		if (key && !rt_streq(k, key) &&
		    !(n > kn && strncmp(k, key, kn) == 0 && k[kn] == '.') &&
		    !(kn > n && strncmp(key, k, n) == 0 && key[n] == '.')) {
			free(k);
			i++;
			continue;
		}
		node = (struct rt_value *)get_path(cfg->data, k);
		/* The format was checked when the setting was computed: this cannot fail. */
		if (node && expand_value(cfg->system, node, k, EXPAND_FORMAT, &err) < 0)
			RT_BUG("setting '%s': %s", k, rt_error_msg(&err));
		rt_error_release(&err);
		rt_map_del(cfg->deferred, k);
		free(k);
	}
}

/* ---- computing the final data ---- */

static struct rt_value *normalise(const struct setting *s, const struct rt_value *v)
{
	if (v->type == RT_NULL && (s->type == T_OPT_STR_LIST || s->type == T_FILTER ||
				   s->type == T_ORDERERS))
		return rt_value_list();
	if ((v->type == RT_NULL && s->type == T_OPT_DICT) ||
	    (v->type == RT_LIST && is_map_type(s->type)))
		return rt_value_map();
	if (v->type == RT_MAP && (s->type == T_FILTER || s->type == T_ORDERERS)) {
		struct rt_value *l = rt_value_list();
		l->line = v->line;
		rt_list_push(l, rt_value_copy(v));
		return l;
	}
	return rt_value_copy(v);
}

static int compute(struct rt_config *cfg, struct rt_error *err)
{
	struct rt_value *merged = rt_value_copy(cfg->files);
	struct rt_value *out = rt_value_map();
	struct rt_value *deferred = rt_value_map();

	merge_value(&merged, cfg->overrides, 0);
	for (size_t i = 0; i < RT_ARRAY_LEN(settings); i++) {
		const struct setting *s = &settings[i];
		const struct rt_value *v;
		struct rt_value *env = NULL, *nv;
		char *why;

		if (!cfg->no_env && !strchr(s->key, '.') && !rt_map_get(cfg->overrides, s->key)) {
			if (read_env(s, &env, err) < 0)
				goto fail;
		}
		v = env ? env : get_path(merged, s->key);
		if (!v)
			RT_BUG("setting '%s' lost its default", s->key);
		why = check_value(s, v);
		if (why) {
			/* layers are checked on entry; this catches list modifiers on top of a
			 * value of another type */
			char *must = must_be(s);
			rt_error(err, "configuration: setting '%s' must be %s (got %s)", s->key, must, why);
			free(must);
			free(why);
			rt_value_free(env);
			goto fail;
		}
		nv = normalise(s, v);
		rt_value_free(env);
		if (s->type == T_OPT_STR && nv->type == RT_NULL &&
		    (rt_streq(s->key, "tmpdir") || rt_streq(s->key, "context_tmpdir"))) {
			const char *t = getenv("TMPDIR");
			rt_value_free(nv);
			nv = rt_value_str(t && *t ? t : "/tmp");
		}
		if (expand_setting(cfg, deferred, nv, s->key, err) < 0) {
			rt_value_free(nv);
			goto fail;
		}
		set_path(out, s->key, nv);
	}
	{
		/* Lua release hooks' settings: free-form, not in the table */
		const struct rt_value *rh = get_path(merged, "plugins.release_hook");
		for (size_t i = 0; rh && rh->type == RT_MAP && i < rt_map_len(rh); i++) {
			char *key = rt_xstrfmt("plugins.release_hook.%s", rt_map_key(rh, i));
			struct rt_value *nv;
			if (!is_lua_hook_key(key) || rt_map_val(rh, i)->type != RT_MAP) {
				free(key);
				continue;
			}
			nv = rt_value_copy(rt_map_val(rh, i));
			if (expand_setting(cfg, deferred, nv, key, err) < 0) {
				rt_value_free(nv);
				free(key);
				goto fail;
			}
			set_path(out, key, nv);
			free(key);
		}
	}
	rt_value_free(merged);
	rt_value_free(cfg->data);
	cfg->data = out;
	rt_value_free(cfg->deferred);
	cfg->deferred = deferred;
	return 0;
fail:
	rt_value_free(merged);
	rt_value_free(out);
	rt_value_free(deferred);
	return -1;
}

/* The value of the commonest defaults, as YAML reads them, without the parser (every
 * command builds the defaults; the parser was a third of `rez config KEY`). NULL: parse it. */
static struct rt_value *default_literal(const char *def)
{
	if (rt_streq(def, "null"))
		return rt_value_null();
	if (rt_streq(def, "true") || rt_streq(def, "false"))
		return rt_value_bool(def[0] == 't');
	if (rt_streq(def, "[]"))
		return rt_value_list();
	if (rt_streq(def, "{}"))
		return rt_value_map();
	return NULL;
}

static struct rt_value *build_defaults(void)
{
	struct rt_value *root = rt_value_map();
	for (size_t i = 0; i < RT_ARRAY_LEN(settings); i++) {
		struct rt_error err = RT_ERROR_INIT;
		const struct setting *s = &settings[i];
		struct rt_value *v = default_literal(s->def);
		char *why;
		if (!v)
			v = rt_yaml_parse(s->def, strlen(s->def), s->key, &err);
		if (!v)
			RT_BUG("default of '%s': %s", s->key, rt_error_msg(&err));
		why = check_value(s, v);
		if (why)
			RT_BUG("default of '%s' has the wrong type (%s)", s->key, why);
		v->line = 0;
		set_path(root, s->key, v);
	}
	return root;
}

/* 1: a file to read; 0: absent and not required; -1: err set. */
static int file_exists(const char *path, int required, struct rt_error *err)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		if ((errno == ENOENT || errno == ENOTDIR) && !required)
			return 0;
		return rt_error(err, "%s: cannot read configuration: %s", path, strerror(errno));
	}
	if (S_ISDIR(st.st_mode))
		return rt_error(err, "%s: cannot read configuration: is a directory", path);
	return 1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && rt_streq(s + n - m, suffix);
}

#define MAX_CONFIG_FILE (16u << 20)

/* Reads one configuration file into cfg->files. */
static int load_file(struct rt_config *cfg, const char *path, int required,
		     const struct rt_config_opts *opts, struct rt_error *err)
{
	struct rt_value *v = NULL;
	int rc = file_exists(path, required, err);
	strvec_push(&cfg->search, rt_xstrdup(path));
	if (rc <= 0)
		return rc;
	if (ends_with(path, ".lua")) {
		if (!opts || !opts->load_lua)
			return rt_error(err, "%s: cannot read a Lua configuration file here (no Lua loader)",
					path);
		if (opts->load_lua(opts->lua_ud, path, &v, err) < 0)
			return -1;
		if (!v)
			v = rt_value_null();
	} else {
		struct rt_buf text = RT_BUF_INIT;
		if (rt_buf_read_file(&text, path, MAX_CONFIG_FILE) < 0) {
			rt_buf_release(&text);
			return rt_error(err, "%s: cannot read configuration: %s", path, strerror(errno));
		}
		v = rt_yaml_parse(text.buf, text.len, path, err);
		rt_buf_release(&text);
		if (!v)
			return -1;
	}
	strvec_push(&cfg->source, rt_xstrdup(path));
	if (v->type == RT_NULL) {
		rt_value_free(v);
		return 0;
	}
	if (v->type != RT_MAP || rt_config_is_modify(v)) {
		rt_error(err, "%s: configuration must be a mapping of settings (got %s)", path,
			 rt_value_type_name(v->type));
		rt_value_free(v);
		return -1;
	}
	if (validate_layer(cfg, v, "", path, err) < 0) {
		rt_value_free(v);
		return -1;
	}
	merge_value(&cfg->files, v, 0);
	rt_value_free(v);
	return 0;
}

static int env_true(const char *name)
{
	const char *v = getenv(name);
	return v && (strcasecmp(v, "1") == 0 || strcasecmp(v, "t") == 0 || strcasecmp(v, "true") == 0);
}

struct rt_config *rt_config_load(const struct rt_config_opts *opts, struct rt_error *err)
{
	static const struct rt_config_opts none = RT_CONFIG_OPTS_INIT;
	struct rt_config *cfg = rt_xcalloc(1, sizeof(*cfg));

	if (!opts)
		opts = &none;
	cfg->no_env = opts->no_env;
	cfg->system = detect_system(opts->system);
	cfg->files = build_defaults();
	cfg->overrides = rt_value_map();

	if (opts->files) {
		for (const char *const *f = opts->files; *f; f++)
			if (load_file(cfg, *f, 1, opts, err) < 0)
				goto fail;
	} else {
		const char *list = getenv("REZ_CONFIG_FILE");
		if (list) {
			const char *p = list;
			for (;;) {
				const char *colon = strchr(p, ':');
				size_t n = colon ? (size_t)(colon - p) : strlen(p);
				if (n) {
					char *path = rt_xmemdupz(p, n);
					int rc = load_file(cfg, path, 1, opts, err);
					free(path);
					if (rc < 0)
						goto fail;
				}
				if (!colon)
					break;
				p = colon + 1;
			}
		}
		if (!opts->no_home && !env_true("REZ_DISABLE_HOME_CONFIG")) {
			char *yaml = rt_xstrfmt("%s/.rezconfig.yaml", home_dir());
			char *plain = rt_xstrfmt("%s/.rezconfig", home_dir());
			int rc = load_file(cfg, yaml, 0, opts, err);
			if (rc == 0)
				rc = load_file(cfg, plain, 0, opts, err);
			free(yaml);
			free(plain);
			if (rc < 0)
				goto fail;
		}
	}
	if (opts->overrides) {
		struct rt_value *o;
		if (opts->overrides->type != RT_MAP) {
			rt_error(err, "configuration overrides must be a mapping (got %s)",
				 rt_value_type_name(opts->overrides->type));
			goto fail;
		}
		o = nest_dotted(opts->overrides);
		if (validate_layer(cfg, o, "", "override", err) < 0) {
			rt_value_free(o);
			goto fail;
		}
		merge_value(&cfg->overrides, o, 1);
		rt_value_free(o);
	}
	if (compute(cfg, err) < 0)
		goto fail;
	return cfg;
fail:
	rt_config_free(cfg);
	return NULL;
}

static struct rt_config *clone(const struct rt_config *cfg)
{
	struct rt_config *c = rt_xcalloc(1, sizeof(*c));
	c->files = rt_value_copy(cfg->files);
	c->overrides = rt_value_copy(cfg->overrides);
	c->system = rt_value_copy(cfg->system);
	c->no_env = cfg->no_env;
	strvec_copy(&c->search, &cfg->search);
	strvec_copy(&c->source, &cfg->source);
	strvec_copy(&c->warnings, &cfg->warnings);
	return c;
}

struct rt_config *rt_config_for_package(const struct rt_config *cfg,
					const struct rt_value *pkg_config, const char *filename,
					struct rt_error *err)
{
	struct rt_config *c;
	struct rt_value *o;
	const char *src = filename ? filename : "package config";
	if (!pkg_config || pkg_config->type == RT_NULL)
		pkg_config = NULL;
	else if (pkg_config->type != RT_MAP || rt_config_is_modify(pkg_config)) {
		struct rt_buf where = RT_BUF_INIT;
		loc(&where, src, pkg_config);
		rt_error(err, "%s: attribute 'config' must be a mapping of settings (got %s)", where.buf,
			 rt_value_type_name(pkg_config->type));
		rt_buf_release(&where);
		return NULL;
	}
	c = clone(cfg);
	if (pkg_config) {
		o = nest_dotted(pkg_config);
		if (validate_layer(c, o, "", src, err) < 0) {
			rt_value_free(o);
			rt_config_free(c);
			return NULL;
		}
		merge_value(&c->overrides, o, 1);
		rt_value_free(o);
	}
	if (compute(c, err) < 0) {
		if (filename)
			rt_error_prefix(err, "%s", filename);
		rt_config_free(c);
		return NULL;
	}
	return c;
}

int rt_config_override(struct rt_config *cfg, const char *key, struct rt_value *val,
		       struct rt_error *err)
{
	struct rt_value *layer = rt_value_map(), *saved;
	const struct setting *s = find_setting(key);
	if (!s && !is_group(key)) {
		rt_value_free(layer);
		rt_value_free(val);
		return rt_error(err, "no such setting: '%s'", key);
	}
	set_path(layer, key, val);
	if (validate_layer(cfg, layer, "", "override", err) < 0) {
		rt_value_free(layer);
		return -1;
	}
	saved = rt_value_copy(cfg->overrides);
	set_path(cfg->overrides, key, rt_value_copy(get_path(layer, key)));
	rt_value_free(layer);
	if (compute(cfg, err) < 0) {
		rt_value_free(cfg->overrides);
		cfg->overrides = saved;
		return -1;
	}
	rt_value_free(saved);
	return 0;
}

int rt_config_remove_override(struct rt_config *cfg, const char *key, struct rt_error *err)
{
	struct rt_value *saved = rt_value_copy(cfg->overrides);
	if (!del_path(cfg->overrides, key)) {
		rt_value_free(saved);
		return 0;
	}
	if (compute(cfg, err) < 0) {
		rt_value_free(cfg->overrides);
		cfg->overrides = saved;
		return -1;
	}
	rt_value_free(saved);
	return 0;
}

void rt_config_free(struct rt_config *cfg)
{
	if (!cfg)
		return;
	rt_value_free(cfg->files);
	rt_value_free(cfg->overrides);
	rt_value_free(cfg->data);
	rt_value_free(cfg->deferred);
	rt_value_free(cfg->system);
	strvec_clear(&cfg->search);
	strvec_clear(&cfg->source);
	strvec_clear(&cfg->warnings);
	free(cfg);
}

/* ---- getters ---- */

const struct rt_value *rt_config_data(const struct rt_config *cfg)
{
	settle(cfg, NULL);
	return cfg->data;
}

const struct rt_value *rt_config_get(const struct rt_config *cfg, const char *key)
{
	if (!*key)
		return NULL;
	settle(cfg, key);
	return get_path(cfg->data, key);
}

static const struct rt_value *typed(const struct rt_config *cfg, const char *key, const char *what,
				    enum rt_type want, enum rt_type alt)
{
	const struct setting *s = find_setting(key);
	const struct rt_value *v;
	if (!s)
		RT_BUG("no such setting '%s'", key);
	settle(cfg, key);
	v = get_path(cfg->data, key);
	if (!v || (v->type != want && v->type != alt))
		RT_BUG("setting '%s' is not %s", key, what);
	return v;
}

const char *rt_config_str(const struct rt_config *cfg, const char *key)
{
	return rt_value_as_str(typed(cfg, key, "a string", RT_STR, RT_NULL));
}

int rt_config_bool(const struct rt_config *cfg, const char *key)
{
	const struct rt_value *v = typed(cfg, key, "a boolean", RT_BOOL, RT_NULL);
	return v->type == RT_BOOL && v->u.b;
}

long long rt_config_int(const struct rt_config *cfg, const char *key)
{
	return typed(cfg, key, "an integer", RT_INT, RT_INT)->u.i;
}

const struct rt_value *rt_config_str_list(const struct rt_config *cfg, const char *key)
{
	const struct setting *s = find_setting(key);
	if (s && s->type != T_STR_LIST && s->type != T_OPT_STR_LIST && s->type != T_PATH_LIST)
		RT_BUG("setting '%s' is not a string list", key);
	return typed(cfg, key, "a list", RT_LIST, RT_LIST);
}

const struct rt_value *rt_config_path_list(const struct rt_config *cfg, const char *key)
{
	const struct setting *s = find_setting(key);
	if (s && s->type != T_PATH_LIST)
		RT_BUG("setting '%s' is not a path list", key);
	return typed(cfg, key, "a list", RT_LIST, RT_LIST);
}

const struct rt_value *rt_config_map(const struct rt_config *cfg, const char *key)
{
	const struct rt_value *v;
	if (find_setting(key))
		return typed(cfg, key, "a mapping", RT_MAP, RT_MAP);
	settle(cfg, key);
	v = is_group(key) ? get_path(cfg->data, key) : NULL;
	if (!v)
		RT_BUG("no such setting '%s'", key);
	return v;
}

const char *const *rt_config_search_list(const struct rt_config *cfg, size_t *n)
{
	return strvec_get(&cfg->search, n);
}

const char *const *rt_config_source_list(const struct rt_config *cfg, size_t *n)
{
	return strvec_get(&cfg->source, n);
}

const char *const *rt_config_warnings(const struct rt_config *cfg, size_t *n)
{
	return strvec_get(&cfg->warnings, n);
}
