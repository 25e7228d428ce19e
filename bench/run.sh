#!/bin/sh
# run.sh - the benchmark suite (see bench/README.md). Not part of ctest.
#
#   bench/run.sh [-n RUNS] [-d WORKDIR] [-b BUILDDIR] [-s SIZES] [-O 'OTHER COMMAND']
#   bench/run.sh -C [--markdown] [-I] [-R] [-n RUNS] [-d WORKDIR] [-b BUILDDIR] [-s F:CLOSURE,...]
#
# Generates repositories (FAMILIESxVERSIONS, default "10x10 100x10 2000x10") under WORKDIR
# once, then prints Markdown tables: the in-process phases (rez-bench-phases) per repository,
# and whole-process `rez env REQ -c true` (cold cache, warm cache, --no-cache) per repository.
# With -O, that command is timed beside `rez env` on the same machine in the same session;
# in it, {REPO} is replaced by the repository path and {REQ} by the 10-family request.
#
# -C is the side-by-side suite instead (bench/sidebyside.py): the same repositories as
# package.lua, package.py, Lmod and Tcl modulefiles (sizes FAMILIES:CLOSURE, default
# 200:15,2000:81,20000:176), rez-lua against Rez (from /work/rez-src or REZ_SRC), Lmod
# (Debian's lmod) and Environment Modules (Debian's package unpacked into BUILDDIR/emod:
# it conflicts with lmod as an installed package), interleaved, medians of RUNS (default 24),
# ratios pair by pair, peak RSS. --markdown prints the whole report at the end as one
# Markdown document; -I adds CPU instructions per target; -R leaves Rez out.
set -eu

runs=
work=${TMPDIR:-/tmp}/rez-lua-bench
build=
sizes=
other=
side=0 markdown= instr= norez=
here=$(cd "$(dirname "$0")" && pwd)

for arg in "$@"; do
	shift
	if [ "$arg" = --markdown ]; then markdown=--markdown; else set -- "$@" "$arg"; fi
done
while getopts n:d:b:s:O:CIR opt; do
	case $opt in
	n) runs=$OPTARG ;;
	d) work=$OPTARG ;;
	b) build=$OPTARG ;;
	s) sizes=$OPTARG ;;
	O) other=$OPTARG ;;
	C) side=1 ;;
	I) instr=--instructions ;;
	R) norez=--no-rez ;;
	*) echo "usage: bench/run.sh [-n RUNS] [-d WORKDIR] [-b BUILDDIR] [-s SIZES] [-O CMD] | -C [--markdown] [-I] [-R]" >&2; exit 2 ;;
	esac
done

if [ -z "$build" ]; then
	build=$here/../build-bench
	cmake -S "$here/.." -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build "$build" -j2 --target rez rez-bench-run rez-bench-phases >/dev/null
fi
bin=$(cd "$build/bin" && pwd)
mkdir -p "$work"

if [ "$side" = 1 ]; then
	# Environment Modules from Debian's package, unpacked privately (it conflicts with lmod).
	emod=$build/emod
	if [ ! -f "$emod/usr/lib/x86_64-linux-gnu/modulecmd.tcl" ]; then
		mkdir -p "$emod.deb"
		(cd "$emod.deb" && apt-get download environment-modules >/dev/null 2>&1)
		dpkg -x "$emod.deb"/environment-modules_*.deb "$emod"
	fi
	exec python3 "$here/sidebyside.py" --bin "$bin" --work "$work/side" \
		--sizes "${sizes:-200:15,2000:81,20000:176}" --runs "${runs:-24}" \
		--emod "$emod/usr/lib/x86_64-linux-gnu" --rez-src "${REZ_SRC:-/work/rez-src/src}" \
		$markdown $instr $norez
fi
runs=${runs:-10}
sizes=${sizes:-"10x10 100x10 2000x10"}

echo "## Machine"
echo
echo "- nproc: $(nproc)"
echo "- CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "- kernel: $(uname -sr)"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- runs per row: $runs (median, min, max in ms; peak RSS of the process in MB)"
echo

