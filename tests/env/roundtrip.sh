#!/usr/bin/env bash
# Save/load round trip: `rez env -o`, every `rez context` view of the saved file, the
# interpreted scripts RUN in their shells (same environment as `rez env -c`), `-s eval`,
# `--no-env`, dict/table/json, `rez env -i`, and `rez env --output - | rez context -`.
# usage: roundtrip.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/env/lib.sh"
rezdir=$(cd "$(dirname "$REZ")" && pwd)
cd "$TMPROOT"
renv=("$REZ" env --ni --paths "$PKGS")
hroot=$PKGS/hostile/1.0 broot=$PKGS/envbase/2.3.4 troot=$PKGS/tooly/1.0

run "${renv[@]}" hostile tooly envdep -o ctx.rxt
check "save: exit" 0 "$rc"
check "save: quiet" "" "$out$err"
run "${renv[@]}" envbase-1 envdep -o old.rxt
check "save old: exit" 0 "$rc"
grep -q '"serialize_version": "4.9"' ctx.rxt && ok || bad "ctx.rxt lacks serialize_version 4.9"
grep -q '"status": "solved"' ctx.rxt && ok || bad "ctx.rxt lacks status solved"
ls ctx.rxt.tmp.* >/dev/null 2>&1 && bad "a temporary file was left beside ctx.rxt" || ok

# The summary (its first line carries the date and user).
run "$REZ" context ctx.rxt
check "summary: exit" 0 "$rc"
case "$out" in "resolved by "*", using rez-lua v"*) ok ;; *) bad "summary: first line: $out" ;; esac
check "summary: body" "
requested packages:
hostile
tooly
envdep

resolved packages:
envbase-2.3.4  $broot
envdep-1.0.0   $PKGS/envdep/1.0.0
hostile-1.0    $hroot
tooly-1.0      $troot" "$(tail -n +2 <<<"$out")"
run "$REZ" context ctx.rxt --source-order
check "--source-order" "envbase-2.3.4  $broot
hostile-1.0    $hroot
tooly-1.0      $troot
envdep-1.0.0   $PKGS/envdep/1.0.0" "$(sed -n '/^resolved packages:/,$p' <<<"$out" | tail -n +2)"
run "$REZ" context ctx.rxt -v
case "$out" in *"search paths:"*"$PKGS"*"resolve details:"*) ok ;; *) bad "-v: $out" ;; esac

run "$REZ" context ctx.rxt --print-request
check "--print-request" $'hostile\ntooly\nenvdep\n' "$out"
run "$REZ" context ctx.rxt --req
check "--req" $'hostile\ntooly\nenvdep\n' "$out"
run "$REZ" context ctx.rxt --print-resolve
check "--print-resolve" $'envbase-2.3.4\nhostile-1.0\ntooly-1.0\nenvdep-1.0.0\n' "$out"
run "$REZ" context ctx.rxt --res --su
check "--print-resolve --show-uris" "$broot/package.lua[]
$hroot/package.lua[]
$troot/package.lua[]
$PKGS/envdep/1.0.0/package.lua[]
" "$out"

run "$REZ" context ctx.rxt --tools
check "--tools" "TOOL          PACKAGE
----          -------
hostile-tool  hostile-1.0  (in conflict)
hostile-tool  tooly-1.0    (in conflict)
tooly         tooly-1.0
" "$out"
run "$REZ" context ctx.rxt --which tooly
check "--which tooly" "$troot/bin/tooly"$'\n' "$out"
run "$REZ" context ctx.rxt --which sh
check "--which sh (a system path)" "/usr/bin/sh"$'\n' "$out"
expect_fail "--which nope" 1 "'nope' not found in the context" -- "$REZ" context ctx.rxt --which nope

