# Shared by the solverscale tests: a temp HOME, a generator, and TAP-like checks.
set -u
REZ=$1
SRC=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/solverscale.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME=$T/home REZ_CONFIG_FILE= 
unset REZ_PACKAGES_PATH
mkdir -p "$HOME"
fails=0
n=0

gen() {   # gen DIR KIND N
	python3 "$SRC/bench/gen_solverscale.py" "$T/$1" "$2" "$3"
}

ok() {   # ok CONDITION-EXIT-STATUS NAME
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
	fi
}

is() {   # is GOT WANT NAME
	n=$((n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3"
		echo "#   got:  $(printf '%s' "$1" | head -c 600)"
		echo "#   want: $(printf '%s' "$2" | head -c 600)"
		fails=$((fails + 1))
	fi
}

renv() {   # renv REPO ARGS... : rez env with the repository only, no implicit packages
	local repo=$1
	shift
	"$REZ" env --paths "$T/$repo" --ni --no-cache "$@"
}

finish() {
	echo "1..$n"
	[ "$fails" -eq 0 ]
}
