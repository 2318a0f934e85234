"""Unlocking vecinos after a locked start, one staff member's share at a time."""

from __future__ import annotations

from django.conf import settings

from vecinos.core.audit import log_action

from . import crypto, keyagent
from .audit import AuditCode

# The shares typed into this process so far, held in memory only. With a key agent
# (VECINOS_KEY_AGENT_SOCKET) the agent holds them instead, for every process on the machine.
_collector = crypto.ShareCollector()


def unlock_progress() -> crypto.UnlockProgress:
    """Return how many shares have been entered and how many are needed."""
    socket = settings.VECINOS_KEY_AGENT_SOCKET
    if socket:
        try:
            return keyagent.progress(socket)
        except keyagent.AgentUnavailable:
            return crypto.UnlockProgress(have=0, need=0)
    return _collector.progress()


def submit_share(share: str, *, user) -> crypto.UnlockProgress:
    """Add one share; when enough are in, unlock this process. Raise InvalidShare if refused."""
    socket = settings.VECINOS_KEY_AGENT_SOCKET
    try:
        if socket:
            try:
                progress = keyagent.send_share(socket, share)
            except keyagent.AgentUnavailable:
                raise crypto.InvalidShare("no-agent") from None
        else:
            progress = _collector.add(share)
        if progress.kek:
            try:
                crypto.unlock(progress.kek)
            except crypto.InvalidShare:
                # The shares fit together but belong to a key the data keys are not wrapped
                # by (an older key): start over rather than keep a useless key.
                if socket:
                    keyagent.reset(socket)
                raise
    except crypto.InvalidShare as error:
        log_action(user, AuditCode.SHARE_REFUSED, detail={"reason": error.code})
        raise
    if progress.kek:
        log_action(user, AuditCode.KEY_UNLOCKED, detail={"shares": progress.need})
    else:
        log_action(
            user, AuditCode.SHARE_ENTERED, detail={"have": progress.have, "need": progress.need}
        )
    return crypto.UnlockProgress(have=progress.have, need=progress.need)
