"""`gaung import roster|accounts FILE`: the import flow without the browser, synchronously.

Progress goes to stderr for people; the last line on stdout is one JSON object for scripts:
{"job", "status", "new", "changed", "unchanged", "invalid", "deactivated", "new_units",
"errors": [{"row", "column", "value", "reason"}, ...]} (row = line number in the file, header 1).
Exit status: 0 success, 1 invalid rows (they block a commit unless --skip-invalid),
2 the file cannot be read, 3 the command cannot run (unknown user or agency, no permission).
"""

import json
import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandParser

from gaung.core.permissions import PermissionDenied, ValidationError
from gaung.imports.actions import commit_import, create_import_job, validate_import
from gaung.imports.choices import COUNT_KEYS, ImportKind, ImportStatus
from gaung.imports.models import ImportJob
from gaung.imports.planner import commit_blocker
from gaung.registry.models import OrganisationUnit

EXIT_INVALID = 1
EXIT_FILE_PROBLEM = 2
EXIT_CANNOT_RUN = 3


class _Stop(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Command(BaseCommand):
    help = (
        "Import a personnel roster or social media accounts from an XLSX, XLS, ODS or CSV file. "
        "Without --commit only the preview is made (nothing is saved). Prints one line of JSON "
        "last: the counts and the invalid rows. Exit status 0 = success, 1 = invalid rows, "
        "2 = unreadable file, 3 = cannot run (unknown user or agency, no permission)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="{roster,accounts}")
        roster = kinds.add_parser("roster", help="Employees and units (SIASN/SIMPEG export).")
        accounts = kinds.add_parser("accounts", help="Employees' social media accounts.")
        for sub in (roster, accounts):
            sub.add_argument("file", type=Path, help="The file to import.")
            sub.add_argument("--commit", action="store_true", help="Save when the file is valid.")
            sub.add_argument(
                "--skip-invalid",
                action="store_true",
                help="Save the valid rows even when some rows are invalid.",
            )
            sub.add_argument(
                "--user",
                help="Act as this user (their permissions and name in the audit trail); "
                "without it the command acts as the system.",
            )
            sub.add_argument(
                "--instansi",
                type=int,
                help="Id of the agency to import into (needed when there are several).",
            )
        roster.add_argument(
            "--full",
            action="store_true",
            help="Full roster: mark the agency's employees missing from the file inactive.",
        )
        roster.add_argument(
            "--create-units",
            action="store_true",
            help="Create a perangkat daerah named in Unit Induk when it does not exist.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the import and print the JSON result; exits with the status described above."""
        try:
            result, code = self._run(options)
        except _Stop as stop:
            self.stderr.write(stop.message)
            result, code = {"job": None, "status": "error", "problem": stop.message}, stop.code
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        if code:
            raise SystemExit(code)

    def _run(self, options: dict[str, Any]) -> tuple[dict[str, Any], int]:
        kind = options["kind"]
        path: Path = options["file"]
        if not path.is_file():
            raise _Stop(EXIT_FILE_PROBLEM, f"No such file: {path}")
        actor = self._user(options.get("user"))
        instansi = self._instansi(options.get("instansi"))
        started = time.perf_counter()
        self.stderr.write(f"Checking {path.name} …")
        try:
            with path.open("rb") as handle:
                job = create_import_job(
                    actor,
                    kind=kind,
                    file=File(handle, name=path.name),
                    instansi=instansi,
                    full_roster=options.get("full", False),
                    create_units=options.get("create_units", False),
                    enqueue=False,
                )
        except PermissionDenied as error:
            raise _Stop(EXIT_CANNOT_RUN, str(error)) from error
        except ValidationError as error:
            raise _Stop(EXIT_CANNOT_RUN, " ".join(error.messages)) from error
        self._last_tenth = -1
        job = validate_import(job, on_progress=self._progress)
        if job.status == ImportStatus.FAILED:
            self.stderr.write(job.problem)
            return self._result(job), EXIT_FILE_PROBLEM
        self.stderr.write(self._summary(job, time.perf_counter() - started))
        earlier = ImportJob.objects.same_file_committed(job).order_by("-committed_at").first()
        if earlier:
            self.stderr.write(
                f"This same file was already saved on {earlier.committed_at:%Y-%m-%d %H:%M} "
                f"(import #{earlier.pk})."
            )
        skip_invalid = options["skip_invalid"]
        blocker = commit_blocker(
            kind=kind, full_roster=job.full_roster, counts=job.counts, skip_invalid=skip_invalid
        )
        if not options["commit"]:
            self.stderr.write("Preview only: nothing was saved (use --commit to save).")
            return self._result(job), EXIT_INVALID if blocker else 0
        if blocker:
            self.stderr.write(f"Not saved: {blocker}")
            return self._result(job), EXIT_INVALID
        self.stderr.write("Saving …")
        try:
            job = commit_import(actor, job, skip_invalid=skip_invalid)
        except ValidationError as error:
            job.refresh_from_db()
            self.stderr.write("Not saved: " + " ".join(error.messages))
            return self._result(job), EXIT_INVALID
        except PermissionDenied as error:
            raise _Stop(EXIT_CANNOT_RUN, str(error)) from error
        if job.status != ImportStatus.COMMITTED:
            self.stderr.write(job.problem)
            return self._result(job), EXIT_FILE_PROBLEM
        self.stderr.write(f"Saved in {time.perf_counter() - started:.1f} s.")
        return self._result(job), 0

    def _user(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise _Stop(EXIT_CANNOT_RUN, f"No user named {username!r}.")
        return user

    def _instansi(self, pk: int | None) -> OrganisationUnit | None:
        if pk is None:
            return None
        unit = OrganisationUnit.objects.filter(pk=pk, parent__isnull=True).first()
        if unit is None:
            raise _Stop(EXIT_CANNOT_RUN, f"No agency (instansi) has id {pk}.")
        return unit

    def _progress(self, done: int, total: int | None) -> None:
        """Print the progress of the check to stderr about every 10 %."""
        if total:
            tenth = done * 10 // total
            if tenth > self._last_tenth:
                self._last_tenth = tenth
                self.stderr.write(f"  {done} of {total} rows")
        elif done and done % 10_000 == 0:
            self.stderr.write(f"  {done} rows")

    def _summary(self, job: ImportJob, seconds: float) -> str:
        counts = job.count_values
        kind = "employees" if job.kind == ImportKind.ROSTER else "accounts"
        parts = [f"{counts[key]} {key.replace('_', ' ')}" for key in COUNT_KEYS]
        return f"Checked {job.count('rows')} rows in {seconds:.1f} s ({kind}): " + ", ".join(parts)

    def _result(self, job: ImportJob) -> dict[str, Any]:
        errors = [
            {"row": row, "column": column, "value": value, "reason": reason}
            for row, column, value, reason in job.row_errors.values_list(
                "row", "column", "value", "reason"
            )
        ]
        return {"job": job.pk, "status": job.status, **job.count_values, "errors": errors}
