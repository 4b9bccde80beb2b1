"""Taking a compilation: freeze every unit's and every ASN's social media figures.

Memory stays bounded whatever the size of the agency: employees are read in primary-key
chunks (with their accounts, by the same key range), their rows are written with bulk inserts
chunk by chunk, and only per-unit tallies (one dict entry per unit) stay in memory until the
end, when they are rolled up along the unit paths and written in bulk too.

What counts (shown on the pages and in the user guide):
- employees: active ASN (PNS, PPPK, PPPK paruh waktu) of the agency; non-ASN staff are left out;
- accounts: their personal accounts registered before the end of the period, except rejected
  and inactive ones (those are listed in the drill-down with their status but not counted);
- followers: the latest follower count known for each counted account.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from gaung.registry.choices import EmployeeType
from gaung.registry.models import PATH_SEGMENT_WIDTH, Employee, OrganisationUnit
from gaung.reports.choices import CompilationStatus
from gaung.reports.figures import PLATFORM_KEYS, add_platforms
from gaung.reports.models import Compilation, CompilationEmployee, CompilationUnitRow
from gaung.socials.choices import AccountStatus
from gaung.socials.models import SocialAccount

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000
ASN_TYPES = (EmployeeType.PNS, EmployeeType.PPPK, EmployeeType.PPPK_PW)
COUNTED_STATUSES = frozenset({AccountStatus.VERIFIED, AccountStatus.UNVERIFIED})
OPD_PATH_LENGTH = 2 * (PATH_SEGMENT_WIDTH + 1)
ROW_FIGURES = (
    "own_employees",
    "own_with_account",
    "own_platforms",
    "employees",
    "with_account",
    "accounts",
    "verified",
    "unverified",
    "followers",
    "platforms",
    "coverage",
    "verified_share",
    "prev_employees",
    "prev_with_account",
    "prev_followers",
    "prev_platforms",
)

Progress = Callable[[int], None]


@dataclass
class Tally:
    """Running counts of one unit's own employees."""

    employees: int = 0
    with_account: int = 0
    accounts: int = 0
    verified: int = 0
    unverified: int = 0
    followers: int = 0
    platforms: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        """Add another tally into this one."""
        for name in ("employees", "with_account", "accounts", "verified", "unverified"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.followers += other.followers
        add_platforms(self.platforms, other.platforms)


def period_cutoff(compilation: Compilation, time_zone: str) -> datetime.datetime:
    """The first moment after the period: midnight after its last day, in the agency's zone."""
    next_day = compilation.period_end + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time(), zoneinfo.ZoneInfo(time_zone))


def previous_compilation(compilation: Compilation) -> Compilation | None:
    """The latest finished compilation of the same agency whose period ended earlier."""
    return (
        Compilation.objects.done()
        .filter(instansi_path=compilation.instansi_path, period_end__lt=compilation.period_end)
        .exclude(pk=compilation.pk)
        .order_by("-period_end", "-taken_at", "-pk")
        .first()
    )


def _full_name(front_title: str, name: str, back_title: str) -> str:
    full = f"{front_title} {name}".strip()
    return f"{full}, {back_title}" if back_title else full


def _accounts_by_employee(
    first_pk: int, last_pk: int, cutoff: datetime.datetime
) -> dict[int, list[dict]]:
    accounts = (
        SocialAccount.objects.filter(
            owner_employee_id__gte=first_pk,
            owner_employee_id__lte=last_pk,
            created_at__lt=cutoff,
        )
        .order_by("owner_employee_id", "platform", "handle")
        .values_list(
            "owner_employee_id", "platform", "handle", "profile_url", "followers", "status"
        )
    )
    grouped: dict[int, list[dict]] = defaultdict(list)
    for owner, platform, handle, url, followers, status in accounts:
        grouped[owner].append(
            {
                "platform": platform,
                "handle": handle,
                "url": url,
                "followers": followers,
                "status": status,
                "counted": status in COUNTED_STATUSES,
            }
        )
    return grouped


def _tally_employee(tally: Tally, accounts: Iterable[dict]) -> tuple[int, int, int]:
    """Count one employee into their unit's tally; returns (accounts, verified, followers)."""
    counted = [a for a in accounts if a["counted"]]
    tally.employees += 1
    if counted:
        tally.with_account += 1
    verified = 0
    followers = 0
    seen_platforms: set[str] = set()
    for account in counted:
        bucket = tally.platforms.setdefault(account["platform"], dict.fromkeys(PLATFORM_KEYS, 0))
        bucket["accounts"] += 1
        bucket["followers"] += account["followers"] or 0
        if account["status"] == AccountStatus.VERIFIED:
            bucket["verified"] += 1
            verified += 1
        else:
            bucket["unverified"] += 1
        if account["platform"] not in seen_platforms:
            seen_platforms.add(account["platform"])
            bucket["employees"] += 1
        followers += account["followers"] or 0
    tally.accounts += len(counted)
    tally.verified += verified
    tally.unverified += len(counted) - verified
    tally.followers += followers
    return len(counted), verified, followers


