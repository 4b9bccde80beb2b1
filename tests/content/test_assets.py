"""Images and videos of content items: probing, thumbnails, platform checks, versions, pages."""

import datetime
import os
import stat
import sys
import types

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gaung.content import actions, asset_actions, assets
from gaung.content.choices import ContentState
from gaung.content.models import Asset, ContentEvent, ContentItem, Purpose, TeamMembership
from gaung.core.models import AuditEvent
from gaung.core.permissions import PermissionDenied, ValidationError
from tests.content.media import image_upload, movie_upload, webm_bytes
from tests.factories import SocialAccountFactory, UserFactory

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _no_ffmpeg(monkeypatch):
    # The test machine may or may not have ffmpeg: video thumbnails are tested explicitly.
    monkeypatch.setattr(assets.shutil, "which", lambda name: None)


@pytest.fixture
def instagram(org):
    return SocialAccountFactory(
        owner_unit=org["dinkes"], owner_employee=None, platform="instagram", handle="dinkes.ig"
    )


@pytest.fixture
def facebook(org):
    return SocialAccountFactory(
        owner_unit=org["dinkes"], owner_employee=None, platform="facebook", handle="dinkes.fb"
    )


@pytest.fixture
def author(asn, org):
    TeamMembership.objects.create(user=asn, unit=org["dinkes"], role="contributor")
    return asn


@pytest.fixture
def item(author, org, instagram, facebook):
    return actions.create_item(
        author, unit=org["dinkes"], target_accounts=[instagram, facebook],
        title="Ayo imunisasi", pillar="core", purpose=Purpose.objects.get(code="informasi"),
    )  # fmt: skip


def member(org, role: str, username: str):
    user = UserFactory(username=username)
    TeamMembership.objects.create(user=user, unit=org["dinkes"], role=role)
    return user


def plain(text: str) -> str:
    """File sizes are written with a no-break space before the unit."""
    return text.replace("\xa0", " ")


def facts(**values):
    """An asset as the checks see it, without a file."""
    defaults = {"kind": "image", "mime_type": "image/jpeg", "size": MB, "width": 1080,
                "height": 1080, "duration_seconds": None}  # fmt: skip
    return types.SimpleNamespace(**(defaults | values))


# ---------------------------------------------------------------------------------------------
# Probing
# ---------------------------------------------------------------------------------------------


def test_a_jpeg_is_probed_as_an_image_with_its_size():
    # when a 4:5 JPEG is probed
    found = assets.probe(image_upload("poster.jpg", 1080, 1350))

    # then
    assert (found.kind, found.mime_type, found.width, found.height) == (
        "image", "image/jpeg", 1080, 1350)  # fmt: skip


def test_a_photo_turned_by_its_exif_orientation_is_measured_as_shown():
    # given a phone photo stored landscape with "rotate 90°" in its EXIF
    upload = image_upload("hp.jpg", 1200, 800, orientation=6)

    # when probed
    found = assets.probe(upload)

    # then its shown size is portrait
    assert (found.width, found.height) == (800, 1200)


def test_an_mp4_is_probed_for_size_and_duration_by_hachoir():
    # when a real MP4 header (1080×1920, 2.5 s) is probed
    found = assets.probe(movie_upload("reel.mp4", 1080, 1920, 2.5))

    # then
    assert (found.kind, found.mime_type) == ("video", "video/mp4")
    assert (found.width, found.height, found.duration_seconds) == (1080, 1920, 2.5)


def test_a_mov_is_told_apart_from_an_mp4():
    found = assets.probe(movie_upload("klip.mov", 1920, 1080, 30, brand=b"qt  "))

    assert found.mime_type == "video/quicktime"


def test_a_portrait_phone_video_stored_landscape_is_measured_as_shown():
    # given a video stored 1920×1080 with a quarter-turn matrix
    found = assets.probe(movie_upload("hp.mp4", 1920, 1080, 10, turned=True))

    # then it is portrait
    assert (found.width, found.height) == (1080, 1920)


