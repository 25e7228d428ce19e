#!/bin/bash
# Large definitions resolve, with results checked against what Rez resolves for the same
# repositories (bench/gen_solverscale.py describes each; Rez 3.4 gave the same resolves and
# the same numbers of solve steps and failures at sizes it can run).
. "$(dirname "$0")/lib.sh"

if [ "${SOLVERSCALE_SMALL:-0}" = 1 ]; then
	NREQ=20000 NVAR=2000 NFAM=1000 NVFAIL=300
else
	NREQ=100000 NVAR=10000 NFAM=2000 NVFAIL=1000
fi

# N requirements on five families: ranges, weak and conflict requirements merged per family
gen ranges ranges "$NREQ"
got=$(renv ranges big -- printenv REZ_USED_RESOLVE)
ok $? "$NREQ requirements on five families: rez env exits 0"
is "$got" "f0-15 f1-16 f2-17 f3-18 f4-19 big-1.0" "$NREQ requirements on five families: the resolve"

# one requirement per family: NFAM scopes in one phase
gen fams fams "$NFAM"
got=$(renv fams big -- printenv REZ_USED_RESOLVE)
ok $? "$NFAM families required by one package: rez env exits 0"
want=$(awk -v n="$NFAM" 'BEGIN { for (i = 1; i <= n; i++) print "t" i }' | LC_ALL=C sort | tr '\n' ' ')
is "$got" "${want}big-1.0" "$NFAM families: every family, in Rez's order (alphabetical, then big)"

# NVAR variants over two families: the preferred (highest) pair wins
gen variants variants "$NVAR"
top=$(( (NVAR + 49) / 50 ))
got=$(renv variants big -- sh -c 'echo "$REZ_USED_RESOLVE|$REZ_BIG_ROOT"')
ok $? "$NVAR variants: rez env exits 0"
is "$got" "va-50 vb-$top big-1.0|$T/variants/big/1.0/va-50/vb-$top" "$NVAR variants: the preferred variant"

# NVFAIL variants each needing its own family: the preferred one by name
gen dvariants dvariants "$NVFAIL"
got=$(renv dvariants big -- sh -c 'echo "$REZ_USED_RESOLVE|$REZ_BIG_ROOT"')
best=$(awk -v n="$NVFAIL" 'BEGIN { for (i = 0; i < n; i++) print "d" i }' | LC_ALL=C sort | tail -1)
is "$got" "$best big-1.0|$T/dvariants/big/1.0/$best" \
	"$NVFAIL variants with a family each: the preferred variant"

# every variant but the last one tried fails: NVFAIL - 1 failed steps, then solved
gen vfails vfails "$NVFAIL"
out=$(renv vfails --stats big zz-1 -- sh -c 'echo "$REZ_USED_RESOLVE|$REZ_BIG_ROOT"' 2>&1)
ok $? "$NVFAIL variants tried one by one: rez env exits 0"
is "$(printf '%s\n' "$out" | grep '|')" "zz-1 d0 big-1.0|$T/vfails/big/1.0/d0" \
	"$NVFAIL variants tried one by one: the last one"
is "$(printf '%s\n' "$out" | grep 'failed steps:' | tr -s ' ')" " failed steps: $((NVFAIL - 1))" \
	"$NVFAIL variants tried one by one: one failed step per variant, as in Rez"

# NREQ/5 conflicts on one family, after and before its plain requirement: the merged range
# would grow at every conflict (merged in one go instead)
for order in after before; do
	mkdir -p "$T/conf-$order/big/1.0" "$T/conf-$order/f/1" "$T/conf-$order/f/3"
	printf 'name = "f"\nversion = "1"\n' > "$T/conf-$order/f/1/package.lua"
	printf 'name = "f"\nversion = "3"\n' > "$T/conf-$order/f/3/package.lua"
	if [ "$order" = after ]; then first='requires = {"f"}' last=''; else first='requires = {}' last='requires[#requires + 1] = "f"'; fi
	printf 'name = "big"\nversion = "1.0"\n%s\nfor i = 2, %d do requires[#requires + 1] = "!f-" .. i end\n%s\n' \
		"$first" $((NREQ / 5)) "$last" > "$T/conf-$order/big/1.0/package.lua"
	got=$(renv "conf-$order" big -- printenv REZ_USED_RESOLVE)
	is "$got" "f-1 big-1.0" "$((NREQ / 5 - 1)) conflicts on one family ($order its requirement): f-1"
done

finish
