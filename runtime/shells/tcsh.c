/* tcsh.c - tcsh: the csh emitters (runtime/shells/csh.c); its own executable and rc files. */
#include "runtime/shells/shells.h"

const struct rt_shell rt_shell_tcsh = {
	"tcsh", "tcsh", ".csh", ':', 0, ">", &rt_csh_emitters,
	rt_csh_valid_name, rt_csh_quote_arg, NULL, rt_csh_spawn
};
