"""Read a link to a post: which platform, which post, and (where the link says) whose.

Django-free like socials.handles: errors are Phrases, rendered in the caller's language.
The post key ("instagram:CxYz123") identifies a post however its link was written (with or
without the author's name, www., tracking parameters), so one post is one proof.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from gaung.core.phrases import Phrase, as_is, gettext_noop
from gaung.socials.handles import HandleError, normalise_account

_HOSTS = {
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "m.instagram.com": "instagram",
    "tiktok.com": "tiktok",
    "m.tiktok.com": "tiktok",
    "vm.tiktok.com": "tiktok",
    "vt.tiktok.com": "tiktok",
    "facebook.com": "facebook",
    "m.facebook.com": "facebook",
    "web.facebook.com": "facebook",
    "mobile.facebook.com": "facebook",
    "mbasic.facebook.com": "facebook",
    "touch.facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.watch": "facebook",
    "youtube.com": "youtube",
    "m.youtube.com": "youtube",
    "youtu.be": "youtube",
    "x.com": "x",
    "twitter.com": "x",
    "mobile.twitter.com": "x",
    "mobile.x.com": "x",
    "threads.net": "threads",
    "threads.com": "threads",
}
_LABELS = {
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "facebook": "Facebook",
    "youtube": "YouTube",
    "x": "X",
    "threads": "Threads",
}
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
_DIGITS = re.compile(r"[0-9]{1,30}")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


class PostLinkError(ValueError):
    """A link that is not a post we can recognise; `render` says why in the user's language."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template)
        self.phrase = Phrase(template, params)

    def render(self, translate: Callable[[str], str] = as_is) -> str:
        return self.phrase.render(translate)

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class PostLink:
    platform: str
    post_key: str  # "<platform>:<post id>": the same post always gives the same key
    handle: str | None  # the author's handle as socials stores it; None when the link hides it
    url: str  # the canonical link to the post


