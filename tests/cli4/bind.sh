#!/usr/bin/env bash
# rez bind: every module, the bound packages used through `rez env` in bash, --list,
# --search, --quickstart, -i / -r / --no-deps, binding twice, bad input, a killed bind.
# usage: bind.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/cli2/lib.sh"
LOCAL=$HOME/packages
PY=$(command -v python3)
PYVER=$("$PY" --version 2>&1 | awk '{print $NF}' | cut -d. -f1-3)
PLAT=$(uname -s | tr 'A-Z' 'a-z') ARCH=$(uname -m)
OS=$(. /etc/os-release; id=$ID; printf '%s-%s' "$(printf '%s' "${id:0:1}" | tr a-z A-Z)${id:1}" "$VERSION_ID")

# ---- rez --help lists both tools; their rez-<tool> links work
run "$REZ" --help
has "--help lists bind" "  bind  " "$out"
has "--help lists suite" "  suite  " "$out"
for t in bind suite; do
	run "$(dirname "$REZ")/rez-$t" --help
	check "rez-$t --help" 0 "$rc"
	has "rez-$t usage" "usage: rez $t" "$out"
done

# ---- --list
run "$REZ" bind --list
check "list exit" 0 "$rc"
check "list" "PACKAGE      BIND MODULE
-------      -----------
arch         (built in) the machine's architecture (system.arch)
hello_world  (built in) a test package with a runnable hello_world tool
os           (built in) the operating system (system.os), requiring its platform and arch
platform     (built in) the platform (system.platform)
python       (built in) the system's python interpreter (python3 on PATH)
rez          (built in) rez-lua itself (this rez binary and its rez-<tool> links)
" "$out"
run "$REZ" bind -l
check "-l" 0 "$rc"

# ---- hello_world into local_packages_path (the default), used in bash
run "$REZ" bind hello_world
check "hello exit" 0 "$rc"
check "hello output" "creating package 'hello_world' in $LOCAL...
The following packages were installed:

PACKAGE      URI
-------      ---
hello_world  $LOCAL/hello_world/1.0/package.lua
" "$out"
check "hello stderr" "" "$err"
def=$(cat "$LOCAL/hello_world/1.0/package.lua")
has "hello def name" 'name = "hello_world"' "$def"
has "hello def version" 'version = "1.0"' "$def"
has "hello def tools" '"hello_world_gui",' "$def"
has "hello def commands" 'env.OH_HAI_WORLD = "hello"' "$def"
run "$REZ" env hello_world -- hello_world
check "hello_world runs" "Hello Rez World!"$'\n' "$out"
check "hello_world exit" 0 "$rc"
run "$REZ" env hello_world -- hello_world -q -r 3
check "hello_world -q -r 3 output" "" "$out"
check "hello_world -r 3 exit" 3 "$rc"
run "$REZ" env hello_world -- bash -c 'echo "$OH_HAI_WORLD"; command -v hello_world'
check "hello_world env" "hello"$'\n'"$LOCAL/hello_world/1.0/bin/hello_world"$'\n' "$out"
run bash -c "eval \"\$('$REZ' env hello_world -- printenv PATH >/dev/null)\"; '$REZ' context --help >/dev/null"
check "bash" 0 "$rc"

# ---- binding twice: the same package, nothing changed
cp "$LOCAL/hello_world/1.0/package.lua" first.lua
run "$REZ" bind hello_world
check "twice exit" 0 "$rc"
run cmp first.lua "$LOCAL/hello_world/1.0/package.lua"
check "twice: definition unchanged" 0 "$rc"
check "twice: one version" "1.0" "$(ls "$LOCAL/hello_world")"

# ---- python and its dependencies (platform, arch, os), used through rez env
run "$REZ" bind python
check "python exit" 0 "$rc"
check "python output" "creating package 'python' in $LOCAL...
creating package 'platform' in $LOCAL...
creating package 'arch' in $LOCAL...
creating package 'os' in $LOCAL...
The following packages were installed:

