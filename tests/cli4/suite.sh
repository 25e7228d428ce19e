#!/usr/bin/env bash
# rez suite: creating and editing suites, what suite.yaml holds, the wrappers run from bash,
# zsh, fish and tcsh (arguments passed exactly, exit status passed through, Rez's +-options),
# suite_visibility in rez env, a killed --add.
# usage: suite.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/cli2/lib.sh"
export REZ_PACKAGES_PATH=$TMPROOT/pk
mkpkg() {   # mkpkg NAME VERSION TOOL...
	local n=$1 v=$2 t
	shift 2
	mkdir -p "pk/$n/$v/bin"
	{
		printf 'name = "%s"\nversion = "%s"\ntools = {' "$n" "$v"
		for t in "$@"; do printf '"%s", ' "$t"; done
		printf '}\nfunction commands()\n    env.PATH:append("{root}/bin")\n'
		printf '    env.%s_HERE = "%s"\nend\n' "$(printf %s "$n" | tr a-z A-Z)" "$v"
	} >"pk/$n/$v/package.lua"
	for t in "$@"; do
		# each tool prints who it is and its arguments, one per line, and exits $TOOL_EXIT
		cat >"pk/$n/$v/bin/$t" <<TOOL
#!/bin/sh
echo "$t from $n-$v"
for a in "\$@"; do printf '[%s]\n' "\$a"; done
exit \${TOOL_EXIT:-0}
TOOL
		chmod +x "pk/$n/$v/bin/$t"
	done
}
mkpkg foo 1.0 footool common
mkpkg bar 2.0 bartool common
mkpkg bar 3.0 bartool common
mkpkg baz 1.0 baztool
"$REZ" env foo -o foo.rxt && "$REZ" env bar-2 -o bar.rxt && "$REZ" env baz -o baz.rxt || bad "contexts"
"$REZ" env foo '!foo' -o failed.rxt >/dev/null 2>&1

# ---- create, add, what is written
run "$REZ" suite --create s
check "create" 0 "$rc"
check "empty suite.yaml" "contexts: {}" "$(cat s/suite.yaml)"
run "$REZ" suite s
check "empty suite" "Suite is empty."$'\n' "$out"
expect_fail "create over existing" 1 "Cannot save, path exists: 's'" -- "$REZ" suite --create s
expect_fail "add needs --context" 2 "--context must be supplied when using --add" -- \
	"$REZ" suite s --add foo.rxt
run "$REZ" suite s --add foo.rxt -c fctx
check "add fctx" 0 "$rc"
run "$REZ" suite s --add bar.rxt -c bctx
check "add bctx" 0 "$rc"
expect_fail "add twice" 1 "Context already in suite: 'fctx'" -- "$REZ" suite s --add baz.rxt -c fctx
expect_fail "add failed context" 1 "Context is not resolved: 'bad'" -- \
	"$REZ" suite s --add failed.rxt -c bad
expect_fail "add bad name" 1 "invalid context name '../x'" -- "$REZ" suite s --add baz.rxt -c ../x
expect_fail "not a suite" 1 "Not a suite: 'pk'" -- "$REZ" suite pk
check "suite.yaml" "contexts:
  bctx:
    hidden_tools: !!set {}
    name: bctx
    prefix_char: null
    priority: 2
    tool_aliases: {}
  fctx:
    hidden_tools: !!set {}
    name: fctx
    prefix_char: null
    priority: 1
    tool_aliases: {}" "$(cat s/suite.yaml)"
check "contexts" "bctx.rxt fctx.rxt" "$(ls s/contexts | tr '\n' ' ' | sed 's/ $//')"
check "wrappers" "bartool common footool" "$(ls s/bin | tr '\n' ' ' | sed 's/ $//')"
has "parent_suite_path" "\"parent_suite_path\": \"$TMPROOT/s\"" "$(cat s/contexts/fctx.rxt)"
run "$REZ" suite s
check "info" "Suite contains 2 contexts:"$'\n'"bctx fctx"$'\n' "$out"
run "$REZ" suite s -v
check "info -v" "Suite contains 2 contexts:

