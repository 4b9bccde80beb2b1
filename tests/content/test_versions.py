"""Versions of a content item: the list, and the field-by-field comparison of two of them."""

import pytest
from django.urls import reverse

from gaung.content import actions
from gaung.content.compare import compare, word_diff
from gaung.content.models import Asset, ContentItem, Purpose, TeamMembership
from tests.factories import SocialAccountFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def contributor(org, asn):
    TeamMembership.objects.create(user=asn, unit=org["dinkes"], role="contributor")
    return asn


@pytest.fixture
def accounts(org):
    return {
        platform: SocialAccountFactory(
            owner_unit=org["dinkes"], owner_employee=None, platform=platform, handle=handle
        )
        for platform, handle in (("instagram", "dinkes.kota"), ("x", "dinkeskota"))
    }


@pytest.fixture
def item(contributor, org, accounts) -> ContentItem:
    """Version 1: Instagram only; version 2: a new Instagram caption, X added, an image."""
    item = actions.create_item(
        contributor, unit=org["dinkes"], target_accounts=[accounts["instagram"]],
        title="Imunisasi", pillar="core", purpose=Purpose.objects.get(code="informasi"),
        captions={"instagram": "Ayo imunisasi di puskesmas terdekat."},
    )  # fmt: skip
    Asset.objects.create(
        item=item, file="content/assets/poster.jpg", original_name="poster.jpg", kind="image",
        mime_type="image/jpeg", size=1000, alt_text="Poster imunisasi",
    )  # fmt: skip
    return actions.edit_item(
        contributor, item, target_accounts=[accounts["instagram"], accounts["x"]],
        captions={"instagram": "Ayo imunisasi gratis di puskesmas.", "x": "Imunisasi gratis!"},
        pillar="supporting",
    )  # fmt: skip


def test_word_diff_marks_the_removed_and_the_added_words():
    # when
    segments = word_diff("Ayo imunisasi di puskesmas", "Ayo imunisasi gratis di puskesmas")

    # then
    assert segments == [
        ("equal", "Ayo imunisasi "),
        ("insert", "gratis "),
        ("equal", "di puskesmas"),
    ]


def test_word_diff_of_equal_texts_is_one_unchanged_segment():
    assert word_diff("Sama saja", "Sama saja") == [("equal", "Sama saja")]


def test_compare_names_platforms_accounts_and_assets_instead_of_ids(item):
    # given
    old, new = (v.snapshot for v in item.versions.order_by("number"))

    # when
    rows = {row.label: row for row in compare(old, new)}

    # then
    assert rows["Title"].changed is False
    assert (rows["Pillar"].old, rows["Pillar"].new) == ("Core content", "Supporting content")
    caption = rows["Caption for Instagram"]
    assert caption.changed and ("insert", "gratis ") in caption.segments
    assert rows["Caption for X"].segments == [("insert", "Imunisasi gratis!")]
    accounts = rows["Target official accounts"]
    assert (accounts.kept, accounts.added, accounts.removed) == (
        ["Instagram @dinkes.kota"],
        ["X @dinkeskota"],
        [],
    )
    assert rows["Assets"].added == ["poster.jpg (Poster imunisasi)"]


def test_the_versions_page_lists_every_version_with_the_current_one_marked(
    client_for, contributor, item
):
    # when
    response = client_for(contributor).get(reverse("content:item_versions", args=[item.pk]))

    # then
    assert [v.number for v in response.context["versions"]] == [2, 1]
    assert 'data-testid="compare-form"' in response.content.decode()


def test_the_comparison_page_shows_the_changed_caption_word_by_word(client_for, contributor, item):
    # when
    response = client_for(contributor).get(
        reverse("content:item_compare", args=[item.pk]), {"a": 1, "b": 2}
    )

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert '<ins class="bg-green-lt text-decoration-none">gratis </ins>' in body
    assert "Caption for X" in body


def test_an_edit_through_the_page_then_the_comparison_shows_the_new_caption(
    client_for, contributor, item, org, accounts
):
    # given
    client = client_for(contributor)
    data = {
        "title": item.title,
        "pillar": item.pillar,
        "purpose": item.purpose_id,
        "target_accounts": [accounts["instagram"].pk, accounts["x"].pk],
        "caption_instagram": "Ayo imunisasi gratis di puskesmas.",
        "caption_x": "Imunisasi gratis, setiap Senin!",
    }

    # when
    client.post(reverse("content:item_edit", args=[item.pk]), data)
    response = client.get(reverse("content:item_compare", args=[item.pk]), {"a": 2, "b": 3})

    # then
    rows = {row.label: row for row in response.context["rows"]}
    assert [label for label, row in rows.items() if row.changed] == ["Caption for X"]
    assert ("insert", ", setiap Senin") in rows["Caption for X"].segments


def test_comparing_a_version_that_does_not_exist_is_not_found(client_for, contributor, item):
    # when
    response = client_for(contributor).get(
        reverse("content:item_compare", args=[item.pk]), {"a": 1, "b": 9}
    )

    # then
    assert response.status_code == 404


def test_an_unchanged_form_saves_no_new_version(client_for, contributor, item, accounts):
    # given the form sent back as shown
    client = client_for(contributor)
    edit_url = reverse("content:item_edit", args=[item.pk])
    form = client.get(edit_url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data.pop("unit")
    data.pop("states_figures")
    data["planned_at"] = ""

    # when
    client.post(edit_url, data)

    # then
    item.refresh_from_db()
    assert item.version == 2
