"""What one user sees of one compilation: headline, department table, chart data.

The page, the XLSX workbook, the PDF and the API all read a compilation through `Report`, so
they show the same figures to the same user.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import QuerySet

from gaung.reports.figures import PLATFORM_LABELS, Totals, platforms_in
from gaung.reports.models import Compilation, CompilationUnitRow


@dataclass
class Report:
    """One compilation as seen by one user (scoped to the units they administer)."""

    compilation: Compilation
    user: Any

    @cached_property
    def rows(self) -> QuerySet[CompilationUnitRow]:
        """Every row the user may see."""
        return CompilationUnitRow.objects.visible_to(self.user).filter(compilation=self.compilation)

    @cached_property
    def top_rows(self) -> list[CompilationUnitRow]:
        """The highest rows the user sees (the agency's own row for its admins)."""
        return list(self.rows.top_for(self.user))

    @cached_property
    def headline(self) -> Totals:
        """The sum of the highest rows the user sees (the whole agency for its admins)."""
        return Totals.of(self.top_rows)

    def table_rows(self) -> QuerySet[CompilationUnitRow]:
        """The departments (OPD) — or a unit admin's own units — for the main table."""
        return (
            CompilationUnitRow.objects.table_rows_for(self.user)
            .filter(compilation=self.compilation)
            .order_by("path")
        )

    def units_below(self, row: CompilationUnitRow) -> QuerySet[CompilationUnitRow]:
        """The visible rows under one row, in tree order."""
        return self.rows.below(row).order_by("path")

    @cached_property
    def platforms(self) -> list[str]:
        """The platforms with at least one account in the user's part of the compilation."""
        return platforms_in(self.top_rows)

    @cached_property
    def is_whole_agency(self) -> bool:
        """Whether the user sees the whole agency."""
        return any(row.depth == 0 for row in self.top_rows)

    def coverage_chart(self) -> dict[str, Any]:
        """Coverage per department, highest first (a horizontal bar chart)."""
        rows = sorted(self.table_rows(), key=lambda r: (-r.coverage, r.name))
        return {
            "labels": [row.label for row in rows],
            "names": [row.name for row in rows],
            "coverage": [round(row.coverage * 100, 1) for row in rows],
            "with_account": [row.with_account for row in rows],
            "employees": [row.employees for row in rows],
        }

    def platform_chart(self) -> dict[str, Any]:
        """Accounts and followers per platform."""
        figures = self.headline.platform_figures(self.platforms)
        return {
            "labels": [PLATFORM_LABELS.get(f.platform, f.platform) for f in figures],
            "accounts": [f.accounts for f in figures],
            "followers": [f.followers for f in figures],
            "employees": [f.employees for f in figures],
        }

    def growth_chart(self) -> dict[str, Any]:
        """The user's figures in every finished compilation of the same agency, oldest first."""
        snapshots = (
            Compilation.objects.visible_to(self.user)
            .done()
            .of_instansi(self.compilation.instansi_path)
            .with_scoped_totals(self.user)
            .order_by("period_end", "taken_at", "pk")
        )
        labels, with_account, coverage, followers, current = [], [], [], [], []
        for snapshot in snapshots:
            labels.append(
                str(snapshot.year)
                if snapshot.is_calendar_year
                else f"{snapshot.period_start:%d/%m/%Y}–{snapshot.period_end:%d/%m/%Y}"
            )
            with_account.append(snapshot.scoped_with_account)
            coverage.append(round(snapshot.scoped_coverage * 100, 1))
            followers.append(snapshot.scoped_followers)
            current.append(snapshot.pk == self.compilation.pk)
        return {
            "labels": labels,
            "with_account": with_account,
            "coverage": coverage,
            "followers": followers,
            "current": current,
        }
