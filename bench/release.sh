#!/usr/bin/env bash
# `rez release` of a no-op package (two variants, custom build_command false) with every hook
# against local servers: command (one program), emailer (aiosmtpd), amqp (a private RabbitMQ
# node, publisher confirms), a durable Lua hook (HTTP POST). Each run releases a new version
# (commit, push, release, tag, push tag) of a git repository with a bare remote.
#   bench/release.sh [BUILD_DIR] [RUNS]
set -u
BUILD=$(cd "${1:-build}" && pwd)
RUNS=${2:-10}
SRC=$(cd "$(dirname "$0")/../tests/release" && pwd)
DRIVER=$BUILD/tests/hk_driver REZ=$BUILD/bin/rez
. "$SRC/lib.sh"
cd "$T"
export GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@x GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@x
git config --global init.defaultBranch main
SMTP_PORT=$(free_port) HTTP_PORT=$(free_port)
start_rabbit >/dev/null || exit 1
"$PY" "$SRC/amqp_consume.py" "$RMQ_PORT" rez.release --declare
start_smtp "$T/mail" "$SMTP_PORT"
start_http "$T/http" "$HTTP_PORT"
mkdir -p rel pkgs/base/1 pkgs/base/2 hooks
printf 'name = "base"\nversion = "1"\n' >pkgs/base/1/package.lua
printf 'name = "base"\nversion = "2"\n' >pkgs/base/2/package.lua
cat >hooks/notify.lua <<L
return { durable = true, post_release = function(a)
  local r = assert(http.post("http://127.0.0.1:$HTTP_PORT/n", { body = json.encode({ p = a.package.qualified_name }) }))
  if r.status ~= 200 then error("status " .. r.status) end
end }
L
cat >config.yaml <<Y
release_packages_path: $T/rel
packages_path: [$T/pkgs, $T/rel]
release_hook_path: [$T/hooks]
release_hooks: [command, emailer, amqp, notify]
plugins:
  release_hook:
    command: {print_commands: false, post_release_commands: [{command: "true"}]}
    emailer: {smtp_host: 127.0.0.1, smtp_port: $SMTP_PORT, recipients: [team@x.com]}
    amqp: {host: 127.0.0.1:$RMQ_PORT, exchange_routing_key: rez.release}
Y
export REZ_CONFIG_FILE=$T/config.yaml
git init -q --bare remote.git
git clone -q remote.git src 2>/dev/null
cd src
times=()
for i in $(seq 1 "$RUNS"); do
	printf 'name = "noop"\nversion = "1.%d"\nvariants = {{"base-1"}, {"base-2"}}\nbuild_command = false\n' "$i" >package.lua
	git add package.lua && git commit -qm "$i" && git push -q -u origin main 2>/dev/null
	s=$(date +%s%N)
	"$REZ" release -m "run $i" >"$T/out.txt" 2>&1 || { cat "$T/out.txt"; exit 1; }
	e=$(date +%s%N)
	times+=($(( (e - s) / 1000 )))
done
[ "$(ls "$T/mail"/*.eml | wc -l)" -eq "$RUNS" ] || { echo "emails missing"; exit 1; }
printf '%s\n' "${times[@]}" | sort -n | awk -v runs="$RUNS" '
	{ t[NR] = $1 } END {
	med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
	printf "| rez release (no-op, 2 variants, command + emailer + amqp + Lua http hook, %d runs) | %.1f | %.1f | %.1f |\n", runs, med / 1000, t[1] / 1000, t[NR] / 1000 }'
cd "$T"
stop_http; stop_smtp; stop_rabbit
