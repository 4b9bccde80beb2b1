"""Background work of the reports app."""

from celery import shared_task

from gaung.reports.snapshot import take_snapshot


@shared_task(name="gaung.reports.take_compilation")
def take_compilation_task(compilation_id: int) -> str | None:
    """Freeze the figures of one compilation; returns its final status (idempotent)."""
    compilation = take_snapshot(compilation_id)
    return compilation.status if compilation else None
