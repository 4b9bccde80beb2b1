"""The organisation tree: counts rolled up over subtrees, scoping, search, query budget."""

import csv
import io

import pytest
from django.urls import reverse

from gaung.registry.tree import ancestor_paths, build_tree, subtree_counts
from tests.factories import EmployeeFactory, SocialAccountFactory, UnitFactory


@pytest.fixture
def populated(org):
    """Employees and accounts spread over the tree, including some that must not count."""
    p2p_one = EmployeeFactory(unit=org["dinkes_p2p"])
    p2p_two = EmployeeFactory(unit=org["dinkes_p2p"])
    retired = EmployeeFactory(unit=org["dinkes_p2p"], is_active=False)
    EmployeeFactory(unit=org["dinkes"])
    teacher = EmployeeFactory(unit=org["disdik_sd"])
    SocialAccountFactory(owner_employee=p2p_one)
    SocialAccountFactory(owner_employee=p2p_one, platform="tiktok")
    SocialAccountFactory(owner_employee=p2p_two)
    SocialAccountFactory(owner_employee=retired)
    SocialAccountFactory(owner_employee=teacher)
    SocialAccountFactory(owner_employee=None, owner_unit=org["dinkes"])
    SocialAccountFactory(owner_employee=None, owner_unit=org["instansi"])
    return org


def test_ancestor_paths_list_every_unit_above_and_the_unit_itself():
    assert list(ancestor_paths("0000001.0000002.0000005.")) == [
        "0000001.",
        "0000001.0000002.",
        "0000001.0000002.0000005.",
    ]


def test_counts_roll_up_over_each_subtree(populated, superadmin):
    # when
    counts = subtree_counts(superadmin)

    # then: the inactive employee and their account count nowhere
    p2p = counts[populated["dinkes_p2p"].path]
    assert (p2p.employees, p2p.personal_accounts, p2p.official_accounts) == (2, 3, 0)
    dinkes = counts[populated["dinkes"].path]
    assert (dinkes.employees, dinkes.personal_accounts, dinkes.official_accounts) == (3, 3, 1)
    instansi = counts[populated["instansi"].path]
    assert (instansi.employees, instansi.personal_accounts, instansi.official_accounts) == (4, 4, 2)
    assert instansi.accounts == 6
    assert counts[populated["disdik"].path].employees == 1


def test_a_unit_with_nothing_below_it_counts_zero(org, superadmin):
    counts = subtree_counts(superadmin)

    assert counts[org["disdik_sd"].path].employees == 0
    assert counts[org["disdik_sd"].path].accounts == 0


def test_unit_admin_tree_starts_at_their_unit_and_counts_only_inside_it(populated, dinkes_admin):
    # when
    tree = build_tree(dinkes_admin)

    # then
    assert [node.unit for node in tree.roots] == [populated["dinkes"]]
    assert [node.unit for node in tree.nodes] == [populated["dinkes"], populated["dinkes_p2p"]]
    assert tree.roots[0].counts.employees == 3
    assert populated["disdik"].path not in subtree_counts(dinkes_admin)


def test_asn_and_users_without_a_role_get_an_empty_tree(populated, asn):
    assert build_tree(asn).nodes == []
    assert dict(subtree_counts(asn)) == {}


def test_search_keeps_the_ancestors_of_matches_and_marks_them_unmatched(populated, superadmin):
    # when
    tree = build_tree(superadmin, search="p2p")

    # then
    shown = {node.unit.name: node.matched for node in tree.nodes}
    assert shown == {"Pemerintah Kota Contoh": False, "Dinas Kesehatan": False, "Bidang P2P": True}
    # counts still cover the whole subtree, not only what is shown
    assert tree.roots[0].counts.employees == 4


def test_search_matches_short_name_and_code_case_insensitively(org, superadmin):
    UnitFactory(name="Puskesmas Sukamaju", code="UNOR-77", kind="upt", parent=org["dinkes"])

    assert {n.unit.name for n in build_tree(superadmin, search="DINKES").nodes if n.matched} == {
        "Dinas Kesehatan"
    }
    assert [n.unit.name for n in build_tree(superadmin, search="unor-77").nodes if n.matched] == [
        "Puskesmas Sukamaju"
    ]


