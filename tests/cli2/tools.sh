#!/usr/bin/env bash
# The new tools through the real binary: help PKG, plugins, depends, status, search --tool /
# --keyword, env --dry-run.
# usage: tools.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/cli2/lib.sh"

# a small repository: a depends chain, help entries, plugins, tools
mk() { mkdir -p "repo/$1/$2"; printf 'name = "%s"\nversion = "%s"\n%b\n' "$1" "$2" "$3" >"repo/$1/$2/package.lua"; }
mk base 1.0 'description = "The base library"'
mk base 2.0 'description = "The base library"\nhelp = {{"Manual", "https://example.com/base"}, {"API", "https://example.com/api"}}\nhas_plugins = true'
mk mid 1.0 'requires = {"base-1"}'
mk mid 2.0 'requires = {"base-2"}\ntools = {"midtool"}'
mk top 1.0 'variants = {{"mid-2"}}\ntools = {"toptool", "mayapy"}'
mk other 1.0 'build_requires = {"top"}\ndescription = "Renders FRAMES fast"'
mk plug 1.0 'plugin_for = {"base"}'
export REZ_PACKAGES_PATH=$TMPROOT/repo

# ---- rez help PKG
run "$REZ" help base
check "help exit" 0 "$rc"
has "help uri" "Help found for:"$'\n'"$TMPROOT/repo/base/2.0/package.lua" "$out"
has "help description" $'Description:\nThe base library' "$out"
has "help first section" "Manual: https://example.com/base" "$out"
run "$REZ" help base 2
has "help section 2" "API: https://example.com/api" "$out"
run "$REZ" help -e base
has "help entries" $'Sections:\n  1: Manual (https://example.com/base)\n  2: API (https://example.com/api)' "$out"
run "$REZ" help base 3
check "help no section exit" 2 "$rc"
check "help no section" "No such help section."$'\n' "$err"
run "$REZ" help mid
check "help none exit" 1 "$rc"
has "help none" "Could not find a package with help for 'mid'." "$err"

# ---- rez plugins
run "$REZ" plugins base
check "plugins" "plug"$'\n' "$out"
run "$REZ" plugins mid
check "no plugins" "package 'mid' has no plugins."$'\n' "$err"
run "$REZ" plugins
has "plugins table" "shell               bash" "$out"

# ---- rez depends
run "$REZ" depends base
check "depends" $'#0: base\n#1: mid\n#2: top\n' "$out"
run "$REZ" depends base -b
check "depends -b" $'#0: base\n#1: mid\n#2: top\n#3: other\n' "$out"
run "$REZ" depends base -d 1 -q
check "depends -d -q" $'base\nmid\n' "$out"
run "$REZ" depends base --pg
has "depends graph" '"top" -> "mid";' "$out"
run "$REZ" depends base --wg "$TMPROOT/g.dot"
has "depends --wg" '"mid" -> "base";' "$(cat "$TMPROOT/g.dot")"
expect_fail "depends unknown" 1 "package family not found: nope" -- "$REZ" depends nope
expect_fail "depends bad depth" 2 "--depth needs a non-negative integer" -- "$REZ" depends base -d x

# ---- rez status
run env -u REZ_RXT_FILE "$REZ" status
has "status outside" "No active context." "$out"
run "$REZ" env top -c "$REZ status"
has "status inside" "Active Context: " "$out"
run "$REZ" env top -c "$REZ status mayapy"
has "status tool" $'\'mayapy\' is a tool in the active context:\nTool:     mayapy' "$out"
has "status tool package" "Package:  top-1.0" "$out"
run "$REZ" env top -c "$REZ status mid"
has "status package" $'\'mid\' is a package in the active context:\nPackage:  mid-2.0' "$out"
run "$REZ" env top -c "$REZ status -t 'mid*'"
has "status -t" "midtool  mid-2.0" "$out"
run env -u REZ_RXT_FILE "$REZ" status other
has "status repo package" "'other' is a package. The latest version is:" "$out"
run env -u REZ_RXT_FILE "$REZ" status nothing_here
check "status unknown exit" 1 "$rc"
has "status unknown" "does not know what 'nothing_here' is" "$out"

# ---- rez search --tool / --keyword
run "$REZ" search --tool mayapy
check "search --tool" "top-1.0"$'\n' "$out"
run "$REZ" search -k frames
check "search -k description" "other-1.0"$'\n' "$out"
run "$REZ" search -k midt
check "search -k tool" "mid-2.0"$'\n' "$out"
expect_fail "search --tool none" 1 "No matching packages found." -- "$REZ" search --tool nope

