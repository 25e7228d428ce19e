# typein.zsh SHELL SCRIPT OUT LINE... - types each LINE followed by a TAB into SHELL (zsh or
# tcsh) running in a real terminal (zsh's zpty), with the completion SCRIPT sourced, and
# appends the edit buffer after the completion to OUT as "<buffer>".
zmodload zsh/zpty || exit 1
sh=$1 script=$2 out=$3
shift 3
# the terminal's output must be read for the shell to go on
drain() { local chunk i; for i in {1..40}; do while zpty -rt z chunk 2>/dev/null; do :; done; sleep 0.05; done; }
if [[ $sh == zsh ]]; then
	zpty z 'zsh -f -i'
	zpty -w z "PS1='> '; autoload -U compinit; compinit -u -D; source $script"
	drain
	# ^X writes the buffer and clears it
	zpty -w z "dumpbuf() { print -r -- \"<\$BUFFER>\" >> $out; BUFFER=''; }; zle -N dumpbuf; bindkey '^X' dumpbuf"
	drain
	for line in "$@"; do
		zpty -w -n z "$line"$'\t'; drain
		zpty -w -n z $'\x18'; drain
	done
else
	zpty z 'tcsh -f'
	zpty -w z "source $script"
	drain
	for line in "$@"; do
		zpty -w -n z "$line"$'\t'; drain
		# ^A, 'echo "<', ^E, '>" >> OUT', Enter: the line as tcsh completed it
		zpty -w -n z $'\x01''echo "<'$'\x05''>" >> '"$out"$'\r'; drain
	done
fi
zpty -w z exit
drain
zpty -d z
