from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render

from gaung.content.actions import has_content_role
from gaung.registry.scope import scope_for
from gaung.socials.models import SocialAccount


@login_required
def home(request):
    """Admins land on their to-do list; an ASN lands on their own accounts."""
    scope = scope_for(request.user)
    if not scope.is_admin:
        if scope.employee_id:
            return redirect("socials:my_accounts")
        if has_content_role(request.user):
            return redirect("content:item_list")
        return render(request, "core/no_role.html", status=403)
    accounts = SocialAccount.objects.visible_to(request.user)
    context = {
        "awaiting_verification": accounts.awaiting_verification().count(),
        "accounts_total": accounts.count(),
    }
    return render(request, "core/home.html", context)


def healthz(request):
    """Liveness probe for load balancers."""
    return JsonResponse({"status": "ok"})