# ---- rez env --dry-run
run "$REZ" env --ni top other '~nothere' --dry-run
check "dry-run" $'top-1.0  (top)\n`-- mid-2.0  (mid-2)\n    `-- base-2.0  (base-2)\nother-1.0  (other)\n~nothere  (weak, not resolved)\n' "$out"
run "$REZ" env --ni mid top --dry-run
check "dry-run see above" $'mid-2.0  (mid)\n`-- base-2.0  (base-2)\ntop-1.0  (top)\n`-- mid-2.0  (mid-2) (see above)\n' "$out"

# ---- rez context --why VAR / rez status --why VAR: provenance
mkdir -p repo/wa/1.0 repo/wb/1.0
cat >repo/wa/1.0/package.lua <<'PKG'
name = "wa"
version = "1.0"
function commands()
    env.WHYVAR = "{root}/a"
    env.OTHER = "x"
end
PKG
cat >repo/wb/1.0/package.lua <<'PKG'
name = "wb"
version = "1.0"
requires = {"wa"}
function commands()

    env.WHYVAR:append("b1")
    env.WHYVAR:prepend("b0")
end
PKG
"$REZ" env --ni wb -o why.rxt
run "$REZ" context why.rxt --why WHYVAR
w=${#TMPROOT}; w=$((w + 14))   # the widest value: $TMPROOT/repo/wa/1.0/a
want=$(printf 'WHYVAR, in the order it was changed:\n'
	printf '%-14s%-*s  %s\n' "  setenv" "$w" "$TMPROOT/repo/wa/1.0/a" "wa-1.0 $TMPROOT/repo/wa/1.0/package.lua:4"
	printf '%-14s%-*s  %s\n' "  appendenv" "$w" "b1" "wb-1.0 $TMPROOT/repo/wb/1.0/package.lua:6"
	printf '%-14s%-*s  %s\n' "  prependenv" "$w" "b0" "wb-1.0 $TMPROOT/repo/wb/1.0/package.lua:7"
	printf 'final value:\n  b0:%s:b1\n' "$TMPROOT/repo/wa/1.0/a"; printf x); want=${want%x}
check "--why" "$want" "$out"
run "$REZ" env --ni -i why.rxt -c "$REZ status --why OTHER"
has "status --why" "  setenv  x  wa-1.0 $TMPROOT/repo/wa/1.0/package.lua:5" "$out"
run "$REZ" context why.rxt --why PATH
has "--why PATH setup" "(rez: context setup)" "$out"
run "$REZ" context why.rxt --why UNTOUCHED
has "--why untouched" "(not changed by this context)" "$out"

# ---- rez interpret: rex code to a shell script, run in the real shells
cat >code.rex <<'REX'
env.INTERP_A = "a b"
env.INTERP_P:append("/x/bin")
env.INTERP_P:prepend("/y/bin")
info("interpreted")
REX
for sh in bash zsh tcsh fish; do
	run "$REZ" interpret -f "$sh" code.rex
	check "interpret -f $sh exit" 0 "$rc"
	printf '%s' "$out" >"script.$sh"
	case $sh in
	tcsh) res=$(env -u INTERP_P tcsh -c "source script.tcsh; echo \"\$INTERP_A|\$INTERP_P\"") ;;
	fish) res=$(env -u INTERP_P fish -c "source script.fish; echo \"\$INTERP_A|\$INTERP_P\"") ;;
	*) res=$(env -u INTERP_P "$sh" -c ". ./script.$sh; echo \"\$INTERP_A|\$INTERP_P\"") ;;
	esac
	check "interpret in $sh" $'interpreted\na b|/y/bin:/x/bin' "$res"
done
run "$REZ" interpret -c 'env.FOO = "1"; env.PATH:append("/z")' -f dict --no-env
check "interpret dict" '{"FOO":"1","PATH":"/z"}'$'\n' "$out"
run env PATH=/usr/bin:/bin "$REZ" interpret -c 'env.PATH:append("/z")' -f dict --pv PATH
check "interpret --pv" '{"PATH":"/usr/bin:/bin:/z"}'$'\n' "$out"
printf 'env.X = "1"\nif x then\n' >bad.rex
expect_fail "interpret syntax error" 1 "Error in rex code (bad.rex:3): 'end' expected" -- "$REZ" interpret bad.rex
expect_fail "interpret missing file" 1 "cannot read 'nope.rex'" -- "$REZ" interpret nope.rex

finish
