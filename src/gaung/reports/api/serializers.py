"""Serializers for compilations and letterheads; they validate and render, actions write."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gaung.registry.models import OrganisationUnit
from gaung.reports.figures import PLATFORM_ORDER, FigureMixin
from gaung.reports.models import Compilation, CompilationEmployee, CompilationUnitRow, Letterhead


def platform_figures(row: FigureMixin, platforms: list[str] | None = None) -> dict[str, Any]:
    """Per-platform figures with coverage and the change since the previous compilation."""
    chosen = (
        platforms
        if platforms is not None
        else [p for p in PLATFORM_ORDER if (row.platforms or {}).get(p, {}).get("accounts")]
    )
    return {
        f.platform: {
            "employees": f.employees,
            "coverage": f.coverage,
            "accounts": f.accounts,
            "verified": f.verified,
            "unverified": f.unverified,
            "followers": f.followers,
            "change": None
            if f.delta_followers is None
            else {
                "employees": f.delta_employees,
                "coverage": f.delta_coverage,
                "followers": f.delta_followers,
            },
        }
        for f in row.platform_figures(chosen)
    }


def change_of(row: FigureMixin) -> dict[str, Any] | None:
    """The change since the previous compilation, or None when there is no match."""
    if not row.has_previous:
        return None
    return {
        "employees": row.delta_employees,
        "with_account": row.delta_with_account,
        "coverage": row.delta_coverage,
        "followers": row.delta_followers,
    }


PLATFORMS_SCHEMA = {
    "type": "object",
    "description": "Keyed by platform (instagram, tiktok, …): employees with an account there, "
    "coverage (0–1), accounts, verified, unverified, followers, and `change` since the previous "
    "compilation (null when there is none).",
    "additionalProperties": {"type": "object"},
}
CHANGE_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": "Change since the previous compilation of the agency: employees, "
    "with_account, coverage (a ratio: 0.05 = 5 percentage points), followers. Null when "
    "there is no previous compilation or the unit did not exist in it.",
    "properties": {
        "employees": {"type": "integer"},
        "with_account": {"type": "integer"},
        "coverage": {"type": "number", "nullable": True},
        "followers": {"type": "integer"},
    },
}
TOTALS_SCHEMA = {
    "type": "object",
    "description": "Figures of the part of the compilation the caller sees (the whole agency "
    "for its admins): employees, with_account, without_account, coverage (0–1), accounts, "
    "verified, unverified, verified_share (0–1), followers.",
    "additionalProperties": {"type": "number", "nullable": True},
}


class CompilationSerializer(serializers.ModelSerializer):
    """A compilation with the totals of what the caller may see."""

    totals = serializers.SerializerMethodField()

    class Meta:
        model = Compilation
        fields = [
            "id",
            "title",
            "instansi",
            "instansi_name",
            "year",
            "period_start",
            "period_end",
            "status",
            "progress",
            "error",
            "taken_at",
            "requested_by_name",
            "previous",
            "totals",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(TOTALS_SCHEMA)
    def get_totals(self, compilation: Compilation) -> dict[str, Any] | None:
        """Scoped totals (from the list's annotations); null until the compilation is done."""
        if not compilation.is_done or not hasattr(compilation, "scoped_employees"):
            return None
        employees = compilation.scoped_employees
        accounts = compilation.scoped_accounts
        return {
            "employees": employees,
            "with_account": compilation.scoped_with_account,
            "without_account": employees - compilation.scoped_with_account,
            "coverage": compilation.scoped_coverage if employees else None,
            "accounts": accounts,
            "verified": compilation.scoped_verified,
            "unverified": compilation.scoped_unverified,
            "verified_share": compilation.scoped_verified / accounts if accounts else None,
            "followers": compilation.scoped_followers,
        }


class CompilationDetailSerializer(CompilationSerializer):
    """One compilation: totals with per-platform figures and the change since the previous."""

    platforms = serializers.SerializerMethodField()
    change = serializers.SerializerMethodField()
    scope = serializers.SerializerMethodField()

    class Meta(CompilationSerializer.Meta):
        fields = [*CompilationSerializer.Meta.fields, "platforms", "change", "scope"]
        read_only_fields = fields

    def _report(self):
        return self.context.get("report")

    @extend_schema_field(TOTALS_SCHEMA)
    def get_totals(self, compilation: Compilation) -> dict[str, Any] | None:
        """The headline of the caller's part of the compilation."""
        report = self._report()
        return report.headline.as_dict() if report else None

    @extend_schema_field(PLATFORMS_SCHEMA)
    def get_platforms(self, compilation: Compilation) -> dict[str, Any] | None:
        """Per-platform figures of the headline."""
        report = self._report()
        return platform_figures(report.headline, report.platforms) if report else None

    @extend_schema_field(CHANGE_SCHEMA)
    def get_change(self, compilation: Compilation) -> dict[str, Any] | None:
        """The headline's change since the previous compilation."""
        report = self._report()
        return change_of(report.headline) if report else None

    @extend_schema_field(
        {
            "type": "array",
            "items": {"type": "object"},
            "description": "The highest units the caller sees: {id, name, path}.",
        }
    )
    def get_scope(self, compilation: Compilation) -> list[dict[str, Any]]:
        """The highest rows the caller sees."""
        report = self._report()
        if report is None:
            return []
        return [{"id": r.pk, "name": r.name, "path": r.path} for r in report.top_rows]


class TakeCompilationSerializer(serializers.Serializer):
    """What to compile: an agency, and a year (default: this year) or two dates."""

    instansi = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.roots(),
        required=False,
        help_text="The agency (a root unit). May be left out when the caller administers one.",
    )
    year = serializers.IntegerField(required=False, min_value=2000, max_value=9999)
    period_start = serializers.DateField(required=False)
    period_end = serializers.DateField(required=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=255)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """A year or two dates, never both."""
        dates = [attrs.get("period_start"), attrs.get("period_end")]
        if attrs.get("year") is not None and any(dates):
            raise serializers.ValidationError("Give either a year or two dates, not both.")
        if any(dates) and not all(dates):
            raise serializers.ValidationError("Give both period_start and period_end.")
        return attrs


