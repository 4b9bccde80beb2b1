"""The strategy board's figures: an account's month, planned and published, against its targets.

Planned: items not rejected or cancelled whose planned time falls in the month. Published:
items whose publication time falls in it. The mix is counted over those items; the posting
frequency per ISO week (Monday to Sunday) over every week touching the month, whole weeks, as
the KIP evaluation counts accounts updated at least four times a week.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from gaung.content.choices import ContentState, Pillar
from gaung.content.models import ContentItem, StrategyTarget
from gaung.socials.models import SocialAccount

# The frequency KIP evaluations ask of an account when no target is set.
DEFAULT_MIN_POSTS = 4
# How far (percentage points) the planned mix may stray from the target and still be on it.
MIX_TOLERANCE = 10
NOT_PLANNED = frozenset({ContentState.REJECTED, ContentState.CANCELLED})

GREEN, YELLOW, RED = "green", "yellow", "red"


def light_labels() -> dict[str, str]:
    return {GREEN: _("On track"), YELLOW: _("Needs attention"), RED: _("Off track")}


def parse_month(text: str | None, default: datetime.date) -> datetime.date:
    """`YYYY-MM` as the first day of that month; the default's month when absent or wrong."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return default.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class Share:
    """One part of the mix: its target and what the planned and published items make of it."""

    key: str
    label: str
    target: int | None
    planned: int
    planned_total: int
    published: int
    published_total: int

    @staticmethod
    def _percent(count: int, total: int) -> float | None:
        return round(count * 100 / total, 1) if total else None

    @property
    def planned_percent(self) -> float | None:
        return self._percent(self.planned, self.planned_total)

    @property
    def published_percent(self) -> float | None:
        return self._percent(self.published, self.published_total)

    @property
    def off_target(self) -> bool:
        actual = self.planned_percent
        return (
            self.target is not None
            and actual is not None
            and (abs(actual - self.target) > MIX_TOLERANCE)
        )


@dataclass(frozen=True)
class Week:
    """One ISO week touching the month, with what is planned and published in it."""

    start: datetime.date  # Monday
    planned: int
    published: int
    minimum: int
    today: datetime.date

    @property
    def end(self) -> datetime.date:
        return self.start + datetime.timedelta(days=6)

    @property
    def number(self) -> int:
        return self.start.isocalendar().week

    @property
    def is_past(self) -> bool:
        return self.end < self.today

    @property
    def planned_short(self) -> bool:
        return self.planned < self.minimum

    @property
    def published_short(self) -> bool:
        """Fewer posts than the minimum in a week that is over."""
        return self.is_past and self.published < self.minimum

    @property
    def on_track(self) -> bool:
        # A week that is over counts what went out; the others what is planned.
        done = self.published if self.is_past else max(self.planned, self.published)
        return done >= self.minimum


@dataclass
class Board:
    account: SocialAccount
    month: datetime.date
    target: StrategyTarget | None
    planned_total: int = 0
    published_total: int = 0
    pillars: list[Share] = field(default_factory=list)
    purposes: list[Share] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)

    @property
    def minimum(self) -> int:
        return self.target.min_posts_per_week if self.target else DEFAULT_MIN_POSTS

    @property
    def shares(self) -> list[Share]:
        return [*self.pillars, *self.purposes]

    @property
    def off_target(self) -> list[Share]:
        return [share for share in self.shares if share.off_target]

    @property
    def weeks_short(self) -> int:
        return sum(1 for week in self.weeks if not week.on_track)

    @property
    def weeks_on_track(self) -> int:
        return len(self.weeks) - self.weeks_short

    @property
    def light(self) -> str:
        """Green: every week on track and the mix on target; red: nothing or most weeks short."""
        if not (self.planned_total or self.published_total):
            return RED
        if self.weeks_short * 2 > len(self.weeks):
            return RED
        if self.weeks_short or self.off_target:
            return YELLOW
        return GREEN

    @property
    def light_label(self) -> str:
        return light_labels()[self.light]

    def mix_chart(self) -> dict:
        shares = self.shares
        return {
            "labels": [share.label for share in shares],
            "target": [share.target for share in shares],
            "planned": [share.planned_percent for share in shares],
            "published": [share.published_percent for share in shares],
        }

    def week_chart(self) -> dict:
        return {
            "labels": [_("W%(week)s") % {"week": week.number} for week in self.weeks],
            "planned": [week.planned for week in self.weeks],
            "published": [week.published for week in self.weeks],
            "minimum": self.minimum,
        }


