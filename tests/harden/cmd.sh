#!/bin/bash
# Issue 11 item 7 for the Windows shells: an object reference ({root}) inside an alias body
# is quoted as one word, so a repository path with cmd's special characters (& > % " ^ !)
# neither runs code nor drops what follows the alias. The cmd script is sourced by wine's cmd
# (WINEPREFIX from the shells.wine_init fixture); wine has no doskey, so the alias itself is
# not run, but every line around it is. No PowerShell runs here (Debian has none): its alias
# lines are compared with tests/harden/golden/powershell_alias.txt (the repository's
# temporary directory written as @T@), whose quoting was checked by hand: single quotes, a
# ' doubled, nothing else special inside them. PowerShell reads a line starting with a quoted
# string as an expression, and a quoted string followed by more text as two arguments, so the
# command word is one string called with `&`: & ('<root>' + '/bin/x') (tests/unit/test_ps_alias.c
# has more shapes).
# usage: cmd.sh REZ_BINARY
set -u
REZ=$1
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME=$T/home REZ_DISABLE_HOME_CONFIG=1 WINEDEBUG=-all
mkdir -p "$HOME" "$T/run"
unset REZ_CONFIG_FILE REZ_PACKAGES_PATH
fails=0 passes=0

REPOS=(
	"$T/c&echo x>PWNED&x"
	"$T/q\"a&echo x>PWNED&\"b"
	"$T/p%AFTER%^!x&(echo x>PWNED)"
	"$T/s'quote;\$(touch PWNED)"
)
: > "$T/ps.txt"
for i in "${!REPOS[@]}"; do
	repo=${REPOS[$i]}
	mkdir -p "$repo/hostile/1.0/bin"
	cat > "$repo/hostile/1.0/package.lua" <<'L'
name = "hostile"
version = "1.0"
function commands()
  alias("aa", "{root}/bin/x")
  env.AFTER = "still here"
end
L
	"$REZ" env --paths "$repo" hostile -o "$T/ctx$i.rxt" || { echo "FAIL resolve repo$i"; fails=$((fails + 1)); continue; }
	"$REZ" context "$T/ctx$i.rxt" -i -f cmd > "$T/run/ctx$i.bat"
	printf '@echo off\r\ncall ctx%s.bat\r\necho AFTER=[%%AFTER%%]\r\n' "$i" > "$T/run/runner$i.bat"
	out=$(cd "$T/run" && timeout 300 wine cmd /c "runner$i.bat" 2>&1 | tr -d '\r')
	if [[ "$out" == *"AFTER=[still here]"* ]] && [ -z "$(find "$T" -name PWNED)" ] &&
	   grep -q '^doskey aa=' "$T/run/ctx$i.bat"; then
		echo "ok cmd repo$i"
		passes=$((passes + 1))
	else
		echo "FAIL cmd repo$i: $( [ -n "$(find "$T" -name PWNED)" ] && echo 'code ran (PWNED exists)')"
		echo "  got: $out"
		grep '^doskey' "$T/run/ctx$i.bat"
		fails=$((fails + 1))
	fi
	find "$T" -name PWNED -delete
	W=${T//\//\\}   # the temporary directory as the Windows shells write it
	"$REZ" context "$T/ctx$i.rxt" -i -f powershell | grep -E '^function aa ' |
		while IFS= read -r line; do printf '%s\n' "${line//"$W"/@T@}"; done >> "$T/ps.txt"
done

if diff -u "$HERE/golden/powershell_alias.txt" "$T/ps.txt"; then
	echo "ok powershell alias lines"
	passes=$((passes + 1))
else
	echo "FAIL powershell alias lines differ from golden/powershell_alias.txt"
	fails=$((fails + 1))
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
