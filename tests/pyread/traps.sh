#!/usr/bin/env bash
# Python-vs-Lua semantic traps: every line of traps.txt is evaluated by real CPython and by
# the package.py reader (translated to Lua, run in the sandbox); the results must be equal.
# A line CPython rejects must be rejected by the reader too (same exception class, or the
# construct refused with "is not supported").
TOOL=$1 SRC=$3
set -u
D=$(dirname "$0")
want=$(python3 "$D/pyeval.py" < "$D/traps.txt") || { echo "python3 failed"; exit 1; }
got=$("$TOOL" eval < "$D/traps.txt") || { echo "reader failed"; exit 1; }
fail=0 n=0
paste -d '\n' <(cat "$D/traps.txt") <(printf '%s\n' "$want") <(printf '%s\n' "$got") |
{
	while IFS= read -r expr && IFS= read -r w && IFS= read -r g; do
		n=$((n + 1))
		if [ "$w" = "$g" ]; then continue; fi
		# a construct the reader refuses where CPython fails too (bytes literals)
		if [ "$g" = unsupported ] && [ "${w#error: }" != "$w" ]; then continue; fi
		echo "FAIL: $expr"
		echo "  python: $w"
		echo "  reader: $g"
		fail=$((fail + 1))
	done
	echo "$n cases, $fail failed"
	[ "$fail" = 0 ]
}
