"""Turn whatever a user pastes as a social-media account into one canonical account.

People paste ``@name``, bare names, app share links with tracking query strings, mobile
addresses, links to a single post, or a link from the wrong platform altogether. This module
accepts every form that names an account unambiguously, and refuses the rest with a sentence
that says what is wrong and what to paste instead.

The per-platform knowledge (hosts, reserved paths, allowed characters, lengths, canonical URLs)
lives in the ``_PLATFORMS`` table; the parsing code around it is the same for every platform.

Error messages are English ``str.format`` templates with named fields, marked with a local
``gettext_noop`` so that ``makemessages`` collects them while this module stays free of Django.
A HandleError keeps the template and its fields, and ``HandleError.render(gettext)`` gives the
sentence in the user's language; ``str()`` is English.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NoReturn
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from gaung.core.phrases import Phrase, as_is, gettext_noop

__all__ = [
    "PLATFORMS",
    "HandleError",
    "HandleErrorCode",
    "NormalisedAccount",
    "Phrase",
    "detect_platform",
    "normalise_account",
]

PLATFORMS: tuple[str, ...] = ("instagram", "tiktok", "facebook", "youtube", "x", "threads")

HandleErrorCode = Literal[
    "empty",
    "wrong_platform",
    "not_a_profile",
    "invalid_chars",
    "too_long",
    "too_short",
    "reserved",
    "unsupported_host",
    "invalid_url",
]

USERNAME = "username"
CHANNEL_ID = "channel_id"
NUMERIC_ID = "numeric_id"
CUSTOM_URL = "custom_url"


class HandleError(ValueError):
    """A paste that names no usable account; ``str()`` is a sentence to show the user."""

    def __init__(
        self,
        code: HandleErrorCode,
        template: str,
        params: Mapping[str, object] | None = None,
        detected_platform: str | None = None,
        hint: Phrase | None = None,
    ) -> None:
        self.code: HandleErrorCode = code
        self.template = template
        # Values may be Phrases themselves (a noun, a length rule): render() translates them.
        self.params: dict[str, object] = dict(params or {})
        self.detected_platform = detected_platform
        self.hint = hint
        self.message = self.render()
        super().__init__(self.message)

    def render(self, translate: Callable[[str], str] = as_is) -> str:
        """Return the message with templates passed through ``translate`` (e.g. gettext)."""
        message = Phrase(self.template, self.params).render(translate)
        if self.hint is not None:
            message += " " + self.hint.render(translate)
        return message

    def __str__(self) -> str:
        return self.message

    def __reduce__(
        self,
    ) -> tuple[
        type[HandleError],
        tuple[HandleErrorCode, str, dict[str, object], str | None, Phrase | None],
    ]:
        # The default reduce replays only args (the message); keep every field across pickling.
        return (
            self.__class__,
            (self.code, self.template, self.params, self.detected_platform, self.hint),
        )


@dataclass(frozen=True)
class NormalisedAccount:
    """One account in canonical form: the same account always gives an equal object."""

    platform: str
    handle: str
    kind: str
    profile_url: str

    @property
    def key(self) -> str:
        """Return the identity used to spot the same account entered twice."""
        return f"{self.platform}:{self.kind}:{self.handle}"


@dataclass(frozen=True)
class _NameRule:
    """What a platform accepts for one kind of identifier."""

    noun: str  # reads as "Instagram {noun}s can only use ..."
    chars: str  # body of a regex character class
    chars_words: str  # the same, for people
    min_length: int
    max_length: int
    # (pattern that must not match, the rule it breaks as "{platform} {noun}s {rule}")
    shape: tuple[tuple[str, str], ...] = ()
    lowercase: bool = True  # False where the platform treats case as significant


@dataclass(frozen=True)
class _Platform:
    """Everything the parser needs to know about one platform."""

    name: str
    article: str  # "an" Instagram, "a" TikTok
    profile_word: str  # what users call an account page there: profile, page or channel
    paste_hint: str  # closes most error messages
    hosts: frozenset[str]
    # Redirecting links (vt.tiktok.com/xyz, youtu.be/xyz) whose target is unknown until opened.
    short_hosts: frozenset[str]
    username: _NameRule
    urls: Mapping[str, str]  # kind -> canonical profile URL template
    # Kind of a /name path segment without "@"; None where only /@name is a profile.
    plain_path_kind: str | None
    reserved: frozenset[str] = frozenset()  # first path segments that are never an account
    share_paths: frozenset[str] = frozenset()  # share links that hide the account until opened
    skip_paths: frozenset[str] = frozenset()  # wrappers before the name: instagram.com/_u/name
    # First path segment -> (kind, index of the segment holding the value, or a query key).
    id_paths: Mapping[str, tuple[str, int | str]] = field(default_factory=dict)
    # Facebook: an all-digit name, or a page slug ending in -digits, is a profile number.
    numeric_names: bool = False

    @property
    def blocked_names(self) -> frozenset[str]:
        """Return names that, put in a profile URL, would point somewhere else."""
        return self.reserved | self.share_paths | self.skip_paths | frozenset(self.id_paths)


_INSTAGRAM_NAME = _NameRule(
    noun=gettext_noop("username"),
    chars="A-Za-z0-9._",
    chars_words=gettext_noop("letters, numbers, dots and underscores"),
    min_length=1,
    max_length=30,
    shape=(
        (r"^\.", gettext_noop("can't start with a dot")),
        (r"\.$", gettext_noop("can't end with a dot")),
        (r"\.\.", gettext_noop("can't have two dots in a row")),
    ),
)

_PLATFORMS: dict[str, _Platform] = {
    "instagram": _Platform(
        name="Instagram",
        article="an",
        profile_word=gettext_noop("profile"),
        paste_hint=gettext_noop("Paste the Instagram profile address or @name."),
        hosts=frozenset({"instagram.com", "instagr.am"}),
        short_hosts=frozenset(),
        username=_INSTAGRAM_NAME,
        urls={USERNAME: "https://www.instagram.com/{handle}/"},
        plain_path_kind=USERNAME,
        reserved=frozenset(
            {"p", "reel", "reels", "tv", "explore", "accounts", "stories", "direct", "about"}
            | {"developer", "legal"}
        ),
        share_paths=frozenset({"share"}),
        skip_paths=frozenset({"_u"}),
    ),
    "tiktok": _Platform(
        name="TikTok",
        article="a",
        profile_word=gettext_noop("profile"),
        paste_hint=gettext_noop("Paste the TikTok profile address or @name."),
        hosts=frozenset({"tiktok.com"}),
        short_hosts=frozenset({"vt.tiktok.com", "vm.tiktok.com"}),
        username=_NameRule(
            noun=gettext_noop("username"),
            chars="A-Za-z0-9._",
            chars_words=gettext_noop("letters, numbers, dots and underscores"),
            min_length=1,
            max_length=24,
            shape=((r"\.$", gettext_noop("can't end with a dot")),),
        ),
        urls={USERNAME: "https://www.tiktok.com/@{handle}"},
        plain_path_kind=None,
        share_paths=frozenset({"t"}),
    ),
    "facebook": _Platform(
        name="Facebook",
        article="a",
        profile_word=gettext_noop("page"),
        paste_hint=gettext_noop("Paste the Facebook page address or username."),
        hosts=frozenset({"facebook.com", "fb.com", "fb.me"}),
        short_hosts=frozenset({"fb.watch"}),
        username=_NameRule(
            noun=gettext_noop("username"),
            chars="A-Za-z0-9.",
            chars_words=gettext_noop("letters, numbers and dots"),
            min_length=5,
            max_length=50,
        ),
        urls={
            USERNAME: "https://www.facebook.com/{handle}",
            NUMERIC_ID: "https://www.facebook.com/profile.php?id={handle}",
        },
        plain_path_kind=USERNAME,
        reserved=frozenset(
            {"groups", "events", "watch", "marketplace", "gaming", "login", "sharer", "dialog"}
            | {"photo.php", "permalink.php", "story.php", "sharer.php", "home.php", "l.php"}
            | {"photo", "photos", "reel", "stories", "hashtag", "search", "help", "plugins"}
        ),
        share_paths=frozenset({"share"}),
        skip_paths=frozenset({"pg"}),
        id_paths={
            "profile.php": (NUMERIC_ID, "id"),
            "people": (NUMERIC_ID, 2),  # /people/Some-Name/1000123/
            "pages": (NUMERIC_ID, 2),  # /pages/Some-Name/1000123/
            "p": (NUMERIC_ID, 1),  # /p/Some-Name-1000123/
        },
        numeric_names=True,
    ),
    "youtube": _Platform(
        name="YouTube",
        article="a",
        profile_word=gettext_noop("channel"),
        paste_hint=gettext_noop("Paste the YouTube channel address or @handle."),
        hosts=frozenset({"youtube.com"}),
        short_hosts=frozenset({"youtu.be"}),
        username=_NameRule(
            noun=gettext_noop("handle"),
            chars="A-Za-z0-9._-",
            chars_words=gettext_noop("letters, numbers, dots, hyphens and underscores"),
            min_length=3,
            max_length=30,
        ),
        urls={
            USERNAME: "https://www.youtube.com/@{handle}",
            CHANNEL_ID: "https://www.youtube.com/channel/{handle}",
            CUSTOM_URL: "https://www.youtube.com/c/{handle}",
        },
        # youtube.com/Name is the legacy vanity address of a custom URL.
        plain_path_kind=CUSTOM_URL,
        reserved=frozenset(
            {"watch", "shorts", "results", "playlist", "feed", "embed", "live", "hashtag"}
            | {"post", "redirect", "account"}
        ),
        id_paths={
            "channel": (CHANNEL_ID, 1),
            "c": (CUSTOM_URL, 1),
            "user": (CUSTOM_URL, 1),
        },
    ),
    "x": _Platform(
        name="X",
        article="an",
        profile_word=gettext_noop("profile"),
        paste_hint=gettext_noop("Paste the X profile address or @name."),
        hosts=frozenset({"x.com", "twitter.com"}),
        short_hosts=frozenset({"t.co"}),
        username=_NameRule(
            noun=gettext_noop("username"),
            chars="A-Za-z0-9_",
            chars_words=gettext_noop("letters, numbers and underscores"),
            min_length=1,
            max_length=15,
        ),
        urls={USERNAME: "https://x.com/{handle}"},
        plain_path_kind=USERNAME,
        reserved=frozenset(
            {"home", "explore", "search", "settings", "i", "intent", "share", "messages"}
            | {"notifications", "hashtag", "compose", "login", "signup", "tos", "privacy"}
        ),
    ),
    "threads": _Platform(
        name="Threads",
        article="a",
        profile_word=gettext_noop("profile"),
        paste_hint=gettext_noop("Paste the Threads profile address or @name."),
        # threads.com replaced threads.net in 2025; both still resolve.
        hosts=frozenset({"threads.com", "threads.net"}),
        short_hosts=frozenset(),
        username=_INSTAGRAM_NAME,  # Threads accounts are Instagram accounts
        urls={USERNAME: "https://www.threads.com/@{handle}"},
        plain_path_kind=None,
    ),
}

# Identifiers other than usernames look the same on every platform that has them.
_ID_RULES: dict[str, _NameRule] = {
    NUMERIC_ID: _NameRule(
        noun=gettext_noop("profile number"),
        chars="0-9",
        chars_words=gettext_noop("digits"),
        min_length=1,
        max_length=20,
    ),
    CHANNEL_ID: _NameRule(
        noun=gettext_noop("channel ID"),
        chars="A-Za-z0-9_-",
        chars_words=gettext_noop("letters, numbers, hyphens and underscores"),
        min_length=24,
        max_length=24,
        shape=((r"^(?!UC)", gettext_noop("start with UC")),),
        lowercase=False,  # channel IDs are case-sensitive
    ),
    CUSTOM_URL: _NameRule(
        noun=gettext_noop("custom URL"),
        chars="A-Za-z0-9._-",
        chars_words=gettext_noop("letters, numbers, dots, hyphens and underscores"),
        min_length=1,
        max_length=100,
    ),
}

_HOSTS: dict[str, tuple[str, bool]] = {
    host: (platform, is_short)
    for platform, rules in _PLATFORMS.items()
    for is_short, hosts in ((False, rules.hosts), (True, rules.short_hosts))
    for host in hosts
}

# Subdomains that serve the same pages: mobile and locale sites (id-id.facebook.com),
# YouTube Studio and Music. Short-link subdomains such as vt.tiktok.com are not among them.
_SAME_SITE_PREFIX = re.compile(
    r"^(?:(?:www|m|mobile|web|touch|mbasic|music|studio|[a-z]{2}-[a-z]{2})\.)+"
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{22}")
# A Facebook page slug ending in its number, e.g. Kementerian-Keuangan-100064123456789.
_NUMERIC_NAME = re.compile(r"(?:.*-)?([0-9]+)", re.DOTALL)
_SHOWN_MAX = 40

# What a reserved first path segment shows, to say why the link is not a profile.
_PAGE_DESCRIPTIONS = {
    "": gettext_noop("the home page"),
    "p": gettext_noop("a post"),
    "status": gettext_noop("a post"),
    "permalink.php": gettext_noop("a post"),
    "story.php": gettext_noop("a post"),
    "post": gettext_noop("a post"),
    "reel": gettext_noop("a reel"),
    "reels": gettext_noop("a reel"),
    "tv": gettext_noop("a video"),
    "watch": gettext_noop("a video"),
    "video": gettext_noop("a video"),
    "embed": gettext_noop("a video"),
    "shorts": gettext_noop("a Short"),
    "live": gettext_noop("a live stream"),
    "stories": gettext_noop("a story"),
    "photo": gettext_noop("a photo"),
    "photo.php": gettext_noop("a photo"),
    "photos": gettext_noop("a photo"),
    "playlist": gettext_noop("a playlist"),
    "explore": gettext_noop("the Explore page"),
    "results": gettext_noop("search results"),
    "search": gettext_noop("search results"),
    "home": gettext_noop("the home feed"),
    "feed": gettext_noop("the home feed"),
    "hashtag": gettext_noop("a hashtag"),
    "tag": gettext_noop("a hashtag"),
    "groups": gettext_noop("a group"),
    "events": gettext_noop("an event"),
    "marketplace": gettext_noop("Marketplace"),
    "login": gettext_noop("the login page"),
    "accounts": gettext_noop("the account settings"),
    "settings": gettext_noop("the account settings"),
}


def normalise_account(platform: str, raw: str) -> NormalisedAccount:
    """Return the canonical account for a pasted name or profile URL, or raise HandleError."""
    try:
        rules = _PLATFORMS[platform]
    except KeyError:
        # A programming error, not a user's: choices come from a fixed list.
        raise ValueError(f"Unknown platform {platform!r}; expected one of {PLATFORMS}.") from None
    text = _clean(raw)
    if _looks_like_url(text):
        kind, value = _from_url(platform, rules, text)
    else:
        kind, value = _from_bare(rules, text)
    return _build(platform, rules, kind, value)


def detect_platform(raw: str) -> str | None:
    """Return the platform whose address was pasted, or None for a bare name or other site."""
    text = _clean(raw)
    if not _looks_like_url(text):
        return None
    try:
        parts = _split(text)
    except ValueError:
        return None
    found = _HOSTS.get(_site_host(parts.hostname or ""))
    return found[0] if found else None


def _clean(raw: str | None) -> str:
    # NFKC folds full-width letters and turns NBSP into a plain space; format characters
    # (zero-width space, word joiner, BOM, direction marks) ride along invisibly on copies
    # from apps and chat.
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def _looks_like_url(text: str) -> bool:
    if text.startswith("@"):
        return False
    if _SCHEME.match(text) or text.startswith("//"):
        return True
    # Instagram and TikTok names may contain dots (kemenkeu.ri), so a dot alone does not make
    # a host: it also needs a path, a www. or to be a host we know.
    head = re.split(r"[/?#]", text, maxsplit=1)[0]
    if "." not in head:
        return False
    return (
        text[len(head) : len(head) + 1] == "/"
        or head.lower().startswith("www.")
        or _site_host(head) in _HOSTS
    )


def _split(text: str) -> SplitResult:
    if text.startswith("//"):
        text = "https:" + text
    elif not _SCHEME.match(text):
        text = "https://" + text
    return urlsplit(text)  # raises ValueError on malformed hosts such as "[::1"


def _site_host(host: str) -> str:
    return _SAME_SITE_PREFIX.sub("", host.lower().rstrip("."))


def _from_bare(rules: _Platform, text: str) -> tuple[str, str]:
    if text.startswith("@"):
        return USERNAME, text[1:]
    if CHANNEL_ID in rules.urls and _CHANNEL_ID.fullmatch(text):
        return CHANNEL_ID, text
    return USERNAME, text


def _from_url(platform: str, rules: _Platform, text: str) -> tuple[str, str]:
    try:
        parts = _split(text)
    except ValueError:
        _fail(rules, "invalid_url", gettext_noop("This doesn't look like a complete web address."))
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        _fail(rules, "invalid_url", gettext_noop("This doesn't look like a complete web address."))

    host = parts.hostname.rstrip(".")
    found = _HOSTS.get(_site_host(host))
    if found is None:
        shown = host.removeprefix("www.")
        _fail(
            rules,
            "unsupported_host",
            gettext_noop("This is a link to {host}, not to {platform}."),
            host=_shown(shown),
            platform=rules.name,
        )
    detected, is_short = found
    if detected != platform:
        other = _PLATFORMS[detected]
        _fail(
            rules,
            "wrong_platform",
            # The articles fit English only, and msgfmt would insist that a translation use every
            # field, hence the marker (tests/core/test_i18n.py still checks the fields it uses).
            # xgettext:no-python-brace-format
            # Translators: leave {other_article} and {article} out where the language has no
            # articles.
            gettext_noop("This is {other_article} {other} link, not {article} {platform} one."),
            detected=detected,
            other_article=other.article,
            other=other.name,
            article=rules.article,
            platform=rules.name,
        )
    if is_short:
        _fail_hidden(
            rules,
            gettext_noop(
                "This is a shortened {platform} link, which doesn't show the account. Open it, go "
                "to the {profile}, then copy its address from the browser and paste that instead."
            ),
        )

    segments = [unquote(s) for s in parts.path.split("/") if s]
    return _from_path(rules, segments, parts.query)


def _from_path(rules: _Platform, segments: list[str], query: str) -> tuple[str, str]:
    if segments and segments[0].lower() in rules.skip_paths:
        segments = segments[1:]
    first = segments[0] if segments else ""
    lowered = first.lower()

    if lowered in rules.share_paths:
        _fail_hidden(
            rules,
            gettext_noop(
                "This is a {platform} share link, which doesn't show the account. Open it, go to "
                "the {profile}, then copy its address from the browser and paste that instead."
            ),
        )
    if lowered in rules.id_paths:
        kind, where = rules.id_paths[lowered]
        if isinstance(where, str):
            value = parse_qs(query).get(where, [""])[0]
        else:
            value = segments[where] if len(segments) > where else ""
        if not value:
            _fail_not_profile(rules, lowered)
        return kind, value

    # Later segments (/videos, /status/123, /reels/) are views of the account: ignore them.
    if first.startswith("@") and len(first) > 1:
        return USERNAME, first[1:]
    if rules.plain_path_kind is None or not first or lowered in rules.reserved:
        _fail_not_profile(rules, lowered)
    return rules.plain_path_kind, first


def _build(platform: str, rules: _Platform, kind: str, value: str) -> NormalisedAccount:
    if not value:
        _fail(rules, "empty", gettext_noop("No account was entered."))
    if rules.numeric_names and kind in {USERNAME, NUMERIC_ID}:
        numeric = _NUMERIC_NAME.fullmatch(value)
        if numeric:
            kind, value = NUMERIC_ID, numeric.group(1)

    name_rule = rules.username if kind == USERNAME else _ID_RULES[kind]
    _check(rules, name_rule, value)
    if (
        kind == USERNAME
        and rules.plain_path_kind == USERNAME
        and value.lower() in rules.blocked_names
    ):
        _fail(
            rules,
            "reserved",
            gettext_noop(
                '"{value}" is reserved by {platform} for its own pages, so it can\'t be an account.'
            ),
            value=_shown(value),
            platform=rules.name,
        )
    # Validated as ASCII above, so lower() cannot change the length or produce odd letters.
    handle = value.lower() if name_rule.lowercase else value
    return NormalisedAccount(
        platform=platform,
        handle=handle,
        kind=kind,
        profile_url=rules.urls[kind].format(handle=handle),
    )


def _check(rules: _Platform, name_rule: _NameRule, value: str) -> None:
    # Any: the fields are spread into _fail's keywords, next to its typed ``detected``.
    fields: dict[str, Any] = {
        "platform": rules.name,
        "noun": Phrase(name_rule.noun),
        "value": _shown(value),
        "length": _length_phrase(name_rule),
    }
    bad = list(dict.fromkeys(re.sub(f"[{name_rule.chars}]+", "", value)))
    if bad:
        _fail(
            rules,
            "invalid_chars",
            gettext_noop(
                '{platform} {noun}s can only use {allowed} ({length}), but "{value}" contains '
                "{bad}."
            ),
            allowed=Phrase(name_rule.chars_words),
            bad=_describe_chars(bad),
            **fields,
        )
    if len(value) > name_rule.max_length:
        _fail(
            rules,
            "too_long",
            gettext_noop('{platform} {noun}s have {length}, but "{value}" has {count}.'),
            count=len(value),
            **fields,
        )
    if len(value) < name_rule.min_length:
        _fail(
            rules,
            "too_short",
            gettext_noop('{platform} {noun}s have {length}, but "{value}" has {count}.'),
            count=len(value),
            **fields,
        )
    for pattern, rule in name_rule.shape:
        if re.search(pattern, value):
            _fail(
                rules,
                "invalid_chars",
                gettext_noop('{platform} {noun}s {rule}, so "{value}" is not valid.'),
                rule=Phrase(rule),
                **fields,
            )


def _length_phrase(name_rule: _NameRule) -> Phrase:
    lengths = {"minimum": name_rule.min_length, "maximum": name_rule.max_length}
    if name_rule.min_length == name_rule.max_length:
        return Phrase(gettext_noop("exactly {maximum} characters"), lengths)
    if name_rule.min_length > 1:
        return Phrase(gettext_noop("{minimum} to {maximum} characters"), lengths)
    return Phrase(gettext_noop("at most {maximum} characters"), lengths)


# Whole-list templates, so that a translation chooses its own commas and conjunction.
_LISTS = {
    2: gettext_noop("{first} and {last}"),
    3: gettext_noop("{first}, {second} and {last}"),
    4: gettext_noop("{first}, {second}, {third} and {last}"),
}


def _describe_chars(chars: list[str]) -> Phrase | str:
    def one(ch: str) -> Phrase | str:
        if ch.isspace():
            return Phrase(gettext_noop("a space"))
        return f'"{ch}"' if ch.isprintable() else f"U+{ord(ch):04X}"

    named = [one(ch) for ch in chars[:3]]
    if len(chars) > 3:
        named.append(Phrase(gettext_noop("other characters")))
    if len(named) == 1:
        return named[0]
    slots = [*("first", "second", "third")[: len(named) - 1], "last"]
    return Phrase(_LISTS[len(named)], dict(zip(slots, named, strict=True)))


def _shown(value: str) -> str:
    # Keep messages readable when a whole paragraph was pasted into the field.
    return value if len(value) <= _SHOWN_MAX else value[: _SHOWN_MAX - 3] + "..."


def _fail_not_profile(rules: _Platform, segment: str) -> NoReturn:
    what = _PAGE_DESCRIPTIONS.get(segment)
    if what is None:
        _fail(
            rules,
            "not_a_profile",
            gettext_noop("This {platform} link doesn't point to a {profile}."),
            platform=rules.name,
            profile=Phrase(rules.profile_word),
        )
    _fail(
        rules,
        "not_a_profile",
        gettext_noop("This {platform} link points to {what}, not to a {profile}."),
        platform=rules.name,
        what=Phrase(what),
        profile=Phrase(rules.profile_word),
    )


def _fail_hidden(rules: _Platform, template: str) -> NoReturn:
    # No paste hint here: the user has the right link, only one step away from the profile.
    params = {"platform": rules.name, "profile": Phrase(rules.profile_word)}
    raise HandleError("not_a_profile", template, params)


def _fail(
    rules: _Platform,
    code: HandleErrorCode,
    template: str,
    *,
    detected: str | None = None,
    **fields: object,
) -> NoReturn:
    # Every message ends by saying what to paste instead.
    raise HandleError(code, template, fields, detected, hint=Phrase(rules.paste_hint))
