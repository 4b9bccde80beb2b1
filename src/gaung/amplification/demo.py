"""Demo campaigns for the demo city (`gaung seed_demo_campaigns`), so every recap has figures.

Campaigns are created and activated through the actions (as an organiser would); the ASN's
part — proofs and clicks — is simulated in bulk with the same rules as
`actions.recompute_assignment`, because thousands of single submissions would make
`make demo` slow.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gaung.amplification import actions
from gaung.amplification.choices import CampaignAction, ProofKind, ProofStatus, RecapStatus
from gaung.amplification.models import Assignment, Campaign, LinkClick, Proof
from gaung.registry import demo as registry_demo
from gaung.registry.models import OrganisationUnit
from gaung.socials.models import SocialAccount


@dataclass
class DemoCampaigns:
    created: bool
    message: str = ""
    campaigns: list[Campaign] = field(default_factory=list)


@dataclass(frozen=True)
class _Spec:
    title: str
    opd_name: str | None  # None: the whole agency
    post_url: str
    actions: tuple[str, ...]
    platforms: tuple[str, ...]
    started_days_ago: int
    deadline_in_days: int
    acted_share: float  # of the employees with an account
    close: bool = False


_SPECS = (
    _Spec(
        "Hari Jadi Kota Harapan ke-79",
        None,
        "https://www.instagram.com/pemkot.harapan/p/HJKH79resmi/",
        (CampaignAction.SHARE, CampaignAction.LIKE),
        ("instagram", "facebook"),
        started_days_ago=2,
        deadline_in_days=3,
        acted_share=0.45,
    ),
    _Spec(
        "Ayo Imunisasi Campak-Rubela",
        "Dinas Kesehatan",
        "https://www.instagram.com/dinkes.harapan/p/ImunisasiMR26/",
        (CampaignAction.SHARE,),
        ("instagram", "tiktok"),
        started_days_ago=1,
        deadline_in_days=1,
        acted_share=0.6,
    ),
    _Spec(
        "Waspada Hoaks Bansos Palsu",
        None,
        "https://www.facebook.com/pemkot.harapan/posts/880011223344",
        (CampaignAction.SHARE,),
        ("facebook", "instagram"),
        started_days_ago=30,
        deadline_in_days=-23,
        acted_share=0.7,
        close=True,
    ),
)


def seed(seed: int = registry_demo.DEFAULT_SEED) -> DemoCampaigns:
    """Create the demo campaigns once, with simulated participation."""
    root = registry_demo.demo_root()
    if root is None:
        return DemoCampaigns(False, "No demo city yet: run `gaung seed_demo` first.")
    if Campaign.objects.filter(unit__path__startswith=root.path).exists():
        return DemoCampaigns(False, "The demo city already has campaigns.")
    actor = get_user_model().objects.filter(username=registry_demo.SUPERADMIN_USERNAME).first()
    if actor is None:
        return DemoCampaigns(False, "The demo superadmin login is missing.")
    rng = random.Random(seed)
    made = []
    with transaction.atomic():
        for spec in _SPECS:
            made.append(_campaign(actor, root, spec, rng))
    return DemoCampaigns(True, campaigns=made)


def _campaign(actor, root: OrganisationUnit, spec: _Spec, rng: random.Random) -> Campaign:
    unit = root
    if spec.opd_name:
        unit = OrganisationUnit.objects.get(parent=root, name=spec.opd_name)
    now = timezone.now()
    starts = now - datetime.timedelta(days=spec.started_days_ago)
    # A closed campaign is made as it was then: active with a deadline ahead, closed later.
    deadline = now + datetime.timedelta(days=max(spec.deadline_in_days, 1))
    campaign = actions.create_campaign(
        actor,
        unit=unit,
        target_units=[unit],
        title=spec.title,
        post_url=spec.post_url,
        instructions=(
            "Bagikan unggahan resmi ini ke akun pribadi Anda dengan caption yang disarankan, "
            "lalu kirim tautan unggahan Anda sebagai bukti."
        ),
        caption=f"{spec.title} — informasi resmi Pemerintah Kota Harapan.",
        hashtags="#KotaHarapan #InfoResmi",
        actions=list(spec.actions),
        platforms=list(spec.platforms),
        starts_at=starts,
        deadline=deadline,
        show_individual_ranking=spec.opd_name is not None,
    )
    campaign = actions.activate_campaign(actor, campaign)
    _simulate(campaign, spec, rng)
    if spec.close:
        campaign = actions.close_campaign(actor, campaign)
        ended = now + datetime.timedelta(days=spec.deadline_in_days)
        Campaign.objects.filter(pk=campaign.pk).update(deadline=ended, closed_at=ended)
    return campaign


def _simulate(campaign: Campaign, spec: _Spec, rng: random.Random) -> None:
    """Proofs (accepted links, a few screenshots waiting for review) and tracked-link clicks."""
    assignments = list(campaign.assignments.exclude(status=RecapStatus.NO_ACCOUNT))
    accounts = {
        (owner, platform): (pk, handle, followers)
        for pk, owner, platform, handle, followers in SocialAccount.objects.filter(
            owner_employee_id__in=[a.employee_id for a in assignments],
            platform__in=campaign.platforms,
        ).values_list("pk", "owner_employee_id", "platform", "handle", "followers")
    }
    proofs, clicks = [], []
    for assignment in assignments:
        if rng.random() >= spec.acted_share:
            continue
        # Most do everything asked; some only part of it ("kurang").
        pairs = [(p, a) for p in assignment.platforms for a in campaign.actions]
        if rng.random() < 0.25 and len(pairs) > 1:
            pairs = rng.sample(pairs, k=rng.randint(1, len(pairs) - 1))
        for platform, action in pairs:
            account_pk, handle, followers = accounts[(assignment.employee_id, platform)]
            code = hashlib.sha256(f"{campaign.pk}:{assignment.pk}:{platform}:{action}".encode())
            post = code.hexdigest()[:12]
            pending = rng.random() < 0.05
            proofs.append(
                Proof(
                    assignment=assignment,
                    platform=platform,
                    action=action,
                    kind=ProofKind.URL,
                    url=_own_post_url(platform, handle, post),
                    url_key=f"{platform}:{post}",
                    account_id=account_pk,
                    followers_at_share=followers,
                    status=ProofStatus.PENDING if pending else ProofStatus.ACCEPTED,
                )
            )
        for visitor in range(rng.choice((0, 0, 1, 2, 3, 5, 8))):
            clicks.append(
                LinkClick(assignment=assignment, visitor=f"demo-{assignment.pk}-{visitor}")
            )
    Proof.objects.bulk_create(proofs, batch_size=1000)
    LinkClick.objects.bulk_create(clicks, batch_size=1000)
    per_assignment = Counter(click.assignment_id for click in clicks)
    for assignment in assignments:
        assignment.clicks = per_assignment[assignment.pk]
    Assignment.objects.bulk_update(assignments, ["clicks"], batch_size=1000)
    acted = {proof.assignment_id for proof in proofs}
    for assignment in assignments:
        if assignment.pk in acted:
            actions.recompute_assignment(assignment)


def _own_post_url(platform: str, handle: str, post: str) -> str:
    if platform == "instagram":
        return f"https://www.instagram.com/{handle}/p/{post}/"
    if platform == "tiktok":
        return f"https://www.tiktok.com/@{handle}/video/{int(post, 16)}"
    return f"https://www.facebook.com/{handle}/posts/{int(post, 16)}"
