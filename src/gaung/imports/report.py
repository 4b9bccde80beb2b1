"""Spreadsheets an import produces: the XLSX error report and the sample templates."""

from __future__ import annotations

import io

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaung.core.exports import neutralise
from gaung.imports.choices import ImportKind
from gaung.imports.columns import ACCOUNT_COLUMNS, PLATFORM_NAMES, ROSTER_COLUMNS
from gaung.imports.models import ImportJob
from gaung.imports.readers import FileProblem, open_table
from gaung.registry.synthetic import synthetic_pns_nip, synthetic_pppk_ni

_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def _text(value: object) -> str:
    return neutralise("" if value is None else str(value))


def _original_rows(job: ImportJob, wanted: set[int]) -> tuple[list[str], dict[int, list[str]]]:
    """The file's headers and the cells of the wanted rows (empty when the file is gone)."""
    if not job.file or not wanted:
        return [], {}
    try:
        with job.local_file() as path:
            table = open_table(path, filename=job.original_name)
            cells = {line: row for line, row in table.rows if line in wanted}
    except (FileProblem, OSError, ValueError):
        return [], {}
    return table.headers, cells


def error_report(job: ImportJob) -> bytes:
    """The invalid rows: row, column, value and reason, followed by the row as it was uploaded."""
    errors = list(
        job.row_errors.order_by("row", "pk").values_list("row", "column", "value", "reason")
    )
    headers, originals = _original_rows(job, {row for row, *_rest in errors})
    buffer = io.BytesIO()
    # Constant memory: rows go to temporary files as they are written, so a report of
    # 100,000 errors does not sit in memory.
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, **_WORKBOOK_OPTIONS})
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF7"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet(_("Errors")[:31])
    fixed = [_("Row"), _("Column"), _("Value"), _("Reason")]
    for index, title in enumerate([*fixed, *headers]):
        sheet.write_string(0, index, title, bold)
    for index, width in enumerate((8, 22, 28, 70)):
        sheet.set_column(index, index, width, wrap if index == 3 else None)
    if headers:
        sheet.set_column(len(fixed), len(fixed) + len(headers) - 1, 18)
    line = 0
    for line, (row, column, value, reason) in enumerate(errors, start=1):
        sheet.write_number(line, 0, row)
        sheet.write_string(line, 1, _text(column))
        sheet.write_string(line, 2, _text(value))
        sheet.write_string(line, 3, _text(reason), wrap)
        for offset, cell in enumerate(originals.get(row, ())):
            if cell:
                sheet.write_string(line, len(fixed) + offset, _text(cell))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(line, 1), len(fixed) + len(headers) - 1)

    summary = workbook.add_worksheet(_("Import")[:31])
    summary.set_column(0, 0, 24)
    summary.set_column(1, 1, 70)
    facts = [
        (_("Import"), f"#{job.pk}"),
        (_("File name"), job.original_name),
        (_("SHA-256"), job.sha256),
        (_("Type"), str(job.get_kind_display())),
        (_("Uploaded by"), job.created_by.get_username() if job.created_by else "system"),
        (_("Invalid rows"), str(job.count("invalid"))),
        (_("Errors"), str(len(errors))),
    ]
    for index, (label, value) in enumerate(facts):
        summary.write_string(index, 0, label, bold)
        summary.write_string(index, 1, _text(value))
    workbook.close()
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Sample templates
# ---------------------------------------------------------------------------------------------


def _roster_sample() -> tuple[list[str], list[list[str]]]:
    headers = ["NIP", "Gelar Depan", "Nama", "Gelar Belakang", "Jenis Pegawai", "Golongan",
               "Jabatan", "Unit Kerja", "Unit Induk", "Email", "No HP", "Aktif"]  # fmt: skip
    rows = [
        [synthetic_pns_nip(1), "Dr.", "Siti Rahayu", "S.Sos., M.Si.", "PNS", "IV/a",
         "Kepala Bidang Pencegahan dan Pengendalian Penyakit",
         "Bidang Pencegahan dan Pengendalian Penyakit", "Dinas Kesehatan",
         "siti.rahayu@example.go.id", "081234567890", "Aktif"],
        [synthetic_pppk_ni(2), "", "Agus Wibowo", "S.Kom.", "PPPK", "IX",
         "Pranata Komputer Ahli Pertama", "Dinas Kesehatan", "Dinas Kesehatan", "", "", "Aktif"],
    ]  # fmt: skip
    return headers, rows


