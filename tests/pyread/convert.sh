#!/usr/bin/env bash
# rez convert over a copy of the corpus and of Rez's test packages: each package.lua written
# loads the same data as its package.py (checked here independently of --check); --dry-run
# writes nothing; a second run reports "already Lua"; --force rewrites; --output-dir keeps
# the layout; unconvertible packages are listed with their located reason and exit 1.
TOOL=$1 REZ=$2 SRC=$3
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME=$T/home REZ_DISABLE_HOME_CONFIG=1
mkdir -p "$HOME"
fail=0
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*"; }
cp -r "$SRC/tests/pyread/corpus" "$T/repo"
cp -r "$SRC/tests/pyread/rez/solver/packages" "$T/repo/solver"
npy=$(find "$T/repo" -name package.py | wc -l)

out=$("$REZ" convert --dry-run "$T/repo")
[ $? = 1 ] || bad "dry run: exit status (one package is not convertible)"
[ "$(find "$T/repo" -name package.lua | wc -l)" = 0 ] || bad "dry run wrote files"
summary=$(printf '%s\n' "$out" | grep 'converted, ')
conv=${summary%% converted*}
[ "$conv" -ge 250 ] || bad "dry run converts only $conv of $npy"
printf '%s\n' "$out" | grep -q "visualstudio/2017/package.py:26: 'import subprocess' is not supported" ||
	bad "the unconvertible package is not listed with its reason"

"$REZ" convert --check "$T/repo" > "$T/out1"
grep -q "^$conv converted, 0 already Lua, " "$T/out1" || bad "convert: $(tail -3 "$T/out1")"
n=0
while IFS= read -r lua; do
	py=${lua%.lua}.py
	[ -f "$py" ] || continue
	n=$((n + 1))
	a=$("$TOOL" data "$py") b=$("$TOOL" data "$lua")
	[ "$a" = "$b" ] || { bad "$lua loads differently"; diff <(echo "$a") <(echo "$b") | head -5; }
done < <(find "$T/repo" -name package.lua)
[ "$n" = "$conv" ] || bad "$n package.lua files, $conv reported"

"$REZ" convert "$T/repo" > "$T/out2"
grep -q "^0 converted, $conv already Lua, " "$T/out2" || bad "second run: $(grep converted, "$T/out2")"
"$REZ" convert --force "$T/repo/solver" > "$T/out3"
grep -q "^[1-9][0-9]* converted, 0 already Lua, 0 not convertible" "$T/out3" || bad "--force: $(tail -1 "$T/out3")"

"$REZ" convert -o "$T/out" "$T/repo/solver" > /dev/null || bad "--output-dir"
[ -f "$T/out/pyvariants/2/package.lua" ] || bad "--output-dir layout"

# The converted repository resolves like the original.
a=$("$REZ" env --ni --paths "$T/repo/solver" pyvariants -- /usr/bin/env 2>&1 | grep -c REZ_PYVARIANTS)
[ "$a" -ge 1 ] || bad "rez env over the converted repository"
# rez view -f py shows a package.py function as its Python text, values as Python literals.
v=$("$REZ" view -b -f py --paths "$SRC/tests/pyread/rez/commands/packages" rextest)
[[ "$v" == *"name = 'rextest'"* && "$v" == *"def commands() -> None:"*"    alias('rextest', 'foobar')"* ]] ||
	bad "rez view -f py: $v"

# Golden conversions (tests/pyread/golden/X.py -> X.lua, exactly): comments and docstrings
# carried over on their lines, env.X:append(...), env.X = v, `if building then`, literal
# lists as plain tables in their own shape, and no rez.py at all where nothing needs it.
for g in "$SRC"/tests/pyread/golden/*.py; do
	want=${g%.py}.lua
	got=$("$TOOL" convert "$g")
	[ "$got" = "$(cat "$want")" ] || { bad "golden $(basename "$g")"; diff "$want" <(echo "$got") | head -10; }
	# and it loads the same data as the package.py
	printf '%s\n' "$got" > "$T/golden.lua"
	[ "$("$TOOL" data "$g")" = "$("$TOOL" data "$T/golden.lua")" ] || bad "golden $(basename "$g") loads differently"
done
grep -q '_py' "$SRC/tests/pyread/golden/comments.lua" && bad "golden comments.lua still uses rez.py"
# comments reach the converted corpus
c=$(grep -c -- '--' "$T/repo/Colorbleed/redshift/2.6.49/package.lua")
[ "$c" -ge 8 ] || bad "redshift's comments: $c lines"

# --check on an existing package.lua compares it with the package.py: a hand edit that
# changes one action is reported at its line, nothing is rewritten, exit 1.
mkdir -p "$T/hand/foo/2.1"
cp "$SRC/tests/pyread/golden/rex.py" "$T/hand/foo/2.1/package.py"
sed 's#"{root}/python"#"{root}/py"#' "$SRC/tests/pyread/golden/rex.lua" > "$T/hand/foo/2.1/package.lua"
cp "$T/hand/foo/2.1/package.lua" "$T/hand.before"
out=$("$REZ" convert --check "$T/hand")
rc=$?
[ $rc = 1 ] || bad "--check on a differing package.lua: exit $rc"
[[ "$out" == *"hand/foo/2.1/package.py:11: --check: commands (variant -1, building 0) differs at action 4: package.py gives 'setenv PYTHONPATH '$T/hand/foo/2.1/python'', package.lua 'setenv PYTHONPATH '$T/hand/foo/2.1/py''"* ]] ||
	bad "--check difference: $out"
cmp -s "$T/hand.before" "$T/hand/foo/2.1/package.lua" || bad "--check rewrote the package.lua"
cp "$SRC/tests/pyread/golden/rex.lua" "$T/hand/foo/2.1/package.lua"
out=$("$REZ" convert --check "$T/hand") || bad "--check on the golden conversion: $out"
[[ "$out" == *"0 converted, 1 already Lua, 0 not convertible"* ]] || bad "--check existing: $out"

echo "$n converted packages checked, $fail failures"
[ "$fail" = 0 ]
