#!/usr/bin/env bash
# Build hooks in real builds: `rez build` with the custom and cmake build systems, checking
# what ends up installed, what the build saw (build.rxt, the environment, the arguments),
# the switches (--hooks-only, --no-hooks, REZ_BUILD_*), and every error (message, exit status,
# nothing installed).
set -u
rez=$1 src=$2
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*" >&2; }
for v in $(env | sed -n 's/^\(REZ_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
T=$(mktemp -d "${TMPDIR:-/tmp}/rez-buildhooks.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME=$T/home REZ_DISABLE_HOME_CONFIG=1 LC_ALL=C.UTF-8 SHELL=/bin/bash
mkdir -p "$HOME" "$T/local" "$T/release" "$T/ext" "$T/hooks"
cat > "$T/rezconfig.yaml" <<YAML
packages_path: ['$T/local', '$T/ext']
local_packages_path: '$T/local'
release_packages_path: '$T/release'
build_hook_path: ['$T/hooks']
YAML
export REZ_CONFIG_FILE=$T/rezconfig.yaml

# run DIR ARGS...: runs rez in DIR; sets $out (stdout+stderr) and $rc
run() {
	local dir=$1; shift
	out=$(cd "$dir" && "$rez" "$@" 2>&1); rc=$?
}
# expect_ok WHAT: the last run succeeded
expect_ok() { if [ "$rc" = 0 ]; then ok; else bad "$1: exit $rc: $out"; fi; }
# expect_fail WHAT MESSAGE: the last run failed with exactly one error line MESSAGE
expect_fail() {
	if [ "$rc" = 0 ]; then bad "$1: succeeded: $out"; return; fi
	case "$out" in *"rez-build: error: $2"*) ok ;; *) bad "$1: no '$2' in: $out" ;; esac
}
# check WHAT WANT GOT
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: want '$2', got '$3'"; fi; }
has() { case "$3" in *"$2"*) ok ;; *) bad "$1: no '$2' in: $3" ;; esac; }
hasnt() { case "$3" in *"$2"*) bad "$1: '$2' in: $3" ;; *) ok ;; esac; }

# A package the hooks' dependencies() pulls into the build context.
mkdir -p "$T/ext/hooktool/2.0"
printf 'name = "hooktool"\nversion = "2.0"\n' > "$T/ext/hooktool/2.0/package.lua"

# Two site hooks whose order shows: `first` appends, `second` sees it and appends after.
cat > "$T/hooks/first.lua" <<'LUA'
local h = { name = 'first' }
function h.initialize(self, variant, data)
	assert(fs.write(variant.build_path .. '/first.txt', 'first\n'))
	table.insert(data.artifacts, 'first.txt')
	data.env.HOOK_ORDER = table.concat(data.build_hooks, '>')
end
return h
LUA
cat > "$T/hooks/second.lua" <<'LUA'
local h = { name = 'second', defaults = { greeting = 'hi' } }
function h.dependencies(self)
	return { 'hooktool-2' }
end
function h.initialize(self, variant, data)
	-- sees what `first` did
	local n = #data.artifacts
	assert(fs.write(variant.build_path .. '/second.txt', 'after ' .. n .. ' ' .. data.artifacts[1] .. '\n'))
	table.insert(data.artifacts, 'second.txt')
	data.env.GREETING = self.config.greeting
	table.insert(data.build_args, '--from-hook')
end
function h.clean(self, variants)
	assert(fs.write(self.root .. '/clean.log', 'clean ' .. table.concat(variants, ',') .. '\n'))
end
function h.finalize(self, variant, data, artifact_path)
	assert(fs.write(self.root .. '/finalize.log', artifact_path .. ' ' .. data.install_path .. '\n'))
end
return h
LUA

