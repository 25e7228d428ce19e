#!/usr/bin/env bash
# Front-end checks: `rez CMD` and `rez-CMD` dispatch, usage errors, --version, and that an
# installed copy (cmake --install into a temporary prefix) runs with its rez-* links.
set -u
rez=$1 build=$2 src=$3
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect() { # expect CODE OUTPUT-SUBSTRING -- CMD...
	local code=$1 want=$2; shift 3
	local out rc
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" != "$code" ]; then bad "$* exited $rc, want $code: $out"; return; fi
	case "$out" in *"$want"*) ok ;; *) bad "$*: output lacks '$want': $out" ;; esac
}
export REZ_PACKAGES_PATH=$src/examples/packages REZ_DISABLE_HOME_CONFIG=1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

expect 0 "rez-lua " -- "$rez" --version
expect 2 "usage: rez COMMAND" -- "$rez"
expect 0 "env" -- "$rez" --help
expect 2 "unknown command 'nope'" -- "$rez" nope
expect 0 "usage: rez build" -- "$rez" build --help
expect 2 "unrecognised option '--frobnicate'" -- "$rez" env --frobnicate
expect 0 "usage: rez env" -- "$rez" env --help
expect 0 "myapp" -- "$build/bin/rez-search" myapp
expect 0 "MYAPP=$src/examples/packages/myapp/1.0.0" -- "$build/bin/rez-env" myapp -c 'echo MYAPP=$MYAPP_ROOT'

# rez view -c: the version resolved in the current context, not the latest.
expect 0 "version: 3.9.7" -- "$rez" env python-3.9 -c "$rez view -c python -b"
expect 1 "package 'myapp' is not in the current context" -- "$rez" env python-3.9 -c "$rez view -c myapp"
expect 1 "not in a resolved environment context" -- env -u REZ_RXT_FILE "$rez" view -c python
expect 1 "no matches found" -- "$rez" view nosuchpackage

# rez search --before / --after: release timestamps; unreleased packages match neither.
mkdir -p "$tmp/ts/a/1.0" "$tmp/ts/a/2.0" "$tmp/ts/a/3.0"
printf 'name = "a"\nversion = "1.0"\ntimestamp = 1000\n' > "$tmp/ts/a/1.0/package.lua"
printf 'name = "a"\nversion = "2.0"\ntimestamp = 2000\n' > "$tmp/ts/a/2.0/package.lua"
printf 'name = "a"\nversion = "3.0"\n' > "$tmp/ts/a/3.0/package.lua"
out=$("$rez" search --paths "$tmp/ts" a --before 1500) && [ "$out" = "a-1.0" ] && ok || bad "search --before: $out"
out=$("$rez" search --paths "$tmp/ts" a --after 1500) && [ "$out" = "a-2.0" ] && ok || bad "search --after: $out"
expect 1 "No matching packages found." -- "$rez" search --paths "$tmp/ts" a --after 5000
expect 2 "invalid time 'soon'" -- "$rez" search --paths "$tmp/ts" --before soon

# A table with 100,000 keys converts in linear time (maps are hash-indexed; it used to take
# over a minute, outside the sandbox's instruction budget).
mkdir -p "$tmp/big/big/1.0"
printf 'name = "big"\nversion = "1.0"\ndata = {}\nfor i = 1, 100000 do data["key" .. i] = i end\n' \
	> "$tmp/big/big/1.0/package.lua"
expect 0 "key99999: 99999" -- "$rez" view --paths "$tmp/big" big -b

# An installed copy works from its own prefix.
if cmake --install "$build" --prefix "$tmp/prefix" >/dev/null 2>&1; then
	ok
	for t in env context view search config build test release; do
		[ -L "$tmp/prefix/bin/rez-$t" ] && ok || bad "rez-$t not installed"
	done
	expect 0 "$tmp/prefix/bin/rez" -- "$tmp/prefix/bin/rez-env" myapp -c 'command -v rez'
else
	bad "cmake --install failed"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
