"""Tests for the pasted-account normaliser in gaung.socials.handles."""

import dataclasses
import pickle
import string

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gaung.socials.handles import (
    PLATFORMS,
    HandleError,
    NormalisedAccount,
    detect_platform,
    normalise_account,
)

IG = "https://www.instagram.com/{}/"
TT = "https://www.tiktok.com/@{}"
FB = "https://www.facebook.com/{}"
FB_ID = "https://www.facebook.com/profile.php?id={}"
YT = "https://www.youtube.com/@{}"
YT_CHANNEL = "https://www.youtube.com/channel/{}"
YT_CUSTOM = "https://www.youtube.com/c/{}"
XX = "https://x.com/{}"
TH = "https://www.threads.com/@{}"

# "UC" followed by 22 characters, mixed case on purpose: channel IDs are case-sensitive.
CHANNEL = "UCaBcDeFgHiJkLmNoPqRsT_-"
FB_NUMBER = "100064123456789"

# (platform, what the user pasted, handle, kind, canonical URL)
ACCEPTED = [
    # Instagram
    ("instagram", "kemenkeuri", "kemenkeuri", "username", IG),
    ("instagram", "@kemenkeuri", "kemenkeuri", "username", IG),
    ("instagram", "  @KemenkeuRI \u00a0", "kemenkeuri", "username", IG),
    ("instagram", "\u200b@kemenkeuri\u200b", "kemenkeuri", "username", IG),
    ("instagram", "\ufeffkemenkeuri\u2060", "kemenkeuri", "username", IG),
    ("instagram", "\uff4b\uff45\uff4d\uff45\uff4e\uff4b\uff45\uff55", "kemenkeu", "username", IG),
    (
        "instagram",
        "https://www.instagram.com/kemenkeuri/?igsh=MWh5dGNxeXZ6bmRjeQ==",
        "kemenkeuri",
        "username",
        IG,
    ),
    (
        "instagram",
        "https://www.instagram.com/kemenkeuri?utm_source=ig_web_copy_link",
        "kemenkeuri",
        "username",
        IG,
    ),
    ("instagram", "instagram.com/kemenkeuri", "kemenkeuri", "username", IG),
    ("instagram", "http://instagram.com/kemenkeuri/", "kemenkeuri", "username", IG),
    ("instagram", "www.instagram.com/kemenkeuri", "kemenkeuri", "username", IG),
    ("instagram", "https://m.instagram.com/kemenkeuri/", "kemenkeuri", "username", IG),
    ("instagram", "https://instagr.am/kemenkeuri", "kemenkeuri", "username", IG),
    ("instagram", "https://www.instagram.com/kemenkeuri/reels/", "kemenkeuri", "username", IG),
    ("instagram", "https://www.instagram.com/_u/kemenkeuri", "kemenkeuri", "username", IG),
    ("instagram", "https://www.instagram.com/kemenkeuri/#", "kemenkeuri", "username", IG),
    ("instagram", "HTTPS://WWW.INSTAGRAM.COM/KemenkeuRI/", "kemenkeuri", "username", IG),
    ("instagram", "https://www.instagram.com/humas.polri/", "humas.polri", "username", IG),
    ("instagram", "humas.polri", "humas.polri", "username", IG),
    ("instagram", "kemenkes_ri", "kemenkes_ri", "username", IG),
    ("instagram", "instagram.com/kemenkeuri/tagged/?hl=id", "kemenkeuri", "username", IG),
    # TikTok
    ("tiktok", "@kemenkeuri", "kemenkeuri", "username", TT),
    ("tiktok", "kemenkeuri", "kemenkeuri", "username", TT),
    (
        "tiktok",
        "https://www.tiktok.com/@kemenkeuri?is_from_webapp=1&sender_device=pc",
        "kemenkeuri",
        "username",
        TT,
    ),
    (
        "tiktok",
        "https://www.tiktok.com/@kemenkeuri/video/7301234567890123456",
        "kemenkeuri",
        "username",
        TT,
    ),
    ("tiktok", "tiktok.com/@KemenkeuRI", "kemenkeuri", "username", TT),
    ("tiktok", "https://m.tiktok.com/@kemenkeuri", "kemenkeuri", "username", TT),
    ("tiktok", "https://www.tiktok.com/@humas.polri?lang=id-ID", "humas.polri", "username", TT),
    # Facebook
    ("facebook", "kemenkeuri", "kemenkeuri", "username", FB),
    ("facebook", "https://www.facebook.com/KemenkeuRI/", "kemenkeuri", "username", FB),
    ("facebook", "https://m.facebook.com/kemenkeuri?mibextid=ZbWKwL", "kemenkeuri", "username", FB),
    ("facebook", "https://web.facebook.com/kemenkeuri/?_rdc=1&_rdr", "kemenkeuri", "username", FB),
    ("facebook", "https://id-id.facebook.com/kemenkeuri", "kemenkeuri", "username", FB),
    ("facebook", "fb.com/kemenkeuri", "kemenkeuri", "username", FB),
    ("facebook", "https://fb.me/kemenkeuri", "kemenkeuri", "username", FB),
    ("facebook", "https://www.facebook.com/pg/kemenkeuri/posts/", "kemenkeuri", "username", FB),
    ("facebook", "https://www.facebook.com/humas.polri/videos/", "humas.polri", "username", FB),
    (
        "facebook",
        f"https://www.facebook.com/profile.php?id={FB_NUMBER}",
        FB_NUMBER,
        "numeric_id",
        FB_ID,
    ),
    (
        "facebook",
        f"https://m.facebook.com/profile.php?id={FB_NUMBER}&mibextid=ZbWKwL",
        FB_NUMBER,
        "numeric_id",
        FB_ID,
    ),
    (
        "facebook",
        f"https://www.facebook.com/people/Dinas-Kominfo-Kota-Contoh/{FB_NUMBER}/",
        FB_NUMBER,
        "numeric_id",
        FB_ID,
    ),
    (
        "facebook",
        f"https://www.facebook.com/p/Dinas-Kominfo-Kota-Contoh-{FB_NUMBER}/",
        FB_NUMBER,
        "numeric_id",
        FB_ID,
    ),
    (
        "facebook",
        f"https://www.facebook.com/Kementerian-Keuangan-{FB_NUMBER}/",
        FB_NUMBER,
        "numeric_id",
        FB_ID,
    ),
    ("facebook", FB_NUMBER, FB_NUMBER, "numeric_id", FB_ID),
    # YouTube
    ("youtube", "@kemenkeuri", "kemenkeuri", "username", YT),
    ("youtube", "kemenkeuri", "kemenkeuri", "username", YT),
    ("youtube", "https://www.youtube.com/@KemenkeuRI", "kemenkeuri", "username", YT),
    ("youtube", "https://www.youtube.com/@kemenkeuri/videos", "kemenkeuri", "username", YT),
    (
        "youtube",
        "https://m.youtube.com/@kemenkeuri/featured?app=desktop",
        "kemenkeuri",
        "username",
        YT,
    ),
    ("youtube", "https://youtube.com/@kemenkeuri?si=AbCdEf123", "kemenkeuri", "username", YT),
    ("youtube", "https://www.youtube.com/@kemenkes-ri", "kemenkes-ri", "username", YT),
    ("youtube", f"https://www.youtube.com/channel/{CHANNEL}", CHANNEL, "channel_id", YT_CHANNEL),
    ("youtube", f"youtube.com/channel/{CHANNEL}/videos", CHANNEL, "channel_id", YT_CHANNEL),
    (
        "youtube",
        f"https://studio.youtube.com/channel/{CHANNEL}/videos/upload",
        CHANNEL,
        "channel_id",
        YT_CHANNEL,
    ),
    ("youtube", CHANNEL, CHANNEL, "channel_id", YT_CHANNEL),
    ("youtube", "https://www.youtube.com/c/KemenkeuRI", "kemenkeuri", "custom_url", YT_CUSTOM),
    ("youtube", "https://www.youtube.com/user/KemenkeuRI", "kemenkeuri", "custom_url", YT_CUSTOM),
    ("youtube", "https://www.youtube.com/KemenkeuRI", "kemenkeuri", "custom_url", YT_CUSTOM),
    # X
    ("x", "@KemenkeuRI", "kemenkeuri", "username", XX),
    ("x", "https://twitter.com/KemenkeuRI", "kemenkeuri", "username", XX),
    ("x", "https://mobile.twitter.com/kemenkeuri", "kemenkeuri", "username", XX),
    ("x", "https://www.twitter.com/kemenkes_ri/", "kemenkes_ri", "username", XX),
    ("x", "x.com/kemenkeuri?t=abc&s=09", "kemenkeuri", "username", XX),
    (
        "x",
        "https://x.com/kemenkeuri/status/1790000000000000000?s=20",
        "kemenkeuri",
        "username",
        XX,
    ),
    # Threads
    ("threads", "@kemenkeuri", "kemenkeuri", "username", TH),
    ("threads", "https://www.threads.net/@kemenkeuri", "kemenkeuri", "username", TH),
    ("threads", "https://www.threads.com/@KemenkeuRI?xmt=AQGz", "kemenkeuri", "username", TH),
    ("threads", "threads.net/@humas.polri/post/C8abcdEFgh", "humas.polri", "username", TH),
]