NAME  VISIBLE TOOLS            PATH
----  -------------            ----
bctx  2 tools from 1 packages  $TMPROOT/s/contexts/bctx.rxt
fctx  1 tools from 1 packages  $TMPROOT/s/contexts/fctx.rxt
" "$out"
run "$REZ" suite s --tools
check "tools" "TOOL     ALIASING  PACKAGE  CONTEXT
----     --------  -------  -------
bartool  -         bar-2.0  bctx
common   -         bar-2.0  bctx

footool  -         foo-1.0  fctx
" "$out"
run "$REZ" suite s -t -v
check "tools -v" "TOOL     ALIASING  PACKAGE  CONTEXT
----     --------  -------  -------
bartool  -         bar-2.0  bctx
common   -         bar-2.0  bctx

common   -         foo-1.0  fctx     (not visible)
footool  -         foo-1.0  fctx
" "$out"
run "$REZ" suite s -c fctx
has "context summary" "foo-1.0" "$out"
run "$REZ" suite s --which common
check "which" "$TMPROOT/s/bin/common"$'\n' "$out"
run "$REZ" suite s --which nope
check "which missing" 1 "$rc"
run "$REZ" suite s --validate
check "validate" "The suite is valid."$'\n' "$out"
run "$REZ" suite s --find-request foo
check "find-request" "fctx"$'\n' "$out"
run "$REZ" suite s --find-resolve 'bar-2'
check "find-resolve" "bctx"$'\n' "$out"
run "$REZ" suite s --find-resolve '!bar'
check "find-resolve conflict" "fctx"$'\n' "$out"
run "$REZ" suite s --find-resolve 'bar-3'
check "find-resolve none" "" "$out"

