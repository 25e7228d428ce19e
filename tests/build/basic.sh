#!/usr/bin/env bash
# rez build with the custom build system: the per-variant sequence, REZ_BUILD_* values,
# pre_build_commands and the build object, the installed layout and definition, variant
# merges, hashed variants, @include modules, -s build-env, --view-pre, and rez env using
# what was installed (bash).
REZ=$1 SRC=$2
. "$SRC/tests/build/lib.sh"

# ---- a package with two variants, installed whole, then used with rez env ----
src hello
cat >package.lua <<'LUA'
name = "hello"
version = "1.0.0"
description = "A test 'package' with \"quotes\" and $pecial characters & more!"
requires = {"~python-2+"}
private_build_requires = {"cmake_helpers"}
variants = {{"python-3"}, {"python-2"}}
early_value = early(function() return building and "building" or "installed" end)
build_command = 'sh {root}/build.sh {variant_index} "{install_path}" {install}'
function pre_build_commands()
    env.PBC_INSTALL_PATH = build.install_path
    env.PBC_TYPE = build.build_type
    env.PBC_INSTALL = tostring(build.install)
    env.PBC_NAME = this.name
end
function commands()
    env.PATH:append("{root}/bin")
    env.HELLO_ROOT = "{root}"
end
LUA
cat >build.sh <<'SH'
set -e
env | grep -E '^(REZ_BUILD_|PBC_|DEP_)' | sort > "$REZ_BUILD_PATH/env.txt"
pwd > "$REZ_BUILD_PATH/cwd.txt"
mkdir -p "$DESTDIR$2/bin"
printf '#!/bin/sh\necho hello variant %s\n' "$1" > "$DESTDIR$2/bin/hello"
chmod +x "$DESTDIR$2/bin/hello"
echo "built $1 $3"
SH
run "$REZ" build -i
check "build -i exit" 0 "$rc"
no_sanitizer "build -i"
check_has "header" "Building hello-1.0.0..." "$out"
check_has "variant header" "Building variant 1 (2/2)..." "$out"
check_has "resolve line" "Resolving build environment: '~python-2+' python-3 cmake_helpers" "$out"
check_has "summary" "All 2 build(s) were successful." "$out"
check_has "command runs" "built 0 install" "$out"
I=$T/inst/hello/1.0.0
check "REZ_BUILD_* exact (variant 0)" "PBC_INSTALL=true
PBC_INSTALL_PATH=$I/python-3
PBC_NAME=hello
PBC_TYPE=local
REZ_BUILD_ENV=1
REZ_BUILD_INSTALL=1
REZ_BUILD_INSTALL_PATH=$I/python-3
REZ_BUILD_PATH=$T/src/hello/build/python-3
REZ_BUILD_PROJECT_DESCRIPTION=A test 'package' with \"quotes\" and \$pecial characters & more!
REZ_BUILD_PROJECT_FILE=$T/src/hello/package.lua
REZ_BUILD_PROJECT_NAME=hello
REZ_BUILD_PROJECT_VERSION=1.0.0
REZ_BUILD_REQUIRES=~python-2+ python-3 cmake_helpers
REZ_BUILD_REQUIRES_UNVERSIONED=python python cmake_helpers
REZ_BUILD_SOURCE_PATH=$T/src/hello
REZ_BUILD_THREAD_COUNT=$(nproc)
REZ_BUILD_TYPE=local
REZ_BUILD_VARIANT_INDEX=0
REZ_BUILD_VARIANT_REQUIRES=python-3
REZ_BUILD_VARIANT_SUBPATH=python-3" "$(grep -v '^DEP_' build/python-3/env.txt)"
check "build context packages' commands ran" "DEP_CMAKE_HELPERS=$T/deps/cmake_helpers/1.0
DEP_PYTHON=$T/deps/python/3.11" "$(grep '^DEP_' build/python-3/env.txt)"
check "cwd is the build path" "$T/src/hello/build/python-2" "$(cat build/python-2/cwd.txt)"
check "variant.json in build path (as Rez: indent 2)" "$(printf '{\n  "index": 1,\n  "data": [\n    "python-2"\n  ]\n}')" "$(cat build/python-2/variant.json)"
[ -f build/python-2/build.rxt ] && ok || bad "build.rxt in build path"
for f in package.lua python-3/bin/hello python-3/build.rxt python-3/variant.json python-2/bin/hello; do
	[ -e "$I/$f" ] && ok || bad "installed $f"
