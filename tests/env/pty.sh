#!/usr/bin/env bash
# Interactive `rez env` through a pseudo-terminal (`script` from util-linux): the welcome
# line, the marked prompt, the variables, the user's startup file (or --norc / --rcfile),
# Ctrl-C reaching the shell and not rez, the exit status, and the temporary directory removed.
# The driver waits for output patterns, never for fixed delays. Expected output is built by
# the shell (printf with %s), so the terminal's echo of the command line cannot match it.
# usage: pty.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/env/lib.sh"
command -v script >/dev/null || { bad "script (util-linux) is not installed"; finish; exit; }
cd "$TMPROOT"

cat >"$HOME/.bashrc" <<'RC'
RCMARK=bashrc; export RCMARK
PS1='bashps$ '
RC
cat >"$HOME/.zshrc" <<'RC'
RCMARK=zshrc; export RCMARK
PS1='zshps%# '
RC
cat >"$HOME/.tcshrc" <<'RC'
setenv RCMARK tcshrc
set prompt='tcshps> '
RC
echo 'RCMARK=rcfile; export RCMARK' >"$TMPROOT/rcfile.sh"

buf=""
# wait_for REGEX: reads the session's output until it matches (BASH_REMATCH set), 20 s max.
wait_for() {
	local chunk deadline=$((SECONDS + 20))
	while ! [[ $buf =~ $1 ]]; do
		if [ $SECONDS -ge $deadline ]; then
			bad "$name: timed out waiting for /$1/; output so far:"
			printf '%s\n' "$buf" | cat -A | tail -20 >&2
			return 1
		fi
		chunk=""
		IFS= read -r -t 0.2 -N 4096 chunk <&"${S[0]}"
		buf+=$chunk
		[ -n "$chunk" ] || kill -0 "$S_PID" 2>/dev/null || { [[ $buf =~ $1 ]]; return; }
	done
}
send() { printf '%s\r' "$1" >&"${S[1]}"; }

# session NAME PROMPT-REGEX RCMARK -- REZ-ENV-ARGS...
session() {
	name=$1 prompt=$2 mark=$3
	shift 4
	buf=""
	coproc S { script -qec "$(printf '%q ' "$REZ" env --ni --paths "$PKGS" "$@")" /dev/null; }
	wait_for 'You are now in a rez-configured environment' &&
	wait_for "$prompt" || { kill "$S_PID"; wait "$S_PID"; return; }
	ok
	buf=""
	send 'printf "R1=<%s|%s|%s|%s|%s>\n" "$REZ_ENV_PROMPT" "$H_SPACES" "$RCMARK" "$REZ_SHELL_INTERACTIVE" "$REZ_USED_RESOLVE"'
	if wait_for 'R1=<([^"]*)>'$'\r'; then
		check "$name: variables" "$want_prompt|a  b   c |$mark|1|envbase-2.3.4 hostile-1.0" "${BASH_REMATCH[1]}"
	fi
	local rxt_dir
	buf=""
	send 'printf "R2=<%s>\n" "$REZ_RXT_FILE"'
	wait_for 'R2=<([^"]*)>'$'\r' && rxt_dir=$(dirname "${BASH_REMATCH[1]}")
	[ -d "$rxt_dir" ] && ok || bad "$name: the context directory '$rxt_dir' does not exist while the shell runs"
	buf=""
	send 'rez context --print-resolve | paste -sd, - | sed "s/.*/R3=<&>/"'
	wait_for 'R3=<([^"]*)>'$'\r' && check "$name: rez context inside" "envbase-2.3.4,hostile-1.0" "${BASH_REMATCH[1]}"
	if [ "$name" = bash ]; then
		# Ctrl-C interrupts the foreground command, not rez: the session goes on.
		buf=""
		send 'sleep 30'
		wait_for 'sleep 30' || true
		printf '\003' >&"${S[1]}"
		buf=""
		send 'printf "R4=<%s>\n" alive'
		wait_for 'R4=<alive>'$'\r' && ok
	fi
	send 'exit 5'
	exec {S[1]}>&-
	wait "$S_PID"
	check "$name: exit status of the session" 5 $?
	[ ! -e "$rxt_dir" ] && ok || bad "$name: '$rxt_dir' not removed"
	no_leftovers "$name"
}

want_prompt='>'
session bash '> bashps\$ ' bashrc -- --shell bash hostile
session bash-norc '> [^>]*[$#] ' '' -- --shell bash --norc hostile
session bash-rcfile '> [^>]*[$#] ' rcfile -- --shell bash --rcfile "$TMPROOT/rcfile.sh" hostile
if command -v zsh >/dev/null; then
	want_prompt='%'
	session zsh '% zshps# ' zshrc -- --shell zsh hostile
else
	bad "zsh is not installed"
fi
if command -v tcsh >/dev/null; then
	want_prompt='>'
	session tcsh '> tcshps> ' tcshrc -- --shell tcsh hostile
else
	bad "tcsh is not installed"
fi
finish
