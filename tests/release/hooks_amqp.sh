#!/usr/bin/env bash
# The `amqp` release hook against a private RabbitMQ node: the body byte for byte as Rez's
# json.dumps, properties, message_attributes, the stdout host, refused credentials, an unknown
# exchange, and the broker down then up (outbox, flushed exactly once).
DRIVER=$1 REZ=$2 SRC=$3
. "$SRC/lib.sh"
cd "$T"
ME=$(id -un)
RMQ_PORT=$(free_port)

cat >spec.json <<J
{"package": {"name": "rel", "version": "1.1"},
 "installed": {"name": "rel", "version": "1.1"},
 "installed_uri": "$T/rel/rel/1.1/package.lua",
 "install_path": "$T/rel", "user": "$ME",
 "variants": [{"index": 0, "root": "$T/rel/rel/1.1/base-1"},
              {"index": 1, "root": "$T/rel/rel/1.1/base-2"}]}
J
cfg() {
	{ echo "release_hooks: [amqp]"; echo "release_hook_retries: 1"; echo "release_hook_retry_delay: 0"
	  echo "plugins:"; echo "  release_hook:"; echo "    amqp:"
	  printf '%s\n' "$@" | sed 's/^/      /'; } >config.yaml
}
BODY="{\"package\": {\"name\": \"rel\", \"version\": \"1.1\", \"qualified_name\": \"rel-1.1\", \"uri\": \"$T/rel/rel/1.1/package.lua\", \"handle\": {\"key\": \"filesystem.package\", \"variables\": {\"location\": \"$T/rel\", \"name\": \"rel\", \"version\": \"1.1\", \"repository_type\": \"filesystem\"}}, \"user\": \"$ME\"}, \"variants\": [{\"handle\": {\"key\": \"filesystem.variant\", \"variables\": {\"location\": \"$T/rel\", \"name\": \"rel\", \"version\": \"1.1\", \"index\": 0, \"repository_type\": \"filesystem\"}}}, {\"handle\": {\"key\": \"filesystem.variant\", \"variables\": {\"location\": \"$T/rel\", \"name\": \"rel\", \"version\": \"1.1\", \"index\": 1, \"repository_type\": \"filesystem\"}}}], \"extra\": 1, \"note\": \"caf\\u00e9\"}"

# dry run: the stdout host prints the Python repr
cfg "host: stdout" "message_attributes: {extra: 1, note: café}"
same "stdout host" "Published to REZ.PACKAGE.RELEASED: {'package': {'name': 'rel', 'version': '1.1', 'qualified_name': 'rel-1.1', 'uri': '$T/rel/rel/1.1/package.lua', 'handle': {'key': 'filesystem.package', 'variables': {'location': '$T/rel', 'name': 'rel', 'version': '1.1', 'repository_type': 'filesystem'}}, 'user': '$ME'}, 'variants': [{'handle': {'key': 'filesystem.variant', 'variables': {'location': '$T/rel', 'name': 'rel', 'version': '1.1', 'index': 0, 'repository_type': 'filesystem'}}}, {'handle': {'key': 'filesystem.variant', 'variables': {'location': '$T/rel', 'name': 'rel', 'version': '1.1', 'index': 1, 'repository_type': 'filesystem'}}}], 'extra': 1, 'note': 'café'}" \
	"$("$DRIVER" config.yaml spec.json post_release 2>&1)"
cfg "message_attributes: {extra: 1}"
same "no host" "ERROR: Did not publish message, host is not specified" "$("$DRIVER" config.yaml spec.json post_release 2>&1)"

# the broker is down: kept in the outbox
cfg "host: 127.0.0.1:$RMQ_PORT" "exchange_routing_key: rez.release" "message_delivery_mode: 2" \
    "message_attributes: {extra: 1, note: café}" "connect_timeout: 3"
out=$("$DRIVER" config.yaml spec.json post_release 2>&1); rc=$?
same "broker down: the release goes on" 0 "$rc"
contains "broker down: message" "Publishing AMQP message on rez.release..." "$out"
contains "broker down: kept" "amqp notification not delivered (kept in the outbox" "$out"
contains "broker down: pending" "pending: 1" "$out"