def _accounts_sample() -> tuple[list[str], list[list[str]]]:
    headers = ["NIP", "Nama", "Unit", "Platform", "Akun", "Followers"]
    rows = [
        [synthetic_pns_nip(1), "Siti Rahayu", "", "Instagram",
         "https://www.instagram.com/siti.rahayu/", "1500"],
        [synthetic_pns_nip(1), "Siti Rahayu", "", "TikTok", "@siti.rahayu", "320"],
        ["", "", "Dinas Kesehatan", "Instagram", "@dinkes.contoh", "25000"],
    ]  # fmt: skip
    return headers, rows


def _aliases(kind: str) -> list[tuple[str, str]]:
    if kind == ImportKind.ROSTER:
        return [(names[0], ", ".join(names[1:])) for names in ROSTER_COLUMNS.values()]
    listed = [(names[0], ", ".join(names[1:])) for names in ACCOUNT_COLUMNS.values()]
    one_per_employee = ", ".join(PLATFORM_NAMES.values())
    return [*listed, (_("One column per platform"), one_per_employee)]


def sample_template(kind: str) -> bytes:
    """An XLSX with the expected headers, example rows, and the header names recognised."""
    headers, rows = _roster_sample() if kind == ImportKind.ROSTER else _accounts_sample()
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, **_WORKBOOK_OPTIONS})
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF7"})
    # NIPs as text: a number cell would turn them into 1.96804111993031E+17.
    text = workbook.add_format({"num_format": "@"})
    sheet = workbook.add_worksheet("Data")
    for index, header in enumerate(headers):
        sheet.write_string(0, index, header, bold)
        sheet.set_column(index, index, 22, text)
    for line, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            sheet.write_string(line, index, value, text)
    sheet.freeze_panes(1, 0)
    help_sheet = workbook.add_worksheet(_("Columns")[:31])
    help_sheet.write_string(0, 0, _("Column"), bold)
    help_sheet.write_string(0, 1, _("Also recognised as"), bold)
    help_sheet.set_column(0, 0, 26)
    help_sheet.set_column(1, 1, 90)
    for line, (label, aliases) in enumerate(_aliases(kind), start=1):
        help_sheet.write_string(line, 0, label)
        help_sheet.write_string(line, 1, aliases)
    workbook.close()
    return buffer.getvalue()


_DESCRIPTIONS = {
    ImportKind.ROSTER: {
        "nip": gettext_lazy("NIP or NI PPPK, 18 digits. Format the column as Text in Excel."),
        "name": gettext_lazy("Name; titles may be part of it or in their own columns."),
        "front_title": gettext_lazy("Title before the name."),
        "back_title": gettext_lazy("Title after the name."),
        "employee_type": gettext_lazy(
            "PNS, CPNS, PPPK, PPPK Paruh Waktu or Non ASN; when empty, read from the NIP."
        ),
        "unit_name": gettext_lazy(
            "Unit Kerja (bidang, UPT, seksi); created under its Unit Induk when new."
        ),
        "parent_unit_name": gettext_lazy("Unit Induk: the perangkat daerah (OPD)."),
        "position": gettext_lazy("Position (jabatan)."),
        "rank": gettext_lazy("Golongan (I/a to IV/e) or PPPK grade (I to XVII)."),
        "email": gettext_lazy("Government e-mail; an empty cell keeps the registered one."),
        "phone": gettext_lazy("Phone number; an empty cell keeps the registered one."),
        "is_active": gettext_lazy("Aktif or Tidak Aktif."),
    },
    ImportKind.ACCOUNTS: {
        "nip": gettext_lazy("NIP of the employee who owns a personal account."),
        "name": gettext_lazy("Name, for your own reference (not imported)."),
        "unit_name": gettext_lazy("For an official account: its unit, instead of a NIP."),
        "platform": gettext_lazy("Instagram, TikTok, Facebook, YouTube, X or Threads."),
        "handle": gettext_lazy("@name or the profile address."),
        "followers": gettext_lazy("Number of followers: 15000, 15.000 or 1,2 rb."),
    },
}
_REQUIRED = {
    ImportKind.ROSTER: {"nip", "name", "unit_name"},
    ImportKind.ACCOUNTS: {"platform", "handle"},
}


def column_help(kind: str) -> list[dict[str, object]]:
    """For the upload page: each recognised column, its other names, and what it holds."""
    columns = ROSTER_COLUMNS if kind == ImportKind.ROSTER else ACCOUNT_COLUMNS
    return [
        {
            "label": names[0],
            "aliases": names[1:],
            "description": _DESCRIPTIONS[kind].get(name, ""),
            "required": name in _REQUIRED[kind],
        }
        for name, names in columns.items()
    ]
