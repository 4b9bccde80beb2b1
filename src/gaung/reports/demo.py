"""Compilations of the demo city, so the compilation pages have a history to show.

The demo accounts are all created on the day the demo is seeded; here a seeded share of them
is dated back into last year, then last year's and this year's compilations are taken (the
first counts only the accounts registered by 31 December). Only the demo agency is touched.
"""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from gaung.registry import demo as registry_demo
from gaung.registry.models import OrganisationUnit
from gaung.registry.synthetic import synthetic_pns_nip
from gaung.reports.actions import save_letterhead, take_compilation
from gaung.reports.models import Compilation, Letterhead
from gaung.socials.models import SocialAccount

# Share of the demo accounts that were "registered" last year.
REGISTERED_LAST_YEAR = 0.65
DEMO_SIGNER_NIP_SEQUENCE = 480_001


@dataclass(frozen=True)
class DemoCompilations:
    """What `seed` did."""

    created: bool
    compilations: tuple[Compilation, ...] = ()
    message: str = ""


def demo_logo() -> SimpleUploadedFile:
    """A plain emblem (a shield with the city's initials): fictional, like the city."""
    image = Image.new("RGBA", (240, 280), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon(
        [(20, 20), (220, 20), (220, 150), (120, 265), (20, 150)],
        fill=(26, 95, 180),
        outline=(245, 180, 0),
        width=10,
    )
    draw.ellipse((70, 55, 170, 155), fill=(245, 180, 0))
    draw.text((120, 205), "KH", fill=(255, 255, 255), anchor="mm", font_size=48)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def ensure_letterhead(actor, root: OrganisationUnit) -> Letterhead:
    """The demo BKPSDM's letterhead, created once."""
    existing = Letterhead.objects.filter(instansi=root).first()
    if existing is not None:
        return existing
    return save_letterhead(
        actor,
        root,
        government_name="PEMERINTAH KOTA HARAPAN",
        office_name="BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
        address="Jl. Merdeka No. 1, Kota Harapan 65111",
        phone="(0342) 801234",
        email=f"bkpsdm@{registry_demo.EMAIL_DOMAIN}",
        website=f"bkpsdm.{registry_demo.EMAIL_DOMAIN}",
        signature_place="Harapan",
        signer_position="Kepala BKPSDM Kota Harapan",
        signer_name="Drs. Bambang Wicaksono, M.Si.",
        signer_rank="Pembina Utama Muda",
        signer_nip=synthetic_pns_nip(DEMO_SIGNER_NIP_SEQUENCE),
        logo=demo_logo(),
    )


def date_back_accounts(root: OrganisationUnit, seed: int) -> int:
    """Move a seeded share of the demo's personal accounts into last year; returns how many."""
    this_year = timezone.localdate().year
    accounts = SocialAccount.objects.filter(owner_employee__unit__path__startswith=root.path)
    first_of_year = datetime.datetime(this_year, 1, 1, tzinfo=datetime.UTC)
    if accounts.filter(created_at__lt=first_of_year).exists():
        return 0  # already dated back (or not fresh demo data): leave the history alone
    rng = random.Random(seed)
    start = datetime.datetime(this_year - 1, 1, 1, 8, tzinfo=datetime.UTC)
    moved = []
    for account in accounts.order_by("pk").only("pk", "created_at"):
        if rng.random() < REGISTERED_LAST_YEAR:
            account.created_at = start + datetime.timedelta(
                days=rng.randint(0, 360), minutes=rng.randint(0, 600)
            )
            moved.append(account)
    SocialAccount.objects.bulk_update(moved, ["created_at"], batch_size=500)
    return len(moved)


def seed(seed: int = registry_demo.DEFAULT_SEED) -> DemoCompilations:
    """Take last year's and this year's compilation of the demo city, once."""
    root = registry_demo.demo_root()
    if root is None:
        return DemoCompilations(False, message="No demo city yet: run `gaung seed_demo` first.")
    if Compilation.objects.filter(instansi=root).exists():
        return DemoCompilations(False, message="The demo city already has compilations.")
    actor = get_user_model().objects.filter(username=registry_demo.SUPERADMIN_USERNAME).first()
    if actor is None:
        return DemoCompilations(False, message="The demo superadmin login is missing.")
    ensure_letterhead(actor, root)
    date_back_accounts(root, seed)
    this_year = timezone.localdate().year
    taken = []
    for year in (this_year - 1, this_year):
        compilation = take_compilation(actor, root, year=year, background=False)
        compilation.refresh_from_db()
        taken.append(compilation)
    return DemoCompilations(True, tuple(taken))
