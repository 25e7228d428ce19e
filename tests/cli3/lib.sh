# lib.sh - shared by tests/cli3/*.sh: tests/cli2's environment and checks, the binary's
# directory on PATH (completion scripts call `rez`), and a small source repository.
. "$SRC/tests/cli2/lib.sh"
BIN=$(cd "$(dirname "$REZ")" && pwd)
export PATH=$BIN:$PATH
# mkpkg REPO NAME VERSION [EXTRA LUA...]: a package.lua
mkpkg() {
	local repo=$1 name=$2 ver=$3 d; shift 3
	d=$repo/$name/$ver
	mkdir -p "$d"
	{ printf 'name = "%s"\nversion = "%s"\n' "$name" "$ver"; for l in "$@"; do printf '%s\n' "$l"; done; } >"$d/package.lua"
}
# no_stage DIR: nothing staged or half-removed is left under DIR
no_stage() {
	local left
	left=$(find "$2" -name '.rez-stage-*' -o -name '.rez-old-*' 2>/dev/null)
	[ -z "$left" ] && ok || bad "$1: left behind: $left"
}
