"""REST endpoints of imports: upload, poll status and preview, read the errors, save."""

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from gaung.core.exports import XLSX_CONTENT_TYPE
from gaung.imports.actions import create_import_job, request_commit
from gaung.imports.api.serializers import (
    CommitSerializer,
    ImportJobCreateSerializer,
    ImportJobSerializer,
    ImportRowErrorSerializer,
)
from gaung.imports.filtersets import ImportJobFilterSet
from gaung.imports.models import ImportJob
from gaung.imports.report import error_report
from gaung.registry.scope import scope_for

TAG = "Imports"
SCOPE_NOTE = (
    "Admins see the imports of the units they administer; roster imports need an agency admin. "
    "Validation and saving run in the background: poll the job until `status` is `ready` "
    "(preview), then `committed` or `failed`."
)


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="List imports", description=SCOPE_NOTE),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Read one import (status, progress, preview counts)",
        description=SCOPE_NOTE,
    ),
)
class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Import jobs scoped to the caller; every write goes through imports.actions."""

    serializer_class = ImportJobSerializer
    filterset_class = ImportJobFilterSet
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    ordering_fields = ["created_at", "committed_at", "original_name", "status", "kind"]
    ordering = ["-created_at"]

    def get_queryset(self) -> QuerySet[ImportJob]:
        """The caller's imports (see SCOPE_NOTE)."""
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return ImportJob.objects.none()
        if not scope_for(self.request.user).is_admin:
            raise PermissionDenied("Only admins import files.")
        user = self.request.user
        return ImportJob.objects.visible_to(user).with_people().with_previous_commit(user)

    @extend_schema(
        tags=[TAG],
        summary="Upload a file",
        description="multipart/form-data with `file` and `kind` (`roster` or `accounts`). "
        "Answers 201 with the new job; validation starts in the background.",
        request={"multipart/form-data": ImportJobCreateSerializer},
        responses={
            201: ImportJobSerializer,
            400: OpenApiResponse(description="No file, an unsupported file type, or no agency."),
            403: OpenApiResponse(description="The caller may not import this kind of file."),
        },
    )
    def create(self, request: Request) -> Response:
        """Keep the file as a new job and queue its validation."""
        if not scope_for(request.user).is_admin:
            raise PermissionDenied("Only admins import files.")
        payload = ImportJobCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        job = create_import_job(
            request.user,
            kind=data["kind"],
            file=data["file"],
            instansi=data.get("instansi"),
            full_roster=data["full_roster"],
            create_units=data["create_units"],
        )
        data = ImportJobSerializer(job, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG],
        summary="Read the invalid rows of an import",
        description="Paginated; `row` is the line number in the file (the header is 1).",
        responses={200: ImportRowErrorSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def errors(self, request: Request, pk: str) -> Response:
        """The row errors of the preview (or of the rows skipped when saving)."""
        job = self.get_object()
        page = self.paginate_queryset(job.row_errors.all())
        return self.get_paginated_response(ImportRowErrorSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        summary="Download the error report (XLSX)",
        responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="error-report",
        url_name="error-report",
        filter_backends=[],
    )
    def error_report(self, request: Request, pk: str) -> HttpResponse:
        """The invalid rows with their reasons and the cells as uploaded."""
        job = self.get_object()
        response = HttpResponse(error_report(job), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.xlsx"'
        return response

    @extend_schema(
        tags=[TAG],
        summary="Save an import",
        description="Saving runs in the background (202): poll the job until `status` is "
        "`committed` or `failed`. Invalid rows block saving unless `skip_invalid` is true. "
        "The file is checked again against the current data when it is saved.",
        request=CommitSerializer,
        responses={
            202: ImportJobSerializer,
            400: OpenApiResponse(description="Not ready, or invalid rows and no skip_invalid."),
            403: OpenApiResponse(description="The caller may not save this import."),
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def commit(self, request: Request, pk: str) -> Response:
        """Ask for the import to be saved, all or nothing."""
        job = self.get_object()
        payload = CommitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        job = request_commit(request.user, job, skip_invalid=payload.validated_data["skip_invalid"])
        data = ImportJobSerializer(job, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_202_ACCEPTED)
