"""Background work of the content workflow."""

from celery import shared_task

from gaung.content.notifications import notify_overdue


# Scheduled hourly by CELERY_BEAT_SCHEDULE; safe to run more often (once per item and state).
@shared_task(name="gaung.content.notify_overdue")
def notify_overdue_task() -> dict[str, int]:
    """Tell the people overdue items wait on; returns the counts."""
    return notify_overdue()
