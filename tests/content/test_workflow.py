"""The content state machine: every transition from every state, for every role.

The expected table below is written from the issue, independently of workflow.py, so a change
to either shows up here.
"""

import datetime
import itertools

import pytest
from django.utils import timezone

from gaung.content import actions
from gaung.content.choices import ContentState as S
from gaung.content.models import ChecklistItem, ContentItem, Purpose, TeamMembership
from gaung.core.permissions import PermissionDenied, ValidationError
from tests.factories import SocialAccountFactory, UserFactory

ROLES = ("contributor", "designer", "supervisor", "publisher", "reviewer", "author", "none")
OPEN = (S.DRAFT, S.SUBMITTED, S.IN_DESIGN, S.IN_REVIEW, S.APPROVED, S.SCHEDULED,
        S.REVISION_REQUESTED)  # fmt: skip

EXPECTED = {
    "submit": {S.DRAFT: {"contributor", "supervisor", "author"},
               S.REVISION_REQUESTED: {"contributor", "supervisor", "author"}},
    "start_design": {S.SUBMITTED: {"supervisor", "designer"}},
    "send_to_review": {S.SUBMITTED: {"supervisor"}, S.IN_DESIGN: {"designer", "supervisor"}},
    "request_revision": {s: {"supervisor", "reviewer"}
                         for s in (S.SUBMITTED, S.IN_DESIGN, S.IN_REVIEW, S.APPROVED,
                                   S.SCHEDULED)},
    "approve": {S.IN_REVIEW: {"supervisor"}},
    "reject": {s: {"supervisor"} for s in (S.SUBMITTED, S.IN_DESIGN, S.IN_REVIEW)},
    "schedule": {S.APPROVED: {"publisher", "supervisor"}},
    "unschedule": {S.SCHEDULED: {"publisher", "supervisor"}},
    "mark_published": {S.APPROVED: {"publisher"}, S.SCHEDULED: {"publisher"}},
    "cancel": {**{s: {"supervisor"} for s in OPEN}, S.DRAFT: {"supervisor", "author"}},
}  # fmt: skip
TARGET = {
    "submit": S.SUBMITTED, "start_design": S.IN_DESIGN, "send_to_review": S.IN_REVIEW,
    "request_revision": S.REVISION_REQUESTED, "approve": S.APPROVED, "reject": S.REJECTED,
    "schedule": S.SCHEDULED, "unschedule": S.APPROVED, "mark_published": S.PUBLISHED,
    "cancel": S.CANCELLED,
}  # fmt: skip
ALL_STATES = [*OPEN, S.PUBLISHED, S.REJECTED, S.CANCELLED]
CASES = list(itertools.product(EXPECTED, ALL_STATES, ROLES))


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def account(org):
    return SocialAccountFactory(
        owner_unit=org["dinkes"], owner_employee=None, platform="instagram", handle="dinkes.kota"
    )


@pytest.fixture
def author(org):
    user = UserFactory(username="penulis")
    TeamMembership.objects.create(user=user, unit=org["dinkes"], role="contributor")
    return user


def make_item(author, org, account, **fields) -> ContentItem:
    values = {
        "title": "Jadwal imunisasi November",
        "pillar": "core",
        "purpose": Purpose.objects.get(code="informasi"),
    }
    values.update(fields)
    return actions.create_item(author, unit=org["dinkes"], target_accounts=[account], **values)


def actor_with(role: str, org, author):
    if role == "author":
        return author
    user = UserFactory(username=f"tim-{role}")
    if role != "none":
        TeamMembership.objects.create(user=user, unit=org["instansi"], role=role)
    return user


def tick_all(item: ContentItem) -> None:
    from gaung.content.models import ReviewCheck

    ReviewCheck.objects.create(
        item=item,
        version=item.version,
        ticked={str(pk): True for pk in ChecklistItem.objects.values_list("pk", flat=True)},
    )


