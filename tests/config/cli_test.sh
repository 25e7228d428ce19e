#!/bin/sh
# Runs `rez config` for real: sources and precedence, dotted keys, --json, the lists of files,
# .lua files through the sandbox, and the error paths (exit status and message).
# usage: cli_test.sh REZ_BINARY FIXTURE_DIR
set -u
rez=$1
dir=$2
fails=0
passes=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home"
mkdir -p "$HOME"
unset REZ_CONFIG_FILE REZ_DISABLE_HOME_CONFIG REZ_PACKAGES_PATH REZ_RELEASE_HOOKS REZ_QUIET
unset REZ_PACKAGES_PATH_JSON REZ_PLATFORM_MAP_JSON

check() {   # check NAME EXPECTED_STATUS EXPECTED_OUTPUT -- command...
	name=$1 want_rc=$2 want=$3
	shift 4
	got=$("$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want_rc" ] && [ "$got" = "$want" ]; then
		passes=$((passes + 1))
		echo "ok $name"
	else
		fails=$((fails + 1))
		echo "FAIL $name: status $rc (want $want_rc)"
		echo "--- got:"; echo "$got"; echo "--- want:"; echo "$want"
	fi
}

check default-scalar 0 "25" -- "$rez" config plugins.release_hook.emailer.smtp_port
check default-list 0 "- $HOME/packages
- $HOME/.rez/packages/int
- $HOME/.rez/packages/ext" -- "$rez" config packages_path
check json-list 0 "[\"$HOME/packages\",\"$HOME/.rez/packages/int\",\"$HOME/.rez/packages/ext\"]" -- \
	"$rez" config --json packages_path
check unknown-key 1 "rez-config: error: no such setting: 'nope'" -- "$rez" config nope
check map-yaml 0 "prompt: '>'
executable_fullpath: null" -- "$rez" config plugins.shell.bash

REZ_CONFIG_FILE="$dir/base.yaml:$dir/missing.yaml" check missing-file 1 \
	"rez-config: error: $dir/missing.yaml: cannot read configuration: No such file or directory" -- \
	"$rez" config packages_path
export REZ_CONFIG_FILE="$dir/base.yaml:$dir/site.lua"
check lua-list 0 "- /studio/packages
- $HOME/packages" -- "$rez" config packages_path
check lua-modify 0 "- command
- emailer" -- "$rez" config release_hooks
check lua-int 0 "8" -- "$rez" config build_thread_count
check lua-plugin 0 "MAIL.example.com" -- "$rez" config plugins.release_hook.emailer.smtp_host
check lua-empty-map 0 "{}" -- "$rez" config platform_map
check search-list 0 "$dir/base.yaml
$dir/site.lua
$HOME/.rezconfig.yaml
$HOME/.rezconfig" -- "$rez" config --search-list
check source-list 0 "$dir/base.yaml
$dir/site.lua" -- "$rez" config --source-list
REZ_PACKAGES_PATH="/a b:/c" check env-beats-files 0 '["/a b","/c"]' -- "$rez" config --json packages_path
REZ_PACKAGES_PATH_JSON='["/j"]' check env-json 0 '["/j"]' -- "$rez" config --json packages_path
REZ_DISABLE_HOME_CONFIG=1 check no-home 0 "$dir/base.yaml
$dir/site.lua" -- "$rez" config --search-list

export REZ_CONFIG_FILE="$dir/typo.yaml"
check typo-warning 0 "rez-config: warning: $dir/typo.yaml:1: unknown setting 'relase_hooks' (ignored)
[]" -- "$rez" config release_hooks
export REZ_CONFIG_FILE="$dir/bad.lua"
check lua-bad-type 1 "rez-config: error: $dir/bad.lua:1: setting 'quiet' must be a boolean (got 'yes please')" -- \
	"$rez" config quiet
export REZ_CONFIG_FILE="$dir/loop.lua"
check lua-budget 1 "rez-config: error: $dir/loop.lua:1: instruction limit exceeded" -- "$rez" config quiet
unset REZ_CONFIG_FILE
printf 'quiet: [1\n' > "$HOME/.rezconfig"
check home-syntax 1 "rez-config: error: $HOME/.rezconfig:2:1: did not find expected ',' or ']' while parsing a flow sequence (line 1)" -- \
	"$rez" config quiet
rm "$HOME/.rezconfig"
REZ_QUIET=perhaps check env-bad-bool 1 "rez-config: error: environment variable 'REZ_QUIET' must be one of 1, true, t, yes, y, on, 0, false, f, no, n, off (got 'perhaps')" -- \
	"$rez" config quiet

# The host's fully qualified name ({system.fqdn}, {system.domain}) asks the resolver, which
# can be a slow or absent DNS server: looked up only when a setting naming it is read.
host_files() { strace -f -qq -e trace=open,openat -o "$HOME/strace.fqdn" "$@" >/dev/null 2>&1
	n=$(grep -cE '"/etc/(hosts|resolv.conf|gai.conf|host.conf)"' "$HOME/strace.fqdn"); echo "$n"; }
check fqdn-not-looked-up 0 0 -- host_files "$rez" config quiet
body=$("$rez" config plugins.release_hook.emailer.body)
case $body in
*'{system.'*) fails=$((fails + 1)); echo "FAIL fqdn-expanded-when-read: $body" ;;
*'released by '*'@'*) passes=$((passes + 1)); echo "ok fqdn-expanded-when-read" ;;
*) fails=$((fails + 1)); echo "FAIL fqdn-expanded-when-read: $body" ;;
esac
printf 'plugins:\n  release_hook:\n    emailer:\n      body: "by {system.fqdn} }"\n' >"$HOME/fqdn.yaml"
REZ_CONFIG_FILE=$HOME/fqdn.yaml check fqdn-format-checked-at-load 1 \
	"rez-config: error: setting 'plugins.release_hook.emailer.body': single '}' in 'by {system.fqdn} }'" -- \
	"$rez" config quiet

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
