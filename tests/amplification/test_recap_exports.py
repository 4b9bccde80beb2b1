"""Recap downloads: the XLSX workbook (read back with python-calamine) and the PDF."""

import datetime
import io
import re
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gaung.amplification import actions
from gaung.amplification.models import Campaign
from gaung.amplification.recap import campaign_recap
from gaung.amplification.recap_exports import render_campaign_html
from gaung.reports.actions import save_letterhead
from tests.amplification import test_recap
from tests.amplification.test_recap import employee
from tests.reports.test_letterhead import png_bytes

# The small tree of test_recap and its agency-wide campaign, computed there by hand.
tree = test_recap.tree
campaign = test_recap.campaign


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def download(client, name: str, *args, **params):
    url = reverse(f"amplification:{name}", args=args)
    return client.get(url, params)


def workbook(response) -> CalamineWorkbook:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return CalamineWorkbook.from_filelike(io.BytesIO(response.content))


def sheet(book: CalamineWorkbook, name: str) -> list[list]:
    return book.get_sheet_by_name(name).to_python()


def table_below(rows: list[list], first_header: str, second_header: str) -> list[dict]:
    """The table whose header row starts with the two given labels, as dicts."""
    start = next(
        i for i, row in enumerate(rows) if row[:2] == [first_header, second_header]
    )  # fmt: skip
    header = rows[start]
    table = []
    for row in rows[start + 1 :]:
        if not any(cell != "" for cell in row):
            break
        table.append(dict(zip(header, row, strict=False)))
    return table


def pdf_strings(pdf: bytes) -> bytes:
    """The PDF's decompressed streams (where WeasyPrint writes the text)."""
    parts = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def test_campaign_workbook_has_the_unit_rollup_and_a_sheet_of_people_per_unit(
    campaign, tree, dinkes_admin, client_for
):
    # when
    book = workbook(download(client_for(dinkes_admin), "campaign_recap_xlsx", campaign.pk))

    # then
    assert book.sheet_names == [
        "Summary",
        "Bidang P2P",
        "Bidang Kesmas",
        "Directly in Dinas Kesehatan",
    ]
    summary = sheet(book, "Summary")
    assert summary[0][0] == "Sebarkan info vaksinasi"
    units = table_below(summary, "No.", "Unit")
    assert [row["Unit"] for row in units] == [
        "Bidang P2P", "Bidang Kesmas", "Directly in Dinas Kesehatan", "Total",
    ]  # fmt: skip
    p2p, kesmas, direct, total = units
    assert (p2p["Assigned"], p2p["Done"], p2p["Partial"], p2p["No account"]) == (3, 1, 1, 1)
    assert p2p["Completion"] == pytest.approx(5 / 6) and p2p["Ranking"] == 2
    assert (kesmas["Not yet"], kesmas["Completion"], kesmas["Ranking"]) == (1, 0, 3)
    assert (direct["Ranking"], direct["Potential reach"]) == (1, 5000)
    assert (total["Assigned"], total["Actions asked"], total["Actions done"]) == (5, 12, 7)
    assert total["Participation"] == pytest.approx(3 / 4)
    people = table_below(sheet(book, "Bidang P2P"), "No.", "NIP / NI PPPK")
    by_name = {row["Name"]: row for row in people}
    assert set(by_name) == {"Siti Rahayu", "Agus", "Bayu"}
    assert (by_name["Agus"]["Status"], by_name["Agus"]["Actions done"]) == ("Partial", 1)
    assert by_name["Agus"]["Platforms without an account"] == "TikTok"
    assert by_name["Bayu"]["Status"] == "No account"
    assert by_name["Bayu"]["Platforms without an account"] == "Instagram, TikTok"
    assert by_name["Siti Rahayu"]["Potential reach"] == 1200


def test_workbook_of_another_units_admin_holds_only_their_people(
    campaign, disdik_admin, client_for
):
    # when
    book = workbook(download(client_for(disdik_admin), "campaign_recap_xlsx", campaign.pk))

    # then
    assert book.sheet_names == ["Summary", "Bidang SD"]
    cells = [cell for name in book.sheet_names for row in sheet(book, name) for cell in row]
    assert "Dewi" in cells and "Siti Rahayu" not in cells and "Bidang P2P" not in cells


def test_workbook_follows_the_drill_down_and_refuses_units_outside_the_scope(
    campaign, tree, dinkes_admin, disdik_admin, client_for
):
    # when
    drilled = download(
        client_for(dinkes_admin), "campaign_recap_xlsx", campaign.pk, unit=tree["dinkes_p2p"].pk
    )
    outside = download(
        client_for(disdik_admin), "campaign_recap_xlsx", campaign.pk, unit=tree["dinkes_p2p"].pk
    )

    # then
    book = workbook(drilled)
    assert book.sheet_names == ["Summary", "Directly in Bidang P2P"]
    assert outside.status_code == 404


def test_workbook_neutralises_formulas_in_names(tree, instansi_admin, client_for):
    # given
    employee(tree["dinkes_p2p"], '=HYPERLINK("http://evil.example","klik")', "instagram")
    made = actions.activate_campaign(
        instansi_admin, test_recap.make_campaign(instansi_admin, tree["instansi"])
    )

    # when
    book = workbook(
        download(client_for(instansi_admin), "campaign_recap_xlsx", made.pk,
                 unit=tree["dinkes"].pk)
    )  # fmt: skip

    # then
    cells = [cell for row in sheet(book, "Bidang P2P") for cell in row]
    assert '\'=HYPERLINK("http://evil.example","klik")' in cells


