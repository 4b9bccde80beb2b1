"""End to end in Chromium: one content item through the one-door workflow.

A contributor (on a phone) writes and submits it; the supervisor assigns the designer, who
attaches the poster; the supervisor asks for a revision, the contributor fixes the caption,
the supervisor ticks the checklist, approves and schedules it; the calendar shows it on its
day; it is marked published with its permalink.
"""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone, translation
from PIL import Image

from gaung.content.choices import ContentState
from gaung.content.models import ContentItem, Purpose, TeamMembership
from tests.browser.conftest import log_in
from tests.factories import SocialAccountFactory, UnitFactory, UserFactory

PASSWORD = "rahasia-sekali-123"
TITLE = "Imunisasi lengkap di posyandu"
FIRST_CAPTION = "Ayo imunisasi 💉 #SehatBersama"
SECOND_CAPTION = "Imunisasi lengkap gratis di posyandu setiap Senin 💉 #SehatBersama #AyoImunisasi"
PERMALINK = "https://www.instagram.com/dinkes.contoh/p/Imun1sasi/"
# How the post is stored and linked: its canonical address, without the handle.
POST_URL = "https://www.instagram.com/p/Imun1sasi/"


def seed_content_defaults() -> None:
    """The purposes and checklist migration 0002 seeds: live-server tests flush the database
    after each test, so a test running after another would otherwise find none."""
    defaults = importlib.import_module("gaung.content.migrations.0002_defaults")
    defaults.add(django_apps, None)


@pytest.fixture
def world(transactional_db):
    seed_content_defaults()
    instansi = UnitFactory(name="Pemerintah Kota Contoh", kind="instansi", parent=None)
    dinkes = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes", kind="dinas", parent=instansi)
    people = {
        "contributor": UserFactory(username="rina", first_name="Rina"),
        "designer": UserFactory(username="dewi", first_name="Dewi"),
        "supervisor": UserFactory(username="sari", first_name="Sari"),
    }
    for role in ("contributor", "designer", "supervisor"):
        TeamMembership.objects.create(user=people[role], unit=dinkes, role=role)
    TeamMembership.objects.create(user=people["supervisor"], unit=dinkes, role="publisher")
    account = SocialAccountFactory(
        owner_unit=dinkes, owner_employee=None, platform="instagram", handle="dinkes.contoh"
    )
    # A working-day morning a few days ahead, in the unit's zone (WIB).
    day = timezone.localdate() + datetime.timedelta(days=5)
    return {"unit": dinkes, "account": account, "day": day, **people}


def open_as(page_for, username: str, *, phone: bool = False):
    page = page_for(phone=phone)
    log_in(page, username, PASSWORD)
    return page


def take_step(page, action: str, **inputs: str) -> None:
    """Open the step's dialog on the item page, fill it in and confirm."""
    page.click(f"[data-testid=step-{action}]")
    for name, value in inputs.items():
        page.fill(f"#step-{action}-{name}", value)
    with page.expect_navigation():
        page.click(f"[data-testid=confirm-{action}]")


def state_of(page) -> str:
    return page.locator("h1 [data-testid=state]").get_attribute("data-state")


def published_label() -> str:
    with translation.override("id"):
        return str(ContentState.PUBLISHED.label)


