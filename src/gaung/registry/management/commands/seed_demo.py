"""`gaung seed_demo`: fill an empty install with the fictional Kota Harapan and demo logins."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gaung.registry import demo


class Command(BaseCommand):
    help = (
        "Create demo data: the fictional 'Pemerintah Kota Harapan' with about 30 departments, "
        "employees with personal social media accounts, official accounts, and one login per "
        "role. Does nothing but print the logins when the demo data is already there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--employees",
            type=int,
            default=demo.DEFAULT_EMPLOYEES,
            help="How many employees (default %(default)s).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help="Random seed: the same seed gives the same city (default %(default)s).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="First delete ALL organisation units, employees, social media accounts, their "
            "audit events and employees' logins, then create the demo data again.",
        )

    def handle(self, *args, employees: int, seed: int, reset: bool, **options) -> None:
        """Seed (or find) the demo data and print the logins."""
        started = time.perf_counter()
        try:
            result = demo.seed(employees=employees, seed=seed, wipe=reset)
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data created in {elapsed:.1f} s: {result.units} units, "
                    f"{result.employees} employees, {result.accounts} social media accounts."
                )
            )
        else:
            self.stdout.write(
                f"Demo data already present ({demo.INSTANSI_NAME}): nothing created. "
                "Use --reset to start again."
            )
        self.print_logins(result)

    def print_logins(self, result: demo.DemoResult) -> None:
        """The demo logins as a table, with the password they share."""
        header = ("Role", "Username", "Password", "Can see")
        rows = [
            (login.role, login.username, result.password, login.note) for login in result.logins
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        rule = "+-" + "-+-".join("-" * width for width in widths) + "-+"

        def line(cells: tuple[str, ...]) -> str:
            return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        self.stdout.write(rule)
        self.stdout.write(line(header))
        self.stdout.write(rule)
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write(rule)
        self.stdout.write(
            "The ASN logs in with their NIP as the username. Running seed_demo again resets "
            "these passwords."
        )
