#!/usr/bin/env bash
# cp.sh REZ SRC - rez cp, rez mv, rez rm and rez pkg-ignore through the real binary: Rez's
# options and messages, variants (plain, nested, hashed), payload options, the package and
# resolve caches seeing every change, and copies killed with SIGKILL at many points leaving
# either nothing a resolve sees or the whole package.
REZ=$1 SRC=$2
. "$SRC/tests/cli3/lib.sh"

S=$TMPROOT/src D=$TMPROOT/dst
export REZ_PACKAGES_PATH=$S REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache
mkpkg "$S" python 2.0
mkpkg "$S" python 3.0
mkpkg "$S" foo 1.0 'description = "a foo"' 'variants = {{"python-3"}, {"python-2"}}' \
	'function commands()' '    env.PATH:prepend("{root}/bin")' '    setenv("FOO_ROOT", "{root}")' 'end'
mkdir -p "$S/foo/1.0/python-3/bin" "$S/foo/1.0/python-2/bin"
echo three >"$S/foo/1.0/python-3/bin/tool"; echo two >"$S/foo/1.0/python-2/bin/tool"
chmod 755 "$S/foo/1.0/python-3/bin/tool"
mkpkg "$S" bar 2.0 'requires = {"python"}' 'timestamp = 1000' \
	'function commands()' '    setenv("BAR_ROOT", "{root}")' 'end'
mkdir -p "$S/bar/2.0/data"; echo payload >"$S/bar/2.0/data/x"
ln -s "$S/bar/2.0/data/x" "$S/bar/2.0/link"
mkpkg "$S" hb 1.0 'hashed_variants = true' 'variants = {{"python-3"}, {"python-2"}}' \
	'function commands()' '    setenv("HB_ROOT", "{root}")' 'end'
# the hashed variant directories, where rez-lua (as Rez) looks for them
h0=$("$REZ" env --paths "$S" hb python-3 -c 'basename "$HB_ROOT"')
h1=$("$REZ" env --paths "$S" hb python-2 -c 'basename "$HB_ROOT"')
mkdir -p "$S/hb/1.0/$h0" "$S/hb/1.0/$h1"; echo h0 >"$S/hb/1.0/$h0/f"; echo h1 >"$S/hb/1.0/$h1/f"
mkpkg "$S" pinned 1.0 'relocatable = false'
mkdir -p "$D/existing"   # a repository that is not empty

# ---- usage and refusals ----
expect_fail "cp: no PKG" 2 "expected PKG" -- "$REZ" cp --dest-path "$D"
expect_fail "cp: no dest" 2 "--dest-path must be specified unless --rename or --reversion" -- "$REZ" cp foo
expect_fail "cp: PKG and uri" 2 "supply PKG or --variant-uri, not both" -- "$REZ" cp foo --variant-uri x --dest-path "$D"
expect_fail "cp: no match" 1 "No matching packages found." -- "$REZ" cp nosuch --dest-path "$D"
expect_fail "cp: two match" 1 "More than one package matches, please choose:" -- "$REZ" cp python --dest-path "$D"
expect_fail "cp: empty repo" 1 "Attempting to copy a package into an EMPTY repository" -- "$REZ" cp foo --dest-path "$TMPROOT/new"
[ -e "$TMPROOT/new" ] && bad "cp: empty repo created" || ok
expect_fail "cp: over itself" 1 "cannot copy package over itself" -- "$REZ" cp foo --dest-path "$S"
expect_fail "cp: relocatable" 1 "cannot copy non-relocatable package" -- "$REZ" cp pinned --dest-path "$D"
expect_fail "cp: bad variant" 1 "the package does not contain the variants: 5" -- "$REZ" cp foo --dest-path "$D" --variants 0 5
expect_fail "cp: bad reversion" 2 "" -- "$REZ" cp foo --reversion '1..2'

# ---- dry run: says what, writes nothing ----
run "$REZ" cp foo --dest-path "$D" --dry-run
check "dry: rc" 0 "$rc"
check "dry: out" "2 variants would be copied:
  $S/foo/1.0/package.lua[0] -> $D/foo/1.0/?
  $S/foo/1.0/package.lua[1] -> $D/foo/1.0/?
