#!/usr/bin/env bash
# Defects of issue 16, each through the real binary and (csh/tcsh) the real shells.
# usage: defects.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/cli2/lib.sh"

# ---- csh/tcsh: info() before the system paths; references to unset variables
mkdir -p pk/d/1.0
cat >pk/d/1.0/package.lua <<'PKG'
name = "d"
version = "1.0"
function commands()
    env.PATH = "{root}/bin"
    info("info after PATH")
    env.Z = "<${HOSTILE_IN}>"
    env.W:append("$ALSO_UNSET")
    env.V = "${HOME}"
    error("warn ${HOSTILE_IN}.")
end
PKG
for sh in tcsh csh bash; do
	run env -u HOSTILE_IN -u ALSO_UNSET "$REZ" env --paths "$TMPROOT/pk" --shell "$sh" d \
		-c 'echo "Z=$Z W=$W V=$V"'
	check "$sh: info, unset refs" "info after PATH"$'\n'"Z=<> W= V=$HOME"$'\n' "$out"
	check "$sh: stderr" "warn ."$'\n' "$err"
	check "$sh: exit" 0 "$rc"
	# set, the value is used
	run env HOSTILE_IN='a b' "$REZ" env --paths "$TMPROOT/pk" --shell "$sh" d -c 'echo "Z=$Z"'
	check "$sh: set ref" "info after PATH"$'\n'"Z=<a b>"$'\n' "$out"
done

# ---- rez context X -i: REZ_RXT_FILE absolute
"$REZ" env --paths "$EX" myapp -o rel.rxt
mkdir -p elsewhere
run "$REZ" context rel.rxt -i -f bash
has "absolute REZ_RXT_FILE" "REZ_RXT_FILE=\"$(pwd -P)/rel.rxt\"" "$out"
run bash -c "cd elsewhere && eval \"\$('$REZ' context ../rel.rxt -i -f bash)\" && cat \"\$REZ_RXT_FILE\" >/dev/null && echo read"
check "REZ_RXT_FILE usable from elsewhere" "read"$'\n' "$out"

# ---- rez context -g: each edge once (mylib requires python and its variant names python too)
run "$REZ" context rel.rxt -g
n=$(printf '%s' "$out" | grep -c '"mylib-2.1.0" -> "python-3.11.4"')
check "graph edge once" 1 "$n"
dups=$(printf '%s\n' "$out" | grep -- '->' | sort | uniq -d)
check "no duplicate edges" "" "$dups"

# ---- rez search -f '{tools}' with a @late function: its value
mkdir -p lt/t/1.0
cat >lt/t/1.0/package.lua <<'PKG'
name = "t"
version = "1.0"
@late
function tools()
    return {"tool_" .. this.name, "b"}
end
PKG
run "$REZ" search --paths "$TMPROOT/lt" t -f '{name}: {tools}'
check "late tools value" "t: tool_t b"$'\n' "$out"

# ---- rez search -l -f without a pattern: packages, formatted
run "$REZ" search --paths "$EX" -l -f '{name}={version}'
check "search -l -f" $'cmake=3.26.4\nmyapp=1.0.0\nmylib=2.1.0\npython=3.11.4\nstudiotools=0.3.0\n' "$out"
run "$REZ" search --paths "$EX"
has "no -f/-l: families" $'cmake\nmyapp' "$out"

# ---- cmd / PowerShell: one slash style in PATH (system paths and rez's own too)
# pwsh runs natively here: its paths stay POSIX (checked below)
for f in cmd powershell; do
	run "$REZ" context rel.rxt -i -f "$f"
	paths=$(printf '%s\n' "$out" | grep -i 'PATH' | grep -v REZ_USED)
	case "$paths" in
	*/*) bad "$f: forward slash in a PATH line: $paths" ;;
	*) ok ;;
	esac
	has "$f: system path normalised" '\usr\bin' "$out"
done
run "$REZ" context rel.rxt -i -f pwsh
hasnt "pwsh: no backslash paths" '\usr\bin' "$out"

finish
