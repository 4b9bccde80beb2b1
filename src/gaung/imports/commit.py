"""Apply a Plan to the database in bulk, with an audit trail of every created or changed record.

Called inside the commit's single transaction (see actions.commit_import): any exception
here rolls back every unit, employee, account and audit event written so far.

Employees, accounts and audit events go straight through the database driver (executemany on
SQLite, COPY on PostgreSQL) inside that same transaction: the ORM's per-object work was most of
the cost of a 100,000-row commit. The rows written are the ones bulk_create would write
(field defaults, auto_now timestamps).

Every changed record gets its own audit event. New employees and accounts are recorded in batch
events instead, one per unit and run of consecutive ids (at most BATCH_RECORDS), holding each
record's values: core.audit.events_for shows every record exactly the creation event it would
have had on its own (see docs/decisions/0003-batched-creation-audit.md).
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import orjson
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from gaung.core import audit
from gaung.core.bulk import collector_paused
from gaung.core.choices import AuditAction
from gaung.core.models import AuditEvent
from gaung.imports import driver, staging
from gaung.imports.choices import ImportKind
from gaung.imports.planner import (
    DECODED_FIELDS,
    EMPLOYEE_FIELDS,
    Plan,
    decode_number,
    full_name,
)
from gaung.registry.actions import EMPLOYEE_FIELDS as AUDITED_EMPLOYEE_FIELDS
from gaung.registry.actions import UNIT_FIELDS
from gaung.registry.models import PATH_SEGMENT_WIDTH, Employee, OrganisationUnit


def _json_text(value: Any) -> str:
    # orjson: a tenth of json.dumps' time, which was a sixth of a big commit.
    return orjson.dumps(value, default=str).decode()


# Rows per INSERT/UPDATE statement, and records handled per round (bounds memory).
BATCH = 500
ROUND = 2000
# Records per batch creation event: its payload stays small enough to read for one record.
BATCH_RECORDS = 1000
# Negative: KiB, as SQLite's PRAGMA cache_size takes it (an upper bound, not an allocation).
_SQLITE_CACHE_KIB = -256 * 1024
# create_employees builds each audit snapshot straight from the plan's value tuple.
if ("nip", *EMPLOYEE_FIELDS) != AUDITED_EMPLOYEE_FIELDS:
    raise RuntimeError("registry.actions.EMPLOYEE_FIELDS and the planner's fields diverged.")


def _rounds(items: list, size: int = ROUND) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Table:
    """Bulk INSERT/UPDATE of one model's rows through the driver, inside the open transaction."""

    def __init__(
        self,
        model: type[models.Model],
        given: tuple[str, ...],
        now: datetime.datetime,
        *,
        adapted: tuple[str, ...] = (),
    ):
        """`adapted`: given columns whose values already are what the driver takes."""
        self.model = model
        self.table = model._meta.db_table
        self.sqlite = connection.vendor == "sqlite"
        fields = {field.attname: field for field in model._meta.concrete_fields}
        self.given = given
        # Columns not given take what bulk_create would write: auto_now(_add) or the default.
        self.constant: dict[str, Any] = {}
        for attname, field in fields.items():
            if attname in given or field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value: Any = now
            else:
                value = field.get_default()
            self.constant[field.column] = self._adapt(field, value)
        self.given_fields = [fields[name] for name in given]
        self.columns = [field.column for field in self.given_fields] + list(self.constant)
        # Only these types need converting for the driver; every other value goes as it is.
        self.converters = [
            None if field.attname in adapted else self._converter(field, given=True)
            for field in self.given_fields
        ]

    def _adapt(self, field: models.Field, value: Any) -> Any:
        convert = self._converter(field)
        return convert(value) if convert and value is not None else value

    def _converter(self, field: models.Field, *, given: bool = False):
        if isinstance(field, models.JSONField):
            return _json_text
        if self.sqlite and isinstance(field, models.DateTimeField):
            return connection.ops.adapt_datetimefield_value
        if self.sqlite and isinstance(field, models.DateField):
            return datetime.date.isoformat
        if not given and isinstance(field, models.CharField | models.TextField):
            # Defaults may be TextChoices members (str subclasses): written as plain strings.
            return str
        return None

    def _rows(self, rows: list[tuple]) -> Iterator[tuple]:
        converters = list(enumerate(self.converters))
        constant = tuple(self.constant.values())
        active = [(i, f) for i, f in converters if f is not None]
        for row in rows:
            if active:
                row = list(row)
                for index, convert in active:
                    if row[index] is not None:
                        row[index] = convert(row[index])
            yield (*row, *constant)

    def reserve_ids(self, count: int) -> list[int]:
        """Primary keys for `count` new rows, never reusing one (deleted records keep theirs)."""
        if not count:
            return []
        with connection.cursor() as cursor:
            if self.sqlite:
                # The commit's transaction is IMMEDIATE (settings): no other writer can take
                # these numbers before the INSERT; AUTOINCREMENT's counter is moved with them.
                cursor.execute(f'SELECT MAX("id") FROM "{self.table}"')  # noqa: S608 (model's)
                highest = cursor.fetchone()[0] or 0
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                found = cursor.fetchone()
                first = max(highest, found[0] if found else 0) + 1
                return list(range(first, first + count))
            # One block of numbers: every INSERT takes ROW EXCLUSIVE on the table before it
            # draws from the sequence, so while this lock is held (to the end of the commit's
            # transaction) nobody can draw a number inside the block. Drawing them one by one
            # cost a third of a second per 100,000.
            cursor.execute(f'LOCK TABLE "{self.table}" IN SHARE ROW EXCLUSIVE MODE')
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [self.table])
            first = cursor.fetchone()[0]
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [self.table, first + count - 1],
            )
            return list(range(first, first + count))

    def constant_values(self) -> tuple:
        """The values of the columns not given, as insert_whole expects them after the given."""
        if any(self.converters):
            raise RuntimeError("insert_whole takes values the driver can write as they are.")
        return tuple(self.constant.values())

    def insert_whole(self, rows: Iterable[tuple]) -> None:
        """INSERT rows that hold every column: id, the given values, then constant_values()."""
        self._write(["id", *self.columns], rows)

    def insert(self, rows: list[tuple], *, ids: list[int] | None = None) -> None:
        """INSERT the rows (values in `given` order), with explicit primary keys when given."""
        if not rows:
            return
        columns = self.columns
        values: Iterator[tuple] | list[tuple] = self._rows(rows)
        if ids is not None:
            columns = ["id", *columns]
            values = ((pk, *row) for pk, row in zip(ids, values, strict=True))
        self._write(columns, values)

    def _write(self, columns: list[str], values: Iterable[tuple]) -> None:
        driver.insert_rows(self.table, columns, values)

    def update(self, columns: list[str], rows: list[tuple]) -> None:
        """UPDATE ... SET columns WHERE id: one prepared statement run for every row."""
        if not rows:
            return
        fields = {field.column: field for field in self.model._meta.concrete_fields}
        converters = [self._converter(fields[column]) for column in columns]
        active = [(i, f) for i, f in enumerate(converters) if f is not None]

        def adapted() -> Iterator[list]:
            for row in rows:
                row = list(row)
                for index, convert in active:
                    if row[index] is not None:
                        row[index] = convert(row[index])
                yield row

        assignments = ", ".join(f'"{column}" = %s' for column in columns)
        with connection.cursor() as cursor:
            statement = f'UPDATE "{self.table}" SET {assignments} WHERE "id" = %s'  # noqa: S608
            cursor.executemany(statement, list(adapted()))