def test_top_employees_sheet_only_when_the_campaign_ranks_people(
    campaign, dinkes_admin, client_for
):
    # given
    client = client_for(dinkes_admin)
    without = workbook(download(client, "campaign_recap_xlsx", campaign.pk)).sheet_names
    Campaign.objects.filter(pk=campaign.pk).update(show_individual_ranking=True)

    # when
    book = workbook(download(client, "campaign_recap_xlsx", campaign.pk))

    # then
    assert "Top employees" not in without
    assert book.sheet_names[:2] == ["Summary", "Top employees"]
    ranking = table_below(sheet(book, "Top employees"), "Ranking", "NIP / NI PPPK")
    assert [row["Name"] for row in ranking] == ["Siti Rahayu", "Kepala Dinas", "Agus"]


def test_period_workbook_has_units_campaigns_and_people_with_their_campaign(
    campaign, tree, instansi_admin, client_for
):
    # given
    today = timezone.localdate()
    week = {"start": today.isoformat(), "end": (today + datetime.timedelta(days=7)).isoformat()}

    # when
    response = download(client_for(instansi_admin), "period_recap_xlsx", **week)

    # then
    book = workbook(response)
    assert (
        f"rekap-amplifikasi-{week['start']}-{week['end']}.xlsx" in (response["Content-Disposition"])
    )
    assert book.sheet_names == ["Summary", "Dinkes", "Disdik"]
    summary = sheet(book, "Summary")
    units = table_below(summary, "No.", "Unit")
    assert [(r["Unit"], r["Assigned"]) for r in units] == [
        ("Dinas Kesehatan", 5), ("Dinas Pendidikan", 1), ("Total", 6),
    ]  # fmt: skip
    campaigns = table_below(summary, "No.", "Campaign")
    assert [(r["Campaign"], r["Assigned"], r["Actions done"]) for r in campaigns] == [
        ("Sebarkan info vaksinasi", 6, 8),
    ]  # fmt: skip
    people = table_below(sheet(book, "Disdik"), "No.", "NIP / NI PPPK")
    assert [(p["Name"], p["Campaign"], p["Status"]) for p in people] == [
        ("Dewi", "Sebarkan info vaksinasi", "Partial"),
    ]  # fmt: skip


def test_campaign_pdf_carries_the_letterhead_figures_and_signature(
    campaign, tree, instansi_admin, dinkes_admin
):
    # given
    save_letterhead(
        instansi_admin,
        tree["instansi"],
        government_name="PEMERINTAH KOTA CONTOH",
        office_name="DINAS KOMUNIKASI DAN INFORMATIKA",
        signature_place="Contoh",
        signer_position="Kepala Diskominfo",
        signer_name="Drs. Bambang Wicaksono",
        signer_nip="196804111993031009",
        logo=png_bytes(),
    )
    Campaign.objects.filter(pk=campaign.pk).update(show_individual_ranking=True)
    campaign.refresh_from_db()

    # when
    html = render_campaign_html(campaign, campaign_recap(dinkes_admin, campaign))

    # then
    assert "PEMERINTAH KOTA CONTOH" in html and "DINAS KOMUNIKASI DAN INFORMATIKA" in html
    assert 'src="data:image/png;base64,' in html
    assert "Kepala Diskominfo" in html and "NIP 19680411 199303 1 009" in html
    assert "Sebarkan info vaksinasi" in html and "Covering: Dinas Kesehatan" in html
    units = re.search(r'data-table="units">(.*?)</table>', html, re.S).group(1)
    assert "Bidang P2P" in units and "Directly in Dinas Kesehatan" in units
    assert "Dinas Pendidikan" not in html
    ranking = re.search(r'data-table="unit-ranking">(.*?)</table>', html, re.S).group(1)
    assert ranking.index("Directly in Dinas Kesehatan") < ranking.index("Bidang Kesmas")
    assert 'data-table="people-ranking"' in html


def test_campaign_pdf_download_starts_with_pdf_and_names_the_agency(
    campaign, dinkes_admin, client_for
):
    # when
    response = download(client_for(dinkes_admin), "campaign_recap_pdf", campaign.pk)

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "rekap-sebarkan-info-vaksinasi.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert b"Pemerintah Kota Contoh" in pdf_strings(response.content)


def test_period_pdf_lists_the_campaigns_of_the_period(campaign, instansi_admin, client_for):
    # given
    today = timezone.localdate()
    week = {"start": today.isoformat(), "end": (today + datetime.timedelta(days=7)).isoformat()}

    # when
    response = download(client_for(instansi_admin), "period_recap_pdf", **week)

    # then
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert b"Pemerintah Kota Contoh" in pdf_strings(response.content)


def test_exports_are_refused_to_asn_and_other_units(
    org, asn, dinkes_admin, disdik_admin, client_for
):
    # given a campaign of Dinkes only
    made = actions.activate_campaign(
        dinkes_admin, test_recap.make_campaign(dinkes_admin, org["dinkes"])
    )

    # when / then
    for name in ("campaign_recap_xlsx", "campaign_recap_pdf"):
        assert download(client_for(asn), name, made.pk).status_code == 403
        assert download(client_for(disdik_admin), name, made.pk).status_code == 404
        assert download(client_for(None), name, made.pk).status_code == 302
    for name in ("period_recap_xlsx", "period_recap_pdf"):
        assert download(client_for(asn), name).status_code == 403
