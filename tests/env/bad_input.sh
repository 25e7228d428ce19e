#!/usr/bin/env bash
# Bad input to `rez env` and `rez context`: each gets one clear message, a non-zero exit,
# nothing on stdout, no shell started, and no crash or sanitizer report.
# usage: bad_input.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/env/lib.sh"
cd "$TMPROOT"
renv=("$REZ" env --ni --paths "$PKGS")
senv=("$REZ" env --ni --paths "$SOLVER_PKGS")
# expect_one NAME CODE MESSAGE -- CMD: as expect_fail, and the message is the whole stderr
# (one line, "rez-env: error: MESSAGE..." or "rez-context: error: MESSAGE...").
expect_one() {
	local name=$1 code=$2 msg=$3
	shift 4
	expect_fail "$name" "$code" "$msg" -- "$@"
	case "$err" in
	*": error: $msg"*) [ "$(printf '%s' "$err" | wc -l)" -le 1 ] && ok || bad "$name: more than one line: $err" ;;
	*) bad "$name: stderr lacks ': error: $msg': $err" ;;
	esac
}
started='echo SHELL STARTED'

# ---- resolving ----
expect_one "unknown package" 1 "package family not found: nosuch (searched: $PKGS)" \
	-- "${renv[@]}" nosuch -c "$started"
expect_one "no version in range" 1 "package could not be found: envbase-7" \
	-- "${renv[@]}" envbase-7 -c "$started"
expect_one "bad request syntax" 1 "invalid package request 'envbase-[': invalid version range '[': syntax error" \
	-- "${renv[@]}" 'envbase-[' -c "$started"
expect_one "bad package name" 1 "invalid package request 'env base': bad package name 'env base'" \
	-- "${renv[@]}" 'env base' -c "$started"
expect_fail "same package twice, disjoint ranges" 1 \
	"The following package conflicts occurred: (envbase-1 <--!--> envbase-2)" \
	-- "${renv[@]}" envbase-1 envbase-2 -c "$started"
expect_fail "cycle" 1 "A cyclic dependency was detected: cyc_a-1 --> cyc_b-1 --> cyc_a-1" \
	-- "${renv[@]}" cyc_a -c "$started"
# The empty request resolves to nothing, and that is a success.
run "${renv[@]}" -c 'echo "[$REZ_USED_REQUEST][$REZ_USED_RESOLVE]"'
check "empty request" "0|[][]"$'\n' "$rc|$out"
run "${renv[@]}" -o empty.rxt
check "empty request -o" "0|" "$rc|$out"
run "$REZ" context empty.rxt --print-resolve
check "empty request: nothing resolved" "0|" "$rc|$out"

# A package whose commands raise a Lua error: package, file and line named; no shell.
expect_one "Lua error in commands" 1 \
	"Error in commands in package 'luaerr-1.0' ($PKGS/luaerr/1.0/package.lua:7): attempt to index a nil value (local 'missing')" \
	-- "${renv[@]}" envbase luaerr -c "$started"
expect_one "Lua error, interactive" 1 \
	"Error in commands in package 'luaerr-1.0' ($PKGS/luaerr/1.0/package.lua:7): attempt to index a nil value (local 'missing')" \
	-- "${renv[@]}" luaerr
# ... but the resolve itself is fine, so it can be saved and inspected.
run "${renv[@]}" envbase luaerr -o luaerr.rxt
check "Lua error: -o still saves" "0|" "$rc|$out$err"
expect_one "Lua error: rez context --interpret" 1 "Error in commands in package 'luaerr-1.0'" \
	-- "$REZ" context luaerr.rxt --interpret --format bash

# --max-fails, --time-limit: `python pyodd` fails twice on its way to a solution.
expect_fail "--max-fails 1" 1 "fail limit reached: aborted after 1 failures" \
	-- "${senv[@]}" python pyodd --max-fails 1 -c "$started"
expect_fail "--max-fails 2" 1 "fail limit reached: aborted after 2 failures" \
	-- "${senv[@]}" python pyodd --max-fails 2 -c "$started"
run "${senv[@]}" python pyodd --max-fails 3 -c 'echo "$REZ_USED_RESOLVE"'
check "--max-fails 3 solves" "0|python-2.6.8 pybah-4 pyodd-2"$'\n' "$rc|$out"
expect_fail "--time-limit 0" 1 "time limit exceeded" \
	-- "${senv[@]}" python pyodd --time-limit 0 -c "$started"
run "${senv[@]}" python pyodd --time-limit 0 -o aborted.rxt
grep -q '"status": "aborted"' aborted.rxt && ok || bad "--time-limit: saved status is not aborted"
expect_one "--max-fails abc" 1 "option '--max-fails' needs a non-negative integer (got 'abc')" \
	-- "${senv[@]}" python --max-fails abc -c "$started"
expect_one "--max-fails -1" 1 "option '--max-fails' needs a non-negative integer (got '-1')" \
	-- "${senv[@]}" python --max-fails -1 -c "$started"
expect_one "--time-limit x" 1 "option '--time-limit' needs a number of seconds (got 'x')" \
	-- "${senv[@]}" python --time-limit x -c "$started"

# ---- options ----
expect_one "unknown shell" 1 "unknown shell 'nosh' (valid shells: bash, sh, zsh, ksh, csh, tcsh, fish, cmd, powershell, pwsh, gitbash)" \
	-- "${renv[@]}" envbase --shell nosh -c "$started"
expect_one "-c with --" 2 "--command and '-- CMD' cannot be used together" \
	-- "${renv[@]}" envbase -c "$started" -- echo hi
