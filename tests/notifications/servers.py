"""The tests' own providers: a real SMTP server (aiosmtpd) and a small HTTP server that
speaks the LINE Messaging API's push and reply endpoints as LINE documents them."""

import email
import email.policy
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd's handler: keeps every message it accepted, parsed."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.raw: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.raw.append(envelope.content)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.inbox.messages

    @property
    def raw(self):
        return self.inbox.raw


# LINE's error bodies (Messaging API reference, "Error responses").
LINE_ERRORS = {
    400: {
        "message": "The request body has 1 error(s)",
        "details": [{"message": "May not be empty", "property": "messages[0].text"}],
    },
    401: {
        "message": "Authentication failed due to the following reason: invalid token. "
        "Confirm that the access token in the authorization header is valid."
    },
    403: {"message": "Access to this API is not available for your account"},
    429: {"message": "The API rate limit has been exceeded. Try again later."},
    500: {"message": "An error occurred in the API server"},
}


class LineServer:
    """Answers /v2/bot/message/push and /reply. ``script`` is the list of statuses the
    next requests get (then 200); a request with a retry key already accepted gets 409,
    as LINE answers it. Every request is kept: path, headers, JSON body, status."""

    def __init__(self, token: str):
        self.token = token
        self.script: list[int] = []
        self.requests: list[dict] = []
        self.accepted_keys: set[str] = set()
        self.delivered: list[dict] = []
        self.port = free_port()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                record = {"path": self.path, "headers": dict(self.headers), "raw": raw}
                server.requests.append(record)
                status, body = server.answer(self.path, self.headers, raw)
                record["status"] = status
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("x-line-request-id", "test-request-id")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answer(self, path, headers, raw):
        if path not in ("/v2/bot/message/push", "/v2/bot/message/reply"):
            return 404, {"message": "Not found"}
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, LINE_ERRORS[401]
        if headers.get("Content-Type") != "application/json":
            return 400, {"message": "Content-Type must be application/json"}
        try:
            body = json.loads(raw)
        except ValueError:
            return 400, {"message": "The request body could not be parsed as JSON"}
        target = "to" if path.endswith("/push") else "replyToken"
        messages = body.get("messages")
        if (
            not isinstance(body.get(target), str)
            or not isinstance(messages, list)
            or not 1 <= len(messages) <= 5
            or any(m.get("type") != "text" or not m.get("text") for m in messages)
        ):
            return 400, LINE_ERRORS[400]
        key = headers.get("X-Line-Retry-Key")
        if key and key in self.accepted_keys:
            return 409, {"message": "The retry key is already accepted", "sentMessages": []}
        if self.script:
            status = self.script.pop(0)
            if status != 200:
                return status, LINE_ERRORS[status]
        if key:
            self.accepted_keys.add(key)
        self.delivered.append({"path": path, "body": body})
        return 200, {"sentMessages": [{"id": str(len(self.delivered)), "quoteToken": "q"}]}

    def start(self):
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
