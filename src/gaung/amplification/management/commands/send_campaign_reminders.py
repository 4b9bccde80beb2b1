"""`gaung send_campaign_reminders`: the hourly reminder run, for installs that use cron."""

from django.core.management.base import BaseCommand

from gaung.amplification.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Remind ASN who have not finished a campaign that closes soon (at most once a day "
        "per person). Safe to run every hour."
    )

    def handle(self, *args, **options) -> None:
        counts = send_due_reminders()
        self.stdout.write(
            f"{counts['reminded']} reminded, {counts['skipped']} already reminded today, "
            f"{counts['campaigns']} campaigns closing soon."
        )