# ---- the wrappers in the real shells: arguments exactly, exit status through
want="footool from foo-1.0
[a b]
[\$HOME]
[]
[it's]
"
# the same words written in each shell's own quoting
printf '%s\n' 's/bin/footool "a b" '"'"'$HOME'"'"' "" "it'"'"'s"' >cmd.sh
printf '%s\n' "s/bin/footool 'a b' '\$HOME' '' \"it's\"" >cmd.fish
for sh in bash zsh tcsh; do
	run $sh cmd.sh
	check "$sh wrapper" "$want" "$out"
done
run fish cmd.fish
check "fish wrapper" "$want" "$out"
for sh in bash zsh tcsh; do
	run env TOOL_EXIT=7 $sh -c 's/bin/footool; echo "status $?"'
	check "$sh: exit status" "footool from foo-1.0"$'\n'"status 7"$'\n' "$out"
done
run env TOOL_EXIT=9 fish -c 's/bin/footool; echo "status $status"'
check "fish: exit status" "footool from foo-1.0"$'\n'"status 9"$'\n' "$out"
# hostile words, through each shell the context can use
hostile=('a"b' "c'd" '$(touch pwned)' '`touch pwned`' 'e\f' '*' '!x' 'g;h' 'two
lines' '-n' '--' '+z' ' ')
wanth="footool from foo-1.0"$'\n'
for w in "${hostile[@]}"; do wanth+="[$w]"$'\n'; done
for csh in bash zsh tcsh fish sh; do
	run env REZ_DEFAULT_SHELL=$csh s/bin/footool "${hostile[@]}"
	check "hostile args ($csh)" "$wanth" "$out"
	check "hostile args ($csh) exit" 0 "$rc"
	[ ! -e pwned ] && ok || { bad "hostile args ($csh): code ran"; rm -f pwned; }
done

# ---- conflicting names, bump, hide, alias, prefix, suffix, remove
run s/bin/common
check "conflict: latest added wins" "common from bar-2.0"$'\n' "$out"
run "$REZ" suite s --bump fctx
check "bump" 0 "$rc"
run s/bin/common
check "bumped wins" "common from foo-1.0"$'\n' "$out"
has "bump priority" "priority: 3" "$(cat s/suite.yaml)"
run "$REZ" suite s --hide common -c fctx
check "hide" 0 "$rc"
run s/bin/common
check "hidden: the other one" "common from bar-2.0"$'\n' "$out"
has "hidden in yaml" $'hidden_tools: !!set\n      common: null' "$(cat s/suite.yaml)"
run "$REZ" suite s -t -v
has "tools -v hidden" "common   -         foo-1.0  fctx     (hidden)" "$out"
expect_fail "hide unknown" 1 "No such tool 'nope' in context 'fctx'" -- \
	"$REZ" suite s --hide nope -c fctx
run "$REZ" suite s --unhide common -c fctx
run s/bin/common
check "unhidden" "common from foo-1.0"$'\n' "$out"
run "$REZ" suite s --alias footool ft -c fctx
check "alias" 0 "$rc"
[ ! -e s/bin/footool ] && [ -x s/bin/ft ] && ok || bad "alias: wrappers"
run s/bin/ft x
check "alias runs the tool" "footool from foo-1.0"$'\n'"[x]"$'\n' "$out"
expect_fail "alias twice" 1 "Tool 'footool' in context 'fctx' is already aliased to 'ft'" -- \
	"$REZ" suite s --alias footool f2 -c fctx
expect_fail "alias bad name" 1 "invalid tool alias 'a/b'" -- "$REZ" suite s --alias common a/b -c fctx
run "$REZ" suite s --unalias footool -c fctx
[ -x s/bin/footool ] && [ ! -e s/bin/ft ] && ok || bad "unalias: wrappers"
run "$REZ" suite s --prefix b_ -c bctx
check "prefix" "b_bartool b_common common footool" "$(ls s/bin | tr '\n' ' ' | sed 's/ $//')"
run s/bin/b_common
check "prefixed runs" "common from bar-2.0"$'\n' "$out"
run "$REZ" suite s --suffix _f -c fctx
check "suffix" "b_bartool b_common common_f footool_f" "$(ls s/bin | tr '\n' ' ' | sed 's/ $//')"
run "$REZ" suite s --alias footool zz -c fctx
check "alias beats suffix" "b_bartool b_common common_f zz" "$(ls s/bin | tr '\n' ' ' | sed 's/ $//')"
run "$REZ" suite s --tools
check "tools aliased" "TOOL       ALIASING  PACKAGE  CONTEXT
----       --------  -------  -------
b_bartool  bartool   bar-2.0  bctx     (aliased)
b_common   common    bar-2.0  bctx     (aliased)

common_f   common    foo-1.0  fctx     (aliased)
zz         footool   foo-1.0  fctx     (aliased)
" "$out"
run "$REZ" suite s --add baz.rxt -c zctx -P @
check "add with prefix char" 0 "$rc"
run "$REZ" suite s --remove bctx
check "remove" "baztool common_f zz" "$(ls s/bin | tr '\n' ' ' | sed 's/ $//')"
check "remove: context file" "fctx.rxt zctx.rxt" "$(ls s/contexts | tr '\n' ' ' | sed 's/ $//')"
expect_fail "remove missing" 1 "No such context: 'bctx'" -- "$REZ" suite s --remove bctx

# ---- wrapper options (prefix char '+', a context's own, the configured one)
run s/bin/zz ++about
check "++about" "Tool:     footool
Path:     $TMPROOT/s/bin/footool
Suite:    $TMPROOT/s
Context:  $TMPROOT/s/contexts/fctx.rxt ('fctx')
Package:  foo-1.0
" "$out"
run s/bin/zz +a
check "+a" 0 "$rc"
has "+a" "Package:  foo-1.0" "$out"
run s/bin/zz ++ab
has "++ab (abbreviation)" "Package:  foo-1.0" "$out"
run s/bin/baztool @a
has "@a with -P @" "Package:  baz-1.0" "$out"
run s/bin/baztool +a
check "+a is the tool's with -P @" "baztool from baz-1.0"$'\n'"[+a]"$'\n' "$out"
run s/bin/zz +x ++unknown -- ++about
check "unknown and after -- go to the tool" "footool from foo-1.0
[+x]
[++unknown]
[--]
[++about]
" "$out"
run s/bin/zz ++no-rez-args +a ++about
check "++no-rez-args" "footool from foo-1.0"$'\n'"[+a]"$'\n'"[++about]"$'\n' "$out"
run s/bin/zz ++command sh -c 'echo "cmd $FOO_HERE $0"' arg0
check "++command" "cmd 1.0 arg0"$'\n' "$out"
run s/bin/zz ++help
check "++help" 0 "$rc"
has "++help" "+i, ++interactive" "$out"
expect_fail "++about=1" 2 "ignored explicit argument '1'" -- s/bin/zz ++about=1
expect_fail "++command without words" 2 "expected at least one argument" -- s/bin/zz ++command
run s/bin/zz ++versions
check "++versions" "* foo-1.0  $TMPROOT/pk/foo/1.0"$'\n' "$out"
run bash -c "echo 'echo \"in \$FOO_HERE\"; exit 4' | s/bin/zz ++stdin"
check "++stdin" "in 1.0"$'\n' "$out"
check "++stdin exit" 4 "$rc"
run bash -c "echo 'echo \"inter \$FOO_HERE\"; exit 5' | s/bin/zz +i ++quiet"
has "+i" "inter 1.0" "$out"
check "+i exit" 5 "$rc"
run s/bin/zz ++patch bar-3 ++command sh -c 'echo "$FOO_HERE $BAR_HERE"'
check "++patch" "1.0 3.0"$'\n' "$out"
run s/bin/zz ++peek
check "++peek" 0 "$rc"
run env REZ_SUITE_ALIAS_PREFIX_CHAR=% s/bin/zz %a
has "suite_alias_prefix_char" "Package:  foo-1.0" "$out"
"$REZ" suite --create s2 && "$REZ" suite s2 --add foo.rxt -c f -P ''
run s2/bin/footool +a ++about
check "-P '': no rez options" "footool from foo-1.0"$'\n'"[+a]"$'\n'"[++about]"$'\n' "$out"

# ---- rez suite -i, rez env of a suite tool's context, suite_visibility
run bash -c "echo 'echo \"suite-i \$FOO_HERE\"' | '$REZ' suite s -i -c fctx"
has "suite -i" "suite-i 1.0" "$out"
run "$REZ" env --input s/contexts/fctx.rxt -- footool y
check "rez env of a suite context" "footool from foo-1.0"$'\n'"[y]"$'\n' "$out"
run env PATH="$TMPROOT/s/bin:$PATH" "$REZ" suite --list
check "list visible" "$TMPROOT/s"$'\n' "$out"
run "$REZ" suite --list
check "list none" "No visible suites."$'\n' "$out"
run env PATH="$TMPROOT/s/bin:$PATH" "$REZ" env baz -- printenv PATH
has "always: suite on PATH" "$TMPROOT/pk/baz/1.0/bin:$TMPROOT/s/bin:" "$out"
run env PATH="$TMPROOT/s/bin:$PATH" REZ_SUITE_VISIBILITY=never "$REZ" env baz -- printenv PATH
hasnt "never" "$TMPROOT/s/bin" "$out"
run env PATH="$TMPROOT/s/bin:$TMPROOT/s2/bin:$PATH" REZ_SUITE_VISIBILITY=parent s/bin/zz ++command printenv PATH
has "parent: own suite" "$TMPROOT/s/bin" "$out"
hasnt "parent: not the other" "$TMPROOT/s2/bin" "$out"
run env PATH="$TMPROOT/s/bin:$TMPROOT/s2/bin:$PATH" "$REZ" env baz -- printenv PATH
has "always: both" "$TMPROOT/s/bin:$TMPROOT/s2/bin:" "$out"

run env PATH="$TMPROOT/s/bin:$PATH" s/bin/zz ++command rez status
has "status: visible suites" "1 visible suites:"$'\n'"$TMPROOT/s"$'\n' "$out"
has "status: within" "Currently within context 'fctx' in suite at $TMPROOT/s" "$out"

# ---- a tool whose name cannot be a file: no wrapper, a warning, and an alias fixes it
mkdir -p pk/weird/1.0
printf 'name = "weird"\nversion = "1.0"\ntools = {"a/b", "ok"}\n' >pk/weird/1.0/package.lua
"$REZ" env weird -o weird.rxt && "$REZ" suite --create sw || bad "weird setup"
run "$REZ" suite sw --add weird.rxt -c w
check "odd tool name: added" 0 "$rc"
check "odd tool name: warning" "rez-suite: warning: context 'w': tool 'a/b' has no wrapper: its name cannot be a file name (alias it)"$'\n' "$err"
check "odd tool name: wrappers" "ok" "$(ls sw/bin)"
run "$REZ" suite sw --alias a/b ab -c w
check "odd tool name: aliased" "ab ok" "$(ls sw/bin | tr '\n' ' ' | sed 's/ $//')"

# ---- a suite written by Rez (hidden_tools a !!set) reads as Rez's
mkdir -p rs/contexts rs/bin && cp foo.rxt rs/contexts/c1.rxt
cat >rs/suite.yaml <<'YAML'
contexts:
  c1:
    hidden_tools: !!set
      common: null
    name: c1
    prefix: x_
    prefix_char: null
    priority: 1
    tool_aliases: {}
YAML
run "$REZ" suite rs --tools
check "Rez's suite" "TOOL       ALIASING  PACKAGE  CONTEXT
----       --------  -------  -------
x_footool  footool   foo-1.0  c1       (aliased)
" "$out"
printf 'contexts:\n  c1:\n    name: c1\n    priority: high\n' >rs/suite.yaml
expect_fail "bad suite.yaml" 1 "suite.yaml:4: not a valid suite: 'priority' must be an integer" -- \
	"$REZ" suite rs

# ---- a --add killed at each rename leaves a suite that loads: the old one or the new one
for n in 1 2 3 4 5 6 7 8; do
	rm -rf k .k.rez-suite-*
	"$REZ" suite --create k && "$REZ" suite k --add foo.rxt -c one || bad "kill setup"
	(strace -f -o /dev/null -e trace=rename,renameat,renameat2 \
		-e inject=rename,renameat,renameat2:signal=KILL:when=$n \
		"$REZ" suite k --add bar.rxt -c two; true) >/dev/null 2>&1
	run "$REZ" suite k
	case "$out" in
	"Suite contains 1 contexts:"$'\n'"one"$'\n')
		check "kill $n: old wrappers" "common footool" "$(ls k/bin | tr '\n' ' ' | sed 's/ $//')" ;;
	"Suite contains 2 contexts:"$'\n'"one two"$'\n')
		check "kill $n: new wrappers" "bartool common footool" "$(ls k/bin | tr '\n' ' ' | sed 's/ $//')" ;;
	*) bad "kill at rename $n: suite does not load: $out $err" ;;
	esac
	run k/bin/footool
	check "kill $n: wrapper runs" "footool from foo-1.0"$'\n' "$out"
	"$REZ" suite k --add baz.rxt -c three || bad "kill $n: next add"
	check "kill $n: staging cleaned" "" "$(ls -a | grep rez-suite)"
done
no_leftovers "suite"
finish
