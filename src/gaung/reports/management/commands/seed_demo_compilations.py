"""`gaung seed_demo_compilations`: last year's and this year's compilation of the demo city."""

import time

from django.core.management.base import BaseCommand, CommandParser

from gaung.registry.demo import DEFAULT_SEED
from gaung.reports import demo


class Command(BaseCommand):
    """Seed the demo compilations."""

    help = (
        "Give the demo city (from seed_demo) a letterhead and two compilations — last year's "
        "and this year's — so the growth chart has two points. A seeded share of the demo "
        "accounts is dated back into last year first. Does nothing when the demo city already "
        "has compilations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Random seed for the registration dates (default %(default)s).",
        )

    def handle(self, *args, seed: int, **options) -> None:
        """Take the demo compilations (once) and say what happened."""
        started = time.perf_counter()
        result = demo.seed(seed=seed)
        if not result.created:
            self.stdout.write(f"Demo compilations: nothing to do. {result.message}")
            return
        elapsed = time.perf_counter() - started
        for compilation in result.compilations:
            self.stdout.write(f"  {compilation.title}: {compilation.get_status_display()}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo compilations taken in {elapsed:.1f} s "
                "(open them under Compilation, /reports/compilations/)."
            )
        )
