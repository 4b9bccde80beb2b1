"""The agency letterhead: who may change it, and which logos are accepted."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gaung.core.models import AuditEvent
from gaung.reports.models import Letterhead


def png_bytes(size: tuple[int, int] = (40, 40), fmt: str = "PNG", name: str = "logo.png"):
    """A small real image as an uploaded file."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (26, 95, 180)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def form_data(**changes) -> dict:
    return {
        "government_name": "PEMERINTAH KOTA CONTOH",
        "office_name": "BADAN KEPEGAWAIAN DAERAH",
        "address": "Jl. Pahlawan 1",
        "phone": "(0342) 1234",
        "email": "bkd@kotacontoh.go.id",
        "website": "bkd.kotacontoh.go.id",
        "signature_place": "Contoh",
        "signer_position": "Kepala BKPSDM",
        "signer_name": "Drs. Bambang Wicaksono",
        "signer_rank": "Pembina Utama Muda",
        "signer_nip": "19680411 199303 1 009",
        **changes,
    }


def test_instansi_admin_saves_letterhead_with_logo(org, instansi_admin, english_client):
    client = english_client(instansi_admin)
    assert "PEMERINTAH KOTA CONTOH" in client.get(reverse("reports:letterhead")).content.decode()

    response = client.post(reverse("reports:letterhead"), form_data(logo=png_bytes()))

    assert response.status_code == 302
    letterhead = Letterhead.objects.get(instansi=org["instansi"])
    assert letterhead.signer_nip == "196804111993031009"
    assert letterhead.logo.name.startswith("letterheads/logo-")
    assert AuditEvent.objects.filter(object_repr="PEMERINTAH KOTA CONTOH").exists()
    page = client.get(reverse("reports:letterhead")).content.decode()
    assert 'src="data:image/png;base64,' in page
    assert 'name="logo-clear"' in page


def test_jpeg_logo_is_accepted_and_can_be_removed(org, instansi_admin, english_client):
    client = english_client(instansi_admin)
    client.post(reverse("reports:letterhead"), form_data(logo=png_bytes(fmt="JPEG", name="a.jpg")))
    assert Letterhead.objects.get().logo.name.endswith(".jpg")

    client.post(reverse("reports:letterhead"), form_data(**{"logo-clear": "on"}))

    assert not Letterhead.objects.get().logo


def test_a_file_that_is_not_an_image_is_refused(org, instansi_admin, english_client):
    fake = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\nnot really", content_type="image/png")

    response = english_client(instansi_admin).post(
        reverse("reports:letterhead"), form_data(logo=fake)
    )

    assert response.status_code == 200
    assert "must be a PNG or JPEG image" in response.content.decode()
    assert not Letterhead.objects.exists()


def test_a_gif_logo_is_refused(org, instansi_admin, english_client):
    gif = png_bytes(fmt="GIF", name="logo.gif")

    response = english_client(instansi_admin).post(
        reverse("reports:letterhead"), form_data(logo=gif)
    )

    assert "must be a PNG or JPEG image" in response.content.decode()
    assert not Letterhead.objects.exists()


def test_a_logo_over_one_megabyte_is_refused(org, instansi_admin, english_client):
    # Noise does not compress: 700 × 700 pixels of it make a PNG of about 1.4 MB.
    noisy = Image.frombytes("RGB", (700, 700), random.Random(7).randbytes(700 * 700 * 3))
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG")
    big = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    assert big.size > 1024 * 1024

    response = english_client(instansi_admin).post(
        reverse("reports:letterhead"), form_data(logo=big)
    )

    assert "it may be at most 1024 KB" in response.content.decode()
    assert not Letterhead.objects.exists()


def test_unit_admin_and_asn_may_not_change_the_letterhead(org, dinkes_admin, asn, english_client):
    for user in (dinkes_admin, asn):
        client = english_client(user)
        assert client.get(reverse("reports:letterhead")).status_code == 403
        assert client.post(reverse("reports:letterhead"), form_data()).status_code == 403
    assert not Letterhead.objects.exists()
