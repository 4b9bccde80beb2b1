"""Shared pieces of the REST API."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Page-numbered results; clients may ask for up to 500 rows a page."""

    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc, context):
    """Let actions raise Django's ValidationError and answer it as a 400 with field errors."""
    from django.core.exceptions import ValidationError as DjangoValidationError
    from rest_framework import exceptions
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)
