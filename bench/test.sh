#!/bin/sh
# test.sh - `rez test` of a one-test package, whole process (see bench/README.md). Not part of
# ctest.
#
#   bench/test.sh [-n RUNS] [-b BUILDDIR] [-R]
#
# Prints a Markdown table: `rez test onetest` (resolve, context summary, the test's shell
# running `true`, the results table), next to `rez env onetest -c true` (the same resolve and
# shell without the test runner) and a bare `bash -c true`, so rez-lua's own share shows, in
# wall time and in CPU time (user + system, children included). With
# -R, real Rez's `rez-test` (PYTHONPATH=/work/rez-src/src) is timed on the same package, as a
# package.py.
set -eu

runs=10
build=
rez_py=0
here=$(cd "$(dirname "$0")" && pwd)
while getopts n:b:R opt; do
	case $opt in
	n) runs=$OPTARG ;;
	b) build=$OPTARG ;;
	R) rez_py=1 ;;
	*) echo "usage: bench/test.sh [-n RUNS] [-b BUILDDIR] [-R]" >&2; exit 2 ;;
	esac
done
if [ -z "$build" ]; then
	build=$here/../build-bench
	cmake -S "$here/.." -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build "$build" -j2 --target rez rez-bench-run >/dev/null
fi
bin=$(cd "$build/bin" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/rez-lua-bench-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/repo/onetest/1.0" "$work/home"
cat >"$work/repo/onetest/1.0/package.lua" <<'EOF'
name = "onetest"
version = "1.0"
tests = {unit = "true"}
function commands()
    env.ONETEST_ROOT = "{root}"
end
EOF
cat >"$work/repo/onetest/1.0/package.py" <<'EOF'
name = "onetest"
version = "1.0"
tests = {"unit": "true"}
def commands():
    env.ONETEST_ROOT = "{root}"
EOF
export HOME=$work/home REZ_DISABLE_HOME_CONFIG=1 REZ_PACKAGES_PATH=$work/repo SHELL=/bin/bash

echo "- nproc: $(nproc); load average at start: $(cut -d' ' -f1-3 /proc/loadavg); runs per row: $runs"
echo
echo "| command | median ms | min ms | max ms | peak RSS MB |"
echo "|---|---:|---:|---:|---:|"
"$bin/rez-bench-run" -n "$runs" -l "rez test onetest (one test, bash)" -- "$bin/rez" test onetest
"$bin/rez-bench-run" -n "$runs" -l "rez env onetest -c true (same resolve and shell)" -- "$bin/rez" env onetest -c true
"$bin/rez-bench-run" -n "$runs" -l "bash -c true" -- /bin/bash -c true
# CPU (user + system, children included): what the machine's load does not inflate
"$bin/rez-bench-run" -c -n "$runs" -l "rez test onetest, CPU" -- "$bin/rez" test onetest
"$bin/rez-bench-run" -c -n "$runs" -l "rez env onetest -c true, CPU" -- "$bin/rez" env onetest -c true
"$bin/rez-bench-run" -c -n "$runs" -l "bash -c true, CPU" -- /bin/bash -c true
if [ "$rez_py" = 1 ]; then
	"$bin/rez-bench-run" -n "$runs" -l "Rez 3.4 rez-test onetest" -- env PYTHONPATH=/work/rez-src/src \
		python3 -c 'import sys; sys.argv = ["rez-test", "onetest"]; from rez.cli._main import run; run("test")'
fi