# ---- a custom build ----
P=$T/src/custom
mkdir -p "$P"
cat > "$P/package.lua" <<'LUA'
name = 'hooked'
version = '1.0.0'
build_command = 'sh {root}/build.sh'
build_hooks = {
	'first', 'second',
	{ name = 'version_file', path = 'etc/VERSION' },
	second = nil,
}
LUA
# the package.lua above is a list; settings for second come from a second form below
cat > "$P/package.lua" <<'LUA'
name = 'hooked'
version = '1.0.0'
build_command = 'sh {root}/build.sh'
build_hooks = { 'first', { name = 'second', greeting = 'hello' }, { name = 'version_file', path = 'etc/VERSION' }, 'custom' }
LUA
cat > "$P/build.sh" <<'SH'
set -e
dest=$DESTDIR$REZ_BUILD_INSTALL_PATH
echo "order=$HOOK_ORDER greeting=$GREETING args=$*" > build.log
if [ "$REZ_BUILD_INSTALL" = 1 ]; then
	mkdir -p "$dest/share"
	cp build.log "$dest/"
	echo "from the build" > "$dest/share/notes.txt"
fi
SH
cat > "$P/build_hook.lua" <<'LUA'
-- the package's own hook (custom): generates a file and puts it over the build's own
return { name = 'mine', initialize = function(self, variant, data)
	assert(fs.mkdir(self.root .. '/gen'))
	assert(fs.write(self.root .. '/gen/notes.txt', 'generated for ' .. self.package.name .. ' ' .. tostring(self.package.version) .. '\n'))
	data.force_include['gen/notes.txt'] = 'share/notes.txt'
end }
LUA
run "$P" build -i
expect_ok "custom build"
I=$T/local/hooked/1.0.0
check "artifacts of both hooks installed" "first" "$(cat "$I/first.txt" 2>&1)"
check "second saw first's artifact" "after 1 first.txt" "$(cat "$I/second.txt" 2>&1)"
check "version_file" "1.0.0" "$(cat "$I/etc/VERSION" 2>&1)"
check "order and env and build_args reach the build" \
	"order=first>second>version_file>custom greeting=hello args=--from-hook" "$(cat "$I/build.log" 2>&1)"
check "force_include wins over the build's own file" "generated for hooked 1.0.0" \
	"$(cat "$I/share/notes.txt" 2>&1)"
has "dependencies() in build.rxt" "hooktool-2" "$(cat "$P/build/build.rxt" 2>&1)"
check "finalize ran with the install path" "$I $I" "$(cat "$P/finalize.log" 2>&1)"
hasnt "build_hooks is not installed" "build_hooks" "$(cat "$I/package.lua" 2>&1)"
has "the installed definition is there" 'version = "1.0.0"' "$(cat "$I/package.lua" 2>&1)"
[ -e "$P/clean.log" ] && bad "clean ran without -c" || ok
rm -f "$P/finalize.log"

# -c: clean runs with the variant indices (no variants: -1)
run "$P" build -c
expect_ok "clean build"
check "clean on -c" "clean -1" "$(cat "$P/clean.log" 2>&1)"
check "finalize without install gets the build path" "$P/build $I" "$(cat "$P/finalize.log" 2>&1)"
rm -f "$P/clean.log" "$P/finalize.log"

# --no-hooks / REZ_BUILD_NO_HOOKS: nothing runs, the build still does
for how in flag env; do
	rm -rf "$P/build" "$T/local/hooked"
	if [ $how = flag ]; then run "$P" build -i --no-hooks
	else out=$(cd "$P" && REZ_BUILD_NO_HOOKS=1 "$rez" build -i 2>&1); rc=$?; fi
	expect_ok "no hooks ($how)"
	check "no hooks ($how): the build ran without them" "order= greeting= args=" "$(cat "$I/build.log" 2>&1)"
	[ -e "$I/first.txt" ] && bad "no hooks ($how): artifact installed" || ok
	hasnt "no hooks ($how): no hook dependency" "hooktool" "$(cat "$P/build/build.rxt" 2>&1)"
done