class UnitRowSerializer(serializers.ModelSerializer):
    """One unit's figures in a compilation, over the unit and everything below it."""

    without_account = serializers.IntegerField(read_only=True)
    coverage = serializers.FloatField(source="coverage_ratio", allow_null=True, read_only=True)
    verified_share = serializers.FloatField(
        source="verified_ratio", allow_null=True, read_only=True
    )
    platforms = serializers.SerializerMethodField()
    change = serializers.SerializerMethodField()

    class Meta:
        model = CompilationUnitRow
        fields = [
            "id",
            "unit",
            "name",
            "short_name",
            "kind",
            "path",
            "depth",
            "opd_name",
            "own_employees",
            "own_with_account",
            "employees",
            "with_account",
            "without_account",
            "coverage",
            "accounts",
            "verified",
            "unverified",
            "verified_share",
            "followers",
            "platforms",
            "change",
        ]
        read_only_fields = fields

    @extend_schema_field(PLATFORMS_SCHEMA)
    def get_platforms(self, row: CompilationUnitRow) -> dict[str, Any]:
        """Per-platform figures of the row."""
        return platform_figures(row)

    @extend_schema_field(CHANGE_SCHEMA)
    def get_change(self, row: CompilationUnitRow) -> dict[str, Any] | None:
        """Change since the previous compilation."""
        return change_of(row)


class FrozenAccountSerializer(serializers.Serializer):
    """An account as it stood when the compilation was taken."""

    platform = serializers.CharField()
    handle = serializers.CharField()
    url = serializers.CharField()
    followers = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    counted = serializers.BooleanField(
        help_text="False for rejected and inactive accounts, which the figures leave out."
    )


class CompilationEmployeeSerializer(serializers.ModelSerializer):
    """One ASN with their accounts, frozen in the compilation."""

    nip_grouped = serializers.CharField(read_only=True)
    accounts = FrozenAccountSerializer(many=True, read_only=True)

    class Meta:
        model = CompilationEmployee
        fields = [
            "id",
            "employee",
            "nip",
            "nip_grouped",
            "employee_type",
            "name",
            "full_name",
            "position",
            "unit_row",
            "unit_name",
            "opd_name",
            "accounts",
            "account_count",
            "verified_count",
            "followers",
            "has_account",
        ]
        read_only_fields = fields


class LetterheadSerializer(serializers.ModelSerializer):
    """An agency's letterhead; send `logo` as a multipart file, `remove_logo` to drop it."""

    logo = serializers.FileField(
        required=False, allow_null=True, write_only=True, help_text="PNG or JPEG, at most 1 MB."
    )
    has_logo = serializers.SerializerMethodField()
    remove_logo = serializers.BooleanField(required=False, write_only=True, default=False)

    class Meta:
        model = Letterhead
        fields = [
            "instansi",
            "government_name",
            "office_name",
            "address",
            "phone",
            "email",
            "website",
            "logo",
            "has_logo",
            "remove_logo",
            "signature_place",
            "signer_position",
            "signer_name",
            "signer_rank",
            "signer_nip",
            "updated_at",
        ]
        read_only_fields = ["instansi", "has_logo", "updated_at"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_logo(self, letterhead: Letterhead) -> bool:
        """Whether a logo is printed."""
        return bool(letterhead.logo)