# (platform, what the user pasted, error code, platform the pasted URL belongs to)
REFUSED = [
    # Nothing there
    ("instagram", "", "empty", None),
    ("instagram", "  \u00a0\u200b ", "empty", None),
    ("tiktok", "@", "empty", None),
    # Another platform's link
    ("instagram", "https://www.tiktok.com/@kemenkeuri", "wrong_platform", "tiktok"),
    ("tiktok", "https://www.instagram.com/kemenkeuri/", "wrong_platform", "instagram"),
    ("x", "https://www.threads.net/@kemenkeuri", "wrong_platform", "threads"),
    ("facebook", "https://youtu.be/dQw4w9WgXcQ", "wrong_platform", "youtube"),
    ("youtube", "https://vt.tiktok.com/ZSabc123/", "wrong_platform", "tiktok"),
    ("threads", "https://twitter.com/kemenkeuri", "wrong_platform", "x"),
    ("instagram", "fb.com/kemenkeuri", "wrong_platform", "facebook"),
    # Links to something other than a profile
    ("instagram", "https://www.instagram.com/", "not_a_profile", None),
    ("instagram", "https://www.instagram.com/p/C8abcdEFgh/", "not_a_profile", None),
    ("instagram", "https://www.instagram.com/reel/C8abcdEFgh/?igsh=x", "not_a_profile", None),
    ("instagram", "https://www.instagram.com/explore/tags/indonesia/", "not_a_profile", None),
    ("instagram", "https://www.instagram.com/stories/kemenkeuri/331/", "not_a_profile", None),
    ("instagram", "https://www.instagram.com/accounts/login/", "not_a_profile", None),
    ("tiktok", "https://vt.tiktok.com/ZSabc123/", "not_a_profile", None),
    ("tiktok", "https://vm.tiktok.com/ZMabc123/", "not_a_profile", None),
    ("tiktok", "https://www.tiktok.com/t/ZTabc123/", "not_a_profile", None),
    ("tiktok", "https://www.tiktok.com/kemenkeuri", "not_a_profile", None),
    ("youtube", "https://youtu.be/dQw4w9WgXcQ?si=abc", "not_a_profile", None),
    ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "not_a_profile", None),
    ("youtube", "https://www.youtube.com/shorts/abc123", "not_a_profile", None),
    ("youtube", "https://www.youtube.com/playlist?list=PL123", "not_a_profile", None),
    ("youtube", "https://www.youtube.com/results?search_query=pajak", "not_a_profile", None),
    ("youtube", "https://www.youtube.com/channel/", "not_a_profile", None),
    ("facebook", "https://www.facebook.com/groups/123456789/", "not_a_profile", None),
    ("facebook", "https://www.facebook.com/share/abc123XYZ/", "not_a_profile", None),
    ("facebook", "https://www.facebook.com/watch/?v=123", "not_a_profile", None),
    ("facebook", "https://www.facebook.com/events/123/", "not_a_profile", None),
    ("facebook", "https://m.facebook.com/story.php?story_fbid=1&id=2", "not_a_profile", None),
    ("facebook", "https://www.facebook.com/profile.php", "not_a_profile", None),
    ("facebook", "https://fb.watch/abc123/", "not_a_profile", None),
    ("x", "https://x.com/home", "not_a_profile", None),
    ("x", "https://x.com/search?q=pajak", "not_a_profile", None),
    ("x", "https://x.com/i/flow/login", "not_a_profile", None),
    ("x", "https://twitter.com/intent/tweet?text=halo", "not_a_profile", None),
    ("threads", "https://www.threads.net/kemenkeuri", "not_a_profile", None),
    # Names the platform would never have issued
    ("instagram", "kemenkeu ri", "invalid_chars", None),
    ("instagram", "kemenkeu-ri", "invalid_chars", None),
    ("instagram", "kemenkeu#ri", "invalid_chars", None),
    ("instagram", ".kemenkeu", "invalid_chars", None),
    ("instagram", "kemenkeu.", "invalid_chars", None),
    ("instagram", "kemen..keu", "invalid_chars", None),
    ("threads", "@.zuck", "invalid_chars", None),
    ("tiktok", "kemenkeu.", "invalid_chars", None),
    ("x", "kemenkeu.ri", "invalid_chars", None),
    ("facebook", "kemenkeu_ri", "invalid_chars", None),
    ("youtube", "@kemenkeu ri", "invalid_chars", None),
    ("facebook", "https://www.facebook.com/profile.php?id=abc", "invalid_chars", None),
    ("youtube", "https://www.youtube.com/channel/XX" + CHANNEL[2:], "invalid_chars", None),
    ("instagram", "a" * 31, "too_long", None),
    ("tiktok", "a" * 25, "too_long", None),
    ("x", "a" * 16, "too_long", None),
    ("facebook", "a" * 51, "too_long", None),
    ("youtube", "@" + "a" * 31, "too_long", None),
    ("facebook", "abcd", "too_short", None),
    ("youtube", "@ab", "too_short", None),
    ("youtube", "https://www.youtube.com/channel/UC123", "too_short", None),
    # Platform page names typed as if they were accounts
    ("instagram", "explore", "reserved", None),
    ("instagram", "_u", "reserved", None),
    ("x", "@home", "reserved", None),
    ("facebook", "groups", "reserved", None),
    ("facebook", "profile.php", "reserved", None),
    # Not a social-media address at all
    ("instagram", "https://www.linkedin.com/in/someone/", "unsupported_host", None),
    ("x", "linkedin.com/company/kemenkeu", "unsupported_host", None),
    ("tiktok", "https://example.com/@kemenkeuri", "unsupported_host", None),
    ("instagram", "https://", "invalid_url", None),
    ("instagram", "ftp://instagram.com/kemenkeuri", "invalid_url", None),
    ("instagram", "https://[instagram.com/kemenkeuri", "invalid_url", None),
]


