"""Match the header row of an import file to the columns Gaung knows.

Headers are matched by name, never by position: case, spaces and punctuation do not count, so
``NIP``, ``nipBaru``, ``NIP Baru`` and ``nip_baru`` are one column. A header whose text in
parentheses is extra (``NIP (18 digit)``, ``Unit Kerja (Bidang/UPT)``) matches too.

* :func:`match_roster_headers` — a personnel roster (SIASN/SIMPEG export or a clerk's sheet).
  Canonical names: ``nip``, ``name``, ``front_title``, ``back_title``, ``employee_type``,
  ``unit_name``, ``parent_unit_name``, ``position``, ``rank``, ``email``, ``phone``,
  ``is_active``. Required: NIP, Nama, and Unit Kerja or Unit Induk (with only the latter,
  ``unit_name`` points at it: the employee sits directly in the OPD).
* :func:`match_account_headers` — social-media accounts, in one of two layouts:

  - ``"long"``: one row per account, canonical ``nip``, ``unit_name``, ``name``, ``platform``,
    ``handle``, ``followers``; required Platform and Akun, and NIP or Unit.
  - ``"wide"``: one row per employee (or unit) with a column per platform, canonical
    ``nip``, ``unit_name``, ``name``, then a platform code (``instagram``, ``tiktok``,
    ``facebook``, ``youtube``, ``x``, ``threads``) for the account column and
    ``followers_<platform>`` for its followers; required NIP or Unit and one platform column.

Both return a :class:`ColumnMap` (canonical name → 0-based column index) or raise
:class:`~gaung.imports.readers.FileProblem` naming the missing columns and the headers found.
Unknown columns are ignored and listed in ``ColumnMap.ignored``; when two headers mean the same
column the first one counts and the other is listed there too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext

from gaung.imports.readers import FileProblem

__all__ = [
    "ACCOUNT_COLUMNS",
    "PLATFORM_NAMES",
    "ROSTER_COLUMNS",
    "ColumnMap",
    "count_known_headers",
    "header_key",
    "match_account_headers",
    "match_roster_headers",
    "platform_from_text",
]

_NON_ALNUM = re.compile(r"[\W_]+")
_PARENTHESISED = re.compile(r"\([^)]*\)|\[[^\]]*\]")

# Canonical roster column -> (label shown to people, aliases). The label is the first alias.
ROSTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "nip": (
        "NIP",
        "nipBaru",
        "NIP Baru",
        "NIP/NI PPPK",
        "NI PPPK",
        "NIPPPK",
        "NIP PPPK",
        "Nomor Induk Pegawai",
    ),
    "name": ("Nama", "Nama Lengkap", "Nama Pegawai", "Nama ASN"),
    "front_title": ("Gelar Depan", "gelarDepan"),
    "back_title": ("Gelar Belakang", "gelarBelakang"),
    "employee_type": (
        "Jenis Pegawai",
        "jenisPegawai",
        "Status Kepegawaian",
        "Status Pegawai",
        "Jenis Kepegawaian",
        "Jenis ASN",
    ),
    "unit_name": ("Unit Kerja", "unorNama", "Unit Organisasi", "Nama Unor", "Unor"),
    "parent_unit_name": (
        "Unit Induk",
        "unorIndukNama",
        "Perangkat Daerah",
        "OPD",
        "SKPD",
        "Nama OPD",
        "Unor Induk",
    ),
    "position": ("Jabatan", "jabatanNama", "Nama Jabatan"),
    "rank": (
        "Golongan",
        "golRuangAkhir",
        "Pangkat/Golongan",
        "Gol",
        "Gol/Ruang",
        "Golongan Ruang",
        "Pangkat/Gol",
        "Pangkat/Golongan Ruang",
        "Golongan/Grade",
    ),
    "email": ("Email", "emailGov", "E-mail", "Email Dinas", "Alamat Email"),
    "phone": (
        "No HP",
        "noHp",
        "HP",
        "Telepon",
        "No. HP",
        "Nomor HP",
        "No Telp",
        "Telp",
        "No WA",
        "Nomor WhatsApp",
    ),
    "is_active": ("Aktif", "Status", "Status Aktif"),
}

PLATFORM_NAMES: dict[str, str] = {
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "facebook": "Facebook",
    "youtube": "YouTube",
    "x": "X",
    "threads": "Threads",
}

# What people write for a platform, in a header or in a Platform cell.
_PLATFORM_WORDS: dict[str, tuple[str, ...]] = {
    "instagram": ("Instagram", "IG", "Insta"),
    "tiktok": ("TikTok", "Tik Tok"),
    "facebook": ("Facebook", "FB"),
    "youtube": ("YouTube", "YT"),
    "x": ("X", "Twitter", "X (Twitter)", "X/Twitter", "Twitter/X", "Twitter (X)"),
    "threads": ("Threads",),
}
_HANDLE_WORDS = ("Akun", "Username", "Link", "URL", "Alamat", "Nama Akun", "Akun Media Sosial")
_FOLLOWER_WORDS = (
    "Followers",
    "Pengikut",
    "Jumlah Followers",
    "Jumlah Pengikut",
    "Jml Followers",
    "Jml Pengikut",
    "Subscribers",
    "Subscriber",
    "Jumlah Subscriber",
)

ACCOUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "nip": ROSTER_COLUMNS["nip"],
    "name": ROSTER_COLUMNS["name"],
    "unit_name": (
        "Unit",
        "OPD",
        "Unit Kerja",
        "Perangkat Daerah",
        "SKPD",
        "Unit Organisasi",
        "unorNama",
        "Nama OPD",
        "Nama Unit",
    ),
    "platform": (
        "Platform",
        "Media Sosial",
        "Medsos",
        "Jenis Media Sosial",
        "Platform Media Sosial",
        "Jenis Akun",
    ),
    "handle": (
        "Akun",
        "Username",
        "Handle",
        "URL",
        "Link",
        "Nama Akun",
        "Akun Media Sosial",
        "Alamat Akun",
        "Link Akun",
        "URL Akun",
        "Link Profil",
        "Alamat Profil",
    ),
    "followers": _FOLLOWER_WORDS,
}

# Labels of the required columns, for the message when they are missing.
_REQUIRED_LABELS = {
    "nip": "NIP",
    "name": "Nama",
    "unit_name": "Unit Kerja",
    "platform": "Platform",
    "handle": "Akun",
}


def header_key(text: str) -> str:
    """Return the form headers are compared in: lower case, letters and digits only."""
    return _NON_ALNUM.sub("", text.casefold())


def _keys(aliases: Iterable[str]) -> set[str]:
    return {header_key(alias) for alias in aliases}


def _platform_aliases() -> tuple[dict[str, str], dict[str, str]]:
    handles: dict[str, str] = {}
    followers: dict[str, str] = {}
    for platform, words in _PLATFORM_WORDS.items():
        for word in _keys(words):
            handles[word] = platform
            for handle_word in _keys(_HANDLE_WORDS):
                handles[handle_word + word] = platform  # Akun Instagram
                handles[word + handle_word] = platform  # Instagram URL
            for follower_word in _keys(_FOLLOWER_WORDS):
                followers[follower_word + word] = platform  # Followers IG
                followers[word + follower_word] = platform  # Instagram Followers
    return handles, followers


_ROSTER_KEYS: dict[str, str] = {
    key: name for name, aliases in ROSTER_COLUMNS.items() for key in _keys(aliases)
}
_ACCOUNT_KEYS: dict[str, str] = {
    key: name for name, aliases in ACCOUNT_COLUMNS.items() for key in _keys(aliases)
}
_PLATFORM_HANDLE_KEYS, _PLATFORM_FOLLOWER_KEYS = _platform_aliases()
_PLATFORM_VALUE_KEYS: dict[str, str] = {
    key: platform for platform, words in _PLATFORM_WORDS.items() for key in _keys(words)
}
# Every header that says "this is an import file": used to find the header row below a title.
_ALL_KEYS: dict[str, str] = {
    **{key: f"roster:{name}" for key, name in _ROSTER_KEYS.items()},
    **{key: f"account:{name}" for key, name in _ACCOUNT_KEYS.items()},
    **{key: f"handle:{name}" for key, name in _PLATFORM_HANDLE_KEYS.items()},
    **{key: f"followers:{name}" for key, name in _PLATFORM_FOLLOWER_KEYS.items()},
}


def _lookup(text: str, table: Mapping[str, str]) -> str | None:
    found = table.get(header_key(text))
    if found is None and ("(" in text or "[" in text):
        found = table.get(header_key(_PARENTHESISED.sub("", text)))
    return found


def platform_from_text(text: str) -> str | None:
    """Return the platform code for a Platform cell such as ``IG`` or ``X (Twitter)``."""
    return _lookup(text, _PLATFORM_VALUE_KEYS)


def count_known_headers(cells: Iterable[str]) -> int:
    """Return how many different known columns the cells name (to spot the header row)."""
    return len({found for cell in cells if cell and (found := _lookup(cell, _ALL_KEYS))})


@dataclass(frozen=True)
class ColumnMap(Mapping[str, int]):
    """Canonical column name → 0-based index into a row's cells, with the file's headers."""

    indexes: dict[str, int]
    headers: tuple[str, ...]
    layout: str  # "roster", or "wide" / "long" for accounts
    ignored: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> int:
        return self.indexes[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.indexes)

    def __len__(self) -> int:
        return len(self.indexes)

    def header_for(self, name: str) -> str:
        """Return the header of a column as written in the file, or its usual name if absent."""
        index = self.indexes.get(name)
        if index is not None and index < len(self.headers):
            return self.headers[index]
        return self.labels.get(name, name)

    @property
    def platforms(self) -> tuple[str, ...]:
        """Return the platforms that have an account column (wide layout), in file order."""
        return tuple(
            sorted(
                (name for name in self.indexes if name in PLATFORM_NAMES),
                key=self.indexes.__getitem__,
            )
        )


def _assign(
    headers: list[str], lookup: Mapping[str, str]
) -> tuple[dict[str, int], list[int], list[int]]:
    """Return canonical → index, the indexes of repeated columns, and of unknown ones."""
    indexes: dict[str, int] = {}
    repeated: list[int] = []
    unknown: list[int] = []
    for index, header in enumerate(headers):
        name = _lookup(header, lookup) if header else None
        if name is None:
            unknown.append(index)
        elif name in indexes:
            repeated.append(index)
        else:
            indexes[name] = index
    return indexes, repeated, unknown


def _ignored(headers: list[str], indexes: Iterable[int]) -> tuple[str, ...]:
    return tuple(headers[index] for index in sorted(indexes) if headers[index])


def _missing(labels: list[str], headers: list[str], advice: str) -> FileProblem:
    found = ", ".join(header for header in headers if header) or gettext("none")
    message = gettext(
        "The file has no column for %(missing)s. Columns found: %(found)s. %(advice)s"
    ) % {"missing": ", ".join(labels), "found": found, "advice": advice}
    return FileProblem(message.strip())


def _label_map(columns: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {name: aliases[0] for name, aliases in columns.items()}


def match_roster_headers(headers: list[str]) -> ColumnMap:
    """Map a roster's headers to canonical columns, or raise FileProblem naming what is missing."""
    indexes, repeated, unknown = _assign(headers, _ROSTER_KEYS)
    if "unit_name" not in indexes and "parent_unit_name" in indexes:
        # A sheet listing only the OPD places every employee directly in it.
        indexes["unit_name"] = indexes.pop("parent_unit_name")
    missing = [
        _REQUIRED_LABELS[name] for name in ("nip", "name", "unit_name") if name not in indexes
    ]
    if missing:
        raise _missing(
            missing,
            headers,
            gettext(
                "Name the columns NIP (or nipBaru), Nama and Unit Kerja (or unorNama) as in a "
                "SIASN export."
            ),
        )
    return ColumnMap(
        indexes=indexes,
        headers=tuple(headers),
        layout="roster",
        ignored=_ignored(headers, repeated + unknown),
        labels=_label_map(ROSTER_COLUMNS),
    )


