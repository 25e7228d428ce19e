#!/usr/bin/env bash
# Which `this` an @late request list sees, as real Rez 3.4 evaluates them (PYTHONPATH=rez/src
# python3, ResolvedContext(..., building=...) and rez-build on the same packages written as
# package.py; tests/compat/late holds the package.lua versions):
# - `requires` is read through the package: once per package, `this` the package
#   (is_variant false), also in a context's commands (`this.requires` = the package's late
#   list, evaluated for the package, then the variant's own requirements);
# - `build_requires` is read by each variant itself, and only when building: `this` the
#   variant (index, root; a package without variants has one variant, index nil, root =
#   base). A failing late build_requires does not matter to a resolve that is not a build.
# - a developer package's build: requires for the package, build_requires and
#   private_build_requires for the variant being built (root nil).
# usage: late_variant.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/env/lib.sh"
export REZ_PACKAGES_PATH=$SRC/tests/compat/late REZ_PACKAGE_CACHE_DIR=$TMPROOT/cache \
	REZ_LOCAL_PACKAGES_PATH=$TMPROOT/local

resolved() {
	local name=$1 want=$2
	shift 2
	run "$REZ" env --ni "$@" -c 'echo $REZ_USED_RESOLVE'
	if [ "$rc" != 0 ]; then bad "$name: exit $rc: $err"; return; fi
	check "$name" "$want" "${out%$'\n'}"
}

for round in "" " (package cache)"; do
	# Rez: lv-1.0[1] with b-1 (requires for the package), c-2 only when building
	resolved "lv a-2$round" "a-2 b-1 lv-1.0" lv a-2
	resolved "lv a-2 building$round" "a-2 b-1 c-2 lv-1.0" --build lv a-2
	resolved "lv a-1 building$round" "a-1 b-1 c-1 lv-1.0" --build lv a-1
	resolved "lv building$round" "a-2 b-1 c-2 lv-1.0" --build lv
	# Rez: a package without variants: this.is_variant, index None, root == base -> c-2
	resolved "nv$round" "b-1 nv-1.0" nv
	resolved "nv building$round" "b-1 c-2 nv-1.0" --build nv
	# Rez: a late build_requires that raises is only an error when building
	resolved "lb$round" "lb-1.0" lb
	expect_fail "lb building$round" 1 "Error in @late attribute 'build_requires' of package 'lb-1.0'" -- \
		"$REZ" env --ni --build lb -c true
done

# Rez: commands see this.requires = [b-1, a-2] (the package's late list), this.is_variant
run "$REZ" env --ni lv a-2 -c 'echo "$LV_REQ|$LV_KIND"'
check "this.requires in commands" "b-1 a-2|variant" "${out%$'\n'}"
run "$REZ" env --ni lv a-1 -c 'echo "$LV_REQ|$LV_KIND"'
check "this.requires in commands, variant 0" "b-1 a-1|variant" "${out%$'\n'}"

# the cache holds the package's requires, never a build list
run "$REZ" view lv
case "$out" in
*$'requires:\n- b-1\n'*) ok ;;
*) bad "rez view shows the package's evaluated requires: $out" ;;
esac
case "$out" in
*"build_requires: |-"*"this.is_variant"*) ok ;;
*) bad "rez view shows the late build_requires as its source: $out" ;;
esac

# a developer package (Rez: "Resolving build environment: b-1 a-1 c-1 a-1", then
# "b-1 a-2 c-2 a-2")
mkdir -p "$TMPROOT/src/dv"
cat >"$TMPROOT/src/dv/package.lua" <<'PKG'
name = "dv"
version = "1.0"
variants = {{"a-1"}, {"a-2"}}
build_command = false
@late
function requires()
  local pick = this.is_variant and 2 or 1
  return {string.format("b-%d", pick)}
end
@late
function build_requires()
  return {string.format("c-%d", this.is_variant and this.index + 1 or 1)}
end
@late
function private_build_requires()
  if this.root == nil and this.is_variant then return {"a-" .. (this.index + 1)} end
  return {"a-9"}
end
PKG
cd "$TMPROOT/src/dv" || exit 1
run "$REZ" build --install
[ "$rc" = 0 ] || bad "developer build: exit $rc: $err"
check "developer build contexts" "Resolving build environment: b-1 a-1 c-1 a-1
Resolving build environment: b-1 a-2 c-2 a-2" "$(printf '%s' "$out" | grep 'Resolving build environment')"
# the installed definition keeps its late functions
grep -q "function build_requires" "$TMPROOT/local/dv/1.0/package.lua" && ok ||
	bad "installed definition lost its late build_requires"
REZ_PACKAGES_PATH=$SRC/tests/compat/late:$TMPROOT/local resolved "installed dv building" \
	"a-2 b-1 c-2 dv-1.0" --build dv
finish