graph='digraph g {
    "envbase-2.3.4" [shape=box];
    "hostile-1.0" [shape=box];
    "tooly-1.0" [shape=box];
    "envdep-1.0.0" [shape=box];
    "hostile-1.0" -> "envbase-2.3.4";
    "envdep-1.0.0" -> "envbase-2.3.4";
}'
run "$REZ" context ctx.rxt --graph
check "--graph" "$graph"$'\n' "$out"
run "$REZ" context ctx.rxt --print-graph
check "--print-graph" "$graph"$'\n' "$out"
run "$REZ" context ctx.rxt --write-graph g.dot
check "--write-graph" "$graph" "$(cat g.dot)"
run "$REZ" context ctx.rxt --graph --prune-package envdep
check "--graph --pp envdep" 'digraph g {
    "envbase-2.3.4" [shape=box];
    "envdep-1.0.0" [shape=box];
    "envdep-1.0.0" -> "envbase-2.3.4";
}
' "$out"
expect_fail "--pp unknown" 1 "package 'nada' is not in the context" -- "$REZ" context ctx.rxt -g --pp nada

run "$REZ" context ctx.rxt --diff old.rxt
check "--diff" "ctx.rxt        old.rxt
-------        -------
envbase-2.3.4  envbase-1.9.0  (-1 versions)
hostile-1.0    -
tooly-1.0      -
" "$out"
run "$REZ" context old.rxt --diff ctx.rxt
check "--diff reversed" "old.rxt        ctx.rxt
-------        -------
envbase-1.9.0  envbase-2.3.4  (+1 versions)
-              hostile-1.0
-              tooly-1.0
" "$out"
run "$REZ" context ctx.rxt --diff ctx.rxt
check "--diff with itself: nothing (as Rez)" "0|" "$rc|$out"
# --fetch: a repository that gains a version after the context was saved.
mkdir -p repo/envbase
cp -r "$PKGS/envbase/1.9.0" repo/envbase/
run "$REZ" env --ni --paths "$TMPROOT/repo" envbase -o fetch.rxt
run "$REZ" context fetch.rxt --fetch
check "--fetch: no change" "0|" "$rc|$out"
cp -r "$PKGS/envbase/2.3.4" repo/envbase/
run "$REZ" context fetch.rxt --fetch
check "--fetch: a newer version" "0|current        updated
-------        -------
envbase-1.9.0  envbase-2.3.4  (+1 versions)
" "$rc|$out"
expect_fail "--diff unreadable" 1 "cannot read context 'nope.rxt'" -- "$REZ" context ctx.rxt --diff nope.rxt

# ---- interpret: every format ----
for f in bash sh zsh ksh csh tcsh fish cmd powershell pwsh gitbash dict table json; do
	run "$REZ" context old.rxt --interpret --format "$f"
	check "--interpret -f $f: exit (stderr: $err)" 0 "$rc"
	[ -n "$out" ] && ok || bad "--interpret -f $f: no output"
done
expect_fail "--format nosuch" 1 "unknown format 'nosuch' (valid: bash, sh, zsh, ksh, csh, tcsh, fish, cmd, powershell, pwsh, gitbash, dict, table, json)" \
	-- "$REZ" context ctx.rxt --interpret --format nosuch
expect_fail "cmd cannot hold a newline" 1 "cmd: cannot write variable 'H_NEWLINE'" \
	-- "$REZ" context ctx.rxt --interpret --format cmd
expect_fail "bad style" 1 "invalid style 'fancy' (expected file or eval)" \
	-- "$REZ" context ctx.rxt --interpret --style fancy

