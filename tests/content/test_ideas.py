"""The idea bank: anyone in a unit proposes, the content supervisor accepts or declines."""

import datetime

import pytest
from django.urls import reverse

from gaung.content import actions
from gaung.content.models import ContentItem, Idea, Purpose, TeamMembership
from gaung.core.models import AuditEvent
from gaung.core.permissions import PermissionDenied
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def supervisor(org):
    user = UserFactory(username="penyelia", first_name="Rina", last_name="Penyelia")
    TeamMembership.objects.create(user=user, unit=org["dinkes"], role="supervisor")
    return user


@pytest.fixture
def idea(asn, org):
    return actions.propose_idea(
        asn, unit=org["dinkes_p2p"], title="Senam sehat Jumat pagi", notes="Video 30 detik",
        pillar="complementary", wished_date=datetime.date(2026, 9, 4),
    )  # fmt: skip


def test_an_employee_proposes_an_idea_for_their_unit_from_the_page(asn, org, client_for):
    # given the ASN of Bidang P2P (no content role)
    client = client_for(asn)

    # when they propose an idea
    response = client.post(
        reverse("content:idea_create"),
        {"unit": org["dinkes_p2p"].pk, "title": "Cuci tangan pakai sabun", "notes": "Infografis",
         "pillar": "supporting", "wished_date": "2026-10-15"},
    )  # fmt: skip

    # then it is in the bank, open, proposed by them, and audited
    idea = Idea.objects.get(title="Cuci tangan pakai sabun")
    assert response.status_code == 302
    assert (idea.status, idea.proposed_by, idea.wished_date) == (
        "open", asn, datetime.date(2026, 10, 15))  # fmt: skip
    assert AuditEvent.objects.filter(object_id=str(idea.pk), action="create").exists()


def test_an_employee_may_propose_to_a_unit_above_theirs_but_not_to_another(asn, org):
    # when proposing to Dinkes (above Bidang P2P) and to Disdik
    actions.propose_idea(asn, unit=org["dinkes"], title="Untuk dinas")

    # then Dinkes works and Disdik is refused
    with pytest.raises(PermissionDenied):
        actions.propose_idea(asn, unit=org["disdik"], title="Bukan unit saya")


def test_the_form_offers_only_units_the_user_may_propose_to(asn, org, client_for):
    # when the ASN opens the form and posts for Disdik
    page = client_for(asn).get(reverse("content:idea_create"))
    refused = client_for(asn).post(
        reverse("content:idea_create"), {"unit": org["disdik"].pk, "title": "Disdik"}
    )

    # then Disdik is not offered and the post is refused
    units = list(page.context["form"].fields["unit"].queryset)
    assert org["dinkes_p2p"] in units and org["dinkes"] in units
    assert org["disdik"] not in units
    assert refused.status_code == 200 and not Idea.objects.filter(title="Disdik").exists()


def test_the_list_shows_ideas_of_the_users_units_only(idea, asn, disdik_admin, client_for):
    # when the ASN and the Disdik admin open the bank
    mine = client_for(asn).get(reverse("content:idea_list"))
    theirs = client_for(disdik_admin).get(reverse("content:idea_list"))

    # then
    assert idea.title in mine.content.decode()
    assert idea.title not in theirs.content.decode()


def test_the_list_filters_by_status_pillar_unit_and_search(idea, asn, org, client_for):
    # given a second, declined-by-nobody idea with another pillar
    actions.propose_idea(asn, unit=org["dinkes_p2p"], title="Jadwal posyandu", pillar="core")
    client = client_for(asn)
    url = reverse("content:idea_list")

    # when filtering
    by_pillar = client.get(url, {"pillar": "core"}).context["total"]
    by_search = client.get(url, {"q": "senam"}).context["total"]
    by_status = client.get(url, {"status": "declined"}).context["total"]
    by_unit = client.get(url, {"unit": org["dinkes_p2p"].pk}).context["total"]

    # then
    assert (by_pillar, by_search, by_status, by_unit) == (1, 1, 0, 2)


def test_the_list_exports_to_csv(idea, asn, client_for):
    response = client_for(asn).get(reverse("content:idea_list"), {"export": "csv"})

    assert response.status_code == 200
    assert "Senam sehat Jumat pagi" in response.content.decode("utf-8-sig")