# --hooks-only / REZ_BUILD_HOOKS_ONLY: initialize (and clean) run, nothing is built or installed
for how in flag env; do
	rm -rf "$P/build" "$P/gen" "$T/local/hooked"
	if [ $how = flag ]; then run "$P" build -i -c --hooks-only
	else out=$(cd "$P" && REZ_BUILD_HOOKS_ONLY=true "$rez" build -i -c 2>&1); rc=$?; fi
	expect_ok "hooks only ($how)"
	check "hooks only ($how): initialize generated" "generated for hooked 1.0.0" "$(cat "$P/gen/notes.txt" 2>&1)"
	check "hooks only ($how): clean ran" "clean -1" "$(cat "$P/clean.log" 2>&1)"
	[ -e "$P/build/build.log" ] && bad "hooks only ($how): the build command ran" || ok
	[ -e "$P/finalize.log" ] && bad "hooks only ($how): finalize ran" || ok
	[ -e "$T/local/hooked" ] && bad "hooks only ($how): something was installed: $(find "$T/local/hooked")" || ok
	rm -f "$P/clean.log"
done
run "$P" build --hooks-only --no-hooks
expect_fail "both switches" "--hooks-only and --no-hooks cannot be used together"
out=$(cd "$P" && REZ_BUILD_NO_HOOKS=perhaps "$rez" build 2>&1); rc=$?
expect_fail "bad switch value" "environment variable REZ_BUILD_NO_HOOKS must be true or false (got 'perhaps')"

# variants: each variant's hooks see their own index, subpath and requirements; clean gets
# the selected indices
mkdir -p "$T/ext/plat/1" "$T/ext/plat/2"
printf 'name = "plat"\nversion = "1"\n' > "$T/ext/plat/1/package.lua"
printf 'name = "plat"\nversion = "2"\n' > "$T/ext/plat/2/package.lua"
V=$T/src/vars
mkdir -p "$V"
cat > "$V/package.lua" <<'LUA'
name = 'vars'
version = '0.5'
variants = { { 'plat-1' }, { 'plat-2' } }
build_command = false
build_hooks = { 'custom' }
LUA
cat > "$V/build_hook.lua" <<'LUA'
return {
	clean = function(self, variants)
		assert(fs.write('clean.log', table.concat(variants, ',')))
	end,
	initialize = function(self, variant, data)
		assert(fs.write(variant.build_path .. '/which.txt', variant.index .. ' ' .. variant.subpath
			.. ' ' .. variant.requires[1] .. ' ' .. self.variant.index))
		table.insert(data.artifacts, 'which.txt')
	end,
}
LUA
run "$V" build -i
expect_ok "variants"
check "variant 0" "0 plat-1 plat-1 0" "$(cat "$T/local/vars/0.5/plat-1/which.txt" 2>&1)"
check "variant 1" "1 plat-2 plat-2 1" "$(cat "$T/local/vars/0.5/plat-2/which.txt" 2>&1)"
run "$V" build -c
check "clean gets every variant" "0,1" "$(cat "$V/clean.log" 2>&1)"
run "$V" build -c --variants 1
check "clean gets the selected variants" "1" "$(cat "$V/clean.log" 2>&1)"

# enable_by_default = false: off unless REZ_BUILD_HOOK_ENABLE_<NAME>
cat > "$T/hooks/opt-in.lua" <<'LUA'
return { name = 'opt-in', defaults = { enable_by_default = false },
	initialize = function(self, variant, data)
		assert(fs.write(variant.build_path .. '/optin.txt', 'on\n'))
		table.insert(data.artifacts, 'optin.txt')
	end }
LUA
Q=$T/src/optin
mkdir -p "$Q"
printf "name = 'optin'\nversion = '1'\nbuild_command = false\nbuild_hooks = {'opt-in'}\n" > "$Q/package.lua"
run "$Q" build -i
expect_ok "opt-in off"
[ -e "$T/local/optin/1/optin.txt" ] && bad "opt-in hook ran by default" || ok
out=$(cd "$Q" && REZ_BUILD_HOOK_ENABLE_OPT_IN=1 "$rez" build -i 2>&1); rc=$?
expect_ok "opt-in on"
check "REZ_BUILD_HOOK_ENABLE_OPT_IN" "on" "$(cat "$T/local/optin/1/optin.txt" 2>&1)"

