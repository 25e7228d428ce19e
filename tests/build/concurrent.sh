#!/usr/bin/env bash
# Two rez build -i of different variants of the same version at once: both land (the
# version lock serialises the definition merge), whatever the order, on a new version and
# on an existing one.
REZ=$1 SRC=$2
. "$SRC/tests/build/lib.sh"

for n in 1 2 3 4; do dep python "$n.0"; done
src multi
cat >package.lua <<'LUA'
name = "multi"
version = "1.0"
variants = {{"python-1"}, {"python-2"}, {"python-3"}, {"python-4"}}
build_command = 'mkdir -p "$DESTDIR{install_path}" && echo {variant_index} > "$DESTDIR{install_path}/idx" && sleep 0.{variant_index}'
function commands()
    env.IDX = "{root}/idx"
end
LUA
for round in 1 2 3; do
	rm -rf "$T/inst/multi"
	pids=
	for v in 0 1 2 3; do
		"$REZ" build -i --variants $v >"$T/out.$v" 2>"$T/err.$v" &
		pids="$pids $!"
	done
	i=0
	for p in $pids; do
		wait "$p"
		check "round $round: build of variant $i" 0 "$?"
		i=$((i + 1))
	done
	for v in 1 2 3 4; do
		run "$REZ" env multi python-$v -c 'cat "$IDX"'
		check "round $round: variant python-$v installed" "$((v - 1))" "$out"
	done
	check "round $round: four variants in the definition" 4 \
		"$(sed -n '/^variants/,/^}/p' "$T/inst/multi/1.0/package.lua" | grep -c '{"python-')"
	no_staging_left "round $round"
	[ ! -e "$T/inst/multi/.building1.0" ] && ok || bad "round $round: .building marker left"
done

# rebuilding two installed variants at once while rez env reads them
pids=
for v in 0 3; do
	"$REZ" build -i --variants $v >"$T/out.$v" 2>"$T/err.$v" &
	pids="$pids $!"
done
for _ in 1 2 3 4 5 6 7 8; do
	run "$REZ" env multi python-4 -c 'cat "$IDX"'
	check "read during rebuild" "3" "$out"
done
for p in $pids; do wait "$p"; check "concurrent rebuild" 0 "$?"; done

finish