def test_a_webm_is_probed_for_size_and_duration():
    found = assets.probe(SimpleUploadedFile("klip.webm", webm_bytes(1280, 720, 12.5)))

    assert (found.mime_type, found.width, found.height, found.duration_seconds) == (
        "video/webm", 1280, 720, 12.5)  # fmt: skip


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"),
        SimpleUploadedFile("catatan.txt", b"bukan gambar"),
        movie_upload("suara.m4a", 0, 0, 10, picture=False),
    ],
    ids=["pdf", "text", "sound-only mp4"],
)
def test_files_that_are_neither_image_nor_video_are_refused(upload):
    with pytest.raises(ValidationError) as refused:
        assets.probe(upload)

    assert "Upload an image or a video" in refused.value.messages[0]


def test_a_file_over_the_global_maximum_is_refused(settings):
    # given a maximum of 1 MB
    settings.GAUNG_MAX_ASSET_MB = 1

    # when a 2 MB file comes
    with pytest.raises(ValidationError) as refused:
        assets.probe(SimpleUploadedFile("besar.jpg", b"\xff\xd8" + bytes(2 * MB)))

    # then it is refused before being read
    assert "at most 1.0 MB may be uploaded" in plain(refused.value.messages[0])


# ---------------------------------------------------------------------------------------------
# Platform checks
# ---------------------------------------------------------------------------------------------


def test_a_2_1_png_fails_instagram_on_type_and_ratio_but_suits_facebook():
    # given a 2:1 PNG
    png = facts(mime_type="image/png", width=2000, height=1000)

    # then Instagram gives both reasons, Facebook none
    assert assets.check(png, "instagram") == [
        "Instagram accepts JPEG only",
        "ratio 2:1 outside 4:5–1.91:1",
    ]
    assert assets.check(png, "facebook") == []


@pytest.mark.parametrize(
    ("width", "height"), [(1080, 1350), (1080, 1080), (1600, 900), (1910, 1000)]
)
def test_jpegs_within_instagrams_ratios_pass(width, height):
    assert assets.check(facts(width=width, height=height), "instagram") == []


def test_a_tall_story_image_is_outside_instagrams_feed_ratios():
    assert assets.check(facts(width=1080, height=1920), "instagram") == [
        "ratio 9:16 outside 4:5–1.91:1"
    ]


def test_youtube_takes_no_images_and_x_takes_no_big_files():
    # given a 6 MB JPEG
    big = facts(size=6 * MB)

    # then
    assert assets.check(big, "youtube") == ["YouTube does not take images"]
    assert [plain(r) for r in assets.check(big, "x")] == ["size 6.0 MB, at most 5.0 MB"]


def test_a_short_video_is_below_instagrams_minimum_duration():
    clip = facts(kind="video", mime_type="video/mp4", width=1080, height=1920,
                 duration_seconds=2)  # fmt: skip

    assert assets.check(clip, "instagram") == ["duration 2 s, at least 3 s"]


def test_a_long_webm_fails_x_on_type_and_duration():
    clip = facts(kind="video", mime_type="video/webm", width=1280, height=720,
                 duration_seconds=200)  # fmt: skip

    assert assets.check(clip, "x") == [
        "X accepts MOV, MP4 only",
        "duration 200 s, at most 140 s",
    ]


def test_a_video_whose_duration_could_not_be_read_is_flagged_where_limits_exist():
    clip = facts(kind="video", mime_type="video/mp4", duration_seconds=None)

    assert assets.check(clip, "instagram") == ["the duration could not be read"]
    assert assets.check(clip, "youtube") == []


def test_installs_can_override_a_platforms_rules(settings):
    # given an install that lets Instagram take PNG too
    from dataclasses import replace

    from gaung.content.platform_rules import _DEFAULTS

    image = replace(_DEFAULTS["instagram"].image, types=frozenset({"image/jpeg", "image/png"}))
    settings.GAUNG_PLATFORM_RULES = {"instagram": {"image": image}}

    # then a square PNG passes
    assert assets.check(facts(mime_type="image/png"), "instagram") == []