def test_filters_by_kind_and_active_flag(org, superadmin):
    UnitFactory(name="UPT Lama", kind="upt", parent=org["disdik"], is_active=False)

    bidang = build_tree(superadmin, kind="bidang")
    inactive = build_tree(superadmin, is_active=False)

    assert {n.unit.name for n in bidang.nodes if n.matched} == {"Bidang P2P", "Bidang SD"}
    assert [n.unit.name for n in inactive.nodes if n.matched] == ["UPT Lama"]


def test_siblings_are_shown_by_name_and_branches_close_where_they_end(org, superadmin):
    UnitFactory(name="Bidang Anggaran", kind="bidang", parent=org["dinkes"])

    tree = build_tree(superadmin)

    names = [node.unit.name for node in tree.nodes]
    assert names == [
        "Pemerintah Kota Contoh",
        "Dinas Kesehatan",
        "Bidang Anggaran",
        "Bidang P2P",
        "Dinas Pendidikan",
        "Bidang SD",
    ]
    # Dinas Pendidikan closes the Dinas Kesehatan branch; the end closes Disdik and the root.
    closes = {node.unit.name: len(node.closes_before) for node in tree.nodes}
    assert closes["Dinas Pendidikan"] == 1
    assert len(tree.closes_at_end) == 2


def test_tree_takes_four_queries_however_large(populated, superadmin, django_assert_num_queries):
    # given: a bigger tree than the fixture, and the user's scope already computed
    for index in range(15):
        unit = UnitFactory(name=f"UPT {index}", kind="upt", parent=populated["disdik"])
        SocialAccountFactory(owner_employee=EmployeeFactory(unit=unit))
    build_tree(superadmin)

    # then: units, employees, personal accounts, official accounts
    with django_assert_num_queries(4):
        tree = build_tree(superadmin)
    assert len(tree.nodes) == 20


def test_tree_page_keeps_a_fixed_query_count(
    populated, instansi_admin, client_for, django_assert_max_num_queries
):
    client = client_for(instansi_admin)
    client.get(reverse("registry:unit_tree"))
    for index in range(20):
        UnitFactory(name=f"Seksi {index}", kind="seksi", parent=populated["dinkes_p2p"])

    # session, user, roles, own employee record, then the four tree queries
    with django_assert_max_num_queries(8):
        response = client.get(reverse("registry:unit_tree"))
    assert response.status_code == 200


def test_tree_page_nests_branches_and_balances_its_markup(populated, instansi_admin, client_for):
    response = client_for(instansi_admin).get(reverse("registry:unit_tree"))

    html = response.content.decode()
    assert html.count("<details") == html.count("</details>") == 3
    assert "Bidang P2P" in html
    assert reverse("registry:unit_detail", args=[populated["disdik_sd"].pk]) in html


def test_tree_page_shows_only_the_unit_admins_subtree(populated, dinkes_admin, client_for):
    html = client_for(dinkes_admin).get(reverse("registry:unit_tree")).content.decode()

    assert "Dinas Kesehatan" in html
    assert "Dinas Pendidikan" not in html
    assert "Pemerintah Kota Contoh" not in html


def test_tree_search_over_htmx_returns_only_the_results(populated, superadmin, client_for):
    response = client_for(superadmin).get(
        reverse("registry:unit_tree") + "?search=sd",
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    html = response.content.decode()
    assert "<html" not in html
    assert "Bidang SD" in html
    assert "Bidang P2P" not in html


def test_tree_export_lists_the_shown_units_with_their_counts(populated, superadmin, client_for):
    # when
    response = client_for(superadmin).get(reverse("registry:unit_tree") + "?export=csv")

    # then
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {unit.name for unit in populated.values()}
    # Active employees, official accounts, personal accounts, accounts
    assert by_name["Dinas Kesehatan"][-4:] == ["3", "1", "3", "4"]
    assert by_name["Bidang P2P"][4] == "Dinas Kesehatan"


def test_tree_export_follows_the_search(populated, superadmin, client_for):
    response = client_for(superadmin).get(reverse("registry:unit_tree") + "?search=sd&export=csv")

    names = [row[0] for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))]
    assert names[1:] == ["Pemerintah Kota Contoh", "Dinas Pendidikan", "Bidang SD"]


def test_unit_admin_export_holds_nothing_outside_their_subtree(populated, dinkes_admin, client_for):
    response = client_for(dinkes_admin).get(reverse("registry:unit_tree") + "?export=xlsx")

    assert response.status_code == 200
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    names = [row[0] for row in sheet.to_python()[1:]]
    assert names == ["Dinas Kesehatan", "Bidang P2P"]
