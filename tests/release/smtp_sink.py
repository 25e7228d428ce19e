"""A recording SMTP server for the release tests (aiosmtpd).

  python3 smtp_sink.py DIR PORT [--tls none|starttls|ssl] [--cert C --key K] [--auth USER:PASS]

Each accepted message is written to DIR/N.eml exactly as received (DATA bytes), and its
envelope to DIR/N.env ("MAIL FROM" line, then one "RCPT TO" per line). DIR/ready appears once
the server listens. Stops on SIGTERM."""
import argparse, os, signal, ssl, sys, threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("port", type=int)
ap.add_argument("--tls", default="none")
ap.add_argument("--cert")
ap.add_argument("--key")
ap.add_argument("--auth")
a = ap.parse_args()

lock = threading.Lock()


class Recorder:
    async def handle_DATA(self, server, session, envelope):
        with lock:
            n = len([f for f in os.listdir(a.dir) if f.endswith(".eml")]) + 1
            with open(os.path.join(a.dir, "%d.env" % n), "w") as f:
                f.write(envelope.mail_from + "\n")
                for r in envelope.rcpt_tos:
                    f.write(r + "\n")
            with open(os.path.join(a.dir, "%d.eml.tmp" % n), "wb") as f:
                f.write(envelope.original_content)
            os.rename(os.path.join(a.dir, "%d.eml.tmp" % n), os.path.join(a.dir, "%d.eml" % n))
        return "250 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    user, pw = a.auth.split(":", 1)
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
        and auth_data.password.decode() == pw
    return AuthResult(success=ok)


kw = {}
ctx = None
if a.tls != "none":
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(a.cert, a.key)
if a.tls == "starttls":
    kw.update(tls_context=ctx, require_starttls=True)
elif a.tls == "ssl":
    kw.update(ssl_context=ctx)
if a.auth:
    kw.update(authenticator=authenticator, auth_required=True,
              # with implicit TLS aiosmtpd does not know the session is encrypted
              auth_require_tls=a.tls == "starttls")
ctl = Controller(Recorder(), hostname="127.0.0.1", port=a.port, **kw)
if a.tls == "ssl":
    # the controller's readiness probe must speak implicit TLS as a client
    import socket

    def trigger():
        cctx = ssl.create_default_context()
        cctx.check_hostname = False
        cctx.verify_mode = ssl.CERT_NONE
        with socket.create_connection(("127.0.0.1", a.port), timeout=5) as raw:
            with cctx.wrap_socket(raw) as s:
                s.recv(1024)
    ctl._trigger_server = trigger
ctl.start()
open(os.path.join(a.dir, "ready"), "w").close()
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *x: stop.set())
signal.signal(signal.SIGINT, lambda *x: stop.set())
stop.wait()
ctl.stop()
