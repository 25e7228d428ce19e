#!/usr/bin/env bash
# @include of Python modules (Rez's package_definition_python_path modules). The layout is
# what real Rez 3.4's `rez build --install` wrote for this package (checked by hand: the
# package.py as Rez rewrote it, .rez/include/mymod.py and mymod.sha1, the SHA-1 of the
# stripped module text); the expected variables are what Rez's ResolvedContext(["inc"])
# .get_environ() gave (STUDIO_PREFIX, INC_TOOLS, and PATH starting with the bin directory).
# Also: a developer package finding the module on package_definition_lua_path, a module
# changed after the install, a missing module and a module Python that cannot be read.
TOOL=$1 REZ=$2
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export REZ_DISABLE_HOME_CONFIG=1 REZ_CONFIG_FILE=/dev/null HOME=$T/home XDG_CACHE_HOME=$T/cache
mkdir -p "$HOME"
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

R=$T/install
P=$R/inc/1.0
mkdir -p "$P/.rez/include" "$T/mods"
cat > "$T/mods/mymod.py" <<'M'
"""Helpers shared by packages."""
import os

PREFIX = "/opt/studio"

def bin_path(root, sub="bin"):
    # the package's bin directory
    return os.path.join(root, sub)

def setup(env, root):
    env.PATH.append(bin_path(root))
    env.STUDIO_PREFIX = PREFIX
M
cp "$T/mods/mymod.py" "$P/.rez/include/mymod.py"
python3 -c 'import hashlib,sys; print(hashlib.sha1(open(sys.argv[1],"rb").read().strip()).hexdigest(), end="")' \
	"$P/.rez/include/mymod.py" > "$P/.rez/include/mymod.sha1"
cat > "$P/package.py" <<'M'
# -*- coding: utf-8 -*-

name = 'inc'

version = '1.0'

@include('mymod')
def commands():
    mymod.setup(env, "{root}")
    env.INC_TOOLS = mymod.bin_path("{root}", "tools")

timestamp = 1796412086

format_version = 2
M

out=$("$REZ" env --paths "$R" inc -c 'printf "%s|%s|%s\n" "$STUDIO_PREFIX" "$INC_TOOLS" "${PATH%%:*}"' 2>&1)
[ "$out" = "/opt/studio|$P/tools|$P/bin" ] && ok || bad "installed: $out"

# a developer package: the module on package_definition_lua_path
mkdir -p "$T/dev"
sed '/^timestamp/d; /^format_version/d' "$P/package.py" > "$T/dev/package.py"
cat > "$T/cfg.yaml" <<M
package_definition_lua_path: ["$T/mods"]
M
out=$(cd "$T/dev" && REZ_CONFIG_FILE=$T/cfg.yaml "$REZ" view --dev . 2>&1) && ok ||
	bad "developer view: $out"
out=$(cd "$T/dev" && "$REZ" view --dev . 2>&1) && bad "developer view without the path: $out" ||
	{ [[ "$out" == *"@include decorator requests module 'mymod'"* ]] && ok || bad "developer: $out"; }

# rez-lua's own build installs the .py module as .py, with Rez's .sha1, and the result resolves
mkdir -p "$T/src" "$T/built"
sed '/^timestamp/d; /^format_version/d' "$P/package.py" > "$T/src/package.py"
echo 'build_command = False' >> "$T/src/package.py"
out=$(cd "$T/src" && REZ_CONFIG_FILE=$T/cfg.yaml "$REZ" build -i -p "$T/built" 2>&1) && ok || bad "build: $out"
[ -f "$T/built/inc/1.0/.rez/include/mymod.py" ] && cmp -s "$T/mods/mymod.py" "$T/built/inc/1.0/.rez/include/mymod.py" &&
	ok || bad "built module: $(ls -R "$T/built/inc/1.0/.rez" 2>&1)"
[ "$(cat "$T/built/inc/1.0/.rez/include/mymod.sha1" 2>/dev/null)" = "$(cat "$P/.rez/include/mymod.sha1")" ] && ok ||
	bad "built sha1"
out=$("$REZ" env --paths "$T/built" inc -c 'printf "%s|%s\n" "$STUDIO_PREFIX" "$INC_TOOLS"' 2>&1)
[ "$out" = "/opt/studio|$T/built/inc/1.0/tools" ] && ok || bad "built env: $out"

# changed after the install
echo "# edited" >> "$P/.rez/include/mymod.py"
out=$("$REZ" env --paths "$R" inc -c true 2>&1)
[[ "$out" == *"mymod.py' was changed after it was installed"* ]] && ok || bad "tampered: $out"

# missing
rm "$P/.rez/include/mymod.py" "$P/.rez/include/mymod.sha1"
out=$("$REZ" env --paths "$R" inc -c true 2>&1)
[[ "$out" == *"package.py:8): @include decorator requests module 'mymod'"* ]] && ok || bad "missing: $out"

# a module outside the subset: the located refusal, naming the module file and line
cat > "$P/.rez/include/mymod.py" <<'M'
import os

import subprocess
M
out=$("$REZ" env --paths "$R" inc -c true 2>&1)
[[ "$out" == *"mymod.py:3: 'import subprocess' is not supported when reading package.py"* ]] && ok ||
	bad "refused: $out"

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