@pytest.mark.parametrize(("action", "state", "role"), CASES)
def test_transition_is_allowed_only_for_the_roles_of_the_issue(
    action, state, role, org, author, account
):
    # given an item in `state` (put there directly) and an actor holding `role`
    item = make_item(author, org, account)
    permalink = "https://www.instagram.com/p/Lama123/" if state == S.PUBLISHED else ""
    ContentItem.objects.filter(pk=item.pk).update(state=state, permalink=permalink)
    item.refresh_from_db()
    if action == "approve":
        tick_all(item)
    actor = actor_with(role, org, author)
    extra = {
        "comment": "Mohon diperbaiki sesuai catatan.",
        "planned_at": timezone.now() + datetime.timedelta(days=2),
        "permalink": "https://www.instagram.com/dinkes.kota/p/Imun1sasi/",
    }

    # when
    allowed = role in EXPECTED[action].get(state, set())
    if allowed:
        item = actions.transition(actor, item, action, **extra)

        # then
        assert item.state == TARGET[action]
        assert item.events.filter(action=action, from_state=state).exists()
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            actions.transition(actor, item, action, **extra)
        item.refresh_from_db()
        assert item.state == state


def test_approval_needs_the_whole_checklist_for_the_current_version(org, author, account):
    # given
    supervisor = actor_with("supervisor", org, author)
    item = make_item(author, org, account)
    ContentItem.objects.filter(pk=item.pk).update(state=S.IN_REVIEW)
    first = ChecklistItem.objects.first()

    # when / then: one point missing
    actions.tick_checklist(supervisor, item, {str(first.pk): True})
    with pytest.raises(ValidationError, match="checklist"):
        actions.transition(supervisor, item, "approve")
    everything = {str(pk): True for pk in ChecklistItem.objects.values_list("pk", flat=True)}
    actions.tick_checklist(supervisor, item, everything)
    item = actions.transition(supervisor, item, "approve")
    assert (item.state, item.approved_version) == (S.APPROVED, item.version)


def test_an_edit_after_approval_returns_the_item_to_review_and_keeps_both_versions(
    org, author, account
):
    # given an approved item
    supervisor = actor_with("supervisor", org, author)
    contributor = actor_with("contributor", org, author)
    item = make_item(author, org, account, key_message="Imunisasi gratis di puskesmas")
    ContentItem.objects.filter(pk=item.pk).update(state=S.IN_REVIEW)
    tick_all(item)
    item = actions.transition(supervisor, item, "approve")
    approved_version = item.version

    # when a contributor changes the caption
    item = actions.edit_item(contributor, item, captions={"instagram": "Ayo imunisasi!"})

    # then
    assert item.state == S.IN_REVIEW
    assert item.approved_version is None
    assert item.version == approved_version + 1
    versions = dict(item.versions.values_list("number", "snapshot"))
    assert versions[approved_version]["captions"] == {}
    assert versions[item.version]["captions"] == {"instagram": "Ayo imunisasi!"}
    assert item.events.filter(action="edit", from_state=S.APPROVED, to_state=S.IN_REVIEW).exists()


def test_an_item_stating_figures_cannot_be_submitted_without_data_sources(org, author, account):
    # given
    item = make_item(author, org, account, states_figures=True)

    # when / then
    with pytest.raises(ValidationError, match="data sources"):
        actions.transition(author, item, "submit")


def test_a_step_with_a_service_time_gets_a_due_date_on_a_working_day(org, author, account):
    # given
    item = make_item(author, org, account)

    # when
    item = actions.transition(author, item, "submit")

    # then: one working day later, at the end of office hours
    due = timezone.localtime(item.due_at)
    assert due.weekday() < 5 and due.hour == 16
    assert due.date() > timezone.localdate(item.state_changed_at)


def test_rescheduling_is_recorded_and_refused_to_a_designer(org, author, account):
    # given
    publisher = actor_with("publisher", org, author)
    designer = actor_with("designer", org, author)
    item = make_item(author, org, account)
    later = timezone.now() + datetime.timedelta(days=5)

    # when
    item = actions.reschedule(publisher, item, later)

    # then
    assert item.planned_at == later
    assert item.events.filter(action="reschedule").exists()
    with pytest.raises(PermissionDenied):
        actions.reschedule(designer, item, later + datetime.timedelta(days=1))
