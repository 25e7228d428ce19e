#!/usr/bin/env bash
# local.sh REZ SRC - the local resolve cache (resolve_caching; package_cache_dir/resolves):
# a repeated request is answered from it, and every change to what the resolve read
# (a definition edited, a version added, ignored or removed, a family appearing in an earlier
# repository path, a package.lua appearing beside a package.yaml) makes it solve again.
REZ=$1 SRC=$2
. "$SRC/tests/env/lib.sh"

R1=$TMPROOT/r1 R2=$TMPROOT/r2
mkpkg() {   # mkpkg REPO FAM VERSION REQUIRES...
	local repo=$1 fam=$2 ver=$3 d; shift 3
	d=$repo/$fam/$ver
	mkdir -p "$d"
	{
		printf 'name = "%s"\nversion = "%s"\nrequires = {' "$fam" "$ver"
		for r in "$@"; do printf '"%s", ' "$r"; done
		printf '}\nfunction commands()\n    setenv("%s_V", "%s")\nend\n' "$(echo "$fam" | tr a-z A-Z)" "$ver"
	} >"$d/package.lua"
}
mkpkg "$R1" base 1.0
mkpkg "$R1" base 1.1
mkpkg "$R1" lib 2.0 base-1
mkpkg "$R1" lib 2.1 base
mkpkg "$R1" app 1.0 lib
mkdir -p "$R2/other/1.0"
printf 'name: other\nversion: "1.0"\nrequires: [base-1.0]\n' >"$R2/other/1.0/package.yaml"
sleep 0.2
export REZ_PACKAGES_PATH=$R1:$R2 REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache

fromcache() { sed -n 's/^ *"from_cache": \(.*\),$/\1/p' "$1"; }
# resolve NAME REQ...: rez env, saving the context; $res the resolve, $fc from_cache
resolve() {
	local name=$1; shift
	"$REZ" env "$@" -o "$TMPROOT/$name.rxt"
	res=$("$REZ" context "$TMPROOT/$name.rxt" --res | tr '\n' ' ')
	res=${res% }
	fc=$(fromcache "$TMPROOT/$name.rxt")
}
fresh() { "$REZ" env --no-cache "$@" -c 'echo "$REZ_USED_RESOLVE"'; }
# step NAME REQ...: the first resolve after a change solves again and agrees with a fresh one;
# the next is from the cache and agrees too.
step() {
	local name=$1; shift
	local want; want=$(fresh "$@")
	resolve "$name.1" "$@"
	check "$name: solved again" "false" "$fc"
	check "$name: result" "$want" "$res"
	resolve "$name.2" "$@"
	check "$name: then from the cache" "true" "$fc"
	check "$name: cached result" "$want" "$res"
}

step first app
# A hit activates from the package data the entry carries: no family cache file and no
# definition is opened, and the commands set what a fresh resolve's do.
vars='echo "$APP_V $LIB_V $BASE_V"'
want=$("$REZ" env --no-cache app -c "$vars")
got=$(strace -f -qq -e trace=openat -o "$TMPROOT/strace.hit" "$REZ" env app -c "$vars")
check "hit: the commands' values" "$want" "$got"
check "hit: no family cache opened" 0 "$(grep -c '\.rzc"' "$TMPROOT/strace.hit")"
check "hit: no definition opened" 0 "$(grep -c 'package\.lua"' "$TMPROOT/strace.hit")"
ls "$TMPROOT/cache/resolves/"*.rsv >/dev/null 2>&1 && ok || bad "no resolve file written"
run "$REZ" context "$TMPROOT/first.1.2.rxt" -v 2>/dev/null
"$REZ" context "$TMPROOT/first.2.rxt" -v | grep -q '^from cache: *True$' && ok || bad "rez context -v shows from cache"

sleep 0.15; mkpkg "$R1" lib 2.1 base-1.0; sleep 0.2
step "definition edited" app
mkpkg "$R1" base 1.2; sleep 0.2
step "version added" app
touch "$R1/base/.ignore1.2"; sleep 0.2
step "version ignored" app
rm -rf "$R1/base/1.1"; sleep 0.2
step "version removed" app
step "other request" app other
mkpkg "$R1" other 1.0 base; sleep 0.2
step "family appears in an earlier path" app other
rm -rf "$R1/other"; sleep 0.2
step "family gone from the earlier path" app other
printf 'name = "other"\nversion = "1.0"\nrequires = {"lib"}\n' >"$R2/other/1.0/package.lua"; sleep 0.2
step "package.lua beside package.yaml" app other
# Nothing takes a package.lua's place: another kind beside it leaves the entry valid.
printf 'name = "other"\nversion = "1.0"\nrequires = ["base-1.0"]\n' >"$R2/other/1.0/package.py"
sleep 0.2
resolve "py beside lua" app other
check "package.py beside package.lua: still from the cache" "true" "$fc"
rm "$R2/other/1.0/package.lua"; sleep 0.2
step "package.lua removed, package.py takes its place" app other

# Not stored: @late requirements, files stamped in the future, failed resolves.
mkdir -p "$R1/late/1.0"
printf 'name = "late"\nversion = "1.0"\n@late\nfunction requires()\n    return {"base"}\nend\n' \
	>"$R1/late/1.0/package.lua"
sleep 0.2
resolve late1 late 2>/dev/null; resolve late2 late 2>/dev/null
if [ -f "$TMPROOT/late2.rxt" ]; then check "late requires: never from the cache" "false" "$fc"; fi
mkpkg "$R1" future 1.0; touch -d '+1 hour' "$R1/future/1.0/package.lua"
resolve fut1 future; resolve fut2 future
check "a definition stamped in the future: never cached" "false" "$fc"
run "$REZ" env app-9 -c true
run "$REZ" env app-9 -c true
check "failed resolve: still fails" 1 "$rc"

# Switched off, bypassed, damaged.
rm -rf "$TMPROOT/cache/resolves"
REZ_RESOLVE_CACHING=false "$REZ" env app -c true
[ -d "$TMPROOT/cache/resolves" ] && bad "resolve_caching=false wrote resolves" || ok
"$REZ" env --no-cache app -c true
[ -d "$TMPROOT/cache/resolves" ] && bad "--no-cache wrote resolves" || ok
want=$(fresh app)
resolve d1 app
for f in "$TMPROOT/cache/resolves/"*.rsv; do printf 'garbage' >"$f"; done
resolve d2 app
check "damaged file: solved again" "false" "$fc"
check "damaged file: result" "$want" "$res"
for f in "$TMPROOT/cache/resolves/"*.rsv; do head -c 60 "$f" >"$f.t" && mv "$f.t" "$f"; done
resolve d3 app
check "truncated file: result" "$want" "$res"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
