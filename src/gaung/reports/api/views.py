"""REST endpoints of the compilation and the agency letterhead, scoped like the pages."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gaung.registry.models import OrganisationUnit
from gaung.registry.scope import scope_for
from gaung.reports.actions import (
    delete_compilation,
    letterhead_defaults,
    save_letterhead,
    take_compilation,
)
from gaung.reports.api.serializers import (
    CompilationDetailSerializer,
    CompilationEmployeeSerializer,
    CompilationSerializer,
    LetterheadSerializer,
    TakeCompilationSerializer,
    UnitRowSerializer,
)
from gaung.reports.downloads import pdf_response, workbook_response
from gaung.reports.filtersets import (
    CompilationEmployeeFilterSet,
    CompilationFilterSet,
    UnitRowFilterSet,
)
from gaung.reports.forms import agencies_for
from gaung.reports.models import Compilation, CompilationEmployee, Letterhead
from gaung.reports.summary import Report
from gaung.socials.choices import Platform

TAG = "Compilation"
SCOPE_NOTE = (
    "Any admin may read the compilations of the agency they work in, but sees only the units "
    "(and their employees) they administer, as the tree stood when the compilation was taken. "
    "Only an agency admin (or a superadmin) takes or removes a compilation. An employee "
    "without an admin role gets 403."
)


class IsAdmin(BasePermission):
    """Users with an administrative role (or superusers)."""

    message = "Only admins read compilations."

    def has_permission(self, request: Request, view: Any) -> bool:
        """Admins only."""
        return scope_for(request.user).is_admin


class NotReady(APIException):
    """409: the compilation has no figures yet."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "This compilation is still being taken (or failed): it has no figures yet."
    default_code = "not_ready"


class BinaryRenderer(BaseRenderer):
    """Lets content negotiation accept a download; the view returns the bytes itself."""

    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type=None, renderer_context=None) -> bytes:
        """The view answers downloads itself; what reaches here is an error, sent as JSON."""
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return JSONRenderer().render(data)


class XlsxRenderer(BinaryRenderer):
    """Accepts `Accept: application/vnd…sheet` for the workbook."""

    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"


class PdfRenderer(BinaryRenderer):
    """Accepts `Accept: application/pdf` for the PDF."""

    media_type = "application/pdf"
    format = "pdf"


