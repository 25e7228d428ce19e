# lib.sh - shared by the tests/build/*.sh drivers: a clean environment, a scratch repository
# with a few packages to build against, and check helpers. Sourced with REZ and SRC set.

# The clean environment and ok/bad/check come from the env tests' helpers; their TMPROOT is
# our $T, which may hold test mounts to take down first.
. "$SRC/tests/env/lib.sh"
T=$TMPROOT
cleanup() {
	for m in $(awk -v t="$T" '$2 ~ "^"t {print $2}' /proc/mounts | sort -r); do umount "$m"; done
	rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$T/deps" "$T/inst"
unset DESTDIR
export REZ_PACKAGES_PATH=$T/deps:$T/inst REZ_LOCAL_PACKAGES_PATH=$T/inst
export REZ_IMPLICIT_PACKAGES=

# check_has NAME NEEDLE HAYSTACK
check_has() {
	case "$3" in
	*"$2"*) ok ;;
	*) bad "$1: lacks '$2'"; printf -- '--- got:\n%s\n' "$3" >&2 ;;
	esac
}

# run CMD...: $out and $err without their final newlines (unlike tests/env's run), $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

no_sanitizer() {
	case "$err" in
	*AddressSanitizer*|*runtime\ error:*|*LeakSanitizer*) bad "$1: sanitizer report: $err" ;;
	*) ok ;;
	esac
}

# expect_fail NAME CODE MESSAGE -- CMD...: exit CODE and MESSAGE on stderr.
expect_fail() {
	local name=$1 code=$2 msg=$3
	shift 4
	run "$@" </dev/null
	[ "$rc" = "$code" ] || { bad "$name: exit $rc, want $code (stderr: $err)"; return; }
	case "$err" in
	*"$msg"*) ok ;;
	*) bad "$name: stderr lacks '$msg': $err" ;;
	esac
	no_sanitizer "$name"
}

# dep NAME VERSION [REQUIRES...]: a package to build against, in $T/deps.
dep() {
	local n=$1 v=$2 r=""
	shift 2
	for q in "$@"; do r="$r\"$q\", "; done
	mkdir -p "$T/deps/$n/$v"
	printf 'name = "%s"\nversion = "%s"\nrequires = {%s}\nfunction commands()\n    env.DEP_%s = "{root}"\nend\n' \
		"$n" "$v" "$r" "$(echo "$n" | tr a-z A-Z)" >"$T/deps/$n/$v/package.lua"
}
dep python 2.7
dep python 3.11
dep cmake_helpers 1.0

# src NAME: a fresh source directory $T/src/NAME (package.lua written by the caller).
src() {
	rm -rf "$T/src/$1"
	mkdir -p "$T/src/$1"
	cd "$T/src/$1" || exit 1
}

# No directory of an interrupted or failed build left where rez env would look.
no_staging_left() {
	local left
	left=$(find "$T/inst" -name '.rez-stage-*' -o -name '.rez-old-*' 2>/dev/null)
	[ -z "$left" ] && ok || bad "$1: leftovers: $left"
}
