#!/usr/bin/env bash
# complete.sh REZ SRC - rez complete: Rez's COMP_LINE / COMP_POINT interface, each command's
# options exactly as its parser has them, package families and versions from directory
# listings only (strace: no definition opened), and the generated scripts in the real bash
# (complete -p, the function with COMP_WORDS), zsh and tcsh (typed into a real terminal
# through zsh's zpty) and fish (complete -C).
REZ=$1 SRC=$2
. "$SRC/tests/cli3/lib.sh"

P=$TMPROOT/pkgs
mkpkg "$P" python 2.7.18
mkpkg "$P" python 3.11.4
mkpkg "$P" python 3.9.7
mkpkg "$P" pyside 5.15
mkpkg "$P" maya 2024.1
mkdir -p "$P/broken/1.0"; echo 'this is not lua {{{' >"$P/broken/1.0/package.lua"
export REZ_PACKAGES_PATH=$P
mkdir -p work/ctx.d; touch work/a.rxt "work/with space.rxt"

comp() {   # comp LINE [POINT]: the completions, sorted, on one line
	COMP_LINE=$1 COMP_POINT=${2:-${#1}} "$REZ" complete | sort | tr '\n' ' '
}
all=$("$REZ" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' | sort | tr '\n' ' ')
check "every subcommand" "$all" "$(comp 'rez ')"
check "subcommand prefix" "depends diff " "$(comp 'rez d')"
check "rezolve too" "env " "$(comp 'rezolve en')"
check "families" "pyside python " "$(comp 'rez env py')"
check "one family: its versions too" "python python-2.7.18 python-3.11.4 python-3.9.7 " "$(comp 'rez env pyt')"
check "versions" "python-3.11.4 python-3.9.7 " "$(comp 'rez env python-3')"
check "weak and conflict" "~maya ~maya-2024.1 " "$(comp 'rez env ~ma')"
check "broken definition still listed" "broken broken-1.0 " "$(comp 'rez view bro')"
check "rez-env form" "maya maya-2024.1 " "$(comp 'rez-env ma')"
check "second package" "pyside pyside-5.15 " "$(comp 'rez env maya pys')"
check "cursor mid-line (COMP_POINT)" "maya maya-2024.1 " "$(comp 'rez env ma python' 10)"
check "option prefix" "--shell " "$(comp 'rez env --she')"
check "shells" "bash sh " "$(comp 'rez env --shell ' | tr ' ' '\n' | grep -x -e bash -e sh | sort | tr '\n' ' ')"
check "shell prefix" "zsh " "$(comp 'rez env --shell z')"
check "--opt=value" "--shell=tcsh " "$(comp 'rez env --shell=tc')"
check "bash word breaks" "tcsh " "$(COMP_LINE='rez env --shell=tc' COMP_WORDBREAKS=' =:' "$REZ" complete | tr '\n' ' ')"
check "unique long prefix" "bash " "$(comp 'rez env --shel ba')"
check "files for --input" "work/a.rxt work/ctx.d/ work/with space.rxt " "$(comp 'rez env --input work/')"
check "files for -i" "work/a.rxt " "$(comp 'rez env -i work/a')"
check "files for context" "work/ " "$(comp 'rez context wo')"
check "after a value, packages again" "maya maya-2024.1 " "$(comp 'rez env --shell bash ma')"
check "flag then packages" "maya maya-2024.1 " "$(comp 'rez env -q ma')"
check "help: commands" "view " "$(comp 'rez help vi')"
check "config settings" "default_shell " "$(comp 'rez config default_sh')"
check "--paths: another repository" "x x-1 " "$(mkpkg "$TMPROOT/other" x 1; comp "rez env --paths $TMPROOT/other x")"
check "unknown command: nothing" "" "$(comp 'rez nosuch --')"
check "no line: subcommands" "$all" "$(COMP_LINE='rez ' "$REZ" complete | sort | tr '\n' ' ')"

# quiet and clean (no sanitizer report, no leak exit status) on each kind of word
for l in 'rez ' 'rez env py' 'rez env --shell z' 'rez env -i work/' 'rez config def' 'rez-cp --' \
	 'rez help v' 'rez env ~ma' 'rez view bro' 'rez env -- ls wo' 'rez nosuch x'; do
	COMP_LINE=$l run "$REZ" complete
	check "clean: '$l'" "0:" "$rc:$err"
done

# every command's options are its parser's: the same names as its --help lists
for c in $all; do
	want=$("$REZ" "$c" --help | sed -n 's/^  \(-[^ ].*\)/\1/p' | sed 's/  .*//' | tr ',' '\n' |
	       sed -n 's/^ *\(--[a-z][a-z0-9-]*\).*/\1/p' | sort -u | tr '\n' ' ')
	check "options of $c" "$want" "$(comp "rez $c --" | tr ' ' '\n' | grep . | sort -u | tr '\n' ' ')"
done
check "short options on a bare -" "-h -q " "$(comp 'rez-env -' | tr ' ' '\n' | grep -x -e -h -e -q | sort | tr '\n' ' ')"

# fast: directory listings only, no definition opened
if command -v strace >/dev/null; then
	COMP_LINE='rez env python-' strace -f -e trace=open,openat -o "$TMPROOT/st" "$REZ" complete >/dev/null
	grep -q 'package\.\(lua\|yaml\|py\)' "$TMPROOT/st" && bad "completion opened a definition: $(grep package "$TMPROOT/st" | head -3)" || ok
else
	bad "strace is missing (scripts/dev installs it)"
fi

# the scripts the build ships (share/rez-lua/completion, installed by cmake --install) are
# what `rez complete --script` prints
for sh in bash zsh fish tcsh; do
	shipped=$BIN/../share/rez-lua/completion/rez.$sh
	"$REZ" complete --script "$sh" >"c.$sh"
	cmp -s "$shipped" "c.$sh" && ok || bad "shipped $shipped differs from rez complete --script $sh"
done
expect_fail "script: unknown shell" 2 "no completion script for shell 'cmd'" -- "$REZ" complete --script cmd

# ---- bash ----
bashcomp() {   # bashcomp WORD...: COMPREPLY for the words, the last being completed
	bash --norc --noprofile -c '. ./c.bash
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_rez_lua_complete; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' bash "$@"
}
run bash --norc --noprofile -c '. ./c.bash; complete -p rez rez-env rez-cp rez-diff'
check "bash: registered" "complete -F _rez_lua_complete rez
complete -F _rez_lua_complete rez-env
complete -F _rez_lua_complete rez-cp
complete -F _rez_lua_complete rez-diff
" "$out"
check "bash: subcommands" "depends diff " "$(bashcomp rez d)"
check "bash: options" "--shell " "$(bashcomp rez-env --she)"
check "bash: packages" "pyside python " "$(bashcomp rez env py)"
check "bash: versions" "python-3.11.4 python-3.9.7 " "$(bashcomp rez env python-3)"
check "bash: shells" "zsh " "$(bashcomp rez env --shell z)"
check "bash: file with a space" "work/with space.rxt " "$(bashcomp rez env -i work/w)"

# ---- fish ----
fishcomp() { fish -N -c "source c.fish; complete -C '$1'" | sort | tr '\n' ' '; }
check "fish: subcommands" "depends diff " "$(fishcomp 'rez d')"
check "fish: options" "--shell " "$(fishcomp 'rez-env --she')"
check "fish: packages" "pyside python " "$(fishcomp 'rez env py')"
check "fish: versions" "python-3.11.4 python-3.9.7 " "$(fishcomp 'rez env python-3')"
check "fish: shells" "zsh " "$(fishcomp 'rez env --shell z')"

# ---- zsh and tcsh, typed into a real terminal (zsh's zpty) ----
# Each line is typed with a TAB; the edit buffer is then written to $TMPROOT/<shell>.out
# (zsh: a widget bound to ^X; tcsh: ^A, "echo <", ^E, "> >> file", Enter).
lines=('rez di' 'rez env --she' 'rez env pyth' 'rez-env --shell=zs' 'rez env python-3.1' 'rez env may' 'rez env -i work/a')
want='<rez diff >
<rez env --shell >
<rez env python>
<rez-env --shell=zsh >
<rez env python-3.11.4 >
<rez env maya>
<rez env -i work/a.rxt >
'
zsh -f "$SRC/tests/cli3/typein.zsh" zsh "$PWD/c.zsh" "$TMPROOT/zsh.out" "${lines[@]}"
check "zsh: completed lines" "$want" "$(cat "$TMPROOT/zsh.out" 2>/dev/null)
"
zsh -f "$SRC/tests/cli3/typein.zsh" tcsh "$PWD/c.tcsh" "$TMPROOT/tcsh.out" "${lines[@]}"
check "tcsh: completed lines" "$want" "$(cat "$TMPROOT/tcsh.out" 2>/dev/null)
"
run tcsh -f -c 'source ./c.tcsh; complete rez-env'
check "tcsh: registered" "'p@*@\`rez complete\`@'
" "$out"
finish
