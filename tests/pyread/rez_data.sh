#!/usr/bin/env bash
# Rez's own test packages (src/rez/data/tests/**/package.py of Rez's repository, copied
# into tests/pyread/rez, see its NOTICE) read by rez-lua give what their package.lua translations in
# tests/ give:
#   1. the same loaded data (functions compared by name, kind and @include modules);
#   2. the same resolves: every case of tests/solver/cases.txt over a copy of
#      tests/solver/packages where each translated package is replaced by Rez's package.py;
#   3. the same environments: rez env over Rez's rextest/rextest2 vs the package.lua ports.
TOOL=$1 REZ=$2 SRC=$3
set -u
RT=${REZ_TESTS:-$SRC/tests/pyread/rez}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0 n=0
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*"; }

# 1. data
while IFS= read -r f; do
	d=$(dirname "$f")
	case $d in commands/*) l=$SRC/tests/rex/${d#commands/} ;; *) l=$SRC/tests/$d ;; esac
	[ -f "$l/package.lua" ] || continue
	n=$((n + 1))
	a=$("$TOOL" data "$RT/$f")
	b=$("$TOOL" data "$l/package.lua")
	# The port of missing_variant_requires left out Rez's empty `commands` (pass).
	[ "$d" = solver/packages/missing_variant_requires/1 ] &&
		a=$(printf '%s\n' "$a" | grep -v '^commands = ')
	[ "$a" = "$b" ] || { bad "data of $f"; diff <(echo "$b") <(echo "$a"); }
done < <(cd "$RT" && find solver/packages commands/packages -name package.py | sort)
echo "data: $n package.py files compared"
[ "$n" -ge 40 ] || bad "only $n package.py files found under $RT"

# 2. resolves
cp -r "$SRC/tests/solver/packages" "$T/solver"
m=0
while IFS= read -r f; do
	d=${f#solver/packages/}
	d=$(dirname "$d")
	if [ -f "$T/solver/$d/package.lua" ]; then
		rm "$T/solver/$d/package.lua"
		cp "$RT/$f" "$T/solver/$d/package.py"
		m=$((m + 1))
	fi
done < <(cd "$RT" && find solver/packages -name package.py)
echo "resolves: $m packages read from package.py"
SOLVER_PKGS=$T/solver bash "$SRC/tests/env/solver_cases.sh" "$REZ" "$SRC" > "$T/solver.out" 2>&1 ||
	{ bad "solver cases over package.py"; tail -20 "$T/solver.out"; }
tail -1 "$T/solver.out"

# 3. environments
mkdir -p "$T/py" "$T/lu" "$T/home"
cp -r "$RT/commands/packages/rextest" "$RT/commands/packages/rextest2" "$T/py/"
rm -rf "$T/py/rextest/1.1"     # rez-1 command lists (not read by rez-lua)
cp -r "$SRC/tests/rex/packages/rextest" "$SRC/tests/rex/packages/rextest2" "$T/lu/"
envof() {
	HOME=$T/home REZ_DISABLE_HOME_CONFIG=1 "$REZ" env --paths "$1" rextest rextest2 -- \
		/usr/bin/env | grep -E '^(REXTEST|REZ_)' | grep -v 'TIMESTAMP=\|^REZ_RXT_FILE\|^REZ_CONTEXT_FILE' |
		sed "s|$1|REPO|g" | sort
}
a=$(envof "$T/py") b=$(envof "$T/lu")
n=$((n + 1))
if [ -z "$a" ] || [ "$a" != "$b" ]; then bad "environment of rextest rextest2"; diff <(echo "$b") <(echo "$a"); fi
echo "environment: $(echo "$a" | wc -l) variables compared"
[ "$fail" = 0 ]
