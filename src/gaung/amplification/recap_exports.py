"""Recaps as downloads: an XLSX workbook (xlsxwriter) and an A4 PDF (WeasyPrint).

Both show what the page shows at the same level, scoped the same way. The workbook has a
summary sheet (the per-unit roll-up and the totals), then a sheet of employees per unit;
employees are read with an iterator and written in xlsxwriter's constant-memory mode, so a
campaign of 10,000 people never sits in memory. Every text cell goes through
`core.exports.neutralise` (no formula injection).
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable, Sequence
from typing import IO, Any

import xlsxwriter
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gaung.amplification.models import Assignment, Campaign
from gaung.amplification.recap import (
    PeriodRecap,
    PersonRow,
    Recap,
    RecapRow,
    status_labels,
    top_people,
)
from gaung.core.exports import XLSX_CONTENT_TYPE, neutralise
from gaung.registry.models import PATH_SEGMENT_WIDTH, OrganisationUnit
from gaung.reports.actions import indonesian_date
from gaung.reports.exports import sheet_names
from gaung.reports.models import Letterhead
from gaung.reports.pdf import logo_data_uri
from gaung.socials.choices import Platform

Cell = tuple[Any, str | None]


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _platform_names(platforms: Iterable[str]) -> str:
    return ", ".join(str(Platform(p).label) for p in platforms if p in Platform.values)


def level_name(recap: Recap) -> str:
    unit = recap.level.unit
    return unit.name if unit is not None else _("All my units")


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------


class RecapWorkbook:
    """Writes one recap (a campaign's or a period's) into an XLSX file."""

    def __init__(self, recap: Recap, output: IO[bytes], *, with_campaign: bool) -> None:
        self.recap = recap
        self.with_campaign = with_campaign
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
            "percent": add({"num_format": "0.0%"}),
            "total_int": add({"num_format": "#,##0", "bold": True}),
            "total_percent": add({"num_format": "0.0%", "bold": True}),
            "total": add({"bold": True}),
            "date": add({"num_format": "dd mmm yyyy"}),
        }

    # Cells -----------------------------------------------------------------------------------

    def cell(self, sheet, row: int, col: int, value: Any, style: str | None = None) -> None:
        fmt = self.formats.get(style) if style else None
        if value is None or value == "":
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value, fmt)
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value, fmt)
        elif isinstance(value, datetime.date):
            sheet.write_datetime(row, col, value, self.formats["date"])
        else:
            sheet.write_string(row, col, neutralise(str(value)), fmt)

    def line(self, sheet, row: int, values: Sequence[Cell]) -> None:
        for col, (value, style) in enumerate(values):
            self.cell(sheet, row, col, value, style)

    def header(self, sheet, row: int, labels: Sequence[str]) -> None:
        for col, label in enumerate(labels):
            self.cell(sheet, row, col, label, "header")

    def facts(self, sheet, first_row: int, facts: Sequence[tuple[str, Any]]) -> int:
        for offset, (label, value) in enumerate(facts):
            self.cell(sheet, first_row + offset, 0, label, "bold")
            self.cell(sheet, first_row + offset, 2, value)
        return first_row + len(facts)

    # Figures ---------------------------------------------------------------------------------

    @staticmethod
    def figure_headers() -> list[str]:
        return [
            _("Assigned"),
            *status_labels().values(),
            _("Actions asked"),
            _("Actions done"),
            _("Completion"),
            _("Participation"),
            _("Potential reach"),
            _("Clicks"),
        ]

    @staticmethod
    def figure_values(row: RecapRow, total: bool = False) -> list[Cell]:
        number, ratio = ("total_int", "total_percent") if total else ("int", "percent")
        return [
            (row.assigned, number),
            (row.sudah, number),
            (row.kurang, number),
            (row.belum, number),
            (row.tanpa_akun, number),
            (row.asked, number),
            (row.done, number),
            (row.completion, ratio),
            (row.participation, ratio),
            (row.reach, number),
            (row.clicks, number),
        ]

    def unit_table(self, sheet, row: int) -> int:
        """The per-unit roll-up with each unit's rank, then the total; returns the next row."""
        recap = self.recap
        ranks = {id(r): n for n, r in enumerate(recap.ranking(), start=1)}
        self.header(sheet, row, [_("No."), _("Unit"), _("Ranking"), *self.figure_headers()])
        for number, unit_row in enumerate(recap.all_rows, start=1):
            values = [(number, None), (unit_row.label, None), (ranks[id(unit_row)], None)]
            self.line(sheet, row + number, values + self.figure_values(unit_row))
        row += len(recap.all_rows) + 1
        total = [(None, None), (_("Total"), "total"), (None, None)]
        self.line(sheet, row, total + self.figure_values(recap.total, total=True))
        return row + 1

    def campaign_table(self, sheet, row: int, campaigns: list[RecapRow]) -> int:
        headers = [_("No."), _("Campaign"), _("Organising unit"), _("Deadline"), _("Status")]
        self.header(sheet, row, headers + self.figure_headers())
        for number, campaign_row in enumerate(campaigns, start=1):
            campaign = campaign_row.campaign
            values: list[Cell] = [
                (number, None),
                (campaign.title, None),
                (campaign.unit.name, None),
                (_local_day(campaign.deadline), None),
                (campaign.get_status_display(), None),
            ]
            self.line(sheet, row + number, values + self.figure_values(campaign_row))
        return row + len(campaigns) + 1

    def notes(self, sheet, row: int) -> None:
        self.cell(sheet, row, 0, _("How to read these figures"), "bold")
        for offset, note in enumerate(recap_notes(), start=1):
            self.cell(sheet, row + offset, 0, note)

    # Sheets ----------------------------------------------------------------------------------

    def start_summary(self, name: str, title: str):
        sheet = self.workbook.add_worksheet(name)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, 42)
        sheet.set_column(2, 20, 13)
        self.cell(sheet, 0, 0, title, "title")
        return sheet

    def write_people_ranking(self, name: str, people: list[PersonRow]) -> None:
        sheet = self.workbook.add_worksheet(name)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 3, 30)
        sheet.set_column(4, 9, 14)
        headers = [_("Ranking"), _("NIP / NI PPPK"), _("Name"), _("Unit"), _("Actions done"),
                   _("Actions asked"), _("Potential reach"), _("Clicks")]  # fmt: skip
        if self.with_campaign:
            headers.append(_("Campaigns"))
        self.header(sheet, 0, headers)
        for number, person in enumerate(people, start=1):
            values: list[Cell] = [
                (number, None),
                (person.employee.nip_grouped, None),
                (person.employee.full_name, None),
                (person.employee.unit.name, None),
                (person.done, "int"),
                (person.asked, "int"),
                (person.reach, "int"),
                (person.clicks, "int"),
            ]
            if self.with_campaign:
                values.append((person.campaigns, "int"))
            self.line(sheet, number, values)

    def people_headers(self) -> list[str]:
        headers = [_("No."), _("NIP / NI PPPK"), _("Name"), _("Unit")]
        if self.with_campaign:
            headers.append(_("Campaign"))
        return [*headers, _("Status"), _("Actions done"), _("Actions asked"),
                _("Potential reach"), _("Clicks"), _("Platforms without an account")]  # fmt: skip

    def people_values(self, number: int, assignment: Assignment) -> list[Cell]:
        employee = assignment.employee
        values: list[Cell] = [
            (number, None),
            (employee.nip_grouped, None),
            (employee.full_name, None),
            (assignment.unit.name, None),
        ]
        if self.with_campaign:
            values.append((assignment.campaign.title, None))
        return [
            *values,
            (assignment.get_status_display(), None),
            (assignment.done, "int"),
            (assignment.asked, "int"),
            (assignment.potential_reach, "int"),
            (assignment.clicks, "int"),
            (_platform_names(assignment.missing_platforms), None),
        ]

    def write_people(self, name: str, row: RecapRow) -> None:
        sheet = self.workbook.add_worksheet(name)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 4 if self.with_campaign else 3, 30)
        sheet.set_column(5 if self.with_campaign else 4, 12, 14)
        self.cell(sheet, 0, 0, row.label, "title")
        self.header(sheet, 2, self.people_headers())
        sheet.freeze_panes(3, 3)
        assignments = (
            self.recap.in_row(row)
            .select_related("employee", "unit", "campaign")
            .order_by("unit_path", "employee__name", "campaign__deadline", "pk")
            .iterator(chunk_size=2000)
        )
        for number, assignment in enumerate(assignments, start=1):
            self.line(sheet, 2 + number, self.people_values(number, assignment))

    def write_units(self, names: list[str]) -> None:
        for name, row in zip(names, self.recap.all_rows, strict=True):
            self.write_people(name, row)

    @staticmethod
    def sheet_title(row: RecapRow) -> str:
        short = row.unit.short_name if row.unit is not None and not row.is_direct else ""
        return short or row.label

    def sheet_names(self, *firsts: str) -> tuple[list[str], list[str]]:
        """Names of the leading sheets, then one per unit row (unique, valid, short)."""
        wanted = [*firsts, *[self.sheet_title(r) for r in self.recap.all_rows]]
        names = sheet_names(wanted)
        return names[: len(firsts)], names[len(firsts) :]