" "$out"
[ -e "$D/foo" ] && bad "dry: wrote $D/foo" || ok

# ---- a varianted package ----
run "$REZ" cp foo --dest-path "$D"
check "cp foo: out" "2 variants were copied:
  $S/foo/1.0/package.lua[0] -> $D/foo/1.0/package.lua[0]
  $S/foo/1.0/package.lua[1] -> $D/foo/1.0/package.lua[1]
" "$out"
check "cp foo: payload" "three" "$(cat "$D/foo/1.0/python-3/bin/tool")"
[ -x "$D/foo/1.0/python-3/bin/tool" ] && ok || bad "cp foo: mode lost"
run "$REZ" env --paths "$D:$S" foo python-2 -c 'echo "$FOO_ROOT"; cat "$FOO_ROOT/bin/tool"'
check "cp foo: resolves from the destination" "$D/foo/1.0/python-2
two
" "$out"
"$REZ" view --paths "$D" foo -f lua -a -b | grep -q '^timestamp = ' && ok || bad "cp foo: no new timestamp"
run "$REZ" cp foo --dest-path "$D"
check "cp foo again: skipped" "2 variants were skipped (target exists):
  $S/foo/1.0/package.lua[0] !-> $D/foo/1.0/package.lua[0]
  $S/foo/1.0/package.lua[1] !-> $D/foo/1.0/package.lua[1]
" "$out"
echo changed >"$S/foo/1.0/python-2/bin/tool"
run "$REZ" cp foo --dest-path "$D" -o --variants -1
check "cp -o: one variant" "1 variants were copied:
  $S/foo/1.0/package.lua[1] -> $D/foo/1.0/package.lua[1]
" "$out"
check "cp -o: payload replaced" "changed" "$(cat "$D/foo/1.0/python-2/bin/tool")"
check "cp -o: other variant kept" "three" "$(cat "$D/foo/1.0/python-3/bin/tool")"

# variants one at a time into a new repository: the definition gathers them
D2=$TMPROOT/dst2
run "$REZ" cp foo --dest-path "$D2" --allow-empty --variants 1
check "cp --variants 1: rc" 0 "$rc"
run "$REZ" cp foo --dest-path "$D2" --variants 0
check "cp --variants 0: index in the destination" "1 variants were copied:
  $S/foo/1.0/package.lua[0] -> $D2/foo/1.0/package.lua[1]
" "$out"
run "$REZ" env --paths "$D2:$S" foo python-3 -c 'cat "$FOO_ROOT/bin/tool"'
check "gathered variants resolve" "three
" "$out"

# --variant-uri
D3=$TMPROOT/dst3
run "$REZ" cp --variant-uri "$S/foo/1.0/package.lua[1]" --dest-path "$D3" --allow-empty
check "variant-uri: rc ($err)" 0 "$rc"
[ -d "$D3/foo/1.0/python-2" ] && [ ! -e "$D3/foo/1.0/python-3" ] && ok || bad "variant-uri: wrong variant"