def test_the_supervisor_turns_an_idea_into_a_draft_item(idea, supervisor, client_for):
    # given
    purpose = Purpose.objects.get(code="edukasi")

    # when the supervisor accepts it
    response = client_for(supervisor).post(
        reverse("content:idea_accept", args=[idea.pk]),
        {"purpose": purpose.pk, "pillar": "complementary"},
    )

    # then a draft item carries the idea over, and the page moves to it
    item = ContentItem.objects.get(idea=idea)
    idea.refresh_from_db()
    assert response["Location"] == reverse("content:item_detail", args=[item.pk])
    assert (item.state, item.title, item.brief, item.purpose) == (
        "draft", "Senam sehat Jumat pagi", "Video 30 detik", purpose)  # fmt: skip
    assert item.planned_at.date() == datetime.date(2026, 9, 4)
    assert (idea.status, idea.decided_by) == ("accepted", supervisor)


def test_accepting_an_idea_without_a_pillar_needs_one(asn, org, supervisor, client_for):
    # given an idea without a pillar
    bare = actions.propose_idea(asn, unit=org["dinkes_p2p"], title="Tanpa pilar")
    purpose = Purpose.objects.get(code="informasi")

    # when accepted without choosing a pillar
    client_for(supervisor).post(
        reverse("content:idea_accept", args=[bare.pk]), {"purpose": purpose.pk}
    )

    # then nothing is made
    bare.refresh_from_db()
    assert bare.status == "open" and not ContentItem.objects.exists()


def test_only_a_supervisor_may_accept(idea, asn, dinkes_admin, client_for):
    purpose = Purpose.objects.get(code="informasi")
    data = {"purpose": purpose.pk, "pillar": "core"}

    # when the proposer and the unit's admin (no content role) try
    by_proposer = client_for(asn).post(reverse("content:idea_accept", args=[idea.pk]), data)
    by_admin = client_for(dinkes_admin).post(reverse("content:idea_accept", args=[idea.pk]), data)

    # then both are refused and the idea is still open
    idea.refresh_from_db()
    assert (by_proposer.status_code, by_admin.status_code) == (403, 403)
    assert idea.status == "open" and not ContentItem.objects.exists()


def test_declining_needs_a_reason_which_the_proposer_then_reads(idea, asn, supervisor, client_for):
    # given
    url = reverse("content:idea_decline", args=[idea.pk])

    # when declined without, then with a reason
    client_for(supervisor).post(url, {"decline_reason": ""})
    idea.refresh_from_db()
    still_open = idea.status
    client_for(supervisor).post(url, {"decline_reason": "Sudah ada konten serupa bulan ini."})

    # then only the second counts, and the proposer sees why
    idea.refresh_from_db()
    page = client_for(asn).get(reverse("content:idea_detail", args=[idea.pk])).content.decode()
    assert still_open == "open"
    assert idea.status == "declined"
    assert "Sudah ada konten serupa bulan ini." in page


def test_a_decided_idea_cannot_be_decided_again(idea, supervisor, client_for):
    # given a declined idea
    actions.decline_idea(supervisor, idea, "Tidak relevan")

    # when the supervisor tries to accept it
    response = client_for(supervisor).post(
        reverse("content:idea_accept", args=[idea.pk]),
        {"purpose": Purpose.objects.get(code="informasi").pk, "pillar": "core"},
        follow=True,
    )

    # then it stays declined and the page says why
    idea.refresh_from_db()
    assert idea.status == "declined"
    assert "already been decided" in response.content.decode()


def test_the_detail_page_offers_the_decision_only_to_supervisors(idea, asn, supervisor, client_for):
    url = reverse("content:idea_detail", args=[idea.pk])

    as_supervisor = client_for(supervisor).get(url).content.decode()
    as_proposer = client_for(asn).get(url).content.decode()

    assert 'data-testid="accept-idea"' in as_supervisor
    assert 'data-testid="accept-idea"' not in as_proposer


def test_an_idea_of_another_unit_is_not_found(idea, disdik_admin, client_for):
    response = client_for(disdik_admin).get(reverse("content:idea_detail", args=[idea.pk]))

    assert response.status_code == 404
