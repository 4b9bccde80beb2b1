"""The compilation API: list, take (202), totals, unit rows, employees, exports, letterhead."""

import io

from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gaung.reports.models import Compilation, Letterhead
from tests.reports.conftest import backdate, last_year
from tests.reports.test_letterhead import png_bytes


def test_instansi_admin_takes_a_compilation_and_gets_202(
    org, staffed, instansi_admin, api_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(instansi_admin).post(reverse("compilation-list"), {}, format="json")

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending"
    assert body["year"] == timezone.localdate().year
    assert response["Location"].endswith(f"/api/compilations/{body['id']}/")
    assert Compilation.objects.get(pk=body["id"]).status == "done"


def test_taking_a_compilation_validates_the_period(org, instansi_admin, api_for):
    client = api_for(instansi_admin)

    both = client.post(
        reverse("compilation-list"),
        {"year": 2025, "period_start": "2025-01-01", "period_end": "2025-06-30"},
        format="json",
    )
    future = client.post(reverse("compilation-list"), {"year": 2999}, format="json")

    assert both.status_code == 400
    assert future.status_code == 400
    assert "period_start" in future.json()
    assert not Compilation.objects.exists()


def test_unit_admin_and_asn_may_not_take_a_compilation(org, dinkes_admin, asn, api_for):
    for user in (dinkes_admin, asn):
        response = api_for(user).post(
            reverse("compilation-list"), {"instansi": org["instansi"].pk}, format="json"
        )
        assert response.status_code == 403
    assert not Compilation.objects.exists()


def test_retrieve_gives_totals_per_platform_and_change(org, staffed, instansi_admin, take, api_for):
    backdate(staffed["budi"].social_accounts.get())
    take(instansi_admin, org["instansi"], year=last_year())
    current = take(instansi_admin, org["instansi"])

    body = api_for(instansi_admin).get(reverse("compilation-detail", args=[current.pk])).json()

    assert body["totals"]["employees"] == 8
    assert body["totals"]["with_account"] == 3
    assert body["totals"]["coverage"] == 3 / 8
    assert body["totals"]["followers"] == 1750
    assert body["change"] == {
        "employees": 0, "with_account": 2, "coverage": 2 / 8, "followers": 1550,
    }  # fmt: skip
    assert body["platforms"]["instagram"]["followers"] == 1200
    assert body["platforms"]["tiktok"]["change"]["followers"] == 500
    assert [s["name"] for s in body["scope"]] == ["Pemerintah Kota Contoh"]


def test_list_shows_each_callers_part(compiled, instansi_admin, dinkes_admin, asn, api_for):
    whole = api_for(instansi_admin).get(reverse("compilation-list")).json()["results"][0]
    dinkes = api_for(dinkes_admin).get(reverse("compilation-list")).json()["results"][0]

    assert whole["totals"]["employees"] == 8
    assert dinkes["totals"]["employees"] == 6
    assert api_for(asn).get(reverse("compilation-list")).status_code == 403


def test_units_of_a_unit_admin_stay_inside_their_subtree(compiled, dinkes_admin, api_for):
    response = api_for(dinkes_admin).get(reverse("compilation-units", args=[compiled.pk]))

    rows = response.json()["results"]
    assert [row["name"] for row in rows] == ["Dinas Kesehatan", "Bidang P2P"]
    assert rows[0]["employees"] == 6 and rows[0]["coverage"] == 2 / 6
    assert rows[0]["platforms"]["instagram"]["employees"] == 2


def test_employees_filter_by_unit_and_no_account(compiled, instansi_admin, api_for):
    p2p = compiled.unit_rows.get(name="Bidang P2P")
    url = reverse("compilation-employees", args=[compiled.pk])
    client = api_for(instansi_admin)

    in_p2p = client.get(url, {"unit": p2p.pk}).json()["results"]
    without = client.get(url, {"no_account": "true", "ordering": "name"}).json()["results"]

    assert sorted(e["name"] for e in in_p2p) == ["Joko Susilo", "Siti Rahayu"]
    siti = next(e for e in in_p2p if e["name"] == "Siti Rahayu")
    assert {a["handle"] for a in siti["accounts"]} == {"siti.p2p", "siti.tiktok"}
    assert [e["name"] for e in without] == [
        "Ani Wijaya", "Dewi Lestari", "Eko Prasetyo", "Joko Susilo", "Tono Wibowo",
    ]  # fmt: skip


def test_employees_of_another_subtree_are_not_served(compiled, dinkes_admin, api_for):
    sd = compiled.unit_rows.get(name="Bidang SD")
    url = reverse("compilation-employees", args=[compiled.pk])

    body = api_for(dinkes_admin).get(url, {"unit": sd.pk})

    assert body.status_code == 400
    everyone = api_for(dinkes_admin).get(url).json()
    assert "Rina Lestari" not in [e["name"] for e in everyone["results"]]
    assert everyone["count"] == 6


def test_exports_through_the_api(compiled, instansi_admin, api_for):
    client = api_for(instansi_admin)

    xlsx = client.get(reverse("compilation-export-xlsx", args=[compiled.pk]))
    pdf = client.get(
        reverse("compilation-export-pdf", args=[compiled.pk]), HTTP_ACCEPT="application/pdf"
    )

    assert CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).sheet_names[1:] == [
        "Dinkes",
        "Disdik",
    ]
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_figures_of_an_unfinished_compilation_answer_409(org, instansi_admin, api_for):
    from gaung.reports.actions import take_compilation

    compilation = take_compilation(instansi_admin, org["instansi"], year=last_year())
    client = api_for(instansi_admin)

    assert client.get(reverse("compilation-units", args=[compilation.pk])).status_code == 409
    pdf = client.get(
        reverse("compilation-export-pdf", args=[compilation.pk]), HTTP_ACCEPT="application/pdf"
    )
    assert pdf.status_code == 409
    assert pdf["Content-Type"] == "application/json"
    assert "still being taken" in pdf.json()["detail"]
    detail = client.get(reverse("compilation-detail", args=[compilation.pk])).json()
    assert detail["status"] == "pending" and detail["totals"] is None


