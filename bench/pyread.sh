#!/usr/bin/env bash
# bench/pyread.sh [BUILD] - the package.py reader against package.lua on the same 1,000
# packages (gen_repo.lua 100x10; bench/lua2py.py writes the package.py form): cold load of
# every definition (rez-bench-phases load-all) and a warm resolve (resolve-10-warm), the
# median of 5 runs each. Not part of ctest.
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
