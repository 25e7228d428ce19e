#!/bin/sh
# core.sh - what the `rez` process itself costs (bench/RESULTS.md "Performance step 2 —
# in-process"): instructions (valgrind --tool=callgrind, the rez process only, not the shell it
# starts), CPU (user + system of the rez process only: perf stat --no-inherit task-clock, median
# of RUNS) and peak RSS (/usr/bin/time -f %M) for the warm and cold 15/81/176-package closures,
# `rez context -i -f bash`, `rez --help`, `rez config KEY` and `--no-cache` per definition.
#
#   bench/core.sh [-n RUNS] [-d WORKDIR] REZ_BINARY
#
# Instructions are the measure to compare on a loaded machine; CPU ms are noisy there.
set -eu
runs=5
work=${TMPDIR:-/tmp}/rez-lua-core
here=$(cd "$(dirname "$0")" && pwd)
while getopts n:d: opt; do
	case $opt in
	n) runs=$OPTARG ;;
	d) work=$OPTARG ;;
	*) echo "usage: bench/core.sh [-n RUNS] [-d WORKDIR] REZ" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
. "$here/closures.sh"

ir() {   # instructions of the rez process (children not traced)
	valgrind --tool=callgrind --callgrind-out-file="$work/cg.%p" "$@" >/dev/null 2>"$work/cg.log" </dev/null
	sed -n 's/.*Collected : //p' "$work/cg.log" | head -1
	rm -f "$work"/cg.[0-9]*
}
cpu() {  # median task-clock ms of the rez process over $runs runs
	i=0
	while [ $i -lt "$runs" ]; do
		perf stat -x, --no-inherit -e task-clock "$@" 2>&1 >/dev/null </dev/null | sed -n 's/^\([0-9.]*\),msec,task-clock.*/\1/p'
		i=$((i + 1))
	done | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'
}
rss() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null </dev/null | tail -1
}
row() {  # label, then the command
	label=$1; shift
	printf '| %s | %s | %s | %s |\n' "$label" "$(ir "$@")" "$(cpu "$@")" "$(rss "$@")"
}
cold() {  # like row, but the package cache is removed before each measurement
	label=$1; shift
	rm -rf "$work/cache"; i=$(ir "$@")
	c=$(j=0; while [ $j -lt "$runs" ]; do rm -rf "$work/cache"; perf stat -x, --no-inherit -e task-clock "$@" 2>&1 >/dev/null </dev/null | sed -n 's/^\([0-9.]*\),msec,task-clock.*/\1/p'; j=$((j + 1)); done | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }')
	rm -rf "$work/cache"; r=$(rss "$@")
	printf '| %s | %s | %s | %s |\n' "$label" "$i" "$c" "$r"
}

echo "| command | instructions | CPU ms (user+sys, median of $runs) | peak RSS KiB |"
echo "|---|---:|---:|---:|"
for n in S M L; do
	eval "req=\$$n"
	case $n in S) k=15 ;; M) k=81 ;; L) k=176 ;; esac
	# shellcheck disable=SC2086
	cold "env $k, cold cache" "$rez" env $req -c true
	# shellcheck disable=SC2086
	"$rez" env $req -c true    # warm the package cache and the resolve cache
	# shellcheck disable=SC2086
	row "env $k, warm (resolve cache hit)" "$rez" env $req -c true
	# shellcheck disable=SC2086
	REZ_RESOLVE_CACHING=0 row "env $k, warm, solved" "$rez" env $req -c true
	# shellcheck disable=SC2086
	"$rez" env $req -o "$work/ctx$k.rxt"
	row "context -i -f bash, $k" "$rez" context "$work/ctx$k.rxt" -i -f bash
done
row "--help" "$rez" --help
row "config packages_path" "$rez" config packages_path
# --no-cache: every version of every family the 176-package resolve reaches is evaluated.
# shellcheck disable=SC2086
row "env 176 --no-cache" "$rez" env $L --no-cache -c true
fams=$(find "$work/cache" -name '*.rzc' | wc -l)
echo
echo "Families the 176-package resolve reads: $fams (x 10 versions = $((fams * 10)) definitions for --no-cache)."
