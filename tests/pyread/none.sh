#!/usr/bin/env bash
# Python None inside lists (item 6 of issue 15). What Rez 3.4 does, measured with real Rez
# (get_package(...).<attr> and rez-env): every attribute with a schema (requires,
# build_requires, private_build_requires, variants, tools, authors, help, relocatable,
# hashed_variants, tests) fails validation on a None item; a custom attribute keeps it
# (foo = ["a", None]); a dict value None is kept. rez-lua refuses every None item with the
# located message (the error Rez gives for the schema attributes; a documented difference for
# the custom ones), drops a dict value None, and refuses a None item made at run time in
# commands at its line. Each case: non-zero exit, one stderr line, the message.
TOOL=$1 REZ=$2
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export REZ_DISABLE_HOME_CONFIG=1 REZ_CONFIG_FILE=/dev/null HOME=$T/home XDG_CACHE_HOME=$T/cache
mkdir -p "$HOME"
fails=0 passes=0

check() {
	local name=$1 want=$2 err rc lines
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	lines=$(printf '%s\n' "$err" | grep -c .)
	if [ $rc -eq 0 ] || [ $rc -ge 128 ] || [ "$lines" -ne 1 ] || [[ "$err" != *"$want"* ]]; then
		echo "FAIL $name: rc=$rc"
		echo "  want: $want"
		echo "  got:  $err"
		fails=$((fails + 1))
	else
		passes=$((passes + 1))
	fi
}

n=0
# case ATTR VALUE KIND: a package whose line 3 is ATTR = VALUE
for spec in 'requires|["a", None]|list' 'build_requires|["a", None]|list' \
	'private_build_requires|[None]|list' 'variants|[["a", None]]|list' \
	'tools|["a", None]|list' 'authors|["a", None]|list' 'help|[["x", None]]|list' \
	'relocatable|[None]|list' 'hashed_variants|["a", None]|list' \
	'tests|{"t": {"command": ["a", None]}}|list' 'foo|["a", None]|list' \
	'foo|("a", None)|tuple' 'foo|{"a": [None]}|list' 'foo|{None, "a"}|set'; do
	IFS='|' read -r attr value kind <<< "$spec"
	n=$((n + 1))
	mkdir -p "$T/r$n/pkg/1.0"
	printf 'name = "pkg"\nversion = "1.0"\n%s = %s\n' "$attr" "$value" > "$T/r$n/pkg/1.0/package.py"
	want="$T/r$n/pkg/1.0/package.py:3: TypeError: None inside a $kind is not supported when reading package.py"
	check "$attr=$value" "$want" "$REZ" view --paths "$T/r$n" pkg
done

# a dict value None drops the key; the rest of the dict is read
mkdir -p "$T/d/pkg/1.0"
printf 'name = "pkg"\nversion = "1.0"\nfoo = {"a": None, "b": 1}\n' > "$T/d/pkg/1.0/package.py"
out=$("$TOOL" data "$T/d/pkg/1.0/package.py" | grep '^foo')
if [ "$out" = "foo = {b: 1}" ] || [ "$out" = "foo: {b: 1}" ]; then
	passes=$((passes + 1))
else
	echo "FAIL dict None value: $out"
	fails=$((fails + 1))
fi

# a None item made when commands run: refused at its line by rez env
mkdir -p "$T/c/pkg/1.0"
cat > "$T/c/pkg/1.0/package.py" <<'P'
name = "pkg"
version = "1.0"
def commands():
    import os
    paths = [os.getenv("PYREAD_NONE_UNSET_VAR"), "{root}/bin"]
    for p in paths:
        if p:
            env.PATH.append(p)
P
unset PYREAD_NONE_UNSET_VAR
check commands "package.py:5): TypeError: None inside a list is not supported when reading package.py" \
	"$REZ" env --paths "$T/c" pkg -c true

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
