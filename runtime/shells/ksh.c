/* ksh.c - KornShell (ksh93): POSIX quoting, ksh-style functions. */
#include "runtime/shells/shells.h"

static const struct rt_shell_emitters ksh_emitters = {
	rt_posix_setenv, rt_posix_unsetenv, rt_posix_pendenv, rt_posix_alias_function,
	rt_posix_message, rt_posix_command, rt_posix_comment, rt_posix_source, rt_posix_shebang
};

/* ksh93 takes `.` in a function name as a discipline or namespace: plain names only. */
static int ksh_valid_name(const char *name, int alias)
{
	return rt_is_name(name, alias ? "-" : "");
}

static int ksh_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		     struct rt_error *err)
{
	return rt_posix_spawn(sh, RT_POSIX_KSH, o, sp, err);
}

const struct rt_shell rt_shell_ksh = {
	"ksh", "ksh", ".sh", ':', 0, ">", &ksh_emitters,
	ksh_valid_name, rt_posix_quote_arg, NULL, ksh_spawn
};
