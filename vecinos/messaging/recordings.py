"""Voice recordings the provider made during a call: fetched once, then deleted there.

Twilio keeps what a caller says on its servers and posts its address (RecordingUrl) to the
voice webhook. An app that files the message (the hotline's voice reports) fetches the audio
once through `fetch_recording`, stores it encrypted itself, and calls `delete_recording` right
after, so nothing stays at the provider. Only the recording's id is taken from the address;
vecinos never opens an address a request gave it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .channels.base import RetryLater


class RecordingUnavailable(Exception):
    """The provider could not answer now; try again later."""


class RecordingGone(Exception):
    """The provider holds no such recording (deleted already, or never this account's)."""


@dataclass(frozen=True)
class FetchedRecording:
    data: bytes
    content_type: str


def _provider():
    from .channels import twilio_sms

    return twilio_sms


def _sid(url: str) -> str:
    sid = _provider().recording_sid(url)
    if sid is None:
        raise RecordingGone("not a recording of this account")
    return sid


def fetch_recording(url: str) -> FetchedRecording:
    """Download a recording's audio from the provider."""
    provider = _provider()
    try:
        data, content_type = provider.TwilioRecordings().fetch(_sid(url))
    except LookupError:
        raise RecordingGone("no such recording") from None
    except RetryLater as exc:
        raise RecordingUnavailable(str(exc)) from None
    return FetchedRecording(data, content_type)


def delete_recording(url: str) -> None:
    """Delete a recording at the provider; one already gone counts as deleted."""
    provider = _provider()
    try:
        provider.TwilioRecordings().delete(_sid(url))
    except (LookupError, RecordingGone):
        return
    except RetryLater as exc:
        raise RecordingUnavailable(str(exc)) from None