done
[ ! -e "$T/inst/hello/.building1.0.0" ] && ok || bad ".building marker removed"
no_staging_left "after install"
def=$(cat "$I/package.lua")
check_has "installed: early value (building=false)" 'early_value = "installed"' "$def"
check_has "installed: variants" '{"python-3"}' "$def"
check_has "installed: format_version" 'format_version = 2' "$def"
check_has "installed: timestamp" 'timestamp = ' "$def"
case "$def" in *build_command*|*pre_build_commands*) bad "build-only keys installed" ;; *) ok ;; esac
run "$REZ" env hello python-2 -c 'hello; echo "$HELLO_ROOT"'
check "rez env uses variant 1" "hello variant 1
$I/python-2" "$out"
run "$REZ" env hello -- hello
check "rez env picks variant 0" "hello variant 0" "$out"
run "$REZ" view hello
check "rez view installed" 0 "$rc"

# ---- installed package.lua loads back to the same data (view -f lua is stable) ----
run "$REZ" view -f lua -b hello
first=$out
cp "$I/package.lua" "$T/pkg.lua.bak"

# ---- variants installed one at a time merge into one definition ----
rm -rf "$T/inst/hello"
run "$REZ" build -i --variants 1
check "build variant 1 only" 0 "$rc"
check_has "skipping variant 0" "Skipping variant 0 (1/2)..." "$out"
check "one variant installed" '    {"python-2"},' "$(sed -n '/^variants/,/^}/p' "$I/package.lua" | sed -n 2p)"
run "$REZ" build -i --variants -2 0
check "negative + duplicate index" 0 "$rc"
check_has "variant 0 built once" "Building variant 0 (1/2)..." "$out"
check "merged: both variants" 'variants = {
    {"python-2"},
    {"python-3"},
}' "$(sed -n '/^variants/,/^}/p' "$I/package.lua")"
run "$REZ" env hello python-3 -- hello
check "merged variant resolves" "hello variant 0" "$out"

# ---- rebuilding an installed variant replaces it whole; data unchanged keeps timestamp ----
ts=$(grep '^timestamp' "$I/package.lua")
sed -i 's/echo hello variant/echo hi variant/' build.sh
sleep 1
run "$REZ" build -i --variants 0
check "rebuild" 0 "$rc"
run "$REZ" env hello python-3 -- hello
check "rebuilt payload" "hi variant 0" "$out"
check "timestamp kept when data unchanged" "$ts" "$(grep '^timestamp' "$I/package.lua")"
no_staging_left "after rebuild"

# ---- changed package data: the new data wins, the variants list is kept ----
sed -i 's/^description = .*/description = "changed"/' package.lua
run "$REZ" build -i --variants 0
check "rebuild with changed data" 0 "$rc"
check_has "new data" 'description = "changed"' "$(cat "$I/package.lua")"
check "variants kept" 'variants = {
    {"python-2"},
    {"python-3"},
}' "$(sed -n '/^variants/,/^}/p' "$I/package.lua")"

# ---- variant-less vs variants and UUID mismatch are errors ----
src hello
cat >package.lua <<'LUA'
name = "hello"
version = "1.0.0"
build_command = false
LUA
expect_fail "variant-less into a package with variants" 1 "the installed package has variants and this one has none" -- "$REZ" build -i
[ -f "$I/python-3/bin/hello" ] && ok || bad "previous install intact"

# ---- build without -i: nothing installed; -p without -i installs nothing ----
src noinst
printf 'name = "noinst"\nversion = "1"\nbuild_command = "true"\n' >package.lua
run "$REZ" build -p "$T/elsewhere"
check "build without install" 0 "$rc"
[ ! -e "$T/elsewhere/noinst" ] && [ ! -e "$T/inst/noinst" ] && ok || bad "-p without -i installed something"
check_has "REZ_BUILD_INSTALL=0 run" "Running build command: true" "$out"

# ---- build_command = false still installs the definition; unversioned package ----
src scriptonly
cat >package.lua <<'LUA'
name = "scriptonly"
build_command = false
function commands()
    env.SCRIPTONLY = "yes"
end
LUA
run "$REZ" build -i
check "build_command false installs" 0 "$rc"
[ -f "$T/inst/scriptonly/package.lua" ] && ok || bad "unversioned package.lua"
run "$REZ" env scriptonly -c 'echo $SCRIPTONLY'
check "unversioned package resolves" "yes" "$out"

