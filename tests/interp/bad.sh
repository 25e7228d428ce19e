#!/bin/bash
# Each case writes a package into a fresh repository, runs `rez view`, and expects a non-zero
# exit, no crash (exit < 128, no sanitizer report) and exactly one stderr line containing the
# expected text (file, line and attribute).
set -u
REZ=$1
T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
export REZ_DISABLE_HOME_CONFIG=1 REZ_CONFIG_FILE=/dev/null
fails=0 passes=0

# check NAME EXPECTED-SUBSTRING CMD...
check() {
	local name=$1 want=$2
	shift 2
	local out err rc
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	local lines
	lines=$(printf '%s\n' "$err" | grep -c .)
	if [ $rc -eq 0 ] || [ $rc -ge 128 ] || [ "$lines" -ne 1 ] || [[ "$err" != *"$want"* ]]; then
		echo "FAIL $name: rc=$rc"
		echo "  want: $want"
		echo "  got:  $err"
		fails=$((fails + 1))
	else
		passes=$((passes + 1))
	fi
}

# pkg NAME VERSION: writes stdin to $T/repo_NAME/NAME/VERSION/package.lua, prints the repo
pkg() {
	local repo=$T/repo_$1_$RANDOM
	mkdir -p "$repo/$1/$2"
	cat > "$repo/$1/$2/package.lua"
	echo "$repo"
}

r=$(pkg foo 1.0 <<'L'
name = "foo"
version = "1.0"
requires = {"a"
L
)
check syntax "$r/foo/1.0/package.lua:4: '}' expected (to close '{' at line 3) near <eof>" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
name = "foo"
version = "1.0"
@early
function description()
    return nil .. "x"
end
L
)
check early_runtime "$r/foo/1.0/package.lua:5: attempt to concatenate a nil value (in early binding 'description')" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
name = "foo"
version = "1.0"
requires = 5
L
)
check wrong_type "$r/foo/1.0/package.lua:3: attribute 'requires' must be a list of strings (got number)" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
name = "foo"
version = "1.0"
tools = {"a", {"b"}}
L
)
check wrong_element "$r/foo/1.0/package.lua:3: attribute 'tools' must be a list of strings (got a list containing a list)" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
name = "foo"
version = 1.0
L
)
check version_number "$r/foo/1.0/package.lua:2: attribute 'version' must be a string (got number)" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
name = "foo"
version = "1..0"
L
)
check version_invalid "$r/foo/1.0/package.lua:2: attribute 'version': invalid version '1..0'" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
version = "1.0"
L
)
check name_missing "$r/foo/1.0/package.lua: missing attribute 'name'" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
name = "foo"

@late
local x = 1
L
)
check decorator_non_function "$r/foo/1.0/package.lua:3: decorator '@late' must be followed by a global function definition" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
name = "foo"
@cached
function tools() return {} end
L
)
check decorator_unknown "$r/foo/1.0/package.lua:2: unknown decorator '@cached'" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 < /dev/null)
printf 'name = "foo"\nversion = "1.0"\ndescription = "bad \xff\xfe"\n' > "$r/foo/1.0/package.lua"
check invalid_utf8 "$r/foo/1.0/package.lua:3: attribute 'description' is not valid UTF-8 text" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 < /dev/null)
{
	printf 'name = "foo"\nversion = "1.0"\ndata = {\n'
	# ~50 MB of table entries, generated at test time
	head -c 37000000 /dev/zero | tr '\0' 'x' | fold -w 70 | sed 's/.*/  "&",/'
	printf '}\n'
} > "$r/foo/1.0/package.lua"
check huge_file "$r/foo/1.0/package.lua: package definition is too large" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
name = "foo"
version = "1.0"
while true do end
L
)
check endless_loop "$r/foo/1.0/package.lua:3: instruction limit exceeded" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
name = "foo"
version = "1.0"
local t = {}
for i = 1, 1e10 do t[i] = string.rep("x", 1000) .. i end
L
)
check memory_bomb "$r/foo/1.0/package.lua:4: memory limit exceeded" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
name = "foo"
version = "1.0"
description = string.rep("x", 1e12)
L
)
check string_rep_bomb "$r/foo/1.0/package.lua:3: memory limit exceeded" "$REZ" view --paths "$r" foo

# Unreadable: a directory where the file should be (works when running as root too).
r=$T/repo_unreadable
mkdir -p "$r/foo/1.0/package.lua"
check unreadable "$r/foo/1.0/package.lua: cannot read package definition: Is a directory" "$REZ" view --paths "$r" foo
if [ "$(id -u)" != 0 ]; then
	r=$(pkg foo 1.0 <<<'name = "foo"')
	chmod 000 "$r/foo/1.0/package.lua"
	check unreadable_perm "$r/foo/1.0/package.lua: cannot read package definition: Permission denied" "$REZ" view --paths "$r" foo
fi

r=$T/repo_nodef
mkdir -p "$r/foo/1.0"
check no_definition "$r/foo/1.0: no package definition file (package.lua, package.py or package.yaml)" "$REZ" view --paths "$r" foo

check no_repo "$T/does-not-exist: package repository does not exist" "$REZ" view --paths "$T/does-not-exist" foo
check no_repo_search "$T/does-not-exist: package repository does not exist" "$REZ" search --paths "$T/does-not-exist"

r=$(pkg foo 1.0 <<'L'
name = "bar"
version = "1.0"
L
)
check name_mismatch "$r/foo/1.0/package.lua:1: attribute 'name' is 'bar' but the package is in directory 'foo'" "$REZ" view --paths "$r" foo

r=$T/repo_yaml
mkdir -p "$r/foo/1.0"
printf 'name: foo\nversion: 1.0\n' > "$r/foo/1.0/package.yaml"
check yaml_version_float "$r/foo/1.0/package.yaml:2: attribute 'version' must be a string (got number)" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
name = "foo"
version = "1.0"
@early
function a() return this.b end
@early
function b() return 1 end
L
)
check early_refers_early "$r/foo/1.0/package.lua:4: early binding function cannot refer to another early or late binding function: 'b' (in early binding 'a')" "$REZ" view --paths "$r" foo

r=$(pkg foo 1.0 <<'L'
name = "foo"
version = "1.0"
@late
function commands() end
L
)
check late_commands "$r/foo/1.0/package.lua:4: cannot use @late on function 'commands'" "$REZ" view --paths "$r" foo

r=$T/repo_empty
mkdir -p "$r"
err=$("$REZ" search --paths "$r" 2>&1 >/dev/null); rc=$?
if [ $rc -eq 1 ] && [ "$err" = "No matching package families found." ]; then passes=$((passes + 1)); else echo "FAIL search_nothing: rc=$rc $err"; fails=$((fails + 1)); fi

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
