#!/usr/bin/env bash
# The build systems with real tools: cmake (make and ninja generators, --bt, --cc), make,
# detection, -b and the build_system attribute; the examples/src packages build, install
# and run through rez env.
REZ=$1 SRC=$2
. "$SRC/tests/build/lib.sh"
export REZ_PACKAGES_PATH=$SRC/examples/packages:$T/inst

# ---- cmake: examples/src/greet ----
src greet
cp -R "$SRC/examples/src/greet/." .
run "$REZ" build -i
check "cmake build -i" 0 "$rc"
no_sanitizer "cmake"
check_has "cmake configure line" "-DCMAKE_INSTALL_PREFIX=$T/inst/greet/1.0.0" "$out"
check_has "build type" "-DCMAKE_BUILD_TYPE=Release" "$out"
check_has "make -j" "Executing: make -j" "$out"
check_has "make install" " install" "$out"
for f in bin/greet lib/libgreet.a include/greet.h build.rxt package.lua; do
	[ -e "$T/inst/greet/1.0.0/$f" ] && ok || bad "cmake installed $f"
done
run "$REZ" env greet -- greet tests
check "cmake-built tool runs" "Hello, tests!" "$out"
grep -q '^CMAKE_BUILD_TYPE:STRING=Release' build/CMakeCache.txt && ok || bad "cmake cache in build path"

# --bt Debug, --bs ninja, --cc configures only
run "$REZ" build -c --bt Debug --bs ninja --cc
check "cmake --cc" 0 "$rc"
grep -q '^CMAKE_BUILD_TYPE:STRING=Debug' build/CMakeCache.txt && ok || bad "--bt Debug"
[ -f build/build.ninja ] && ok || bad "--bs ninja generator"
[ ! -e build/greet ] && ok || bad "--cc must not build"
run "$REZ" build --bs ninja --bt RelWithDebInfo
check "cmake ninja build" 0 "$rc"
[ -x build/greet ] && ok || bad "ninja built"
expect_fail "bad --bt" 1 "invalid build target 'Fast'" -- "$REZ" build --bt Fast

# ---- make: examples/src/wordy ----
src wordy
cp -R "$SRC/examples/src/wordy/." .
run "$REZ" build -i
check "make build -i" 0 "$rc"
check_has "make command" "Executing: make -C $T/src/wordy -j" "$out"
check_has "PREFIX passed" "PREFIX=$T/inst/wordy/0.2.0" "$out"
run sh -c "printf 'one two three\n' | \"$REZ\" env wordy -- wordy"
check "make-built tool runs" "3" "$out"

# ---- custom: examples/src/shtools, both variants ----
src shtools
cp -R "$SRC/examples/src/shtools/." .
run "$REZ" build -i
check "custom build -i" 0 "$rc"
run "$REZ" env shtools python-3.9 -- shtools-hello
check "custom variant 0" "shtools 1.1.0 with python 3.9.7" "$out"
run "$REZ" env shtools python-3.11 -- shtools-hello
check "custom variant 1" "shtools 1.1.0 with python 3.11.4" "$out"

# ---- detection ----
src none
printf 'name = "none"\nversion = "1"\n' >package.lua
expect_fail "no build system" 1 "No build system is associated with the path $T/src/none" -- "$REZ" build
src several
printf 'name = "several"\nversion = "1"\n' >package.lua
printf 'cmake_minimum_required(VERSION 3.13)\nproject(x NONE)\n' >CMakeLists.txt
printf 'all:\n\t@echo made\ninstall:\n' >Makefile
expect_fail "several build systems" 1 "several build systems are associated with the path" -- "$REZ" build
run "$REZ" build -b make
check "-b picks one" 0 "$rc"
check_has "-b make ran make" "made" "$out"
printf 'name = "several"\nversion = "1"\nbuild_system = "cmake"\n' >package.lua
run "$REZ" build
check "build_system attribute" 0 "$rc"
check_has "attribute chose cmake" "Executing: cmake" "$out"
expect_fail "unknown -b" 1 "unknown build system 'scons'" -- "$REZ" build -b scons

finish
