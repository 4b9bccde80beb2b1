"""Navigation shown in the base template, by what the user may do."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gaung.content.actions import has_content_role
from gaung.registry.scope import scope_for


def navigation(request):
    user = getattr(request, "user", None)
    scope = scope_for(user)
    items = []
    if scope.is_admin:
        items += [
            (_("Home"), reverse("core:home"), "ti-home"),
            (_("Organisation"), reverse("registry:unit_tree"), "ti-sitemap"),
            (_("Employees"), reverse("registry:employee_list"), "ti-users"),
            (_("Social media accounts"), reverse("socials:account_list"), "ti-brand-instagram"),
            (_("Verification"), reverse("socials:verification_queue"), "ti-checks"),
            (_("Import"), reverse("imports:job_list"), "ti-file-import"),
            (_("Compilation"), reverse("reports:compilation_list"), "ti-report-analytics"),
            (_("Campaigns"), reverse("amplification:campaign_list"), "ti-speakerphone"),
        ]
    if scope.is_admin or has_content_role(user):
        items.append((_("Content"), reverse("content:item_list"), "ti-layout-kanban"))
        items.append((_("Calendar"), reverse("content:calendar"), "ti-calendar"))
    if scope.employee_id:
        items.append((_("My profile"), reverse("socials:my_accounts"), "ti-user"))
        items.append(
            (_("My campaigns"), reverse("amplification_asn:my_campaigns"), "ti-speakerphone")
        )
    return {"nav_items": items, "gaung_scope": scope}
