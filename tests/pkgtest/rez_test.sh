#!/usr/bin/env bash
# `rez test` end to end: real tests run in real shells over the hand-written repository in
# tests/pkgtest/packages (every form of the `tests` schema, selection, run_on / on_variants,
# pre_test_commands, exit codes, the results table, bad input).
# usage: rez_test.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/pkgtest/lib.sh"
TP=$SRC/tests/pkgtest/packages
cd "$TMPROOT"
rt=("$REZ" test --paths "$TP")
dashes=--------------------------------------------------------------------------------

# The results table, paths shortened to P.
table() { printf '%s' "$out" | sed -n '/^Test results:/,$p' | sed "s#$TP#P#g"; }
has() {   # has NAME TEXT: $out contains TEXT as a whole line
	if printf '%s\n' "$out" | grep -qxF -- "$2"; then ok; else bad "$1: no line '$2' in: $out"; fi
}
lacks() {
	if printf '%s\n' "$out$err" | grep -qF -- "$2"; then bad "$1: unexpected '$2' in: $out$err"; else ok; fi
}
clean() {   # no sanitizer report, no temporary context left
	case "$err" in
	*AddressSanitizer*|*runtime\ error:*|*LeakSanitizer*) bad "$1: sanitizer report: $err" ;;
	*) ok ;;
	esac
	no_leftovers "$1"
}

# ---- every schema form, default selection, pre_test_commands, formatting ----
run "${rt[@]}" tfoo
check "tfoo: exit" 0 "$rc"
has "string command formatted with the variant" \
	"fmt root=$TP/tfoo/1.0/py-3.11 name=tfoo version=1.0 index=1 base=$TP/tfoo/1.0 keep={nosuch} {lit} req=py-3.11"
has "list command: words quoted for the shell" '[a b][$HOME][1.0]'
has "pre_test_commands before the packages' commands, this and test.name bound" \
	"once PYVER=3.11 TN=once PRE=pre:tfoo:1"
has "on_variants = true: first variant" "each 2.7"
has "on_variants = true: second variant" "each 3.11"
has "on_variants requires filter: the matching variant" "py3 $TP/tfoo/1.0/py-3.11"
has "progress header" "Running test: fmt"
has "progress header: package uri" "Package: $TP/tfoo/1.0/package.lua[1]"
has "progress header: rule" "$dashes"
has "resolving line" "Resolving test environment: tfoo==1.0 py py-3.11"
has "the command shown" "Running test command: printf '[%s]' 'a b' '\$HOME' 1.0"
lacks "explicit tests do not run by default" "EXPLICIT"
lacks "pre_install tests do not run by default" "INSTALL"
# (columns squeezed: the header's Variant column is as wide as the full paths)
check "tfoo: results table" "$(tr -s ' ' <<<"Test results:
$dashes
6 succeeded, 0 failed, 1 skipped

Test  Status   Variant             Description
----  ------   -------             -----------
argv  success  P/tfoo/1.0/py-3.11  Test succeeded
each  success  P/tfoo/1.0/py-2.7   Test succeeded
each  success  P/tfoo/1.0/py-3.11  Test succeeded
fmt   success  P/tfoo/1.0/py-3.11  Test succeeded
once  success  P/tfoo/1.0/py-3.11  Test succeeded
py3   skipped  P/tfoo/1.0/py-2.7   Test skipped as specified by on_variants 'requires' filter
py3   success  P/tfoo/1.0/py-3.11  Test succeeded
")" "$(table | tr -s ' ')"
check "on_variants filter: INFO line" "Test skipped as specified by on_variants 'requires' filter" "${err%$'\n'}"
clean "tfoo"

# ---- selection ----
run "${rt[@]}" tfoo expl
check "an explicit test by name" "0|1 succeeded, 0 failed, 0 skipped" "$rc|$(printf '%s\n' "$out" | grep ' succeeded, ')"
has "explicit test ran" "EXPLICIT"
run "${rt[@]}" tfoo 'e*' '[i]nst'
check "globs over every name" "each
each
expl
inst" "$(table | awk 'NR>6 && NF {print $1}')"
run "${rt[@]}" tfoo zzz
check "no name matches" "0||No tests matching the given names found in $TP/tfoo/1.0/package.lua" "$rc|$out|${err%$'\n'}"
run "${rt[@]}" texplicit
check "no default tests" "0||No tests with 'default' run_on tag found in $TP/texplicit/1.0/package.lua" \
	"$rc|$out|${err%$'\n'}"
