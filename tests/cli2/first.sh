#!/usr/bin/env bash
# The first five minutes: help, option prefixes, resolve hints, the interactive summary,
# colour, Lua hints for Python habits.
# usage: first.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/cli2/lib.sh"

# ---- rez --help lists every command; rez help; rez -i
run "$REZ" --help
check "--help exit" 0 "$rc"
for c in env context view search config help plugins build test release; do
	has "--help lists $c" "  $c " "$out"
done
run "$REZ" help
check "rez help exit" 0 "$rc"
has "rez help lists" "commands:" "$out"
run "$REZ" help env
check "rez help env exit" 0 "$rc"
has "rez help env" "usage: rez env" "$out"
run "$REZ" -i
check "rez -i exit" 0 "$rc"
has "rez -i" "rez-lua " "$out"
has "rez -i shells" "tcsh" "$out"
run "$REZ" --info
check "rez --info exit" 0 "$rc"
for c in env context view search config help plugins; do
	run "$REZ" "$c" --help
	[ "$rc" = 0 ] && ok || bad "$c --help exit $rc"
	has "$c --help usage" "usage: rez" "$out"
	has "$c --help options" "options:" "$out"
done

# ---- unique prefixes of long options (argparse), ambiguity named
run "$REZ" env --paths "$EX" --shel bash --qu python-3.9 -c 'echo ok'
check "prefix --shel" "ok"$'\n' "$out"
expect_fail "ambiguous prefix" 2 "ambiguous option: --n could match" -- "$REZ" env --n python
expect_fail "unknown option" 2 "unrecognised option '--frob'" -- "$REZ" env --frob python
run "$REZ" env --paths="$EX" --comm='echo eq' python-3.9
check "prefix with =" "eq"$'\n' "$out"

# ---- packages_path diagnostics, did you mean, versions that exist
REZ_PACKAGES_PATH= expect_fail "empty packages_path" 1 \
	"no package repository is configured (packages_path is empty); set packages_path in a rezconfig file or \$REZ_PACKAGES_PATH" \
	-- "$REZ" env python
REZ_PACKAGES_PATH=$TMPROOT/nope1:$TMPROOT/nope2 expect_fail "missing paths" 1 \
	"packages_path is $TMPROOT/nope1 (does not exist), $TMPROOT/nope2 (does not exist)" -- "$REZ" env python
REZ_PACKAGES_PATH=$EX expect_fail "did you mean" 1 \
	"package family not found: pythn (searched: $EX); did you mean python?" -- "$REZ" env pythn
REZ_PACKAGES_PATH=$EX expect_fail "prefix suggestion" 1 "did you mean python?" -- "$REZ" env pyth
REZ_PACKAGES_PATH=$EX expect_fail "versions listed" 1 \
	"package could not be found: python-9; versions of python that exist: 2.7.18, 3.9.7, 3.11.4" \
	-- "$REZ" env python-9
expect_fail "did you mean with --paths" 1 "did you mean myapp?" -- "$REZ" env --paths "$EX" mypp

# ---- interactive: the resolve summary before the welcome (not with -q); colour on a tty only
export REZ_PACKAGES_PATH=$EX
pty() { script -qec "$1" /dev/null </dev/null | tr -d '\r'; }
out=$(pty "$REZ env --norc --shell bash python-3.9 -c 'true'")
hasnt "-c: no summary" "resolved packages:" "$out"
# an interactive shell reading `exit` from the terminal
out=$(printf 'exit\n' | script -qec "$REZ env --norc --shell bash python-3.9" /dev/null | tr -d '\r')
has "summary" "resolved packages:" "$out"
has "summary row" "python-3.9.7" "$out"
case "$out" in
*"resolved packages:"*"You are now in a rez-configured environment."*) ok ;;
*) bad "summary is not before the welcome: $out" ;;
esac
has "heading in bright" $'\e[1mresolved packages:\e[0m' "$out"
out=$(printf 'exit\n' | script -qec "$REZ env --norc --shell bash -q python-3.9" /dev/null | tr -d '\r')
hasnt "-q: no summary" "resolved packages:" "$out"
out=$(printf 'exit\n' | NO_COLOR=1 script -qec "$REZ env --norc --shell bash python-3.9" /dev/null | tr -d '\r')
has "NO_COLOR: summary" "resolved packages:" "$out"
hasnt "NO_COLOR: no escapes" $'\e[1m' "$out"
out=$(printf 'exit\n' | REZ_COLOR_ENABLED=0 script -qec "$REZ env --norc --shell bash python-3.9" /dev/null | tr -d '\r')
hasnt "color_enabled false: no escapes" $'\e[1m' "$out"
# errors in red on a terminal, plain into a pipe
out=$(pty "$REZ env python-9")
has "error in red" $'\e[31mrez-env: error: package could not be found' "$out"
run "$REZ" env python-9
hasnt "no colour into a pipe" $'\e[' "$err"
mkdir -p "$TMPROOT/cfg"
printf 'error_fore: blue\nerror_styles: [bright]\n' >"$TMPROOT/cfg/rezconfig.yaml"
out=$(REZ_CONFIG_FILE=$TMPROOT/cfg/rezconfig.yaml pty "$REZ env python-9")
has "error_fore setting" $'\e[34m\e[1mrez-env: error:' "$out"
# local packages in local_fore
mkdir -p "$TMPROOT/local/loc/1.0"
printf 'name = "loc"\nversion = "1.0"\n' >"$TMPROOT/local/loc/1.0/package.lua"
out=$(printf 'exit\n' | REZ_LOCAL_PACKAGES_PATH=$TMPROOT/local REZ_PACKAGES_PATH=$TMPROOT/local:$EX \
	script -qec "$REZ env --norc --shell bash loc" /dev/null | tr -d '\r')