def _refusal(platform: str, raw: str) -> HandleError:
    with pytest.raises(HandleError) as caught:
        normalise_account(platform, raw)
    return caught.value


@pytest.mark.parametrize(("platform", "raw", "handle", "kind", "url"), ACCEPTED)
def test_real_world_pastes_normalise_to_the_canonical_account(
    platform: str, raw: str, handle: str, kind: str, url: str
) -> None:
    assert normalise_account(platform, raw) == NormalisedAccount(
        platform=platform, handle=handle, kind=kind, profile_url=url.format(handle)
    )


@pytest.mark.parametrize(("platform", "raw", "code", "detected"), REFUSED)
def test_unusable_pastes_are_refused_with_a_code(
    platform: str, raw: str, code: str, detected: str | None
) -> None:
    error = _refusal(platform, raw)
    assert (error.code, error.detected_platform) == (code, detected)


@pytest.mark.parametrize(("platform", "raw", "code", "detected"), REFUSED)
def test_every_refusal_is_a_finished_sentence(
    platform: str, raw: str, code: str, detected: str | None
) -> None:
    message = str(_refusal(platform, raw))
    assert message[0].isupper() or message[0] == '"'
    assert message.endswith(".")
    assert "{" not in message  # a template field left unfilled


def test_wrong_platform_message_names_both_platforms_and_what_to_paste() -> None:
    error = _refusal("instagram", "https://www.tiktok.com/@kemenkeuri")
    assert str(error) == (
        "This is a TikTok link, not an Instagram one. Paste the Instagram profile address or @name."
    )


