/* pwsh.c - PowerShell 7 (any platform): the PowerShell emitters of powershell.c; reads
 * UTF-8 scripts without a BOM, and uses the platform's path separator. */
#include "runtime/shells/shells.h"

#ifdef _WIN32
#define PWSH_SEP ';'
#define PWSH_FLAGS (RT_SHELL_NOCASE | RT_SHELL_WINPATHS | RT_SHELL_WINDOWS)
#else
#define PWSH_SEP ':'
#define PWSH_FLAGS 0
#endif

const struct rt_shell rt_shell_pwsh = {
	"pwsh", "pwsh", ".ps1", PWSH_SEP, PWSH_FLAGS, "> $ ",
	&rt_ps_emitters, rt_ps_valid_name, rt_ps_quote_arg, NULL, rt_ps_spawn
};
