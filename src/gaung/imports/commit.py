"""Apply a Plan to the database in bulk, with one audit event per created or changed record.

Called inside the commit's single transaction (see actions.commit_import): any exception
here rolls back every unit, employee, account and audit event written so far.

Employees, accounts and audit events go straight through the database driver (executemany on
SQLite, COPY on PostgreSQL) inside that same transaction: the ORM's per-object work was most of
the cost of a 100,000-row commit. The rows written are the ones bulk_create would write
(field defaults, auto_now timestamps), and every record still gets its own audit event.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import orjson
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from gaung.core import audit
from gaung.core.choices import AuditAction
from gaung.core.models import AuditEvent
from gaung.imports.choices import ImportKind
from gaung.imports.planner import EMPLOYEE_FIELDS, Plan, decode_checked_number, decode_number
from gaung.registry.actions import EMPLOYEE_FIELDS as AUDITED_EMPLOYEE_FIELDS
from gaung.registry.actions import UNIT_FIELDS
from gaung.registry.models import PATH_SEGMENT_WIDTH, Employee, OrganisationUnit


def _json_text(value: Any) -> str:
    # orjson: a tenth of json.dumps' time, which was a sixth of a big commit.
    return orjson.dumps(value, default=str).decode()


# Rows per INSERT/UPDATE statement, and records handled per round (bounds memory).
BATCH = 500
ROUND = 2000
_DECODED_FIELDS = ("birth_date", "sex", "tmt_cpns", "appointment_year")
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

    def __init__(self, model: type[models.Model], given: tuple[str, ...], now: datetime.datetime):
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
        self.converters = [self._converter(field, given=True) for field in self.given_fields]

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
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [self.table, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def insert(self, rows: list[tuple], *, ids: list[int] | None = None) -> None:
        """INSERT the rows (values in `given` order), with explicit primary keys when given."""
        if not rows:
            return
        columns = self.columns
        values: Iterator[tuple] | list[tuple] = self._rows(rows)
        if ids is not None:
            columns = ["id", *columns]
            values = ((pk, *row) for pk, row in zip(ids, values, strict=True))
        names = ", ".join(f'"{column}"' for column in columns)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            if not self.sqlite and hasattr(raw, "copy"):
                statement = f'COPY "{self.table}" ({names}) FROM STDIN'
                with raw.copy(statement) as copy:
                    for row in values:
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(columns))
            # Table and column names come from the model, never from the file.
            statement = f'INSERT INTO "{self.table}" ({names}) VALUES ({marks})'  # noqa: S608
            for chunk in _rounds(list(values), 10 * ROUND):
                cursor.executemany(statement, chunk)

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
    "unit_path", "changes", "note",
)  # fmt: skip


class _Events:
    """Audit events built the way core.audit.record builds them, written in bulk."""

    def __init__(self, actor, note: str, now: datetime.datetime | None = None) -> None:
        user = actor if getattr(actor, "is_authenticated", False) else None
        self.actor_id = user.pk if user else None
        self.actor_name = user.get_username() if user else "system"
        self.note = note
        self.pending: list[tuple] = []
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
        changes: dict[str, list[Any]],
        note: str | None = None,
    ) -> None:
        content_type = self._types.get(model)
        if content_type is None:
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
            self._types[model] = content_type
        self.pending.append(
            (self.actor_id, self.actor_name, str(action), content_type, str(pk), text[:255],
             unit_path, changes, self.note if note is None else note)
        )  # fmt: skip
        if len(self.pending) >= 10 * ROUND:
            self.flush()

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
    # Employee.full_name, from the values instead of an instance.
    name = f"{fields['front_title'] or ''} {fields['name']}".strip()
    return f"{name}, {fields['back_title']}" if fields["back_title"] else name


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

    def create_employees(self, created_units: dict[str, tuple[int, str]]) -> None:
        unit_index = EMPLOYEE_FIELDS.index("unit")
        columns = ("nip", *EMPLOYEE_FIELDS[:unit_index], "unit_id",
                   *EMPLOYEE_FIELDS[unit_index + 1 :], *_DECODED_FIELDS)  # fmt: skip
        table = _Table(Employee, columns, self.now)
        add_event = self.events.add
        create = str(AuditAction.CREATE)
        for chunk in _rounds(self.plan.employee_creates, 10 * ROUND):
            ids = table.reserve_ids(len(chunk))
            rows = []
            for pk, (_row, nip, values) in zip(ids, chunk, strict=True):
                unit_pk, path = self._unit(values[unit_index], created_units)
                audited = (nip, *values[:unit_index], unit_pk, *values[unit_index + 1 :])
                decoded = decode_checked_number(nip, values[0])
                rows.append((*audited, *(decoded.get(name, "") for name in _DECODED_FIELDS)))
                # What audit.diff({}, audit.snapshot(employee, ...)) records for a new one:
                # these values are already str, int, bool or None.
                changes = {
                    name: [None, value]
                    for name, value in zip(AUDITED_EMPLOYEE_FIELDS, audited, strict=True)
                    if value is not None
                }
                name = f"{values[1] or ''} {values[2]}".strip()
                if values[3]:
                    name = f"{name}, {values[3]}"
                add_event(create, Employee, pk, name, path, changes)
            table.insert(rows, ids=ids)

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
                columns += _DECODED_FIELDS
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
                        row += [decoded[name] for name in _DECODED_FIELDS]
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
        for chunk in _rounds(self.plan.account_creates, 10 * ROUND):
            ids = table.reserve_ids(len(chunk))
            rows = []
            for pk, op in zip(ids, chunk, strict=True):
                _row, employee, unit, platform, handle, kind, url, followers, path = op
                as_of = self.today if followers is not None else None
                row = (employee, unit, platform, handle, kind, url, followers, as_of)
                rows.append(row)
                values = dict(zip(columns, row, strict=True))
                snapshot = {
                    name: _json(values[attnames[name]]) if attnames[name] in values else default
                    for name, default in defaults.items()
                }
                changes = {name: [None, value] for name, value in snapshot.items()
                           if value is not None}  # fmt: skip
                self.events.add(
                    AuditAction.CREATE, SocialAccount, pk, f"{labels.get(platform)} @{handle}",
                    path, changes,
                )  # fmt: skip
            table.insert(rows, ids=ids)

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
        return committer.run()
    # SQLite's default page cache (2 MB) makes every index insert of a big import go to disk;
    # a larger cache for this commit only, as the connection may serve other work after it.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {_SQLITE_CACHE_KIB}")
        try:
            return committer.run()
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def record_job_event(job, actor, *, changes: dict[str, list[Any]], note: str) -> None:
    """The audit event of the import itself (who saved which file, with what result)."""
    events = _Events(actor, note)
    events.add(AuditAction.UPDATE, type(job), job.pk, str(job), job.scope_path, changes)
    events.flush()


__all__ = ["apply_plan", "record_job_event"]
