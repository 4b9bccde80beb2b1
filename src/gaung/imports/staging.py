"""New employees staged by the preview, so that the commit inserts them in one SQL statement.

The preview already knows every new employee's row except its primary key and timestamps. It
writes those rows, in the order the commit numbers them, into a table of its own
(`imports_staged_employee_<job>`, UNLOGGED on PostgreSQL), and encodes their audit batches
(see core.audit.encode_batch). The commit then runs one `INSERT … SELECT` from that table
inside its transaction: no row passes through Python while the agency's data is locked.

Staging is only a speed-up, like the stored plan it belongs to (stored.py): a commit that
cannot use it (the plan is stale, the table is missing or incomplete) plans the file again
and writes the rows itself. Rows of new units are not staged (their ids come with the commit).
Tables of jobs that will not be committed are dropped by `discard` and `discard_stale`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from gaung.core import audit
from gaung.imports import driver
from gaung.imports.choices import ImportKind, ImportStatus
from gaung.imports.planner import DECODED_FIELDS, EMPLOYEE_FIELDS, Plan
from gaung.registry.actions import EMPLOYEE_FIELDS as AUDITED_EMPLOYEE_FIELDS
from gaung.registry.models import Employee

logger = logging.getLogger(__name__)

PREFIX = "imports_staged_employee_"
_UNIT = EMPLOYEE_FIELDS.index("unit")
# The staged columns, in the order rows are written (after `seq`): what the commit copies.
COLUMNS = ("nip", *EMPLOYEE_FIELDS[:_UNIT], "unit_id", *EMPLOYEE_FIELDS[_UNIT + 1 :],
           *DECODED_FIELDS)  # fmt: skip


@dataclass(frozen=True)
class StagedPart:
    """One audit batch: the new employees of one unit with sequence numbers first … first+n-1."""

    unit_path: str
    first: int
    count: int
    encoded: str  # core.audit.encode_batch of their names and audited values


@dataclass
class Staged:
    """What the preview staged for the commit (kept in the stored plan)."""

    table: str
    count: int
    parts: list[StagedPart] = field(default_factory=list)


def table_name(job_id: int) -> str:
    return f"{PREFIX}{int(job_id)}"


def employee_parts(plan: Plan, batch_records: int) -> Iterator[tuple[int | str, list[tuple]]]:
    """The plan's new employees by unit (file order within), in parts of `batch_records`.

    The commit numbers them in this order, so each part gets consecutive ids.
    """
    by_unit: dict[int | str, list[tuple]] = {}
    for create in plan.employee_creates:
        by_unit.setdefault(create[2][_UNIT], []).append(create)
    for reference, group in by_unit.items():
        for start in range(0, len(group), batch_records):
            yield reference, group[start : start + batch_records]


def stage(job, plan: Plan) -> Staged | None:
    """Write the plan's new employees into the job's staging table (the preview's last step)."""
    from gaung.imports import commit

    discard(job.pk)
    if plan.kind != ImportKind.ROSTER or not plan.employee_creates:
        return None
    if any(isinstance(create[2][_UNIT], str) for create in plan.employee_creates):
        return None
    rows: list[tuple] = []
    parts: list[StagedPart] = []
    for reference, part in employee_parts(plan, commit.BATCH_RECORDS):
        first = len(rows)
        audited = [(nip, *values) for _row, nip, values, _decoded, _name in part]
        rows += [
            (first + index, *values, *create[3])
            for index, (values, create) in enumerate(zip(audited, part, strict=True))
        ]
        names = [create[4] for create in part]
        parts.append(
            StagedPart(plan.unit_paths[reference], first, len(part),
                       audit.encode_batch(names, audited))
        )  # fmt: skip
    name = table_name(job.pk)
    with transaction.atomic():
        _create(name)
        driver.insert_rows(name, ("seq", *COLUMNS), rows)
    return Staged(table=name, count=len(rows), parts=parts)


def _column_types() -> list[str]:
    fields = {field.column: field for field in Employee._meta.concrete_fields}
    return [fields[column].db_type(connection) for column in COLUMNS]


def _create(name: str) -> None:
    unlogged = "UNLOGGED " if connection.vendor == "postgresql" else ""
    columns = ", ".join(
        f'"{column}" {kind}' for column, kind in zip(COLUMNS, _column_types(), strict=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE {unlogged}TABLE "{name}" ("seq" integer PRIMARY KEY, {columns})')


def is_complete(staged: Staged) -> bool:
    """True when the staging table is there with exactly the rows the plan expects."""
    if staged.table not in set(_staging_tables()):
        return False
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*), MIN("seq"), MAX("seq") FROM "{staged.table}"')  # noqa: S608
        count, lowest, highest = cursor.fetchone()
    return (count, lowest, highest) == (staged.count, 0, staged.count - 1)


def insert_staged(staged: Staged, *, first_id: int, constant: dict[str, object]) -> int:
    """INSERT the staged rows as employees first_id, first_id + 1, …; returns the row count.

    `constant` holds the columns every new row shares (timestamps, defaults), as the driver
    takes them; columns whose value is NULL are left to the table.
    """
    constant = {column: value for column, value in constant.items() if value is not None}
    target = ", ".join(f'"{column}"' for column in ("id", *COLUMNS, *constant))
    picked = ", ".join(f'"{column}"' for column in COLUMNS)
    extra = "".join(", %s" for _ in constant)
    statement = (
        f'INSERT INTO "{Employee._meta.db_table}" ({target}) '  # noqa: S608 (our names)
        f'SELECT %s + "seq", {picked}{extra} FROM "{staged.table}" ORDER BY "seq"'
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [first_id, *constant.values()])
        return cursor.rowcount


def audit_batches(staged: Staged, first_id: int) -> Iterator[tuple[StagedPart, int, str]]:
    """Each part with its first employee id and its `batch_records` text."""
    for part in staged.parts:
        first = first_id + part.first
        yield part, first, audit.compose_batch(AUDITED_EMPLOYEE_FIELDS, first, part.encoded)


def _staging_tables() -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return [name for name in names if name.startswith(PREFIX)]


def discard(job_id: int) -> None:
    """Drop the job's staging table, if any (after its commit, or when it is planned again)."""
    name = table_name(job_id)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
    except Exception:
        logger.warning("Could not drop the staging table %s", name, exc_info=True)


def discard_stale() -> int:
    """Drop the staging tables no commit can use any more; returns how many were dropped.

    A stored plan is only used on the day it was made and while its job is ready to save.
    """
    from gaung.imports.models import ImportJob

    tables = {int(name.removeprefix(PREFIX)): name for name in _staging_tables()
              if name.removeprefix(PREFIX).isdigit()}  # fmt: skip
    usable = set(
        ImportJob.objects.filter(
            pk__in=list(tables),
            status__in=[ImportStatus.READY, ImportStatus.COMMITTING],
            validated_at__date=timezone.localdate(),
        ).values_list("pk", flat=True)
    )
    dropped = 0
    for job_id, _name in tables.items():
        if job_id not in usable:
            discard(job_id)
            dropped += 1
    return dropped


__all__ = [
    "Staged",
    "StagedPart",
    "audit_batches",
    "discard",
    "discard_stale",
    "employee_parts",
    "insert_staged",
    "is_complete",
    "stage",
]
