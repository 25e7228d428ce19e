#!/usr/bin/env bash
# `rez release` end to end: a git repository with a bare remote, a real build and install,
# every hook against real servers on loopback (aiosmtpd, a private RabbitMQ node, an HTTP
# server for a Lua hook), the release data in the installed definition, the tag pushed, and
# the repository and version checks that stop a release.
DRIVER=$1 REZ=$2 SRC=$3
. "$SRC/lib.sh"
cd "$T"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@x GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@x
export GIT_CONFIG_NOSYSTEM=1
git config --global init.defaultBranch main
git config --global advice.detachedHead false
ME=$(id -un)
SMTP_PORT=$(free_port)
HTTP_PORT=$(free_port)

mkdir -p rel pkgs/base/1 pkgs/base/2 hooks
printf 'name = "base"\nversion = "1"\n' >pkgs/base/1/package.lua
printf 'name = "base"\nversion = "2"\n' >pkgs/base/2/package.lua
git init -q --bare remote.git
git clone -q remote.git src 2>/dev/null
cd src
cat >package.lua <<'L'
name = "rel"
version = "1.1"
description = "evil; touch pwned"
variants = {{"base-1"}, {"base-2"}}
build_command = false
L
git add package.lua && git commit -qm "first" && git push -q -u origin main 2>/dev/null
cd "$T"
cat >hooks/notify.lua <<L
return {
  pre_release = function(a)
    if a.release_message == "please cancel" then cancel("not today") end
  end,
  post_release = function(a)
    local r = assert(http.post("http://127.0.0.1:$HTTP_PORT/notify", {
      body = json.encode({ pkg = a.package.qualified_name, n = #a.variants,
                           msg = a.release_message, prev = a.previous_version }) }))
    if r.status ~= 200 then error("status " .. r.status) end
  end,
}
L
write_config() { # write_config [EXTRA-YAML-LINES...]
	cat >config.yaml <<Y
release_packages_path: $T/rel
packages_path: [$T/pkgs, $T/rel]
release_hook_path: [$T/hooks]
release_hook_retries: 0
release_hooks: [command, emailer, amqp, notify]
plugins:
  release_vcs:
    check_tag: true
  release_hook:
    command:
      print_commands: false
      pre_release_commands:
      - {command: printf, args: ["pre %s|", "{package.description}"]}
      post_release_commands:
      - {command: printf, args: ["post %s %s %s|", "{package.qualified_name}", "{num_variants}", "{package.release_message}"]}
    emailer:
      smtp_host: 127.0.0.1
      smtp_port: $SMTP_PORT
      smtp_timeout: 3
      recipients: [team@x.com]
    amqp:
      host: 127.0.0.1:$RMQ_PORT
      exchange_routing_key: rez.release
      connect_timeout: 5
Y
	printf '%s\n' "$@" >>config.yaml
}
export REZ_CONFIG_FILE=$T/config.yaml
rel() { (cd "$T/src" && "$REZ" release "$@") >"$T/out.txt" 2>&1; rc=$?; out=$(cat "$T/out.txt"); }

start_rabbit || { not_ok "rabbitmq starts"; finish; }
"$PY" "$SRC/amqp_consume.py" "$RMQ_PORT" rez.release --declare
start_smtp "$T/mail" "$SMTP_PORT"
start_http "$T/http" "$HTTP_PORT"
write_config

