#!/usr/bin/env bash
# print_script.sh REZ WORK SRC - `rez env REQ --print-script`: in each real shell, the script
# sourced or eval'd gives the environment `rez env REQ -c 'env -0'` gives (minus what only a
# spawned shell sets: REZ_RXT_FILE, REZ_CONTEXT_FILE, REZ_SHELL_*, REZ_ENV_PROMPT, the
# context's timestamp), in both script layouts; a failure prints nothing on stdout and exits
# non-zero; no file is written unless --output is given.
set -u
REZ=$1 WORK=$2 SRC=$3
rm -rf "$WORK"
mkdir -p "$WORK/home" "$WORK/tmp"
fails=0 n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

lua5.4 "$SRC/bench/gen_repo.lua" "$WORK/repo" 40 3 >/dev/null
# a package with hostile values, an alias and a parent variable's append
mkdir -p "$WORK/repo/hostile/1.0"
cat >"$WORK/repo/hostile/1.0/package.lua" <<'EOF'
name = "hostile"
version = "1.0"
function commands()
  env.H_QUOTES = "it's \"q\" $x `y` !z \\ %p%"
  env.H_NL = "a\nb"
  env.PATH:prepend("{root}/b i n")
  env.H_LIST:append("one")
  env.H_LIST:append("t'wo")
  env.H_REF = "${H_LIST}/x"
  env.H_LIST:prepend("zero")
  alias("hgreet", "printf '[%s]'")
end
EOF
REQ="fam0039 fam0031 hostile"
export HOME=$WORK/home XDG_CACHE_HOME=$WORK/cache TMPDIR=$WORK/tmp REZ_CONFIG_FILE=/dev/null
BASE_ENV=(env -i "HOME=$HOME" "XDG_CACHE_HOME=$XDG_CACHE_HOME" "TMPDIR=$TMPDIR" "PATH=/usr/bin:/bin"
	  "LANG=C.UTF-8" "REZ_CONFIG_FILE=/dev/null" "H_LIST=inherited")

# Sorted environment entries without the variables only a spawned shell (or the shell) sets.
filter() {
	tr '\0' '\n' <"$1" | awk -F= '!/^(REZ_RXT_FILE|REZ_CONTEXT_FILE|REZ_SHELL_INIT_TIMESTAMP|REZ_SHELL_INTERACTIVE|REZ_ENV_PROMPT|REZ_USED_TIMESTAMP|_|SHLVL|OLDPWD)=/' |
		LC_ALL=C sort
}

