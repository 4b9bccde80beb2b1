"""The strategy board: per official account and month, the targets against planned and published."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gaung.content.calendar_actions import may_set_strategy, set_strategy_target
from gaung.content.calendar_scope import planning_accounts, zone_for
from gaung.content.forms_strategy import BoardForm, StrategyTargetForm
from gaung.content.models import StrategyTarget
from gaung.content.strategy import (
    board_for,
    boards,
    next_month,
    parse_month,
    previous_month,
)
from gaung.content.views_calendar import content_access_required
from gaung.core.forms import add_action_errors
from gaung.socials.models import SocialAccount


def _today(user) -> datetime.date:
    return timezone.localtime(timezone=zoneinfo.ZoneInfo(zone_for(user))).date()


def _account(request: HttpRequest, accounts) -> SocialAccount | None:
    """The `?account=` asked for: None for the overview, 404 unless the user plans for it."""
    wanted = request.GET.get("account", "")
    if not wanted:
        return None
    if not wanted.isdigit():
        raise Http404("No such account.")
    return get_object_or_404(accounts, pk=wanted)


def board_url(account: SocialAccount | None, month: datetime.date) -> str:
    params = {"month": f"{month:%Y-%m}"}
    if account is not None:
        params["account"] = account.pk
    return f"{reverse('content:strategy_board')}?{urlencode(params)}"


def chart_labels() -> dict[str, str]:
    return {
        "target": _("Target"),
        "planned": _("Planned"),
        "published": _("Published"),
        "minimum": _("Minimum per week"),
        "empty": _("Nothing planned or published this month"),
    }


@content_access_required
@require_GET
def strategy_board(request: HttpRequest) -> HttpResponse:
    """One account's board (`?account=`), or the overview of every account, for `?month=`."""
    accounts = planning_accounts(request.user)
    today = _today(request.user)
    month = parse_month(request.GET.get("month"), today)
    account = _account(request, accounts)
    form = BoardForm(
        initial={"account": account.pk if account else None, "month": f"{month:%Y-%m}"},
        accounts=accounts,
    )
    context: dict[str, Any] = {
        "form": form,
        "month": month,
        "account": account,
        "previous_url": board_url(account, previous_month(month)),
        "next_url": board_url(account, next_month(month)),
    }
    if account is None:
        context["boards"] = boards(accounts, month, today)
        return render(request, "content/calendar/strategy_overview.html", context)
    board = board_for(account, month, today)
    context.update(
        board=board,
        may_edit=may_set_strategy(request.user, account),
        edit_url=reverse("content:strategy_edit")
        + f"?{urlencode({'account': account.pk, 'month': f'{month:%Y-%m}'})}",
        overview_url=board_url(None, month),
        mix_chart=board.mix_chart(),
        week_chart=board.week_chart(),
        chart_labels=chart_labels(),
    )
    return render(request, "content/calendar/strategy_board.html", context)


@content_access_required
@require_http_methods(["GET", "POST"])
def strategy_edit(request: HttpRequest) -> HttpResponse:
    """The month's targets of one account, for its content supervisors and unit admins."""
    accounts = planning_accounts(request.user)
    account = _account(request, accounts)
    if account is None:
        raise Http404("No account chosen.")
    if not may_set_strategy(request.user, account):
        raise PermissionDenied
    month = parse_month(request.GET.get("month"), _today(request.user))
    target = StrategyTarget.objects.filter(account=account, month=month).first()
    form = StrategyTargetForm(request.POST or None, initial=StrategyTargetForm.initial_for(target))
    if request.method == "POST" and form.is_valid():
        try:
            set_strategy_target(
                request.user,
                account,
                month,
                mix=form.mix(),
                min_posts_per_week=form.cleaned_data["min_posts_per_week"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request,
                _("The targets of @%(handle)s for %(month)s are saved.")
                % {"handle": account.handle, "month": date_format(month, "F Y")},
            )
            return redirect(board_url(account, month))
    context = {
        "form": form,
        "account": account,
        "month": month,
        "target": target,
        "board_url": board_url(account, month),
    }
    return render(request, "content/calendar/strategy_form.html", context)
