#!/usr/bin/env bash
# Interrupting rez build -i: Ctrl-C (SIGINT to the process group) during the build command,
# SIGKILL during it, and SIGKILL at every rename rez-lua makes (strace fault injection).
# After each, rez env sees exactly the previous install (or the new one, whole), and a
# rebuild succeeds and clears what the interrupted build left.
REZ=$1 SRC=$2
. "$SRC/tests/build/lib.sh"

src pkg
write_pkg() {   # write_pkg PAYLOAD [SLEEP]
	cat >package.lua <<LUA
name = "pkg"
version = "1.0"
variants = {{"python-3"}, {"python-2"}}
build_command = 'mkdir -p "\$DESTDIR{install_path}" && echo $1 > "\$DESTDIR{install_path}/payload" && touch $T/started && sleep ${2:-0}'
function commands()
    env.PAYLOAD = "{root}/payload"
end
LUA
}
state() {
	for v in 2 3; do
		"$REZ" env pkg python-$v -c 'cat "$PAYLOAD"' 2>&1 || echo "rc=$?"
	done
}
# Background jobs of a script start with SIGINT ignored: restore it, as a terminal's
# foreground job has it.
DFL_INT='import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT}); os.execvp(sys.argv[1], sys.argv[1:])'
write_pkg old
run "$REZ" build -i
check "initial install" 0 "$rc"
check "initial state" "old
old" "$(state)"

# ---- Ctrl-C while the build command runs ----
write_pkg new 30
rm -f "$T/started"
setsid python3 -c "$DFL_INT" "$REZ" build -i >"$T/out" 2>"$T/err" &
pid=$!
for _ in $(seq 300); do [ -e "$T/started" ] && break; sleep 0.1; done
kill -INT -- "-$pid"
wait "$pid"
check "SIGINT exit status" 130 "$?"
check "SIGINT: previous install" "old
old" "$(state)"
no_staging_left "SIGINT"

# ---- SIGKILL of the whole group while the build command runs ----
rm -f "$T/started"
setsid "$REZ" build -i >"$T/out" 2>"$T/err" &
pid=$!
for _ in $(seq 300); do [ -e "$T/started" ] && break; sleep 0.1; done
kill -KILL -- "-$pid"
wait "$pid" 2>/dev/null
check "SIGKILL: previous install" "old
old" "$(state)"

# ---- SIGKILL at each rename (the staging, the placing, the definition write) ----
write_pkg new 0
n=0
for when in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
	strace -f -qq -o /dev/null -e trace=rename,renameat,renameat2 \
		-e inject=rename,renameat,renameat2:signal=KILL:when=$when \
		"$REZ" build -i >"$T/out" 2>"$T/err"
	st=$(state)
	case "$st" in
	"old
old"|"new
old"|"old
new"|"new
new") ok ;;
	*) bad "kill at rename $when: inconsistent state: $st" ;;
	esac
	grep -q '^format_version = 2$' "$T/inst/pkg/1.0/package.lua" && ok || bad "kill at rename $when: package.lua broken"
	n=$((n + 1))
done

# ---- a first install killed at each rename: nothing or everything ----
src fresh
cat >package.lua <<'LUA'
name = "fresh"
version = "1.0"
build_command = 'mkdir -p "$DESTDIR{install_path}" && echo fresh > "$DESTDIR{install_path}/payload"'
function commands()
    env.PAYLOAD = "{root}/payload"
end
LUA
for when in 1 2 3 4 5 6; do
	rm -rf "$T/inst/fresh"
	strace -f -qq -o /dev/null -e trace=rename,renameat,renameat2 \
		-e inject=rename,renameat,renameat2:signal=KILL:when=$when \
		"$REZ" build -i >"$T/out" 2>"$T/err"
	run "$REZ" env fresh -c 'cat "$PAYLOAD"'
	if [ "$rc" = 0 ]; then
		check "fresh kill at $when: whole install" "fresh" "$out"
	else
		check_has "fresh kill at $when: not there" "fresh" "$err"
	fi
	no_sanitizer "fresh kill at $when"
done
run "$REZ" build -i
check "fresh rebuild after kills" 0 "$rc"

# ---- the next build succeeds and clears the leftovers ----
cd "$T/src/pkg"
run "$REZ" build -i
check "rebuild after interruptions" 0 "$rc"
check "rebuilt state" "new
new" "$(state)"
no_staging_left "after rebuild"
[ ! -e "$T/inst/pkg/.building1.0" ] && ok || bad "stale .building marker"

finish