make_cert "$T"
RMQ_TLS_PORT=$(free_port) RMQ_TLS_DIR=$T
start_rabbit || { not_ok "rabbitmq starts"; finish; }
"$PY" "$SRC/amqp_consume.py" "$RMQ_PORT" rez.release --declare
same "broker up: flush delivers" "flushed: 1 delivered, 0 left" "$("$DRIVER" config.yaml flush 2>&1)"
same "flush again: nothing" "flushed: 0 delivered, 0 left" "$("$DRIVER" config.yaml flush 2>&1)"
got=$("$PY" "$SRC/amqp_consume.py" "$RMQ_PORT" rez.release --get)
same "exactly one message, byte for byte, with its properties" "$("$PY" -c '
import json, sys
print(json.dumps({"body": sys.argv[1], "content_type": "application/json", "content_encoding": "utf-8",
                  "delivery_mode": 2, "routing_key": "rez.release", "exchange": ""}))' "$BODY")" "$got"

# published directly (broker up), confirmed
out=$("$DRIVER" config.yaml spec.json post_release 2>&1)
same "publish with confirm" "Publishing AMQP message on rez.release..." "$out"
got=$("$PY" "$SRC/amqp_consume.py" "$RMQ_PORT" rez.release --get | "$PY" -c 'import json,sys; print(json.loads(sys.stdin.read())["body"])')
same "published body" "$BODY" "$got"
"$PY" -c '
import json, sys
d = json.loads(sys.argv[1])
assert list(d) == ["package", "variants", "extra", "note"], list(d)
' "$got" && ok "the body is Rez's key order" || not_ok "the body is Rez's key order"

# amqps: TLS, the broker's certificate verified against cacert
cfg "host: amqps://localhost:$RMQ_TLS_PORT" "exchange_routing_key: rez.release" "connect_timeout: 5" \
    "cacert: $T/cert.pem"
out=$("$DRIVER" config.yaml spec.json post_release 2>&1)
same "amqps: published" "Publishing AMQP message on rez.release..." "$out"
same "amqps: received" 1 "$("$PY" "$SRC/amqp_consume.py" "$RMQ_PORT" rez.release --get | grep -c body)"
cfg "host: amqps://localhost:$RMQ_TLS_PORT" "exchange_routing_key: rez.release" "connect_timeout: 5"
sed -i 's/^release_hook_retries: 1$/release_hook_retries: 0/' config.yaml
out=$("$DRIVER" config.yaml spec.json post_release 2>&1)
contains "amqps: an unknown certificate is refused" "pending: 1" "$out"
rm -rf "$XDG_CACHE_HOME/rez-lua/release-outbox"

# refused credentials: kept, password never shown
SECRET='amqp-Secret-pw-42'
cfg "host: amqp://127.0.0.1:$RMQ_PORT" "exchange_routing_key: rez.release" "userid: nobody" \
    "password: $SECRET" "connect_timeout: 5"
sed -i 's/^release_hook_retries: 1$/release_hook_retries: 0/' config.yaml
out=$("$DRIVER" config.yaml spec.json post_release 2>&1)
contains "refused credentials: kept" "pending: 1" "$out"
contains "refused credentials: why" "cannot log in to the message broker" "$out"
lacks "password not in the output" "$SECRET" "$out"
check "password not in the outbox" bash -c "! grep -r -- '$SECRET' '$XDG_CACHE_HOME'"
rm -rf "$XDG_CACHE_HOME/rez-lua/release-outbox"

# an exchange that does not exist: the broker closes the channel; kept
cfg "host: 127.0.0.1:$RMQ_PORT" "exchange_name: no.such.exchange" "connect_timeout: 5"
sed -i 's/^release_hook_retries: 1$/release_hook_retries: 0/' config.yaml
out=$("$DRIVER" config.yaml spec.json post_release 2>&1)
contains "unknown exchange: reason" "NOT_FOUND" "$out"
contains "unknown exchange: kept" "pending: 1" "$out"
stop_rabbit
finish
