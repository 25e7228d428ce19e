#!/usr/bin/env bash
# `rez env` running commands in every Unix shell: the environment inside (package variables
# with hostile values, byte for byte through `env -0`; REZ_* variables; PATH), exit codes,
# `-- CMD ARGS` quoting, --stdin, --rcfile, and nested contexts.
# usage: shells.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/env/lib.sh"

SHELLS="bash sh zsh ksh tcsh csh fish"
rezdir=$(cd "$(dirname "$REZ")" && pwd)
cd "$TMPROOT"

# What the hostile package's commands must produce (its package.lua, read independently).
hroot=$PKGS/hostile/1.0 broot=$PKGS/envbase/2.3.4
want_vars() {
	printf '%s\0' \
		"ENVBASE_ROOT=$broot" \
		"ENVLIST=base" \
		"H_BACKTICK=\`id\` and \`echo x\`" \
		"H_BANG=hello! !! !\$ !-1" \
		'H_DOLLAR=$HOME ${USER} $(id) $$ $1' \
		'H_DQUOTE=say "hi" \"there\"' \
		"H_EXPANDED=$hroot/with space" \
		'H_GLOB=* ? [a-z] ~ ~/x' \
		"H_MIX=a;b|c&d<e>f(g)h{i}j\\k'l\"m\$n\`o%p!q#r" \
		$'H_NEWLINE=line1\nline2\n\nline4' \
		'H_PERCENT=100% %PATH% %%' \
		"H_REF=a  b   c |it's 'quoted'" \
		'H_SPACES=a  b   c ' \
		"H_SQUOTE=it's 'quoted'" \
		$'H_TAB=a\tb' \
		'H_UTF8=héllo wörld — 日本語 🎉'
}
want_vars | LC_ALL=C sort -z >want.env
ours() { grep -z '^\(H_[A-Z0-9_]*\|ENVLIST\|ENVBASE_ROOT\)=' | LC_ALL=C sort -z; }
# One variable's value from an `env -0` dump.
getvar() { grep -az "^$1=" "$2" | tr -d '\0' | sed "1s/^$1=//"; }