@pytest.mark.parametrize(
    ("platform", "raw"),
    [
        ("tiktok", "https://vt.tiktok.com/ZSabc123/"),
        ("youtube", "https://youtu.be/dQw4w9WgXcQ"),
        ("facebook", "https://www.facebook.com/share/abc123XYZ/"),
    ],
)
def test_short_and_share_links_ask_the_user_to_open_them_and_copy_the_address(
    platform: str, raw: str
) -> None:
    message = str(_refusal(platform, raw))
    assert "Open it" in message
    assert "copy its address" in message


@pytest.mark.parametrize(
    ("platform", "raw", "limit"),
    [
        ("instagram", "a" * 31, "30"),
        ("threads", "a" * 31, "30"),
        ("tiktok", "a" * 25, "24"),
        ("x", "a" * 16, "15"),
        ("facebook", "a" * 51, "50"),
        ("youtube", "@" + "a" * 31, "30"),
        ("instagram", "kemenkeu ri", "30"),
        ("x", "kemenkeu.ri", "15"),
    ],
)
def test_length_and_character_errors_state_the_maximum_length(
    platform: str, raw: str, limit: str
) -> None:
    assert f"{limit} characters" in str(_refusal(platform, raw))


def test_invalid_character_message_names_the_offending_characters() -> None:
    message = str(_refusal("instagram", "kemenkeu ri!"))
    assert "a space" in message
    assert '"!"' in message


