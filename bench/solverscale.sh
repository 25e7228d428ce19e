#!/bin/bash
# bench/solverscale.sh [-b BUILD] [-o OLD_REZ] [-d WORKDIR] [-s SPECS] - the solver's growth with the
# number of requirements and variants (bench/RESULTS.md, "Solver scaling").
#
# For each repository of bench/gen_solverscale.py at three sizes, `rez env big -o ctx.rxt`
# (resolve and context write, no shell) runs once to fill the package cache, then again under
# callgrind: the instructions of the warm run (the solver, cache reads and the context write,
# with resolve_caching off so that it solves;
# the cold run adds one Lua evaluation per package, linear too). Also user+sys CPU of the warm
# run, and with -o that of another rez binary (e.g. main's before the fix; 300 s cap).
# Instructions, not time: timings mean little on a shared machine. -s: which repositories and
# sizes, e.g. "variants 100 1000;fams 1000" (default: all of them at three sizes).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build
old=
work=${TMPDIR:-/tmp}/rez-solverscale
specs="ranges 1000 10000 100000;fams 1000 10000 100000;variants 100 1000 10000;dvariants 100 1000 10000;vfails 100 1000 10000"
while getopts b:o:d:s: o; do
	case $o in
	b) build=$OPTARG ;;
	o) old=$OPTARG ;;
	d) work=$OPTARG ;;
	s) specs=$OPTARG ;;
	*) exit 2 ;;
	esac
done
rez=$build/bin/rez
mkdir -p "$work/home"
export HOME=$work/home
unset REZ_PACKAGES_PATH
export REZ_RESOLVE_CACHING=0   # solve every time (the package cache stays on)

cpu() {   # cpu REZ REPO ARGS... : user+sys seconds, or "> 300 s"
	local r=$1 repo=$2
	shift 2
	if /usr/bin/time -o "$work/time" -f "%U %S" timeout 300 "$r" env --paths "$repo" --ni "$@" \
		-o "$work/ctx.rxt" >/dev/null 2>&1; then
		awk '{ printf "%.2f s", $1 + $2 }' "$work/time"
	else
		echo "> 300 s"
	fi
}

commas() {
	echo "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta'
}

echo "| repository | size | instructions (warm) | per item | CPU (warm) | CPU, other binary (cold) |"
echo "|---|---:|---:|---:|---:|---:|"
IFS=';' read -ra speclist <<<"$specs"
for spec in "${speclist[@]}"; do
	# shellcheck disable=SC2086
	set -- $spec
	kind=$1
	shift
	for n in "$@"; do
		repo=$work/$kind-$n
		[ -d "$repo" ] || python3 "$here/gen_solverscale.py" "$repo" "$kind" "$n"
		req=big
		[ "$kind" = vfails ] && req="big zz-1"
		# shellcheck disable=SC2086
		"$rez" env --paths "$repo" --ni $req -o "$work/ctx.rxt" >/dev/null 2>&1 || true
		# shellcheck disable=SC2086
		ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$rez" env --paths "$repo" \
			--ni $req -o "$work/ctx.rxt" 2>&1 >/dev/null | sed -n 's/.*refs: *//p' | tr -d ,)
		# shellcheck disable=SC2086
		c=$(cpu "$rez" "$repo" $req)
		o=-
		# shellcheck disable=SC2086
		[ -n "$old" ] && o=$(cpu "$old" "$repo" --no-cache $req)
		printf '| %s | %s | %s | %s | %s | %s |\n' "$kind" "$n" \
			"$(commas "$ir")" "$(commas $((ir / n)))" "$c" "$o"
	done
done