def month_weeks(month: datetime.date) -> list[datetime.date]:
    """The Mondays of the ISO weeks touching the month."""
    monday = month - datetime.timedelta(days=month.weekday())
    end = next_month(month)
    mondays = []
    while monday < end:
        mondays.append(monday)
        monday += datetime.timedelta(days=7)
    return mondays


@dataclass(frozen=True)
class _Row:
    state: str
    pillar: str
    informative: bool
    planned: datetime.date | None
    published: datetime.date | None


def _rows(accounts: Sequence[SocialAccount], first: datetime.date, last: datetime.date):
    """Per account, its items' planned and published days (local to the account's unit)."""
    zones = {a.pk: zoneinfo.ZoneInfo(a.owner_unit.time_zone) for a in accounts}
    # A day either side covers every zone's local days; rows outside are dropped by date.
    since = datetime.datetime.combine(first - datetime.timedelta(days=1), datetime.time(),
                                      datetime.UTC)  # fmt: skip
    until = datetime.datetime.combine(last + datetime.timedelta(days=2), datetime.time(),
                                      datetime.UTC)  # fmt: skip
    found = ContentItem.target_accounts.through.objects.filter(
        Q(contentitem__planned_at__range=(since, until))
        | Q(contentitem__published_at__range=(since, until)),
        socialaccount__in=list(zones),
    )
    rows: dict[int, list[_Row]] = defaultdict(list)
    for account, state, pillar, informative, planned, published in found.values_list(
        "socialaccount_id", "contentitem__state", "contentitem__pillar",
        "contentitem__purpose__is_informative", "contentitem__planned_at",
        "contentitem__published_at",
    ):  # fmt: skip
        zone = zones[account]
        rows[account].append(
            _Row(
                state=state,
                pillar=pillar,
                informative=informative,
                planned=planned.astimezone(zone).date() if planned else None,
                published=published.astimezone(zone).date() if published else None,
            )
        )
    return rows


def _share(key, label, target, planned: list[_Row], published: list[_Row], test) -> Share:
    return Share(
        key=key,
        label=label,
        target=target,
        planned=sum(1 for row in planned if test(row)),
        planned_total=len(planned),
        published=sum(1 for row in published if test(row)),
        published_total=len(published),
    )


def _board(account, month, target, rows: list[_Row], today: datetime.date) -> Board:
    board = Board(account=account, month=month, target=target)
    end = next_month(month)

    def in_month(day):
        return day is not None and month <= day < end

    planned = [r for r in rows if r.state not in NOT_PLANNED and in_month(r.planned)]
    published = [r for r in rows if in_month(r.published)]
    board.planned_total, board.published_total = len(planned), len(published)
    mix = target.mix if target else {}
    board.pillars = [
        _share(f"pillar:{value}", str(label), mix.get(f"pillar:{value}"), planned, published,
               lambda row, value=value: row.pillar == value)
        for value, label in Pillar.choices
    ]  # fmt: skip
    informative = mix.get("informative")
    board.purposes = [
        _share("informative", _("Information"), informative, planned, published,
               lambda row: row.informative),
        _share("entertainment", _("Entertainment"),
               None if informative is None else 100 - informative, planned, published,
               lambda row: not row.informative),
    ]  # fmt: skip
    for monday in month_weeks(month):
        sunday = monday + datetime.timedelta(days=6)
        board.weeks.append(
            Week(
                start=monday,
                planned=sum(1 for r in rows if r.state not in NOT_PLANNED
                            and r.planned is not None and monday <= r.planned <= sunday),
                published=sum(1 for r in rows
                              if r.published is not None and monday <= r.published <= sunday),
                minimum=board.minimum,
                today=today,
            )
        )  # fmt: skip
    return board


def boards(
    accounts: Iterable[SocialAccount], month: datetime.date, today: datetime.date
) -> list[Board]:
    """The board of each account for the month (two queries whatever their number)."""
    accounts = list(accounts)
    if not accounts:
        return []
    month = month.replace(day=1)
    mondays = month_weeks(month)
    rows = _rows(accounts, mondays[0], mondays[-1] + datetime.timedelta(days=6))
    targets = {
        t.account_id: t for t in StrategyTarget.objects.filter(account__in=accounts, month=month)
    }
    return [
        _board(account, month, targets.get(account.pk), rows.get(account.pk, []), today)
        for account in accounts
    ]


def board_for(account: SocialAccount, month: datetime.date, today: datetime.date) -> Board:
    return boards([account], month, today)[0]
