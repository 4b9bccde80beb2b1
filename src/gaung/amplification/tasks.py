"""Background work of amplification."""

from celery import shared_task

from gaung.amplification.reminders import send_due_reminders


# Scheduled hourly by CELERY_BEAT_SCHEDULE; safe to run more often (once a day per person).
@shared_task(name="gaung.amplification.send_reminders")
def send_reminders_task() -> dict[str, int]:
    """Remind ASN with unfinished campaigns that close soon; returns the counts."""
    return send_due_reminders()