def test_asset_problems_names_each_file_per_target_platform(item, author):
    # given a good square JPEG and a 2:1 PNG on an item for Instagram and Facebook
    asset_actions.add_asset(author, item, image_upload("kotak.jpg", 1080, 1080))
    asset_actions.add_asset(author, item, image_upload("lebar.png", 2000, 1000, "PNG"))

    # when
    problems = assets.asset_problems(item)

    # then only Instagram has problems, and they say which file
    assert problems == {
        "instagram": [
            "lebar.png: Instagram accepts JPEG only",
            "lebar.png: ratio 2:1 outside 4:5–1.91:1",
        ],
        "facebook": [],
    }


def test_the_ratio_labels_use_the_local_decimal_mark(settings):
    # given the Indonesian interface
    settings.LANGUAGE_CODE = "id"
    from django.utils import translation

    with translation.override("id"):
        # then 1.91 is written with a comma
        assert assets.ratio_label(1.91) == "1,91:1"
        assert assets.ratio_label(4 / 5) == "4:5"


# ---------------------------------------------------------------------------------------------
# Actions: versions, review, permissions
# ---------------------------------------------------------------------------------------------


def test_adding_an_asset_makes_a_new_version_with_an_event_and_audit(item, author):
    # when the author uploads a photo with alt text
    asset = asset_actions.add_asset(
        author, item, image_upload("foto.jpg", 1080, 1350), "Petugas menyuntik balita"
    )

    # then the item is at version 2, its snapshot lists the asset, and the history says so
    item.refresh_from_db()
    assert item.version == 2
    snapshot = item.versions.get(number=2).snapshot
    assert snapshot["assets"] == [[asset.pk, "foto.jpg", "Petugas menyuntik balita"]]
    event = ContentEvent.objects.filter(item=item).last()
    assert event.action == "edit"
    assert event.data == {
        "fields": ["assets"], "change": "added", "asset": asset.pk, "name": "foto.jpg"
    }  # fmt: skip
    audit = AuditEvent.objects.filter(object_id=str(item.pk)).first()
    assert audit.changes["assets"] == [[], ["foto.jpg"]]


def test_an_uploaded_image_is_stored_under_a_random_name_with_a_thumbnail(item, author):
    # when
    asset = asset_actions.add_asset(author, item, image_upload("Foto Kegiatan!.jpg", 2000, 1000))

    # then the stored name does not reuse the original, and the thumbnail is a small JPEG
    assert "Kegiatan" not in asset.file.name and asset.file.name.endswith(".jpg")
    assert asset.original_name == "Foto Kegiatan!.jpg"
    from PIL import Image

    with Image.open(asset.thumbnail.path) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == 320


def test_a_video_without_ffmpeg_has_no_thumbnail_but_is_stored(item, author):
    asset = asset_actions.add_asset(author, item, movie_upload("reel.mp4", 1080, 1920, 20))

    assert (asset.kind, asset.duration_seconds, bool(asset.thumbnail)) == ("video", 20.0, False)


