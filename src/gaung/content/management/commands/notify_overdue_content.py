"""`gaung notify_overdue_content`: the hourly overdue run, for installs that use cron."""

from django.core.management.base import BaseCommand

from gaung.content.notifications import notify_overdue


class Command(BaseCommand):
    help = (
        "Tell the team members an overdue content item waits on (once per item and workflow "
        "state). Safe to run every hour."
    )

    def handle(self, *args, **options) -> None:
        counts = notify_overdue()
        self.stdout.write(
            f"{counts['notified']} notified, {counts['skipped']} already notified, "
            f"{counts['failed']} failed, {counts['overdue']} overdue items."
        )