EMPLOYEE_ORDERING = ("name", "nip", "unit_path", "account_count", "followers")
EMPLOYEE_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Name, position, handle or NIP start."),
    OpenApiParameter(
        "no_account",
        OpenApiTypes.BOOL,
        description="true: employees with no counted account yet; false: those with one.",
    ),
    OpenApiParameter(
        "platform",
        OpenApiTypes.STR,
        enum=[value for value, _label in Platform.choices],
        description="Employees with a counted account on this platform.",
    ),
    OpenApiParameter(
        "unit", OpenApiTypes.INT, description="A unit row id: that unit and every unit below it."
    ),
    OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        enum=[*EMPLOYEE_ORDERING, *(f"-{name}" for name in EMPLOYEE_ORDERING)],
        description="Sort key; a leading minus reverses it. Default: name.",
    ),
]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List compilations",
        description=SCOPE_NOTE + " `totals` are those of the caller's part.",
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Read one compilation with its totals",
        description=SCOPE_NOTE,
        responses={200: CompilationDetailSerializer},
    ),
    destroy=extend_schema(
        tags=[TAG],
        summary="Remove a compilation",
        description="Agency admins only; removes all its frozen figures.",
    ),
)
class CompilationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Compilations of the caller's agencies; taking one is queued and answered with 202."""

    permission_classes = [IsAuthenticated, IsAdmin]
    serializer_class = CompilationSerializer
    filterset_class = CompilationFilterSet
    ordering_fields = ["period_end", "taken_at", "title", "scoped_coverage", "scoped_followers"]
    ordering = ["-period_end", "-taken_at"]

    def get_queryset(self) -> QuerySet[Compilation]:
        """The caller's compilations, annotated with the totals of their part."""
        return Compilation.objects.visible_to(self.request.user).with_scoped_totals(
            self.request.user
        )

    def _report(self) -> Report:
        compilation = self.get_object()
        if not compilation.is_done:
            raise NotReady
        return Report(compilation, self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The compilation with its scoped headline, per-platform figures and change."""
        compilation = self.get_object()
        context = self.get_serializer_context()
        if compilation.is_done:
            context["report"] = Report(compilation, request.user)
        return Response(CompilationDetailSerializer(compilation, context=context).data)

    @extend_schema(
        tags=[TAG],
        summary="Take a compilation",
        description="Creates the compilation and queues taking its snapshot in the background; "
        "the answer (202) is the compilation with `status` `pending`. Poll "
        "`GET /api/compilations/{id}/` until `status` is `done` (or `failed`). Without a year "
        "or dates, the current calendar year is compiled. Agency admins only.",
        request=TakeCompilationSerializer,
        responses={
            202: CompilationSerializer,
            400: OpenApiResponse(description="A bad period or agency."),
            403: OpenApiResponse(description="The caller is not an admin of the whole agency."),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Queue a new compilation."""
        payload = TakeCompilationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        instansi = data.get("instansi")
        if instansi is None:
            agencies = list(agencies_for(request.user)[:2])
            if len(agencies) != 1:
                if not agencies:
                    raise PermissionDenied("Only an agency admin may take a compilation.")
                return Response(
                    {"instansi": ["Name the agency: you administer more than one."]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            instansi = agencies[0]
        arguments: dict[str, Any] = {"title": data.get("title", "")}
        if data.get("period_start"):
            arguments |= {"period_start": data["period_start"], "period_end": data["period_end"]}
        else:
            arguments["year"] = data.get("year")
            if arguments["year"] is None:
                arguments["year"] = timezone.localdate().year
        compilation = take_compilation(request.user, instansi, **arguments)
        compilation.refresh_from_db()
        body = CompilationSerializer(compilation, context=self.get_serializer_context()).data
        location = request.build_absolute_uri(f"{request.path}{compilation.pk}/")
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})

    def perform_destroy(self, instance: Compilation) -> None:
        """Remove through the action (agency admins only, audit event)."""
        delete_compilation(self.request.user, instance)

    @extend_schema(
        tags=[TAG],
        summary="The unit rows of a compilation",
        description="Every unit the caller sees, in tree order (`path`), with its figures over "
        "itself and everything below it. `q` searches names. 409 while the compilation is "
        "not done.",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Search unit names.")],
        responses={200: UnitRowSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filterset_class=None, serializer_class=UnitRowSerializer)
    def units(self, request: Request, pk: str | None = None) -> Response:
        """Paginated unit rows."""
        report = self._report()
        filterset = UnitRowFilterSet(request.query_params, queryset=report.rows, request=request)
        rows = filterset.qs.order_by("path") if filterset.is_valid() else report.rows
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(UnitRowSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        summary="The employees of a compilation",
        description="Frozen employees with their accounts. `unit` (a unit row id) narrows to "
        "that unit and everything below it; `no_account=true` lists those with no account yet. "
        "409 while the compilation is not done.",
        parameters=EMPLOYEE_PARAMETERS,
        responses={200: CompilationEmployeeSerializer(many=True)},
    )
    @action(
        detail=True,
        methods=["get"],
        filterset_class=None,
        serializer_class=CompilationEmployeeSerializer,
    )
    def employees(self, request: Request, pk: str | None = None) -> Response:
        """Paginated frozen employees."""
        report = self._report()
        employees = CompilationEmployee.objects.visible_to(request.user).filter(
            compilation=report.compilation
        )
        filterset = CompilationEmployeeFilterSet(
            request.query_params, queryset=employees, request=request
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        ordering = request.query_params.get("ordering", "name")
        if ordering.removeprefix("-") not in EMPLOYEE_ORDERING:
            ordering = "name"
        rows = filterset.qs.order_by(ordering, "pk")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(CompilationEmployeeSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        summary="Download the XLSX workbook",
        operation_id="compilations_export_xlsx",
        description="A summary sheet and one sheet per department with its units and employees "
        "(only what the caller sees).",
        responses={
            (200, XlsxRenderer.media_type): OpenApiTypes.BINARY,
            409: OpenApiResponse(description="Not done yet."),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"export\.xlsx",
        url_name="export-xlsx",
        renderer_classes=[XlsxRenderer, JSONRenderer],
        filterset_class=None,
    )
    def export_xlsx(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The workbook file."""
        return workbook_response(self._report())

    @extend_schema(
        tags=[TAG],
        summary="Download the PDF",
        operation_id="compilations_export_pdf",
        description="The printable report (A4) with the agency's letterhead and signature block.",
        responses={
            (200, PdfRenderer.media_type): OpenApiTypes.BINARY,
            409: OpenApiResponse(description="Not done yet."),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"export\.pdf",
        url_name="export-pdf",
        renderer_classes=[PdfRenderer, JSONRenderer],
        filterset_class=None,
    )
    def export_pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The PDF file."""
        return pdf_response(self._report())


INSTANSI_PARAMETER = OpenApiParameter(
    "instansi",
    OpenApiTypes.INT,
    description="The agency (root unit id); may be left out when the caller administers one.",
)


class LetterheadView(APIView):
    """The letterhead of an agency the caller administers as a whole."""

    serializer_class = LetterheadSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _instansi(self, request: Request) -> OrganisationUnit:
        agencies = agencies_for(request.user)
        wanted = request.query_params.get("instansi")
        if wanted:
            if not str(wanted).isdigit():
                raise PermissionDenied("Unknown agency.")
            return get_object_or_404(agencies, pk=int(wanted))
        chosen = list(agencies[:2])
        if not chosen:
            raise PermissionDenied("Only an agency admin may read or change the letterhead.")
        if len(chosen) > 1:
            raise PermissionDenied("Name the agency with ?instansi=<id>.")
        return chosen[0]

    def _current(self, instansi: OrganisationUnit) -> Letterhead:
        return Letterhead.objects.filter(instansi=instansi).first() or Letterhead(
            instansi=instansi, **letterhead_defaults(instansi)
        )

    @extend_schema(
        tags=[TAG],
        summary="Read the letterhead",
        parameters=[INSTANSI_PARAMETER],
        responses={200: LetterheadSerializer, 403: OpenApiResponse(description="Not allowed.")},
    )
    def get(self, request: Request) -> Response:
        """The saved letterhead, or the defaults when none is saved yet."""
        instansi = self._instansi(request)
        return Response(LetterheadSerializer(self._current(instansi)).data)

    @extend_schema(
        tags=[TAG],
        summary="Change the letterhead",
        description="Send every text field (missing ones become empty). The logo is a "
        "multipart file (PNG or JPEG, at most 1 MB); leave it out to keep the current one, or "
        "send `remove_logo=true`.",
        parameters=[INSTANSI_PARAMETER],
        request={
            "application/json": LetterheadSerializer,
            "multipart/form-data": LetterheadSerializer,
        },
        responses={200: LetterheadSerializer, 400: OpenApiResponse(description="Invalid.")},
    )
    def put(self, request: Request) -> Response:
        """Create or replace the letterhead through actions.save_letterhead."""
        instansi = self._instansi(request)
        serializer = LetterheadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        remove = data.pop("remove_logo", False)
        logo = data.pop("logo", None)
        fields = {
            name: data.get(name, "")
            for name in LetterheadSerializer.Meta.fields
            if name not in {"instansi", "logo", "has_logo", "remove_logo", "updated_at"}
        }
        letterhead = save_letterhead(
            request.user, instansi, **fields, logo=False if remove else (logo or None)
        )
        return Response(LetterheadSerializer(letterhead).data)