has "local row green" $'\e[32mloc-1.0\e[0m' "$out"
has "local tag" "(local)" "$out"
unset REZ_PACKAGES_PATH

# ---- Lua syntax errors from Python habits
mkdir -p "$TMPROOT/py/a/1.0"
hint() { # hint NAME BODY WANT
	printf 'name = "a"\nversion = "1.0"\n%b\n' "$2" >"$TMPROOT/py/a/1.0/package.lua"
	expect_fail "$1" 1 "$3" -- "$REZ" view --paths "$TMPROOT/py" a
}
hint "list brackets" 'requires = ["b"]' 'package.lua:3: unexpected symbol near '"'"'['"'"' (hint: Lua lists use braces: {"a", "b"}, not ["a", "b"])'
hint "if colon" 'function commands()\n  if building:\n    env.X = 1\n  end\nend' '(hint: Lua writes `if building then ... end` (no colon))'
hint "def" 'def commands():\n    pass' '(hint: Lua writes `function name() ... end` instead of `def name():`)'
hint "hash comment" '# a comment' '(hint: Lua comments start with `--`, not `#`)'
hint "not equal" 'if 1 != 2 then end' "(hint: Lua writes \`~=\` for 'not equal')"
hint "dict" 'x = {"k": "v"}' '(hint: Lua tables are written {key = "value"}, not {"key": "value"})'
# a plain Lua error gets no hint
hint "no hint" 'x = = 1' "unexpected symbol near '='"
hasnt "no hint text" "hint:" "$err"

# ---- Rez's rez env options that wrappers pass
SP=$SRC/tests/solver/packages
run "$REZ" env --paths "$EX" --pre-command 'env PRE_CMD="a b"' python-3.9 -c 'echo "[$PRE_CMD]"'
check "--pre-command" "[a b]"$'\n' "$out"
expect_fail "--pre-command quote" 2 "unterminated quote" -- "$REZ" env --pre-command "env 'x" python
run "$REZ" env --paths "$EX" --stats python-3.9 -c 'echo in'
has "--stats" "solver stats:" "$out"
has "--stats steps" "solve steps:       1" "$out"
has "--stats then command" "in" "$out"
run "$REZ" env --paths "$EX" --fail-graph myapp python-2 -c true
check "--fail-graph exit" 1 "$rc"
has "--fail-graph digraph" "digraph g {" "$out"
has "--fail-graph conflict" '"python-3.9+<4" -> "python==2.7.18" [color=red, label="conflict", dir=both];' "$out"
has "--fail-graph chain" '"myapp-1.0.0[]" -> "python-3.9+<4";' "$out"
run "$REZ" env --paths "$SP" -v pyvariants -c true
has "-v outcome" "solver: solved: pyvariants-2[0]" "$err"
has "-v split" "solver: split: trying:" "$err"
hasnt "-v: no passive lines" "kept for later" "$err"
run "$REZ" env --paths "$SP" -vv pyvariants -c true
has "-vv passive lines" "solver: split: kept for later:" "$err"
has "-vv steps" "solver: solve step 1, 0 phase(s) waiting: pyvariants[==2(4)]" "$err"
run "$REZ" env --paths "$SP" -vv --no-passive pyvariants -c true
hasnt "--no-passive" "kept for later" "$err"
has "--no-passive outcomes" "solver: solved:" "$err"
run "$REZ" env --paths "$SP" -vvv pyvariants -c true
has "-vvv details" "resolve details:" "$err"
run "$REZ" env --paths "$EX" -v myapp python-2 -c true
has "-v failure" "solver: phase failed (failure 1)" "$err"
run "$REZ" env --paths "$EX" --no-pkg-cache --pkg-cache-mode async python-3.9 -c 'echo x'
check "no-pkg-cache accepted" "x"$'\n' "$out"
check "no-pkg-cache silent" "" "$err"
run "$REZ" env --paths "$EX" -v --no-pkg-cache python-3.9 -c 'echo x'
has "no-pkg-cache -v says" "--no-pkg-cache has no effect" "$err"
expect_fail "pkg-cache-mode value" 2 "invalid --pkg-cache-mode 'later'" -- "$REZ" env --pkg-cache-mode later python
run "$REZ" env --help
for g in "shell options:" "resolve options:" "context options:" "diagnostics:" "accepted for Rez compatibility, no effect"; do
	has "env --help group" "$g" "$out"
done

# ---- -v on view, search, config
run "$REZ" view --paths "$EX" -v python -b
has "view -v" "searching: $EX" "$err"
has "view -v file" "reading: $EX/python/3.11.4/package.lua" "$err"
run "$REZ" search --paths "$EX" -v py
has "search -v" "searching: $EX" "$err"
run "$REZ" config -v packages_path
has "config -v" "configuration read from:" "$err"

finish
