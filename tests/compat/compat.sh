#!/usr/bin/env bash
# Cases where rez-lua must give what Rez 3.4 gives. Each expected value was produced by real
# Rez 3.4 (PYTHONPATH=rez/src python3 -m rez.cli._main ...) on the same packages written as
# package.py (tests/compat/packages holds the package.lua versions).
# usage: compat.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/env/lib.sh"
P=$SRC/tests/compat/packages
export REZ_PACKAGES_PATH=$P REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache

# env_out NAME WANT REQ... -- CMD: `rez env REQ -c CMD` prints WANT on stdout
env_out() {
	local name=$1 want=$2
	shift 2
	local reqs=()
	while [ "$1" != -- ]; do reqs+=("$1"); shift; done
	shift
	run "$REZ" env --ni "${reqs[@]}" -c "$1"
	if [ "$rc" != 0 ]; then bad "$name: exit $rc: $err"; return; fi
	check "$name" "$want" "${out%$'\n'}"
}

# --- 1. @late requires are evaluated for the solve (Rez: dep-1.0 lr-1.0), and cached
env_out "late requires" "requires: dep
dep-1.0 lr-1.0" lr -- 'echo $REZ_USED_RESOLVE'
env_out "late requires, from the package cache" "requires: dep
dep-1.0 lr-1.0" lr -- 'echo $REZ_USED_RESOLVE'
ls "$TMPROOT"/cache/*/lr.rzc >/dev/null 2>&1 && ok || bad "late requires: no cache record for lr"
run "$REZ" view lr
case "$out" in
*$'requires:\n- dep\n'*) ok ;;
*) bad "rez view shows the evaluated late requires: $out" ;;
esac

# --- 2. hashed variants (Rez: <version>/c5702d396976541db0dc5f6ec5d76ada317c0b37)
env_out "hashed variant root" "$P/hv/1.0/c5702d396976541db0dc5f6ec5d76ada317c0b37" hv -- \
	'echo $REZ_HV_ROOT'

# with an installed short link _v/a -> ../<hash>, Rez's root is <version>/_v/a (and the hash
# directory again with use_variant_shortlinks off)
mkdir -p "$TMPROOT/sl"
cp -r "$P/hv" "$P/dep" "$TMPROOT/sl/"
mkdir -p "$TMPROOT/sl/hv/1.0/c5702d396976541db0dc5f6ec5d76ada317c0b37" "$TMPROOT/sl/hv/1.0/_v"
ln -s ../c5702d396976541db0dc5f6ec5d76ada317c0b37 "$TMPROOT/sl/hv/1.0/_v/a"
REZ_PACKAGES_PATH=$TMPROOT/sl env_out "hashed variant short link" "$TMPROOT/sl/hv/1.0/_v/a" hv -- \
	'echo $REZ_HV_ROOT'
REZ_PACKAGES_PATH=$TMPROOT/sl REZ_USE_VARIANT_SHORTLINKS=0 env_out "short links off" \
	"$TMPROOT/sl/hv/1.0/c5702d396976541db0dc5f6ec5d76ada317c0b37" hv -- 'echo $REZ_HV_ROOT'

# --- 3. this.requires in commands (Rez: [dep, dep-1]; [dep-1]; [] and None)
env_out "this.requires with requires and variants" "[dep dep-1]" vt -- true
env_out "this.requires with variants only" "[dep-1]" vu -- true
env_out "this.requires and this.tools with neither" "[] nil" vw -- true

# --- 4. canonical requests (Rez's REZ_USED_REQUEST)
env_out "canonical fa>=1 fa-3|1" "fa-1+ fa-1|3" 'fa>=1' 'fa-3|1' -- 'echo $REZ_USED_REQUEST'
env_out "canonical fa-1.2,<2" "fa-1.2+<2" 'fa-1.2,<2' -- 'echo $REZ_USED_REQUEST'
env_out "canonical fa-2|1.2+<1.5" "fa-1.2+<1.5|2" 'fa-2|1.2+<1.5' -- 'echo $REZ_USED_REQUEST'
env_out "canonical ~fa>=2" "~fa-2+ fa" '~fa>=2' fa -- 'echo $REZ_USED_REQUEST'
env_out "canonical !fa>=3" "!fa-3+ fa" '!fa>=3' fa -- 'echo $REZ_USED_REQUEST'
run "$REZ" env --ni 'fa>=1' 'fa-3|1' -o "$TMPROOT/c.rxt"
run "$REZ" context "$TMPROOT/c.rxt" --req
check "rez context --req is canonical" "fa-1+
fa-1|3" "${out%$'\n'}"
run python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["package_requests"])' "$TMPROOT/c.rxt"
check ".rxt package_requests are canonical" "['fa-1+', 'fa-1|3']" "${out%$'\n'}"
run "$REZ" context "$TMPROOT/c.rxt"
case "$out" in
*$'requested packages:\nfa-1+\nfa-1|3\n'*) ok ;;
*) bad "summary lists canonical requests: $out" ;;
esac

# --- 5. weak/conflict ephemerals (Rez: PackageRequestError: Not a valid package name: '.flag')
expect_fail "weak ephemeral" 1 "invalid package request '~.flag-1': bad package name '.flag'" -- \
	"$REZ" env --ni '~.flag-1' -c true
expect_fail "conflict ephemeral" 1 "invalid package request '!.flag': bad package name '.flag'" -- \
	"$REZ" env --ni '!.flag' -c true
env_out "an ephemeral is fine" ".flag-1" '.flag-1' -- 'echo $REZ_USED_REQUEST'

# --- 6. package orderers (REZ_PACKAGE_ORDERERS_JSON; Rez's results on the same packages)
orders() {
	local json=$1 req=$2 want=$3
	REZ_PACKAGE_ORDERERS_JSON=$json run "$REZ" env --ni $req -c 'echo $REZ_USED_RESOLVE'
	if [ "$rc" != 0 ]; then bad "orderer $json [$req]: exit $rc: $err"; return; fi
	check "orderer $json [$req]" "$want" "${out%$'\n'}"
}
VS='[{"type":"version_split","first_version":"2.6.0"}]'
orders "$VS" python python-2.6.0
orders "$VS" vpy "python-2.6.0 vpy-1.0"
orders "$VS" timestamped timestamped-2.1.5
orders "$VS" pymum pymum-2
SA='[{"type":"sorted","descending":false,"packages":["python"]}]'
orders "$SA" python python-2.5.2
orders "$SA" vpy "python-2.5.2 vpy-1.0"
orders "$SA" pymum pymum-3
PF='[{"type":"per_family","orderers":[{"packages":["python"],"type":"version_split","first_version":"2.5.9"}]}]'
orders "$PF" python python-2.5.2
orders "$PF" timestamped timestamped-2.1.5
ST3='[{"type":"soft_timestamp","timestamp":3001,"rank":3}]'
orders "$ST3" timestamped timestamped-1.1.1
orders "$ST3" python python-2.5.2
orders "$ST3" vpy "python-2.6.8 vpy-1.0"
orders "$ST3" pymum pymum-1
orders '[{"type":"soft_timestamp","timestamp":3001}]' timestamped timestamped-1.1.0
orders '[{"type":"soft_timestamp","timestamp":3001}]' python python-2.7.0
orders '[{"type":"soft_timestamp","timestamp":7001,"rank":3}]' timestamped timestamped-2.1.5
orders '[{"type":"soft_timestamp","timestamp":9999999999,"rank":3}]' timestamped timestamped-2.1.5
orders '[{"type":"soft_timestamp","timestamp":0,"rank":3}]' timestamped timestamped-1.0.6
orders '{"type": "version_split", "first_version": "1.1.5"}' timestamped timestamped-1.1.1
# an explicit request still wins over the orderer
orders "$VS" python-2.7 python-2.7.0
# saved in the .rxt file as Rez writes it (to_pod), and read back
J='[{"type":"per_family","orderers":[{"packages":["python","fa"],"type":"version_split","first_version":"2.6.0"}],"default_order":{"type":"sorted","descending":true}},{"type":"soft_timestamp","timestamp":3001,"rank":3,"packages":"timestamped"}]'
REZ_PACKAGE_ORDERERS_JSON=$J run "$REZ" env --ni python -o "$TMPROOT/o.rxt"
run python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["package_orderers"], sort_keys=True))' "$TMPROOT/o.rxt"
check ".rxt package_orderers" '[{"default_order": {"descending": true, "packages": ["*"], "type": "sorted"}, "orderers": [{"first_version": "2.6.0", "packages": ["fa", "python"], "type": "version_split"}], "type": "per_family"}, {"packages": ["timestamped"], "rank": 3, "timestamp": 3001, "type": "soft_timestamp"}]' "${out%$'\n'}"
run "$REZ" context "$TMPROOT/o.rxt" -o "$TMPROOT/o2.rxt"
[ "$rc" = 0 ] || run "$REZ" env --ni -i "$TMPROOT/o.rxt" -o "$TMPROOT/o2.rxt"
run python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["package_orderers"] == json.load(open(sys.argv[2]))["package_orderers"])' "$TMPROOT/o.rxt" "$TMPROOT/o2.rxt"
check ".rxt package_orderers read back and written again" True "${out%$'\n'}"
run "$REZ" env --ni python -o "$TMPROOT/n.rxt"
run python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["package_orderers"])' "$TMPROOT/n.rxt"
check ".rxt without orderers" None "${out%$'\n'}"
# Rez 3.4 registers no 'custom' or 'timestamp' orderer (from_pod raises KeyError)
REZ_PACKAGE_ORDERERS_JSON='[{"type":"custom","packages":{"python":["2.6.0"]}}]' \
	expect_fail "unknown orderer" 1 "package_orderers[1]: unknown orderer type 'custom'" -- \
	"$REZ" env --ni python -c true

# --- 7. --patch and --patch-rank (Rez's ResolvedContext.get_patched_request; its CLI
# crashes on --patch-rank with requests, so these are the API's results)
run "$REZ" env --ni pb-1.0.0 fa-1 -o "$TMPROOT/p.rxt"
patched() {
	local name=$1 want=$2
	shift 2
	run "$REZ" env --ni -i "$TMPROOT/p.rxt" --patch "$@" -c 'echo $REZ_USED_REQUEST'
	if [ "$rc" != 0 ]; then bad "$name: exit $rc: $err"; return; fi
	check "$name" "$want" "${out%$'\n'}"
}
patched "patch replaces in place" "pb-1+ fa ~fa-2" --patch-rank 3 'pb>=1' fa '~fa-2'
patched "patch-rank 2" "pb-1.0.0 fa-1 !fa-3 ~pb<1_ ~fa<1_" --patch-rank 2 '!fa-3'
patched "patch-rank 3" "pb-1.0.0 fa-1 !fa-3 ~pb<1.0_" --patch-rank 3 '!fa-3'
patched "patch subtraction" "pb-1.0.0 ~pb<1.0_" --patch-rank 3 '^fa'
patched "patch --strict" "pb-1.0.0 fa-2" --strict fa-2

finish
