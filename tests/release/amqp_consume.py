"""Reads what the release tests published: declares queue Q (so publishes to it are kept)
or, with --get, prints each message body and its properties, one JSON line per message.
  python3 amqp_consume.py PORT QUEUE --declare | --get"""
import json, sys
import pika

port, queue, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
conn = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", port))
ch = conn.channel()
ch.queue_declare(queue=queue, durable=False)
if mode == "--get":
    while True:
        method, props, body = ch.basic_get(queue=queue, auto_ack=True)
        if method is None:
            break
        sys.stdout.write(json.dumps({
            "body": body.decode("utf-8"),
            "content_type": props.content_type,
            "content_encoding": props.content_encoding,
            "delivery_mode": props.delivery_mode,
            "routing_key": method.routing_key,
            "exchange": method.exchange,
        }) + "\n")
conn.close()
