"""The compilation as an XLSX workbook: a summary sheet, then one sheet per department (OPD).

The workbook is written row by row to a temporary file (xlsxwriter's constant-memory mode) and
employees are read with an iterator, so 100,000 employees do not need 100,000 rows in memory.
Every text cell goes through `core.exports.neutralise` (no formula injection).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from typing import IO, Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from gaung.core.exports import neutralise
from gaung.reports.figures import PLATFORM_LABELS, PLATFORM_ORDER
from gaung.reports.models import CompilationEmployee, CompilationUnitRow
from gaung.reports.summary import Report
from gaung.socials.choices import AccountStatus

SHEET_NAME_LIMIT = 31
# Excel refuses these in sheet names; "History" is reserved.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
STATUS_LABELS = dict(AccountStatus.choices)


def sheet_names(wanted: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """Valid, unique sheet names (at most 31 characters), in the order given."""
    used = {name.casefold() for name in taken}
    names = []
    for raw in wanted:
        base = _SHEET_FORBIDDEN.sub(" ", raw).strip().strip("'").strip() or "Sheet"
        if base.casefold() == "history":
            base = f"{base} 1"
        name = base[:SHEET_NAME_LIMIT].strip()
        number = 2
        while name.casefold() in used:
            suffix = f" ({number})"
            name = base[: SHEET_NAME_LIMIT - len(suffix)].strip() + suffix
            number += 1
        used.add(name.casefold())
        names.append(name)
    return names


def describe_accounts(accounts: Sequence[dict]) -> str:
    """`handle (Verified, 1234)` for each account, separated by semicolons.

    No leading `@`: spreadsheets read it as a formula, so the cell would be escaped.
    """
    parts = []
    for account in accounts:
        status = str(STATUS_LABELS.get(account["status"], account["status"]))
        followers = account.get("followers")
        detail = status if followers is None else f"{status}, {followers}"
        parts.append(f"{account['handle']} ({detail})")
    return "; ".join(parts)


class WorkbookWriter:
    """Writes one compilation, as one user sees it, into an XLSX file."""

    def __init__(self, report: Report, output: IO[bytes]) -> None:
        self.report = report
        self.workbook = xlsxwriter.Workbook(
            output,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "tmpdir": tempfile.gettempdir(),
            },
        )
        add = self.workbook.add_format
        self.formats = {
            "title": add({"bold": True, "font_size": 14}),
            "bold": add({"bold": True}),
            "header": add(
                {"bold": True, "bg_color": "#E8EEF7", "text_wrap": True, "valign": "top"}
            ),
            "int": add({"num_format": "#,##0"}),
            "signed": add({"num_format": "+#,##0;-#,##0;0"}),
            "percent": add({"num_format": "0.0%"}),
            "points": add({"num_format": "+0.0%;-0.0%;0.0%"}),
            "date": add({"num_format": "dd mmm yyyy"}),
        }
        self.platforms = report.platforms

    # Cells -------------------------------------------------------------------------------

    def cell(self, sheet, row: int, col: int, value: Any, style: str | None = None) -> None:
        fmt = self.formats.get(style) if style else None
        if value is None or value == "":
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value, fmt)
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value, fmt)
        else:
            sheet.write_string(row, col, neutralise(str(value)), fmt)

    def line(self, sheet, row: int, values: Sequence[tuple[Any, str | None]]) -> None:
        for col, (value, style) in enumerate(values):
            self.cell(sheet, row, col, value, style)

    def header(self, sheet, row: int, labels: Sequence[str]) -> None:
        for col, label in enumerate(labels):
            self.cell(sheet, row, col, label, "header")

    # Unit rows ---------------------------------------------------------------------------

    def unit_headers(self, first: str) -> list[str]:
        headers = [
            _("No."),
            first,
            _("Employees"),
            _("With an account"),
            _("No account yet"),
            _("Coverage"),
            _("Change in coverage"),
            _("Accounts"),
            _("Verified"),
            _("Unverified"),
            _("Followers"),
            _("Change in followers"),
        ]
        for platform in self.platforms:
            label = PLATFORM_LABELS[platform]
            headers += [
                _("%(platform)s: employees") % {"platform": label},
                _("%(platform)s: coverage") % {"platform": label},
                _("%(platform)s: followers") % {"platform": label},
            ]
        return headers

    def unit_values(self, number: int | None, name: str, row) -> list[tuple[Any, str | None]]:
        values: list[tuple[Any, str | None]] = [
            (number, None),
            (name, None),
            (row.employees, "int"),
            (row.with_account, "int"),
            (row.without_account, "int"),
            (row.coverage_ratio, "percent"),
            (row.delta_coverage, "points"),
            (row.accounts, "int"),
            (row.verified, "int"),
            (row.unverified, "int"),
            (row.followers, "int"),
            (row.delta_followers, "signed"),
        ]
        for figures in row.platform_figures(self.platforms):
            values += [
                (figures.employees, "int"),
                (figures.coverage, "percent"),
                (figures.followers, "int"),
            ]
        return values

    # Sheets ------------------------------------------------------------------------------

    def write_summary(self, name: str, departments: list[CompilationUnitRow]) -> None:
        report = self.report
        compilation = report.compilation
        sheet = self.workbook.add_worksheet(name)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, 42)
        sheet.set_column(2, 11 + 3 * len(self.platforms), 14)
        self.cell(sheet, 0, 0, compilation.title, "title")
        taken = timezone.localtime(compilation.taken_at) if compilation.taken_at else None
        facts = [
            (_("Agency"), compilation.instansi_name),
            (
                _("Period"),
                f"{compilation.period_start:%d-%m-%Y} – {compilation.period_end:%d-%m-%Y}",
            ),
            (_("Data as of"), f"{taken:%d-%m-%Y %H.%M}" if taken else ""),
            (_("Taken by"), compilation.requested_by_name),
        ]
        for offset, (label, value) in enumerate(facts, start=2):
            self.cell(sheet, offset, 0, label, "bold")
            self.cell(sheet, offset, 2, value)
        row = 7
        headline = report.headline
        self.header(sheet, row, self.unit_headers(_("Scope")))
        scope_name = (
            compilation.instansi_name
            if report.is_whole_agency
            else ", ".join(r.name for r in report.top_rows)
        )
        self.line(sheet, row + 1, self.unit_values(None, scope_name, headline))
        row += 3
        self.cell(sheet, row, 0, _("Departments (OPD)"), "bold")
        row += 1
        self.header(sheet, row, self.unit_headers(_("Department (OPD)")))
        sheet.freeze_panes(row + 1, 2)
        for number, department in enumerate(departments, start=1):
            self.line(sheet, row + number, self.unit_values(number, department.name, department))
        self.cell(sheet, row + len(departments) + 2, 0, _("How to read these figures"), "bold")
        notes = [
            _("Employees: active ASN (PNS and PPPK); non-ASN staff are not counted."),
            _(
                "An account counts when it was registered before the end of the period and is "
                "verified or awaiting verification; rejected and inactive accounts do not."
            ),
            _("Coverage: employees with at least one account ÷ employees."),
            _("Changes compare with the previous compilation of the same agency."),
        ]
        for offset, note in enumerate(notes, start=row + len(departments) + 3):
            self.cell(sheet, offset, 0, note)

    def employee_headers(self) -> list[str]:
        headers = [_("No."), _("NIP / NI PPPK"), _("Name"), _("Position"), _("Unit")]
        headers += [PLATFORM_LABELS[p] for p in PLATFORM_ORDER]
        headers += [_("Accounts"), _("Verified"), _("Followers"), _("No account yet")]
        return headers

    def employee_values(self, number: int, employee: CompilationEmployee) -> list:
        values: list[tuple[Any, str | None]] = [
            (number, None),
            (employee.nip_grouped, None),
            (employee.full_name, None),
            (employee.position, None),
            (employee.unit_name, None),
        ]
        values += [(describe_accounts(employee.accounts_on(p)), None) for p in PLATFORM_ORDER]
        values += [
            (employee.account_count, "int"),
            (employee.verified_count, "int"),
            (employee.followers, "int"),
            (_("Yes") if not employee.has_account else "", None),
        ]
        return values

    def write_department(self, name: str, department: CompilationUnitRow) -> None:
        report = self.report
        sheet = self.workbook.add_worksheet(name)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, 36)
        sheet.set_column(2, 4, 28)
        sheet.set_column(5, 5 + len(PLATFORM_ORDER) + 4, 16)
        self.cell(sheet, 0, 0, department.name, "title")
        self.cell(sheet, 1, 0, report.compilation.title)
        row = 3
        self.cell(sheet, row, 0, _("Units"), "bold")
        row += 1
        self.header(sheet, row, self.unit_headers(_("Unit")))
        units = [department, *report.units_below(department)]
        for number, unit in enumerate(units, start=1):
            indent = "    " * (unit.depth - department.depth)
            self.line(sheet, row + number, self.unit_values(number, indent + unit.name, unit))
        row += len(units) + 2
        self.cell(sheet, row, 0, _("Employees"), "bold")
        row += 1
        self.header(sheet, row, self.employee_headers())
        employees = (
            CompilationEmployee.objects.visible_to(report.user)
            .in_row(department)
            .order_by("unit_path", "name", "pk")
            .iterator(chunk_size=2000)
        )
        for number, employee in enumerate(employees, start=1):
            self.line(sheet, row + number, self.employee_values(number, employee))

    def write(self) -> None:
        """The summary sheet, then one sheet per department."""
        departments = list(self.report.table_rows())
        summary, *names = sheet_names(
            [_("Summary"), *[(d.short_name or d.name) for d in departments]]
        )
        self.write_summary(summary, departments)
        for name, department in zip(names, departments, strict=True):
            self.write_department(name, department)
        self.workbook.close()


def write_workbook(report: Report, output: IO[bytes]) -> None:
    """Write the compilation's workbook into a binary file object."""
    WorkbookWriter(report, output).write()