_EVENT_FIELDS = (
    "actor_id", "actor_name", "action", "content_type_id", "object_id", "object_repr",
    "unit_path", "changes", "note", "batch_first", "batch_last", "batch_records",
)  # fmt: skip


class _Events:
    """Audit events built the way core.audit.record builds them, written in bulk."""

    def __init__(self, actor, note: str, now: datetime.datetime | None = None) -> None:
        user = actor if getattr(actor, "is_authenticated", False) else None
        self.actor_id = user.pk if user else None
        self.actor_name = user.get_username() if user else "system"
        self.note = note
        self.pending: list[tuple] = []
        # True while a COPY holds the connection: events wait for the next flush.
        self.holding = False
        self.written = 0
        self._types: dict[type, int] = {}
        self.table = _Table(AuditEvent, _EVENT_FIELDS, now or timezone.now())

    def add(
        self,
        action: str,
        model: type,
        pk: Any,
        text: str,
        unit_path: str,
        changes: dict[str, Any],
        note: str | None = None,
        batch: tuple[int | None, int | None, str] = (None, None, ""),
    ) -> None:
        content_type = self.content_type(model)
        self.pending.append(
            (self.actor_id, self.actor_name, str(action), content_type, str(pk), text[:255],
             unit_path, changes, self.note if note is None else note, *batch)
        )  # fmt: skip
        if len(self.pending) >= 10 * ROUND and not self.holding:
            self.flush()

    def content_type(self, model: type[models.Model]) -> int:
        """The model's content type id (looked up once: not while a COPY holds the connection)."""
        content_type = self._types.get(model)
        if content_type is None:
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
            self._types[model] = content_type
        return content_type

    def add_created(
        self,
        model: type[models.Model],
        fields: tuple[str, ...],
        unit_path: str,
        first: int,
        names: list[str],
        values: list[tuple],
    ) -> None:
        """One batch event for new records of one unit, with the ids first, first + 1, …"""
        records = audit.batch_records(fields, first, names, values)
        self.add_batch(model, unit_path, first, len(values), records)

    def add_batch(
        self, model: type[models.Model], unit_path: str, first: int, count: int, records: str
    ) -> None:
        """A batch creation event for `count` records from id `first` (see core.audit)."""
        label = f"{count} × {model._meta.verbose_name_plural}"
        self.add(
            AuditAction.CREATE, model, "", label, unit_path, {},
            batch=(first, first + count - 1, records),
        )  # fmt: skip

    def flush(self) -> None:
        if self.pending:
            self.table.insert(self.pending)
            self.written += len(self.pending)
            self.pending = []


