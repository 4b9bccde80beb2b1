"""Compare an import file with the database and say exactly what saving it would do.

The planner reads the table once, parses every row (``rows.py``), and compares the rows with
the database in bulk: the instansi's employees, units and the accounts named in the file are
loaded once into dictionaries of plain tuples, never row by row. The result is a Plan: the
counts shown in the preview, the errors of the invalid rows, and the operations a commit
applies, kept as compact tuples (not model instances) so 100,000 rows fit in little memory.

The same planner runs for the preview and again inside the commit's transaction, so what is
saved is exactly what is valid at that moment.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gaung.imports.choices import ImportKind
from gaung.imports.columns import ColumnMap, match_account_headers, match_roster_headers
from gaung.imports.readers import FileProblem, Table, open_table
from gaung.imports.rows import (
    AccountRow,
    RosterRow,
    RowError,
    parse_account_rows,
    parse_roster_row,
)
from gaung.registry.choices import EmployeeType, UnitKind
from gaung.registry.models import PATH_SEGMENT_WIDTH, Employee, OrganisationUnit
from gaung.registry.nip import NipError, clean_nip_input, parse_employee_number

__all__ = [
    "EMPLOYEE_FIELDS",
    "FileProblem",
    "KnownRows",
    "NewUnit",
    "Plan",
    "ProgressCallback",
    "commit_blocker",
    "normalise_name",
    "plan_import",
]

ProgressCallback = Callable[[int, int | None], None]

# The employee fields an import sets, in the order of the value tuples below.
EMPLOYEE_FIELDS = (
    "employee_type",
    "front_title",
    "name",
    "back_title",
    "rank",
    "position",
    "unit",
    "email",
    "phone",
    "is_active",
)
_UNIT = EMPLOYEE_FIELDS.index("unit")
_IS_ACTIVE = EMPLOYEE_FIELDS.index("is_active")
# A blank cell clears a title or a position (the roster is the source of truth for them), but
# never an e-mail address or phone number the employee may have entered themselves.
_KEEP_WHEN_BLANK = frozenset({"email", "phone"})
_OPD_PATH_LENGTH = 2 * (PATH_SEGMENT_WIDTH + 1)
# How many values one `IN (...)` query carries (well below SQLite's variable limit).
_CHUNK = 900


@functools.lru_cache(maxsize=8192)
def normalise_name(text: str | None) -> str:
    """A unit name for matching: case and runs of spaces do not matter."""
    return " ".join((text or "").split()).casefold()


@dataclass(frozen=True, slots=True)
class NewUnit:
    """A unit the commit creates; `parent` is an existing unit's pk or another NewUnit's key."""

    key: str
    parent: int | str
    name: str
    kind: str


@dataclass
class Plan:
    """What saving an import file would do, and why some rows cannot be saved."""

    kind: str
    full_roster: bool = False
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    invalid_rows: set[int] = field(default_factory=set)
    # Roster rows whose NIP could not be read: in full-roster mode we cannot tell who they are.
    unidentified_rows: int = 0
    changed_fields: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0
    # Roster operations.
    new_units: list[NewUnit] = field(default_factory=list)
    # (row, nip, values, decoded, name) with values in EMPLOYEE_FIELDS order (the unit is a pk
    # or a new unit's key), decoded the columns the number fills (see decoded_columns) and the
    # name as Employee.full_name writes it.
    employee_creates: list[tuple[int, str | None, tuple, tuple, str]] = field(default_factory=list)
    # (row, pk, values, {field: (old, new)}).
    employee_updates: list[tuple[int, int, tuple, dict[str, tuple[Any, Any]]]] = field(
        default_factory=list
    )
    # (pk, name as written, unit path) of active employees missing from a full roster.
    deactivations: list[tuple[int, str, str]] = field(default_factory=list)
    # Account operations: (row, employee pk, unit pk, platform, handle, kind, url, followers,
    # owner's unit path).
    account_creates: list[tuple] = field(default_factory=list)
    # (row, account pk, old followers, new followers, owner's unit path, platform, handle).
    account_updates: list[tuple] = field(default_factory=list)
    # Paths of units by pk, for audit events (existing units only).
    unit_paths: dict[int, str] = field(default_factory=dict)
    # Roster: the file's headers, and row digest -> NIP of every valid row (see KnownRows).
    headers: tuple[str, ...] = ()
    row_digests: dict[bytes, tuple[str, bytes]] = field(default_factory=dict)
    # A stored plan's new employees, when the preview staged them (imports.staging.Staged):
    # employee_creates is then empty.
    staged: Any = None

    @property
    def counts(self) -> dict[str, int]:
        """The preview's counts (and two details the job page and the commit need)."""
        if self.kind == ImportKind.ROSTER:
            new = len(self.employee_creates) + (self.staged.count if self.staged else 0)
            changed = len(self.employee_updates)
        else:
            new, changed = len(self.account_creates), len(self.account_updates)
        return {
            "rows": self.rows,
            "new": new,
            "changed": changed,
            "unchanged": self.unchanged,
            "invalid": len(self.invalid_rows),
            "deactivated": len(self.deactivations),
            "new_units": len(self.new_units),
            "unidentified": self.unidentified_rows,
            "changed_fields": dict(self.changed_fields.most_common()),
        }

    @property
    def changes_anything(self) -> bool:
        """True when saving would write anything (a file of unchanged rows writes nothing)."""
        return bool(
            self.employee_creates
            or self.staged
            or self.employee_updates
            or self.deactivations
            or self.new_units
            or self.account_creates
            or self.account_updates
        )

    def add_error(self, error: RowError) -> None:
        """Record a row error; its row then counts as invalid."""
        self.errors.append(error)
        self.invalid_rows.add(error.row)

    def sorted_errors(self) -> list[RowError]:
        """The errors in the order of the file's rows."""
        return sorted(self.errors, key=lambda e: e.row)


