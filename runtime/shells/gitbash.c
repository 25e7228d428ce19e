/* gitbash.c - Git for Windows bash: bash's script syntax, POSIX path forms (C:\x -> /c/x). */
#include "runtime/shells/shells.h"

static int gitbash_alias(struct rt_emit *em, const char *name, const char *body)
{
	rt_posix_alias_function(em, name, body);
	rt_buf_addf(em->out, "export -f %s\n", name);
	return 0;
}

static const struct rt_shell_emitters gitbash_emitters = {
	rt_posix_setenv, rt_posix_unsetenv, rt_posix_pendenv, gitbash_alias, rt_posix_message,
	rt_posix_command, rt_posix_comment, rt_posix_source, rt_posix_shebang
};

/* Drive paths become MSYS paths and backslashes slashes:
 *     C:\pkgs\foo -> /c/pkgs/foo     D:/x -> /d/x     \\srv\share -> //srv/share         */
static void gitbash_normalize_path(const char *path, struct rt_buf *out)
{
	const char *p = path;
	if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':' &&
	    (p[2] == '\\' || p[2] == '/' || p[2] == '\0')) {
		rt_buf_addch(out, '/');
		rt_buf_addch(out, p[0] | 0x20);
		p += 2;
	}
	for (; *p; p++)
		rt_buf_addch(out, *p == '\\' ? '/' : *p);
}

static int gitbash_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
			 struct rt_error *err)
{
	return rt_posix_spawn(sh, RT_POSIX_BASH, o, sp, err);
}

const struct rt_shell rt_shell_gitbash = {
	"gitbash", "bash", ".sh", ':', RT_SHELL_WINDOWS, ">", &gitbash_emitters,
	rt_posix_valid_name, rt_posix_quote_arg, gitbash_normalize_path, gitbash_spawn
};
