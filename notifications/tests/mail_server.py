"""A real SMTP server on loopback (aiosmtpd) that a test starts and stops, to see what a mail
server receives and what the outbox does while none is listening."""

import asyncio
import email
import socket
import threading
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


def free_port() -> int:
    """A loopback port nothing listens on (until the test starts a server there)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    """One message the server accepted: the envelope's recipients and the message itself."""

    mail_from: str
    rcpt_tos: list[str]
    message: Message

    @property
    def body(self) -> str:
        payload = self.message.get_payload(decode=True)
        assert isinstance(payload, bytes)
        return payload.decode()


@dataclass
class MailServer:
    """Down until `start()`; `refuse` holds addresses answered "550" at RCPT, `defer` those
    answered "450" (try later); `reply_to_data`,
    when set, is the answer to every message instead of accepting it. `stall()` makes the
    server sit on each message's DATA until `release()`, as a slow mail server does."""

    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    defer: set[str] = field(default_factory=set)
    reply_to_data: str = ""
    stalling: threading.Event = field(default_factory=threading.Event)
    _released: threading.Event | None = None
    _controller: Controller | None = None

    def stall(self) -> None:
        self._released = threading.Event()

    def release(self) -> None:
        if self._released is not None:
            self._released.set()

    def start(self) -> None:
        if self._controller is not None:
            return
        self._controller = Controller(_Handler(self), hostname=HOST, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


class _Handler:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_RCPT(  # aiosmtpd calls its hooks by these names
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address.lower() in self.server.refuse:
            return "550 5.1.1 No such user here"
        if address.lower() in self.server.defer:
            return "450 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        released = self.server._released
        if released is not None:
            self.server.stalling.set()
            await asyncio.get_running_loop().run_in_executor(None, released.wait, 30)
        if self.server.reply_to_data:
            return self.server.reply_to_data
        self.server.received.append(
            Received(
                mail_from=envelope.mail_from,
                rcpt_tos=list(envelope.rcpt_tos),
                message=email.message_from_bytes(envelope.content),
            )
        )
        return "250 Message accepted for delivery"
