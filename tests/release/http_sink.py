"""A recording HTTP server for the Lua hook tests.
  python3 http_sink.py DIR PORT
Each request is appended to DIR/requests.jsonl as {"method", "path", "headers", "body"};
GET /status answers {"state": "success"}, GET /fail answers 500, anything else 200 "ok".
DIR/ready appears once it listens."""
import json, os, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

d, port = sys.argv[1], int(sys.argv[2])


class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8") if n else ""
        with open(os.path.join(d, "requests.jsonl"), "a") as f:
            f.write(json.dumps({"method": self.command, "path": self.path,
                                "content_type": self.headers.get("Content-Type"),
                                "authorization": self.headers.get("Authorization"),
                                "body": body}) + "\n")
        code, out = 200, b"ok"
        if self.path.startswith("/status"):
            out = b'{"state": "success"}'
        elif self.path.startswith("/fail"):
            code, out = 500, b"boom"
        self.send_response(code)
        self.send_header("Content-Length", str(len(out)))
        self.send_header("X-Test", "yes")
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST = do_PUT = handle_any


srv = ThreadingHTTPServer(("127.0.0.1", port), H)
open(os.path.join(d, "ready"), "w").close()
srv.serve_forever()
