# lib.sh - shared by the tests/env/*.sh drivers: a clean environment and check helpers.
# Sourced with REZ (the rez binary) and SRC (the source tree) set by the driver.

set -u
pass=0 fail=0
PKGS=$SRC/tests/env/packages
SOLVER_PKGS=${SOLVER_PKGS:-$SRC/tests/solver/packages}

# Nothing from the caller's rez session or home leaks in (the suite may itself run in a
# `rez env`); temporary directories land in our own tree so leftovers can be checked.
for v in $(env | sed -n 's/^\(REZ_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
export REZ_DISABLE_HOME_CONFIG=1
TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/rez-envtest.XXXXXX")
trap 'rm -rf "$TMPROOT"' EXIT
export HOME=$TMPROOT/home TMPDIR=$TMPROOT/tmp
mkdir -p "$HOME" "$TMPDIR"
export LC_ALL=C.UTF-8 SHELL=/bin/bash
unset ENV BASH_ENV ZDOTDIR PROMPT_COMMAND

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# check NAME WANT GOT: exact comparison, shown with cat -A on mismatch.
check() {
	if [ "$2" = "$3" ]; then
		ok
	else
		bad "$1"
		printf -- '--- want:\n%s\n--- got:\n%s\n' "$2" "$3" | cat -A >&2
	fi
}

# run CMD...: sets $out, $err (files' contents, trailing newlines kept with a sentinel
# removed) and $rc; stdin is /dev/null unless redirected by the caller.
run() {
	"$@" >"$TMPROOT/out" 2>"$TMPROOT/err"
	rc=$?
	out=$(cat "$TMPROOT/out"; printf x); out=${out%x}
	err=$(cat "$TMPROOT/err"; printf x); err=${err%x}
}

# expect_fail NAME CODE MESSAGE-SUBSTRING -- CMD...: non-zero exit CODE, the message on
# stderr once, nothing on stdout, and no sanitizer report or crash.
expect_fail() {
	local name=$1 code=$2 msg=$3
	shift 4
	run "$@" </dev/null
	if [ "$rc" != "$code" ]; then
		bad "$name: exit $rc, want $code (stderr: $err)"
		return
	fi
	case "$err" in
	*"$msg"*) ;;
	*) bad "$name: stderr lacks '$msg': $err"; return ;;
	esac
	case "$err" in
	*AddressSanitizer*|*runtime\ error:*|*LeakSanitizer*) bad "$name: sanitizer report: $err"; return ;;
	esac
	[ -z "$out" ] || { bad "$name: unexpected stdout: $out"; return; }
	ok
}

# No rez_context_* directory may be left behind by a finished `rez env`.
no_leftovers() {
	local left
	left=$(find "$TMPDIR" -maxdepth 1 -name 'rez_context_*' 2>/dev/null)
	if [ -n "$left" ]; then
		bad "$1: temporary context directories left: $left"
		rm -rf "$TMPDIR"/rez_context_*
	else
		ok
	fi
}

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