def _json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _full_name(fields: dict[str, Any]) -> str:
    return full_name(fields["front_title"], fields["name"], fields["back_title"])


def _segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}."


class _Committer:
    def __init__(self, plan: Plan, *, instansi: OrganisationUnit, actor, note: str) -> None:
        self.plan = plan
        self.instansi = instansi
        self.now = timezone.now()
        self.events = _Events(actor, note, self.now)
        self.today = timezone.localdate()
        # Units by reference (an existing pk or a new unit's key) -> (pk, path).
        self.unit_paths: dict[int, str] = plan.unit_paths

    # -- units --------------------------------------------------------------------------------

    def create_units(self) -> dict[str, tuple[int, str]]:
        """Create the new units level by level (departments first), with correct paths."""
        created: dict[str, tuple[int, str]] = {}
        pending = list(self.plan.new_units)
        while pending:
            ready = [u for u in pending if isinstance(u.parent, int) or u.parent in created]
            if not ready:
                raise RuntimeError("A new unit's parent is missing from the plan.")
            pending = [u for u in pending if u not in ready]
            rows = []
            for unit in ready:
                parent_pk, parent_path = (
                    (unit.parent, self.unit_paths[unit.parent])
                    if isinstance(unit.parent, int)
                    else created[unit.parent]
                )
                rows.append(
                    OrganisationUnit(
                        parent_id=parent_pk,
                        name=unit.name,
                        kind=unit.kind,
                        time_zone=self.instansi.time_zone,
                        depth=parent_path.count("."),
                        # Unique until the primary key is known, like registry.create_unit.
                        path=f"tmp-{uuid.uuid4().hex}",
                    )
                )
            OrganisationUnit.objects.bulk_create(rows, batch_size=BATCH)
            for unit, row in zip(ready, rows, strict=True):
                parent_path = (
                    self.unit_paths[unit.parent]
                    if isinstance(unit.parent, int)
                    else created[unit.parent][1]
                )
                row.path = parent_path + _segment(row.pk)
                created[unit.key] = (row.pk, row.path)
            OrganisationUnit.objects.bulk_update(rows, ["path"], batch_size=BATCH)
            for row in rows:
                self.events.add(
                    AuditAction.CREATE, OrganisationUnit, row.pk, str(row), row.path,
                    audit.diff({}, audit.snapshot(row, UNIT_FIELDS)),
                )  # fmt: skip
        return created

    def _unit(self, reference: int | str, created: dict[str, tuple[int, str]]) -> tuple[int, str]:
        if isinstance(reference, str):
            return created[reference]
        return reference, self.unit_paths[reference]

    # -- employees ----------------------------------------------------------------------------

    def insert_staged(self) -> None:
        """The preview's staged new employees, in one INSERT … SELECT (see imports.staging)."""
        staged = self.plan.staged
        table = _Table(Employee, staging.COLUMNS, self.now, adapted=DECODED_FIELDS)
        first = table.reserve_ids(staged.count)[0]
        written = staging.insert_staged(staged, first_id=first, constant=table.constant)
        if written != staged.count:
            raise RuntimeError(
                f"{written} staged employees were written instead of {staged.count}."
            )
        for part, first_of_part, records in staging.audit_batches(staged, first):
            self.events.add_batch(Employee, part.unit_path, first_of_part, part.count, records)

    def create_employees(self, created_units: dict[str, tuple[int, str]]) -> None:
        if self.plan.staged is not None:
            self.insert_staged()
            return
        unit_index = EMPLOYEE_FIELDS.index("unit")
        columns = ("nip", *EMPLOYEE_FIELDS[:unit_index], "unit_id",
                   *EMPLOYEE_FIELDS[unit_index + 1 :], *DECODED_FIELDS)  # fmt: skip
        table = _Table(Employee, columns, self.now, adapted=DECODED_FIELDS)
        constant = table.constant_values()
        audited_end = 1 + len(AUDITED_EMPLOYEE_FIELDS)
        # A unit's new employees get consecutive ids (in file order), and one batch event
        # per BATCH_RECORDS of them: the order staging uses too.
        parts = list(staging.employee_parts(self.plan, BATCH_RECORDS))
        ids = iter(table.reserve_ids(len(self.plan.employee_creates)))

        def rows() -> Iterator[tuple]:
            # Made while the driver writes (on PostgreSQL the server works meanwhile).
            for reference, part in parts:
                unit_pk, path = self._unit(reference, created_units)
                # Each row whole, as the driver writes it: id, the audited values (already
                # str, int, bool or None, as audit.snapshot gives them), decoded, defaults.
                numbers = list(islice(ids, len(part)))
                if numbers != list(range(numbers[0], numbers[0] + len(part))):
                    raise RuntimeError("Too few, or not consecutive, primary keys reserved.")
                if isinstance(reference, int):
                    made = [
                        (pk, nip, *values, *decoded, *constant)
                        for pk, (_row, nip, values, decoded, _name) in zip(
                            numbers, part, strict=True
                        )
                    ]
                else:
                    made = [
                        (pk, nip, *values[:unit_index], unit_pk, *values[unit_index + 1 :],
                         *decoded, *constant)
                        for pk, (_row, nip, values, decoded, _name) in zip(
                            numbers, part, strict=True
                        )
                    ]  # fmt: skip
                self.events.add_created(
                    Employee, AUDITED_EMPLOYEE_FIELDS, path, numbers[0],
                    [create[4] for create in part], [row[1:audited_end] for row in made],
                )  # fmt: skip
                yield from made

        if not parts:
            return
        self.events.content_type(Employee)
        self.events.holding = True
        try:
            table.insert_whole(rows())
        finally:
            self.events.holding = False

    def update_employees(self, created_units: dict[str, tuple[int, str]]) -> None:
        unit_index = EMPLOYEE_FIELDS.index("unit")
        # One UPDATE statement per set of changed fields, run for every row of the set.
        groups: dict[tuple[str, ...], list[tuple]] = defaultdict(list)
        for update in self.plan.employee_updates:
            groups[tuple(sorted(update[3]))].append(update)
        table = _Table(Employee, (), self.now)
        for changed, updates in groups.items():
            names = [name for name in changed if name != "unit"]
            retyped = "employee_type" in changed
            columns = [*names, *(["unit_id"] if "unit" in changed else [])]
            if retyped:
                columns += DECODED_FIELDS
            for chunk in _rounds(updates):
                # The NIP decodes differently for another employee type; the sex stays as it
                # was when the number cannot tell it.
                stored = (
                    {
                        pk: (nip, sex)
                        for pk, nip, sex in Employee.objects.filter(
                            pk__in=[u[1] for u in chunk]
                        ).values_list("pk", "nip", "sex")
                    }
                    if retyped
                    else {}
                )
                rows = []
                for _row, pk, values, changes in chunk:
                    fields = dict(zip(EMPLOYEE_FIELDS, values, strict=True))
                    unit_pk, path = self._unit(values[unit_index], created_units)
                    row = [fields[name] for name in names]
                    if "unit" in changed:
                        row.append(unit_pk)
                    if retyped:
                        nip, sex = stored.get(pk, (None, ""))
                        decoded = {"sex": sex, **decode_number(nip, fields["employee_type"])}
                        row += [decoded[name] for name in DECODED_FIELDS]
                    rows.append((*row, self.now, pk))
                    diff = {name: [_json(old), _json(new)] for name, (old, new) in changes.items()}
                    if "unit" in diff:
                        diff["unit"] = [changes["unit"][0], unit_pk]
                    self.events.add(
                        AuditAction.UPDATE, Employee, pk, _full_name(fields), path, diff
                    )
                table.update([*columns, "updated_at"], rows)

    def deactivate_employees(self) -> None:
        for chunk in _rounds(self.plan.deactivations):
            Employee.objects.filter(pk__in=[pk for pk, _name, _path in chunk]).update(
                is_active=False, updated_at=self.now
            )
            for pk, name, path in chunk:
                self.events.add(
                    AuditAction.UPDATE, Employee, pk, name, path, {"is_active": [True, False]},
                    note=self.events.note + " " + _("Not in the full roster: marked inactive."),
                )  # fmt: skip

    # -- accounts -----------------------------------------------------------------------------

    def create_accounts(self) -> None:
        from gaung.socials.actions import ACCOUNT_FIELDS
        from gaung.socials.choices import Platform
        from gaung.socials.models import SocialAccount

        labels = {value: str(label) for value, label in Platform.choices}
        columns = ("owner_employee_id", "owner_unit_id", "platform", "handle", "handle_kind",
                   "profile_url", "followers", "followers_as_of")  # fmt: skip
        table = _Table(SocialAccount, columns, self.now)
        # Defaults of the audited fields the import does not set (status, display name, …).
        defaults = {
            name: _json(SocialAccount._meta.get_field(name).get_default())
            for name in ACCOUNT_FIELDS
        }
        attnames = {name: SocialAccount._meta.get_field(name).attname for name in ACCOUNT_FIELDS}
        # An owner unit's new accounts get consecutive ids (in file order), and one batch
        # event per BATCH_RECORDS of them.
        by_path: dict[str, list[tuple]] = defaultdict(list)
        for create in self.plan.account_creates:
            by_path[create[-1]].append(create)
        ids = iter(table.reserve_ids(len(self.plan.account_creates)))
        for path, group in by_path.items():
            for part in _rounds(group, BATCH_RECORDS):
                rows = []
                names: list[str] = []
                snapshots: list[tuple] = []
                numbers = list(islice(ids, len(part)))
                if numbers != list(range(numbers[0], numbers[0] + len(part))):
                    raise RuntimeError("Too few, or not consecutive, primary keys reserved.")
                for op in part:
                    _row, employee, unit, platform, handle, kind, url, followers, _path = op
                    as_of = self.today if followers is not None else None
                    row = (employee, unit, platform, handle, kind, url, followers, as_of)
                    rows.append(row)
                    values = dict(zip(columns, row, strict=True))
                    names.append(f"{labels.get(platform)} @{handle}")
                    snapshots.append(
                        tuple(_json(values[attnames[name]]) if attnames[name] in values
                              else default for name, default in defaults.items())
                    )  # fmt: skip
                table.insert(rows, ids=numbers)
                self.events.add_created(
                    SocialAccount, tuple(ACCOUNT_FIELDS), path, numbers[0], names, snapshots
                )

    def update_accounts(self) -> None:
        from gaung.socials.choices import Platform
        from gaung.socials.models import SocialAccount

        labels = dict(Platform.choices)
        table = _Table(SocialAccount, (), self.now)
        for chunk in _rounds(self.plan.account_updates, 10 * ROUND):
            rows = []
            for _row, pk, old, new, path, platform, handle in chunk:
                rows.append((new, self.today, self.now, pk))
                self.events.add(
                    AuditAction.UPDATE, SocialAccount, pk, f"{labels.get(platform)} @{handle}",
                    path, {"followers": [old, new]},
                )  # fmt: skip
            table.update(["followers", "followers_as_of", "updated_at"], rows)

    def run(self) -> int:
        if self.plan.kind == ImportKind.ROSTER:
            created = self.create_units()
            self.create_employees(created)
            self.update_employees(created)
            self.deactivate_employees()
        else:
            self.create_accounts()
            self.update_accounts()
        self.events.flush()
        return self.events.written


def apply_plan(plan: Plan, *, instansi: OrganisationUnit, actor, note: str) -> int:
    """Write the plan's operations; returns how many audit events were recorded."""
    committer = _Committer(plan, instansi=instansi, actor=actor, note=note)
    if connection.vendor != "sqlite":
        with collector_paused():
            return committer.run()
    # SQLite's default page cache (2 MB) makes every index insert of a big import go to disk;
    # a larger cache for this commit only, as the connection may serve other work after it.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {_SQLITE_CACHE_KIB}")
        try:
            with collector_paused():
                return committer.run()
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def record_job_event(job, actor, *, changes: dict[str, list[Any]], note: str) -> None:
    """The audit event of the import itself (who saved which file, with what result)."""
    events = _Events(actor, note)
    events.add(AuditAction.UPDATE, type(job), job.pk, str(job), job.scope_path, changes)
    events.flush()


__all__ = ["apply_plan", "record_job_event"]
