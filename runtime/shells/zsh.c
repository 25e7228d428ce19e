/* zsh.c - Z shell: POSIX quoting (no %-doubling: % is not special in a zsh value). */
#include "runtime/shells/shells.h"

static const struct rt_shell_emitters zsh_emitters = {
	rt_posix_setenv, rt_posix_unsetenv, rt_posix_pendenv, rt_posix_alias_function,
	rt_posix_message, rt_posix_command, rt_posix_comment, rt_posix_source, rt_posix_shebang
};

static int zsh_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		     struct rt_error *err)
{
	return rt_posix_spawn(sh, RT_POSIX_ZSH, o, sp, err);
}

const struct rt_shell rt_shell_zsh = {
	"zsh", "zsh", ".sh", ':', 0, "%", &zsh_emitters,
	rt_posix_valid_name, rt_posix_quote_arg, NULL, zsh_spawn
};