class SnapshotBuilder:
    """Builds the rows of one compilation; `run` is called by the Celery task.

    Two passes over the employees: the first only counts (so every unit row is inserted once,
    with its figures: updating thousands of rows afterwards would be far slower), the second
    writes the frozen employees and counts again. Should the counts differ because someone
    changed data meanwhile, the rows of the affected units are corrected, so the unit figures
    always agree with the frozen employees.
    """

    def __init__(self, compilation: Compilation, progress: Progress | None = None) -> None:
        self.compilation = compilation
        self.progress = progress or (lambda percent: None)
        self.instansi: OrganisationUnit = compilation.instansi
        self.cutoff = period_cutoff(compilation, self.instansi.time_zone)
        self.total = 0

    def employees(self) -> QuerySet[Employee]:
        """The employees a compilation counts: the agency's active ASN."""
        return Employee.objects.filter(
            unit__path__startswith=self.instansi.path,
            is_active=True,
            employee_type__in=ASN_TYPES,
        )

    def chunks(self, first: int, last: int) -> Iterator[tuple[list[tuple], dict[int, list]]]:
        """Employees in primary-key chunks, each with its employees' accounts."""
        queryset = self.employees().order_by("pk")
        columns = (
            "pk", "nip", "employee_type", "front_title", "name", "back_title", "position",
            "unit_id",
        )  # fmt: skip
        last_pk = 0
        done = 0
        while True:
            chunk = list(queryset.filter(pk__gt=last_pk).values_list(*columns)[:CHUNK_SIZE])
            if not chunk:
                return
            yield chunk, _accounts_by_employee(chunk[0][0], chunk[-1][0], self.cutoff)
            last_pk = chunk[-1][0]
            done += len(chunk)
            self.progress(first + int((last - first) * done / max(self.total, 1)))

    def count_pass(self) -> dict[int, Tally]:
        """Per-unit tallies of the units' own employees (nothing is written)."""
        own: dict[int, Tally] = defaultdict(Tally)
        for chunk, accounts in self.chunks(5, 35):
            for pk, *_rest, unit_id in chunk:
                _tally_employee(own[unit_id], accounts.get(pk, []))
        return own

    def unit_rows(self) -> dict[int, CompilationUnitRow]:
        """One unsaved row per unit of the agency, keyed by unit id."""
        units = list(
            OrganisationUnit.objects.filter(path__startswith=self.instansi.path).values_list(
                "pk", "name", "short_name", "kind", "path", "depth", "is_active"
            )
        )
        opd_names = {path: name for _pk, name, _s, _k, path, depth, _a in units if depth == 1}
        rows = {}
        for pk, name, short_name, kind, path, depth, is_active in units:
            row = CompilationUnitRow(
                compilation=self.compilation,
                unit_id=pk,
                name=name,
                short_name=short_name,
                kind=kind,
                path=path,
                depth=depth,
                opd_name=opd_names.get(path[:OPD_PATH_LENGTH], ""),
            )
            row.unit_is_active = is_active
            rows[pk] = row
        return rows

    def freeze_pass(self, rows: dict[int, CompilationUnitRow]) -> dict[int, Tally]:
        """Copy every counted employee with their accounts; returns the tallies seen now."""
        own: dict[int, Tally] = defaultdict(Tally)
        for chunk, accounts in self.chunks(40, 95):
            frozen = []
            for pk, nip, kind, front, name, back, position, unit_id in chunk:
                row = rows.get(unit_id)
                if row is None or row.pk is None:
                    continue  # moved into a unit created or reopened during the snapshot
                held = accounts.get(pk, [])
                count, verified, followers = _tally_employee(own[unit_id], held)
                platforms = sorted({a["platform"] for a in held if a["counted"]})
                frozen.append(
                    CompilationEmployee(
                        compilation=self.compilation,
                        unit_row=row,
                        employee_id=pk,
                        nip=nip or "",
                        employee_type=kind,
                        name=name,
                        full_name=_full_name(front, name, back),
                        position=position,
                        unit_name=row.name,
                        unit_path=row.path,
                        opd_name=row.opd_name,
                        accounts=held,
                        account_count=count,
                        verified_count=verified,
                        followers=followers,
                        has_account=count > 0,
                        platform_list="".join(f",{p}" for p in platforms)
                        + ("," if platforms else ""),
                        handles=" ".join(a["handle"] for a in held),
                    )
                )
            CompilationEmployee.objects.bulk_create(frozen, batch_size=1000)
        return own

    @staticmethod
    def roll_up(rows: dict[int, CompilationUnitRow], own: dict[int, Tally]) -> None:
        """Give each row its own figures and the sum over its whole subtree."""
        by_path = {row.path: row for row in rows.values()}
        subtree: dict[str, Tally] = defaultdict(Tally)
        for unit_id, tally in own.items():
            if unit_id not in rows:
                continue
            segments = rows[unit_id].path.rstrip(".").split(".")
            for length in range(1, len(segments) + 1):
                ancestor = ".".join(segments[:length]) + "."
                if ancestor in by_path:
                    subtree[ancestor].add(tally)
        for unit_id, row in rows.items():
            mine = own.get(unit_id, Tally())
            total = subtree.get(row.path, Tally())
            row.own_employees = mine.employees
            row.own_with_account = mine.with_account
            row.own_platforms = mine.platforms
            row.employees = total.employees
            row.with_account = total.with_account
            row.accounts = total.accounts
            row.verified = total.verified
            row.unverified = total.unverified
            row.followers = total.followers
            row.platforms = total.platforms
            row.coverage = total.with_account / total.employees if total.employees else 0.0
            row.verified_share = total.verified / total.accounts if total.accounts else 0.0

    @staticmethod
    def compare(rows: dict[int, CompilationUnitRow], previous: Compilation | None) -> None:
        """Copy the previous compilation's figures of the same unit (by unit, else by path)."""
        if previous is None:
            return
        earlier = list(
            CompilationUnitRow.objects.filter(compilation=previous).values_list(
                "unit_id", "path", "employees", "with_account", "followers", "platforms"
            )
        )
        by_unit = {entry[0]: entry for entry in earlier if entry[0] is not None}
        by_path = {entry[1]: entry for entry in earlier}
        for row in rows.values():
            match = by_unit.get(row.unit_id) or by_path.get(row.path)
            if match is None:
                continue
            _unit, _path, employees, with_account, followers, platforms = match
            row.prev_employees = employees
            row.prev_with_account = with_account
            row.prev_followers = followers
            row.prev_platforms = platforms

    def correct(self, rows: dict[int, CompilationUnitRow], own: dict[int, Tally]) -> int:
        """Re-roll with the second pass's tallies; update the rows that changed."""
        before = {unit_id: _figures(row) for unit_id, row in rows.items()}
        self.roll_up(rows, own)
        changed = [row for unit_id, row in rows.items() if _figures(row) != before[unit_id]]
        for row in changed:
            CompilationUnitRow.objects.filter(pk=row.pk).update(
                **{name: getattr(row, name) for name in ROW_FIGURES}
            )
        return len(changed)

    def run(self) -> None:
        """Take the snapshot; the compilation is `done` only once every row is written."""
        self.total = self.employees().count()
        self.progress(2)
        own = self.count_pass()
        rows = self.unit_rows()
        self.roll_up(rows, own)
        previous = previous_compilation(self.compilation)
        self.compare(rows, previous)
        # A unit closed before the snapshot with nobody left in it is not part of the report.
        kept = {
            unit_id: row for unit_id, row in rows.items() if row.unit_is_active or row.employees
        }
        CompilationUnitRow.objects.bulk_create(kept.values(), batch_size=500)
        self.progress(38)
        seen = self.freeze_pass(kept)
        if seen != own:
            changed = self.correct(kept, seen)
            logger.info("Compilation %s: %s rows corrected", self.compilation.pk, changed)
        Compilation.objects.filter(pk=self.compilation.pk).update(
            status=CompilationStatus.DONE, progress=100, previous=previous, error=""
        )


