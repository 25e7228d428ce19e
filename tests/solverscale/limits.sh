#!/bin/bash
# --time-limit and --max-fails stop a resolve, inside a long solve step too, with Rez's
# wording ("time limit exceeded", "fail limit reached: aborted after N failures:") and
# rez env's failed-resolve exit code (1); nothing runs and nothing half-done is written.
# No timed assertion: the stopped resolves would run for hours (the pigeonhole repository has
# 11! failed steps) or are stopped at a limit far below their work.
. "$(dirname "$0")/lib.sh"

if [ "${SOLVERSCALE_SMALL:-0}" = 1 ]; then NFAM=1000; else NFAM=2000; fi

# 12 pigeons, 11 holes: no solution, found only after 11! failed steps
gen pigeon pigeon 11
pigeons=$(seq 1 12 | sed 's/^/p/' | tr '\n' ' ')
# shellcheck disable=SC2086
renv pigeon --time-limit 1 $pigeons -- touch "$T/ran" 2> "$T/err"
is "$?" 1 "--time-limit 1 on an exponential resolve: exit 1"
is "$(sed -n '/^The context failed to resolve:/,/^$/p' "$T/err")" \
	"The context failed to resolve:
time limit exceeded" "--time-limit 1: Rez's abort reason"
[ ! -e "$T/ran" ]
ok $? "--time-limit 1: no command ran"

# shellcheck disable=SC2086
renv pigeon --max-fails 3 $pigeons -- touch "$T/ran" 2> "$T/err"
is "$?" 1 "--max-fails 3 on an exponential resolve: exit 1"
grep -qx "fail limit reached: aborted after 3 failures:" "$T/err"
ok $? "--max-fails 3: Rez's fail-limit wording"

# one step that loads NFAM packages: the limit stops it inside the step (between steps,
# as Rez checks, this one-step resolve would finish)
gen fams fams "$NFAM"
renv fams --time-limit 0.01 big -o "$T/ctx.rxt" 2> "$T/err"
is "$?" 1 "--time-limit inside one long step: exit 1"
grep -qx "time limit exceeded" "$T/err"
ok $? "--time-limit inside one long step: time limit exceeded"
grep -q '"status": "aborted"' "$T/ctx.rxt" 2>/dev/null && ! grep -q '"resolved_packages": \[ *{' "$T/ctx.rxt"
ok $? "--time-limit with --output: a whole context, aborted, with no package"

# a-N .. a-2 each fail once before a-1 solves
gen fails fails 20
renv fails --max-fails 1 a zz-1 -- touch "$T/ran" 2> "$T/err"
is "$?" 1 "--max-fails 1: exit 1"
is "$(sed -n '/^The context failed to resolve:/,/^$/p' "$T/err")" \
	"The context failed to resolve:
fail limit reached: aborted after 1 failures:
The following package conflicts occurred: (zz-2 <--!--> zz==1)
request: zz-1
p20[] requires zz-2" "--max-fails 1: Rez's description of the last failure"
[ ! -e "$T/ran" ]
ok $? "--max-fails 1: no command ran"
got=$(renv fails --stats a zz-1 -- printenv REZ_USED_RESOLVE 2>&1 | grep -v ':')
is "$got" "zz-1 p1 a-1" "without a limit the same resolve solves after 19 failures"
got=$(renv fails --max-fails 20 a zz-1 -- printenv REZ_USED_RESOLVE)
is "$got" "zz-1 p1 a-1" "--max-fails above the failures: solved"

finish