def match_account_headers(headers: list[str]) -> ColumnMap:
    """Map an account file's headers (wide or long layout), or raise FileProblem."""
    indexes, ignored, unknown = _assign(headers, _ACCOUNT_KEYS)
    labels = _label_map(ACCOUNT_COLUMNS) | PLATFORM_NAMES
    labels |= {f"followers_{code}": f"Followers {name}" for code, name in PLATFORM_NAMES.items()}
    still_unknown: list[int] = []
    wide: dict[str, int] = {}
    for index in unknown:
        header = headers[index]
        platform = _lookup(header, _PLATFORM_HANDLE_KEYS) if header else None
        followers = _lookup(header, _PLATFORM_FOLLOWER_KEYS) if header else None
        name = platform or (f"followers_{followers}" if followers else None)
        if name is None:
            still_unknown.append(index)
        elif name in wide:
            ignored.append(index)
        else:
            wide[name] = index

    if "platform" in indexes or "handle" in indexes:
        layout = "long"
        ignored += wide.values()
        required = ("platform", "handle")
    else:
        layout = "wide"
        indexes.update(wide)
        # "Followers" alone is unambiguous only beside a single platform column.
        platforms = [name for name in wide if name in PLATFORM_NAMES]
        if "followers" in indexes:
            single = f"followers_{platforms[0]}" if len(platforms) == 1 else None
            if single and single not in indexes:
                indexes[single] = indexes.pop("followers")
            else:
                ignored.append(indexes.pop("followers"))
        required = ()
    ignored += still_unknown

    missing = [_REQUIRED_LABELS[name] for name in required if name not in indexes]
    if "nip" not in indexes and "unit_name" not in indexes:
        missing.insert(0, gettext("NIP (or Unit for official accounts)"))
    if layout == "wide" and not any(name in PLATFORM_NAMES for name in indexes):
        missing.append(gettext("a platform (Instagram, TikTok, Facebook, YouTube, X, Threads)"))
    if missing:
        raise _missing(
            missing,
            headers,
            gettext(
                "Use either one row per account with the columns NIP, Platform, Akun and "
                "Followers, or one row per employee with NIP and a column per platform "
                "(Instagram, TikTok, Facebook, YouTube, X, Threads)."
            ),
        )
    return ColumnMap(
        indexes=indexes,
        headers=tuple(headers),
        layout=layout,
        ignored=_ignored(headers, ignored),
        labels=labels,
    )
