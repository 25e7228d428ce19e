/* fold.h - the folded script layout: an action list rewritten so that each variable gets one
 * assignment where several consecutive changes can be merged without any observer noticing.
 *
 * Rez writes one line per action: 176 packages prepending PATH give 176 assignments, each
 * copying a longer value (bash takes quadratic time over them). Folding merges the changes of
 * a variable V into one value written in terms of V's value before the first of them:
 *     PATH = "/a/bin:${PATH}"; X = "1"; PATH = "/b/bin:${PATH}"
 *  -> X = "1"; PATH = "/b/bin:/a/bin:${PATH}"
 *
 * When the result is the same: a folded assignment is written at the place of the group's
 * last change. Between the first and the last change nothing may observe V, so a group ends
 * (and is written) at
 *   - a reference to V in any other action's value (`env.Y = "${V}"`, an info line, a
 *     source path): V is written before it, with the value the reference must see;
 *   - an action that may look at the whole environment: command, source, alias and info /
 *     error lines (csh runs printf through $path, cmd's doskey is found on PATH);
 *   - a change of a variable the shell itself reacts to while reading the script (the
 *     locale, POSIXLY_CORRECT) or whose reads differ from its writes (RANDOM, SECONDS, ...):
 *     these actions stay in place and end every group;
 *   - a folded value growing past `max_text` bytes of text (csh and cmd limit a line).
 * A pending value only ever refers to the values variables had where it will be written;
 * when a variable is written, every pending value that refers to it is written first. So any
 * environment the script produces is the one Rez's layout produces, byte for byte; the
 * real-shell tests (tests/shells, tests/perfscript) compare both layouts.
 *
 * A group of one action is kept as it is (the same action, so the same line as Rez's layout).
 * A merged group becomes one action: appendenv/prependenv with an empty separator when the
 * value is the old value plus text on one side (so csh keeps its guard for a variable that
 * may be unset), setenv otherwise, unsetenv when the last change unsets. Comments and the
 * shebang are copied in place. */
#ifndef RT_FOLD_H
#define RT_FOLD_H

#include "runtime/common.h"

struct rt_actions;
struct rt_action;

struct rt_fold_opts {
	int nocase;          /* variable names compare case-insensitively (cmd, PowerShell) */
	size_t max_text;     /* 0: no limit; else a merged value holds at most this much text */
};

/* The folded list: items in emit order, each an action of the input list (borrowed) or one
 * made by folding (owned here). */
struct rt_fold_item {
	int made;            /* 0: `index` is in the input list; 1: in `made` */
	size_t index;
};

struct rt_folded {
	struct rt_fold_item *v;
	size_t n, cap;
	struct rt_actions *made;
};

#define RT_FOLDED_INIT { NULL, 0, 0, NULL }

/* Folds `in` into `out` (RT_FOLDED_INIT). `in` must outlive `out`. */
void rt_fold_actions(const struct rt_actions *in, const struct rt_fold_opts *o,
		     struct rt_folded *out);
/* The action of item i. */
const struct rt_action *rt_folded_at(const struct rt_folded *f, const struct rt_actions *in,
				     size_t i);
void rt_folded_release(struct rt_folded *f);

#endif