# A request of N families spread over the upper half of a repository of F families.
request() {
	awk -v f="$1" -v n="$2" 'BEGIN {
		half = int(f / 2); if (half < n) half = f;
		step = int(half / n); if (step < 1) step = 1;
		for (i = 0; i < n && i < f; i++) printf "%sfam%04d", (i ? " " : ""), f - 1 - (i * step) % half
	}'
}

for size in $sizes; do
	fams=${size%x*}
	vers=${size#*x}
	repo=$work/r${fams}x${vers}
	if [ ! -d "$repo" ]; then
		lua5.4 "$here/gen_repo.lua" "$repo" "$fams" "$vers"
		# Past the cache's racy window, so the first run's records are written.
		sleep 1
	fi
	echo "## Repository ${fams} families x ${vers} versions ($((fams * vers)) packages)"
	echo
	"$bin/rez-bench-phases" -n "$runs" -c "$repo.phase-cache" "$repo"
	echo
	req=$(request "$fams" 10)
	cache=$repo.cache
	echo "Whole process: \`rez env $req -c true\` (bash runs the script)."
	echo
	echo "| command | median ms | min ms | max ms | peak RSS MB |"
	echo "|---|---:|---:|---:|---:|"
	# shellcheck disable=SC2086
	XDG_CACHE_HOME=$cache "$bin/rez-bench-run" -n "$runs" -l "rez env (cold cache)" \
		-p "rm -rf '$cache'" -- "$bin/rez" env $req --paths "$repo" -c true
	# shellcheck disable=SC2086
	XDG_CACHE_HOME=$cache "$bin/rez-bench-run" -n "$runs" -l "rez env (warm cache)" \
		-- "$bin/rez" env $req --paths "$repo" -c true
	# shellcheck disable=SC2086
	XDG_CACHE_HOME=$cache "$bin/rez-bench-run" -n "$runs" -l "rez env --no-cache" \
		-- "$bin/rez" env $req --paths "$repo" --no-cache -c true
	if [ -n "$other" ]; then
		cmd=$(printf '%s\n' "$other" | sed -e "s|{REPO}|$repo|g" -e "s|{REQ}|$req|g")
		# shellcheck disable=SC2086
		"$bin/rez-bench-run" -n "$runs" -l "other: $cmd" -- sh -c "$cmd"
	fi
	echo
done

# rez build -i of a no-op custom package (build_command = false: nothing but rez-lua runs),
# with no variants and with four; installs into a fresh repository each run.
b=$work/build-noop
rm -rf "$b"
mkdir -p "$b/deps" "$b/src1" "$b/src4"
for v in 1 2 3 4; do
	mkdir -p "$b/deps/python/$v.0"
	printf 'name = "python"\nversion = "%s.0"\n' "$v" >"$b/deps/python/$v.0/package.lua"
done
printf 'name = "noop"\nversion = "1.0"\nbuild_command = false\nfunction commands()\n    env.PATH:append("{root}/bin")\nend\n' >"$b/src1/package.lua"
printf 'name = "noop4"\nversion = "1.0"\nvariants = {{"python-1"}, {"python-2"}, {"python-3"}, {"python-4"}}\nbuild_command = false\nfunction commands()\n    env.PATH:append("{root}/bin")\nend\n' >"$b/src4/package.lua"
echo "## rez build -i of a no-op custom package"
echo
echo "Wall time, and CPU time (user + system: what rez-lua itself costs on a loaded machine)."
echo
echo "| command | median ms | min ms | max ms | peak RSS MB |"
echo "|---|---:|---:|---:|---:|"
for n in 1 4; do
	for mode in wall cpu; do
		flag=
		[ "$mode" = cpu ] && flag=-c
		# shellcheck disable=SC2086
		(cd "$b/src$n" && HOME=$b REZ_PACKAGES_PATH=$b/deps:$b/inst REZ_LOCAL_PACKAGES_PATH=$b/inst \
			"$bin/rez-bench-run" -n "$runs" $flag -l "rez build -i, $n variant(s), $mode" \
			-p "rm -rf '$b/inst' build" -- "$bin/rez" build -i)
	done
done
echo
