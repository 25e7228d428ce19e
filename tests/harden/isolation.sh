#!/bin/bash
# Issue 11 item 5 through the real `rez env`: package "attacker" (commands) tries to replace,
# add, raw-set and re-metatable every field of every shared table it can reach (enumerated by
# tests/harden/isolation_probe.lua, an @include module both packages use), plus the rex env
# object's metatable; package "victim", whose commands run next in the same Lua state, must
# see exactly what the attacker saw before its attack (a fingerprint of every reachable table
# and function, identities included) and get the library's results.
# usage: isolation.sh REZ_BINARY
set -u
REZ=$1
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
export HOME=$T/home REZ_DISABLE_HOME_CONFIG=1
mkdir -p "$HOME" "$T/lua"
unset REZ_CONFIG_FILE REZ_PACKAGES_PATH
cp "$HERE/isolation_probe.lua" "$T/lua/isolation_probe.lua"
export REZ_PACKAGE_DEFINITION_LUA_PATH=$T/lua
fails=0 passes=0

check() {   # NAME WANT GOT
	if [ "$2" = "$3" ]; then
		echo "ok $1"
		passes=$((passes + 1))
	else
		echo "FAIL $1"
		echo "  want: $2"
		echo "  got:  $3"
		fails=$((fails + 1))
	fi
}

pkg() {
	mkdir -p "$T/repo/$1/1.0"
	cat > "$T/repo/$1/1.0/package.lua"
}

pkg attacker <<'L'
name = "attacker"
version = "1.0"
@include("isolation_probe")
function commands()
    local extra = { envmt = getmetatable(env), vermt = getmetatable(this.version) }
    env.FP_BEFORE = isolation_probe.fingerprint(extra)
    local tries, wins = isolation_probe.attack(extra)
    -- the rex objects every package shares
    local function try(f, ...)
        tries = tries + 1
        if pcall(f, ...) then wins = wins + 1 end
    end
    try(rawset, env, "PATH", "/pwned")
    try(setmetatable, env, {})
    try(function() getmetatable(env).__index = function() return "PWNED" end end)
    try(function() getmetatable(this.version).__tostring = function() return "PWNED" end end)
    env.ATTACK_TRIES = tostring(tries)
    env.ATTACK_WINS = tostring(wins)
end
L
pkg victim <<'L'
name = "victim"
version = "1.0"
requires = {"attacker"}
@include("isolation_probe")
function commands()
    local extra = { envmt = getmetatable(env), vermt = getmetatable(this.version) }
    env.FP_AFTER = isolation_probe.fingerprint(extra)
    env.CALLS = table.concat({ ("x"):upper(), string.lower("AB"), math.floor(2.5),
        path.join("p", "q"), tostring(this.version), isolation_probe.cfg.a.b.c,
        #isolation_probe.cfg.list, ("a b"):split(" ")[2] }, ",")
end
L

out=$(timeout 300 "$REZ" env --paths "$T/repo" victim -c \
	'printf "%s\n%s\n%s\n%s\n%s\n" "$FP_BEFORE" "$FP_AFTER" "$ATTACK_TRIES" "$ATTACK_WINS" "$CALLS"' 2>&1)
rc=$?
check "rez env exit status" 0 "$rc"
before=$(sed -n 1p <<<"$out")
after=$(sed -n 2p <<<"$out")
tries=$(sed -n 3p <<<"$out")
check "fingerprint computed" 1 "$([ -n "$before" ] && echo 1)"
check "victim sees what the attacker saw before its attack" "$before" "$after"
check "the attack tried many writes (got $tries)" 1 "$([ "${tries:-0}" -gt 500 ] && echo 1)"
check "no write to a shared table succeeded" 0 "$(sed -n 4p <<<"$out")"
check "library calls give the library's results" "X,ab,2,p/q,1.0,1,3,b" "$(sed -n 5p <<<"$out")"

# The same without the attacker's package first: the victim's view of the shared tables is
# the same in a fresh process (table count and behaviour; identities differ per process).
pkg victim2 <<'L'
name = "victim2"
version = "1.0"
@include("isolation_probe")
function commands()
    env.FP = isolation_probe.fingerprint({ envmt = getmetatable(env), vermt = getmetatable(this.version) })
end
L
alone=$("$REZ" env --paths "$T/repo" victim2 -c 'printf "%s" "$FP"' 2>&1)
check "as many shared tables and fields when run alone" "${before%%:*}" "${alone%%:*}"

# One clear, located message for a write.
pkg writer <<'L'
name = "writer"
version = "1.0"
function commands()
    string.upper = function() return "PWNED" end
end
L
out=$("$REZ" env --paths "$T/repo" writer -c true 2>&1)
rc=$?
check "a write fails the package" 1 "$rc"
check "the message names file, line and what is read-only" 1 \
	"$(grep -q "writer/1.0/package.lua:4): cannot assign 'upper': string is read-only" <<<"$out" && echo 1)"

# Definitions are evaluated one after another in one Lua state too (--no-cache evaluates
# every one in this process). Each of d1 and d2 first records what it sees, then attacks;
# whichever is evaluated second must see what the first saw: no write lands, its globals stay
# its own, and math.random is not left seeded.
for p in d1 d2; do
	pkg $p <<L
name = "$p"
version = "1.0"
seen = table.concat({ tostring(rawget(_G, "leak")), tostring(rawget(string, "x")),
    type(string.upper), tostring(math.pi), tostring(pcall(function() return mine end)),
    tostring(getmetatable("").__index == string), tostring(math.random(1000000000)) }, ",")
local wins = 0
for _, f in ipairs({
    function() string.upper = nil end, function() rawset(string, "x", 1) end,
    function() _G.leak = 1 end, function() math.pi = 3 end,
    function() getmetatable("").__index = {} end, function() setmetatable(_G, {}) end,
    function() rawset(_G, "leak", 1) end }) do
    if pcall(f) then wins = wins + 1 end
end
mine = "$p"
math.randomseed(42)
wins_$p = wins
function commands()
    env.SEEN_$p = this.seen
    env.WINS_$p = tostring(this.wins_$p)
end
L
done
pkg dseed <<'L'
name = "dseed"
version = "1.0"
math.randomseed(42)
first = tostring(math.random(1000000000))
function commands()
    env.SEEDED = this.first
end
L
out=$("$REZ" env --no-cache --paths "$T/repo" d1 d2 -c 'printf "%s
%s
%s
" "$SEEN_d1" "$SEEN_d2" "$WINS_d1$WINS_d2"' 2>&1)
check "definitions: rez env exit status" 0 "$?"
seeded=$("$REZ" env --no-cache --paths "$T/repo" dseed -c 'printf "%s" "$SEEDED"' 2>&1)
s1=$(sed -n 1p <<<"$out"); s2=$(sed -n 2p <<<"$out")
check "definitions: no attack succeeded" 00 "$(sed -n 3p <<<"$out")"
check "definitions: the first saw a clean state" "nil,nil,function,${s1#*,function,}" "$s1"
check "definitions: the second sees what the first saw" "${s1%,*}" "${s2%,*}"
check "definitions: the first's globals were its own" "false" "$(cut -d, -f5 <<<"$s2")"
check "definitions: math.random not left seeded by the first" 1 \
	"$([ -n "$seeded" ] && [ "${s1##*,}" != "$seeded" ] && [ "${s2##*,}" != "$seeded" ] && echo 1)"

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
