#!/usr/bin/env bash
# diff.sh REZ SRC - rez diff: the normalised and raw unified diffs (checked by applying them
# with patch(1) to random pairs), the default second package, diff(1)'s exit codes, -q,
# -U, and the diff tool (--tool, -g with difftool).
REZ=$1 SRC=$2
. "$SRC/tests/cli3/lib.sh"

P=$TMPROOT/pkgs
export REZ_PACKAGES_PATH=$P
mkpkg "$P" foo 1.0 'description = "the first"' 'requires = {"bar-1"}' \
	'function commands()' '    env.PATH:append("{root}/bin")' 'end'
mkpkg "$P" foo 1.1 'description = "the second"' 'requires = {"bar-1", "baz"}' \
	'function commands()' '    env.PATH:append("{root}/bin")' 'end'
mkdir -p "$P/foo/1.2"
printf 'name: foo\nversion: "1.2"\ndescription: the second\nrequires: [bar-1, baz]\n' >"$P/foo/1.2/package.yaml"

run "$REZ" diff foo-1.0 foo-1.1
check "normalised: rc" 1 "$rc"
check "normalised: out" "--- foo-1.0	$P/foo/1.0/package.lua
+++ foo-1.1	$P/foo/1.1/package.lua
@@ -1,7 +1,10 @@
 name = \"foo\"
-version = \"1.0\"
-description = \"the first\"
-requires = {\"bar-1\"}
+version = \"1.1\"
+description = \"the second\"
+requires = {
+    \"bar-1\",
+    \"baz\",
+}
 function commands()
     env.PATH:append(\"{root}/bin\")
 end
" "$out"
run "$REZ" diff foo-1.1
check "default: the previous version" "--- foo-1.1	$P/foo/1.1/package.lua
+++ foo-1.0	$P/foo/1.0/package.lua" "$(printf '%s' "$out" | head -2)"
run "$REZ" diff foo-1.2 foo-1.1 -U 0
check "yaml and lua compared by what they define" "--- foo-1.2	$P/foo/1.2/package.yaml
+++ foo-1.1	$P/foo/1.1/package.lua
@@ -2 +2 @@
-version = \"1.2\"
+version = \"1.1\"
@@ -7,0 +8,3 @@
+function commands()
+    env.PATH:append(\"{root}/bin\")
+end
" "$out"
run "$REZ" diff foo-1.1 foo-1.1
check "same: rc" 0 "$rc"; check "same: no output" "" "$out"
run "$REZ" diff -q foo-1.0 foo-1.1
check "-q" "Packages foo-1.0 and foo-1.1 differ
" "$out"
check "-q: rc" 1 "$rc"
run "$REZ" diff --raw foo-1.0 foo-1.1
check "raw: rc" 1 "$rc"
diff -u "$P/foo/1.0/package.lua" "$P/foo/1.1/package.lua" | tail -n +3 >"$TMPROOT/want"
check "raw: hunks as diff -u" "$(cat "$TMPROOT/want")" "$(printf '%s' "$out" | tail -n +3)"
expect_fail "earliest" 2 "no package to diff with: foo-1.0 is the earliest version of 'foo'" -- "$REZ" diff foo-1.0
expect_fail "missing" 2 "package not found: nope" -- "$REZ" diff nope
expect_fail "bad -U" 2 "invalid context length 'x'" -- "$REZ" diff -U x foo-1.0 foo-1.1
expect_fail "no package" 2 "expected PKG1" -- "$REZ" diff
expect_fail "three packages" 2 "expected PKG1" -- "$REZ" diff foo-1.0 foo-1.1 foo-1.2

# random pairs of definitions: patch(1) turns the first into the second with our diff
R=$TMPROOT/rand
RANDOM=16
for n in $(seq 1 40); do
	rm -rf "$R"; mkdir -p "$R/r/1" "$R/r/2"
	for v in 1 2; do
		{
			for i in $(seq 1 $((RANDOM % 40))); do echo "-- line $((RANDOM % 12))"; done
			# sometimes no newline at the end
			[ $((RANDOM % 4)) = 0 ] && printf -- '-- last' || true
		} >"$R/r/$v/package.lua"
	done
	ctx=$((RANDOM % 4))
	"$REZ" diff --raw -U "$ctx" --paths "$R" r-1 r-2 >"$R/patch"
	rc=$?
	cmp -s "$R/r/1/package.lua" "$R/r/2/package.lua" && want=0 || want=1
	[ "$rc" = "$want" ] || bad "random $n: exit $rc, want $want"
	cp "$R/r/1/package.lua" "$R/patched"
	if [ "$rc" = 1 ]; then
		patch -s "$R/patched" "$R/patch" >/dev/null 2>&1 || bad "random $n: patch refused: $(cat "$R/patch")"
	fi
	cmp -s "$R/patched" "$R/r/2/package.lua" && ok || bad "random $n: patched file differs (-U $ctx)"
done

# the diff tool: both texts in temporary files, the tool's status, files removed after
cat >"$TMPROOT/tool" <<'TOOL'
#!/bin/sh
echo "tool: $(basename "$1") $(basename "$2")"
cp "$1" "$TMPROOT/seen1"
exit 3
TOOL
chmod +x "$TMPROOT/tool"
export TMPROOT
run "$REZ" diff --tool "$TMPROOT/tool" foo-1.0 foo-1.1
check "--tool: rc" 3 "$rc"
check "--tool: out" "Opening diff viewer $TMPROOT/tool...
tool: 1-foo-1.0.lua 2-foo-1.1.lua
" "$out"
has "--tool: the normalised text" 'description = "the first"' "$(cat "$TMPROOT/seen1")"
[ -z "$(ls "$TMPDIR" | grep rez-pkg-diff)" ] && ok || bad "--tool: temporary files left"
expect_fail "-g without difftool" 2 "-g needs the \`difftool\` setting" -- "$REZ" diff -g foo-1.0 foo-1.1
run env REZ_DIFFTOOL="$TMPROOT/tool" "$REZ" diff -g foo-1.0 foo-1.1
check "-g: difftool" 3 "$rc"
finish
