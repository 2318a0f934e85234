"""E-mail through Django's configured EMAIL_BACKEND (SMTP or a provider's backend)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid

from .base import ChannelBackend, PermanentFailure, RetryLater, SendResult


class EmailChannel(ChannelBackend):
    def send(self, message) -> SendResult:
        message_id = make_msgid(domain=_sender_domain())
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_address],
            headers={"Message-ID": message_id},
            connection=get_connection(fail_silently=False),
        )
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            code = next(iter(exc.recipients.values()))[0] if exc.recipients else 550
            raise _by_code(code) from None
        except smtplib.SMTPResponseException as exc:
            raise _by_code(exc.smtp_code) from None
        except (smtplib.SMTPException, OSError):
            # Refused, dropped or timed out (OSError covers all three): it may be back soon.
            raise RetryLater(code="smtp-unreachable", backpressure=False) from None
        return SendResult(message_id.strip("<>"))


def _by_code(code: int) -> Exception:
    # 4xx replies are temporary by definition (RFC 5321); 421 and 450-452 are what servers
    # say when they want fewer messages, so they slow us down without counting against the
    # message. 5xx means this message will never be accepted.
    if 400 <= code < 500:
        return RetryLater(code=f"smtp-{code}", backpressure=code in {421, 450, 451, 452})
    return PermanentFailure(f"smtp-{code}")


def _sender_domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    return address.rpartition("@")[2] or "localhost"