# ---- hashed variants with short links ----
src hashed
cat >package.lua <<'LUA'
name = "hashed"
version = "2.0"
hashed_variants = true
variants = {{"python-3"}, {"python-2"}}
build_command = 'mkdir -p "$DESTDIR{install_path}" && echo {variant_index} > "$DESTDIR{install_path}/idx"'
function commands()
    env.HASHED_IDX = "{root}/idx"
end
LUA
run "$REZ" build -i
check "hashed build" 0 "$rc"
H=$T/inst/hashed/2.0
check "hashed subpath = sha1 of the repr" "$(printf "['python-3']" | sha1sum | cut -d' ' -f1)" "$(basename "$(readlink "$H/_v/a")")"
check "second short link" "../$(printf "['python-2']" | sha1sum | cut -d' ' -f1)" "$(readlink "$H/_v/b")"
run "$REZ" env hashed python-2 -c 'cat "$HASHED_IDX"'
check "hashed variant resolves" "1" "$out"

# ---- @include modules copied with their .sha1, checked at load ----
mkdir -p "$T/lua"
printf 'function greeting()\n    return "hi from util"\nend\n' >"$T/lua/util.lua"
export REZ_PACKAGE_DEFINITION_LUA_PATH=$T/lua
src incl
cat >package.lua <<'LUA'
name = "incl"
version = "1.0"
build_command = false
@include("util")
function commands()
    env.GREETING = util.greeting()
end
LUA
run "$REZ" build -i
check "include build" 0 "$rc"
check "include copied" "$(cat "$T/lua/util.lua")" "$(cat "$T/inst/incl/1.0/.rez/include/util.lua")"
check "include sha1" "$(printf '%s' "$(cat "$T/lua/util.lua")" | sha1sum | cut -d' ' -f1)" "$(cat "$T/inst/incl/1.0/.rez/include/util.sha1")"
printf 'function greeting() return "changed site module" end\n' >"$T/lua/util.lua"
run "$REZ" env incl -c 'echo $GREETING'
check "installed copy used, not the site module" "hi from util" "$out"
echo '-- edited' >>"$T/inst/incl/1.0/.rez/include/util.lua"
expect_fail "edited include copy" 1 "was changed after it was installed" -- "$REZ" env incl -- true
unset REZ_PACKAGE_DEFINITION_LUA_PATH

# ---- -s writes build-env (a BUILD> shell in the build environment) ----
src scripts
printf 'name = "scripts"\nversion = "1"\nbuild_command = "touch ran"\nfunction pre_build_commands()\n    env.IN_BUILD_ENV = "yes"\nend\n' >package.lua
run "$REZ" build -s
check "build -s" 0 "$rc"
[ -x build/build-env ] && ok || bad "build-env executable"
[ ! -e build/ran ] && ok || bad "-s must not build"
got=$(printf 'echo "$IN_BUILD_ENV $REZ_BUILD_ENV $PWD"\nexit\n' | build/build-env 2>&1)
check_has "build-env shell" "yes 1 $T/src/scripts/build" "$got"
check_has "BUILD> prompt" "BUILD> " "$got"

# ---- --view-pre prints the preprocessed definition ----
cat >"$T/lua/site.lua" <<'LUA'
function inject(this, data)
    data.authors = {"site"}
end
LUA
src viewpre
printf 'name = "viewpre"\nversion = "1"\nbuild_command = false\n' >package.lua
run env REZ_PACKAGE_DEFINITION_LUA_PATH="$T/lua" REZ_PACKAGE_PREPROCESS_FUNCTION=site.inject "$REZ" build --view-pre
check "view-pre" 0 "$rc"
check_has "view-pre shows preprocessed data" 'authors = {"site"}' "$out"

# ---- build args after -- and --ba reach the command, shell-quoted ----
src args
printf 'name = "args"\nversion = "1"\nbuild_command = "printf \x27<%%s>\x27"\n' >package.lua
run "$REZ" build -- "a b" 'c$d'
check_has "args after --" "<a b><c\$d>" "$out"
run "$REZ" build --ba "x y"
check_has "--ba split on whitespace" "<x><y>" "$out"
expect_fail "--ba and --" 2 "both with --ba/--cba and after '--'" -- "$REZ" build --ba x -- y

finish
