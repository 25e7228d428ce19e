# lib.sh - shared by the release tests: a scratch directory, servers on loopback started and
# stopped by the test itself, and assertions. Source after setting DRIVER, REZ, SRC.
set -u
PY=/usr/bin/python3   # Debian's, with python3-aiosmtpd and python3-pika
T=$(mktemp -d /tmp/rez-release-test.XXXXXX)
export HOME=$T/home XDG_CACHE_HOME=$T/cache REZ_DISABLE_HOME_CONFIG=1
mkdir -p "$HOME"
PIDS=()
RMQ_NODE=""
fails=0
n=0

cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	stop_rabbit
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "#   $l"; done; }
check() { # check NAME COMMAND...
	local name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}
same() { # same NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1" "expected:" "$(printf '%s' "$2" | sed 's/^/    /')" "got:" "$(printf '%s' "$3" | sed 's/^/    /')"
	fi
}
contains() { # contains NAME NEEDLE HAYSTACK
	case "$3" in *"$2"*) ok "$1" ;; *) not_ok "$1" "missing: $2" "in: $3" ;; esac
}
lacks() { # lacks NAME NEEDLE HAYSTACK
	case "$3" in *"$2"*) not_ok "$1" "unexpected: $2" ;; *) ok "$1" ;; esac
}
finish() { echo "1..$n"; [ "$fails" -eq 0 ]; exit $?; }

free_port() {
	"$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_sink NAME SCRIPT DIR PORT [options]: a recording server (python) that creates
# DIR/ready once it listens; its pid in SINK_PID.
start_sink() {
	local name=$1 script=$2 dir=$3 port=$4; shift 4
	mkdir -p "$dir"
	rm -f "$dir/ready"
	"$PY" "$SRC/$script" "$dir" "$port" "$@" >"$dir.log" 2>&1 &
	PIDS+=($!)
	SINK_PID=$!
	for _ in $(seq 1 200); do
		[ -e "$dir/ready" ] && return 0
		sleep 0.05
	done
	echo "$name did not start:"; cat "$dir.log"; return 1
}
# start_smtp DIR PORT [sink options]: records into DIR; returns once it listens.
start_smtp() { start_sink "smtp sink" smtp_sink.py "$@"; local rc=$?; SMTP_PID=$SINK_PID; return $rc; }
stop_smtp() { kill "$SMTP_PID" 2>/dev/null; wait "$SMTP_PID" 2>/dev/null; }

make_cert() { # make_cert DIR -> DIR/cert.pem DIR/key.pem (localhost, 127.0.0.1)
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
		-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
		-keyout "$1/key.pem" -out "$1/cert.pem" >/dev/null 2>&1
}

# A private RabbitMQ node: own data, logs, ports, cookie and epmd.
start_rabbit() {
	RMQ_PORT=${RMQ_PORT:-$(free_port)}
	local dist epmd
	dist=$(free_port)
	epmd=$(free_port)
	export ERL_EPMD_PORT=$epmd
	RMQ_NODE="reztest$$@localhost"
	mkdir -p "$T/rmq/mnesia" "$T/rmq/log"
	: >"$T/rmq/enabled_plugins"
	RMQ_ENV=(HOME="$T/rmq" RABBITMQ_NODENAME="$RMQ_NODE" RABBITMQ_NODE_PORT="$RMQ_PORT"
		RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_DIST_PORT="$dist"
		RABBITMQ_MNESIA_BASE="$T/rmq/mnesia" RABBITMQ_LOG_BASE="$T/rmq/log"
		RABBITMQ_ENABLED_PLUGINS_FILE="$T/rmq/enabled_plugins"
		RABBITMQ_CONFIG_FILE="$T/rmq/rabbitmq" ERL_EPMD_PORT="$epmd")
	: >"$T/rmq/rabbitmq.conf"
	if [ -n "${RMQ_TLS_PORT:-}" ]; then
		# an amqps listener too, with the certificate of make_cert in $RMQ_TLS_DIR
		cat >"$T/rmq/rabbitmq.conf" <<C
listeners.ssl.default = 127.0.0.1:$RMQ_TLS_PORT
ssl_options.cacertfile = $RMQ_TLS_DIR/cert.pem
ssl_options.certfile = $RMQ_TLS_DIR/cert.pem
ssl_options.keyfile = $RMQ_TLS_DIR/key.pem
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
C
	fi
	env "${RMQ_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmq-server >"$T/rmq/server.log" 2>&1 &
	RMQ_PID=$!
	# await_startup fails at once while the node is not yet registered: poll it
	for _ in $(seq 1 120); do
		if env "${RMQ_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RMQ_NODE" \
			await_startup >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$RMQ_PID" 2>/dev/null || break
		sleep 1
	done
	echo "rabbitmq did not start:"; tail -30 "$T/rmq/server.log"; return 1
}
rabbitmqctl_() { env "${RMQ_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RMQ_NODE" "$@"; }
stop_rabbit() {
	[ -n "$RMQ_NODE" ] || return 0
	rabbitmqctl_ stop >/dev/null 2>&1
	wait "$RMQ_PID" 2>/dev/null
	epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1
	RMQ_NODE=""
}

# start_http DIR PORT: the recording HTTP server.
start_http() { start_sink "http sink" http_sink.py "$@"; local rc=$?; HTTP_PID=$SINK_PID; return $rc; }
stop_http() { kill "$HTTP_PID" 2>/dev/null; wait "$HTTP_PID" 2>/dev/null; }