# ---- a full release with every hook ----
rel -m "first release"
same "full release: exit" 0 "$rc"
contains "full release: header" "Releasing rel-1.1..." "$out"
contains "full release: repository check" "Checking state of repository..." "$out"
contains "full release: pre-release command" "pre evil; touch pwned|" "$out"
contains "full release: post-release command sees the installed package" "post rel-1.1 2 first release|" "$out"
contains "full release: email" "Sending release email to:
- team@x.com
Email(s) sent." "$out"
contains "full release: amqp" "Publishing AMQP message on rez.release..." "$out"
contains "full release: tag" "Creating tag 'rel-1.1'...
Pushing tag 'rel-1.1' to origin/main..." "$out"
contains "full release: summary" "2 of 2 releases were successful" "$out"
check "no shell ran the description" test ! -e src/pwned
check "variant 0 installed" test -d rel/rel/1.1/base-1
check "variant 1 installed" test -d rel/rel/1.1/base-2
same "tag pushed to the remote" "refs/tags/rel-1.1" "$(git -C remote.git for-each-ref --format='%(refname)' refs/tags)"
same "tag message" "first release" "$(git -C src tag -l --format='%(contents:subject)' rel-1.1)"
def=$(cat rel/rel/1.1/package.lua)
contains "installed: release_message" 'release_message = "first release"' "$def"
contains "installed: vcs" 'vcs = "git"' "$def"
contains "installed: revision commit" "commit = \"$(git -C src rev-parse HEAD)\"" "$def"
contains "installed: changelog" "    first" "$def"
contains "installed: timestamp" "timestamp = " "$def"
same "email received" "To: team@x.com
Subject: [rez] [release] $ME released rel-1.1" "$(grep -E '^(To|Subject):' mail/1.eml | tr -d '\r')"
contains "email body lists the variants" "2 VARIANTS:
$T/rel/rel/1.1/base-1
$T/rel/rel/1.1/base-2" "$(tr -d '\r' <mail/1.eml)"
got=$("$PY" "$SRC/amqp_consume.py" "$RMQ_PORT" rez.release --get)
contains "amqp message consumed" "\\\"uri\\\": \\\"$T/rel/rel/1.1/package.lua\\\"" "$got"
same "one amqp message" 1 "$(printf '%s\n' "$got" | grep -c body)"
same "Lua hook's request" '{"msg":"first release","n":2,"pkg":"rel-1.1"}' \
	"$("$PY" -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["body"])' http/requests.jsonl)"

# ---- the same version again: identical variants are skipped, exit 0 ----
rel -m "again" --ignore-existing-tag
same "re-release: exit" 0 "$rc"
contains "re-release: skipped" "Skipping variant 0: destination variant already exists" "$out"
lacks "re-release: no email" "Sending release email" "$out"

# ---- checks that stop a release ----
cd src
sed -i 's/1.1/1.2/' package.lua
rel -m x
same "dirty tree: exit" 1 "$rc"
contains "dirty tree: message" "could not release: there are uncommitted changes:" "$out"
git commit -qam "1.2" && git push -q 2>/dev/null
git checkout -q -b feature
git push -q -u origin feature 2>/dev/null
cd "$T"
write_config "    " >/dev/null
sed -i 's/^    check_tag: true$/    check_tag: true\n    releasable_branches: ["^main$", "^release-"]/' config.yaml
rel -m x
same "branch not releasable: exit" 1 "$rc"
contains "branch not releasable: message" "could not release: current branch is feature, must match one of: ^main$, ^release-" "$out"
git -C src checkout -q main
git -C src tag -a rel-1.2 -m "early tag"
rel -m x
same "existing tag: exit" 1 "$rc"
contains "existing tag: message" "Cannot release - the current package version '1.2' is already tagged in the repository. Use --ignore-existing-tag to force the release" "$out"
git -C src tag -d rel-1.2 >/dev/null
git -C src commit -q --allow-empty -m "unpushed"
rel -m x
same "ahead of remote: exit" 1 "$rc"
contains "ahead of remote: message" "could not release: 1 commits ahead of origin/main" "$out"
git -C src push -q 2>/dev/null
mkdir -p rel/rel/9.0 && printf 'name = "rel"\nversion = "9.0"\n' >rel/rel/9.0/package.lua
rel -m x
same "newer version released: exit" 1 "$rc"
contains "newer version released: message" "Cannot release - a newer package version already exists ($T/rel/rel/9.0/package.lua)" "$out"
rm -rf rel/rel/9.0

# ---- a cancelling pre-release hook: nothing installed, no tag ----
rel -m "please cancel"
same "cancel: exit" 1 "$rc"
contains "cancel: message" "release cancelled by pre-release hook 'notify': not today" "$out"
check "cancel: nothing installed" test ! -e rel/rel/1.2
same "cancel: no tag" "rel-1.1" "$(git -C src tag)"