PACKAGE   URI
-------   ---
arch      $LOCAL/arch/$ARCH/package.lua
os        $LOCAL/os/$OS/package.lua
platform  $LOCAL/platform/$PLAT/package.lua
python    $LOCAL/python/$PYVER/package.lua
" "$out"
vdir=$LOCAL/python/$PYVER/platform-$PLAT/arch-$ARCH/os-$OS
check "python link" "$PY" "$(readlink "$vdir/bin/python")"
def=$(cat "$LOCAL/python/$PYVER/package.lua")
has "python variants" "\"platform-$PLAT\"," "$def"
has "python variant os" "\"os-$OS\"," "$def"
has "python tools" 'tools = {"python"}' "$def"
def=$(cat "$LOCAL/os/$OS/package.lua")
has "os requires" "\"arch-$ARCH\"," "$def"
run "$REZ" env python -- python -c 'import sys; print(sys.version_info[0], "x y")'
check "python runs" "3 x y"$'\n' "$out"
run "$REZ" env python -- bash -c 'command -v python'
check "python on PATH" "$vdir/bin/python"$'\n' "$out"
run "$REZ" env "python-$PYVER" os -- bash -c 'echo ok'
check "python with os" "ok"$'\n' "$out"

# ---- rez, -i, --no-deps
run "$REZ" bind -i "$TMPROOT/nd" --no-deps rez
check "no-deps exit" 0 "$rc"
check "no-deps: only rez" "rez" "$(ls "$TMPROOT/nd")"
rv=$("$REZ" --version | awk '{print $2}')
check "rez version dir" "$rv" "$(ls "$TMPROOT/nd/rez")"
run "$REZ" bind -i "$TMPROOT/nd" rez
check "rez deps exit" 0 "$rc"
check "rez deps" "arch os platform rez" "$(ls "$TMPROOT/nd" | tr '\n' ' ' | sed 's/ $//')"
run "$REZ" env --paths "$TMPROOT/nd" rez -- bash -c 'rez --version; rez-config --help >/dev/null && echo linked; command -v rez'
check "bound rez runs" "rez-lua $rv"$'\n'"linked"$'\n'"$TMPROOT/nd/rez/$rv/platform-$PLAT/arch-$ARCH/os-$OS/bin/rez"$'\n' "$out"

# ---- -r: release_packages_path
export REZ_RELEASE_PACKAGES_PATH=$TMPROOT/rel
run "$REZ" bind -r -i "$TMPROOT/ignored" platform
check "-r exit" 0 "$rc"
check "-r installs to the release path" "$PLAT" "$(ls "$TMPROOT/rel/platform")"
[ ! -e "$TMPROOT/ignored" ] && ok || bad "-r: -i was used"
unset REZ_RELEASE_PACKAGES_PATH

# ---- --quickstart
run "$REZ" bind --quickstart -i "$TMPROOT/qs"
check "quickstart exit" 0 "$rc"
check "quickstart output" "Binding platform into $TMPROOT/qs...
Binding arch into $TMPROOT/qs...
Binding os into $TMPROOT/qs...
Binding python into $TMPROOT/qs...
Binding rez into $TMPROOT/qs...

Successfully converted the following software found on the current system into Rez packages:

PACKAGE   URI
-------   ---
arch      $TMPROOT/qs/arch/$ARCH/package.lua
os        $TMPROOT/qs/os/$OS/package.lua
platform  $TMPROOT/qs/platform/$PLAT/package.lua
python    $TMPROOT/qs/python/$PYVER/package.lua
rez       $TMPROOT/qs/rez/$rv/package.lua

To bind other software, see what's available using the command 'rez-bind --list', then run 'rez-bind <name>'.

" "$out"
run "$REZ" env --paths "$TMPROOT/qs" python rez -- python -c 'print("qs")'
check "quickstart env" "qs"$'\n' "$out"
run "$REZ" bind --quickstart -i "$TMPROOT/qs"
check "quickstart twice" 0 "$rc"

