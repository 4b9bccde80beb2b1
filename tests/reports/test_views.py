"""Compilation pages: list, taking one, progress, the department table, drill-down, scoping."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gaung.core.models import AuditEvent
from gaung.reports.models import Compilation, CompilationUnitRow
from tests.reports.conftest import backdate, last_year


def detail_url(compilation) -> str:
    return reverse("reports:compilation_detail", args=[compilation.pk])


def unit_url(compilation, name: str) -> str:
    row = compilation.unit_rows.get(name=name)
    return reverse("reports:unit_detail", args=[compilation.pk, row.pk])


def test_instansi_admin_takes_a_compilation_for_this_year_by_default(
    org, staffed, instansi_admin, english_client, django_capture_on_commit_callbacks
):
    client = english_client(instansi_admin)
    page = client.get(reverse("reports:compilation_create"))
    year = timezone.localdate().year
    assert page.status_code == 200
    assert f'value="{year}"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:compilation_create"),
            {"instansi": org["instansi"].pk, "period_kind": "year", "year": year},
        )

    compilation = Compilation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(compilation)
    assert (
        compilation.title == f"Kompilasi Data Media Sosial ASN Pemerintah Kota Contoh Tahun {year}"
    )
    assert (compilation.period_start.isoformat(), compilation.period_end.isoformat()) == (
        f"{year}-01-01",
        f"{year}-12-31",
    )
    assert compilation.status == "done"
    assert AuditEvent.objects.filter(object_repr=compilation.title, action="create").exists()


def test_custom_dates_give_a_period_title(org, instansi_admin, english_client):
    year = last_year()
    response = english_client(instansi_admin).post(
        reverse("reports:compilation_create"),
        {
            "instansi": org["instansi"].pk,
            "period_kind": "custom",
            "period_start": f"{year}-01-01",
            "period_end": f"{year}-06-30",
        },
    )

    assert response.status_code == 302
    compilation = Compilation.objects.get()
    assert compilation.title.endswith(f"Periode 1 Januari {year} s.d. 30 Juni {year}")


def test_a_period_that_has_not_started_is_refused(org, instansi_admin, english_client):
    next_year = timezone.localdate().year + 1
    response = english_client(instansi_admin).post(
        reverse("reports:compilation_create"),
        {
            "instansi": org["instansi"].pk,
            "period_kind": "custom",
            "period_start": f"{next_year}-01-01",
            "period_end": f"{next_year}-12-31",
        },
    )

    assert response.status_code == 200
    assert "has not started yet" in response.content.decode()
    assert not Compilation.objects.exists()


def test_unit_admin_may_not_take_a_compilation(org, dinkes_admin, english_client):
    client = english_client(dinkes_admin)

    assert client.get(reverse("reports:compilation_create")).status_code == 403
    response = client.post(
        reverse("reports:compilation_create"),
        {"instansi": org["instansi"].pk, "period_kind": "year", "year": last_year()},
    )
    assert response.status_code == 403
    assert not Compilation.objects.exists()


def test_asn_may_not_open_compilations(compiled, asn, english_client):
    client = english_client(asn)

    assert client.get(reverse("reports:compilation_list")).status_code == 403
    assert client.get(detail_url(compiled)).status_code == 403


def test_detail_shows_headline_and_department_table(compiled, instansi_admin, english_client):
    response = english_client(instansi_admin).get(detail_url(compiled))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-figure="employees">8<' in body
    assert 'data-figure="with_account">3<' in body
    assert 'data-figure="coverage">37.5 %<' in body
    assert 'data-figure="verified_share">75.0 %<' in body
    assert 'data-figure="followers">1,750<' in body
    assert "Dinas Kesehatan" in body and "Dinas Pendidikan" in body
    # The units of each department are on the page, folded under it.
    assert 'id="units-of-' in body and "Bidang P2P" in body
    # Chart data travels as JSON, never as inline script.
    assert 'id="coverage-chart-data" type="application/json"' in body
    assert "reports/charts.js" in body


def test_unit_admin_sees_only_the_rows_of_their_subtree(compiled, dinkes_admin, english_client):
    response = english_client(dinkes_admin).get(detail_url(compiled))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-figure="employees">6<' in body
    assert "Dinas Kesehatan" in body
    assert "Dinas Pendidikan" not in body and "Bidang SD" not in body
    sd = compiled.unit_rows.get(name="Bidang SD")
    sd_url = reverse("reports:unit_detail", args=[compiled.pk, sd.pk])
    assert english_client(dinkes_admin).get(sd_url).status_code == 404


def test_department_table_sorts_and_searches(compiled, instansi_admin, english_client):
    client = english_client(instansi_admin)

    by_coverage = client.get(detail_url(compiled) + "?sort=-coverage").content.decode()
    searched = client.get(
        detail_url(compiled) + "?q=pendidikan",
        headers={"HX-Request": "true", "HX-Target": "results"},
    ).content.decode()

    assert by_coverage.index("Dinas Pendidikan") < by_coverage.index("Dinas Kesehatan")
    assert "Dinas Pendidikan" in searched and "Dinas Kesehatan" not in searched
    assert "<html" not in searched


def test_department_csv_has_platform_columns(compiled, instansi_admin, english_client):
    response = english_client(instansi_admin).get(detail_url(compiled) + "?export=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Unit", "Department (OPD)", "Employees"]
    assert "Instagram: coverage" in rows[0]
    dinkes = next(row for row in rows if row[0] == "Dinas Kesehatan")
    assert dinkes[2:4] == ["6", "2"]


def test_drill_down_lists_employees_without_an_account(compiled, instansi_admin, english_client):
    url = unit_url(compiled, "Dinas Kesehatan")

    everyone = english_client(instansi_admin).get(url).content.decode()
    without = english_client(instansi_admin).get(url + "?no_account=true").content.decode()

    assert "6 employees" in everyone
    assert "Dr. Siti Rahayu, M.Si." in everyone and "@siti.tiktok" in everyone
    assert "4 employees" in without
    assert "Siti Rahayu" not in without and "Budi Santoso" not in without
    for name in ("Joko Susilo", "Ani Wijaya", "Dewi Lestari", "Eko Prasetyo"):
        assert name in without
    # Ani's rejected account is shown with its status, yet she has no account that counts.
    assert "@ani.ditolak" in without and 'data-status="rejected"' in without
    assert "Honorer Satu" not in everyone


def test_drill_down_searches_by_handle_and_filters_by_platform(
    compiled, instansi_admin, english_client
):
    url = unit_url(compiled, "Pemerintah Kota Contoh")
    client = english_client(instansi_admin)

    by_handle = client.get(url + "?q=@budi.dinkes").content.decode()
    on_youtube = client.get(url + "?platform=youtube").content.decode()

    assert "Budi Santoso" in by_handle and "Siti Rahayu" not in by_handle
    assert "Rina Lestari" in on_youtube and "1 employee" in on_youtube


def test_drill_down_exports_xlsx_with_accounts_per_platform(
    compiled, staffed, instansi_admin, english_client
):
    url = unit_url(compiled, "Bidang P2P")

    response = english_client(instansi_admin).get(url + "?export=xlsx&sort=name")

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    header = rows[0]
    siti = next(row for row in rows if row[1] == "Dr. Siti Rahayu, M.Si.")
    assert header[0] == "NIP / NI PPPK"
    assert siti[header.index("Instagram")] == "siti.p2p (Verified, 1000)"
    assert siti[header.index("TikTok")] == "siti.tiktok (Unverified, 500)"
    assert siti[header.index("Followers")] == 1500
    joko = next(row for row in rows if row[1] == "Joko Susilo")
    assert joko[header.index("No account yet")] == "Yes"


def test_list_shows_scoped_figures_and_filters_by_year(
    org, staffed, instansi_admin, dinkes_admin, take, english_client
):
    backdate(staffed["budi"].social_accounts.get())
    old = take(instansi_admin, org["instansi"], year=last_year())
    new = take(instansi_admin, org["instansi"])
    url = reverse("reports:compilation_list")

    for_instansi = english_client(instansi_admin).get(url).content.decode()
    for_dinkes = english_client(dinkes_admin).get(url).content.decode()
    last_years = english_client(instansi_admin).get(f"{url}?year={last_year()}").content.decode()

    assert for_instansi.index(new.title) < for_instansi.index(old.title)
    assert "37.5 %" in for_instansi  # 3 of 8
    assert "33.3 %" in for_dinkes  # 2 of Dinkes' 6
    assert "37.5 %" not in for_dinkes
    assert old.title in last_years and new.title not in last_years
    # A year is a label, not a quantity: no thousands separator.
    assert f">{last_year()}</td>" in last_years


def test_list_exports_csv(compiled, instansi_admin, english_client):
    response = english_client(instansi_admin).get(
        reverse("reports:compilation_list") + "?export=csv"
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Title"
    assert rows[1][0] == compiled.title
    assert rows[1][rows[0].index("Employees")] == "8"


def test_pending_compilation_shows_a_progress_bar_that_polls(org, instansi_admin, english_client):
    from gaung.reports.actions import take_compilation

    compilation = take_compilation(instansi_admin, org["instansi"], year=last_year())
    client = english_client(instansi_admin)

    page = client.get(detail_url(compilation)).content.decode()
    progress_url = reverse("reports:compilation_progress", args=[compilation.pk])
    assert f'hx-get="{progress_url}"' in page and 'hx-trigger="every 1s"' in page
    assert 'role="progressbar"' in page

    Compilation.objects.filter(pk=compilation.pk).update(status="done", progress=100)
    finished = client.get(progress_url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"


def test_figures_of_an_unfinished_compilation_are_not_served(org, instansi_admin, english_client):
    from gaung.reports.actions import take_compilation

    compilation = take_compilation(instansi_admin, org["instansi"], year=last_year())
    row = CompilationUnitRow.objects.create(
        compilation=compilation, name="x", path=org["instansi"].path, depth=0
    )

    client = english_client(instansi_admin)
    assert client.get(reverse("reports:compilation_pdf", args=[compilation.pk])).status_code == 404
    url = reverse("reports:unit_detail", args=[compilation.pk, row.pk])
    assert client.get(url).status_code == 404


def test_instansi_admin_deletes_a_compilation_and_unit_admin_may_not(
    compiled, instansi_admin, dinkes_admin, english_client
):
    url = reverse("reports:compilation_delete", args=[compiled.pk])

    assert english_client(dinkes_admin).post(url).status_code == 403
    assert Compilation.objects.filter(pk=compiled.pk).exists()

    response = english_client(instansi_admin).post(url)

    assert response.status_code == 302
    assert not Compilation.objects.filter(pk=compiled.pk).exists()
    assert not CompilationUnitRow.objects.filter(compilation_id=compiled.pk).exists()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_detail_renders_in_both_languages(compiled, instansi_admin, client_for, settings, lang):
    client = client_for(instansi_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang

    response = client.get(detail_url(compiled))

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
