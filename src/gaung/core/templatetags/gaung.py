"""Template helpers: query strings for lists, Indonesian display conventions."""

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in changes:
        params.pop("page", None)
    params.pop("export", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str):
    """A table header that sorts by `key`, toggling the direction on a second click."""
    current = context.get("sort", "")
    active = current.removeprefix("-") == key
    descending = current.startswith("-")
    target = f"-{key}" if active and not descending else key
    arrow = ("▼" if descending else "▲") if active else ""
    aria = ("descending" if descending else "ascending") if active else "none"
    href = query(context, sort=target)
    return format_html(
        '<a href="{}" hx-get="{}" hx-target="#results" hx-push-url="true" '
        'class="table-sort-link" aria-sort="{}">{} <span aria-hidden="true">{}</span></a>',
        href,
        href,
        aria,
        label,
        arrow,
    )


@register.filter
def local_datetime(value) -> str:
    """A time as `23 Nov 2026 14.30` in the current time zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'j M Y')} {local:%H.%M}"


@register.filter
def id_date(value) -> str:
    """A date as `23 Nov 2026`."""
    return formats.date_format(value, "j M Y") if value else ""


@register.filter
def percent(value, digits: int = 1) -> str:
    """A ratio 0..1 as `12,5 %` (localized decimal mark)."""
    if value is None:
        return "–"
    return f"{formats.number_format(value * 100, digits, use_l10n=True)} %"
