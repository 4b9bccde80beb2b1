"""The compilation list's year filter offers the years present, whatever ran before it."""

from gaung.reports.filtersets import CompilationFilterSet
from gaung.reports.models import Compilation
from tests.reports.conftest import last_year


def test_year_filter_works_after_the_class_field_was_built_elsewhere(
    org, staffed, instansi_admin, take
):
    # given the class-level form field built with no years (as the API schema build does)
    CompilationFilterSet.base_filters["year"].field  # noqa: B018
    old = take(instansi_admin, org["instansi"], year=last_year())
    take(instansi_admin, org["instansi"])

    # when
    filtered = CompilationFilterSet({"year": str(last_year())}, queryset=Compilation.objects.all())

    # then
    assert filtered.is_valid(), filtered.errors
    assert list(filtered.qs) == [old]
