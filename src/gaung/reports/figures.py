"""The figures of a compilation row or of a sum of rows, and the changes since the previous one.

A unit row (`CompilationUnitRow`) and a headline (`Totals`, the sum of the rows a user sees)
read alike, so templates, exports and the API format both the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gaung.socials.choices import Platform

# Per-platform figures are stored as {"instagram": {"employees": 3, "accounts": 4, ...}}.
PLATFORM_KEYS = ("employees", "accounts", "verified", "unverified", "followers")
PLATFORM_ORDER = [value for value, _label in Platform.choices]
PLATFORM_LABELS = dict(Platform.choices)


def ratio(part: int | None, whole: int | None) -> float | None:
    """part ÷ whole, or None when there is nothing to divide by."""
    if part is None or not whole:
        return None
    return part / whole


def change(now: float | int | None, before: float | int | None) -> float | int | None:
    """now − before, or None when either side is unknown."""
    if now is None or before is None:
        return None
    return now - before


def add_platforms(total: dict[str, dict[str, int]], more: Mapping[str, Mapping[str, int]]) -> None:
    """Add one set of per-platform figures into another, in place."""
    for platform, figures in more.items():
        bucket = total.setdefault(platform, dict.fromkeys(PLATFORM_KEYS, 0))
        for key in PLATFORM_KEYS:
            bucket[key] += figures.get(key, 0)


def platforms_in(rows: Iterable[Any]) -> list[str]:
    """The platforms that have at least one account in any of the rows, in the usual order."""
    present: set[str] = set()
    for row in rows:
        present.update(p for p, f in (row.platforms or {}).items() if f.get("accounts"))
    return [p for p in PLATFORM_ORDER if p in present]


@dataclass(frozen=True)
class PlatformFigures:
    """One platform's figures for one row, with the change since the previous snapshot."""

    platform: str
    employees: int
    accounts: int
    verified: int
    unverified: int
    followers: int
    coverage: float | None
    delta_employees: int | None
    delta_coverage: float | None
    delta_followers: int | None

    @property
    def label(self) -> str:
        """The platform's display name."""
        return PLATFORM_LABELS.get(self.platform, self.platform)


class FigureMixin:
    """Derived figures over the stored counts of a row (or a sum of rows)."""

    employees: int
    with_account: int
    accounts: int
    verified: int
    unverified: int
    followers: int
    platforms: dict[str, dict[str, int]]
    prev_employees: int | None
    prev_with_account: int | None
    prev_followers: int | None
    prev_platforms: dict[str, dict[str, int]] | None

    @property
    def without_account(self) -> int:
        """Employees with no counted account."""
        return self.employees - self.with_account

    @property
    def coverage_ratio(self) -> float | None:
        """Employees with at least one account ÷ employees."""
        return ratio(self.with_account, self.employees)

    @property
    def verified_ratio(self) -> float | None:
        """Verified accounts ÷ counted accounts."""
        return ratio(self.verified, self.accounts)

    @property
    def has_previous(self) -> bool:
        """Whether the previous compilation had this unit."""
        return self.prev_employees is not None

    @property
    def prev_coverage_ratio(self) -> float | None:
        """Coverage in the previous compilation."""
        return ratio(self.prev_with_account, self.prev_employees)

    @property
    def delta_employees(self) -> int | None:
        """Change in employees since the previous compilation."""
        return change(self.employees, self.prev_employees)

    @property
    def delta_with_account(self) -> int | None:
        """Change in employees with an account."""
        return change(self.with_account, self.prev_with_account)

    @property
    def delta_coverage(self) -> float | None:
        """The change in coverage, as a ratio (0.05 = 5 percentage points)."""
        return change(self.coverage_ratio, self.prev_coverage_ratio)

    @property
    def delta_followers(self) -> int | None:
        """Change in followers."""
        return change(self.followers, self.prev_followers)

    def platform(self, platform: str) -> PlatformFigures:
        """One platform's figures (zeros when the row has no account there)."""
        figures = (self.platforms or {}).get(platform, {})
        values = {key: figures.get(key, 0) for key in PLATFORM_KEYS}
        coverage = ratio(values["employees"], self.employees)
        deltas: dict[str, Any] = dict.fromkeys(
            ("delta_employees", "delta_coverage", "delta_followers")
        )
        if self.prev_platforms is not None and self.has_previous:
            before = self.prev_platforms.get(platform, {})
            deltas = {
                "delta_employees": values["employees"] - before.get("employees", 0),
                "delta_coverage": change(
                    coverage, ratio(before.get("employees", 0), self.prev_employees)
                ),
                "delta_followers": values["followers"] - before.get("followers", 0),
            }
        return PlatformFigures(platform=platform, **values, coverage=coverage, **deltas)

    def platform_figures(self, platforms: Sequence[str]) -> list[PlatformFigures]:
        """The figures of each of the given platforms, in that order."""
        return [self.platform(platform) for platform in platforms]


@dataclass
class Totals(FigureMixin):
    """The sum of several rows: the headline of what one user sees of a compilation."""

    employees: int = 0
    with_account: int = 0
    accounts: int = 0
    verified: int = 0
    unverified: int = 0
    followers: int = 0
    platforms: dict[str, dict[str, int]] = field(default_factory=dict)
    prev_employees: int | None = None
    prev_with_account: int | None = None
    prev_followers: int | None = None
    prev_platforms: dict[str, dict[str, int]] | None = None

    @classmethod
    def of(cls, rows: Iterable[Any]) -> Totals:
        """Add up rows; the previous figures are known only when every row has them."""
        totals = cls(prev_employees=0, prev_with_account=0, prev_followers=0, prev_platforms={})
        any_row = False
        for row in rows:
            any_row = True
            for name in ("employees", "with_account", "accounts", "verified", "unverified"):
                setattr(totals, name, getattr(totals, name) + getattr(row, name))
            totals.followers += row.followers
            add_platforms(totals.platforms, row.platforms or {})
            if row.prev_employees is None or totals.prev_employees is None:
                totals.prev_employees = totals.prev_with_account = totals.prev_followers = None
                totals.prev_platforms = None
                continue
            totals.prev_employees += row.prev_employees
            totals.prev_with_account += row.prev_with_account or 0
            totals.prev_followers += row.prev_followers or 0
            add_platforms(totals.prev_platforms, row.prev_platforms or {})
        if not any_row:
            totals.prev_employees = totals.prev_with_account = totals.prev_followers = None
            totals.prev_platforms = None
        return totals

    def as_dict(self) -> dict[str, Any]:
        """The figures in a JSON-friendly form (API, chart data)."""
        return {
            "employees": self.employees,
            "with_account": self.with_account,
            "without_account": self.without_account,
            "coverage": self.coverage_ratio,
            "accounts": self.accounts,
            "verified": self.verified,
            "unverified": self.unverified,
            "verified_share": self.verified_ratio,
            "followers": self.followers,
        }
