"""Demo content for the demo city (`gaung seed_demo_content`): Dinas Kesehatan's team at work.

Every item goes through the real actions (create, transitions, checklist), so the histories,
versions and due dates are what the team would see; only publication dates are spread over
the month afterwards so the calendar and the strategy board have something to show.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gaung.content import actions
from gaung.content.models import ChecklistItem, ContentItem, Purpose, StrategyTarget
from gaung.registry import demo as registry_demo
from gaung.registry.models import Employee, OrganisationUnit
from gaung.socials.models import SocialAccount

DESIGNER_USERNAME = "desain.dinkes"
UNIT_NAME = "Dinas Kesehatan"


@dataclass
class DemoContent:
    created: bool
    message: str = ""
    items: list[ContentItem] = field(default_factory=list)
    designer: str = DESIGNER_USERNAME


# (title, pillar, purpose code, days from today, how far it goes)
_ITEMS = (
    ("Jadwal posyandu bulan ini", "core", "informasi", -20, "published"),
    ("Tips cuci tangan pakai sabun", "supporting", "edukasi", -15, "published"),
    ("Klarifikasi hoaks vaksin palsu", "core", "klarifikasi-hoaks", -10, "published"),
    ("Kuis Hari Kesehatan Nasional", "complementary", "hiburan", -6, "published"),
    ("Layanan cek kesehatan gratis", "core", "layanan", -2, "published"),
    ("Imunisasi campak-rubela di sekolah", "core", "informasi", 2, "scheduled"),
    ("Infografis gizi seimbang", "supporting", "edukasi", 4, "approved"),
    ("Video senam jantung sehat", "complementary", "hiburan", 6, "in_review"),
    ("Angka kasus DBD triwulan ini", "core", "informasi", 8, "revision_requested"),
    ("Cerita kader posyandu teladan", "supporting", "edukasi", 10, "in_design"),
    ("Pengingat cek tekanan darah", "supporting", "layanan", 12, "submitted"),
    ("Draf: kampanye berhenti merokok", "core", "edukasi", 15, "draft"),
)
_STEPS = {
    "submitted": ["submit"],
    "in_design": ["submit", "start_design"],
    "in_review": ["submit", "start_design", "send_to_review"],
    "revision_requested": ["submit", "send_to_review", "request_revision"],
    "approved": ["submit", "start_design", "send_to_review", "approve"],
    "scheduled": ["submit", "start_design", "send_to_review", "approve", "schedule"],
    "published": ["submit", "send_to_review", "approve", "schedule", "mark_published"],
}


def seed() -> DemoContent:
    """Create the demo content once."""
    root = registry_demo.demo_root()
    if root is None:
        return DemoContent(False, "No demo city yet: run `gaung seed_demo` first.")
    dinkes = OrganisationUnit.objects.filter(parent=root, name=UNIT_NAME).first()
    users = get_user_model().objects
    supervisor = users.filter(username=registry_demo.UNIT_ADMIN_USERNAME).first()
    if dinkes is None or supervisor is None:
        return DemoContent(False, "The demo Dinas Kesehatan or its admin is missing.")
    if ContentItem.objects.filter(unit=dinkes).exists():
        return DemoContent(False, "The demo city already has content.")
    account = (
        SocialAccount.objects.filter(owner_unit=dinkes, platform="instagram").first()
        or SocialAccount.objects.filter(owner_unit=dinkes).first()
    )
    if account is None:
        return DemoContent(False, "Dinas Kesehatan has no official account.")
    with transaction.atomic():
        return DemoContent(True, items=_seed(root, dinkes, supervisor, account))


def _seed(root, dinkes, supervisor, account) -> list[ContentItem]:
    users = get_user_model().objects
    designer, _created = users.get_or_create(
        username=DESIGNER_USERNAME,
        defaults={
            "password": make_password(registry_demo.DEMO_PASSWORD),
            "email": f"{DESIGNER_USERNAME}@{registry_demo.EMAIL_DOMAIN}",
            "first_name": "Tim Grafis Dinkes",
        },
    )
    asn = Employee.objects.filter(unit__path__startswith=dinkes.path, user__isnull=False).first()
    contributor = asn.user if asn else supervisor
    for user, role in (
        (supervisor, "supervisor"), (supervisor, "publisher"), (designer, "designer"),
        (contributor, "contributor"),
    ):  # fmt: skip
        actions.add_team_role(supervisor, user=user, unit=dinkes, role=role)
    everything = {str(pk): True for pk in ChecklistItem.objects.values_list("pk", flat=True)}
    now = timezone.now()
    made = []
    for number, (title, pillar, purpose, days, goal) in enumerate(_ITEMS):
        when = (now + datetime.timedelta(days=days)).replace(hour=9, minute=0, second=0)
        item = actions.create_item(
            contributor,
            unit=dinkes,
            target_accounts=[account],
            title=title,
            brief=f"{title}: materi untuk akun resmi {dinkes.name}.",
            key_message=title,
            pillar=pillar,
            purpose=Purpose.objects.get(code=purpose),
            planned_at=when if days > 0 else now + datetime.timedelta(hours=1),
            captions={account.platform: f"{title}. Info resmi {dinkes.name}. #KotaHarapanSehat"},
        )
        for step in _STEPS.get(goal, []):
            actor = supervisor
            if step == "submit":
                actor = contributor
            elif step == "send_to_review" and item.state == "in_design":
                actor = designer
            extra = {}
            if step == "approve":
                actions.tick_checklist(supervisor, item, everything)
            if step == "request_revision":
                extra["comment"] = "Mohon cantumkan sumber data Dinkes untuk angka kasus."
            if step == "start_design":
                extra["designer"] = designer
                actor = supervisor
            if step == "mark_published":
                extra["permalink"] = f"https://www.instagram.com/p/DemoDinkes{number:02d}/"
            item = actions.transition(actor, item, step, **extra)
        if goal == "published":
            # Spread the publications over the past days (the board counts them per week).
            ContentItem.objects.filter(pk=item.pk).update(planned_at=when, published_at=when)
        made.append(item)
    for title, days in (("Lomba foto hidup sehat", 20), ("Profil puskesmas terbaik", 25)):
        actions.propose_idea(
            contributor, unit=dinkes, title=title, pillar="complementary",
            wished_date=timezone.localdate() + datetime.timedelta(days=days),
        )  # fmt: skip
    StrategyTarget.objects.get_or_create(
        account=account,
        month=timezone.localdate().replace(day=1),
        defaults={
            "mix": {"pillar:core": 50, "pillar:supporting": 30, "pillar:complementary": 20,
                    "informative": 70},
            "min_posts_per_week": 4,
        },
    )  # fmt: skip
    return made
