"""A real SMTP server (aiosmtpd) and a local stand-in for the GOV.UK Notify API."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Iterator
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp(settings: Any) -> Iterator[_Inbox]:
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.NOTIFICATIONS_CHANNEL = "email"
    try:
        yield inbox
    finally:
        controller.stop()


class NotifyStandIn:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.statuses: dict[str, str] = {}
        self.fail_next = 0


@pytest.fixture
def notify(settings: Any) -> Iterator[NotifyStandIn]:
    state = NotifyStandIn()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return None

        def _reply(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length) or b"{}")
            assert self.headers["Authorization"].startswith("Bearer ")
            if state.fail_next:
                state.fail_next -= 1
                self._reply(500, {"errors": [{"error": "Exception", "message": "busy"}]})
                return
            notification_id = str(uuid.uuid4())
            state.sent.append(payload)
            state.statuses[notification_id] = "delivered"
            self._reply(201, {"id": notification_id, "reference": payload.get("reference")})

        def do_GET(self) -> None:
            notification_id = self.path.rsplit("/", 1)[-1]
            self._reply(
                200,
                {"id": notification_id, "status": state.statuses.get(notification_id, "sending")},
            )

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFICATIONS_CHANNEL = "notify"
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    service, secret = str(uuid.uuid4()), str(uuid.uuid4())
    settings.NOTIFY_API_KEY = f"test_key-{service}-{secret}"
    settings.NOTIFY_TEMPLATE_ID = str(uuid.uuid4())
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
