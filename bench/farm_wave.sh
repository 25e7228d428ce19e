#!/usr/bin/env bash
# farm_wave.sh - a wave of farm jobs: N processes, each with an empty local package cache,
# resolving the same request against one repository, without and with the shared cache
# (memcached on loopback, started and stopped here). Reports per-process wall time (median,
# min, max), the file-system calls each makes (strace -c: stat/open/read/getdents), and the
# same request from a warm local cache, for comparison.
#
#   bench/farm_wave.sh [-b BUILDDIR] [-n PROCESSES] [-f FAMILIES] [-r REQUEST_FAMILIES]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build
n=20 fams=2000 rfams=10
while getopts b:n:f:r: o; do
	case $o in
	b) build=$OPTARG ;; n) n=$OPTARG ;; f) fams=$OPTARG ;; r) rfams=$OPTARG ;;
	*) echo "usage: bench/farm_wave.sh [-b BUILDDIR] [-n N] [-f FAMILIES] [-r REQFAMS]" >&2; exit 2 ;;
	esac
done
rez=$(cd "$build/bin" && pwd)/rez
work=$(mktemp -d "${TMPDIR:-/tmp}/rez-farm.XXXXXX")
port=$((30000 + RANDOM % 20000))
memcached -l 127.0.0.1 -p "$port" -U 0 -u root -m 512 2>/dev/null & mpid=$!
trap 'kill $mpid 2>/dev/null; rm -rf "$work"' EXIT
lua5.4 "$here/gen_repo.lua" "$work/repo" "$fams" 10 >/dev/null
req=$(awk -v f="$fams" -v n="$rfams" 'BEGIN { half = int(f / 2); step = int(half / n);
	for (i = 0; i < n; i++) printf "%sfam%04d", (i ? " " : ""), f - 1 - (i * step) % half }')
export REZ_DISABLE_HOME_CONFIG=1 HOME=$work
printf 'packages_path: [%s]\n' "$work/repo" >"$work/plain.yaml"
printf 'packages_path: [%s]\nmemcached_uri: ["127.0.0.1:%s"]\n' "$work/repo" "$port" >"$work/mc.yaml"
sleep 0.3

ms() { date +%s%N; }
# wave CONFIG LABEL: N processes one after another (a wave's per-node cost, not contention)
wave() {
	local cfg=$1 label=$2 times=() calls=0
	for i in $(seq 1 "$n"); do
		local c=$work/cache.$label.$i t0 t1
		t0=$(ms)
		REZ_CONFIG_FILE=$cfg REZ_PACKAGE_CACHE_DIR=$c "$rez" env $req -c true
		t1=$(ms)
		times+=($(( (t1 - t0) / 1000 )))
	done
	REZ_CONFIG_FILE=$cfg REZ_PACKAGE_CACHE_DIR=$work/cache.$label.strace \
		strace -f -c -o "$work/strace.$label" "$rez" env $req -c true
	calls=$(awk '/stat|open|read|getdents/ { s += $4 } END { print s + 0 }' "$work/strace.$label")
	printf '%s\n' "${times[@]}" | sort -n | awk -v l="$label" -v c="$calls" '
		{ a[NR] = $1 } END { printf "| %s | %.1f | %.1f | %.1f | %d |\n", l, a[int((NR + 1) / 2)] / 1000, a[1] / 1000, a[NR] / 1000, c }'
}
echo "Request: rez env $req -c true ($fams families x 10 versions), $n processes each with an empty local cache"
echo
echo "| wave | median ms | min ms | max ms | fs calls of one process |"
echo "|---|---:|---:|---:|---:|"
wave "$work/plain.yaml" "no memcached (cold local cache)"
REZ_CONFIG_FILE=$work/mc.yaml REZ_PACKAGE_CACHE_DIR=$work/seed "$rez" env $req -c true   # first node
wave "$work/mc.yaml" "memcached (cold local cache)"
# warm local cache, no memcached: the reference
REZ_CONFIG_FILE=$work/plain.yaml REZ_PACKAGE_CACHE_DIR=$work/warm "$rez" env $req -c true
n_saved=$n; n=$n_saved
wl() {
	local times=()
	for i in $(seq 1 "$n"); do
		local t0 t1; t0=$(ms)
		REZ_CONFIG_FILE=$work/plain.yaml REZ_PACKAGE_CACHE_DIR=$work/warm "$rez" env $req -c true
		t1=$(ms); times+=($(( (t1 - t0) / 1000 )))
	done
	REZ_CONFIG_FILE=$work/plain.yaml REZ_PACKAGE_CACHE_DIR=$work/warm strace -f -c -o "$work/strace.warm" "$rez" env $req -c true
	calls=$(awk '/stat|open|read|getdents/ { s += $4 } END { print s + 0 }' "$work/strace.warm")
	printf '%s\n' "${times[@]}" | sort -n | awk -v c="$calls" '
		{ a[NR] = $1 } END { printf "| warm local cache (reference) | %.1f | %.1f | %.1f | %d |\n", a[int((NR + 1) / 2)] / 1000, a[1] / 1000, a[NR] / 1000, c }'
}
wl