# ---- SMTP down: the release stands, the email waits; --flush-hooks delivers it once ----
stop_smtp
rel -m "second release"
same "smtp down: exit" 0 "$rc"
contains "smtp down: reported" "1 notification could not be delivered and wait in the outbox" "$out"
contains "smtp down: previous version in the Lua hook" '\"prev\":\"1.1\"' "$(cat http/requests.jsonl)"
start_smtp "$T/mail2" "$SMTP_PORT"
(cd src && "$REZ" release --flush-hooks) >out.txt 2>&1; rc=$?
same "flush-hooks" "0|1 notification delivered, 0 left in the outbox" "$rc|$(cat out.txt)"
(cd src && "$REZ" release --flush-hooks) >out.txt 2>&1
same "flush-hooks again" "0 notifications delivered, 0 left in the outbox" "$(cat out.txt)"
same "the email arrived once" 1 "$(ls mail2/*.eml | wc -l)"
contains "installed 1.2 knows its predecessor" 'previous_version = "1.1"' "$(cat rel/rel/1.2/package.lua)"

# ---- prompt_release_message: $EDITOR on the changelog ----
printf '#!/bin/sh\ngrep -q "^###<CHANGELOG>" "$1" && sed -i "1s/.*/notes from the editor/" "$1"\n' >ed.sh
chmod +x ed.sh
(cd src && git commit -q --allow-empty -m "1.3 work" && sed -i 's/1.2/1.3/' package.lua &&
 git commit -qam 1.3 && git push -q 2>/dev/null)
echo "prompt_release_message: true" >>config.yaml
(cd src && EDITOR=$T/ed.sh "$REZ" release) >out.txt 2>&1; rc=$?
same "editor message: exit" 0 "$rc"
contains "editor message stored" 'release_message = "notes from the editor"' "$(cat rel/rel/1.3/package.lua)"
printf '#!/bin/sh\n: >"$1"\n' >ed.sh
(cd src && git commit -q --allow-empty -m "more" && git push -q 2>/dev/null && echo a | EDITOR=$T/ed.sh "$REZ" release --ignore-existing-tag) >out.txt 2>&1; rc=$?
same "empty editor message, abort: exit" 1 "$rc"
contains "empty editor message, abort: message" "release aborted (empty release message)" "$(cat out.txt)"
sed -i '/^prompt_release_message: true$/d' config.yaml

# ---- no VCS; the stub VCS ----
mkdir -p plain && sed 's/^version = .*/version = "2.0"/' src/package.lua >plain/package.lua
(cd plain && "$REZ" release -m x) >out.txt 2>&1; rc=$?
same "no vcs: exit" 1 "$rc"
contains "no vcs: message" "no version control system for package releasing is associated with the path $T/plain" "$(cat out.txt)"
: >plain/.stub
(cd plain && "$REZ" release -m x) >out.txt 2>&1; rc=$?
same "stub vcs: exit" 0 "$rc"
contains "stub vcs: tag recorded" "rel-2.0" "$(cat plain/.stub)"
contains "stub vcs: installed" 'vcs = "stub"' "$(cat rel/rel/2.0/package.lua)"

# ---- pre_release tests run on the staged variant: a failure cancels its install ----
write_config
sed -i 's/^release_hooks: .*/release_hooks: []/' config.yaml
mkdir -p prt
cat >prt/package.lua <<'L'
name = "prt"
version = "1.0"
build_command = false
tests = {
    smoke = { command = "test \"$PRT_OK\" = yes", run_on = "pre_release" },
    later = { command = "false", run_on = "explicit" },
}
function commands()
    env.PRT_OK = "no"
end
L
: >prt/.stub
(cd prt && "$REZ" release -m x) >out.txt 2>&1; rc=$?
same "pre_release test fails: exit" 1 "$rc"
contains "pre_release test fails: message" "1 test failed; the installation has been cancelled" "$(cat out.txt)"
check "pre_release test fails: nothing installed" test ! -e rel/prt/1.0/package.lua
sed -i 's/env.PRT_OK = "no"/env.PRT_OK = "yes"/' prt/package.lua
(cd prt && "$REZ" release -m x) >out.txt 2>&1; rc=$?
same "pre_release test passes: exit" 0 "$rc"
check "pre_release test passes: installed" test -e rel/prt/1.0/package.lua
lacks "the explicit-only test did not run" "later" "$(cat out.txt)"

stop_smtp
stop_http
stop_rabbit
finish