# ---- a package without variants: rename, reversion, timestamps, symlinks ----
run "$REZ" cp bar --dest-path "$D" --reversion 2.1
check "reversion: out" "Copied $S/bar/2.0/package.lua to $D/bar/2.1/package.lua
" "$out"
run "$REZ" view --paths "$D" bar -f lua -a -b
has "reversion: version" 'version = "2.1"' "$out"
hasnt "reversion: new timestamp" 'timestamp = 1000' "$out"
[ -L "$D/bar/2.1/link" ] && ok || bad "cp: symlink not kept as a link"
run "$REZ" cp bar --dest-path "$D" --reversion 2.2 -k --follow-symlinks
"$REZ" view --paths "$D" bar-2.2 -f lua -a -b | grep -q '^timestamp = 1000$' && ok || bad "-k: timestamp not kept"
[ -f "$D/bar/2.2/link" ] && [ ! -L "$D/bar/2.2/link" ] && ok || bad "--follow-symlinks: still a link"
run "$REZ" cp bar==2.0 --reversion 2.0.1
check "cp within the repository: rc ($err)" 0 "$rc"
[ -f "$S/bar/2.0.1/data/x" ] && ok || bad "reversion in place: payload"
run "$REZ" cp bar==2.0 --rename baz --dest-path "$D"
"$REZ" view --paths "$D" baz -f lua -b | grep -q '^name = "baz"$' && ok || bad "--rename: name"
run "$REZ" env --paths "$D:$S" baz -c 'echo "$BAR_ROOT"'
check "--rename: resolves" "$D/baz/2.0
" "$out"
run "$REZ" cp bar==2.0 --dest-path "$D" --reversion 2.1
check "existing: message" "Target package already exists: $D/bar/2.1/package.lua. Use 'overwrite' to replace it.
" "$out"
run "$REZ" cp bar==2.0 --dest-path "$D" --reversion 2.3 -s
[ -L "$D/bar/2.3/data" ] && check "shallow: link target" "$S/bar/2.0/data" "$(readlink "$D/bar/2.3/data")" || bad "shallow: not a link"
run "$REZ" cp pinned --dest-path "$D" -f
check "-f: non-relocatable copied" 0 "$rc"

# ---- hashed variants ----
run "$REZ" cp hb --dest-path "$D"
check "hashed: rc ($err)" 0 "$rc"
check "hashed: payload" "h1" "$(cat "$D/hb/1.0/$h1/f")"
[ -L "$D/hb/1.0/_v/a" ] && ok || bad "hashed: no shortlink"
run "$REZ" env --paths "$D:$S" hb python-2 -c 'cat "$HB_ROOT/f"'
check "hashed: resolves from the destination" "h1
" "$out"

# @include modules (.rez/include at the version level) go with the package, varianted or not
mkpkg "$S" inc 1.0 'variants = {{"python-3"}}'
mkpkg "$S" incflat 1.0
for p in inc incflat; do
	mkdir -p "$S/$p/1.0/.rez/include/site"
	echo 'return {}' >"$S/$p/1.0/.rez/include/site/util.lua"
	echo abc >"$S/$p/1.0/.rez/include/site/util.sha1"
done
mkdir -p "$S/inc/1.0/python-3"
run "$REZ" cp inc --dest-path "$D"
check "include (variants): module" "return {}" "$(cat "$D/inc/1.0/.rez/include/site/util.lua" 2>&1)"
run "$REZ" cp incflat --dest-path "$D"
check "include (no variants): checksum" "abc" "$(cat "$D/incflat/1.0/.rez/include/site/util.sha1" 2>&1)"

# a package.yaml source is installed as package.lua with the same data
mkdir -p "$S/yam/1.0/bin"
printf 'name: yam\nversion: "1.0"\ndescription: from yaml\ntools: [yt]\n' >"$S/yam/1.0/package.yaml"
run "$REZ" cp yam --dest-path "$D"
[ -f "$D/yam/1.0/package.lua" ] && [ ! -e "$D/yam/1.0/package.yaml" ] && ok || bad "yaml source: not package.lua"
# (but where it is, and the format_version every written definition carries)
check "yaml source: same data" "$("$REZ" view --paths "$S" yam -b | grep -v -e '^base:' -e '^format_version:')" \
	"$("$REZ" view --paths "$D" yam -b | grep -v -e '^base:' -e '^format_version:')"

