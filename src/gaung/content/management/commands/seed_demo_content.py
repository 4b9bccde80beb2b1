"""`gaung seed_demo_content`: Dinas Kesehatan's content team of the demo city, at work."""

from django.core.management.base import BaseCommand

from gaung.content import demo
from gaung.registry.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Give the demo city's Dinas Kesehatan a content team (admin.dinkes as supervisor and "
        "publisher, a designer login, the demo ASN as contributor), twelve content items in "
        "every workflow state, ideas and this month's strategy target. Does nothing when the "
        "demo city already has content."
    )

    def handle(self, *args, **options) -> None:
        result = demo.seed()
        if not result.created:
            self.stdout.write(f"Demo content: nothing to do. {result.message}")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content created: {len(result.items)} items (open /content/ and "
                f"/content/calendar/). Designer login: {result.designer} / {DEMO_PASSWORD}"
            )
        )