run "${rt[@]}" tnone
check "no tests" "0||No tests found in $TP/tnone/1.0/package.lua" "$rc|$out|${err%$'\n'}"
run "${rt[@]}" tfoo -l
check "--list (not a tty: no header)" "0|args
argv
each
expl
fmt
inst
once
py3
" "$rc|$out"
run "${rt[@]}" tfoo-0.9 -l
check "PKG is a request: the latest in range" "0|old
" "$rc|$out"
run "${rt[@]}" tnover
has "unversioned package: {index} empty, {version} empty" "Running test command: echo nover index=[] "
check "unversioned: request is the bare name" 0 "$rc"

# ---- late tests: per variant, "not declared in this variant" ----
run "${rt[@]}" tlate
check "late tests" "0|all    success  P/tlate/1.0/py-2.7   Test succeeded
all    success  P/tlate/1.0/py-3.11  Test succeeded
only1  skipped  P/tlate/1.0/py-2.7   The test is not declared in this variant
only1  success  P/tlate/1.0/py-3.11  Test succeeded" "$rc|$(table | sed -n '7,10p')"
has "late tests: this bound, outside a context" "late false tlate"

# ---- options ----
run "${rt[@]}" tfoo args -- 'a b' '$x' ''
has "extra args after --, each one word" '<a b><$x><>'
has "extra args shown" "Running test command: printf '<%s>' 'a b' '\$x' ''"
expect_fail "extra args need exactly one test" 2 "You can only pass extra arguments to a single, specified test" \
	-- "${rt[@]}" tfoo args fmt -- x
expect_fail "extra args need a named test" 2 "You can only pass extra arguments to a single, specified test" \
	-- "${rt[@]}" tfoo -- x
run "${rt[@]}" tfoo once --extra-packages py-2.7
has "--extra-packages steer the environment" "once PYVER=2.7 TN=once PRE=pre:tfoo:0"
has "--extra-packages in the request" "Resolving test environment: tfoo==1.0 py py-2.7 py-2.7"
run "${rt[@]}" tfoo --dry-run
check "--dry-run: exit" 0 "$rc"
lacks "--dry-run runs nothing" "each 2.7"
check "--dry-run: every run skipped" "0 succeeded, 0 failed, 7 skipped" "$(printf '%s\n' "$out" | grep ' succeeded, ')"
out=$(table)
has "--dry-run: description" "py3   skipped  P/tfoo/1.0/py-3.11  Dry run mode"
has "--dry-run: description" "argv  skipped  P/tfoo/1.0/py-3.11  Dry run mode"

# --nl: a newer tfoo in local_packages_path is left out.
mkdir -p local/tfoo/2.0
printf 'name = "tfoo"\nversion = "2.0"\ntests = {new = "echo NEW"}\n' >local/tfoo/2.0/package.lua
run env REZ_LOCAL_PACKAGES_PATH="$TMPROOT/local" REZ_PACKAGES_PATH="$TMPROOT/local:$TP" "$REZ" test tfoo -l
check "local package found" "0|new
" "$rc|$out"
run env REZ_LOCAL_PACKAGES_PATH="$TMPROOT/local" REZ_PACKAGES_PATH="$TMPROOT/local:$TP" "$REZ" test --nl tfoo -l
check "--nl skips it" "0|args" "$rc|$(printf '%s' "$out" | head -1)"

# --inplace: the current context, only its variant; unmet requirements fail.
run "$REZ" env --paths "$TP" tfoo py-2.7 -- "$REZ" test --inplace tfoo each once
check "--inplace: exit" 0 "$rc"
has "--inplace: the current variant" "each 2.7"
lacks "--inplace: no other variant" "each 3.11"
lacks "--inplace: no resolve" "Resolving test environment"
run "$REZ" env --paths "$TP" tbadreq -- "$REZ" test --inplace tbadreq missing
check "--inplace: unmet requirements" "255|missing  failed  P/tbadreq/1.0  The current environment does not meet test requirements" \
	"$rc|$(table | sed -n 7p)"
expect_fail "--inplace outside a context" 1 "not a resolved environment" -- "$REZ" test --inplace tfoo
expect_fail "--inplace with --paths" 2 \
	"Cannot use --inplace in combination with --extra-packages/--paths/--no-local" \
	-- "${rt[@]}" --inplace tfoo
expect_fail "--inplace with --extra-packages" 2 "Cannot use --inplace" \
	-- "$REZ" test --inplace tfoo --extra-packages py

# ---- exit codes, --stop-on-fail ----
run "${rt[@]}" texit
check "exit code: the first failing test's" 3 "$rc"
check "failures in the table" "a_ok     success  P/texit/1.0  Test succeeded
b_three  failed   P/texit/1.0  Test failed with exit code 3
c_five   failed   P/texit/1.0  Test failed with exit code 5
d_ok     success  P/texit/1.0  Test succeeded" "$(table | sed -n '7,10p')"
check "failure warnings" "rez-test: warning: Test command exited with code 3
rez-test: warning: Test command exited with code 5
" "$err"
run "${rt[@]}" texit -s
check "--stop-on-fail" "3|1 succeeded, 1 failed, 0 skipped" "$rc|$(printf '%s\n' "$out" | grep ' succeeded, ')"
lacks "--stop-on-fail: later tests not run" "c_five"
run "${rt[@]}" texit 'c*' a_ok
check "exit code of a later test" 5 "$rc"