def recap_notes() -> list[str]:
    return [
        _("Done: every action asked was proven; partial: some; not yet: none."),
        _(
            "No account: the employee has no account on any platform the campaign asks for; "
            "they are counted apart and are not part of completion or participation."
        ),
        _("Completion: actions done ÷ actions asked."),
        _("Participation: employees who did at least one action ÷ employees asked something."),
        _("Potential reach: followers of the accounts that shared, counted when they shared."),
        _("Clicks: unique visitors of the employees' tracked links."),
        _("Employees are counted in the unit they belonged to when the campaign reached them."),
    ]


def write_campaign_workbook(campaign: Campaign, recap: Recap, output: IO[bytes]) -> None:
    book = RecapWorkbook(recap, output, with_campaign=False)
    people = top_people(recap.assignments) if campaign.show_individual_ranking else []
    firsts = [_("Summary"), _("Top employees")] if people else [_("Summary")]
    leading, unit_names = book.sheet_names(*firsts)
    sheet = book.start_summary(leading[0], campaign.title)
    book.cell(sheet, 1, 0, _("Amplification campaign recap"))
    row = book.facts(
        sheet,
        3,
        [
            (_("Organising unit"), campaign.unit.name),
            (_("Official post"), campaign.post_url),
            (_("Start"), _local_day(campaign.starts_at)),
            (_("Deadline"), _local_day(campaign.deadline)),
            (_("Status"), campaign.get_status_display()),
            (_("Platforms"), _platform_names(campaign.platforms)),
            (_("Covering"), level_name(recap)),
            (_("Data as of"), f"{timezone.localtime():%d-%m-%Y %H.%M}"),
        ],
    )
    row = book.unit_table(sheet, row + 1)
    book.notes(sheet, row + 1)
    if people:
        book.write_people_ranking(leading[1], people)
    book.write_units(unit_names)
    book.workbook.close()