# ---- pkg-ignore ----
run "$REZ" pkg-ignore bar-2.1 "$D"
check "ignore: out" "Package is now ignored and will not be visible to resolves
" "$out"
[ -f "$D/bar/.ignore2.1" ] && [ ! -s "$D/bar/.ignore2.1" ] && ok || bad "ignore: no empty .ignore2.1"
run "$REZ" pkg-ignore bar-2.1 "$D"
check "ignore again" "No action taken - package was already ignored
" "$out"
run "$REZ" pkg-ignore -u bar-2.1 "$D"
check "unignore" "Package is now visible to resolves once more
" "$out"
run "$REZ" pkg-ignore -u bar-2.1 "$D"
check "unignore again" "No action taken - package was already visible
" "$out"
run "$REZ" pkg-ignore bar-9 "$D"
check "ignore missing: rc" 1 "$rc"; check "ignore missing: msg" "Package not found
" "$err"
run "$REZ" pkg-ignore -a bar-9 "$D"
check "ignore -a" "Package is now ignored and will not be visible to resolves
" "$out"
run "$REZ" pkg-ignore bar-2.0
check "ignore without PATH" "No action taken. Run again, and set PATH to one of:
$S
" "$out"

# ---- every change is seen through the package and resolve caches ----
fromcache() { sed -n 's/^ *"from_cache": \(.*\),$/\1/p' "$1"; }
C=$TMPROOT/c
mkpkg "$C" lib 1.0
sleep 0.2
resolved() {   # resolved NAME: the lib version resolved from $C, through the caches
	"$REZ" env --paths "$C" lib -o "$TMPROOT/$1.rxt" 2>/dev/null
	"$REZ" context "$TMPROOT/$1.rxt" --res 2>/dev/null | tr '\n' ' '
}
resolved warm >/dev/null; resolved warm2 >/dev/null
check "cache: warm" "true" "$(fromcache "$TMPROOT/warm2.rxt")"
"$REZ" cp lib --reversion 1.1 --paths "$C" >/dev/null; sleep 0.2
check "cache: cp seen" "lib-1.1 " "$(resolved cp)"
resolved cp2 >/dev/null
"$REZ" pkg-ignore lib-1.1 "$C" >/dev/null; sleep 0.2
check "cache: ignore seen" "lib-1.0 " "$(resolved ign)"
"$REZ" pkg-ignore -u lib-1.1 "$C" >/dev/null; sleep 0.2
check "cache: unignore seen" "lib-1.1 " "$(resolved unign)"
"$REZ" rm -p lib-1.1 "$C" >/dev/null; sleep 0.2
check "cache: rm seen" "lib-1.0 " "$(resolved rm)"
[ -e "$C/lib/1.1" ] || [ -e "$C/lib/.ignore1.1" ] && bad "rm: left $C/lib/1.1 or its .ignore" || ok

# ---- mv ----
M=$TMPROOT/mvdst
mkdir -p "$M/other"
run "$REZ" mv -d "$M" bar-2.0
check "mv without PATH" "No action taken. Run again, and set PATH to one of:
$S
" "$out"
expect_fail "mv: no -d" 2 "-d/--dest-path" -- "$REZ" mv bar-2.0 "$S"
run "$REZ" mv -d "$M" bar-2.0 "$S" -k
check "mv: rc ($err)" 0 "$rc"
[ -f "$S/bar/.ignore2.0" ] && [ -d "$S/bar/2.0" ] && ok || bad "mv: source not ignored (or removed)"
"$REZ" view --paths "$M" bar -f lua -a -b | grep -q '^timestamp = 1000$' && ok || bad "mv -k: timestamp"
run "$REZ" env --paths "$S:$M" bar==2.0 -c 'echo "$BAR_ROOT"'
check "mv: resolves from the destination" "$M/bar/2.0
" "$out"
"$REZ" pkg-ignore -u bar-2.0 "$S" >/dev/null
expect_fail "mv: exists" 1 "package already exists at destination: $M/bar/2.0" -- "$REZ" mv -d "$M" bar-2.0 "$S"