for sh in $SHELLS; do
	if ! command -v "$sh" >/dev/null; then
		bad "$sh: not installed (the suite needs bash dash zsh ksh tcsh csh fish)"
		continue
	fi
	renv=("$REZ" env --ni --paths "$PKGS" --shell "$sh")

	# The environment inside, both through `-- CMD` and through `-c CODE`.
	"${renv[@]}" hostile -- env -0 >env.$sh 2>err.$sh
	check "$sh: exit of -- env -0 (stderr: $(cat err.$sh))" 0 $?
	ours <env.$sh >got.env
	cmp -s want.env got.env && ok || { bad "$sh: hostile environment differs (-- env -0)"; diff <(tr '\0' '\n' <want.env) <(tr '\0' '\n' <got.env) >&2; }
	"${renv[@]}" hostile -c 'env -0' | ours >got.env
	cmp -s want.env got.env && ok || bad "$sh: hostile environment differs (-c 'env -0')"

	# REZ_* variables.
	check "$sh: REZ_USED_REQUEST" "hostile" "$(getvar REZ_USED_REQUEST env.$sh)"
	check "$sh: REZ_USED_RESOLVE" "envbase-2.3.4 hostile-1.0" "$(getvar REZ_USED_RESOLVE env.$sh)"
	check "$sh: REZ_USED_PACKAGES_PATH" "$PKGS" "$(getvar REZ_USED_PACKAGES_PATH env.$sh)"
	check "$sh: REZ_USED_IMPLICIT_PACKAGES" "" "$(getvar REZ_USED_IMPLICIT_PACKAGES env.$sh)"
	check "$sh: REZ_ENVBASE_ROOT" "$broot" "$(getvar REZ_ENVBASE_ROOT env.$sh)"
	check "$sh: REZ_ENVBASE_BASE" "$broot" "$(getvar REZ_ENVBASE_BASE env.$sh)"
	check "$sh: REZ_ENVBASE_VERSION" "2.3.4" "$(getvar REZ_ENVBASE_VERSION env.$sh)"
	check "$sh: REZ_ENVBASE_MAJOR_VERSION" "2" "$(getvar REZ_ENVBASE_MAJOR_VERSION env.$sh)"
	check "$sh: REZ_ENVBASE_MINOR_VERSION" "3" "$(getvar REZ_ENVBASE_MINOR_VERSION env.$sh)"
	check "$sh: REZ_ENVBASE_PATCH_VERSION" "4" "$(getvar REZ_ENVBASE_PATCH_VERSION env.$sh)"
	check "$sh: REZ_HOSTILE_ROOT" "$hroot" "$(getvar REZ_HOSTILE_ROOT env.$sh)"
	check "$sh: REZ_HOSTILE_MINOR_VERSION" "0" "$(getvar REZ_HOSTILE_MINOR_VERSION env.$sh)"
	grep -qz '^REZ_HOSTILE_PATCH_VERSION=$' env.$sh && ok || bad "$sh: REZ_HOSTILE_PATCH_VERSION not set empty"
	check "$sh: REZ_SHELL_INTERACTIVE" "0" "$(getvar REZ_SHELL_INTERACTIVE env.$sh)"
	check "$sh: REZ_USED" "$(dirname "$rezdir")" "$(getvar REZ_USED env.$sh)"
	rxt=$(getvar REZ_RXT_FILE env.$sh) cf=$(getvar REZ_CONTEXT_FILE env.$sh)
	case "$rxt" in "$TMPDIR"/rez_context_*/*.rxt) ok ;; *) bad "$sh: REZ_RXT_FILE '$rxt'" ;; esac
	case "$cf" in "${rxt%/*}"/context.*) ok ;; *) bad "$sh: REZ_CONTEXT_FILE '$cf'" ;; esac
	[ ! -e "$rxt" ] && ok || bad "$sh: $rxt still exists after the shell exited"
	# PATH: the package's prepend, the system paths, then rez's own directory.
	check "$sh: PATH" "$hroot/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$rezdir" \
		"$(getvar PATH env.$sh)"
	# The context file is readable from inside, and `rez` is on PATH there.
	run "${renv[@]}" hostile -c 'rez context --print-resolve && test -r "$REZ_CONTEXT_FILE" && echo readable'
	check "$sh: rez context inside" $'envbase-2.3.4\nhostile-1.0\nreadable\n' "$out"

	# Exit codes: -c, -- CMD, a signal, --stdin.
	run "${renv[@]}" envbase -c 'exit 42'
	check "$sh: -c 'exit 42'" 42 "$rc"
	run "${renv[@]}" envbase -- sh -c 'exit 43'
	check "$sh: -- sh -c 'exit 43'" 43 "$rc"
	run "${renv[@]}" envbase -- sh -c 'kill -TERM $$'
	check "$sh: a command killed by SIGTERM" 143 "$rc"
	run "${renv[@]}" envbase -c 'true'
	check "$sh: -c true" 0 "$rc"
	run "${renv[@]}" envbase --stdin <<<$'echo "in $ENVBASE_ROOT"\nexit 7'
	check "$sh: --stdin exit" 7 "$rc"
	check "$sh: --stdin output" "in $broot"$'\n' "$out"
	run "${renv[@]}" envbase -c 'echo "in $ENVBASE_ROOT"' </dev/null
	check "$sh: -c output" "in $broot"$'\n' "$out"
	check "$sh: -c stderr" "" "$err"

	# -- CMD ARGS: each word reaches the program unchanged (no globbing, no expansion).
	args=('a b' "it's" 'say "x"' '$HOME' '${USER}' '*' '?' '[a]' '`id`' '$(id)' '!!' '!$'
	      '%PATH%' 'x;y' 'a|b' '' 'tab	x' $'new\nline' 'héllo' '~' '~/x' '-c' '--' '\'
	      '{a,b}' '#c' "'" '"' '&' '<>')
	touch a b c   # something for a glob to match
	printf '%s\0' "${args[@]}" >want.args
	"${renv[@]}" envbase -- printf '%s\0' "${args[@]}" >got.args
	cmp -s want.args got.args && ok || { bad "$sh: -- CMD ARGS changed the words"; diff <(tr '\0' '\n' <want.args) <(tr '\0' '\n' <got.args) >&2; }

	# --rcfile is sourced before the command (in the shell's own syntax).
	case "$sh" in
	tcsh|csh) echo 'setenv RCMARK "from rcfile"' >rc.$sh ;;
	fish) echo 'set -gx RCMARK "from rcfile"' >rc.$sh ;;
	*) echo 'RCMARK="from rcfile"; export RCMARK' >rc.$sh ;;
	esac
	run "${renv[@]}" envbase --rcfile "$TMPROOT/rc.$sh" -c 'echo "$RCMARK"'
	check "$sh: --rcfile" $'from rcfile\n' "$out"
	no_leftovers "$sh"
done

# Nested: the inner context sees the outer one's variables (inherited like any parent
# variable), resolves only its own request, marks the prompt twice, and `rez context` in
# each prints the current context.
renv=("$REZ" env --ni --paths "$PKGS" --shell bash)
run "${renv[@]}" hostile -c '
	outer=$REZ_RXT_FILE
	rez context --print-resolve
	rez env --ni --paths "'"$PKGS"'" envdep -c "
		printf \"%s|\" \"\$H_SPACES\" \"\$ENVLIST\" \"\$REZ_ENV_PROMPT\" \"\$REZ_USED_RESOLVE\" \"\$ENVDEP_ROOT\"
		echo
		test \"\$REZ_RXT_FILE\" != \"$outer\" && echo new-rxt
		rez context --print-resolve
		exit 3"
	echo "inner exit $?"
	rez context --print-resolve'
check "nested: exit" 0 "$rc"
check "nested: output" "envbase-2.3.4
hostile-1.0
a  b   c |base:dep|>>|envbase-2.3.4 envdep-1.0.0|$PKGS/envdep/1.0.0|
new-rxt
envbase-2.3.4
envdep-1.0.0
inner exit 3
envbase-2.3.4
hostile-1.0
" "$out"
# Nested in another shell kind: fish inside tcsh.
run "$REZ" env --ni --paths "$PKGS" --shell tcsh hostile -c \
	"rez env --ni --paths $PKGS --shell fish envdep -c 'echo \$H_TAB; echo \$ENVLIST'"
check "nested tcsh/fish" $'a\tb\nbase:dep\n' "$out"

# Implicit packages: the configured ones are added, and REZ_USED_IMPLICIT_PACKAGES says so.
run "$REZ" env --paths "$PKGS" --ni envbase -c 'echo "[$REZ_USED_IMPLICIT_PACKAGES]"'
check "--ni" $'[]\n' "$out"
mkdir -p "$TMPROOT/plat/platform/linux"
printf 'name = "platform"\nversion = "linux"\n' >"$TMPROOT/plat/platform/linux/package.lua"
run env REZ_IMPLICIT_PACKAGES='~platform==linux' "$REZ" env --paths "$PKGS:$TMPROOT/plat" envbase \
	-c 'echo "[$REZ_USED_IMPLICIT_PACKAGES] [$REZ_USED_RESOLVE]"'
check "implicit packages" $'[~platform==linux] [envbase-2.3.4]\n' "$out"
run env REZ_IMPLICIT_PACKAGES='platform' "$REZ" env --paths "$PKGS:$TMPROOT/plat" envbase \
	-c 'echo "[$REZ_USED_RESOLVE]"'
check "implicit non-weak package" $'[envbase-2.3.4 platform-linux]\n' "$out"
# rez_tools_visibility: where rez's own directory goes on PATH.
sys=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
run env REZ_REZ_TOOLS_VISIBILITY=prepend "$REZ" env --ni --paths "$PKGS" hostile -c 'echo "$PATH"'
check "rez_tools_visibility=prepend" "$rezdir:$hroot/bin:$sys"$'\n' "$out"
run env REZ_REZ_TOOLS_VISIBILITY=never "$REZ" env --ni --paths "$PKGS" hostile -c 'echo "$PATH"'
check "rez_tools_visibility=never" "$hroot/bin:$sys"$'\n' "$out"
# standard_system_paths replaces the built-in system paths.
run env REZ_STANDARD_SYSTEM_PATHS=/opt/a:/opt/b "$REZ" env --ni --paths "$PKGS" envbase -c 'echo "$PATH"'
check "standard_system_paths" "/opt/a:/opt/b:$rezdir"$'\n' "$out"
no_leftovers "nested"
finish