expect_one "-- without a command" 2 "'--' must be followed by a command" -- "${renv[@]}" envbase --
"${renv[@]}" envbase -o ok.rxt
expect_one "packages with -i" 2 "packages cannot be given with --input (use --patch to change its request)" \
	-- "$REZ" env -i ok.rxt envbase -c "$started"
expect_one "bad -t" 1 "invalid time 'yesterday' (expected epoch seconds, or -N followed by s, m, h or d)" \
	-- "${renv[@]}" envbase -t yesterday -c "$started"
expect_one "bad -t unit" 1 "invalid time '-5y' (expected epoch seconds, or -N followed by s, m, h or d)" \
	-- "${renv[@]}" envbase -t -5y -c "$started"
expect_one "nonexistent --paths entry" 1 "$TMPROOT/nope: package repository does not exist" \
	-- "$REZ" env --ni --paths "$PKGS:$TMPROOT/nope" envbase -c "$started"
expect_one "bad --variant-select-mode" 1 "invalid variant select mode 'best' (expected version_priority or intersection_priority)" \
	-- "${renv[@]}" envbase --variant-select-mode best -c "$started"
expect_one "unknown option" 2 "unrecognised option '--frobnicate'" -- "${renv[@]}" --frobnicate
expect_one "--detached" 2 "--detached needs a terminal emulator" -- "${renv[@]}" envbase --detached
expect_one "--patch outside a context" 2 "--patch needs a context: run it inside one, or give --input" \
	-- "${renv[@]}" --patch envdep -c "$started"
expect_one "-o into a missing directory" 1 "cannot write '$TMPROOT/no/dir/x.rxt'" \
	-- "${renv[@]}" envbase -o "$TMPROOT/no/dir/x.rxt"
# -t: packages released later are ignored (these packages carry no timestamp: all kept).
run "${renv[@]}" envbase -t -1d -c 'echo "$REZ_USED_RESOLVE"'
check "-t -1d" "0|envbase-2.3.4"$'\n' "$rc|$out"

# ---- context files ----
printf '{"serialize_version": "4.9", "resolved_packages": [' >trunc.rxt
printf 'garbage' >garbage.rxt
: >empty-file.rxt
printf '{"name": "foo", "version": "1"}' >foreign.rxt
printf '{"serialize_version": "4.9"}' >bare.rxt
printf '{"serialize_version": "5.0", "package_requests": [], "resolved_packages": []}' >newer.rxt
printf '{"serialize_version": "4.9", "package_requests": [], "resolved_packages": [1]}' >badpkg.rxt
printf '{"serialize_version": "4.9", "package_requests": "x", "resolved_packages": []}' >badreq.rxt
printf '{"serialize_version": "4.9", "package_requests": [], "resolved_packages": [{"variables": {"name": "ghost", "version": "1", "location": "%s"}}]}' "$TMPROOT/gone" >ghost.rxt
for cmd in context env; do
	if [ $cmd = env ]; then c=("$REZ" env -c "$started" -i); else c=("$REZ" context); fi
	expect_one "$cmd: truncated rxt" 1 "trunc.rxt:1:51: invalid JSON" -- "${c[@]}" trunc.rxt
	expect_one "$cmd: garbage rxt" 1 "garbage.rxt: not a context file (expected a JSON object)" -- "${c[@]}" garbage.rxt
	expect_one "$cmd: empty rxt" 1 "empty-file.rxt: not a context file (expected a JSON object)" -- "${c[@]}" empty-file.rxt
	expect_one "$cmd: foreign JSON" 1 "foreign.rxt: not a context file (no 'serialize_version')" -- "${c[@]}" foreign.rxt
	expect_one "$cmd: bare JSON" 1 "bare.rxt: not a context file (no 'package_requests')" -- "${c[@]}" bare.rxt
	expect_one "$cmd: newer rxt" 1 "newer.rxt: context format 5.0 is newer than this rez-lua reads (4.9)" -- "${c[@]}" newer.rxt
	expect_one "$cmd: malformed package" 1 "badpkg.rxt: not a valid context file: resolved package 1 is malformed" -- "${c[@]}" badpkg.rxt
	expect_one "$cmd: wrong field type" 1 "badreq.rxt: not a valid context file: field 'package_requests' must be a list (got string)" -- "${c[@]}" badreq.rxt
	expect_one "$cmd: missing rxt" 1 "cannot read context 'nope.rxt': No such file or directory" -- "${c[@]}" nope.rxt
	expect_one "$cmd: a directory" 1 "cannot read context '$TMPROOT': Is a directory" -- "${c[@]}" "$TMPROOT"
	if [ "$(id -u)" != 0 ]; then
		cp ok.rxt unreadable.rxt && chmod 000 unreadable.rxt
		expect_one "$cmd: unreadable rxt" 1 "cannot read context 'unreadable.rxt': Permission denied" -- "${c[@]}" unreadable.rxt
		rm -f unreadable.rxt
	fi
done
expect_one "env: a package of the context is gone" 1 "package 'ghost-1' of the context was not found in $TMPROOT/gone" \
	-- "$REZ" env -i ghost.rxt -c "$started"
run "$REZ" context ghost.rxt
grep -q "ghost-1  $TMPROOT/gone/ghost/1  (NOT FOUND)" <<<"$out" && ok || bad "summary of a context whose package is gone: $out"
expect_one "context: two files" 2 "only one context file may be given" -- "$REZ" context ok.rxt ok.rxt
expect_one "context: outside a context" 1 "not in a resolved environment context (give a context file, or '-' for stdin)" -- "$REZ" context
expect_one "context: stdin not a context" 1 "<stdin>: not a context file (expected a JSON object)" \
	-- bash -c 'echo hello | "$0" context -' "$REZ"
no_leftovers bad_input
finish