# ---- rm ----
expect_fail "rm: nothing" 2 "must specify either --package" -- "$REZ" rm
expect_fail "rm: two modes" 2 "mutually exclusive" -- "$REZ" rm -p bar-2.0 -f bar "$D"
expect_fail "rm: dry -p" 2 "--dry-run is not supported with --package" -- "$REZ" rm -p bar-2.0 --dry-run "$D"
expect_fail "rm: no PATH" 2 "must specify PATH with --package" -- "$REZ" rm -p bar-2.0
run "$REZ" rm -p bar-7 "$D"
check "rm missing: rc" 1 "$rc"; check "rm missing: msg" "Package not found.
" "$err"
run "$REZ" rm -p bar-2.2 "$D"
check "rm -p" "Package removed.
" "$out"
[ -e "$D/bar/2.2" ] && bad "rm -p: still there" || ok
expect_fail "rm -f non-empty" 1 "cannot remove non-empty package family 'bar'" -- "$REZ" rm -f bar "$D"
expect_fail "rm -f version" 2 "expected a package name, not a version" -- "$REZ" rm -f bar-1 "$D"
run "$REZ" rm --force-family bar "$D"
check "rm --force-family" "Package family removed.
" "$out"
[ -e "$D/bar" ] && bad "rm --force-family: still there" || ok
mkdir -p "$D/empty"
run "$REZ" rm -f empty "$D"
check "rm -f empty family" "Package family removed.
" "$out"
"$REZ" pkg-ignore baz-2.0 "$D" >/dev/null
run "$REZ" rm -i 0 --dry-run -v "$D"
check "rm -i --dry-run" "Would remove baz-2.0 from $D
1 packages would be removed.
" "$out"
[ -d "$D/baz/2.0" ] && ok || bad "rm -i --dry-run removed"
run "$REZ" rm -i 1 "$D"
check "rm -i 1: too recent" "No packages were removed.
" "$out"
run "$REZ" rm -i 0 "$D"
check "rm -i 0" "1 packages were removed.
" "$out"
[ -e "$D/baz/2.0" ] && bad "rm -i: still there" || ok

# ---- SIGKILL at many points of a copy: nothing visible, or all of it ----
K=$TMPROOT/kill
mkpkg "$S" big 1.0 'variants = {{"python-3"}}' 'function commands()' '    setenv("BIG_ROOT", "{root}")' 'end'
mkpkg "$S" flat 1.0 'function commands()' '    setenv("FLAT_ROOT", "{root}")' 'end'
for p in big/1.0/python-3 flat/1.0; do
	mkdir -p "$S/$p/d"
	for i in $(seq 1 1000); do echo "$i" >"$S/$p/d/f$i"; done
done
mkdir -p "$K/other"
seen_whole=0 seen_none=0 seen_mid=0
for n in $(seq 1 30); do
	for pkg in big flat; do
		"$REZ" cp "$pkg" --dest-path "$K" >/dev/null 2>&1 &
		pid=$!
		# kill at a different point each round (any point is acceptable; the spread only
		# makes it likely that some kills land mid-copy and some after it)
		sleep "$(printf '%d.%03d' $((n * 25 / 1000)) $((n * 25 % 1000)))"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		[ -n "$(find "$K" -name '.rez-stage-*' 2>/dev/null)" ] && seen_mid=$((seen_mid + 1))
		var=$(echo "$pkg" | tr a-z A-Z)_ROOT
		root=$("$REZ" env --no-cache --paths "$K:$S" "$pkg" -c "echo \$$var" 2>/dev/null)
		case "$root" in
		"$K"/*)
			cnt=$(ls "$root/d" 2>/dev/null | wc -l)
			[ "$cnt" = 1000 ] && seen_whole=$((seen_whole + 1)) || bad "kill $n $pkg: visible with $cnt of 1000 files"
			;;
		*) seen_none=$((seen_none + 1)) ;;
		esac
		"$REZ" rm --force-family "$pkg" "$K" >/dev/null 2>&1
	done
done
echo "killed copies: $seen_whole whole, $seen_none not visible ($seen_mid killed while staging)"
ok
run "$REZ" cp big --dest-path "$K"
check "after kills: a copy completes ($err)" 0 "$rc"
run "$REZ" env --paths "$K:$S" big -c 'ls "$BIG_ROOT/d" | wc -l'
check "after kills: whole" "1000
" "$out"
no_stage "after kills: stale stages cleaned" "$K/big"
no_stage "no stage directories anywhere" "$D"
no_stage "no stage directories in the source" "$S"
finish