def test_unsupported_host_message_names_the_host() -> None:
    error = _refusal("instagram", "https://www.linkedin.com/in/someone/")
    assert "linkedin.com" in str(error)


def test_huge_paste_is_shortened_in_the_message() -> None:
    assert len(str(_refusal("instagram", "x" * 5000))) < 300


def test_unknown_platform_is_a_programming_error_not_a_handle_error() -> None:
    with pytest.raises(ValueError, match="Unknown platform") as caught:
        normalise_account("myspace", "kemenkeuri")
    assert not isinstance(caught.value, HandleError)


def test_handle_error_survives_pickling_with_code_and_detected_platform() -> None:
    error = _refusal("instagram", "https://www.tiktok.com/@kemenkeuri")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (copy.code, copy.detected_platform, str(copy)) == (
        error.code,
        error.detected_platform,
        str(error),
    )


def test_same_account_pasted_differently_gets_the_same_key() -> None:
    keys = {
        normalise_account("instagram", raw).key
        for raw in ("@KemenkeuRI", "kemenkeuri", "https://instagr.am/KEMENKEURI/?igsh=x")
    }
    assert keys == {"instagram:username:kemenkeuri"}


def test_youtube_channel_id_keeps_its_case_in_the_key() -> None:
    account = normalise_account("youtube", f"youtube.com/channel/{CHANNEL}")
    assert account.key == f"youtube:channel_id:{CHANNEL}"


def test_at_sign_makes_a_youtube_channel_id_lookalike_a_handle() -> None:
    assert normalise_account("youtube", "@" + CHANNEL[:-1]).kind == "username"