def _figures(row: CompilationUnitRow) -> tuple:
    return tuple(getattr(row, name) for name in ROW_FIGURES if not name.startswith("prev_"))


def _set_progress(compilation_id: int) -> Progress:
    last = {"percent": -1}

    def report(percent: int) -> None:
        """Store the percentage when it moved forward."""
        # One UPDATE per step of at least 1 %: enough for the progress bar, cheap for the database.
        percent = max(0, min(99, percent))
        if percent > last["percent"]:
            last["percent"] = percent
            Compilation.objects.filter(pk=compilation_id).update(progress=percent)

    return report


def discard_rows(compilation_id: int) -> None:
    """Delete a compilation's rows; employee rows go first, in one DELETE (none is loaded)."""
    CompilationEmployee.objects.filter(compilation_id=compilation_id).delete()
    CompilationUnitRow.objects.filter(compilation_id=compilation_id).delete()


def take_snapshot(compilation_id: int) -> Compilation | None:
    """Fill one compilation with frozen rows; safe to run again (it starts over unless done)."""
    compilation = Compilation.objects.select_related("instansi").filter(pk=compilation_id).first()
    if compilation is None or compilation.is_done:
        return compilation
    if compilation.instansi is None:
        Compilation.objects.filter(pk=compilation_id).update(
            status=CompilationStatus.FAILED, error="The agency no longer exists."
        )
        return compilation
    # A retry (a worker lost mid-way) starts from nothing: rows of an earlier attempt go first.
    discard_rows(compilation_id)
    Compilation.objects.filter(pk=compilation_id).update(
        status=CompilationStatus.RUNNING, progress=0, error="", taken_at=timezone.now()
    )
    compilation.refresh_from_db()
    try:
        SnapshotBuilder(compilation, _set_progress(compilation_id)).run()
    except Exception as error:
        logger.exception("Compilation %s could not be taken", compilation_id)
        discard_rows(compilation_id)
        Compilation.objects.filter(pk=compilation_id).update(
            status=CompilationStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
    compilation.refresh_from_db()
    return compilation
