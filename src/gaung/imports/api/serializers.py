"""Serializers of import jobs; they validate and render, the actions do the writing."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gaung.imports.choices import ImportKind
from gaung.imports.models import ImportJob, ImportRowError
from gaung.imports.planner import commit_blocker
from gaung.registry.models import OrganisationUnit


class ImportCountsSerializer(serializers.Serializer):
    """What the preview (or the saved import) counts."""

    rows = serializers.IntegerField(help_text="Data rows read from the file.")
    new = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    invalid = serializers.IntegerField(help_text="Rows with at least one error.")
    deactivated = serializers.IntegerField(help_text="Full roster only: employees set inactive.")
    new_units = serializers.IntegerField()
    changed_fields = serializers.DictField(
        child=serializers.IntegerField(), help_text="How many records change each field."
    )


class ImportJobSerializer(serializers.ModelSerializer):
    """An import job: its file, status, progress and (once validated) the preview's counts."""

    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    committed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    progress_percent = serializers.IntegerField(read_only=True)
    counts = serializers.SerializerMethodField()
    commit_blocker = serializers.SerializerMethodField()
    previously_committed = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "status",
            "instansi",
            "full_roster",
            "create_units",
            "skip_invalid",
            "original_name",
            "sha256",
            "size",
            "progress_done",
            "progress_total",
            "progress_percent",
            "counts",
            "problem",
            "commit_blocker",
            "previously_committed",
            "created_by",
            "created_at",
            "validated_at",
            "committed_by",
            "committed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ImportCountsSerializer)
    def get_counts(self, job: ImportJob) -> dict[str, Any]:
        """The counts, zero before validation."""
        return {**job.count_values, "rows": job.count("rows"),
                "changed_fields": job.counts.get("changed_fields") or {}}  # fmt: skip

    @extend_schema_field(OpenApiTypes.STR)
    def get_commit_blocker(self, job: ImportJob) -> str:
        """Why saving without skipping invalid rows is refused ('' when it is allowed)."""
        return commit_blocker(
            kind=job.kind, full_roster=job.full_roster, counts=job.counts, skip_invalid=False
        )

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_previously_committed(self, job: ImportJob) -> int | None:
        """The id of an earlier saved import of exactly the same file, if any."""
        if hasattr(job, "previous_commit_id"):
            return job.previous_commit_id
        request = self.context.get("request")
        earlier = (
            ImportJob.objects.visible_to(request.user if request else None)
            .same_file_committed(job)
            .order_by("-committed_at")
            .first()
        )
        return earlier.pk if earlier else None


class ImportJobCreateSerializer(serializers.Serializer):
    """An upload: the file, what it contains and, for a roster, how to apply it."""

    file = serializers.FileField(help_text="XLSX, XLS, ODS or CSV with a header row.")
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    full_roster = serializers.BooleanField(
        default=False,
        help_text="Roster only: employees of the agency missing from the file become inactive.",
    )
    create_units = serializers.BooleanField(
        default=False,
        help_text="Roster only: create a perangkat daerah named in Unit Induk that does not "
        "exist (otherwise such rows are invalid).",
    )
    instansi = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.filter(parent__isnull=True),
        required=False,
        allow_null=True,
        help_text="The agency to import into; needed only when the caller has several.",
    )


class ImportRowErrorSerializer(serializers.ModelSerializer):
    """Why one row cannot be saved: `row` is the line number in the file (header = 1)."""

    class Meta:
        model = ImportRowError
        fields = ["row", "column", "value", "reason"]


class CommitSerializer(serializers.Serializer):
    """Save the import; invalid rows block it unless skipped."""

    skip_invalid = serializers.BooleanField(default=False)
