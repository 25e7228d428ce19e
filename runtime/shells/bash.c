/* bash.c - GNU bash: POSIX quoting; aliases are exported functions. */
#include "runtime/shells/shells.h"

/* `export -f` makes the function visible in child bash processes too, as Rez does. */
static int bash_alias(struct rt_emit *em, const char *name, const char *body)
{
	rt_posix_alias_function(em, name, body);
	rt_buf_addf(em->out, "export -f %s\n", name);
	return 0;
}

static const struct rt_shell_emitters bash_emitters = {
	rt_posix_setenv, rt_posix_unsetenv, rt_posix_pendenv, bash_alias, rt_posix_message,
	rt_posix_command, rt_posix_comment, rt_posix_source, rt_posix_shebang
};

static int bash_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		      struct rt_error *err)
{
	return rt_posix_spawn(sh, RT_POSIX_BASH, o, sp, err);
}

const struct rt_shell rt_shell_bash = {
	"bash", "bash", ".sh", ':', 0, ">", &bash_emitters,
	rt_posix_valid_name, rt_posix_quote_arg, NULL, bash_spawn
};
