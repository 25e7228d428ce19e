# lib.sh - shared by tests/pkgtest/*.sh: tests/env/lib.sh, plus every run checked for
# sanitizer reports (leaks included) and crashes. Sourced with REZ and SRC set.
. "$SRC/tests/env/lib.sh"
eval "lib_$(declare -f run)"
run() {
	lib_run "$@"
	case "$err" in
	*Sanitizer*|*runtime\ error:*) bad "sanitizer report from: $*: $err" ;;
	esac
	[ "$rc" -lt 128 ] || [ "$rc" = 255 ] || bad "crash ($rc) of: $*"
}
