"""What each platform accepts in a caption and a media file, for the checks made before review.

Figures from the platforms' public documentation (read in 2026, see docs/platform-rules.md);
platforms change them, so an install may override any of them with the setting
GAUNG_PLATFORM_RULES = {"instagram": {"caption_max": 2200, ...}, ...}.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from django.conf import settings

MB = 1024 * 1024


@dataclass(frozen=True)
class MediaRule:
    types: frozenset[str]  # MIME types accepted
    max_bytes: int
    # Width ÷ height, inclusive; None: any.
    min_ratio: float | None = None
    max_ratio: float | None = None
    min_seconds: float | None = None
    max_seconds: float | None = None


@dataclass(frozen=True)
class PlatformRules:
    caption_max: int  # characters
    hashtags_max: int | None
    image: MediaRule | None
    video: MediaRule | None


_JPEG = frozenset({"image/jpeg"})
_IMAGES = frozenset({"image/jpeg", "image/png"})
_VIDEOS = frozenset({"video/mp4", "video/quicktime"})

_DEFAULTS: dict[str, PlatformRules] = {
    # Publishing through the API takes JPEG only; feed images 4:5 to 1.91:1; reels 3 s–15 min.
    "instagram": PlatformRules(
        caption_max=2200,
        hashtags_max=30,
        image=MediaRule(_JPEG, 8 * MB, min_ratio=4 / 5, max_ratio=1.91),
        video=MediaRule(_VIDEOS, 300 * MB, min_seconds=3, max_seconds=15 * 60),
    ),
    "facebook": PlatformRules(
        caption_max=63206,
        hashtags_max=None,
        image=MediaRule(_IMAGES | {"image/gif"}, 10 * MB),
        video=MediaRule(_VIDEOS, 1024 * MB, max_seconds=240 * 60),
    ),
    "tiktok": PlatformRules(
        caption_max=2200,
        hashtags_max=None,
        image=MediaRule(_IMAGES | {"image/webp"}, 20 * MB),
        video=MediaRule(_VIDEOS | {"video/webm"}, 4096 * MB, min_seconds=3, max_seconds=10 * 60),
    ),
    "youtube": PlatformRules(
        caption_max=5000,  # the description; the title is at most 100
        hashtags_max=15,
        image=None,
        video=MediaRule(_VIDEOS | {"video/webm"}, 256 * 1024 * MB),
    ),
    "x": PlatformRules(
        caption_max=280,
        hashtags_max=None,
        image=MediaRule(_IMAGES | {"image/gif", "image/webp"}, 5 * MB),
        video=MediaRule(_VIDEOS, 512 * MB, min_seconds=0.5, max_seconds=140),
    ),
    "threads": PlatformRules(
        caption_max=500,
        hashtags_max=1,
        image=MediaRule(_IMAGES, 8 * MB),
        video=MediaRule(_VIDEOS, 1024 * MB, max_seconds=5 * 60),
    ),
}

HASHTAG = re.compile(r"(?<![\w#])#\w+", re.UNICODE)


def rules_for(platform: str) -> PlatformRules:
    """The platform's rules, with the install's overrides applied."""
    rules = _DEFAULTS[platform]
    overrides = getattr(settings, "GAUNG_PLATFORM_RULES", {}).get(platform, {})
    return replace(rules, **overrides) if overrides else rules


def caption_counts(platform: str, text: str) -> dict[str, int | bool | None]:
    """Characters and hashtags against the platform's limits (what the live counter shows)."""
    rules = rules_for(platform)
    characters = len(text)
    hashtags = len(HASHTAG.findall(text))
    return {
        "characters": characters,
        "characters_max": rules.caption_max,
        "hashtags": hashtags,
        "hashtags_max": rules.hashtags_max,
        "too_long": characters > rules.caption_max,
        "too_many_hashtags": rules.hashtags_max is not None and hashtags > rules.hashtags_max,
    }
