"""One way to render every list page: filter, search, sort, paginate, export (XLSX/CSV).

A boosted htmx request is a full page; any other htmx request (typing in the search box,
changing a filter, clicking a header or a page) gets only the `results` partial.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gaung.core.exports import Column, export_response


@dataclass(frozen=True)
class ListSpec:
    """What a list page shows and how it may be sorted and exported."""

    template: str
    filterset_class: type
    sort_fields: Mapping[str, Sequence[str]]
    default_sort: str
    export_name: str
    export_columns: Sequence[Column] = field(default_factory=tuple)
    page_size: int = 25


def sorted_queryset(queryset: QuerySet, spec: ListSpec, requested: str) -> tuple[QuerySet, str]:
    """Order by a whitelisted sort key (a leading '-' reverses it)."""
    key = requested.removeprefix("-")
    if key not in spec.sort_fields:
        requested = spec.default_sort
        key = requested.removeprefix("-")
    descending = requested.startswith("-")
    ordering = [f"-{f}" if descending else f for f in spec.sort_fields[key]]
    return queryset.order_by(*ordering, "pk"), requested


def render_list(
    request: HttpRequest,
    queryset: QuerySet,
    spec: ListSpec,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Render (or export) a scoped queryset as a list page."""
    filterset = spec.filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound else queryset
    rows, sort = sorted_queryset(rows, spec, request.GET.get("sort", spec.default_sort))
    export_format = request.GET.get("export")
    if export_format in {"xlsx", "csv"} and spec.export_columns:
        return export_response(export_format, spec.export_name, rows, spec.export_columns)
    page = Paginator(rows, spec.page_size).get_page(request.GET.get("page"))
    full_context = {
        "filterset": filterset,
        "page": page,
        "rows": page.object_list,
        "sort": sort,
        "total": page.paginator.count,
        **(context or {}),
    }
    template = spec.template
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted and htmx.target == "results":
        template = f"{spec.template}#results"
    return render(request, template, full_context)
