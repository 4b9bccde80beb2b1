"""One-tap share links: each platform's intent, filled with the caption and the tracked link."""

from urllib.parse import parse_qs, urlsplit

import pytest

from gaung.amplification.sharing import (
    X_LIMIT,
    X_LINK_LENGTH,
    hashtag_list,
    share_targets,
    share_text,
    share_url,
)

LINK = "https://gaung.kotacontoh.go.id/l/AbCdEf123456"
POST = "https://www.instagram.com/p/Cvaks1n/"
CAPTION = "Ayo lengkapi vaksinasi anak di puskesmas terdekat!"


def params(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def targets(platforms, caption=CAPTION, hashtags="vaksin", post_platform="instagram"):
    found = share_targets(
        caption=caption, hashtags=hashtags, link=LINK, post_url=POST,
        post_platform=post_platform, platforms=platforms,
    )  # fmt: skip
    return {target.key: target for target in found}


def test_hashtags_are_written_with_one_hash_each_whatever_was_typed():
    assert hashtag_list("vaksin, #SehatBersama ##Kota;#vaksin") == [
        "#vaksin",
        "#SehatBersama",
        "#Kota",
    ]
    assert hashtag_list("") == []


def test_the_share_text_is_the_caption_then_its_hashtags():
    assert share_text(" Ayo vaksin! ", "vaksin sehat") == "Ayo vaksin!\n\n#vaksin #sehat"
    assert share_text("", "vaksin") == "#vaksin"
    assert share_text("Ayo vaksin!", "") == "Ayo vaksin!"


@pytest.mark.parametrize(
    ("platform", "address", "link_param", "text_param"),
    [
        ("facebook", "https://www.facebook.com/sharer/sharer.php", "u", None),
        ("x", "https://x.com/intent/post", "url", "text"),
        ("threads", "https://www.threads.net/intent/post", "url", "text"),
        ("whatsapp", "https://wa.me/", "text", "text"),
        ("telegram", "https://t.me/share/url", "url", "text"),
    ],
)
def test_each_intent_carries_the_tracked_link_and_the_caption(
    platform, address, link_param, text_param
):
    # when
    url = share_url(platform, caption=CAPTION, hashtags="vaksin", link=LINK)

    # then
    found = params(url)
    assert url.startswith(address + "?")
    assert LINK in found[link_param]
    if text_param:
        assert found[text_param].startswith(CAPTION + "\n\n#vaksin")


def test_spaces_are_encoded_as_percent_20_so_messengers_do_not_show_plus_signs():
    url = share_url("whatsapp", caption="Ayo vaksin", hashtags="", link=LINK)

    assert "Ayo%20vaksin" in url and "+" not in url


def test_a_long_caption_is_shortened_for_x_so_that_the_hashtags_and_link_still_fit():
    # given
    caption = "Vaksinasi lengkap melindungi anak dari penyakit berbahaya. " * 10

    # when
    text = params(share_url("x", caption=caption, hashtags="vaksin sehat", link=LINK))["text"]

    # then
    assert len(text) + 1 + X_LINK_LENGTH <= X_LIMIT
    assert text.endswith("…\n\n#vaksin #sehat")


def test_the_campaigns_platforms_come_first_then_whatsapp_and_telegram():
    found = share_targets(
        caption=CAPTION, hashtags="", link=LINK, post_url=POST, post_platform="instagram",
        platforms=["x", "instagram", "whatsapp"],
    )  # fmt: skip

    assert [target.key for target in found] == ["x", "instagram", "whatsapp", "telegram"]


def test_apps_without_a_web_intent_copy_the_caption_and_open_the_post_or_the_app():
    # when
    found = targets(["instagram", "tiktok", "youtube"])

    # then the official post opens the Instagram app; TikTok and YouTube open their home
    assert (found["instagram"].url, found["instagram"].copies_caption) == (POST, True)
    assert found["tiktok"].url == "https://www.tiktok.com/" and found["tiktok"].copies_caption
    assert found["youtube"].url == "https://www.youtube.com/"


def test_facebook_copies_the_caption_because_its_sharer_takes_no_text():
    found = targets(["facebook", "x"])

    assert found["facebook"].copies_caption is True
    assert found["x"].copies_caption is False
    assert found["facebook"].icon == "ti-brand-facebook"


def test_without_a_caption_whatsapp_sends_just_the_link():
    assert params(targets([], caption="", hashtags="")["whatsapp"].url) == {"text": LINK}