# The interpreted script, run in its shell, gives the environment `rez env -c` gives there
# (minus what only a spawned shell sets: its temporary files and the shell variables).
filt() { grep -zv '^\(REZ_RXT_FILE\|REZ_CONTEXT_FILE\|REZ_SHELL_INIT_TIMESTAMP\|REZ_SHELL_INTERACTIVE\|REZ_ENV_PROMPT\|SHLVL\|_\|A__z\)=' | LC_ALL=C sort -z; }
for sh in bash sh zsh ksh fish tcsh csh; do
	"$REZ" context ctx.rxt --interpret --format "$sh" >script.$sh
	case "$sh" in
	fish) fish --no-config -c "source script.$sh; env -0" ;;
	tcsh|csh) "$sh" -f -c "source script.$sh; env -0" ;;
	*) "$sh" -c ". ./script.$sh; env -0" ;;
	esac | filt >interp.$sh
	"${renv[@]}" -i ctx.rxt --shell "$sh" -c 'env -0' | filt >spawn.$sh
	cmp -s interp.$sh spawn.$sh && ok || { bad "$sh: interpreted script's environment differs from rez env -c"; diff <(tr '\0' '\n' <spawn.$sh) <(tr '\0' '\n' <interp.$sh) >&2; }
	grep -qz "^H_NEWLINE=line1"$'\n'"line2"$'\n\n'"line4$" interp.$sh && ok || bad "$sh: H_NEWLINE"
	grep -qz "^REZ_USED_RESOLVE=envbase-2.3.4 hostile-1.0 tooly-1.0 envdep-1.0.0$" interp.$sh && ok || bad "$sh: REZ_USED_RESOLVE"
done
# ... and the same as resolving afresh: -i reuses the saved resolve.
"${renv[@]}" hostile tooly envdep --shell bash -c 'env -0' | filt | grep -zv '^REZ_USED_TIMESTAMP=' >fresh.env
grep -zv '^REZ_USED_TIMESTAMP=' spawn.bash >saved.env
cmp -s fresh.env saved.env && ok || bad "rez env -i ctx.rxt differs from a fresh rez env"
run "${renv[@]}" -i ctx.rxt -c 'printf "%s|" "$H_SPACES" "$REZ_USED_REQUEST"'
check "rez env -i -c" "a  b   c |hostile tooly envdep|" "$out"
run "${renv[@]}" -i ctx.rxt -- printf '%s|' '$H_SPACES' "a b"
check "rez env -i -- CMD" '$H_SPACES|a b|' "$out"
run "$REZ" context ctx.rxt --interpret --format bash
# absolute, so the script works wherever it is sourced
case "$out" in *"REZ_RXT_FILE=\"$(pwd -P)/ctx.rxt\""*) ok ;; *) bad "interpret: REZ_RXT_FILE is not the loaded file's absolute path" ;; esac

# -s eval: no comments, no shebang, usable with eval.
run "$REZ" context ctx.rxt --interpret --format bash --style eval
check "-s eval: exit" 0 "$rc"
grep -q '^#' <<<"$out" && bad "-s eval output has comment lines" || ok
run bash -c 'eval "$("$0" context ctx.rxt -i -f bash -s eval)"; printf "%s|" "$H_DOLLAR" "$H_BANG" "$ENVLIST"' "$REZ"
check "-s eval: eval'd in bash" '$HOME ${USER} $(id) $$ $1|hello! !! !$ !-1|base:dep|' "$out"
run zsh -c 'eval "$("$0" context ctx.rxt -i -f zsh -s eval)"; printf "%s|" "$H_GLOB" "$H_UTF8"' "$REZ"
check "-s eval: eval'd in zsh" '* ? [a-z] ~ ~/x|héllo wörld — 日本語 🎉|' "$out"

