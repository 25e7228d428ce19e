# closures.sh - sourced by core.sh and wall.sh after their options: the repository they share
# (gen_repo.lua 2000 10 under $work, generated once), the environment pointing rez at it, and
# the requests whose closures are 15 (S), 81 (M) and 176 (L) packages. Needs $work, $here and
# the rez binary as $1 of the caller (made absolute into $rez).
rez=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$work/r2000x10
mkdir -p "$work/home"
if [ ! -d "$repo" ]; then
	lua5.4 "$here/gen_repo.lua" "$repo" 2000 10
	sleep 1   # past the package cache's racy window
fi
export HOME="$work/home" XDG_CACHE_HOME="$work/cache" REZ_PACKAGES_PATH="$repo"
# shellcheck disable=SC2034
S="fam1946 fam1960"
# shellcheck disable=SC2034
M="fam1923 fam1995"
# shellcheck disable=SC2034
L="fam1999 fam1949 fam1899 fam1849 fam1799 fam1749 fam1699 fam1649 fam1599 fam1549 fam1499 fam1449 fam1399 fam1349 fam1299 fam1249 fam1199 fam1149 fam1099 fam1049"
