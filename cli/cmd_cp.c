#include "cli/cli.h"
int cli_cmd_cp(int argc, char **argv) { (void)argc; (void)argv; return 1; }
int cli_cmd_mv(int argc, char **argv) { (void)argc; (void)argv; return 1; }
int cli_cmd_rm(int argc, char **argv) { (void)argc; (void)argv; return 1; }
int cli_cmd_pkg_ignore(int argc, char **argv) { (void)argc; (void)argv; return 1; }