def commit_blocker(
    *, kind: str, full_roster: bool, counts: dict[str, Any], skip_invalid: bool
) -> str:
    """Why the import cannot be saved as asked ('' when it can)."""
    invalid = int(counts.get("invalid") or 0)
    if invalid and not skip_invalid:
        return ngettext(
            "%(count)s row is invalid. Correct it in the file and upload it again, or choose "
            "to skip the invalid rows.",
            "%(count)s rows are invalid. Correct them in the file and upload it again, or "
            "choose to skip the invalid rows.",
            invalid,
        ) % {"count": invalid}
    if kind == ImportKind.ROSTER and full_roster:
        if int(counts.get("unidentified") or 0):
            return _(
                "Some rows have no readable NIP. A full roster would mark those employees "
                "inactive, so it cannot be saved with rows skipped: correct the NIPs first."
            )
        if not any(int(counts.get(key) or 0) for key in ("new", "changed", "unchanged")):
            return _(
                "The file has no valid employee rows: a full roster would mark every employee "
                "of the agency inactive."
            )
    return ""


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def _rows_with_progress(
    table: Table, total: int | None, progress: ProgressCallback | None
) -> Iterator[tuple[int, list[str]]]:
    """The table's rows, reporting progress about every 1 % (every 1,000 rows when unknown)."""
    step = max(1, total // 100) if total else 1000
    done = 0
    if progress:
        progress(0, total)
    for item in table.rows:
        yield item
        done += 1
        if progress and done % step == 0:
            progress(done, max(total, done) if total else None)
    if progress:
        progress(done, done)


def _cell(cells: list[str], columns: ColumnMap, name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    return str(cells[index] or "")


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ---------------------------------------------------------------------------------------------
# Units of the instansi
# ---------------------------------------------------------------------------------------------

_OPD_KINDS = (
    (r"^dinas\b", UnitKind.DINAS),
    (r"^badan\b", UnitKind.BADAN),
    (r"^inspektorat\b", UnitKind.INSPEKTORAT),
    (r"^kecamatan\b", UnitKind.KECAMATAN),
    (r"^sekretariat\b", UnitKind.SEKRETARIAT),
    (r"^(satuan polisi|satpol)", UnitKind.SATPOL),
    (r"^(rumah sakit|rsud|rsd)\b", UnitKind.RSD),
)
_UNIT_KINDS = (
    (r"^bidang\b", UnitKind.BIDANG),
    (r"^upt\b|^puskesmas\b|^uptd\b", UnitKind.UPT),
    (r"^(seksi|subbagian|sub bagian|subbidang|sub bidang)\b", UnitKind.SEKSI),
    (r"^bagian\b", UnitKind.BAGIAN),
    (r"^biro\b", UnitKind.BIRO),
    (r"^sekretariat\b", UnitKind.SEKRETARIAT),
    (r"^kelurahan\b", UnitKind.KELURAHAN),
    (r"^kecamatan\b", UnitKind.KECAMATAN),
)


def _guess_kind(name: str, rules: tuple[tuple[str, str], ...]) -> str:
    key = normalise_name(name)
    return next((kind for pattern, kind in rules if re.search(pattern, key)), UnitKind.OTHER)


class _Units:
    """The instansi's units, indexed by every name a file may use for them."""

    def __init__(self, instansi: OrganisationUnit) -> None:
        self.instansi = instansi
        self.paths: dict[int, str] = {}
        self.names: dict[int, str] = {}
        # Values are pks, or the keys of units a roster creates (see _RosterPlanner._new_unit).
        self.opd_by_name: dict[str, set[int | str]] = defaultdict(set)
        self.opd_display: dict[str, str] = {}
        # (OPD pk, normalised name) -> units of that OPD's subtree (below the OPD itself).
        self.unit_by_name: dict[tuple[int | str, str], set[int | str]] = defaultdict(set)
        # Any unit of the instansi by normalised name (for official accounts).
        self.any_by_name: dict[str, set[int]] = defaultdict(set)
        rows = OrganisationUnit.objects.filter(path__startswith=instansi.path).values_list(
            "pk", "depth", "path", "name", "short_name", "code"
        )
        opd_by_path: dict[str, int] = {}
        below: list[tuple[int, str, tuple[str, ...]]] = []
        for pk, depth, path, name, short_name, code in rows:
            self.paths[pk] = path
            self.names[pk] = name
            keys = tuple({normalise_name(v) for v in (name, short_name, code) if v and v.strip()})
            for key in keys:
                self.any_by_name[key].add(pk)
            if depth == instansi.depth + 1:
                opd_by_path[path] = pk
                for key in keys:
                    self.opd_by_name[key].add(pk)
                self.opd_display[normalise_name(name)] = name
                if short_name:
                    self.opd_display.setdefault(normalise_name(short_name), name)
            elif depth > instansi.depth + 1:
                below.append((pk, path, keys))
        opd_length = len(instansi.path) + PATH_SEGMENT_WIDTH + 1
        for pk, path, keys in below:
            opd = opd_by_path.get(path[:opd_length])
            if opd is not None:
                for key in keys:
                    self.unit_by_name[(opd, key)].add(pk)

    def closest_opds(self, name: str) -> list[str]:
        """Up to three existing perangkat daerah whose names look like `name`."""
        matches = difflib.get_close_matches(
            normalise_name(name), list(self.opd_display), n=6, cutoff=0.6
        )
        closest: list[str] = []
        for match in matches:
            display = self.opd_display[match]
            if display not in closest:
                closest.append(display)
        return closest[:3]


# ---------------------------------------------------------------------------------------------
# The roster
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Claim:
    """The first row that named a NIP (or an account), and what it would do."""

    row: int
    op: tuple | None  # ("new", ...), ("changed", ...), ("same", values) or None once invalid
    digest: bytes | None = None
    # values_digest of the values the row leaves, when already known (a known row's).
    values_digest: bytes | None = None


def row_digest(cells: list[str]) -> bytes | None:
    """A fingerprint of a row's cells as read; None when a cell holds the separator itself."""
    joined = "\x1f".join(cells)
    if joined.count("\x1f") != len(cells) - 1:
        return None
    return hashlib.blake2b(joined.encode(), digest_size=16).digest()


def values_digest(values: tuple) -> bytes:
    """A fingerprint of an employee's values (str, int, bool or None: repr is stable)."""
    return hashlib.blake2b(repr(values).encode(), digest_size=16).digest()


@dataclass(frozen=True)
class KnownRows:
    """The valid rows of the agency's last saved roster, so that the same rows are not parsed
    again when the same (or a slightly edited) roster is uploaded.

    `nips` maps a row's digest to the NIP it named and the digest of the employee's values it
    left. A row whose cells, under the same headers, are exactly those of such a row, naming an
    employee whose values are still exactly those, is "unchanged" without being parsed:
    parsing is a function of the cells, the headers and the units (the caller offers KnownRows
    only while the units are as that commit left them), a row valid then stays valid (the NIP
    checks refuse only dates in the future), and re-applying a row changes nothing.
    """

    headers: tuple[str, ...]
    nips: dict[bytes, tuple[str, bytes]]


class _RosterPlanner:
    def __init__(
        self,
        table: Table,
        columns: ColumnMap,
        *,
        instansi: OrganisationUnit,
        full_roster: bool,
        create_units: bool,
        known: KnownRows | None = None,
    ) -> None:
        self.table = table
        self.columns = columns
        self.instansi = instansi
        self.full_roster = full_roster
        self.create_units = create_units
        self.plan = Plan(
            kind=ImportKind.ROSTER, full_roster=full_roster, headers=tuple(table.headers)
        )
        self.known = known if known is not None and known.headers == self.plan.headers else None
        self.units = _Units(instansi)
        self.plan.unit_paths = self.units.paths
        self.new_unit_keys: dict[tuple, NewUnit] = {}
        self.present = {name for name in EMPLOYEE_FIELDS if name in columns}
        # Without title columns, rows.py takes the titles from the name: a name written without
        # them then says nothing about the titles, so they are kept.
        self.keep_when_blank = set(_KEEP_WHEN_BLANK)
        if not {"front_title", "back_title"} & self.present:
            self.present |= {"front_title", "back_title"}
            self.keep_when_blank |= {"front_title", "back_title"}
        # Existing employees of the instansi: NIP -> (pk, values in EMPLOYEE_FIELDS order).
        self.by_nip: dict[str, tuple[int, tuple]] = {}
        # Staff without a NIP (non-ASN): (unit pk, normalised name) -> (pk, values).
        self.by_name: dict[tuple[int, str], tuple[int, tuple]] = {}
        self.active_employees: list[tuple[int, str | None, str, int, str]] = []
        self._load_employees()
        self.claims: dict[tuple, _Claim] = {}

    def header(self, name: str) -> str:
        """The column's header as written in the file (what the clerk will look for)."""
        return self.columns.header_for(name)

    def _load_employees(self) -> None:
        rows = Employee.objects.filter(unit__path__startswith=self.instansi.path).values_list(
            "pk", "nip", *("unit_id" if name == "unit" else name for name in EMPLOYEE_FIELDS)
        )
        for pk, nip, *values in rows:
            record = (pk, tuple(values))
            if nip:
                self.by_nip[nip] = record
            else:
                self.by_name[(values[_UNIT], normalise_name(values[2]))] = record
            if values[_IS_ACTIVE]:
                full = " ".join(v for v in (values[1], values[2]) if v)
                name_key = normalise_name(values[2])
                self.active_employees.append((pk, nip, full, values[_UNIT], name_key))

    # -- rows -------------------------------------------------------------------------------

    def run(self, rows: Iterable[tuple[int, list[str]]]) -> Plan:
        plan = self.plan
        known = self.known.nips if self.known else {}
        by_nip = self.by_nip
        for line, cells in rows:
            plan.rows += 1
            digest = row_digest(cells)
            if (entry := known.get(digest)) is not None:
                record = by_nip.get(entry[0])
                if record is not None and values_digest(record[1]) == entry[1]:
                    self._claim(("nip", entry[0]), line, ("same", record[1]), digest, entry[1])
                    continue
            parsed = parse_roster_row(line, cells, self.columns)
            if isinstance(parsed, list):
                for error in parsed:
                    plan.add_error(error)
                self._remember_invalid(line, cells)
                continue
            self._plan_row(parsed, digest)
        self._check_nips_of_other_agencies()
        self._collect()
        return plan

    def _remember_invalid(self, line: int, cells: list[str]) -> None:
        """Keep an invalid row's NIP, so a full roster does not deactivate its employee."""
        try:
            nip = clean_nip_input(_cell(cells, self.columns, "nip"))
        except NipError:
            self.plan.unidentified_rows += 1
            return
        self._claim(("nip", nip), line, None)

    def _claim(
        self,
        key: tuple,
        line: int,
        op: tuple | None,
        digest: bytes | None = None,
        stored_digest: bytes | None = None,
    ) -> None:
        """Record who a row names; the same person on two rows makes both rows invalid."""
        earlier = self.claims.get(key)
        if earlier is None:
            self.claims[key] = _Claim(line, op, digest, stored_digest)
            return
        if key[0] == "nip":
            column, value = self.header("nip"), key[1]
            reason_later = _("The same NIP is already on row %(row)s.") % {"row": earlier.row}
            reason_first = _("The same NIP is also on row %(row)s.") % {"row": line}
        else:
            column, value = self.header("name"), key[2]
            reason_later = _(
                "An employee without a NIP with the same name and unit is already on row %(row)s."
            ) % {"row": earlier.row}
            reason_first = _(
                "An employee without a NIP with the same name and unit is also on row %(row)s."
            ) % {"row": line}
        if earlier.op is not None and earlier.row not in self.plan.invalid_rows:
            self.plan.add_error(RowError(earlier.row, column, value, reason_first))
        earlier.op = None
        self.plan.add_error(RowError(line, column, value, reason_later))

    def _plan_row(self, row: RosterRow, digest: bytes | None) -> None:
        plan = self.plan
        errors_before = len(plan.errors)
        values = self._values(row)
        unit = self._unit(row)
        nip = row.nip or None
        if nip:
            key: tuple = ("nip", nip)
            existing = self.by_nip.get(nip)
        else:
            unit_for_key = unit if unit is not None else ("?", row.row)
            key = ("name", unit_for_key, normalise_name(row.name))
            existing = self.by_name.get((unit, normalise_name(row.name))) if unit else None
        if unit is None and len(plan.errors) == errors_before:
            # rows.py refuses a row without a unit; this keeps the plan sound regardless.
            plan.add_error(RowError(row.row, self.header("unit_name"), "", _("The unit is empty.")))
        if len(plan.errors) > errors_before:
            plan.invalid_rows.add(row.row)
            self._claim(key, row.row, None)
            return
        values = (*values[:_UNIT], unit, *values[_UNIT + 1 :])
        if existing is None:
            if values[_IS_ACTIVE] is None:
                values = (*values[:_IS_ACTIVE], True, *values[_IS_ACTIVE + 1 :])
            self._claim(key, row.row, ("new", nip, values), digest)
            return
        pk, before = existing
        after = self._merge(before, values)
        changes = {
            name: (old, new)
            for name, old, new in zip(EMPLOYEE_FIELDS, before, after, strict=True)
            if old != new
        }
        op = ("changed", pk, after, changes) if changes else ("same", before)
        self._claim(key, row.row, op, digest)

    def _values(self, row: RosterRow) -> tuple:
        """The row's values in EMPLOYEE_FIELDS order (the unit is resolved separately)."""
        return tuple(None if name == "unit" else getattr(row, name) for name in EMPLOYEE_FIELDS)

    def _merge(self, before: tuple, values: tuple) -> tuple:
        """The employee after the row: fields absent from the file keep their value."""
        merged = []
        for name, old, new in zip(EMPLOYEE_FIELDS, before, values, strict=True):
            if name == "unit":
                merged.append(new)
            elif name == "is_active":
                merged.append(new if new is not None else (True if self.full_roster else old))
            elif name not in self.present or (name in self.keep_when_blank and not new):
                merged.append(old)
            else:
                merged.append(new)
        return tuple(merged)

    # -- units ------------------------------------------------------------------------------

    def _unit(self, row: RosterRow) -> int | str | None:
        """The row's unit: an existing unit's pk, a new unit's key, or None (error added)."""
        unit_name = " ".join((row.unit_name or "").split())
        opd_name = " ".join((row.parent_unit_name or "").split())
        if not unit_name and not opd_name:
            return None
        if not opd_name:
            return self._unit_without_opd(row, unit_name)
        opd = self._opd(row, opd_name)
        if opd is None:
            return None
        if not unit_name or normalise_name(unit_name) == normalise_name(opd_name):
            return opd
        if isinstance(opd, int):
            found = self.units.unit_by_name.get((opd, normalise_name(unit_name)), set())
            if len(found) == 1:
                return next(iter(found))
            if len(found) > 1:
                self.plan.add_error(
                    RowError(row.row, self.header("unit_name"), unit_name,
                             _("%(opd)s has several units named %(unit)s; rename one of them "
                               "in Gaung or use its code.")
                             % {"opd": self.units.names[opd], "unit": unit_name})
                )  # fmt: skip
                return None
            if opd in self.units.opd_by_name.get(normalise_name(unit_name), ()):
                return opd  # the OPD written by its short name or code
        return self._new_unit(opd, unit_name, _UNIT_KINDS)

    def _unit_without_opd(self, row: RosterRow, unit_name: str) -> int | str | None:
        key = normalise_name(unit_name)
        opds = self.units.opd_by_name.get(key, set())
        if len(opds) == 1:
            return next(iter(opds))
        found = self.units.any_by_name.get(key, set()) - {self.instansi.pk}
        if len(found) == 1:
            return next(iter(found))
        closest = self.units.closest_opds(unit_name)
        reason = _(
            "The Unit Induk (perangkat daerah) is empty and no single unit is named %(unit)s. "
            "Fill in the Unit Induk."
        ) % {"unit": unit_name}
        if closest:
            reason += " " + _("Closest departments: %(names)s.") % {"names": "; ".join(closest)}
        self.plan.add_error(RowError(row.row, self.header("parent_unit_name"), "", reason))
        return None

    def _opd(self, row: RosterRow, opd_name: str) -> int | str | None:
        key = normalise_name(opd_name)
        found = self.units.opd_by_name.get(key, set())
        if len(found) == 1:
            return next(iter(found))
        column = self.header("parent_unit_name")
        if len(found) > 1:
            self.plan.add_error(
                RowError(row.row, column, opd_name,
                         _("Several departments are called %(name)s; use the full name.")
                         % {"name": opd_name})
            )  # fmt: skip
            return None
        if self.create_units:
            return self._new_unit(self.instansi.pk, opd_name, _OPD_KINDS)
        closest = self.units.closest_opds(opd_name)
        reason = _("There is no perangkat daerah named %(name)s in %(instansi)s.") % {
            "name": opd_name,
            "instansi": self.instansi.name,
        }
        if closest:
            reason += " " + _("Did you mean: %(names)s?") % {"names": "; ".join(closest)}
        reason += " " + _(
            "Correct the name, or import again with “create missing perangkat daerah” ticked."
        )
        self.plan.add_error(RowError(row.row, column, opd_name, reason))
        return None

    def _new_unit(self, parent: int | str, name: str, kinds: tuple) -> str:
        key = (parent, normalise_name(name))
        unit = self.new_unit_keys.get(key)
        if unit is None:
            unit = NewUnit(f"new:{len(self.new_unit_keys)}", parent, name, _guess_kind(name, kinds))
            self.new_unit_keys[key] = unit
            # The following rows find the new unit by its name, like an existing one.
            if parent == self.instansi.pk:
                self.units.opd_by_name[normalise_name(name)] = {unit.key}
            else:
                self.units.unit_by_name[(parent, normalise_name(name))] = {unit.key}
        return unit.key

    # -- after the last row ---------------------------------------------------------------------

    def _check_nips_of_other_agencies(self) -> None:
        """A NIP is unique nationally: it may already belong to another agency's employee."""
        new_nips = [
            key[1]
            for key, claim in self.claims.items()
            if key[0] == "nip" and claim.op is not None and claim.op[0] == "new"
        ]
        for chunk in _chunks(new_nips):
            holders = (
                Employee.objects.filter(nip__in=chunk)
                .exclude(unit__path__startswith=self.instansi.path)
                .values_list("nip", "unit__path")
            )
            for nip, path in holders:
                claim = self.claims[("nip", nip)]
                root = OrganisationUnit.objects.filter(path=path[: PATH_SEGMENT_WIDTH + 1]).first()
                self.plan.add_error(
                    RowError(claim.row, self.header("nip"), nip,
                             _("This NIP belongs to an employee of another agency (%(agency)s).")
                             % {"agency": root.name if root else "?"})
                )  # fmt: skip
                claim.op = None

    def _collect(self) -> None:
        plan = self.plan
        used_units: set[str] = set()
        seen_nips: set[str] = set()
        seen_names: set[tuple] = set()
        for key, claim in self.claims.items():
            if key[0] == "nip":
                seen_nips.add(key[1])
            else:
                seen_names.add((key[1], key[2]))
            op = claim.op
            if op is None:
                continue
            if key[0] == "nip" and claim.digest is not None:
                stored = op[1] if op[0] == "same" else op[2]
                # A unit still to be created has no pk yet: such a row is parsed next time.
                if not isinstance(stored[_UNIT], str):
                    plan.row_digests[claim.digest] = (
                        key[1],
                        claim.values_digest or values_digest(stored),
                    )
            if op[0] == "new":
                values = op[2]
                plan.employee_creates.append(
                    (claim.row, op[1], values, decoded_columns(op[1], values[0]),
                     full_name(values[1], values[2], values[3]))
                )  # fmt: skip
                if isinstance(op[2][_UNIT], str):
                    used_units.add(op[2][_UNIT])
            elif op[0] == "changed":
                plan.employee_updates.append((claim.row, op[1], op[2], op[3]))
                plan.changed_fields.update(op[3].keys())
                if isinstance(op[2][_UNIT], str):
                    used_units.add(op[2][_UNIT])
            else:
                plan.unchanged += 1
        # Only units that a saved row uses are created (and their new parents).
        new_units = list(self.new_unit_keys.values())
        by_key = {unit.key: unit for unit in new_units}
        for key in list(used_units):
            parent = by_key[key].parent
            if isinstance(parent, str):
                used_units.add(parent)
        plan.new_units = [unit for unit in new_units if unit.key in used_units]
        plan.new_units.sort(key=lambda unit: isinstance(unit.parent, str))
        if self.full_roster:
            for pk, nip, written_name, unit, name_key in self.active_employees:
                in_file = nip in seen_nips if nip else (unit, name_key) in seen_names
                if in_file:
                    continue
                plan.deactivations.append((pk, written_name, self.units.paths.get(unit, "")))


# ---------------------------------------------------------------------------------------------
# Social media accounts
# ---------------------------------------------------------------------------------------------


class _AccountPlanner:
    def __init__(
        self,
        table: Table,
        columns: ColumnMap,
        *,
        instansi: OrganisationUnit,
        administers: Callable[[str], bool],
    ) -> None:
        self.table = table
        self.columns = columns
        self.instansi = instansi
        self.administers = administers
        self.plan = Plan(kind=ImportKind.ACCOUNTS)
        # A row with several accounts (one column per platform) reports its owner once.
        self._owner_errors: set[tuple[int, str]] = set()
        self.units = _Units(instansi)
        self.plan.unit_paths = self.units.paths
        self.employees: dict[str, tuple[int, str]] = {
            nip: (pk, path)
            for nip, pk, path in Employee.objects.filter(
                unit__path__startswith=instansi.path, nip__isnull=False
            ).values_list("nip", "pk", "unit__path")
        }

    def header(self, name: str) -> str:
        """The column's header as written in the file (what the clerk will look for)."""
        return self.columns.header_for(name)

    def run(self, rows: Iterable[tuple[int, list[str]]]) -> Plan:
        plan = self.plan
        # (row, owner, account) of every account that passed the row checks.
        wanted: list[tuple[int, tuple[str, int, str], Any]] = []
        for line, cells in rows:
            plan.rows += 1
            accounts, errors = parse_account_rows(line, cells, self.columns)
            for error in errors:
                plan.add_error(error)
            for account in accounts:
                owner = self._owner(account)
                if owner is not None:
                    wanted.append((line, owner, account))
        self._decide(wanted)
        return plan

    def _owner_error(self, error: RowError) -> None:
        if (error.row, error.reason) not in self._owner_errors:
            self._owner_errors.add((error.row, error.reason))
            self.plan.add_error(error)

    def _owner(self, account: AccountRow) -> tuple[str, int, str] | None:
        """("employee" or "unit", pk, unit path) of the account's owner; None with an error."""
        if account.nip:
            found = self.employees.get(account.nip)
            column = self.header("nip")
            if found is None:
                self._owner_error(
                    RowError(account.row, column, account.nip,
                             _("No employee of %(instansi)s has this NIP. Import the roster "
                               "first, or correct the NIP.") % {"instansi": self.instansi.name})
                )  # fmt: skip
                return None
            if not self.administers(found[1]):
                self._owner_error(
                    RowError(account.row, column, account.nip,
                             _("This employee is not in your units."))
                )  # fmt: skip
                return None
            return ("employee", found[0], found[1])
        name = " ".join((account.unit_name or "").split())
        column = self.header("unit_name")
        if not name:
            self._owner_error(
                RowError(account.row, self.header("nip"), "",
                         _("Give the owner's NIP (personal account) or unit (official account)."))
            )  # fmt: skip
            return None
        found = self.units.any_by_name.get(normalise_name(name), set())
        if len(found) != 1:
            reason = (
                _("Several units are called %(name)s; use the full name or the code.")
                if found
                else _("There is no unit named %(name)s in %(instansi)s.")
            ) % {"name": name, "instansi": self.instansi.name}
            closest = [] if found else self.units.closest_opds(name)
            if closest:
                reason += " " + _("Did you mean: %(names)s?") % {"names": "; ".join(closest)}
            self._owner_error(RowError(account.row, column, name, reason))
            return None
        unit = next(iter(found))
        if not self.administers(self.units.paths[unit]):
            self._owner_error(
                RowError(account.row, column, name, _("This unit is not in your units."))
            )
            return None
        return ("unit", unit, self.units.paths[unit])

    def _existing(self, keys: set[tuple[str, str, str]]) -> dict[tuple[str, str, str], tuple]:
        """Accounts already registered under the file's handles, with who holds them."""
        from gaung.socials.models import SocialAccount

        by_platform: dict[tuple[str, str], list[str]] = defaultdict(list)
        for platform, kind, handle in keys:
            by_platform[(platform, kind)].append(handle)
        found: dict[tuple[str, str, str], tuple] = {}
        for (platform, kind), handles in by_platform.items():
            for chunk in _chunks(handles):
                rows = SocialAccount.objects.filter(
                    platform=platform, handle_kind=kind, handle__in=chunk
                ).values_list(
                    "handle", "pk", "owner_employee_id", "owner_unit_id", "followers",
                    "owner_employee__front_title", "owner_employee__name",
                    "owner_employee__back_title", "owner_employee__unit__name", "owner_unit__name",
                )  # fmt: skip
                for handle, *rest in rows:
                    found[(platform, kind, handle)] = tuple(rest)
        return found

    def _holder(self, existing: tuple) -> str:
        _pk, employee, _unit, _followers, front, name, back, unit_name, owner_unit = existing
        if employee is None:
            return _("the official account of %(unit)s") % {"unit": owner_unit}
        full = f"{front} {name}".strip()
        full = f"{full}, {back}" if back else full
        return f"{full} ({unit_name})"

    def _decide(self, wanted: list[tuple[int, tuple[str, int, str], Any]]) -> None:
        plan = self.plan
        existing = self._existing({(a.platform, a.handle_kind, a.handle) for _r, _o, a in wanted})
        claims: dict[tuple[str, str, str], tuple[int, tuple[str, int, str], Any, list]] = {}
        ops: list[list] = []
        for line, owner, account in wanted:
            key = (account.platform, account.handle_kind, account.handle)
            shown = f"@{account.handle}"
            column = account.column or self.header("handle")
            value = account.profile_url or shown
            earlier = claims.get(key)
            if earlier is not None:
                first_row, first_owner, first_account, first_op = earlier
                if first_owner[:2] == owner[:2]:
                    reason = _("%(account)s is already listed on row %(row)s.") % {
                        "account": shown, "row": first_row}  # fmt: skip
                else:
                    reason = _("%(account)s is also claimed on row %(row)s by another owner.") % {
                        "account": shown, "row": first_row}  # fmt: skip
                    if first_op:
                        plan.add_error(
                            RowError(first_row, first_account.column or column,
                                     first_account.profile_url or shown,
                                     _("%(account)s is also claimed on row %(row)s by another "
                                       "owner.") % {"account": shown, "row": line})
                        )  # fmt: skip
                        first_op.clear()
                plan.add_error(RowError(line, column, value, reason))
                continue
            held = existing.get(key)
            op: list = []
            if held is not None:
                pk, employee, unit, followers = held[:4]
                held_by = ("employee", employee) if employee is not None else ("unit", unit)
                if held_by != owner[:2]:
                    plan.add_error(
                        RowError(line, column, value,
                                 _("%(account)s is already registered to %(holder)s.")
                                 % {"account": shown, "holder": self._holder(held)})
                    )  # fmt: skip
                    claims[key] = (line, owner, account, op)
                    continue
                if account.followers is not None and account.followers != followers:
                    op = ["changed", line, pk, followers, account.followers, owner[2],
                          account.platform, account.handle]  # fmt: skip
                else:
                    op = ["same"]
            else:
                employee_pk = owner[1] if owner[0] == "employee" else None
                unit_pk = owner[1] if owner[0] == "unit" else None
                op = ["new", line, employee_pk, unit_pk, account.platform, account.handle,
                      account.handle_kind, account.profile_url, account.followers,
                      owner[2]]  # fmt: skip
            claims[key] = (line, owner, account, op)
            ops.append(op)
        for op in ops:
            if not op:
                continue
            if op[0] == "new":
                plan.account_creates.append(tuple(op[1:]))
            elif op[0] == "changed":
                plan.account_updates.append(tuple(op[1:]))
                plan.changed_fields["followers"] += 1
            else:
                plan.unchanged += 1


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def plan_import(
    kind: str,
    path: Path,
    *,
    instansi: OrganisationUnit,
    within: Callable[[str], bool] | None = None,
    filename: str | None = None,
    full_roster: bool = False,
    create_units: bool = False,
    progress: ProgressCallback | None = None,
    known: KnownRows | None = None,
) -> Plan:
    """Read the file and compare it with the database; raises FileProblem for an unusable file.

    `within(unit_path)` says whether an account row's owner lies in the uploader's units
    (None: every unit of the instansi does). `known`: see KnownRows (roster only).
    """
    path = Path(path)
    table = open_table(path, filename=filename)
    rows = _rows_with_progress(table, table.total_rows, progress)
    if kind == ImportKind.ROSTER:
        columns = match_roster_headers(table.headers)
        planner: _RosterPlanner | _AccountPlanner = _RosterPlanner(
            table,
            columns,
            instansi=instansi,
            full_roster=full_roster,
            create_units=create_units,
            known=known,
        )
    else:
        columns = match_account_headers(table.headers)
        planner = _AccountPlanner(
            table, columns, instansi=instansi, administers=within or (lambda path: True)
        )
    return planner.run(rows)


def decode_checked_number(nip: str | None, employee_type: str) -> dict[str, Any]:
    """decode_number for a number the planner already accepted, read by position (fast).

    The commit decodes every new employee's number; the full parser re-checks what the
    preview checked, at about 20 times the cost. Anything not shaped like a number the
    parser accepts goes to the parser (tests keep the two equal).
    """
    if (
        nip is None
        or len(nip) != 18
        or not nip.isdigit()
        or nip[14] not in "12"
        or employee_type not in _DECODED_TYPES
    ):
        return decode_number(nip, employee_type)
    try:
        birth = datetime.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
        if employee_type == EmployeeType.PNS:
            tmt, year = datetime.date(int(nip[8:12]), int(nip[12:14]), 1), None
        else:
            tmt, year = None, int(nip[8:12])
    except ValueError:
        return decode_number(nip, employee_type)
    sex = "M" if nip[14] == "1" else "F"
    return {"birth_date": birth, "sex": sex, "tmt_cpns": tmt, "appointment_year": year}


DECODED_FIELDS = ("birth_date", "sex", "tmt_cpns", "appointment_year")


def full_name(front_title: str | None, name: str, back_title: str | None) -> str:
    """Employee.full_name, from the values instead of an instance."""
    written = f"{front_title or ''} {name}".strip()
    return f"{written}, {back_title}" if back_title else written


def decoded_columns(nip: str | None, employee_type: str) -> tuple:
    """A new employee's DECODED_FIELDS as the commit writes them (dates as ISO text).

    Worked out by the preview, so that the commit only copies them into the row.
    """
    decoded = decode_checked_number(nip, employee_type)
    birth, tmt = decoded["birth_date"], decoded["tmt_cpns"]
    return (
        birth.isoformat() if birth else None,
        decoded.get("sex", ""),
        tmt.isoformat() if tmt else None,
        decoded["appointment_year"],
    )


_DECODED_TYPES = frozenset({EmployeeType.PNS, EmployeeType.PPPK, EmployeeType.PPPK_PW})


def decode_number(nip: str | None, employee_type: str) -> dict[str, Any]:
    """What a NIP / NI PPPK encodes (birth date, sex, …) for a new or retyped employee."""
    empty = {"birth_date": None, "tmt_cpns": None, "appointment_year": None}
    if not nip or employee_type == EmployeeType.NON_ASN:
        return empty
    try:
        decoded = parse_employee_number(nip, employee_type)
    except NipError:
        return empty
    if decoded is None:
        return empty
    return {
        "birth_date": decoded.birth_date,
        "sex": decoded.sex,
        "tmt_cpns": decoded.tmt_cpns,
        "appointment_year": decoded.appointment_year,
    }
