#!/usr/bin/env bash
# Property test: random Python expressions over the supported subset (gen.py, fixed seeds
# so failures reproduce), each evaluated by real CPython and by the package.py reader; every
# result (repr, or the exception class) must be identical.
TOOL=$1
set -u
D=$(dirname "$0")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0 total=0
for seed in 1 2 3 4 5 6 7 8; do
	python3 "$D/gen.py" "$seed" 250 > "$T/exprs" || exit 1
	python3 "$D/pyeval.py" < "$T/exprs" > "$T/want" || exit 1
	"$TOOL" eval < "$T/exprs" > "$T/got" || exit 1
	n=$(wc -l < "$T/exprs")
	total=$((total + n))
	while IFS= read -r ln; do
		fail=$((fail + 1))
		[ "$fail" -le 20 ] || continue
		echo "FAIL (seed $seed, line $ln): $(sed -n "${ln}p" "$T/exprs")"
		echo "  python: $(sed -n "${ln}p" "$T/want")"
		echo "  reader: $(sed -n "${ln}p" "$T/got")"
	done < <(paste -d '\t' "$T/want" "$T/got" | awk -F '\t' '$1 != $2 { print NR }')
done
echo "$total expressions, $fail differ"
[ "$fail" = 0 ]
