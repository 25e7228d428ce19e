#!/usr/bin/env bash
# Bad input to rez build: each case fails with one clear message, a non-zero exit, and
# nothing installed (the previous install intact).
REZ=$1 SRC=$2
. "$SRC/tests/build/lib.sh"

# a good install first, so "nothing changed" can be checked after each failure
src pkg
cat >package.lua <<'LUA'
name = "pkg"
version = "1.0"
variants = {{"python-3"}, {"python-2"}}
build_command = 'mkdir -p "$DESTDIR{install_path}" && echo good > "$DESTDIR{install_path}/payload"'
function commands()
    env.PAYLOAD = "{root}/payload"
end
LUA
run "$REZ" build -i
check "initial install" 0 "$rc"
before=$(cd "$T/inst" && find . | sort; cat pkg/1.0/package.lua)
unchanged() {
	check "$1: install unchanged" "$before" "$(cd "$T/inst" && find . | sort; cat pkg/1.0/package.lua)"
	run "$REZ" env pkg python-2 -c 'cat "$PAYLOAD"'
	check "$1: rez env sees the previous install" "good" "$out"
}

# ---- a failing build command: its exit status, nothing installed ----
sed -i 's/echo good/echo bad/; s/build_command = .mkdir/build_command = '"'"'exit 3; mkdir/' package.lua
expect_fail "build command exits 3" 3 "The custom build system failed (exit status 3)" -- "$REZ" build -i
unchanged "exit 3"
no_staging_left "exit 3"

# ---- a command that wrote part of its payload, then failed ----
cat >package.lua <<'LUA'
name = "pkg"
version = "1.0"
variants = {{"python-3"}, {"python-2"}}
build_command = 'mkdir -p "$DESTDIR{install_path}" && echo half > "$DESTDIR{install_path}/payload" && false'
function commands()
    env.PAYLOAD = "{root}/payload"
end
LUA
expect_fail "half-written payload" 1 "build system failed" -- "$REZ" build -i
unchanged "half-written payload"
no_staging_left "half-written payload"

# ---- unknown placeholder ----
sed -i "s/build_command = .*/build_command = 'echo {nope}'/" package.lua
expect_fail "unknown placeholder" 1 "attribute 'build_command': unknown placeholder '{nope}'" -- "$REZ" build -i
check_has "message names the file" "$T/src/pkg/package.lua" "$err"
sed -i "s/build_command = .*/build_command = 'echo {{literal}} {name}'/" package.lua
run "$REZ" build
check_has "doubled braces" "{literal} pkg" "$out"

# ---- --variants out of range ----
expect_fail "--variants 7" 1 "The package does not contain the variants: [7]" -- "$REZ" build --variants 7
expect_fail "--variants -3" 1 "The package does not contain the variants: [-3]" -- "$REZ" build --variants -3
expect_fail "--variants x" 2 "'x' is not an integer" -- "$REZ" build --variants x
unchanged "bad --variants"

# ---- an unresolvable build environment, with --fail-graph ----
src unres
cat >package.lua <<'LUA'
name = "unres"
version = "1.0"
requires = {"python-3"}
build_requires = {"python-2"}
build_command = "true"
LUA
run "$REZ" build -i --fail-graph
check "unresolvable exit" 1 "$rc"
check_has "failure printed" "The build environment could not be resolved" "$err"
check_has "resolve failure details" "python" "$out"
dotsrc=$(printf '%s\n' "$out" | sed -n '/^digraph g {/,/^}/p')
[ -n "$dotsrc" ] && ok || bad "--fail-graph printed no graph"
printf '%s\n' "$dotsrc" | dot -Tsvg >/dev/null 2>"$T/doterr" && ok || bad "--fail-graph is not valid DOT: $(cat "$T/doterr")"
[ -f build/build.rxt ] && ok || bad "failed build.rxt written"
[ ! -e "$T/inst/unres" ] || [ -z "$(ls "$T/inst/unres")" ] && ok || bad "unresolvable: something installed"
run "$REZ" env unres
check "unresolvable: no package" 1 "$rc"

# ---- Lua errors: in the definition, in preprocess, in pre_build_commands ----
src luaerr
printf 'name = "luaerr"\nversion = "1.0"\nbuild_command = "true"\nx = = 1\n' >package.lua
expect_fail "syntax error" 1 "package.lua:4:" -- "$REZ" build -i
printf 'name = "luaerr"\nversion = "1.0"\nbuild_command = "true"\nfunction preprocess(this, data)\n    error("preprocess boom")\nend\n' >package.lua
expect_fail "error in preprocess" 1 "preprocess boom" -- "$REZ" build -i
check_has "preprocess error located" "package.lua:5" "$err"
printf 'name = "luaerr"\nversion = "1.0"\nbuild_command = "true"\nfunction pre_build_commands()\n    env.X = nil_value.field\nend\n' >package.lua
expect_fail "error in pre_build_commands" 1 "Error in pre_build_commands in package 'luaerr-1.0'" -- "$REZ" build -i
check_has "pre_build_commands error located" "package.lua:5" "$err"
[ ! -e "$T/inst/luaerr/1.0" ] && ok || bad "lua errors: something installed"
run "$REZ" env luaerr
check "lua errors: no package" 1 "$rc"

# ---- an install path that is not writable (a read-only mount: root ignores modes) ----
mkdir -p "$T/ro"
mount -t tmpfs -o ro,size=1m tmpfs "$T/ro"
src pkg2
printf 'name = "pkg2"\nversion = "1.0"\nbuild_command = "true"\n' >package.lua
expect_fail "read-only install path" 1 "$T/ro" -- "$REZ" build -i -p "$T/ro"
expect_fail "install path under a file" 1 "cannot create directory" -- "$REZ" build -i -p "$T/src/pkg2/package.lua/x"

# ---- a disk that fills up during the install ----
mkdir -p "$T/small"
mount -t tmpfs -o size=256k tmpfs "$T/small"
src big
cat >package.lua <<'LUA'
name = "big"
version = "1.0"
build_command = 'mkdir -p "$DESTDIR{install_path}" && head -c 600000 /dev/zero > "$DESTDIR{install_path}/blob"'
LUA
expect_fail "disk full in the build's install step" 1 "build system failed" -- "$REZ" build -i -p "$T/small"
[ ! -e "$T/small/big/1.0" ] && ok || bad "disk full: version directory left"
[ -z "$(find "$T/small" -name '.rez-stage-*')" ] && ok || bad "disk full: staging left"
# the payload fits, but copying the build context into it does not
cat >package.lua <<LUA
name = "big"
version = "1.0"
build_command = 'mkdir -p "\$DESTDIR{install_path}" && head -c \$(( \$(df -B1 --output=avail $T/small | tail -1) - 2048 )) /dev/zero > "\$DESTDIR{install_path}/blob"'
LUA
run "$REZ" build -i -p "$T/small"
if [ "$rc" = 0 ]; then
	# the payload fitted with everything: the install must then be whole
	[ -f "$T/small/big/1.0/package.lua" ] && [ -f "$T/small/big/1.0/build.rxt" ] && ok || bad "disk: half an install"
else
	check_has "disk full message" "No space left on device" "$err"
	[ ! -e "$T/small/big/1.0" ] && ok || bad "disk full (rez's copy): version directory left"
fi
[ -z "$(find "$T/small" -name '.rez-stage-*')" ] && ok || bad "disk full: staging left"
run env REZ_PACKAGES_PATH="$T/small" "$REZ" env big -- true
[ "$rc" = 0 ] || check_has "no broken package" "not found" "$err"

finish
