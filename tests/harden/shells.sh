#!/bin/bash
# Issue 11 item 7: an object reference ({root}) expanded inside an alias body is quoted as
# one word for the target shell, so a repository path with shell characters can neither run
# code nor break the script. Run in every real Unix shell.
# usage: shells.sh REZ_BINARY
set -u
REZ=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME=$T/home REZ_DISABLE_HOME_CONFIG=1
mkdir -p "$HOME"
unset REZ_CONFIG_FILE REZ_PACKAGES_PATH
fails=0 passes=0
cd "$T"

# Repository directories named to break out of an alias body in each shell family.
REPOS=(
	"$T/r; }; touch PWNED; function zz { x"
	"$T/q'uote \"dq\" \$(touch PWNED) \`touch PWNED\` & x"
	"$T/semi; end; touch PWNED; function zz; echo"
)
for repo in "${REPOS[@]}"; do
	mkdir -p "$repo/hostile/1.0/bin"
	cat > "$repo/hostile/1.0/package.lua" <<'L'
name = "hostile"
version = "1.0"
function commands()
  alias("aa", "{root}/bin/x")
  env.AFTER = "still here"
end
L
	printf '#!/bin/sh\necho "RAN $*"\n' > "$repo/hostile/1.0/bin/x"
	chmod +x "$repo/hostile/1.0/bin/x"
done

for sh in bash sh zsh ksh tcsh csh fish; do
	for i in "${!REPOS[@]}"; do
		rm -f PWNED
		out=$(timeout 120 "$REZ" env --paths "${REPOS[$i]}" --shell "$sh" hostile \
			-c 'aa hello; echo "$AFTER"' 2>&1)
		if [ "$out" = "RAN hello
still here" ] && [ ! -e PWNED ]; then
			echo "ok $sh repo$i"
			passes=$((passes + 1))
		else
			echo "FAIL $sh repo$i: $( [ -e PWNED ] && echo 'code ran (PWNED exists)')"
			echo "  got: $out"
			fails=$((fails + 1))
		fi
	done
done

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
