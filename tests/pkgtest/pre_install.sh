#!/usr/bin/env bash
# Tests during `rez build -i`: tests whose run_on has "pre_install" run on each staged
# variant before it becomes visible; a failure cancels that variant's install and leaves
# nothing `rez env` would pick up; a pass installs.
# usage: pre_install.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/pkgtest/lib.sh"
TP=$SRC/tests/pkgtest/packages
INST=$TMPROOT/inst
mkdir -p "$INST"
cd "$TMPROOT"
export REZ_LOCAL_PACKAGES_PATH=$INST REZ_PACKAGES_PATH=$INST:$TP
has() {
	if printf '%s\n' "$out" | grep -qxF -- "$2"; then ok; else bad "$1: no line '$2' in: $out"; fi
}
count() {   # count NAME N TEXT: TEXT appears as a line N times in $out
	local n
	n=$(printf '%s\n' "$out" | grep -cxF -- "$3")
	check "$1" "$2" "$n"
}
no_stage() {
	local left
	left=$(find "$INST" -name '.rez-stage-*' 2>/dev/null)
	[ -z "$left" ] && ok || bad "$1: staging left behind: $left"
	left=$(find "${TMPDIR}" -maxdepth 1 -name 'rez_pkgtest_*' 2>/dev/null)
	[ -z "$left" ] && ok || bad "$1: temporary test repository left behind: $left"
	left=$(find "$HOME" -name '*rez_pkgtest_*' 2>/dev/null)
	[ -z "$left" ] && ok || bad "$1: package cache of the temporary repository left behind: $left"
}

# ---- passing tests: every variant installs ----
mkdir -p src/tinst && cd src/tinst
cat >package.lua <<'EOF'
name = "tinst"
version = "1.0"
variants = {{"py-2.7"}, {"py-3.11"}}
build_command = "mkdir -p $REZ_BUILD_INSTALL_PATH && echo hello > $REZ_BUILD_INSTALL_PATH/hello.txt"
tests = {
    -- per variant: the staged payload is the variant's root; the packages' commands ran
    check = {command = "test -f {root}/hello.txt && echo PAYLOAD-OK $PYVER TN=$TN", run_on = "pre_install", on_variants = true},
    -- once per package: only on the first variant built
    once = {command = "echo ONCE", run_on = {"pre_release", "pre_install"}},
    -- not during an install
    default_only = "echo DEFAULT-RAN",
}
function pre_test_commands()
    env.TN = test.name
end
EOF
run "$REZ" build -i
check "passing: exit" 0 "$rc"
has "variant 0 tested on its payload" "PAYLOAD-OK 2.7 TN=check"
has "variant 1 tested on its payload" "PAYLOAD-OK 3.11 TN=check"
count "once-per-package test ran once" 1 "ONCE"
count "default tests do not run" 0 "DEFAULT-RAN"
has "results printed" "2 succeeded, 0 failed, 0 skipped"
[ -f "$INST/tinst/1.0/py-2.7/hello.txt" ] && [ -f "$INST/tinst/1.0/py-3.11/hello.txt" ] && ok ||
	bad "passing: payloads not installed"
run "$REZ" env tinst py-3.11 -c 'cat "$REZ_TINST_ROOT/hello.txt"'
check "passing: installed variant resolves" "0|hello
" "$rc|$out"
run "$REZ" test tinst
check "rez test of the installed package" 0 "$rc"
has "rez test: the default test" "DEFAULT-RAN"
no_stage "passing"
cd "$TMPROOT"

# ---- a failing test on the second variant: only it is cancelled ----
mkdir -p src/tfail && cd src/tfail
cat >package.lua <<'EOF'
name = "tfail"
version = "1.0"
variants = {{"py-2.7"}, {"py-3.11"}}
build_command = "mkdir -p $REZ_BUILD_INSTALL_PATH && echo $REZ_BUILD_VARIANT_INDEX > $REZ_BUILD_INSTALL_PATH/index.txt"
tests = {
    notpy3 = {command = "echo TESTED $PYVER; test $PYVER != 3.11", run_on = "pre_install", on_variants = true},
}
EOF
run "$REZ" build -i
[ "$rc" != 0 ] && ok || bad "failing: exit 0"
case "$err" in
*"1 test"*" failed; the installation has been cancelled"*) ok ;;
*) bad "failing: no cancellation message: $err" ;;
esac
has "failing: the test ran on variant 1" "TESTED 3.11"
has "failing: result" "0 succeeded, 1 failed, 0 skipped"
[ -f "$INST/tfail/1.0/py-2.7/index.txt" ] && ok || bad "failing: variant 0 not installed"
[ ! -e "$INST/tfail/1.0/py-3.11" ] && ok || bad "failing: variant 1 payload visible"
run "$REZ" env tfail py-2.7 -c 'echo $REZ_TFAIL_VERSION'
check "failing: variant 0 resolves" "0|1.0
" "$rc|$out"
run "$REZ" env tfail py-3.11 -c 'echo SHOULD-NOT-RUN'
[ "$rc" != 0 ] && ok || bad "failing: the cancelled variant resolves: $out"
no_stage "failing"
cd "$TMPROOT"

# ---- no variants: a failing test means nothing at all is installed ----
mkdir -p src/tnov && cd src/tnov
cat >package.lua <<'EOF'
name = "tnov"
version = "2.0"
build_command = "mkdir -p $REZ_BUILD_INSTALL_PATH && touch $REZ_BUILD_INSTALL_PATH/payload"
tests = {
    a_pass = {command = "test -f {root}/payload", run_on = "pre_install"},
    b_fail = {command = "exit 4", run_on = "pre_install"},
    c_never = {command = "echo C-RAN", run_on = "pre_install"},
}
EOF
run "$REZ" build -i
[ "$rc" != 0 ] && ok || bad "no variants: exit 0"
has "no variants: stop on the first failure" "1 succeeded, 1 failed, 0 skipped"
count "no variants: later tests do not run" 0 "C-RAN"
[ ! -e "$INST/tnov/2.0" ] && ok || bad "no variants: version directory visible"
run "$REZ" env tnov -c 'echo SHOULD-NOT-RUN'
[ "$rc" != 0 ] && ok || bad "no variants: the package resolves"
# fixed, it installs
sed -i 's/command = "exit 4"/command = "true"/' package.lua
run "$REZ" build -i
check "no variants: fixed build installs" 0 "$rc"
[ -f "$INST/tnov/2.0/payload" ] && ok || bad "no variants: payload missing after the fix"
no_stage "no variants"
cd "$TMPROOT"

# ---- a test whose environment does not resolve cancels too ----
mkdir -p src/tunres && cd src/tunres
cat >package.lua <<'EOF'
name = "tunres"
version = "1.0"
build_command = false
tests = {t = {command = "true", requires = {"nosuchpkg"}, run_on = "pre_install"}}
EOF
run "$REZ" build -i
[ "$rc" != 0 ] && ok || bad "unresolvable: exit 0"
case "$err" in
*"The test environment failed to resolve: package family not found: nosuchpkg"*"failed; the installation has been cancelled"*) ok ;;
*) bad "unresolvable: stderr: $err" ;;
esac
[ ! -e "$INST/tunres/1.0" ] && ok || bad "unresolvable: installed"
no_stage "unresolvable"
finish