for layout in folded rez; do
	for sh in bash zsh ksh sh fish tcsh; do
		d=$WORK/$sh-$layout
		mkdir -p "$d"
		export REZ_SHELL_SCRIPT_LAYOUT=$layout
		(cd "$d" && "${BASE_ENV[@]}" REZ_SHELL_SCRIPT_LAYOUT=$layout "$REZ" env $REQ --paths "$WORK/repo" \
			--shell "$sh" -c "env -0 > '$d/spawned.bin'")
		case $sh in
		fish) code="'$REZ' env $REQ --paths '$WORK/repo' --shell fish --print-script | source; env -0 > '$d/eval.bin'; hgreet a 'b c' > '$d/alias.txt'"
		      run=(fish --no-config -c "$code") ;;
		tcsh) "${BASE_ENV[@]}" REZ_SHELL_SCRIPT_LAYOUT=$layout "$REZ" env $REQ --paths "$WORK/repo" \
			--shell tcsh --print-script >"$d/script.csh"
		      # separate lines: csh expands aliases when it reads a line
		      printf '%s\n' "source '$d/script.csh'" "env -0 > '$d/eval.bin'" "hgreet a 'b c' > '$d/alias.txt'" >"$d/run.csh"
		      run=(tcsh -f "$d/run.csh") ;;
		sh)   run=(dash -c "eval \"\$('$REZ' env $REQ --paths '$WORK/repo' --shell sh --print-script)\"; env -0 > '$d/eval.bin'; hgreet a 'b c' > '$d/alias.txt'") ;;
		*)    run=("$sh" -c "eval \"\$('$REZ' env $REQ --paths '$WORK/repo' --shell $sh --print-script)\"; env -0 > '$d/eval.bin'; hgreet a 'b c' > '$d/alias.txt'") ;;
		esac
		(cd "$d" && "${BASE_ENV[@]}" REZ_SHELL_SCRIPT_LAYOUT=$layout "${run[@]}")
		check "$sh ($layout): spawned environment dumped" "[ -s '$d/spawned.bin' ]"
		check "$sh ($layout): eval'd environment dumped" "[ -s '$d/eval.bin' ]"
		if ! diff <(filter "$d/spawned.bin") <(filter "$d/eval.bin") >"$d/diff.txt"; then
			bad "$sh ($layout): eval'd environment differs from rez env -c (see $d/diff.txt)"
			head -20 "$d/diff.txt"
		else
			ok "$sh ($layout): eval'd environment is rez env -c's"
		fi
		check "$sh ($layout): the alias works" "[ \"\$(cat '$d/alias.txt')\" = '[a][b c]' ]"
		check "$sh ($layout): H_REF saw H_LIST between its changes" \
			"tr '\\0' '\\n' < '$d/eval.bin' | grep -qx 'H_REF=one:t.wo/x'"
	done
done
unset REZ_SHELL_SCRIPT_LAYOUT

# The folded layout is the default.
"${BASE_ENV[@]}" "$REZ" env $REQ --paths "$WORK/repo" --shell bash --print-script >"$WORK/default.sh"
"${BASE_ENV[@]}" REZ_SHELL_SCRIPT_LAYOUT=rez "$REZ" env $REQ --paths "$WORK/repo" --shell bash --print-script >"$WORK/rez.sh"
# PATH: the packages' prepends, then (after the alias, which ends the group) the system paths
check "default layout is folded (PATH assigned twice)" "[ \"\$(grep -c '^PATH=' '$WORK/default.sh')\" = 2 ]"
check "rez layout: one PATH line per change" "[ \"\$(grep -c '^export PATH=' '$WORK/rez.sh')\" -gt 4 ]"

# Failure: nothing on stdout, an error on stderr, non-zero exit.
"${BASE_ENV[@]}" "$REZ" env nosuchpkg --paths "$WORK/repo" --print-script >"$WORK/fail.out" 2>"$WORK/fail.err"
rc=$?
check "failed resolve exits non-zero" "[ $rc -ne 0 ]"
check "failed resolve prints nothing on stdout" "[ ! -s '$WORK/fail.out' ]"
check "failed resolve explains on stderr" "grep -q nosuchpkg '$WORK/fail.err'"
"${BASE_ENV[@]}" "$REZ" env fam0039 --paths "$WORK/repo" --print-script -c true >"$WORK/usage.out" 2>"$WORK/usage.err"
rc=$?
check "--print-script with -c is a usage error" "[ $rc -eq 2 ] && [ ! -s '$WORK/usage.out' ]"

# No file written without --output; with it, the context is saved and REZ_RXT_FILE names it.
check "no temporary files or context written" "[ -z \"\$(ls -A '$WORK/tmp')\" ]"
(cd "$WORK" && "${BASE_ENV[@]}" "$REZ" env fam0039 --paths "$WORK/repo" --print-script -o saved.rxt >"$WORK/saved.sh")
check "--output saves the context" "[ -s '$WORK/saved.rxt' ]"
check "--output: REZ_RXT_FILE names the saved context" "grep -q \"REZ_RXT_FILE=.*$WORK/saved.rxt\" '$WORK/saved.sh'"
check "without --output: no REZ_RXT_FILE" "! grep -q REZ_RXT_FILE '$WORK/default.sh'"

echo "$((n - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
