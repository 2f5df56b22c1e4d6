"""Loopback receivers the tests start: a minimal SMTP server and an HTTP webhook receiver."""
import email
import email.policy
import json
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self._say("220 localhost ESMTP test")
        rcpts, lines, in_data = [], [], False
        while line := self.rfile.readline():
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    msg = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                    self.server.messages.append({"to": rcpts, "subject": str(msg["subject"]).strip(),
                                                 "body": msg.get_body().get_content()})
                    rcpts, lines, in_data = [], [], False
                    self._say("250 OK")
                else:
                    lines.append(line[1:] if line.startswith(b"..") else line)
                continue
            verb = line[:4].upper()
            if verb == b"RCPT":
                rcpts.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
            if verb == b"DATA":
                in_data = True
                self._say("354 go ahead")
            elif verb == b"QUIT":
                self._say("221 bye")
                return
            else:
                self._say("250 OK")

    def _say(self, text):
        self.wfile.write(text.encode() + b"\r\n")
        self.wfile.flush()


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.messages = []
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def close(self):
        self.shutdown()
        self.server_close()


class _HookHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append({"path": self.path, "json": json.loads(body), "host": self.headers["Host"]})
        self.server.arrived.set()
        self.server.gate.wait(30)  # a test holds the reply to kill the sender mid-delivery
        reply = b'{"errcode":0,"errmsg":"ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


class HookReceiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address="127.0.0.1", port=0, tls=None):
        super().__init__((address, port), _HookHandler)
        if tls is not None:  # an ssl.SSLContext: the receiver answers HTTPS with its certificate
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.received, self.arrived, self.gate = [], threading.Event(), threading.Event()
        self.gate.set()
        self.port = self.server_address[1]
        self.url = f"http{'s' if tls else ''}://{address}:{self.port}"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def close(self):
        self.gate.set()
        self.shutdown()
        self.server_close()
