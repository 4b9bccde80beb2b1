"""One-tap share links for a campaign: the platforms' own share intents, filled in.

Django-free: the view passes the caption, the hashtags, the ASN's tracked link and the official
post, and gets back one button per place to share. Instagram, TikTok and YouTube have no web
share intent, so their button copies the caption and opens the official post (which opens the
app on a phone); Facebook's sharer ignores any text, so its button copies the caption too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

# Where the text of a post is limited, the caption is shortened to leave room for the link.
X_LIMIT = 280
X_LINK_LENGTH = 23  # X counts every link as 23 characters
THREADS_LIMIT = 500

_INTENT_PLATFORMS = ("facebook", "x", "threads")
_APP_PLATFORMS = ("instagram", "tiktok", "youtube")
MESSENGERS = ("whatsapp", "telegram")
_LABELS = {
    "facebook": "Facebook",
    "x": "X",
    "threads": "Threads",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
}
_HOMES = {
    "instagram": "https://www.instagram.com/",
    "tiktok": "https://www.tiktok.com/",
    "youtube": "https://www.youtube.com/",
}
_HASHTAG_SPLIT = re.compile(r"[\s,;#]+")


@dataclass(frozen=True)
class ShareTarget:
    """A share button: where it goes and whether it first copies the caption."""

    key: str  # "facebook", "whatsapp", ...: also the button's test id
    label: str  # the platform's own name (not translated)
    icon: str  # Tabler icon class
    url: str  # the share intent, or the post to open after copying the caption
    copies_caption: bool


def hashtag_list(hashtags: str) -> list[str]:
    """`vaksin, #sehat  Kota` → ["#vaksin", "#sehat", "#Kota"] (duplicates dropped)."""
    words = _HASHTAG_SPLIT.split(hashtags or "")
    return list(dict.fromkeys("#" + word for word in words if word))


def share_text(caption: str, hashtags: str) -> str:
    """The caption followed by its hashtags, as the ASN is asked to post it."""
    parts = [(caption or "").strip(), " ".join(hashtag_list(hashtags))]
    return "\n\n".join(part for part in parts if part)


def _fit(caption: str, hashtags: str, room: int) -> str:
    """Caption and hashtags in at most `room` characters: the caption is shortened with …"""
    text = share_text(caption, hashtags)
    if len(text) <= room:
        return text
    tags = " ".join(hashtag_list(hashtags))
    keep = room - (len(tags) + 2 if tags else 0) - 1
    if keep <= 0:  # the hashtags alone are too long: cut the whole text instead
        return text[: max(room - 1, 0)].rstrip() + "…"
    short = (caption or "").strip()[:keep].rstrip() + "…"
    return "\n\n".join(part for part in (short, tags) if part)


def _query(params: dict[str, str]) -> str:
    # %20 rather than +: WhatsApp and Telegram show a literal + in the message.
    return urlencode({key: value for key, value in params.items() if value}, quote_via=quote)


def share_url(platform: str, *, caption: str, hashtags: str, link: str) -> str:
    """The share intent of a platform or messenger, filled with the caption and the link."""
    text = share_text(caption, hashtags)
    if platform == "facebook":
        return "https://www.facebook.com/sharer/sharer.php?" + _query({"u": link})
    if platform == "x":
        # X appends the link to the text and counts it as 23 characters after a space.
        text = _fit(caption, hashtags, X_LIMIT - X_LINK_LENGTH - 1)
        return "https://x.com/intent/post?" + _query({"text": text, "url": link})
    if platform == "threads":
        text = _fit(caption, hashtags, THREADS_LIMIT - len(link) - 1)
        return "https://www.threads.net/intent/post?" + _query({"text": text, "url": link})
    if platform == "whatsapp":
        return "https://wa.me/?" + _query({"text": f"{text}\n\n{link}" if text else link})
    if platform == "telegram":
        return "https://t.me/share/url?" + _query({"url": link, "text": text})
    raise ValueError(f"{platform} has no web share intent")


def share_targets(
    *,
    caption: str,
    hashtags: str,
    link: str,
    post_url: str,
    post_platform: str,
    platforms: list[str],
) -> list[ShareTarget]:
    """The campaign's platforms first (in its order), then WhatsApp and Telegram."""
    targets = []
    for platform in dict.fromkeys([*platforms, *MESSENGERS]):
        if platform in _APP_PLATFORMS:
            # A post's address opens the app on a phone; other platforms open their home.
            url = post_url if platform == post_platform else _HOMES[platform]
            copies = True
        elif platform in _INTENT_PLATFORMS or platform in MESSENGERS:
            url = share_url(platform, caption=caption, hashtags=hashtags, link=link)
            copies = platform == "facebook"  # its sharer takes no text
        else:
            continue
        targets.append(
            ShareTarget(
                key=platform,
                label=_LABELS[platform],
                icon=f"ti-brand-{platform}",
                url=url,
                copies_caption=copies,
            )
        )
    return targets
