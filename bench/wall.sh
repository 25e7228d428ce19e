#!/bin/sh
# wall.sh - wall-clock times of the `rez` process alone for issue 17's targets, with hyperfine
# (-N: no intermediate shell, so a process start costs what it costs), on core.sh's repository
# (gen_repo.lua 2000 10) and requests whose closures are 15, 81 and 176 packages. Warm: the
# package cache and the resolve cache are filled first. Prints a Markdown table: mean, min and
# user+sys in ms, with `/bin/true` as the floor of any process here.
#
#   bench/wall.sh [-r RUNS] [-d WORKDIR] REZ_BINARY
#
# Needs a quiet machine for meaningful numbers (see bench/RESULTS.md).
set -eu
runs=30
work=${TMPDIR:-/tmp}/rez-lua-core
here=$(cd "$(dirname "$0")" && pwd)
while getopts r:d: opt; do
	case $opt in
	r) runs=$OPTARG ;;
	d) work=$OPTARG ;;
	*) echo "usage: bench/wall.sh [-r RUNS] [-d WORKDIR] REZ" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
. "$here/closures.sh"
json=$work/wall.json

row() {  # label, then the command
	label=$1; shift
	hyperfine -N -w 3 -r "$runs" --export-json "$json" "$*" >/dev/null 2>&1
	python3 - "$json" "$label" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("| %s | %.1f | %.1f | %.1f |" % (sys.argv[2], r["mean"] * 1e3, r["min"] * 1e3,
                                       (r["user"] + r["system"]) * 1e3))
PY
}

echo "| command | mean ms | min ms | user+sys ms |"
echo "|---|---:|---:|---:|"
row "/bin/true (any process here)" /bin/true
row "rez --help" "$rez" --help
row "rez config packages_path" "$rez" config packages_path
for n in S M L; do
	eval "req=\$$n"
	case $n in S) k=15 ;; M) k=81 ;; L) k=176 ;; esac
	# shellcheck disable=SC2086
	"$rez" env $req -o "$work/ctx$k.rxt"
	# shellcheck disable=SC2086
	"$rez" env $req --print-script >/dev/null
	# shellcheck disable=SC2086
	row "$k packages: rez env REQ --print-script (resolve cache hit)" "$rez" env $req --print-script
	# shellcheck disable=SC2086
	row "$k packages: rez env REQ -c true (bash)" "$rez" env $req -c true
	row "$k packages: rez context ctx.rxt -i -f bash" "$rez" context "$work/ctx$k.rxt" -i -f bash
done