def write_period_workbook(period: PeriodRecap, output: IO[bytes]) -> None:
    recap = period.recap
    book = RecapWorkbook(recap, output, with_campaign=True)
    people = period.individual_ranking()
    firsts = [_("Summary"), _("Top employees")] if people else [_("Summary")]
    leading, unit_names = book.sheet_names(*firsts)
    sheet = book.start_summary(leading[0], _("Amplification recap"))
    row = book.facts(
        sheet,
        2,
        [
            (_("From"), period.start),
            (_("To"), period.end),
            (_("Campaigns"), len(period.campaigns)),
            (_("Covering"), level_name(recap)),
            (_("Data as of"), f"{timezone.localtime():%d-%m-%Y %H.%M}"),
        ],
    )
    book.cell(sheet, row + 1, 0, _("Per unit"), "bold")
    row = book.unit_table(sheet, row + 2)
    book.cell(sheet, row + 1, 0, _("Per campaign"), "bold")
    row = book.campaign_table(sheet, row + 2, period.campaigns)
    book.notes(sheet, row + 1)
    if people:
        book.write_people_ranking(leading[1], people)
    book.write_units(unit_names)
    book.workbook.close()


def _xlsx_response(write, filename: str) -> HttpResponse:
    # Written to a temporary file first (constant-memory mode needs a real file).
    with tempfile.TemporaryFile() as output:
        write(output)
        output.seek(0)
        response = HttpResponse(output.read(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def campaign_file_name(campaign: Campaign, extension: str) -> str:
    return f"rekap-{slugify(campaign.title)[:100] or campaign.pk}.{extension}"


def period_file_name(period: PeriodRecap, extension: str) -> str:
    return f"rekap-amplifikasi-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.{extension}"


def campaign_xlsx_response(campaign: Campaign, recap: Recap) -> HttpResponse:
    return _xlsx_response(
        lambda output: write_campaign_workbook(campaign, recap, output),
        campaign_file_name(campaign, "xlsx"),
    )


def period_xlsx_response(period: PeriodRecap) -> HttpResponse:
    return _xlsx_response(
        lambda output: write_period_workbook(period, output), period_file_name(period, "xlsx")
    )


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def _agency_path(path: str) -> str:
    return path[: PATH_SEGMENT_WIDTH + 1]


def _letterhead_context(agency_path: str) -> dict[str, Any]:
    """The agency's kop surat (from the reports app) and signature date."""
    agency = OrganisationUnit.objects.filter(path=agency_path).first()
    letterhead = Letterhead.objects.filter(instansi__path=agency_path).first()
    return {
        "agency": agency,
        "letterhead": letterhead,
        "logo": logo_data_uri(letterhead),
        "signed_on": indonesian_date(timezone.localdate()),
    }


def _day_range(start: datetime.date, end: datetime.date) -> str:
    return f"{indonesian_date(start)} – {indonesian_date(end)}"


def render_campaign_html(campaign: Campaign, recap: Recap) -> str:
    context = {
        "title": campaign.title,
        "campaign": campaign,
        "recap": recap,
        "covering": level_name(recap),
        "period": _day_range(_local_day(campaign.starts_at), _local_day(campaign.deadline)),
        "platforms": _platform_names(campaign.platforms),
        "unit_ranking": recap.ranking(),
        "people": top_people(recap.assignments) if campaign.show_individual_ranking else [],
        "notes": recap_notes(),
        "status_labels": status_labels(),
        **_letterhead_context(_agency_path(campaign.unit.path)),
    }
    return render_to_string("amplification/recap/pdf_campaign.html", context)


def render_period_html(period: PeriodRecap) -> str:
    recap = period.recap
    level = recap.level
    anchor = level.unit or (level.tops[0] if level.tops else None)
    context = {
        "title": _("Amplification recap"),
        "period_recap": period,
        "recap": recap,
        "covering": level_name(recap),
        "period": _day_range(period.start, period.end),
        "unit_ranking": recap.ranking(),
        "campaigns": period.campaigns,
        "people": period.individual_ranking(),
        "notes": recap_notes(),
        "status_labels": status_labels(),
        **_letterhead_context(_agency_path(anchor.path) if anchor else ""),
    }
    return render_to_string("amplification/recap/pdf_period.html", context)


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML, URLFetcher

    # Everything the document shows is inline (the logo is a data: URI): nothing is fetched.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def _pdf_response(html: str, filename: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def campaign_pdf_response(campaign: Campaign, recap: Recap) -> HttpResponse:
    return _pdf_response(render_campaign_html(campaign, recap), campaign_file_name(campaign, "pdf"))


def period_pdf_response(period: PeriodRecap) -> HttpResponse:
    return _pdf_response(render_period_html(period), period_file_name(period, "pdf"))
