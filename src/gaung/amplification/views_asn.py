"""The ASN's side of amplification: their campaigns, one-tap sharing, proofs, and the tracked
link that counts who opened what they shared."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from gaung.amplification import actions
from gaung.amplification.choices import CampaignAction, CampaignStatus, ProofStatus
from gaung.amplification.forms_asn import ProofForm, open_targets, target_label, target_value
from gaung.amplification.models import Assignment, Campaign, Proof
from gaung.amplification.querysets import active_assignments_of
from gaung.amplification.sharing import share_targets, share_text
from gaung.registry.models import Employee
from gaung.registry.scope import scope_for
from gaung.socials.choices import Platform

RECENT_DAYS = 30
TEMPLATE = "amplification/asn/campaign.html"


# ---------------------------------------------------------------------------------------------
# Whose page
# ---------------------------------------------------------------------------------------------


def _own_employee(request: HttpRequest) -> Employee:
    employee_id = scope_for(request.user).employee_id
    if employee_id is None:
        raise Http404("This login is not linked to an employee record.")
    return get_object_or_404(Employee.objects.select_related("unit"), pk=employee_id)


def _own_assignment(request: HttpRequest, pk: int) -> Assignment:
    """The user's own assignment (404 for anyone else's), with accounts registered since."""
    employee = _own_employee(request)
    assignment = get_object_or_404(
        Assignment.objects.select_related("campaign__unit").exclude(
            campaign__status=CampaignStatus.DRAFT
        ),
        pk=pk,
        employee=employee,
    )
    if _is_running(assignment.campaign):
        # An account registered after the campaign started counts at once; a closed
        # campaign's recap stays as it was.
        actions.sync_assignment_accounts(assignment)
    return assignment


def _is_running(campaign: Campaign, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        campaign.status == CampaignStatus.ACTIVE and campaign.starts_at <= now < campaign.deadline
    )


def time_left(deadline: datetime.datetime, now: datetime.datetime) -> str:
    """`2 days left`, `5 hours left`, `10 minutes left` (the largest whole unit)."""
    seconds = (deadline - now).total_seconds()
    if seconds <= 0:
        return _("Ended")
    if (days := int(seconds // 86400)) >= 1:
        return ngettext("%(count)s day left", "%(count)s days left", days) % {"count": days}
    if (hours := int(seconds // 3600)) >= 1:
        return ngettext("%(count)s hour left", "%(count)s hours left", hours) % {"count": hours}
    minutes = max(int(seconds // 60), 1)
    return ngettext("%(count)s minute left", "%(count)s minutes left", minutes) % {"count": minutes}


# ---------------------------------------------------------------------------------------------
# My campaigns
# ---------------------------------------------------------------------------------------------


def _with_pending(assignments):
    return assignments.annotate(
        pending=Count("proofs", filter=Q(proofs__status=ProofStatus.PENDING))
    ).select_related("campaign__unit")


def _recently_ended(employee: Employee, now: datetime.datetime):
    since = now - datetime.timedelta(days=RECENT_DAYS)
    ended = Q(
        campaign__status=CampaignStatus.ACTIVE,
        campaign__deadline__lte=now,
        campaign__deadline__gte=since,
    ) | Q(
        campaign__status__in=(CampaignStatus.CLOSED, CampaignStatus.CANCELLED),
        campaign__closed_at__gte=since,
    )
    return _with_pending(Assignment.objects.filter(ended, employee=employee)).order_by(
        "-campaign__deadline"
    )


@login_required
def my_campaigns(request: HttpRequest) -> HttpResponse:
    """The ASN's running campaigns, nearest deadline first, then those ended recently."""
    employee = _own_employee(request)
    now = timezone.now()
    active = list(_with_pending(active_assignments_of(employee)))
    for assignment in active:
        assignment.time_left = time_left(assignment.campaign.deadline, now)
    ended = list(_recently_ended(employee, now))
    for assignment in ended:
        campaign = assignment.campaign
        assignment.ended_at = min(filter(None, [campaign.deadline, campaign.closed_at]))
    return render(
        request,
        "amplification/asn/my_campaigns.html",
        {"active": active, "ended": ended, "recent_days": RECENT_DAYS},
    )


# ---------------------------------------------------------------------------------------------
# One campaign: share, then prove it
# ---------------------------------------------------------------------------------------------


@dataclass
class ActionRow:
    """One asked action on one platform, and where the ASN stands with it."""

    action: str
    label: str
    state: str  # done, pending, rejected, todo, no_account
    proof: Proof | None
    target: str  # the proof form's choice for this row


@dataclass
class PlatformRows:
    platform: str
    label: str
    has_account: bool
    rows: list[ActionRow]


def _rows(assignment: Assignment) -> tuple[list[PlatformRows], set[tuple[str, str]]]:
    """Rows per requested platform, and the (platform, action) pairs with a live proof."""
    campaign = assignment.campaign
    latest: dict[tuple[str, str], Proof] = {}
    for proof in assignment.proofs.order_by("created_at", "pk"):
        key = (proof.platform, proof.action)
        # A live proof (accepted or waiting) wins over a later rejected one.
        current = latest.get(key)
        if current is None or current.status == ProofStatus.REJECTED:
            latest[key] = proof
    live = {key for key, proof in latest.items() if proof.status != ProofStatus.REJECTED}
    states = {
        ProofStatus.ACCEPTED: "done",
        ProofStatus.PENDING: "pending",
        ProofStatus.REJECTED: "rejected",
    }
    platforms = []
    for platform in campaign.platforms:
        has_account = platform in assignment.platforms
        rows = []
        for action in campaign.actions:
            proof = latest.get((platform, action))
            if proof is not None:
                state = states[proof.status]
            else:
                state = "todo" if has_account else "no_account"
            rows.append(
                ActionRow(
                    action=action,
                    label=str(CampaignAction(action).label),
                    state=state,
                    proof=proof,
                    target=target_value(platform, action),
                )
            )
        platforms.append(PlatformRows(platform, Platform(platform).label, has_account, rows))
    return platforms, live


