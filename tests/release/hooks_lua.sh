#!/usr/bin/env bash
# Lua release hooks: found on release_hook_path or shipped, called with the release data and
# their settings, cancel(), run() without a shell, http over libcurl against a real HTTP
# server, errors naming file and line, the sandbox, and durable hooks through the outbox.
DRIVER=$1 REZ=$2 SRC=$3
. "$SRC/lib.sh"
cd "$T"
PORT=$(free_port)
mkdir hooks

cat >spec.json <<J
{"package": {"name": "rel", "version": "1.1", "description": "x; touch pwned"},
 "install_path": "$T/rel", "user": "ann", "release_message": "msg", "changelog": "cl",
 "previous_version": "1.0", "indices": [1],
 "variants": [{"index": 0, "root": "$T/rel/rel/1.1/a", "requires": ["python-3"]}]}
J
cfg() { { echo "release_hook_path: [$T/hooks]"; echo "release_hook_retries: 1"
	  echo "release_hook_retry_delay: 0"; printf '%s\n' "$@"; } >config.yaml; }

cat >hooks/show.lua <<'L'
return {
  pre_build = function(a) print("pre_build", a.event, a.package.qualified_name) end,
  pre_release = function(a)
    print(a.event, a.user, a.install_path, a.release_message, a.changelog, a.previous_version,
          a.variants[1].index, a.settings.greeting)
    local ok, status, out = run({"printf", "[%s]", a.package.description})
    print(ok, status, out)
    print(run({"sh", "-c", "exit 4"}))
    print(run({"no-such-program-xyz"}))
    print(json.encode({a = 1}))
  end,
  post_release = function(a)
    print(a.event, #a.variants, a.variants[1].root, a.variants[1].requires[1])
  end,
}
L
cfg "release_hooks: [show]" "plugins:" "  release_hook:" "    show: {greeting: hello}"
out=$("$DRIVER" config.yaml spec.json pre_build pre_release post_release 2>&1)
same "arguments, settings, run, json" "pre_build	pre_build	rel-1.1
pre_release	ann	$T/rel	msg	cl	1.0	1	hello
true	0	[x; touch pwned]
false	4	
false	127	no-such-program-xyz: command not found
{\"a\":1}
post_release	1	$T/rel/rel/1.1/a	python-3" "$out"
check "run() never uses a shell" test ! -e pwned

cat >hooks/stop.lua <<'L'
return {
  pre_release = function(a)
    if a.package.name == "rel" then cancel("rel is frozen this week") end
  end,
}
L
cfg "release_hooks: [stop]"
out=$("$DRIVER" config.yaml spec.json pre_release 2>&1); rc=$?
same "cancel()" "1|error: release cancelled by pre-release hook 'stop': rel is frozen this week" "$rc|$out"

printf 'local x = 1\nreturn {\n  pre_release = function(a)\n    error("boom")\n  end,\n}\n' >hooks/bad.lua
cfg "release_hooks: [bad]"
same "a Lua error names file and line" "error: release cancelled by pre-release hook 'bad': $T/hooks/bad.lua:4: boom" \
	"$("$DRIVER" config.yaml spec.json pre_release 2>&1)"
out=$("$DRIVER" config.yaml spec.json post_release 2>&1); rc=$?
same "post events only report (no post_release function: nothing)" "0|" "$rc|$out"
printf 'return {\n  post_release = function(a)\n    local t = nil\n    return t.x\n  end,\n}\n' >hooks/bad.lua
out=$("$DRIVER" config.yaml spec.json post_release 2>&1); rc=$?
same "a post_release error is reported, the release stands" "0|ERROR: post-release hook 'bad' failed: $T/hooks/bad.lua:4: attempt to index a nil value (local 't')" "$rc|$out"
printf 'return {\n  pre_release = function(a)\n    x = = 1\n  end\n}\n' >hooks/bad.lua
contains "a syntax error names file and line" "$T/hooks/bad.lua:3:" "$("$DRIVER" config.yaml spec.json pre_release 2>&1)"
printf 'return 42\n' >hooks/bad.lua
same "a hook must return a table" "error: release cancelled by pre-release hook 'bad': $T/hooks/bad.lua: a release hook must return a table of event functions (got number)" \
	"$("$DRIVER" config.yaml spec.json pre_release 2>&1)"
printf 'return { pre_release = function(a) os.execute("touch pwned") end }\n' >hooks/bad.lua
contains "sandboxed: no os.execute" "attempt to call a nil value (field 'execute')" "$("$DRIVER" config.yaml spec.json pre_release 2>&1)"
printf 'return { pre_release = function(a) io.open("x", "w") end }\n' >hooks/bad.lua
contains "sandboxed: no io" "attempt to index a nil value (global 'io')" "$("$DRIVER" config.yaml spec.json pre_release 2>&1)"
check "sandboxed: nothing written" test ! -e pwned -a ! -e x

# http: get/post with headers and body against a real server
start_http "$T/http" "$PORT"
cat >hooks/web.lua <<L
return {
  pre_release = function(a)
    local r = http.get("http://127.0.0.1:$PORT/status?p=" .. a.package.name,
                       { headers = { Authorization = "Bearer t0k" }, timeout = 5 })
    print(r.status, r.body, r.headers["X-Test"])
    local r2 = http.post("http://127.0.0.1:$PORT/hook", { body = '{"k": 1}',
                         headers = { ["Content-Type"] = "application/json" } })
    print(r2.status, r2.body)
    local r3 = http.get("http://127.0.0.1:$PORT/fail")
    print(r3.status, r3.body)
    print(http.get("http://127.0.0.1:1/", { timeout = 2 }))
  end,
}
L
cfg "release_hooks: [web]"
out=$("$DRIVER" config.yaml spec.json pre_release 2>&1)
same "http module" "200	{\"state\": \"success\"}	yes
200	ok
500	boom
nil	GET http://127.0.0.1:1/: Couldn't connect to server: Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server" "$(printf '%s' "$out" | sed 's/after [0-9]* ms/after 0 ms/')"
same "requests as the server got them" '{"method": "GET", "path": "/status?p=rel", "content_type": null, "authorization": "Bearer t0k", "body": ""}
{"method": "POST", "path": "/hook", "content_type": "application/json", "authorization": null, "body": "{\"k\": 1}"}
{"method": "GET", "path": "/fail", "content_type": null, "authorization": null, "body": ""}' "$(cat http/requests.jsonl)"
rm http/requests.jsonl

# the shipped chat hook: durable, through the outbox
cfg "release_hooks: [chat]" "plugins:" "  release_hook:" "    chat: {url: 'http://127.0.0.1:$PORT/chat', channel: '#releases'}"
out=$("$DRIVER" config.yaml spec.json post_release 2>&1)
same "shipped chat hook" "" "$out"
same "chat message" '{"method": "POST", "path": "/chat", "content_type": "application/json", "authorization": null, "body": "{\"channel\":\"#releases\",\"text\":\"ann released rel-1.1 (1 variant): msg\"}"}' "$(cat http/requests.jsonl)"
rm http/requests.jsonl
stop_http
out=$("$DRIVER" config.yaml spec.json post_release 2>&1)
contains "chat server down: kept" "lua notification not delivered (kept in the outbox" "$out"
contains "chat server down: pending" "pending: 1" "$out"
start_http "$T/http" "$PORT"
same "flush delivers the durable hook" "flushed: 1 delivered, 0 left" "$("$DRIVER" config.yaml flush 2>&1)"
same "flush again: nothing" "flushed: 0 delivered, 0 left" "$("$DRIVER" config.yaml flush 2>&1)"
same "delivered exactly once" 1 "$(wc -l <http/requests.jsonl)"
stop_http
rm -f http/requests.jsonl

# ci_trigger: pre_release checks CI status, post_release triggers
start_http "$T/http" "$PORT"
cfg "release_hooks: [ci_trigger]" "plugins:" "  release_hook:" \
    "    ci_trigger: {status_url: 'http://127.0.0.1:$PORT/status/{package}/{version}', trigger_url: 'http://127.0.0.1:$PORT/trigger', token: t0k}"
"$DRIVER" config.yaml spec.json pre_release post_release >out.txt 2>&1
same "ci_trigger runs" "0|" "$?|$(cat out.txt)"
same "ci_trigger requests" "GET /status/rel/1.1
POST /trigger" "$("$PY" -c '
import json, sys
for l in open(sys.argv[1]): r = json.loads(l); print(r["method"], r["path"])' http/requests.jsonl)"
cfg "release_hooks: [ci_trigger]" "plugins:" "  release_hook:" \
    "    ci_trigger: {status_url: 'http://127.0.0.1:$PORT/fail'}"
same "ci_trigger cancels" "error: release cancelled by pre-release hook 'ci_trigger': CI has not passed for rel-1.1" \
	"$("$DRIVER" config.yaml spec.json pre_release 2>&1)"
stop_http
finish