def test_instansi_admin_deletes_through_the_api(compiled, instansi_admin, dinkes_admin, api_for):
    url = reverse("compilation-detail", args=[compiled.pk])

    assert api_for(dinkes_admin).delete(url).status_code == 403
    assert api_for(instansi_admin).delete(url).status_code == 204
    assert not Compilation.objects.exists()


def test_letterhead_read_and_replaced_by_the_instansi_admin(org, instansi_admin, api_for):
    client = api_for(instansi_admin)
    assert client.get(reverse("api-letterhead")).json()["government_name"] == (
        "PEMERINTAH KOTA CONTOH"
    )

    response = client.put(
        reverse("api-letterhead"),
        {
            "government_name": "PEMERINTAH KOTA CONTOH",
            "signer_position": "Kepala BKPSDM",
            "signer_name": "Drs. Bambang",
            "logo": png_bytes(),
        },
        format="multipart",
    )

    assert response.status_code == 200, response.content
    assert response.json()["has_logo"] is True
    letterhead = Letterhead.objects.get(instansi=org["instansi"])
    assert letterhead.signer_position == "Kepala BKPSDM"

    cleared = client.put(
        reverse("api-letterhead"),
        {"government_name": "PEMERINTAH KOTA CONTOH", "remove_logo": True},
        format="json",
    )
    assert cleared.json()["has_logo"] is False


def test_letterhead_api_refuses_bad_logos_and_unit_admins(
    org, instansi_admin, dinkes_admin, api_for
):
    fake = png_bytes()
    fake.file = io.BytesIO(b"not an image")
    fake.size = len(b"not an image")

    bad = api_for(instansi_admin).put(
        reverse("api-letterhead"),
        {"government_name": "X", "logo": fake},
        format="multipart",
    )
    forbidden = api_for(dinkes_admin).get(reverse("api-letterhead"))

    assert bad.status_code == 400
    assert "logo" in bad.json()
    assert forbidden.status_code == 403
    assert not Letterhead.objects.exists()
