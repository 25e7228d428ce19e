/* buildops.h - running a build from the front end: the services runtime/build/build.h
 * needs from the layers above (loading and preprocessing definitions with the sandbox,
 * resolving the build context and printing its summary, turning a context plus
 * pre_build_commands into the build shell's script), filled in for `rez build` and
 * `rez release`.
 *
 * Calling sequence: fill a struct rt_build_opts (leave ops, shell and shell_exe empty; set
 * config), then cli_build_run(&opts, &res, &err). */
#ifndef CLI_BUILDOPS_H
#define CLI_BUILDOPS_H
#include "runtime/build/build.h"
/* Fills opts->ops, opts->shell and opts->shell_exe (the default shell) and runs the build.
 * Returns rt_build_run's result. */
int cli_build_run(struct rt_build_opts *opts, struct rt_build_result *res, struct rt_error *err);
#endif
