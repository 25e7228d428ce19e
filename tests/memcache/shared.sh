#!/usr/bin/env bash
# shared.sh REZ SRC - the shared cache (memcached_uri) end to end, against real memcached
# servers started here on loopback ports: nodes with empty local caches filling from it,
# whole resolves reused only while nothing they read changed, concurrent nodes while
# packages are edited, and every failure a server can have (killed, stopped, corrupt
# values, evicting) giving the same results as a resolve without any cache.
REZ=$1 SRC=$2
. "$SRC/tests/env/lib.sh"
command -v memcached >/dev/null || { echo "FAIL: memcached is not installed (scripts/dev test installs it)"; exit 1; }
command -v strace >/dev/null || { echo "FAIL: strace is not installed (scripts/dev test installs it)"; exit 1; }

pids=()
cleanup_servers() {
	for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null; kill "$p" 2>/dev/null; done
	wait 2>/dev/null
}
trap 'cleanup_servers; rm -rf "$TMPROOT"' EXIT

# A free loopback port: bind-test with bash's /dev/tcp (connection refused = free).
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 20000))
		(exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return; }
	done
}
# start_server VAR [memcached args...]: starts one server, sets VAR to its port, PID_<VAR>.
start_server() {
	local var=$1 port; shift
	port=$(free_port)
	memcached -l 127.0.0.1 -p "$port" -U 0 -u root "$@" 2>/dev/null &
	local pid=$!
	pids+=("$pid")
	for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.05; done
	printf -v "$var" %s "$port"
	printf -v "PID_$var" %s "$pid"
}

# A repository: 30 families x 4 versions; famK requires fam(K-1) and fam(K-2) (any version),
# every 5th family has two variants.
REPO=$TMPROOT/repo
mkpkg() {   # mkpkg FAM VERSION REQUIRES...
	local fam=$1 ver=$2 d; shift 2
	d=$REPO/$fam/$ver
	mkdir -p "$d"
	{
		printf 'name = "%s"\nversion = "%s"\n' "$fam" "$ver"
		printf 'requires = {'
		for r in "$@"; do printf '"%s", ' "$r"; done
		printf '}\n'
		printf 'function commands()\n    env.PATH:prepend("{root}/bin")\n    setenv("%s_TAG", "%s")\nend\n' \
			"$(echo "$fam" | tr a-z A-Z)" "$ver"
	} >"$d/package.lua"
}
for k in $(seq 0 29); do
	f=$(printf 'fam%02d' "$k")
	for v in 1.0 1.1 2.0 2.1; do
		reqs=()
		[ "$k" -ge 1 ] && reqs+=("$(printf 'fam%02d' $((k - 1)))")
		[ "$k" -ge 2 ] && reqs+=("$(printf 'fam%02d' $((k - 2)))-1+")
		mkpkg "$f" "$v" "${reqs[@]}"
	done
done
sleep 0.2   # past the package cache's racy window

start_server M1
start_server M2
CFG=$TMPROOT/rezconfig.yaml
write_cfg() {
	{
		printf 'packages_path: [%s]\n' "$REPO"
		printf 'memcached_uri: [%s]\n' "$1"
		printf 'memcached_timeout_ms: 50\n'
	} >"$CFG"
}
write_cfg "\"127.0.0.1:$M1\", \"127.0.0.1:$M2\""
export REZ_CONFIG_FILE=$CFG

# node N REQ...: `rez env` from the local cache of node N, printing the resolve and a
# variable its commands set.
node() {
	local n=$1; shift
	REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache.$n "$REZ" env "$@" -c 'echo "$REZ_USED_RESOLVE|$FAM29_TAG|$FAM00_TAG"'
}
fresh() { REZ_MEMCACHED_URI='[]' "$REZ" env --no-cache "$@" -c 'echo "$REZ_USED_RESOLVE|$FAM29_TAG|$FAM00_TAG"'; }

# ---- a node with an empty local cache fills it from the shared cache ----
want=$(fresh fam29)
got=$(node a fam29); check "first node resolves" "$want" "$got"
# Node b: empty local cache, no package definition opened at all.
got=$(REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache.b strace -f -qq -e trace=openat -o "$TMPROOT/strace.b" \
	"$REZ" env fam29 -c 'echo "$REZ_USED_RESOLVE|$FAM29_TAG|$FAM00_TAG"')
