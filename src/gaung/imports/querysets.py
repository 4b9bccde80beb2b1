"""Named reads of import jobs, scoped like the registry."""

from __future__ import annotations

from django.db import models
from django.db.models import OuterRef, Subquery

from gaung.registry.scope import scope_for


class ImportJobQuerySet(models.QuerySet):
    """Reads of import jobs: scoped to a user, saved ones, earlier imports of the same file."""

    def visible_to(self, user) -> ImportJobQuerySet:
        """Jobs whose subtree the user administers, and their own (superadmins see all)."""
        scope = scope_for(user)
        if not scope.is_admin:
            return self.none()
        return self.filter(scope.units_q("scope_path") | models.Q(created_by_id=scope.user_id))

    def committed(self) -> ImportJobQuerySet:
        """Jobs whose file was saved."""
        return self.filter(status="committed")

    def same_file_committed(self, job) -> ImportJobQuerySet:
        """Earlier saved imports of exactly the same file (same SHA-256) and type."""
        return self.committed().filter(sha256=job.sha256, kind=job.kind).exclude(pk=job.pk)

    def with_previous_commit(self, user) -> ImportJobQuerySet:
        """Annotate `previous_commit_id`: the latest saved import of the same file the user sees."""
        earlier = (
            self.model.objects.visible_to(user)
            .committed()
            .filter(sha256=OuterRef("sha256"), kind=OuterRef("kind"))
            .exclude(pk=OuterRef("pk"))
            .order_by("-committed_at")
            .values("pk")[:1]
        )
        return self.annotate(previous_commit_id=Subquery(earlier))

    def with_people(self) -> ImportJobQuerySet:
        """Join the uploader, the saver and the agency (for lists and pages)."""
        return self.select_related("created_by", "committed_by", "instansi")