def test_an_item_goes_from_draft_through_review_to_published_with_its_permalink(
    world, page_for, tmp_path
):
    day = world["day"].isoformat()

    # given the contributor writes an item on a phone
    writer = open_as(page_for, "rina", phone=True)
    writer.goto("/content/new/")
    writer.fill("#id_title", TITLE)
    writer.select_option("#id_pillar", "core")
    writer.select_option("#id_purpose", str(Purpose.objects.get(code="edukasi").pk))
    writer.select_option("#id_unit", str(world["unit"].pk))
    writer.check(f"input[name=target_accounts][value='{world['account'].pk}']")
    writer.fill("#id_planned_at", f"{day}T10:00")
    writer.fill("#id_caption_instagram", FIRST_CAPTION)

    # then the live counter counts the emoji once, as the server does
    counter = writer.locator(
        "[data-caption-counter=instagram] [data-counter=characters] [data-count]"
    )
    assert counter.inner_text() == str(len(FIRST_CAPTION))
    hashtags = writer.locator(
        "[data-caption-counter=instagram] [data-counter=hashtags] [data-count]"
    )
    assert hashtags.inner_text() == "1"

    # when they save it and submit it
    with writer.expect_navigation():
        writer.click("[data-testid=save-item]")
    item = ContentItem.objects.get(title=TITLE)
    item_url = f"/content/{item.pk}/"
    assert writer.url.endswith(item_url)
    take_step(writer, "submit")
    assert state_of(writer) == ContentState.SUBMITTED

    # when the supervisor starts the design, assigning the designer
    supervisor = open_as(page_for, "sari")
    supervisor.goto(item_url)
    supervisor.click("[data-testid=step-start_design]")
    supervisor.select_option("#step-start_design-designer", str(world["designer"].pk))
    with supervisor.expect_navigation():
        supervisor.click("[data-testid=confirm-start_design]")
    assert state_of(supervisor) == ContentState.IN_DESIGN
    assert supervisor.locator("[data-testid=designer]").inner_text() == "Dewi"

    # and the designer attaches the poster and sends the item to review
    poster = tmp_path / "poster.jpg"
    Image.new("RGB", (1080, 1080), (30, 120, 200)).save(poster, "JPEG")
    designer = open_as(page_for, "dewi")
    designer.goto(item_url)
    with designer.expect_navigation():
        designer.click("[data-testid=assets-link]")
    designer.set_input_files("#id_file", str(poster))
    designer.fill("#id_alt_text", "Poster imunisasi lengkap")
    with designer.expect_navigation():
        designer.click("[data-testid=upload-asset]")
    designer.goto(item_url)
    assert designer.locator("[data-testid=assets] img").count() == 1
    take_step(designer, "send_to_review")
    assert state_of(designer) == ContentState.IN_REVIEW

    # when the supervisor asks for a revision
    supervisor.goto(item_url)
    take_step(supervisor, "request_revision", comment="Sebutkan jadwal posyandu di caption.")
    assert state_of(supervisor) == ContentState.REVISION_REQUESTED

    # then the contributor reads why, fixes the caption and submits again
    writer.goto(item_url)
    history = writer.locator("[data-testid=event-request_revision]")
    assert "Sebutkan jadwal posyandu di caption." in history.inner_text()
    with writer.expect_navigation():
        writer.click("[data-testid=edit-item]")
    writer.fill("#id_caption_instagram", SECOND_CAPTION)
    assert (
        writer.locator(
            "[data-caption-counter=instagram] [data-counter=hashtags] [data-count]"
        ).inner_text()
        == "2"
    )
    with writer.expect_navigation():
        writer.click("[data-testid=save-item]")
    take_step(writer, "submit")
    assert state_of(writer) == ContentState.SUBMITTED

    # when the supervisor sends it to review, ticks the checklist and approves it
    supervisor.goto(item_url)
    take_step(supervisor, "send_to_review")
    for box in supervisor.locator("[data-testid=checklist-form] input[type=checkbox]").all():
        box.check()
    with supervisor.expect_navigation():
        supervisor.click("[data-testid=save-checklist]")
    assert supervisor.locator("[data-testid=checklist-complete]").count() == 1
    take_step(supervisor, "approve")
    assert state_of(supervisor) == ContentState.APPROVED

    # and schedules it for the planned morning
    take_step(supervisor, "schedule", planned=f"{day}T10:00")
    assert state_of(supervisor) == ContentState.SCHEDULED

    # then the calendar shows it on its day
    supervisor.goto(f"/content/calendar/?view=dayGridMonth&date={day}")
    cell = supervisor.locator(f".fc-daygrid-day[data-date='{day}']")
    cell.get_by_text(TITLE).wait_for()

    # when it is marked published with its permalink
    supervisor.goto(item_url)
    take_step(supervisor, "mark_published", permalink=PERMALINK)

    # then the item page says so and links the post
    badge = supervisor.locator("h1 [data-testid=state]")
    assert badge.get_attribute("data-state") == ContentState.PUBLISHED
    assert badge.inner_text() == published_label()
    assert supervisor.locator("[data-testid=permalink]").get_attribute("href") == POST_URL
    item.refresh_from_db()
    assert (item.state, item.approved_version, item.permalink) == (
        ContentState.PUBLISHED,
        item.version,
        POST_URL,
    )
    assert item.versions.count() >= 3
