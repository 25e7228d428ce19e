#!/usr/bin/env bash
# A package's own `config` during `rez build`, `rez release` and `rez test`, compared with
# real Rez 3.4 (PYTHONPATH=rez/src python3 -m rez.cli._main build, on the same packages
# written as package.py). Rez builds with `self.package.config` only for: packages_path
# (nonlocal_packages_path for a release), package_filter (when the package overrides it),
# build_directory, build_thread_count, release_packages_path, release_hooks and the
# release_vcs / release_hook plugin settings. The build context itself is an ordinary
# ResolvedContext: its orderers (PackageOrderList.singleton), implicits and variant selection
# come from the global configuration, so a package's own `package_orderers` do not apply.
# usage: pkgconfig.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/env/lib.sh"
R=$TMPROOT/repo
export REZ_PACKAGES_PATH=$R REZ_LOCAL_PACKAGES_PATH=$TMPROOT/local \
	REZ_RELEASE_PACKAGES_PATH=$TMPROOT/release REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache
for v in 1.0 1.5 2.0; do
	mkdir -p "$R/dep/$v"
	printf 'name = "dep"\nversion = "%s"\n' "$v" >"$R/dep/$v/package.lua"
done
mkdir -p "$TMPROOT/src/pk"
cat >"$TMPROOT/src/pk/package.lua" <<'PKG'
name = "pk"
version = "1.0"
build_requires = { "dep" }
build_command = false
config = {
	package_orderers = { { type = "version_split", packages = { "dep" }, first_version = "1.5" } },
}
tests = {
	show = { command = "echo DEP=$REZ_DEP_VERSION", requires = { "dep" } },
}
PKG
VS='[{"type": "version_split", "packages": ["dep"], "first_version": "1.5"}]'

# the dep chosen by the build context, from build/build.rxt
build_dep() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(" ".join(v["variables"]["name"] + "-" + v["variables"]["version"]
               for v in d["resolved_packages"] if v["variables"]["name"] == "dep"))' \
		"$TMPROOT/src/pk/build/build.rxt"
}

# 1. Rez 3.4: the package's own version_split orderer is ignored: dep-2.0
cd "$TMPROOT/src/pk" || exit 1
run "$REZ" build
[ "$rc" = 0 ] || bad "build: exit $rc: $err"
check "build ignores the package's own orderers (Rez: dep-2.0)" "dep-2.0" "$(build_dep)"
case "$out" in *"dep-2.0"*) ok ;; *) bad "build summary lacks dep-2.0: $out" ;; esac

# 2. Rez 3.4 with the same orderer in the global config (REZ_PACKAGE_ORDERERS_JSON /
# rezconfig package_orderers): dep-1.5, and the build context records the orderer
rm -rf build
REZ_PACKAGE_ORDERERS_JSON=$VS run "$REZ" build
[ "$rc" = 0 ] || bad "build with global orderers: exit $rc: $err"
check "build uses the global orderers (Rez: dep-1.5)" "dep-1.5" "$(build_dep)"
run python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["package_orderers"][0]["type"])' \
	"$TMPROOT/src/pk/build/build.rxt"
check "build.rxt records the global orderer" "version_split" "${out%$'\n'}"

# 3. the package config still sets what Rez takes from it: build_directory and packages_path
rm -rf build
mkdir -p "$TMPROOT/other/dep/3.0"
printf 'name = "dep"\nversion = "3.0"\n' >"$TMPROOT/other/dep/3.0/package.lua"
sed -i "s|^config = {|config = {\n\tbuild_directory = \"bld\",\n\tpackages_path = { \"$TMPROOT/other\" },|" package.lua
run "$REZ" build
[ "$rc" = 0 ] || bad "build with package packages_path: exit $rc: $err"
[ -f "$TMPROOT/src/pk/bld/build.rxt" ] && ok || bad "package build_directory not used"
run python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print([v["variables"]["name"] + "-" + v["variables"]["version"] for v in d["resolved_packages"]])' \
	"$TMPROOT/src/pk/bld/build.rxt"
check "build searches the package's packages_path (Rez: dep-3.0)" "['dep-3.0']" "${out%$'\n'}"

# 4. rez test: Rez's test contexts use the global orderers too (dep-1.5 with them, the latest
# without; the package's config plays no part)
rm -rf bld
sed -i '/build_directory\|packages_path = /d' package.lua
run "$REZ" build --install
[ "$rc" = 0 ] || bad "build --install: exit $rc: $err"
cd "$TMPROOT" || exit 1
export REZ_PACKAGES_PATH=$R:$TMPROOT/local
run "$REZ" test pk show
case "$out" in *"DEP=2.0"*) ok ;; *) bad "rez test without global orderers (Rez: dep-2.0): $out $err" ;; esac
REZ_PACKAGE_ORDERERS_JSON=$VS run "$REZ" test pk show
case "$out" in *"DEP=1.5"*) ok ;; *) bad "rez test with global orderers (Rez: dep-1.5): $out $err" ;; esac

finish
