"""Proof links: which post a pasted link points to, and what submit_proof makes of it."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from gaung.amplification import actions
from gaung.amplification.choices import ProofStatus
from gaung.amplification.models import Campaign
from gaung.core.permissions import ValidationError
from gaung.socials.postlinks import PostLinkError, parse_post_url
from tests.amplification.test_campaign_flow import make_campaign
from tests.factories import EmployeeFactory, SocialAccountFactory, UserFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


# Each platform: links to one post written in different ways, with the handle each names
# (None: the link hides its author, so an admin checks the proof).
SPELLINGS = {
    "instagram": ("instagram:CxYz123", [
        ("https://www.instagram.com/p/CxYz123/", None),
        ("instagram.com/p/CxYz123", None),
        ("https://instagram.com/p/CxYz123/?igsh=MWQ1ZGUxMzBkMA==", None),
        ("https://m.instagram.com/p/CxYz123", None),
        ("HTTPS://WWW.INSTAGRAM.COM/p/CxYz123/", None),
        ("https://www.instagram.com/reel/CxYz123/?utm_source=ig_web_copy_link", None),
        ("https://instagr.am/p/CxYz123/", None),
        ("https://www.instagram.com/siti.rahayu/p/CxYz123/", "siti.rahayu"),
        ("www.instagram.com/Siti.Rahayu/reel/CxYz123?img_index=1", "siti.rahayu"),
    ]),
    "tiktok": ("tiktok:7234567890123456789", [
        ("https://www.tiktok.com/@siti.rahayu/video/7234567890123456789", "siti.rahayu"),
        ("tiktok.com/@siti.rahayu/video/7234567890123456789?is_from_webapp=1&sender_device=pc",
         "siti.rahayu"),
        ("https://m.tiktok.com/@siti.rahayu/video/7234567890123456789/", "siti.rahayu"),
        ("https://www.tiktok.com/@siti.rahayu/photo/7234567890123456789", "siti.rahayu"),
        ("https://m.tiktok.com/v/7234567890123456789.html", None),
    ]),
    "facebook": ("facebook:123456789", [
        ("https://www.facebook.com/siti.rahayu/posts/123456789", "siti.rahayu"),
        ("facebook.com/siti.rahayu/posts/123456789/?mibextid=Nif5oz", "siti.rahayu"),
        ("https://m.facebook.com/siti.rahayu/posts/123456789", "siti.rahayu"),
        ("https://web.facebook.com/siti.rahayu/videos/123456789/", "siti.rahayu"),
        ("https://mbasic.facebook.com/story.php?story_fbid=123456789&id=100012345678", None),
        ("https://www.facebook.com/permalink.php?story_fbid=123456789&id=100012345678", None),
        ("https://www.facebook.com/100012345678/posts/123456789/", None),
        ("https://www.facebook.com/watch/?v=123456789", None),
        ("https://www.facebook.com/reel/123456789", None),
        ("https://www.facebook.com/photo/?fbid=123456789&set=a.1", None),
        ("https://www.facebook.com/groups/sahabatdinkes/posts/123456789/", None),
    ]),
    "youtube": ("youtube:dQw4w9WgXcQ", [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("youtube.com/watch?v=dQw4w9WgXcQ&t=42s", None),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share", None),
        ("https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGh", None),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", None),
        ("https://youtube.com/shorts/dQw4w9WgXcQ?feature=share", None),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", None),
    ]),
    "x": ("x:1790000000000000001", [
        ("https://x.com/siti_rahayu/status/1790000000000000001", "siti_rahayu"),
        ("x.com/siti_rahayu/status/1790000000000000001?s=20&t=abc", "siti_rahayu"),
        ("https://twitter.com/siti_rahayu/status/1790000000000000001/", "siti_rahayu"),
        ("https://mobile.twitter.com/siti_rahayu/status/1790000000000000001/photo/1",
         "siti_rahayu"),
        ("https://mobile.x.com/siti_rahayu/status/1790000000000000001", "siti_rahayu"),
        ("https://x.com/i/status/1790000000000000001", None),
        ("https://x.com/i/web/status/1790000000000000001", None),
    ]),
    "threads": ("threads:C8aBcDeFgH", [
        ("https://www.threads.net/@siti.rahayu/post/C8aBcDeFgH", "siti.rahayu"),
        ("threads.net/@siti.rahayu/post/C8aBcDeFgH?xmt=AQGz", "siti.rahayu"),
        ("https://www.threads.com/@siti.rahayu/post/C8aBcDeFgH/", "siti.rahayu"),
        ("https://threads.com/@Siti.Rahayu/post/C8aBcDeFgH", "siti.rahayu"),
    ]),
}  # fmt: skip
ACCEPTED = [
    (platform, key, url, handle)
    for platform, (key, spellings) in SPELLINGS.items()
    for url, handle in spellings
]

NOT_A_POST = [
    ("instagram", "https://www.instagram.com/siti.rahayu/"),
    ("instagram", "https://www.instagram.com/explore/tags/vaksin/"),
    ("tiktok", "https://www.tiktok.com/@siti.rahayu"),
    ("facebook", "https://www.facebook.com/siti.rahayu"),
    ("youtube", "https://www.youtube.com/@dinkeskotacontoh"),
    ("x", "https://x.com/siti_rahayu"),
    ("threads", "https://www.threads.net/@siti.rahayu"),
]
LABELS = {"instagram": "Instagram", "tiktok": "TikTok", "facebook": "Facebook",
          "youtube": "YouTube", "x": "X", "threads": "Threads"}  # fmt: skip


@pytest.mark.parametrize(("platform", "key", "url", "handle"), ACCEPTED)
def test_a_post_link_is_read_however_it_was_written(platform, key, url, handle):
    # when
    link = parse_post_url(url)

    # then
    assert (link.platform, link.post_key, link.handle) == (platform, key, handle)
    assert link.url.startswith("https://")


@pytest.mark.parametrize("platform", list(SPELLINGS))
def test_every_spelling_of_one_post_gives_the_same_post_key(platform):
    key, spellings = SPELLINGS[platform]

    assert {parse_post_url(url).post_key for url, _handle in spellings} == {key}


def test_short_links_that_hide_the_post_are_read_as_their_own_post_without_an_author():
    assert parse_post_url("https://vm.tiktok.com/ZMabc123/").post_key == "tiktok:short:ZMabc123"
    assert parse_post_url("https://vt.tiktok.com/ZSabc123").handle is None
    assert parse_post_url("https://www.tiktok.com/t/ZTabc123/").post_key == "tiktok:short:ZTabc123"
    assert parse_post_url("https://fb.watch/abcDEF12/").post_key == "facebook:watch:abcDEF12"
    assert parse_post_url("https://www.facebook.com/share/p/1AbCdEf/").handle is None


def test_the_canonical_link_of_a_facebook_photo_still_opens_the_photo():
    link = parse_post_url("https://www.facebook.com/photo.php?fbid=123456789&set=a.1")

    assert link.url == "https://www.facebook.com/photo/?fbid=123456789"


@pytest.mark.parametrize(("platform", "url"), NOT_A_POST)
def test_a_profile_or_other_page_is_refused_as_not_a_post(platform, url):
    with pytest.raises(PostLinkError) as refused:
        parse_post_url(url)

    assert str(refused.value) == (
        f"This {LABELS[platform]} link does not point to a post. Open the post, tap Share → "
        "Copy link, and paste that."
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Paste the link to the post."),
        ("   ", "Paste the link to the post."),
        ("sudah saya bagikan", "This doesn't look like a complete web address."),
        ("ftp://instagram.com/p/CxYz123", "This doesn't look like a complete web address."),
        ("javascript:alert(1)", "This doesn't look like a complete web address."),
        ("https://[::1/p/a", "This doesn't look like a complete web address."),
        ("https://example.com/p/CxYz123", "example.com is not a social media platform Gaung "
         "knows. Paste the link from Instagram, TikTok, Facebook, YouTube, X or Threads."),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Fx.com", "l.facebook.com is not a social "
         "media platform Gaung knows. Paste the link from Instagram, TikTok, Facebook, YouTube, "
         "X or Threads."),
    ],
)  # fmt: skip
def test_garbage_and_other_sites_are_refused_with_a_clear_message(raw, message):
    with pytest.raises(PostLinkError) as refused:
        parse_post_url(raw)

    assert str(refused.value) == message


def test_the_refusal_is_rendered_in_the_callers_language():
    with pytest.raises(PostLinkError) as refused:
        parse_post_url("https://example.com/p/1")

    # The template is translated first, then the host is filled in (not translated).
    translated = refused.value.render(
        lambda template: template.replace("is not a social media platform", "bukan platform")
    )
    assert translated.startswith("example.com bukan platform Gaung knows.")


# Arbitrary text, and text on the platforms' own hosts, where the readers do the most work.
HOSTS = [
    "www.instagram.com", "m.instagram.com", "instagr.am", "www.tiktok.com", "vm.tiktok.com",
    "m.tiktok.com", "www.facebook.com", "mbasic.facebook.com", "fb.watch", "www.youtube.com",
    "youtu.be", "x.com", "mobile.twitter.com", "www.threads.net", "threads.com",
]  # fmt: skip
_ON_A_PLATFORM = st.builds(
    lambda scheme, host, path: f"{scheme}{host}/{path}",
    st.sampled_from(["https://", "http://www.", "", "//"]),
    st.sampled_from(HOSTS),
    st.text(alphabet=st.sampled_from("abcXYZ019@/_-.?=&%#:~ é\u200b"), max_size=60),
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), _ON_A_PLATFORM))
def test_parse_post_url_refuses_anything_it_cannot_read_only_with_a_post_link_error(raw):
    try:
        link = parse_post_url(raw)
    except PostLinkError as error:
        assert error.render()  # a sentence to show, never an empty message
    else:
        assert link.post_key.startswith(link.platform + ":")
        assert parse_post_url(link.url).post_key == link.post_key


# ---------------------------------------------------------------------------------------------
# Through submit_proof
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def siti_assignment(org, dinkes_admin, asn):
    SocialAccountFactory(
        owner_employee=asn.employee, platform="instagram", handle="siti.rahayu", followers=900
    )
    SocialAccountFactory(owner_employee=asn.employee, platform="tiktok", handle="siti.tiktok")
    campaign = actions.activate_campaign(
        dinkes_admin,
        make_campaign(dinkes_admin, org["dinkes"], platforms=["instagram", "tiktok"]),
    )
    return campaign.assignments.get(employee=asn.employee)


def send(user, assignment, url, platform="instagram", action="share"):
    return actions.submit_proof(
        user, assignment, platform=platform, action=action, kind="url", url=url
    )


def test_a_link_from_my_own_handle_on_the_right_platform_is_accepted(asn, siti_assignment):
    # when
    proof = send(
        asn, siti_assignment, "https://www.tiktok.com/@siti.tiktok/video/7234567890123456789",
        platform="tiktok",
    )  # fmt: skip

    # then
    assert proof.status == ProofStatus.ACCEPTED
    assert proof.url_key == "tiktok:7234567890123456789"
    assert proof.account.handle == "siti.tiktok"


def test_a_link_from_someone_elses_handle_is_refused(asn, siti_assignment):
    with pytest.raises(ValidationError) as refused:
        send(asn, siti_assignment, "https://www.instagram.com/budi.santoso/p/Bukan1/")

    assert refused.value.message_dict["url"] == [
        "This post is by @budi.santoso, which is not one of your registered accounts. Send a "
        "link to a post from your own account, or register @budi.santoso first."
    ]


def test_a_link_already_used_by_anyone_is_refused_however_it_is_written(org, asn, siti_assignment):
    # given a colleague who sent a proof of a post first
    colleague_user = UserFactory(username="budi")
    colleague = EmployeeFactory(unit=org["dinkes_p2p"], user=colleague_user)
    campaign = siti_assignment.campaign
    actions.generate_assignments(campaign)
    theirs = campaign.assignments.get(employee=colleague)
    SocialAccountFactory(owner_employee=colleague, platform="instagram", handle="budi.santoso")
    send(colleague_user, theirs, "https://www.instagram.com/p/Dipakai1/")

    # when Siti sends the same post, written another way
    with pytest.raises(ValidationError) as refused:
        send(asn, siti_assignment, "instagram.com/reel/Dipakai1?igsh=xyz")

    # then
    assert refused.value.message_dict["url"] == ["This link has already been used as a proof."]


def test_a_link_to_another_platform_is_refused(asn, siti_assignment):
    with pytest.raises(ValidationError) as refused:
        send(asn, siti_assignment, "https://x.com/siti_rahayu/status/1790000000000000001")

    assert refused.value.message_dict["url"] == ["This is a link to X, not to Instagram."]


def test_a_link_that_hides_its_author_waits_for_an_admin(asn, siti_assignment):
    # when
    proof = send(asn, siti_assignment, "https://www.instagram.com/p/TanpaNama1/")

    # then
    siti_assignment.refresh_from_db()
    assert proof.status == ProofStatus.PENDING
    assert (siti_assignment.done, siti_assignment.potential_reach) == (0, 0)


def test_a_link_sent_after_the_deadline_is_refused(asn, siti_assignment):
    # given
    past = timezone.now() - datetime.timedelta(minutes=5)
    Campaign.objects.filter(pk=siti_assignment.campaign_id).update(
        starts_at=past - datetime.timedelta(days=1), deadline=past
    )

    # when / then
    with pytest.raises(ValidationError, match="This campaign has ended"):
        send(asn, siti_assignment, "https://www.instagram.com/siti.rahayu/p/Telat1/")
