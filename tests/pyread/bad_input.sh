#!/usr/bin/env bash
# Bad package.py input through the real `rez view` / `rez env`: each case expects a non-zero
# exit, no crash (exit < 128, no sanitizer report), and exactly one stderr line holding the
# expected located message. Nothing is written to the package cache for a failed load.
TOOL=$1 REZ=$2
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export REZ_DISABLE_HOME_CONFIG=1 REZ_CONFIG_FILE=/dev/null HOME=$T/home XDG_CACHE_HOME=$T/cache
mkdir -p "$HOME"
fails=0 passes=0

check() {
	local name=$1 want=$2 err rc lines
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	lines=$(printf '%s\n' "$err" | grep -c .)
	if [ $rc -eq 0 ] || [ $rc -ge 128 ] || [ "$lines" -ne 1 ] || [[ "$err" != *$want* ]]; then
		echo "FAIL $name: rc=$rc"
		echo "  want: $want"
		echo "  got:  $err"
		fails=$((fails + 1))
	else
		passes=$((passes + 1))
	fi
}

# pkg NAME: stdin -> $T/r_NAME/pkg/1.0/package.py; prints the repository
pkg() {
	local repo=$T/r_$1
	mkdir -p "$repo/pkg/1.0"
	cat > "$repo/pkg/1.0/package.py"
	echo "$repo"
}

r=$(pkg syntax <<'P'
name = "pkg"
version = "1.0"
requires = ["a" "b",, "c"]
P
)
check syntax "$r/pkg/1.0/package.py:3:21: invalid syntax: expected an expression, found ','" \
	"$REZ" view --paths "$r" pkg

r=$(pkg indent <<'P'
name = "pkg"
version = "1.0"
def commands():
    env.A = "1"
      env.B = "2"
P
)
check indent "$r/pkg/1.0/package.py:5:1: unexpected indent" "$REZ" view --paths "$r" pkg

r=$(pkg dedent <<'P'
name = "pkg"
version = "1.0"
def commands():
        env.A = "1"
    env.B = "2"
P
)
check dedent "$r/pkg/1.0/package.py:5:5: unindent does not match any outer indentation level" \
	"$REZ" view --paths "$r" pkg

# The message the issue gives, at line 14.
r=$(pkg import <<'P'
# -*- coding: utf-8 -*-
name = "pkg"
version = "1.0"

description = """
A package that runs a process.
"""

requires = ["python-3"]


def commands():
    import os
    import subprocess
    env.PATH.append("{root}/bin")
P
)
check import "pkg/1.0/package.py:14: 'import subprocess' is not supported when reading package.py (convert this package: rez convert)" \
	"$REZ" view --paths "$r" pkg

for construct in "class Foo(object): pass|class" "exec('x = 1')|exec()" \
	"print 'hello'|Python 2 print statement" "x = (y for y in [1])|generator" \
	"def f():\n    yield 1|yield (generator)" "x = b'\\\\x00'|bytes literal" \
	"from . import helper|relative import" "x = ModifyList(append=['a'])|ModifyList" \
	"with open('f') as fh: pass|with statement" "x = __file__|__file__" \
	"async def f(): pass|async" "x = 123456789012345678901234567890|integer larger than 64 bits" \
	"x = [1, None]|None inside a list is not supported"; do
	src=${construct%%|*} want=${construct#*|}
	r=$(printf 'name = "pkg"\nversion = "1.0"\n%b\n' "$src" | pkg "c$RANDOM")
	check "construct $src" "$want" "$REZ" view --paths "$r" pkg
done

r=$(pkg loop <<'P'
name = "pkg"
version = "1.0"
n = 0
while True:
    n += 1
P
)
check endless_loop "package.py:5: instruction limit exceeded" "$REZ" view --paths "$r" pkg

r=$(pkg loop2 <<'P'
name = "pkg"
version = "1.0"
@early()
def requires():
    x = []
    for i in range(10 ** 12):
        x.append(i)
    return x
P
)
check memory_or_budget "package.py:[67]: " "$REZ" view --paths "$r" pkg

r=$(pkg bomb <<'P'
name = "pkg"
version = "1.0"
x = "a" * (10 ** 11)
P
)
check memory_bomb "package.py:3: memory limit exceeded" "$REZ" view --paths "$r" pkg

r=$(pkg bomb2 <<'P'
name = "pkg"
version = "1.0"
x = ["aaaaaaaaaaaaaaaa"] * 2
for i in range(64):
    x = x + x
P
)
check list_bomb "package.py:5: " "$REZ" view --paths "$r" pkg

r=$(printf 'name = "pkg"\nversion = "1.0"\ndescription = "caf\xe9"\n' | pkg utf8)
check invalid_utf8 "$r/pkg/1.0/package.py:3:19: invalid UTF-8 in package.py" "$REZ" view --paths "$r" pkg

r=$(pkg big </dev/null)
{
	printf 'name = "pkg"\nversion = "1.0"\nx = [\n'
	yes '    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",' | head -n 650000
	printf ']\n'
} > "$r/pkg/1.0/package.py"
check big_file "package definition is too large" "$REZ" view --paths "$r" pkg

r=$(pkg runtime <<'P'
name = "pkg"
version = "1.0"
def commands():
    paths = ["a", "b"]
    env.X = paths[2]
P
)
check runtime_error_in_commands "package.py:5): IndexError: list index out of range" \
	"$REZ" env --paths "$r" pkg -- true

r=$(pkg early <<'P'
name = "pkg"
version = "1.0"
@early()
def requires():
    return [{"a": "foo-1"}["b"]]
P
)
check early_error "package.py:5: KeyError: 'b' (in early binding 'requires')" "$REZ" view --paths "$r" pkg

# A failed load is not cached: once the file is fixed, the package loads.
r=$T/r_early
sed -i 's/\["b"\]/["a"]/' "$r/pkg/1.0/package.py"
if ! out=$("$REZ" view --paths "$r" pkg 2>&1) || [[ "$out" != *"requires"* ]]; then
	echo "FAIL: the fixed package does not load: $out"
	fails=$((fails + 1))
fi

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