check "second node, empty local cache" "$want" "$got"
check "second node opened no definition" 0 "$(grep -c 'package\.lua' "$TMPROOT/strace.b")"
# The resolve came whole from the shared cache, with the packages' data: no family cache was
# needed. Node b's first real solve fills its local cache from the shared one.
got=$(REZ_RESOLVE_CACHING=false node b fam29); check "node b solving" "$want" "$got"
[ -s "$TMPROOT/cache.b/$(ls "$TMPROOT/cache.b" | head -1)/fam29.rzc" ] && ok || bad "node b's local cache was filled"
# The same with shared listings and records switched off: definitions are read again.
REZ_CACHE_PACKAGE_FILES=false REZ_CACHE_LISTDIR=false REZ_RESOLVE_CACHING=false \
	REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache.c strace -f -qq -e trace=openat -o "$TMPROOT/strace.c" \
	"$REZ" env fam29 -c true
[ "$(grep -c 'package\.lua' "$TMPROOT/strace.c")" -gt 0 ] && ok || bad "cache_package_files=false still shared records"

# ---- a whole resolve is reused only while nothing it read changed ----
got=$(node d fam29); check "resolve cache hit" "$want" "$got"
# Edit a package in place: its requirement changes; every node sees it.
sleep 0.15
mkpkg fam29 2.1 fam28-1.0 fam27-1+
sleep 0.2
want2=$(fresh fam29)
[ "$want2" != "$want" ] && ok || bad "the edit changes the fresh resolve"
for n in a b d e; do check "node $n after an edit" "$want2" "$(node $n fam29)"; done
# A new version appears in a family the resolve read.
mkpkg fam00 3.0
sleep 0.2
want3=$(fresh fam29)
case $want3 in *'|3.0') ok ;; *) bad "new fam00-3.0 picked by the fresh resolve: $want3" ;; esac
for n in a b d f; do check "node $n after a new version" "$want3" "$(node $n fam29)"; done
# A version removed (ignored) again.
touch "$REPO/fam00/.ignore3.0"
sleep 0.2
want4=$(fresh fam29)
for n in a b d g; do check "node $n after .ignore" "$want4" "$(node $n fam29)"; done