# ---- a cmake build ----
C=$T/src/cm
mkdir -p "$C"
cat > "$C/package.lua" <<'LUA'
name = 'cm'
version = '2.1.0'
build_hooks = { 'custom' }
LUA
cat > "$C/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.13)
project(cm NONE)
file(WRITE ${CMAKE_BINARY_DIR}/data.txt "cmake ${FROM_HOOK}\n")
file(WRITE ${CMAKE_BINARY_DIR}/extra/plugin.cfg "plugin\n")
install(FILES ${CMAKE_BINARY_DIR}/data.txt DESTINATION share)
CMAKE
cat > "$C/build_hook.lua" <<'LUA'
local h = { name = 'cmake-helper' }
function h.initialize(self, variant, data)
	table.insert(data.build_args, '-DFROM_HOOK=yes')
	table.insert(data.artifacts, 'extra/*.cfg')
	assert(fs.write(self.root .. '/override.txt', 'hook wins\n'))
	data.force_include['override.txt'] = 'share/data.txt'
end
return h
LUA
run "$C" build -i
expect_ok "cmake build"
check "cmake: artifact from the build tree" "plugin" "$(cat "$T/local/cm/2.1.0/extra/plugin.cfg" 2>&1)"
check "cmake: force_include over the installed file" "hook wins" "$(cat "$T/local/cm/2.1.0/share/data.txt" 2>&1)"
has "cmake: build_args reached cmake" "cmake yes" "$(cat "$C/build/data.txt" 2>&1)"

# ---- per-target settings: rez build -i (local) and rez release (central) ----
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@x GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@x
export GIT_CONFIG_NOSYSTEM=1
git config --global init.defaultBranch main
git init -q --bare "$T/remote.git"
git clone -q "$T/remote.git" "$T/src/rel" 2>/dev/null
R=$T/src/rel
cat > "$R/package.lua" <<'LUA'
name = 'reltool'
version = '3.0'
build_command = false
build_hooks = {
	version_file = { path = 'TARGET', template = 'default {version}\n' },
	targets = {
		['local'] = { version_file = { template = 'local {version}\n' } },
		central = { version_file = { template = 'central {version}\n' }, custom = {} },
	},
}
LUA
cat > "$R/build_hook.lua" <<'LUA'
return { clean = function(self, variants)
	assert(fs.write(self.directory .. '/../release-clean.log', self.target_name .. ' ' .. table.concat(variants, ',')))
end }
LUA
printf 'build/\nrelease-clean.log\n' > "$R/.gitignore"
(cd "$R" && git add -A && git commit -qm first && git push -q -u origin main 2>/dev/null)
run "$R" build -i
expect_ok "per target: rez build -i"
check "per target: local settings" "local 3.0" "$(cat "$T/local/reltool/3.0/TARGET" 2>&1)"
[ -e "$R/release-clean.log" ] && bad "per target: the central-only hook ran locally" || ok
run "$R" release -m "first release"
expect_ok "per target: rez release"
check "per target: central settings" "central 3.0" "$(cat "$T/release/reltool/3.0/TARGET" 2>&1)"
check "per target: a central-only hook, clean on release" "central -1" "$(cat "$R/release-clean.log" 2>&1)"
check "per target: the local install is untouched" "local 3.0" "$(cat "$T/local/reltool/3.0/TARGET" 2>&1)"
(cd "$R" && git commit -q --allow-empty -m second && git push -q 2>/dev/null)
sed -i "s/version = '3.0'/version = '3.1'/" "$R/package.lua"
(cd "$R" && git commit -qam bump && git push -q 2>/dev/null)
out=$(cd "$R" && REZ_BUILD_HOOKS_ONLY=1 "$rez" release -m x 2>&1); rc=$?
case "$out" in *"rez-release: error: REZ_BUILD_HOOKS_ONLY cannot be used with rez release"*) ok ;; *) bad "release with hooks-only: $out" ;; esac
[ -e "$T/release/reltool/3.1" ] && bad "release with hooks-only installed something" || ok
printf "name = 'reltool'\nversion = '3.1'\nbuild_command = false\nbuild_hooks = {'nosuch'}\n" > "$R/package.lua"
(cd "$R" && git commit -qam broken && git push -q 2>/dev/null)
out=$(cd "$R" && "$rez" release -m x 2>&1); rc=$?
case "$out" in *"rez-release: error: $R/package.lua:4: build hook 'nosuch' (load): unknown build hook"*) ok ;; *) bad "release with an unknown hook: $out" ;; esac
[ -e "$T/release/reltool/3.1" ] && bad "release with an unknown hook installed something" || ok