def test_a_video_gets_a_thumbnail_from_ffmpeg_when_installed(item, author, tmp_path, monkeypatch):
    # given an "ffmpeg" that writes a frame to the path it is given last
    fake = tmp_path / "ffmpeg"
    fake.write_text(
        f"#!{sys.executable}\nimport sys\nfrom PIL import Image\n"
        "Image.new('RGB', (1280, 720), 'blue').save(sys.argv[-1], 'JPEG')\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(assets.shutil, "which", lambda name: str(fake))

    # when a video is uploaded
    asset = asset_actions.add_asset(author, item, movie_upload("reel.mp4", 1280, 720, 20))

    # then its thumbnail is that frame, made small
    assert asset.thumbnail and os.path.getsize(asset.thumbnail.path) > 0


def test_a_damaged_image_is_refused(item, author):
    # given a PNG cut in half
    from tests.content.media import image_bytes

    data = image_bytes(400, 400, "PNG")
    broken = SimpleUploadedFile("rusak.png", data[: len(data) // 2])

    # then
    with pytest.raises(ValidationError):
        asset_actions.add_asset(author, item, broken)
    assert not Asset.objects.exists()


def test_changing_assets_of_an_approved_item_sends_it_back_to_review(item, author, org):
    # given an approved item
    ContentItem.objects.filter(pk=item.pk).update(
        state=ContentState.APPROVED, approved_version=item.version
    )
    item.refresh_from_db()

    # when the contributor adds an image
    asset_actions.add_asset(author, item, image_upload("baru.jpg", 1080, 1080))

    # then the approval no longer holds
    item.refresh_from_db()
    assert (item.state, item.approved_version) == (ContentState.IN_REVIEW, None)
    assert item.due_at is not None


def test_in_design_the_designer_uploads_and_the_contributor_may_not(item, author, org):
    # given an item in design
    ContentItem.objects.filter(pk=item.pk).update(state=ContentState.IN_DESIGN)
    item.refresh_from_db()
    designer = member(org, "designer", "desainer")

    # when the designer uploads
    asset_actions.add_asset(designer, item, image_upload("desain.jpg", 1080, 1350))

    # then the author (a contributor) may not
    with pytest.raises(PermissionDenied):
        asset_actions.add_asset(author, item, image_upload("lagi.jpg", 1080, 1350))
    assert item.assets.count() == 1


def test_a_published_items_assets_cannot_change(item, author):
    ContentItem.objects.filter(pk=item.pk).update(
        state=ContentState.PUBLISHED, permalink="https://www.instagram.com/p/abc/"
    )
    item.refresh_from_db()

    with pytest.raises(ValidationError):
        asset_actions.add_asset(author, item, image_upload("telat.jpg", 1080, 1080))


def test_someone_without_a_role_cannot_upload(item):
    outsider = UserFactory(username="luar")

    with pytest.raises(PermissionDenied):
        asset_actions.add_asset(outsider, item, image_upload("x.jpg", 100, 100))


def test_removing_an_asset_is_a_new_version_and_deletes_its_files_after_commit(
    item, author, django_capture_on_commit_callbacks
):
    # given an uploaded image
    asset = asset_actions.add_asset(author, item, image_upload("hapus.jpg", 800, 800))
    path, thumb = asset.file.path, asset.thumbnail.path

    # when it is removed
    with django_capture_on_commit_callbacks(execute=True):
        asset_actions.remove_asset(author, asset)

    # then the item moved on a version and the files are gone
    item.refresh_from_db()
    assert item.version == 3 and not item.assets.exists()
    assert not os.path.exists(path) and not os.path.exists(thumb)


def test_changing_the_alt_text_is_a_new_version(item, author):
    asset = asset_actions.add_asset(author, item, image_upload("alt.jpg", 800, 800))

    asset_actions.update_alt_text(author, asset, "Poster jadwal imunisasi")
    asset_actions.update_alt_text(author, asset, "Poster jadwal imunisasi")  # no change

    item.refresh_from_db()
    assert item.version == 3
    assert item.versions.get(number=3).snapshot["assets"][0][2] == "Poster jadwal imunisasi"


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


def test_the_author_uploads_on_the_assets_page_and_sees_each_platforms_verdict(
    item, author, client_for
):
    # given
    client = client_for(author)
    url = reverse("content:asset_upload", args=[item.pk])

    # when a 16:9 PNG (a ratio Instagram takes, a type it does not) is uploaded
    response = client.post(
        url, {"file": image_upload("lebar.png", 1600, 900, "PNG"), "alt_text": "Grafik"},
        follow=True,
    )  # fmt: skip

    # then it is stored, with a warning, Instagram's reasons, and Facebook's tick
    body = response.content.decode()
    assert response.status_code == 200
    assert item.assets.count() == 1
    assert "not every platform will take it" in body
    assert "Instagram accepts JPEG only" in body
    assert 'data-platform="facebook" data-ok="yes"' in body


def test_a_refused_upload_shows_the_reason_on_the_form(item, author, client_for):
    response = client_for(author).post(
        reverse("content:asset_upload", args=[item.pk]),
        {"file": SimpleUploadedFile("surat.pdf", b"%PDF-1.4")},
    )

    assert response.status_code == 200
    assert "Upload an image or a video" in response.content.decode()
    assert not item.assets.exists()


def test_files_are_served_only_to_those_who_may_see_the_item(
    item, author, client_for, disdik_admin, dinkes_admin
):
    # given an uploaded image
    asset = asset_actions.add_asset(author, item, image_upload("foto.jpg", 640, 640))
    file_url = reverse("content:asset_file", args=[asset.pk])
    thumb_url = reverse("content:asset_thumbnail", args=[asset.pk])

    # when the author, the unit's admin and another unit's admin ask for it
    mine = client_for(author).get(file_url)
    admin = client_for(dinkes_admin).get(thumb_url)
    other = client_for(disdik_admin).get(file_url)
    anonymous = client_for(None).get(file_url)

    # then
    assert mine.status_code == 200 and mine["Content-Type"] == "image/jpeg"
    assert "private" in mine["Cache-Control"]
    assert b"".join(mine.streaming_content).startswith(b"\xff\xd8")
    assert admin.status_code == 200
    admin.close()
    assert other.status_code == 404
    assert anonymous.status_code == 302


def test_an_admin_without_a_content_role_sees_assets_but_cannot_upload(
    item, author, client_for, dinkes_admin
):
    # given the Dinkes admin has no content role
    client = client_for(dinkes_admin)
    url = reverse("content:asset_upload", args=[item.pk])

    # when
    page = client.get(url)
    upload = client.post(url, {"file": image_upload("x.jpg", 100, 100)})

    # then the page shows no upload form and the upload is refused
    assert page.status_code == 200 and 'data-testid="asset-form"' not in page.content.decode()
    assert upload.status_code == 403
    assert not item.assets.exists()


def test_the_asset_is_removed_from_its_page(item, author, client_for):
    asset = asset_actions.add_asset(author, item, image_upload("foto.jpg", 640, 640))

    response = client_for(author).post(reverse("content:asset_delete", args=[asset.pk]))

    assert response.status_code == 302
    assert not item.assets.exists()


def test_the_alt_text_is_saved_from_its_page(item, author, client_for):
    asset = asset_actions.add_asset(author, item, image_upload("foto.jpg", 640, 640))

    client_for(author).post(
        reverse("content:asset_update", args=[asset.pk]), {"alt_text": "Foto posyandu"}
    )

    asset.refresh_from_db()
    assert asset.alt_text == "Foto posyandu"


def test_planned_items_in_the_future_keep_their_time_when_assets_change(item, author):
    # given a planned time
    planned = timezone.now() + datetime.timedelta(days=5)
    ContentItem.objects.filter(pk=item.pk).update(planned_at=planned)

    # when an asset is added
    asset_actions.add_asset(author, item, image_upload("foto.jpg", 640, 640))

    # then the plan is untouched
    item.refresh_from_db()
    assert item.planned_at == planned


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_cut_off_image_is_refused_even_after_weasyprint_relaxed_pillow(item, author, fmt):
    # given WeasyPrint imported (it makes Pillow accept truncated images process-wide)
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    from tests.content.media import image_bytes

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    data = image_bytes(400, 400, fmt)
    broken = SimpleUploadedFile(f"rusak.{fmt.lower()}", data[: len(data) // 2])

    # then
    with pytest.raises(ValidationError):
        asset_actions.add_asset(author, item, broken)
    assert not Asset.objects.exists()