# dict / table / json: the resulting environment.
run "$REZ" context ctx.rxt --interpret --format dict
grep -qF "'H_NEWLINE': 'line1\\nline2\\n\\nline4'" <<<"$out" && ok || bad "dict: H_NEWLINE"
grep -qF "'H_SQUOTE': 'it\\'s \\'quoted\\''" <<<"$out" && ok || bad "dict: H_SQUOTE"
grep -qF "'HOME': '$HOME'" <<<"$out" && ok || bad "dict: the parent's HOME"
case "$out" in "{"*"}"$'\n') ok ;; *) bad "dict: not one {...}" ;; esac
run "$REZ" context ctx.rxt --interpret --format json
grep -qF '"H_NEWLINE": "line1\nline2\n\nline4",' <<<"$out" && ok || bad "json: H_NEWLINE"
grep -qF '"H_DQUOTE": "say \"hi\" \\\"there\\\"",' <<<"$out" && ok || bad "json: H_DQUOTE"
grep -qF '"H_UTF8": "héllo wörld — 日本語 🎉",' <<<"$out" && ok || bad "json: H_UTF8"
run "$REZ" context ctx.rxt --interpret --format table
grep -qE '^H_SPACES +a  b   c $' <<<"$out" && ok || bad "table: H_SPACES (its trailing space kept)"
grep -qE "^ENVBASE_ROOT +$broot\$" <<<"$out" && ok || bad "table: ENVBASE_ROOT"

# --no-env: against an empty parent environment: only what the context sets.
run "$REZ" context ctx.rxt --interpret --format json --no-env
grep -q '"HOME"' <<<"$out" && bad "--no-env: the parent's HOME leaked" || ok
grep -qF "\"PATH\": \"$hroot/bin:$troot/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$rezdir\"" <<<"$out" && ok || bad "--no-env: PATH: $(grep '"PATH"' <<<"$out")"
run "$REZ" context ctx.rxt --interpret --format bash --no-env
check "--no-env bash: exit" 0 "$rc"

# Through a pipe: another machine's user gets a cmd (or PowerShell) script.
export REZ_PACKAGES_PATH=$SRC/examples/packages
run bash -c '"$0" env myapp --output - | "$0" context - --interpret --format cmd' "$REZ"
check "pipe to cmd: exit" 0 "$rc"
grep -qF 'set "REZ_USED_REQUEST=myapp"' <<<"$out" && ok || bad "cmd: REZ_USED_REQUEST"
grep -qF "set \"MYAPP_ROOT=$(tr / '\\\\' <<<"$SRC/examples/packages/myapp/1.0.0")\"" <<<"$out" && ok || bad "cmd: MYAPP_ROOT"
grep -q $'\r$' <<<"$out" && ok || bad "cmd: lines are not CRLF"
run bash -c '"$0" env myapp --output - | "$0" context - --interpret --format powershell' "$REZ"
grep -qF '$env:REZ_USED_REQUEST = ' <<<"$out" && ok || bad "powershell: REZ_USED_REQUEST"
run bash -c '"$0" env myapp --output - | "$0" context - --print-resolve' "$REZ"
check "pipe: --print-resolve" $'python-3.11.4\nmylib-2.1.0\nmyapp-1.0.0\n' "$out"
run bash -c '"$0" env myapp --output - | "$0" context -' "$REZ"
grep -qF "mylib-2.1.0    $SRC/examples/packages/mylib/2.1.0/python-3.11" <<<"$out" && ok || bad "pipe: variant root: $out"
unset REZ_PACKAGES_PATH

# A failed resolve saved with -o still round-trips.
run "$REZ" env --ni --paths "$SOLVER_PKGS" python-2.5 python-2.6 -o failed.rxt
check "failed -o: exit" 1 "$rc"
run "$REZ" context failed.rxt
grep -qFx "The following package conflicts occurred: (python-2.5 <--!--> python-2.6)" <<<"$out" && ok || bad "failed context: $out"
# rez env -i on it explains the failure (as Rez does) and starts nothing.
expect_fail "env -i failed.rxt" 1 "The context failed to resolve:
The following package conflicts occurred: (python-2.5 <--!--> python-2.6)" -- "$REZ" env -i failed.rxt -c 'echo STARTED'
expect_fail "interpret failed.rxt" 1 "the context did not resolve" -- "$REZ" context failed.rxt -i -f bash
no_leftovers roundtrip
finish