def _tracked_link(request: HttpRequest, assignment: Assignment) -> str:
    return request.build_absolute_uri(
        reverse("amplification_asn:tracked_link", args=[assignment.token])
    )


def _context(
    request: HttpRequest, assignment: Assignment, form: ProofForm | None = None, notice: str = ""
) -> dict:
    campaign = assignment.campaign
    now = timezone.now()
    is_open = _is_running(campaign, now)
    platforms, live = _rows(assignment)
    targets = open_targets(assignment, live) if is_open else []
    if form is None:
        initial = {}
        wanted = request.GET.get("target", "")
        if wanted in {target_value(p, a) for p, a in targets}:
            initial["target"] = wanted
        form = ProofForm(targets, initial=initial)
    link = _tracked_link(request, assignment)
    return {
        "assignment": assignment,
        "campaign": campaign,
        "is_open": is_open,
        "has_started": campaign.starts_at <= now,
        "time_left": time_left(campaign.deadline, now),
        "platforms": platforms,
        # A refused proof keeps its form (and errors) even when nothing is left to send.
        "form": form if targets or form.is_bound else None,
        "notice": notice,
        "tracked_link": link,
        "share_text": share_text(campaign.caption, campaign.hashtags),
        "share_targets": share_targets(
            caption=campaign.caption,
            hashtags=campaign.hashtags,
            link=link,
            post_url=campaign.post_url,
            post_platform=campaign.post_platform,
            platforms=list(campaign.platforms),
        ),
    }


@login_required
def my_campaign(request: HttpRequest, pk: int) -> HttpResponse:
    """What the campaign asks, one-tap share buttons, and where each asked action stands."""
    assignment = _own_assignment(request, pk)
    return render(request, TEMPLATE, _context(request, assignment))


def _thanks(proof: Proof) -> str:
    what = target_label(proof.platform, proof.action)
    if proof.status == ProofStatus.ACCEPTED:
        return _("Thank you! Your proof for %(what)s is accepted.") % {"what": what}
    return _("Your proof for %(what)s is sent. An admin of your unit will check it.") % {
        "what": what
    }


@login_required
@require_POST
def submit_proof(request: HttpRequest, pk: int) -> HttpResponse:
    """Send one proof; htmx swaps the proof area, a plain form post redirects back."""
    assignment = _own_assignment(request, pk)
    _platforms, live = _rows(assignment)
    form = ProofForm(open_targets(assignment, live), request.POST, request.FILES)
    notice = ""
    if form.is_valid():
        try:
            proof = actions.submit_proof(request.user, assignment, **form.proof_fields())
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            notice = _thanks(proof)
            if not request.htmx:
                messages.success(request, notice)
                return redirect("amplification_asn:my_campaign", assignment.pk)
            form = None
    assignment.refresh_from_db()
    template = f"{TEMPLATE}#proof_area" if request.htmx else TEMPLATE
    return render(request, template, _context(request, assignment, form, notice))


# ---------------------------------------------------------------------------------------------
# The tracked link /l/<token>
# ---------------------------------------------------------------------------------------------

# Link previews and robots open links too; only people's visits are counted. A bare "bot"
# word is a robot, except in "Cubot", a phone brand.
_NOT_A_PERSON = re.compile(
    r"whatsapp|facebookexternalhit|facebookcatalog|meta-externalagent|facebot|"
    r"skypeuripreview|embedly|iframely|vkshare|w3c_validator|cardyb|mastodon|preview|"
    r"crawl|spider|slurp|headless|lighthouse|curl/|wget/|python-|go-http-client|java/|"
    r"okhttp|libwww|httpclient|axios/|node-fetch|scrapy|(?<!cu)bot\b",
    re.IGNORECASE,
)
_VISITOR_SALT = "gaung.amplification.tracked_link.visitor"


def _visitor(request: HttpRequest) -> str | None:
    """A salted hash of the visitor's address and browser, or None when not to be counted."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    if request.method != "GET" or not agent or _NOT_A_PERSON.search(agent):
        return None
    # Browsers fetching a link ahead of a tap say so.
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    if "prefetch" in purpose or "prerender" in purpose:
        return None
    address = _client_address(request)
    return salted_hmac(_VISITOR_SALT, f"{address}\n{agent}", algorithm="sha256").hexdigest()


def _client_address(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or the one the trusted proxies in front reported.

    X-Forwarded-For is whatever the client wrote, except for the entries appended by our own
    proxies (nginx adds the address it saw at the end): GAUNG_TRUSTED_PROXY_COUNT says how
    many of the last entries to trust. Unset or 0: no proxy, REMOTE_ADDR is the visitor.
    """
    proxies = getattr(settings, "GAUNG_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


@require_safe
def tracked_link(request: HttpRequest, token: str) -> HttpResponse:
    """Send the visitor to the official post, counting a person's first visit while the
    campaign runs. Public, and kept to one read and one insert + update: it is hit hard."""
    try:
        assignment = (
            Assignment.objects.select_related("campaign")
            .only("campaign__post_url", "campaign__status", "campaign__starts_at",
                  "campaign__deadline")
            .get(token=token)
        )  # fmt: skip
    except Assignment.DoesNotExist:
        raise Http404("No such link.") from None
    campaign = assignment.campaign
    if _is_running(campaign) and (visitor := _visitor(request)):
        actions.record_click(assignment, visitor)
    response = HttpResponseRedirect(campaign.post_url)
    response["Cache-Control"] = "no-store"
    return response
