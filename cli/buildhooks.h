/* buildhooks.h - build hooks (hooks/build/) plugged into a `rez build` / `rez release` run.
 *
 * cli_buildhooks_attach loads the developer package in opts->source_dir (for its
 * `build_hooks` attribute and configuration), creates the hook layer for opts->target_name
 * and fills opts->hooks' dependencies, clean, initialize and finalize. Whatever opts->hooks
 * held before (e.g. pre_install_tests with its own ud) keeps working: the previous callbacks
 * are kept and called through. So attach build hooks after setting the other callbacks.
 *
 * Switches: no_hooks (--no-hooks) and opts->hooks_only (--hooks-only); REZ_BUILD_NO_HOOKS
 * and REZ_BUILD_HOOKS_ONLY (true/false) turn them on too. Both at once is an error. In
 * hooks-only mode finalize is not run.
 *
 * Calling sequence: cli_buildhooks_attach(&opts, no_hooks, &bh, err); cli_build_run(...);
 * cli_buildhooks_free(bh) (after the run; opts->hooks then point at freed state). */
#ifndef CLI_BUILDHOOKS_H
#define CLI_BUILDHOOKS_H

#include "runtime/build/build.h"

struct cli_buildhooks;

int cli_buildhooks_attach(struct rt_build_opts *opts, int no_hooks, struct cli_buildhooks **out,
			  struct rt_error *err);
void cli_buildhooks_free(struct cli_buildhooks *bh);

#endif
