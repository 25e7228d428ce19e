#!/bin/bash
# run.sh REZ [update]: the preprocess and @include cases, end to end through `rez view --dev`
# and `rez env`. Each case runs one command from this directory with the settings it gives
# (environment variables) and compares exit status, stderr and stdout with
# expected/<case>.txt (this directory's path shown as @DIR@). With "update" the expected
# files are rewritten instead (review the diff before committing).
set -u
REZ=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
UPDATE=${2:-}
D=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
: > "$T/empty.yaml"
unset REZ_PACKAGE_PREPROCESS_FUNCTION REZ_PACKAGE_PREPROCESS_MODE REZ_PACKAGES_PATH \
	REZ_PACKAGE_DEFINITION_LUA_PATH
export REZ_DISABLE_HOME_CONFIG=1 REZ_CONFIG_FILE=$T/empty.yaml
export REZ_PACKAGES_PATH=$D/repo REZ_PACKAGE_DEFINITION_LUA_PATH=$D/lua
fails=0 passes=0

# t CASE [VAR=VALUE...] -- COMMAND ARGS...   (COMMAND "rez" is the rez under test)
t() {
	local name=$1 dir=$D
	shift
	local vars=()
	while [ "$1" != "--" ]; do
		case $1 in
		cd=*) dir=$D/${1#cd=} ;;
		*) vars+=("$1") ;;
		esac
		shift
	done
	shift
	[ "$1" = rez ] && set -- "$REZ" "${@:2}"
	(cd "$dir" && env "${vars[@]}" "$@") >"$T/out" 2>"$T/err"
	local rc=$?
	{
		echo "rc=$rc"
		cat "$T/err"
		echo "----"
		cat "$T/out"
	} | sed "s|$D|@DIR@|g" >"$T/got"
	if [ -n "$UPDATE" ]; then
		mkdir -p "$D/expected"
		cp "$T/got" "$D/expected/$name.txt"
	elif ! diff -u "$D/expected/$name.txt" "$T/got" >"$T/diff" 2>&1; then
		echo "FAIL $name"
		cat "$T/diff"
		fails=$((fails + 1))
		return
	fi
	if [ $rc -ge 128 ]; then
		echo "FAIL $name: crashed (rc=$rc)"
		fails=$((fails + 1))
		return
	fi
	passes=$((passes + 1))
}

G=REZ_PACKAGE_PREPROCESS_FUNCTION
M=REZ_PACKAGE_PREPROCESS_MODE
V="rez view --dev -b"

# Rez's test_packages.py preprocess cases (spec §3.6)
t local_wins $G=global_preprocess.inject_data -- $V packages/developer_dynamic_local_preprocess
t global_string $G=global_preprocess.inject_data -- $V packages/developer_dynamic_global_preprocess
t mode_before $G=mode_global.preprocess $M=before -- $V packages/developer_dynamic_local_preprocess_additive
t mode_after $G=mode_global.preprocess $M=after -- $V packages/developer_dynamic_local_preprocess_additive
t mode_override $G=mode_global.preprocess $M=override -- $V packages/developer_dynamic_local_preprocess_additive
t no_preprocess -- $V packages/developer_dynamic_global_preprocess
t yaml_global $G=global_preprocess.inject_data -- $V packages/yaml_global
# the package's own config chooses mode and function, and beats the environment
t pkg_config_mode $M=after -- $V packages/pkg_config_mode
# what the data can hold and how changes are reported
t changes -- rez view --dev -f lua packages/changes
t rename -- $V packages/local_rename
t default_dir cd=packages/developer_dynamic_global_preprocess -- rez view --dev -b
# errors: local
t err_local_raises -- $V packages/local_raises
t err_local_returns -- $V packages/local_garbage
t err_local_requires -- $V packages/local_requires5
t err_local_wildcard -- $V packages/wildcard_bad
# errors: global
t err_global_raises $G=failing.boom -- $V packages/developer_dynamic_global_preprocess
t err_global_returns $G=failing.garbage -- $V packages/developer_dynamic_global_preprocess
t err_global_requires $G=failing.bad_requires -- $V packages/developer_dynamic_global_preprocess
t err_global_invalid $G=failing.reject -- $V packages/developer_dynamic_global_preprocess
t err_global_not_function $G=failing.not_a_function -- $V packages/developer_dynamic_global_preprocess
t err_global_no_module $G=nomod.inject -- $V packages/developer_dynamic_global_preprocess
t err_global_form $G=inject_data -- $V packages/developer_dynamic_global_preprocess
t err_global_broken_module $G=broken_module.f -- $V packages/developer_dynamic_global_preprocess
t err_global_checked_in_override $G=nomod.inject -- $V packages/developer_dynamic_local_preprocess
t err_no_definition -- $V lua
# @include
t include_ok -- $V packages/inc_ok
t include_no_path REZ_PACKAGE_DEFINITION_LUA_PATH= -- $V packages/inc_ok
t include_missing -- $V packages/inc_missing
t include_bad_name -- $V packages/inc_badname
t include_installed REZ_PACKAGES_PATH=$D/installed -- rez env --ni instpkg -- sh -c 'echo $INSTPKG_WHO $INSTPKG_ROOT'
# docs/preprocess.md: the site policy examples
P="REZ_PACKAGE_DEFINITION_LUA_PATH=$D/docs_examples/site/lua $G=site_policy.apply"
t policy_tools $P -- rez view --dev docs_examples/tools
t policy_legacy $P -- $V docs_examples/legacy
t policy_bad_name $P -- $V docs_examples/BadName

# The code shown in docs/preprocess.md is the code these cases run.
DOC=$D/../../docs/preprocess.md
for f in $(sed -n 's/^```lua file=//p' "$DOC"); do
	awk -v f="$f" '$0 == "```lua file=" f {on=1; next} on && $0 == "```" {on=0} on' "$DOC" \
		>"$T/doc"
	if diff -u "$D/../../$f" "$T/doc" >"$T/diff"; then
		passes=$((passes + 1))
	else
		echo "FAIL docs/preprocess.md block differs from $f"
		cat "$T/diff"
		fails=$((fails + 1))
	fi
done

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
