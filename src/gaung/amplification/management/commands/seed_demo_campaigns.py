"""`gaung seed_demo_campaigns`: amplification campaigns of the demo city, with participation."""

import time

from django.core.management.base import BaseCommand, CommandParser

from gaung.amplification import demo
from gaung.registry.demo import DEFAULT_SEED


class Command(BaseCommand):
    help = (
        "Give the demo city (from seed_demo) three amplification campaigns — two running, one "
        "closed — with simulated proofs and tracked-link clicks. Does nothing when the demo "
        "city already has campaigns."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed.")

    def handle(self, *args, seed: int, **options) -> None:
        started = time.perf_counter()
        result = demo.seed(seed=seed)
        if not result.created:
            self.stdout.write(f"Demo campaigns: nothing to do. {result.message}")
            return
        for campaign in result.campaigns:
            self.stdout.write(f"  {campaign.title}: {campaign.assignments.count()} assigned")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo campaigns created in {time.perf_counter() - started:.1f} s "
                "(open them under Campaigns, /campaigns/)."
            )
        )
