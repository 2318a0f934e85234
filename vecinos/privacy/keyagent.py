"""The key agent: one process per machine that gathers key shares and holds the unlocked key.

Why it exists: after a locked start the key lives only in memory, but vecinos runs as several
processes (gunicorn workers, which are also replaced from time to time, and the task worker).
A share typed into the admin reaches one of them. The agent, started before them with
`manage.py key_agent`, collects the shares instead, and every process asks it for the key while
it is locked (at most every few seconds). The agent listens on a Unix socket that only its own
user may open (mode 0600), so it gives the key to no one who could not already read a key file.
It writes nothing to disk: stopping it, or rebooting, locks the platform again.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path

from . import crypto

logger = logging.getLogger("vecinos.privacy")


class AgentUnavailable(Exception):
    """The key agent's socket does not answer."""


def _request(path: str, message: dict) -> dict:
    try:
        with Client(address=path, family="AF_UNIX") as connection:
            connection.send_bytes(json.dumps(message).encode())
            return json.loads(connection.recv_bytes(4096))
    except (OSError, EOFError, ValueError) as error:
        raise AgentUnavailable(str(error)) from None


def fetch_kek(path: str) -> bytes | None:
    """Return the key if the agent at `path` has been unlocked, else None."""
    try:
        answer = _request(path, {"op": "key"})
    except AgentUnavailable:
        logger.warning("The key agent does not answer; vecinos stays locked.")
        return None
    return base64.b64decode(answer["kek"]) if answer.get("kek") else None


def send_share(path: str, share: str) -> crypto.UnlockProgress:
    """Hand one share to the agent; raise InvalidShare if it refuses it."""
    answer = _request(path, {"op": "share", "share": share})
    if answer.get("error"):
        raise crypto.InvalidShare(answer["error"])
    kek = base64.b64decode(answer["kek"]) if answer.get("kek") else None
    return crypto.UnlockProgress(have=answer["have"], need=answer["need"], kek=kek)


def progress(path: str) -> crypto.UnlockProgress:
    answer = _request(path, {"op": "status"})
    return crypto.UnlockProgress(have=answer["have"], need=answer["need"])


def reset(path: str) -> None:
    """Make the agent forget its shares and key (they did not open the stored data keys)."""
    _request(path, {"op": "reset"})


class Agent:
    """The agent's state and its answers to each request."""

    def __init__(self) -> None:
        self.collector = crypto.ShareCollector()
        self.kek: bytes | None = None

    def answer(self, message: dict) -> dict:
        op = message.get("op")
        if op == "key":
            return {"kek": base64.b64encode(self.kek).decode() if self.kek else None}
        if op == "reset":
            self.kek = None
            self.collector.clear()
            return {"ok": True}
        if op == "share" and self.kek is None:
            try:
                result = self.collector.add(str(message.get("share", "")))
            except crypto.InvalidShare as error:
                return {"error": error.code}
            if result.kek:
                self.kek = result.kek
            return {
                "have": result.have,
                "need": result.need,
                "kek": base64.b64encode(self.kek).decode() if self.kek else None,
            }
        if op in {"share", "status"}:
            # Once unlocked, further shares are not needed: report nothing left to gather.
            current = self.collector.progress()
            return {"have": current.have, "need": current.need, "unlocked": bool(self.kek)}
        return {"error": "unknown-request"}


def serve(path: str, *, ready=None) -> None:
    """Answer requests on the Unix socket at `path` until the process ends."""
    socket_path = Path(path)
    socket_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    socket_path.unlink(missing_ok=True)
    old_umask = os.umask(0o177)
    try:
        listener = Listener(address=path, family="AF_UNIX")
    finally:
        os.umask(old_umask)
    os.chmod(path, 0o600)
    agent = Agent()
    if ready is not None:
        ready.set()
    with listener:
        while True:
            try:
                connection: Connection = listener.accept()
            except OSError:
                continue
            with connection:
                try:
                    message = json.loads(connection.recv_bytes(4096))
                    connection.send_bytes(json.dumps(agent.answer(message)).encode())
                except (OSError, EOFError, ValueError):
                    continue
