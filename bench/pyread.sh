#!/usr/bin/env bash
# bench/pyread.sh [BUILD] - the package.py reader against package.lua on the same 1,000
# packages (gen_repo.lua 100x10; bench/lua2py.py writes the package.py form): cold load of
# every definition (rez-bench-phases load-all) and a warm resolve (resolve-10-warm), the
# median of 5 runs each; then the cold load counted in CPU instructions (user space, one run
# under valgrind's callgrind: the hardware counters of `perf stat -e instructions:u` are not
# available on every machine, and wall times mean little on a loaded one) and their ratio,
# which is the number to compare (target: at most 1.5). Not part of ctest.
set -eu
B=${1:-build}/bin/rez-bench-phases
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
D=$(dirname "$0")
lua5.4 "$D/gen_repo.lua" "$W/lua" 100 10 >/dev/null
cp -r "$W/lua" "$W/py"
python3 "$D/lua2py.py" "$W/py"
for form in lua py; do
	echo "## $form"
	"$B" -n 5 -c "$W/cache-$form" -o load-all "$W/$form" | tail -1
	"$B" -n 5 -c "$W/cache-$form" -o resolve-10-warm "$W/$form" | tail -1
done
# instructions of the process doing the load (the bench forks one per run)
count() {
	rm -rf "$W/cg" "$W/icache"
	mkdir "$W/cg"
	valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$W/cg/%p" \
		"$B" -n 1 -c "$W/icache" -o load-all "$1" >/dev/null 2>&1
	for f in "$W"/cg/*; do sed -n 's/^totals: //p; s/^summary: //p' "$f" | head -1; done |
		sort -n | tail -1
}
if command -v valgrind >/dev/null; then
	lua_i=$(count "$W/lua")
	py_i=$(count "$W/py")
	echo "## cold load, instructions: lua $lua_i, py $py_i, ratio $(awk -v a="$py_i" -v b="$lua_i" 'BEGIN { printf "%.2f", a / b }')"
fi