# ---- versions, module arguments, bad names
run "$REZ" bind -i "$TMPROOT/v" 'hello_world-1'
check "range match" 0 "$rc"
expect_fail "range mismatch" 1 "found version 1.0 is not within range 2+" -- \
	"$REZ" bind -i "$TMPROOT/v2" 'hello_world-2+'
[ ! -e "$TMPROOT/v2/hello_world" ] && ok || bad "range mismatch installed something"
run "$REZ" bind pyton
check "close match exit" 1 "$rc"
check "close match stderr" "'pyton' not found. Close matches:
  python
rez-bind: error: bind module not found for 'pyton'
" "$err"
run "$REZ" bind nosuchthing
check "no match exit" 1 "$rc"
has "no match" "No matches" "$err"
run "$REZ" bind -s python
check "search found" 0 "$rc"
has "search found output" "python: built-in bind module" "$out"
run "$REZ" bind -s pyth
check "search miss exit" 1 "$rc"
has "search miss output" "Close matches:"$'\n'"  python" "$out"
expect_fail "PKG required" 2 "PKG required." -- "$REZ" bind
expect_fail "module args" 1 "bind module 'hello_world' takes no arguments (got '-i'" -- \
	"$REZ" bind hello_world -i /x
expect_fail "python bad arg" 1 "unrecognized argument '--nope'" -- "$REZ" bind python --nope
expect_fail "python --exe missing" 1 "/no/such/python: No such file or directory" -- \
	"$REZ" bind -i "$TMPROOT/e" python --exe /no/such/python
run "$REZ" bind python -h
check "module help exit" 0 "$rc"
has "module help" "--exe PATH" "$out"
run "$REZ" bind -i "$TMPROOT/exe" --no-deps python --exe "$PY"
check "python --exe" 0 "$rc"
check "python --exe link" "$PY" "$(readlink "$TMPROOT/exe/python/$PYVER/platform-$PLAT/arch-$ARCH/os-$OS/bin/python")"
expect_fail "bad request" 2 "invalid package request" -- "$REZ" bind 'hello_world-1+<'

# ---- a bind killed at each rename leaves the old state or the whole package, never a part
for n in 1 2 3 4 5 6; do
	rm -rf "$TMPROOT/k"
	(strace -f -o /dev/null -e trace=rename,renameat,renameat2 \
		-e inject=rename,renameat,renameat2:signal=KILL:when=$n \
		"$REZ" bind -i "$TMPROOT/k" hello_world; true) >/dev/null 2>&1
	if [ -e "$TMPROOT/k/hello_world/1.0" ]; then
		[ -x "$TMPROOT/k/hello_world/1.0/bin/hello_world" ] &&
			[ -f "$TMPROOT/k/hello_world/1.0/package.lua" ] && ok ||
			bad "kill at rename $n: a partial package"
		run "$REZ" env --paths "$TMPROOT/k" hello_world -- hello_world
		check "kill at rename $n: complete package runs" "Hello Rez World!"$'\n' "$out"
	else
		run "$REZ" env --paths "$TMPROOT/k" hello_world -- hello_world
		check "kill at rename $n: nothing visible" 1 "$rc"
	fi
	run "$REZ" bind -i "$TMPROOT/k" hello_world
	check "kill at rename $n: bind again" 0 "$rc"
	left=$(find "$TMPROOT/k" -name '.rez-stage-*' -o -name '.building*')
	check "kill at rename $n: leftovers cleaned" "" "$left"
	run "$REZ" env --paths "$TMPROOT/k" hello_world -- hello_world
	check "kill at rename $n: then runs" "Hello Rez World!"$'\n' "$out"
done
rm -rf "$TMPDIR"/rez-bind-*   # the killed binds' private source directories
no_leftovers "bind"
check "no temporary directories" "" "$(ls "$TMPDIR")"
finish