# ---- 50 concurrent nodes while another process edits and adds versions ----
reqs=("fam29" "fam20" "fam15 fam29" "fam10-1" "fam25-2")
editor() {
	for i in $(seq 1 12); do
		k=$((RANDOM % 30)); f=$(printf 'fam%02d' "$k")
		case $((i % 3)) in
		0) mkpkg "$f" "2.$((i + 1))" ;;
		1) mkpkg "$f" 2.1 ;;
		2) rm -rf "$REPO/$f/2.0"; mkpkg "$f" 2.0 "$(printf 'fam%02d' $((k > 0 ? k - 1 : 1)))-1" ;;
		esac
		sleep 0.03
	done
}
editor &
epid=$!
cpids=()
for i in $(seq 1 50); do
	r=${reqs[$((i % ${#reqs[@]}))]}
	( node "w$i" $r >"$TMPROOT/conc.$i" 2>"$TMPROOT/conc.$i.err"; echo $? >"$TMPROOT/conc.$i.rc" ) &
	cpids+=($!)
done
sleep 0.5
kill "$PID_M1"   # one server dies in the middle of the wave
wait "$epid"
for p in "${cpids[@]}"; do wait "$p"; done
wait "$PID_M1" 2>/dev/null
crashed=0
for i in $(seq 1 50); do
	rc=$(cat "$TMPROOT/conc.$i.rc")
	# A resolve during the edits may fail (a package rewritten under it); it must not crash.
	[ "$rc" -lt 128 ] || crashed=$((crashed + 1))
done
check "no concurrent node crashed" 0 "$crashed"
sleep 0.3   # the edits have settled
mism=0
declare -A fresh_of
for r in "${reqs[@]}"; do fresh_of[$r]=$(fresh $r 2>&1); done
for i in $(seq 1 50); do
	r=${reqs[$((i % ${#reqs[@]}))]}
	w=${fresh_of[$r]}; g=$(node "w$i" $r 2>&1)
	[ "$w" = "$g" ] || { mism=$((mism + 1)); printf 'node w%s (%s): want %s got %s\n' "$i" "$r" "$w" "$g" >&2; }
done
check "50 nodes agree with a fresh resolve after the edits (one server killed during the wave)" 0 "$mism"

# ---- failures: never an error, same results ----
want=$(fresh fam29)
# One server dead (killed during the wave above).
for n in a h; do check "server killed: node $n" "$want" "$(node $n fam29)"; done
run env REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache.i "$REZ" env fam29 -c true
check "server killed: silent without -v" "" "$err"
run env REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache.j "$REZ" env -v fam29 -c true
check "server killed: one warning with -v" 1 "$(printf '%s' "$err" | grep -c 'memcached')"
# A server that stops answering (SIGSTOP) for longer than the timeout.
start_server M3
write_cfg "\"127.0.0.1:$M2\", \"127.0.0.1:$M3\""
node k fam29 >/dev/null
kill -STOP "$PID_M3"
got=$(timeout 60 bash -c "REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache.l '$REZ' env fam29 -c 'echo \"\$REZ_USED_RESOLVE|\$FAM29_TAG|\$FAM00_TAG\"'")
check "stopped server: same result" "$want" "$got"
got=$(timeout 60 bash -c "REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache.k '$REZ' env fam29 -c 'echo \"\$REZ_USED_RESOLVE|\$FAM29_TAG|\$FAM00_TAG\"'")
check "stopped server: warm node" "$want" "$got"
kill -CONT "$PID_M3"
# Corrupt values: every key on the servers overwritten with garbage of several shapes.
python3 - "$M2" "$M3" <<'PY'
import socket, sys, random
for port in sys.argv[1:]:
    s = socket.create_connection(("127.0.0.1", int(port)))
    s.sendall(b"lru_crawler metadump all\r\n")
    buf = b""
    while not buf.endswith(b"END\r\n"):
        chunk = s.recv(65536)
        if not chunk: break
        buf += chunk
    keys = [l.split(b" ")[0].split(b"=")[1] for l in buf.split(b"\r\n") if l.startswith(b"key=")]
    for i, k in enumerate(keys):
        shapes = [b"", b"RZLM", b"RZLM\x01\x00\x00\x00" + bytes(random.randrange(256) for _ in range(60)),
                  bytes(random.randrange(256) for _ in range(300))]
        v = shapes[i % len(shapes)]
        s.sendall(b"set " + k + b" 0 0 %d\r\n" % len(v) + v + b"\r\n")
        s.recv(100)
    s.close()
PY
for n in m a; do check "corrupt values: node $n" "$want" "$(node $n fam29)"; done
got=$(node m fam29); check "corrupt values replaced" "$want" "$got"
# An evicting server: 1 MB of memory and a repository bigger than that.
cleanup_servers; pids=()
start_server M4 -m 2
write_cfg "\"127.0.0.1:$M4\""
fill() {   # pushes our entries out: 4,000 values of 1-3 kB
	python3 - "$M4" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
for i in range(4000):
    v = b"x" * (1000 + (i % 3) * 1000)
    s.sendall(b"set filler%d 0 0 %d noreply\r\n" % (i, len(v)) + v + b"\r\n")
s.sendall(b"stats\r\n")
buf = b""
while not buf.endswith(b"END\r\n"):
    buf += s.recv(65536)
print([l.split()[2].decode() for l in buf.split(b"\r\n") if l.startswith(b"STAT evictions ")][0])
PY
}
for i in $(seq 1 6); do
	got=$(node "e$i" fam29); check "evicting server: node e$i" "$want" "$got"
	ev=$(fill)
done
[ "$ev" -gt 0 ] && ok || bad "the small server evicted nothing ($ev)"

# ---- rez memcache ----
start_server M5
write_cfg "\"127.0.0.1:$M5\""
run "$REZ" memcache
check "memcache summary exit" 0 "$rc"
check "memcache summary header" "CACHE SERVER     UPTIME" "$(printf '%s' "$out" | head -1 | cut -c1-23)"
run "$REZ" memcache --warm
check "warm" "memcached servers are warmed." "${out%$'\n'}"
got=$(REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache.n strace -f -qq -e trace=openat -o "$TMPROOT/strace.n" \
	"$REZ" env fam29 -c 'echo "$REZ_USED_RESOLVE|$FAM29_TAG|$FAM00_TAG"')
check "after --warm: result" "$want" "$got"
check "after --warm: no definition opened" 0 "$(grep -c 'package\.lua' "$TMPROOT/strace.n")"
run "$REZ" memcache --stats
case $out in *"127.0.0.1:$M5:"*"get_hits: "*) ok ;; *) bad "memcache --stats: $out" ;; esac
run "$REZ" memcache --reset-stats
check "reset-stats" "memcached servers are stat reset." "${out%$'\n'}"
run "$REZ" memcache --flush
check "flush" "memcached servers are flushed." "${out%$'\n'}"
run timeout 2 "$REZ" memcache --poll --interval 0.3
case $out in "SERVER "*"127.0.0.1:$M5 "*) ok ;; *) bad "memcache --poll: $out" ;; esac
run "$REZ" memcache --interval x
check "bad interval" 2 "$rc"
write_cfg ""
run "$REZ" memcache
check "not enabled: exit" 1 "$rc"
check "not enabled: message" "rez-memcache: error: memcaching is not enabled (memcached_uri is empty)" "${err%$'\n'}"
write_cfg '"127.0.0.1:99999"'
run "$REZ" memcache
check "bad address: exit" 1 "$rc"
run env REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache.o "$REZ" env fam29 -c 'echo "$REZ_USED_RESOLVE|$FAM29_TAG|$FAM00_TAG"'
check "bad address: rez env still works" "$want" "${out%$'\n'}"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
