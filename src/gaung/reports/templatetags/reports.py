"""Template helpers for compilations: changes since the previous snapshot, platform labels."""

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from gaung.registry.nip import format_grouped
from gaung.reports.figures import PLATFORM_LABELS
from gaung.socials.choices import AccountStatus

register = template.Library()
ACCOUNT_STATUSES = dict(AccountStatus.choices)


def _arrow(value: float | int, text: str, unit_label: str = ""):
    if value > 0:
        css, arrow, direction = "text-green", "▲", _("up")
    elif value < 0:
        css, arrow, direction = "text-red", "▼", _("down")
    else:
        return format_html(
            '<span class="delta text-secondary" data-delta="0">±0{}</span>', unit_label
        )
    return format_html(
        '<span class="delta {}" data-delta="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{} </span>{}{}</span>',
        css,
        value,
        arrow,
        direction,
        text,
        unit_label,
    )


@register.filter
def delta(value) -> str:
    """A change in a count: `▲ 1.234` (green), `▼ 12` (red), `±0`; nothing when unknown."""
    if value is None:
        return ""
    return _arrow(value, formats.number_format(abs(value), 0, use_l10n=True, force_grouping=True))


@register.filter
def delta_points(value) -> str:
    """A change in a ratio (0.05) as percentage points: `▲ 5,0 pp`."""
    if value is None:
        return ""
    points = round(value * 100, 1)
    text = formats.number_format(abs(points), 1, use_l10n=True)
    return _arrow(points, text, " " + _("pp"))


@register.filter
def platform_label(value: str) -> str:
    """The platform's display name (`youtube` → `YouTube`)."""
    return PLATFORM_LABELS.get(value, value)


@register.filter
def number(value) -> str:
    """A whole number with the locale's grouping: `1.234.567`."""
    if value is None:
        return "–"
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


@register.filter
def platform_figures_of(figures, platforms: list[str]) -> list:
    """`row|platform_figures_of:platforms`: the row's figures for each platform, in order."""
    return figures.platform_figures(platforms)


@register.filter
def nip_grouped(value: str) -> str:
    """A PNS NIP typed freely, grouped as printed on an SK (left alone when it is not one)."""
    digits = (value or "").replace(" ", "")
    try:
        return format_grouped(digits, "pns")
    except ValueError:
        return value


@register.filter
def accounts_on(employee, platform: str) -> list[dict]:
    """`employee|accounts_on:"instagram"`: the frozen employee's accounts on one platform."""
    return employee.accounts_on(platform)


@register.filter
def account_status(value: str) -> str:
    """The display name of an account status (`verified` → `Verified`)."""
    return str(ACCOUNT_STATUSES.get(value, value))
