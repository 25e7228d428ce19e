#!/usr/bin/env bash
# A context saved by real Rez 3.4 over package.py packages activates in rez-lua.
# rxt/ctx.rxt.in is what `ResolvedContext(["foo"]).save(path)` wrote (the packages path
# replaced by @ROOT@), over rxt/repo (foo's package.py has commands with prepend, append,
# if building, alias, setenv and str(version); inc's comes from Rez's rez build --install,
# with an @include of a Python module). rxt/expected.env is Rez's own
# ResolvedContext.load(path).get_environ() for it: every package variable, the REZ_USED_*
# variables that describe the resolve (not REZ_USED and REZ_USED_VERSION, which name the
# tool; Rez also sets REZ_USED_LOCAL_RESOLVE, which rez-lua does not), and the package part of PATH (PATH_PACKAGES: its entries inside the repository; the
# system part is each tool's own).
# Checked in real bash, both through `rez context FILE -i -f bash` (eval'd) and
# `rez env --input FILE -c`, plus the alias.
TOOL=$1 REZ=$2 SRC=$3
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export REZ_DISABLE_HOME_CONFIG=1 REZ_CONFIG_FILE=/dev/null HOME=$T/home XDG_CACHE_HOME=$T/cache
mkdir -p "$HOME"
fails=0 passes=0
D=$SRC/tests/pyread/rxt
cp -r "$D/repo" "$T/install"
sed "s#@ROOT@#$T#g" "$D/ctx.rxt.in" > "$T/ctx.rxt"
sed "s#@ROOT@#$T#g" "$D/expected.env" > "$T/want"
export PATH=/usr/bin:/bin
dump='T="$1"; for v in $(compgen -e | sort); do case $v in FOO*|INC*|STUDIO*|PYTHONPATH|REZ_FOO*|REZ_INC*) printf "%s=%s\n" "$v" "${!v}";; REZ_USED_*) [ "$v" = REZ_USED_VERSION ] || printf "%s=%s\n" "$v" "${!v}";; esac; done; printf "PATH_PACKAGES=%s\n" "$(printf %s "$PATH" | tr : "\n" | grep "^$T/" | paste -sd:)"'

compare() {
	local name=$1 got=$2
	if diff <(sort "$T/want") <(printf '%s\n' "$got" | sort) > "$T/diff"; then
		passes=$((passes + 1))
	else
		echo "FAIL $name"
		cat "$T/diff"
		fails=$((fails + 1))
	fi
}

script=$("$REZ" context "$T/ctx.rxt" -i -f bash) || { echo "FAIL rez context -i"; fails=$((fails + 1)); }
got=$(bash --norc --noprofile -c "eval \"\$2\"; $dump" bash "$T" "$script" 2>&1)
compare "rez context -i -f bash" "$got"

got=$(T=$T "$REZ" env --input "$T/ctx.rxt" -c "set -- \"\$T\"; $dump" 2>&1)
compare "rez env --input" "$got"

# the alias Rez's bash gets from alias("fooa", ...)
got=$(bash --norc --noprofile -O expand_aliases -c "eval \"\$1\"
type fooa" bash "$script" 2>&1)
if [[ "$got" == *"$T/install/foo/2.1/bin/footool --fast"* ]]; then
	passes=$((passes + 1))
else
	echo "FAIL alias: $got"
	fails=$((fails + 1))
fi

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
