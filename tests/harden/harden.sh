#!/bin/bash
# Issue 11's reproductions as a user (or an attacker) meets them: each hostile input must end
# with a non-zero exit, no crash (exit < 128, no sanitizer report) and one clear message.
# usage: harden.sh REZ_BINARY
set -u
REZ=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME=$T/home REZ_DISABLE_HOME_CONFIG=1
mkdir -p "$HOME"
unset REZ_CONFIG_FILE REZ_PACKAGES_PATH
fails=0 passes=0

# check NAME WANT_RC EXPECTED-SUBSTRING CMD...: status and a substring of stderr+stdout.
check() {
	local name=$1 want_rc=$2 want=$3
	shift 3
	local out rc
	out=$(timeout 300 "$@" 2>&1)
	rc=$?
	if [ "$rc" != "$want_rc" ] || [[ "$out" != *"$want"* ]] || [[ "$out" == *Sanitizer* ]] ||
	   [[ "$out" == *"runtime error"* ]]; then
		echo "FAIL $name: rc=$rc (want $want_rc)"
		echo "  want: $want"
		echo "  got:  $(printf '%s' "$out" | head -c 2000)"
		fails=$((fails + 1))
	else
		echo "ok $name"
		passes=$((passes + 1))
	fi
}

# pkg REPO NAME VERSION: stdin becomes REPO/NAME/VERSION/package.lua
pkg() {
	mkdir -p "$1/$2/$3"
	cat > "$1/$2/$3/package.lua"
}

# ---- 1. a nested table in a definition ----
R=$T/r1
pkg "$R" deep 1.0 <<'L'
name = "deep"
version = "1.0"
local t = {} local c = t for i = 1, 50 do c.a = {} c = c.a end config = t
L
pkg "$R" deeper 1.0 <<'L'
name = "deeper"
version = "1.0"
local t = {} local c = t for i = 1, 5000 do c.a = {} c = c.a end config = t
L
pkg "$R" deepearly 1.0 <<'L'
name = "deepearly"
version = "1.0"
local t = {} local c = t for i = 1, 5000 do c.a = {} c = c.a end
@early
function tools() return t end
L
pkg "$R" deeplist 1.0 <<'L'
name = "deeplist"
version = "1.0"
local t = {} local c = t for i = 1, 150 do c[1] = {} c = c[1] end c[1] = "x"
requires = {}
config = {x = t}
L
check view-nested-50 0 "a:" "$REZ" view --paths "$R" deep
check env-nested-50 0 "" "$REZ" env --paths "$R" deep -c true
check view-nested-5000 1 "deeper/1.0/package.lua:3: attribute 'config' is nested too deeply" \
	"$REZ" view --paths "$R" deeper
check env-nested-5000 1 "deeper/1.0/package.lua:3: attribute 'config' is nested too deeply" \
	"$REZ" env --paths "$R" deeper -c true
check view-early-nested 1 "attribute 'tools' is nested too deeply" "$REZ" view --paths "$R" deepearly
check view-list-nested-150 0 "x" "$REZ" view --paths "$R" deeplist

# The configuration loader's Lua→value converter: nesting within its limit and beyond it.
printf 'local t = {} local c = t for i = 1, 60 do c.a = {} c = c.a end\nplatform_map = t\n' > "$T/deep60.lua"
printf 'local t = {} local c = t for i = 1, 5000 do c.a = {} c = c.a end\nplatform_map = t\n' > "$T/deep5000.lua"
check config-lua-nested-60 0 "a:" \
	env REZ_CONFIG_FILE=$T/deep60.lua "$REZ" config platform_map
check config-lua-nested-5000 1 "deep5000.lua:2: setting 'platform_map' is nested too deeply (more than 200 levels)" \
	env REZ_CONFIG_FILE=$T/deep5000.lua "$REZ" config platform_map

# ---- 8. configuration ----
check config-missing-file 1 "$T/nope.yaml: cannot read configuration: No such file or directory" \
	env REZ_CONFIG_FILE=$T/nope.yaml "$REZ" config quiet
printf 'sandbox_max_memory: -1\n' > "$T/neg.yaml"
check config-negative-memory 1 \
	"$T/neg.yaml:1: setting 'sandbox_max_memory' must be an integer >= 0 (got -1)" \
	env REZ_CONFIG_FILE=$T/neg.yaml "$REZ" config sandbox_max_memory
printf 'plugins:\n  release_hook:\n    emailer:\n      smtp_port: 70000\n' > "$T/port.yaml"
check config-port-range 1 "setting 'plugins.release_hook.emailer.smtp_port' must be an integer from 1 to 65535 (got 70000)" \
	env REZ_CONFIG_FILE=$T/port.yaml "$REZ" config plugins.release_hook.emailer.smtp_port
check config-env-range 1 "must be an integer >= 0 (got -5)" \
	env REZ_SHELL_ERROR_TRUNCATE_CAP=-5 "$REZ" config shell_error_truncate_cap
printf 'sandbox_max_memory: 0\n' > "$T/zero.yaml"
check config-zero-ok 0 "0" env REZ_CONFIG_FILE=$T/zero.yaml "$REZ" config sandbox_max_memory

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