def parse_post_url(raw: str) -> PostLink:
    """The post a pasted link points to, or PostLinkError saying what is wrong with it."""
    text = "".join(
        ch for ch in unicodedata.normalize("NFKC", raw or "") if unicodedata.category(ch) != "Cf"
    ).strip()
    if not text:
        raise PostLinkError(gettext_noop("Paste the link to the post."))
    if not _SCHEME.match(text):
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        host = ""
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or "." not in host:
        raise PostLinkError(gettext_noop("This doesn't look like a complete web address."))
    site = host[4:] if host.startswith("www.") else host
    platform = _HOSTS.get(site)
    if platform is None:
        raise PostLinkError(
            gettext_noop(
                "{host} is not a social media platform Gaung knows. Paste the link from "
                "Instagram, TikTok, Facebook, YouTube, X or Threads."
            ),
            host=site,
        )
    segments = [s for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    found = _READERS[platform](site, segments, query)
    if found is None:
        raise PostLinkError(
            gettext_noop(
                "This {platform} link does not point to a post. Open the post, tap Share → Copy "
                "link, and paste that."
            ),
            platform=_LABELS[platform],
        )
    post_id, handle, url = found
    return PostLink(
        platform=platform,
        post_key=f"{platform}:{post_id}",
        handle=_handle(platform, handle),
        url=url,
    )


def _handle(platform: str, handle: str | None) -> str | None:
    if not handle:
        return None
    try:
        return normalise_account(platform, "@" + handle.lstrip("@")).handle
    except HandleError:
        raise PostLinkError(
            gettext_noop("The account name @{handle} in this link is not valid on {platform}."),
            handle=handle.lstrip("@"),
            platform=_LABELS[platform],
        ) from None


def _token(value: str | None) -> str | None:
    return value if value and _TOKEN.fullmatch(value) else None


_Found = tuple[str, str | None, str] | None


def _instagram(site: str, seg: list[str], query: dict) -> _Found:
    kinds = {"p", "reel", "reels", "tv"}
    if len(seg) >= 2 and seg[0] in kinds and (code := _token(seg[1])):
        return code, None, f"https://www.instagram.com/p/{code}/"
    if len(seg) >= 3 and seg[0] == "stories" and _DIGITS.fullmatch(seg[2]):
        return f"story:{seg[2]}", seg[1], f"https://www.instagram.com/stories/{seg[1]}/{seg[2]}/"
    # Newer links carry the author: instagram.com/<name>/p/<code>/
    if len(seg) >= 3 and seg[1] in kinds and (code := _token(seg[2])):
        return code, seg[0], f"https://www.instagram.com/p/{code}/"
    return None


def _tiktok(site: str, seg: list[str], query: dict) -> _Found:
    if site in {"vm.tiktok.com", "vt.tiktok.com"} and seg and (code := _token(seg[0])):
        # A short link hides the video id and author until opened: an admin checks it.
        return f"short:{code}", None, f"https://{site}/{code}/"
    if len(seg) >= 2 and seg[0] == "t" and (code := _token(seg[1])):
        return f"short:{code}", None, f"https://www.tiktok.com/t/{code}/"
    if len(seg) >= 2 and seg[0] == "v" and _DIGITS.fullmatch(video := seg[1].removesuffix(".html")):
        return video, None, f"https://m.tiktok.com/v/{video}.html"
    if (
        len(seg) >= 3
        and seg[0].startswith("@")
        and seg[1] in {"video", "photo"}
        and _DIGITS.fullmatch(seg[2])
    ):
        name = seg[0][1:]
        return seg[2], name, f"https://www.tiktok.com/@{name}/{seg[1]}/{seg[2]}"
    return None


def _facebook(site: str, seg: list[str], query: dict) -> _Found:
    if site == "fb.watch" and seg and (code := _token(seg[0])):
        return f"watch:{code}", None, f"https://fb.watch/{code}/"
    first = lambda key: (query.get(key) or [None])[0]  # noqa: E731
    if seg[:1] == ["permalink.php"] or seg[:1] == ["story.php"]:
        story = first("story_fbid")
        if story and _token(story):
            return story, None, f"https://www.facebook.com/permalink.php?story_fbid={story}"
    if seg[:1] == ["watch"] and (video := first("v")) and _DIGITS.fullmatch(video):
        return video, None, f"https://www.facebook.com/watch/?v={video}"
    if (
        seg[:1] in (["photo"], ["photo.php"])
        and (photo := first("fbid"))
        and _DIGITS.fullmatch(photo)
    ):
        return photo, None, f"https://www.facebook.com/photo/?fbid={photo}"
    # A group post names the group, not its author: an admin checks it.
    if (
        len(seg) >= 4
        and seg[0] == "groups"
        and seg[2] in {"posts", "permalink"}
        and _token(seg[1])
        and (post := _token(seg[3]))
    ):
        return post, None, f"https://www.facebook.com/groups/{seg[1]}/posts/{post}/"
    if len(seg) >= 3 and seg[0] == "share" and seg[1] in {"p", "v", "r"} and _token(seg[2]):
        return f"share:{seg[2]}", None, f"https://www.facebook.com/share/{seg[1]}/{seg[2]}/"
    if len(seg) >= 2 and seg[0] == "reel" and _DIGITS.fullmatch(seg[1]):
        return seg[1], None, f"https://www.facebook.com/reel/{seg[1]}"
    if len(seg) >= 3 and seg[1] in {"posts", "videos"} and (post := _token(seg[2])):
        name = seg[0]
        handle = None if _DIGITS.fullmatch(name) else name
        return post, handle, f"https://www.facebook.com/{name}/{seg[1]}/{post}"
    return None


def _youtube(site: str, seg: list[str], query: dict) -> _Found:
    video = None
    if site == "youtu.be" and seg:
        video = seg[0]
    elif seg[:1] == ["watch"]:
        video = (query.get("v") or [None])[0]
    elif len(seg) >= 2 and seg[0] in {"shorts", "live", "embed"}:
        video = seg[1]
    elif len(seg) >= 2 and seg[0] == "post" and _token(seg[1]):
        return f"post:{seg[1]}", None, f"https://www.youtube.com/post/{seg[1]}"
    if video and _token(video):
        return video, None, f"https://www.youtube.com/watch?v={video}"
    return None


def _x(site: str, seg: list[str], query: dict) -> _Found:
    if len(seg) >= 3 and seg[1] == "status" and _DIGITS.fullmatch(seg[2]):
        name = seg[0]
        if name == "i":  # x.com/i/status/<id> hides the author
            return seg[2], None, f"https://x.com/i/status/{seg[2]}"
        return seg[2], name, f"https://x.com/{name}/status/{seg[2]}"
    if seg[:3] == ["i", "web", "status"] and len(seg) >= 4 and _DIGITS.fullmatch(seg[3]):
        return seg[3], None, f"https://x.com/i/status/{seg[3]}"
    return None


def _threads(site: str, seg: list[str], query: dict) -> _Found:
    if len(seg) >= 3 and seg[0].startswith("@") and seg[1] == "post" and _token(seg[2]):
        name = seg[0][1:]
        return seg[2], name, f"https://www.threads.net/@{name}/post/{seg[2]}"
    if len(seg) >= 2 and seg[0] == "t" and (code := _token(seg[1])):  # early short links
        return code, None, f"https://www.threads.net/t/{code}"
    return None


_READERS: dict[str, Callable[[str, list[str], dict], _Found]] = {
    "instagram": _instagram,
    "tiktok": _tiktok,
    "facebook": _facebook,
    "youtube": _youtube,
    "x": _x,
    "threads": _threads,
}