# ---- errors: one message naming hook, file, line and phase; nothing installed ----
E=$T/src/err
mkdir -p "$E"
printf "name = 'err'\nversion = '1'\nbuild_command = 'true'\nbuild_hooks = {'custom'}\n" > "$E/package.lua"
# try HOOK-TEXT MESSAGE: a build with this build_hook.lua fails with MESSAGE
try() {
	printf '%s\n' "$1" > "$E/build_hook.lua"
	rm -rf "$E/build" "$T/local/err"
	run "$E" build -i
	expect_fail "$2" "$2"
	[ -e "$T/local/err/1" ] && bad "$2: installed anyway" || ok
	n=$(printf '%s\n' "$out" | grep -c 'error:')
	check "$2: one error line" 1 "$n"
}
try "return { initialize = function(self, v, d)
	local t = nil
	return t.x
end }" "$E/build_hook.lua:3: build hook 'custom' (initialize): attempt to index a nil value (local 't')"
try "return { initialize = function(self, v, d)
	d.build_hooks = {}
end }" "$E/build_hook.lua:2: build hook 'custom' (initialize): build_data.build_hooks is read-only"
try "return {
	initialize = function(self, v, d)
		d.force_include['missing.txt'] = 'x.txt'
	end }" "$E/build_hook.lua:2: build hook 'custom' (initialize): force_include source 'missing.txt' does not exist"
try "return {
	initialize = function(self, v, d)
		table.insert(d.artifacts, '../../*')
	end }" "$E/build_hook.lua:2: build hook 'custom' (initialize): artifacts pattern '../../*' escapes the build path"
try "return { dependencies = function(self) return 42 end }" \
	"$E/build_hook.lua:1: build hook 'custom' (dependencies): dependencies() must return a list of requirement strings (got number)"
try "return { finalize = function(self, v, d, p) error('finalize failed') end }" \
	"$E/build_hook.lua:1: build hook 'custom' (finalize): finalize failed"
try "local x = 1" "$E/build_hook.lua:1: build hook 'custom' (load): a build hook module must return a table (got nil)"
try "return { initialize = function(self, v, d) fs.read('/etc/passwd') end }" \
	"$E/build_hook.lua:1: build hook 'custom' (initialize): fs.read: path '/etc/passwd' is outside the source, build and install trees"
try "return { initialize = function(self, v, d) fs.write(self.root .. '/../../escaped.txt', 'x') end }" \
	"$E/build_hook.lua:1: build hook 'custom' (initialize): fs.write: path"
[ -e "$T/escaped.txt" ] || [ -e "$T/src/escaped.txt" ] && bad "a hook wrote outside the trees" || ok
printf "name = 'err'\nversion = '1'\nbuild_command = 'true'\nbuild_hooks = {'nosuch'}\n" > "$E/package.lua"
run "$E" build -i
expect_fail "unknown hook" "$E/package.lua:4: build hook 'nosuch' (load): unknown build hook (no nosuch.lua in build_hook_path [$T/hooks]; shipped hooks: custom, version_file)"

# ---- the worked example of docs/build-hooks.md, as written there ----
D=$T/src/doc
mkdir -p "$D"
printf 'name = "mytool"\nversion = "2.3.0"\nbuild_command = "true"\nbuild_hooks = { "custom" }\n' > "$D/package.lua"
sed -n '/<!-- example: build_hook.lua -->/,/^```$/p' "$src/docs/build-hooks.md" | sed '1,2d;$d' > "$D/build_hook.lua"
[ -s "$D/build_hook.lua" ] && ok || bad "docs example not found"
run "$D" build -i
expect_ok "docs example"
has "docs example: finalize printed" "build info installed in $T/local/mytool/2.3.0/share" "$out"
info=$(cat "$T/local/mytool/2.3.0/share/build_info.json" 2>&1)
has "docs example: build_info.json installed" '"version":"2.3.0"' "$info"
has "docs example: no git commit outside a repository" '"commit":"unknown"' "$info"

printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" = 0 ]
