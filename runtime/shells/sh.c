/* sh.c - the POSIX shell (dash on Debian): POSIX quoting, plain `name()` functions. */
#include "runtime/shells/shells.h"

/* dash knows no `function` keyword and only accepts plain names for functions. */
static int sh_alias(struct rt_emit *em, const char *name, const char *body)
{
	rt_buf_addf(em->out, "%s() { %s \"$@\"; }\n", name, body);
	return 0;
}

static int sh_valid_name(const char *name, int alias)
{
	return rt_is_name(name, "");
}

static const struct rt_shell_emitters sh_emitters = {
	rt_posix_setenv, rt_posix_unsetenv, rt_posix_pendenv, sh_alias, rt_posix_message,
	rt_posix_command, rt_posix_comment, rt_posix_source, rt_posix_shebang
};

static int sh_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		    struct rt_error *err)
{
	return rt_posix_spawn(sh, RT_POSIX_SH, o, sp, err);
}

const struct rt_shell rt_shell_sh = {
	"sh", "sh", ".sh", ':', 0, ">", &sh_emitters,
	sh_valid_name, rt_posix_quote_arg, NULL, sh_spawn
};
