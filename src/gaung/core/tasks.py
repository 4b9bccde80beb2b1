"""Background tasks every app may use: a worker health check and sending one e-mail."""

from collections.abc import Sequence
from typing import Any

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction


@shared_task(name="gaung.core.ping")
def ping_task(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """Return the arguments unchanged: proves that a worker takes tasks and returns results."""
    return {"args": list(args), "kwargs": kwargs}


# A mail server that is briefly unreachable (OSError covers refused connections and SMTP
# disconnects) must not lose the message: retry with a growing pause instead.
@shared_task(
    name="gaung.core.send_mail",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=900,
    max_retries=8,
)
def send_mail_task(subject: str, body: str, to: str | Sequence[str]) -> int:
    """Send one plain-text e-mail from DEFAULT_FROM_EMAIL; returns the number of messages sent."""
    recipients = [to] if isinstance(to, str) else list(to)
    return send_mail(subject, body, None, recipients)


def queue_mail(subject: str, body: str, to: str | Sequence[str]) -> None:
    """Send an e-mail in the background once the current transaction has committed."""
    recipients = [to] if isinstance(to, str) else list(to)
    # After commit: a rolled-back action must not have told anyone that it happened.
    transaction.on_commit(lambda: send_mail_task.delay(subject, body, recipients))