# ---- bad input ----
run "${rt[@]}" tbadreq
check "unresolvable environment: exit -1" 255 "$rc"
check "unresolvable environment: table" "conflict  failed   P/tbadreq/1.0  The test environment failed to resolve
fine      success  P/tbadreq/1.0  Test succeeded
missing   failed   P/tbadreq/1.0  The test environment failed to resolve: package family not found: nosuchpkg (searched: P)" \
	"$(table | sed -n '7,9p')"
case "$err" in
*"The following package conflicts occurred: (py-2.7 <--!--> py-3.11)"*"rez-test: error: The test environment failed to resolve"*"rez-test: error: The test environment failed to resolve: package family not found: nosuchpkg"*) ok ;;
*) bad "unresolvable environment: stderr: $err" ;;
esac
has "the other tests still run" "fine"
run "${rt[@]}" tbadreq -s
check "unresolvable + --stop-on-fail" "255|0 succeeded, 1 failed, 0 skipped" "$rc|$(printf '%s\n' "$out" | grep ' succeeded, ')"

run "${rt[@]}" tluaerr
check "Lua error in pre_test_commands" "255|rez-test: error: Error in pre_test_commands in package 'tluaerr-1.0' ($TP/tluaerr/1.0/package.lua:7): attempt to index a nil value (local 'missing')
" "$rc|$err"
if printf '%s\n' "$out" | grep -qx never; then bad "Lua error: the command ran"; else ok; fi
clean "tluaerr"
expect_fail "malformed tests attribute" 1 \
	"$TP/tmalformed/1.0/package.lua:7: test 'bad' in attribute 'tests' has no 'command'" \
	-- "${rt[@]}" tmalformed
mkdir -p late/tbadlate/1.0
printf 'name = "tbadlate"\nversion = "1.0"\n\n@late\nfunction tests()\n    return {t = 42}\nend\n' \
	>late/tbadlate/1.0/package.lua
expect_fail "malformed @late tests" 1 "late/tbadlate/1.0/package.lua:5: test 't' in attribute 'tests' must be" \
	-- "$REZ" test --paths "$TMPROOT/late" tbadlate
printf 'name = "tbadlate"\nversion = "1.0"\n\n@late\nfunction tests()\n    return {t = testing}\nend\n' \
	>late/tbadlate/1.0/package.lua
expect_fail "@late tests: testing is not bound outside a context" 1 \
	"Error in @late attribute 'tests' of package 'tbadlate-1.0' ($TMPROOT/late/tbadlate/1.0/package.lua:6): undefined name 'testing'" \
	-- "$REZ" test --paths "$TMPROOT/late" tbadlate
expect_fail "unknown package" 1 "rez-test: error: Could not find package to test: nosuch" -- "${rt[@]}" nosuch
expect_fail "no version in range" 1 "Could not find package to test: tfoo-7" -- "${rt[@]}" tfoo-7
expect_fail "bad request" 1 "invalid package request" -- "${rt[@]}" 'tfoo-['
expect_fail "PKG missing" 2 "the following arguments are required: PKG" -- "${rt[@]}"
expect_fail "rez-test alias" 1 "Could not find package to test: nosuch" -- "$(dirname "$REZ")/rez-test" --paths "$TP" nosuch

# ---- the same tests in every shell on this machine ----
for sh in bash sh zsh ksh fish tcsh csh; do
	run env REZ_DEFAULT_SHELL=$sh "${rt[@]}" tfoo argv fmt once
	check "$sh: exit" 0 "$rc"
	has "$sh: list command exact" '[a b][$HOME][1.0]'
	has "$sh: string command" \
		"fmt root=$TP/tfoo/1.0/py-3.11 name=tfoo version=1.0 index=1 base=$TP/tfoo/1.0 keep={nosuch} {lit} req=py-3.11"
	has "$sh: pre_test_commands" "once PYVER=3.11 TN=once PRE=pre:tfoo:1"
	run env REZ_DEFAULT_SHELL=$sh "${rt[@]}" tfoo args -- "it's" '"q"' '$HOME' '*' 'a  b'
	has "$sh: extra args exact" "<it's><\"q\"><\$HOME><*><a  b>"
	run env REZ_DEFAULT_SHELL=$sh "${rt[@]}" texit b_three
	check "$sh: exit code" 3 "$rc"
done
no_leftovers "all runs"
finish