def test_normalised_account_is_immutable() -> None:
    account = normalise_account("x", "@kemenkeuri")
    with pytest.raises(dataclasses.FrozenInstanceError):
        account.handle = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "platform"),
    [
        ("https://www.instagram.com/kemenkeuri/", "instagram"),
        ("instagr.am/kemenkeuri", "instagram"),
        ("https://vt.tiktok.com/ZSabc123/", "tiktok"),
        ("tiktok.com/@kemenkeuri", "tiktok"),
        ("https://id-id.facebook.com/kemenkeuri", "facebook"),
        ("https://fb.me/kemenkeuri", "facebook"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube"),
        ("https://music.youtube.com/channel/" + CHANNEL, "youtube"),
        ("https://mobile.twitter.com/kemenkeuri", "x"),
        ("x.com/kemenkeuri", "x"),
        ("https://www.threads.com/@kemenkeuri", "threads"),
        ("threads.net/@kemenkeuri", "threads"),
        ("@kemenkeuri", None),
        ("kemenkeuri", None),
        ("humas.polri", None),
        ("https://www.linkedin.com/in/someone/", None),
        ("https://[broken", None),
        ("", None),
    ],
)
def test_detect_platform_reads_the_host_and_ignores_bare_names(
    raw: str, platform: str | None
) -> None:
    assert detect_platform(raw) == platform


# Pastes built from the pieces real ones are made of, so that generated inputs reach the URL
# parser and not only the "invalid characters" check.
_HOSTS = [
    "instagram.com",
    "www.instagram.com",
    "instagr.am",
    "tiktok.com",
    "m.tiktok.com",
    "vt.tiktok.com",
    "facebook.com",
    "m.facebook.com",
    "fb.me",
    "youtube.com",
    "m.youtube.com",
    "youtu.be",
    "x.com",
    "twitter.com",
    "threads.net",
    "threads.com",
    "example.com",
]
_PATH_WORDS = [
    "p",
    "reel",
    "_u",
    "pg",
    "people",
    "pages",
    "profile.php",
    "channel",
    "c",
    "user",
    "watch",
    "status",
    "video",
    "share",
    "t",
    "i",
    CHANNEL,
    FB_NUMBER,
    "Some-Name-" + FB_NUMBER,
]
_names = st.text(alphabet=string.ascii_letters + string.digits + "._-", min_size=1, max_size=32)
_segments = st.one_of(
    _names,
    _names.map(lambda name: "@" + name),
    st.sampled_from(_PATH_WORDS),
    st.text(max_size=4),
)


@st.composite
def _url_pastes(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["", "https://", "http://", "//", "HTTPS://www."]))
    host = draw(st.sampled_from(_HOSTS))
    path = "/".join(draw(st.lists(_segments, max_size=4)))
    query = draw(st.sampled_from(["", "?igsh=abc", f"?id={FB_NUMBER}", "?id=", "?v=x#top"]))
    return f"{scheme}{host}/{path}{query}"


_pastes = st.one_of(
    _url_pastes(),
    _names,
    _names.map(lambda name: f" @{name}\u200b"),
    st.text(),
)
_platforms = st.sampled_from(PLATFORMS)


@given(platform=_platforms, raw=_pastes)
def test_any_paste_either_normalises_or_raises_handle_error(platform: str, raw: str) -> None:
    try:
        account = normalise_account(platform, raw)
    except HandleError as error:
        assert str(error)
    else:
        assert account.platform == platform
        assert account.profile_url.startswith("https://")
        assert "@" not in account.handle


@given(raw=_pastes)
def test_detect_platform_never_raises(raw: str) -> None:
    assert detect_platform(raw) in {*PLATFORMS, None}


def _normalised_or_none(platform: str, raw: str) -> NormalisedAccount | None:
    try:
        return normalise_account(platform, raw)
    except HandleError:
        return None


@given(platform=_platforms, raw=_pastes)
def test_normalising_the_canonical_url_again_gives_the_same_account(
    platform: str, raw: str
) -> None:
    account = _normalised_or_none(platform, raw)
    assume(account is not None)
    assert account is not None
    assert normalise_account(platform, account.profile_url) == account
    assert detect_platform(account.profile_url) == platform


@given(platform=_platforms, raw=_pastes)
def test_at_sign_plus_handle_gives_the_same_account_as_the_url(platform: str, raw: str) -> None:
    account = _normalised_or_none(platform, raw)
    assume(account is not None and account.kind == "username")
    assert account is not None
    assert normalise_account(platform, "@" + account.handle) == account
