"""Check one row of an import file and turn it into clean values, or say what is wrong.

The functions here are pure (no database, no I/O) and never raise on what a file contains: a
bad cell becomes a :class:`RowError` whose ``reason`` is a sentence a clerk understands, in the
active language, and whose ``column`` is the header as written in the file.

* :func:`parse_roster_row` returns a :class:`RosterRow`, or the list of every problem in the
  row (never an empty list).
* :func:`parse_account_rows` returns the accounts of a row and the problems found; a row is
  valid when the list of problems is empty. A row of the wide layout may hold no account at
  all (an employee without one) and a cell may hold several accounts (one per line, or
  separated by commas or semicolons).

What the values become:

* ``employee_type``: ``PNS``/``CPNS`` → ``pns``, ``PPPK`` → ``pppk``, ``PPPK Paruh Waktu`` →
  ``pppk_pw``, ``Non ASN``/``Honorer``/``THL`` → ``non_asn``; when the cell is empty, ``pns`` if
  the NIP is a valid PNS NIP, else ``pppk`` if it is a valid NI PPPK.
* ``nip``: the 18 digits, checked with the parser for the type
  (:func:`gaung.registry.nip.parse_employee_number`); for non-ASN staff a well-formed number is
  kept and anything else dropped. A number that Excel turned into ``1.96804111993031E+17`` is
  reported as damaged, never completed.
* ``rank``: ``III/a``, ``III a``, ``3a``, ``III-A`` and ``Penata Muda (III/a)`` → ``III/a`` for
  PNS; ``IX`` or ``9`` → ``IX`` for PPPK; checked against the type.
* ``name``: without the titles when the file has no Gelar Depan/Gelar Belakang columns
  (``Dr. Hj. Siti Rahayu, S.Sos., M.Si.`` → ``Dr. Hj.`` / ``Siti Rahayu`` / ``S.Sos., M.Si.``).
* ``followers``: ``15000``, ``15,000``, ``15.000``, ``1.2K``, ``1,2 rb``, ``1,5 jt``; empty or
  ``N/A`` → ``None``.
* ``handle``/``handle_kind``/``profile_url``: as :func:`gaung.socials.handles.normalise_account`
  gives them.
"""

from __future__ import annotations

import datetime
import functools
import re
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext

from gaung.imports.columns import ColumnMap, platform_from_text
from gaung.registry.choices import PNS_RANKS, PPPK_GRADES
from gaung.registry.nip import (
    MIN_PPPK_YEAR,
    DecodedNip,
    NipError,
    clean_nip_input,
    parse_employee_number,
)
from gaung.socials.handles import (
    HandleError,
    NormalisedAccount,
    detect_platform,
    normalise_account,
)

__all__ = [
    "MAX_FOLLOWERS",
    "AccountRow",
    "RosterRow",
    "RowError",
    "parse_account_rows",
    "parse_followers",
    "parse_roster_row",
]

MAX_FOLLOWERS = 1_000_000_000
# Longer digit strings are refused before any arithmetic (and int()'s 4300-digit limit).
_MAX_FOLLOWER_DIGITS = 13

# The longest values the registry stores (registry.models / socials.models).
_MAX_LENGTHS = {
    "name": 150,
    "front_title": 60,
    "back_title": 100,
    "position": 255,
    "unit_name": 255,
    "parent_unit_name": 255,
    "email": 254,
    "phone": 30,
}

# What people type in a cell to mean "nothing here".
_PLACEHOLDERS = frozenset(
    {"-", "--", "–", "—", ".", "?", "n/a", "na", "#n/a", "null", "none", "nil", "kosong"}
    | {"tidak ada", "tidak punya", "belum ada", "belum punya", "tidak memiliki", "belum"}
    | {"tidak ada akun", "belum ada akun", "tidak punya akun", "belum punya akun"}
)

_LONGEST_PLACEHOLDER = max(len(word) for word in _PLACEHOLDERS)
# First characters worth a closer look: Excel's text apostrophe and those of placeholders.
_SPECIAL_INITIALS = frozenset("'") | {
    letter for word in _PLACEHOLDERS for letter in (word[0], word[0].upper())
}

_NON_ALNUM = re.compile(r"[\W_]+")
_DIGITS = frozenset("0123456789")

_TYPE_WORDS = {
    "pns": "pns",
    "cpns": "pns",
    "pnsd": "pns",
    "pnsdaerah": "pns",
    "pegawainegerisipil": "pns",
    "calonpegawainegerisipil": "pns",
    "pppk": "pppk",
    "p3k": "pppk",
    "pegawaipemerintahdenganperjanjiankerja": "pppk",
    "pppkpw": "pppk_pw",
    "p3kpw": "pppk_pw",
    "pppkparuhwaktu": "pppk_pw",
    "p3kparuhwaktu": "pppk_pw",
    "paruhwaktu": "pppk_pw",
    "nonasn": "non_asn",
    "honorer": "non_asn",
    "tenagahonorer": "non_asn",
    "thl": "non_asn",
    "tenagaharianlepas": "non_asn",
    "ptt": "non_asn",
    "pegawaitidaktetap": "non_asn",
    "tkk": "non_asn",
    "tenagakontrak": "non_asn",
    "kontrak": "non_asn",
}
_ASN_TYPES = frozenset({"pns", "pppk", "pppk_pw"})

_TRUE_WORDS = frozenset({"aktif", "ya", "y", "yes", "true", "benar", "1", "active", "aktifbekerja"})
_FALSE_WORDS = frozenset(
    {"tidakaktif", "nonaktif", "tidak", "t", "no", "n", "false", "salah", "0", "inactive"}
    | {"pensiun", "berhenti", "meninggal", "meninggaldunia", "keluar", "mutasikeluar"}
    | {"diberhentikan", "pindah"}
)

_ROMAN_GROUPS = {"1": "I", "2": "II", "3": "III", "4": "IV"}
# A golongan anywhere in the cell: "III/a", "3a", "III-A", "Penata Muda (III/a)".
_PNS_RANK = re.compile(
    r"(?<![A-Za-z0-9])(IV|III|II|I|[1-4])\s*[/\-.]?\s*([A-Ea-e])(?![A-Za-z0-9])", re.IGNORECASE
)
_PPPK_GRADE = re.compile(
    r"(?:(?:golongan|gol|grade|pppk)\s*\.?\s*)?([IVX]+|[0-9]{1,2})", re.IGNORECASE
)
_PHONE = re.compile(r"\+?[0-9(][0-9 ().\-/]*")
# A phone number typed into a number cell loses its leading zero: 8123456789.
_PHONE_WITHOUT_ZERO = re.compile(r"8[0-9]{8,12}")

_FRONT_TITLES = frozenset(
    {"dr", "drs", "dra", "ir", "h", "hj", "prof", "apt", "ns", "drg", "drh", "kh", "r", "rr"}
    | {"hc", "bd", "st"}
)

_FOLLOWER_UNITS = {
    "k": 1_000,
    "rb": 1_000,
    "ribu": 1_000,
    "jt": 1_000_000,
    "juta": 1_000_000,
    "m": 1_000_000,
    "mio": 1_000_000,
}
_FOLLOWER_WORDS = re.compile(r"(?:followers?|pengikut|subscribers?|pelanggan|orang)$")
_FOLLOWER_NUMBER = re.compile(r"([0-9][0-9.,]*)(k|rb|ribu|jt|juta|m|mio)?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")
_DECIMAL_POINT = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})*\.[0-9]+|[0-9]+\.[0-9]+")
_DECIMAL_COMMA = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})*,[0-9]+|[0-9]+,[0-9]+")
_SEVERAL_ACCOUNTS = re.compile(r"[\n;,]+|\s+(?:dan|and|&)\s+")


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell: the line number, the header, the value and why."""

    row: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True, slots=True)
class RosterRow:
    """An employee as one roster row describes them, every value checked."""

    row: int
    nip: str
    employee_type: str
    front_title: str
    name: str
    back_title: str
    rank: str
    position: str
    unit_name: str
    parent_unit_name: str
    email: str
    phone: str
    is_active: bool | None


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One account from an account file, with its owner (NIP, or unit for an official one)."""

    row: int
    nip: str
    unit_name: str
    platform: str
    handle: str
    handle_kind: str
    profile_url: str
    followers: int | None
    column: str  # the header the handle came from


class _Row:
    """Cell access and error collection for one row."""

    __slots__ = ("cells", "columns", "errors", "indexes", "row", "width")

    def __init__(self, row: int, cells: list[str], columns: ColumnMap) -> None:
        self.row = row
        self.cells = cells
        self.width = len(cells)
        self.columns = columns
        self.indexes = columns.indexes
        self.errors: list[RowError] = []

    def raw(self, name: str) -> str:
        index = self.indexes.get(name)
        return "" if index is None or index >= self.width else self.cells[index]

    def text(self, name: str) -> str:
        """Return the cell stripped, without Excel's text apostrophe; placeholders as ''."""
        index = self.indexes.get(name)
        if index is None or index >= self.width:
            return ""
        value = self.cells[index].strip()
        if value and value[0] in _SPECIAL_INITIALS:
            if value[0] == "'":
                value = value[1:].lstrip()
            if len(value) <= _LONGEST_PLACEHOLDER and value.lower() in _PLACEHOLDERS:
                return ""
        return value

    def fail(self, name: str, reason: str, value: str | None = None) -> None:
        shown = self.raw(name) if value is None else value
        self.errors.append(RowError(self.row, self.columns.header_for(name), shown, reason))

    def check_length(self, name: str, value: str) -> str:
        limit = _MAX_LENGTHS[name]
        if len(value) > limit:
            self.fail(
                name,
                gettext("This is %(count)d characters long; at most %(maximum)d fit.")
                % {"count": len(value), "maximum": limit},
            )
            return ""
        return value


# --- Roster -------------------------------------------------------------------------------


def parse_roster_row(row: int, cells: list[str], columns: ColumnMap) -> RosterRow | list[RowError]:
    """Check one roster row: a RosterRow, or every problem found in it."""
    r = _Row(row, cells, columns)

    name = _collapse(r.text("name"))
    front_title = _collapse(r.text("front_title"))
    back_title = _collapse(r.text("back_title"))
    if "front_title" not in columns and "back_title" not in columns:
        front_title, name, back_title = _split_titles(name)
    if not name:
        r.fail("name", gettext("The name is empty. Enter the employee's name without titles."))
    name = r.check_length("name", name)
    front_title = r.check_length("front_title", front_title)
    back_title = r.check_length("back_title", back_title)

    employee_type, nip = _type_and_number(r)
    rank = _rank(r, employee_type)

    unit_name = _collapse(r.text("unit_name"))
    if not unit_name:
        r.fail("unit_name", gettext("The unit is empty. Enter the unit the employee works in."))
    unit_name = r.check_length("unit_name", unit_name)
    parent_unit_name = r.check_length("parent_unit_name", _collapse(r.text("parent_unit_name")))
    position = r.check_length("position", _collapse(r.text("position")))

    email = _email(r)
    phone = _phone(r)
    is_active = _active(r)

    if r.errors:
        return r.errors
    return RosterRow(
        row=row,
        nip=nip,
        employee_type=employee_type or "",
        front_title=front_title,
        name=name,
        back_title=back_title,
        rank=rank,
        position=position,
        unit_name=unit_name,
        parent_unit_name=parent_unit_name,
        email=email,
        phone=phone,
        is_active=is_active,
    )


def _collapse(value: str) -> str:
    return " ".join(value.split())


# The NIP checks need today's date; asking the OS for it on every row costs more than the check.
_TODAY_REFRESH_SECONDS = 60.0
_today_until = 0.0
_today_value = datetime.date.min


def _today() -> datetime.date:
    global _today_until, _today_value
    now = time.monotonic()
    if now >= _today_until:
        _today_until, _today_value = now + _TODAY_REFRESH_SECONDS, datetime.date.today()
    return _today_value


def _parse_number(number: str, employee_type: str) -> DecodedNip | None:
    return parse_employee_number(number, employee_type, today=_today())


def _split_titles(full: str) -> tuple[str, str, str]:
    name, comma, back = full.partition(",")
    back = back.strip(" ,") if comma else ""
    if back and not all(_is_degree(piece.strip()) for piece in back.split(",")):
        # "Rahayu, Siti" is a name written surname first, not a name and a degree.
        name, back = full, ""
    words = name.split()
    front: list[str] = []
    # Leave at least one word as the name, and take only words that are all known titles.
    while len(words) > 1 and _is_front_title(words[0]):
        front.append(words.pop(0))
    return " ".join(front), " ".join(words), back


def _is_degree(piece: str) -> bool:
    # S.Sos., M.Si., Sp.PD, A.Md.Kep. carry dots; SE, SH, MM and MBA are written in capitals.
    return bool(piece) and ("." in piece or (piece.isupper() and len(piece) <= 5))


def _is_front_title(word: str) -> bool:
    if not word.endswith("."):
        return False
    parts = [part for part in word.lower().split(".") if part]
    return bool(parts) and all(part in _FRONT_TITLES for part in parts)


@functools.lru_cache(maxsize=256)
def _employee_type_from_text(text: str) -> str | None:
    key = _NON_ALNUM.sub("", text.casefold())
    found = _TYPE_WORDS.get(key)
    if found:
        return found
    if "paruhwaktu" in key:
        return "pppk_pw"
    if key.startswith(("pppk", "p3k")):
        return "pppk"
    if key.startswith(("pns", "cpns")):
        return "pns"
    if "honor" in key or key.startswith("nonasn"):
        return "non_asn"
    return None


def _type_and_number(r: _Row) -> tuple[str | None, str]:
    type_text = r.text("employee_type")
    employee_type = _employee_type_from_text(type_text) if type_text else None
    if type_text and employee_type is None:
        r.fail(
            "employee_type",
            gettext(
                '"%(value)s" is not an employee type. Write PNS, CPNS, PPPK, PPPK Paruh Waktu '
                "or Non ASN."
            )
            % {"value": type_text},
        )
    number = r.text("nip")

    if employee_type == "non_asn":
        # Non-ASN staff have no NIP; keep a well-formed number, ignore anything else.
        try:
            return employee_type, clean_nip_input(number) if number else ""
        except NipError:
            return employee_type, ""

    if employee_type in _ASN_TYPES:
        try:
            decoded = _parse_number(number, employee_type)
        except NipError as error:
            r.fail("nip", _nip_reason(error, number, employee_type))
            return employee_type, ""
        return employee_type, decoded.number if decoded else ""

    # No type given (or not understood): the number says which kind of ASN this is.
    if not number:
        r.fail(
            "nip",
            gettext(
                "The NIP is empty. Enter the 18 digits, or write Non ASN as the employee type "
                "for staff without a NIP."
            ),
        )
        return None, ""
    try:
        decoded = _parse_number(number, "pns")
    except NipError as pns_error:
        try:
            decoded = _parse_number(number, "pppk")
        except NipError as pppk_error:
            error = pppk_error if _looks_like_pppk(number) else pns_error
            r.fail("nip", _nip_message(error))
            return None, ""
        return "pppk", decoded.number if decoded else ""
    return "pns", decoded.number if decoded else ""


def _looks_like_pppk(number: str) -> bool:
    # Digits 9–12 are a year either way, but PPPK were first appointed in 2019; digits 13–14
    # are a month in a PNS NIP and a code, often above 12, in an NI PPPK.
    digits = "".join(ch for ch in number if ch in _DIGITS)
    if len(digits) != 18:
        return False
    return int(digits[8:12]) >= MIN_PPPK_YEAR and not 1 <= int(digits[12:14]) <= 12


def _nip_message(error: NipError) -> str:
    reason = error.render(gettext)
    if error.code == "sequence" and error.part == "000":
        # Excel keeps 15 significant digits, so a NIP stored as a number ends in 000.
        reason += " " + gettext(
            "A NIP ending in 000 is usually one that Excel stored as a number, which loses its "
            "last digits: enter it again as text."
        )
    return reason


def _nip_reason(error: NipError, number: str, employee_type: str) -> str:
    reason = _nip_message(error)
    if error.code in {"empty", "excel_scientific", "non_digit", "length"}:
        return reason
    other = "pns" if employee_type != "pns" else "pppk"
    try:
        _parse_number(number, other)
    except NipError:
        return reason
    if other == "pns":
        hint = gettext("The number is a valid PNS NIP: check the employee type.")
    else:
        hint = gettext("The number is a valid NI PPPK: check the employee type.")
    return f"{reason} {hint}"


def _rank(r: _Row, employee_type: str | None) -> str:
    text = r.text("rank")
    if not text:
        return ""
    if employee_type == "non_asn":
        r.fail("rank", gettext("Non-ASN staff have no golongan or grade; leave the rank empty."))
        return ""
    pns_rank, pppk_grade = _rank_forms(text)
    if employee_type == "pns":
        if pns_rank in PNS_RANKS:
            return pns_rank
        r.fail(
            "rank",
            gettext("A PNS has a golongan from I/a to IV/e; %(rank)s is not one.") % {"rank": text},
        )
        return ""
    if employee_type in {"pppk", "pppk_pw"}:
        if pppk_grade:
            return pppk_grade
        r.fail(
            "rank",
            gettext("A PPPK employee has a grade from I to XVII; %(rank)s is not one.")
            % {"rank": text},
        )
        return ""
    # The type is in error already; report the rank only when it fits no scheme at all.
    if not (pns_rank in PNS_RANKS or pppk_grade):
        r.fail(
            "rank",
            gettext('"%(rank)s" is not a golongan (I/a to IV/e) or a PPPK grade (I to XVII).')
            % {"rank": text},
        )
    return ""


@functools.lru_cache(maxsize=1024)
def _rank_forms(text: str) -> tuple[str, str]:
    """Return the cell read as a golongan and, failing that, as a PPPK grade ('' if not)."""
    pns_rank = _pns_rank(text)
    return pns_rank, "" if pns_rank else _pppk_grade(text)


def _pns_rank(text: str) -> str:
    found = _PNS_RANK.search(text)
    if not found:
        return ""
    group = found.group(1).upper()
    group = _ROMAN_GROUPS.get(group, group)
    return f"{group}/{found.group(2).lower()}"


def _pppk_grade(text: str) -> str:
    found = _PPPK_GRADE.fullmatch(text.strip(" .()"))
    if not found:
        return ""
    grade = found.group(1).upper()
    if grade.isdigit():
        number = int(grade)
        return PPPK_GRADES[number - 1] if 1 <= number <= len(PPPK_GRADES) else ""
    return grade if grade in PPPK_GRADES else ""


def _email(r: _Row) -> str:
    email = r.text("email")
    if not email:
        return ""
    email = email.lower()
    try:
        validate_email(email)
    except ValidationError:
        r.fail(
            "email",
            gettext("This is not an e-mail address. Enter it as name@example.go.id."),
        )
        return ""
    return r.check_length("email", email)


def _phone(r: _Row) -> str:
    phone = r.text("phone")
    if not phone:
        return ""
    if not _PHONE.fullmatch(phone):
        r.fail(
            "phone",
            gettext("This is not a phone number. Enter digits only, such as 081234567890."),
        )
        return ""
    if _PHONE_WITHOUT_ZERO.fullmatch(phone):
        phone = "0" + phone
    return r.check_length("phone", phone)


def _active(r: _Row) -> bool | None:
    text = r.text("is_active")
    if not text:
        return None
    active = _active_word(text)
    if active is not None:
        return active
    reason = gettext(
        '"%(value)s" does not say whether the employee is active. Write Aktif or Tidak Aktif, '
        "or leave it empty."
    )
    r.fail("is_active", reason % {"value": text})
    return None


@functools.lru_cache(maxsize=256)
def _active_word(text: str) -> bool | None:
    key = _NON_ALNUM.sub("", text.casefold())
    if key in _TRUE_WORDS:
        return True
    if key in _FALSE_WORDS:
        return False
    return None


# --- Accounts -----------------------------------------------------------------------------


def parse_account_rows(
    row: int, cells: list[str], columns: ColumnMap
) -> tuple[list[AccountRow], list[RowError]]:
    """Check one row of an account file: its valid accounts and the problems found."""
    r = _Row(row, cells, columns)
    entries = _long_entries(r) if columns.layout == "long" else _wide_entries(r)

    accounts: list[AccountRow] = []
    if not entries:
        return accounts, r.errors
    nip, unit_name, owner_ok = _owner(r)
    seen: set[tuple[str, str, str]] = set()
    for platform, handle_column, followers_column in entries:
        found = _accounts_in_cell(r, platform, handle_column, followers_column)
        if not owner_ok:
            continue
        for account, followers in found:
            key = (account.platform, account.kind, account.handle)
            if key in seen:
                continue
            seen.add(key)
            accounts.append(
                AccountRow(
                    row=row,
                    nip=nip,
                    unit_name=unit_name,
                    platform=account.platform,
                    handle=account.handle,
                    handle_kind=account.kind,
                    profile_url=account.profile_url,
                    followers=followers,
                    column=columns.header_for(handle_column),
                )
            )
    return accounts, r.errors


def _long_entries(r: _Row) -> list[tuple[str, str, str]]:
    platform_text = r.text("platform")
    handle_text = r.text("handle")
    if not handle_text:
        r.fail(
            "handle",
            gettext("No account was entered. Enter the profile address or @name."),
        )
        return []
    if platform_text:
        platform = platform_from_text(platform_text)
        if platform is None:
            r.fail(
                "platform",
                gettext(
                    '"%(value)s" is not a platform Gaung knows. Write Instagram, TikTok, '
                    "Facebook, YouTube, X or Threads."
                )
                % {"value": platform_text},
            )
            return []
    else:
        platform = detect_platform(_SEVERAL_ACCOUNTS.split(handle_text)[0])
        if platform is None:
            r.fail(
                "platform",
                gettext(
                    "The platform is empty. Write Instagram, TikTok, Facebook, YouTube, X or "
                    "Threads."
                ),
            )
            return []
    return [(platform, "handle", "followers")]


def _wide_entries(r: _Row) -> list[tuple[str, str, str]]:
    return [
        (platform, platform, f"followers_{platform}")
        for platform in r.columns.platforms
        if r.text(platform)
    ]


def _owner(r: _Row) -> tuple[str, str, bool]:
    number = r.text("nip")
    unit_name = _collapse(r.text("unit_name"))
    unit_name = r.check_length("unit_name", unit_name) if unit_name else ""
    if number:
        try:
            return clean_nip_input(number), unit_name, True
        except NipError as error:
            r.fail("nip", error.render(gettext))
            return "", unit_name, False
    if unit_name:
        return "", unit_name, True
    r.fail(
        "nip",
        gettext(
            "The owner is missing. Enter the NIP of the employee who owns the account, or the "
            "unit for an official account."
        ),
    )
    return "", "", False


def _accounts_in_cell(
    r: _Row, platform: str, handle_column: str, followers_column: str
) -> list[tuple[NormalisedAccount, int | None]]:
    parts = [
        part
        for part in (piece.strip() for piece in _SEVERAL_ACCOUNTS.split(r.text(handle_column)))
        if part and part.lower() not in _PLACEHOLDERS
    ]
    found: list[NormalisedAccount] = []
    for part in parts:
        try:
            found.append(normalise_account(platform, part))
        except HandleError as error:
            r.fail(handle_column, error.render(gettext), part)
    followers_text = r.text(followers_column)
    followers: int | None = None
    if followers_text:
        try:
            followers = parse_followers(followers_text)
        except ValueError as error:
            r.fail(followers_column, str(error))
            return []
        if followers is not None and len(parts) > 1:
            r.fail(
                followers_column,
                gettext(
                    "One number of followers was given for several accounts. Put each account "
                    "on its own row with its own number of followers."
                ),
            )
            return []
    return [(account, followers) for account in found]


def parse_followers(text: str) -> int | None:
    """Return the number of followers in ``15.000``, ``1,2 rb`` or ``1.5K``; ValueError if none."""
    if " ".join(text.split()).lower() in _PLACEHOLDERS:
        return None
    compact = _FOLLOWER_WORDS.sub("", "".join(text.split()).lower())
    if not compact:
        return None
    if compact.startswith("-") and compact[1:2].isdigit():
        raise ValueError(gettext("The number of followers cannot be negative."))
    found = _FOLLOWER_NUMBER.fullmatch(compact)
    if not found:
        raise ValueError(_not_a_count(text))
    number, unit = found.group(1), found.group(2)
    if sum(ch in _DIGITS for ch in number) > _MAX_FOLLOWER_DIGITS:
        raise ValueError(_implausible(text))
    if unit:
        value = _decimal(number)
        if value is None:
            raise ValueError(_not_a_count(text))
        count = round(value * _FOLLOWER_UNITS[unit])
    elif number.isdigit():
        count = int(number)
    elif _GROUPED.fullmatch(number):
        count = int(number.replace(".", "").replace(",", ""))
    else:
        value = _decimal(number)
        if value is None:
            raise ValueError(_not_a_count(text))
        if not value.is_integer():
            raise ValueError(
                gettext(
                    "%(value)s is not a whole number of followers. For thousands write 1.5K or "
                    "1500."
                )
                % {"value": text.strip()}
            )
        count = int(value)
    if count > MAX_FOLLOWERS:
        raise ValueError(_implausible(text))
    return count


def _implausible(text: str) -> str:
    return gettext("%(value)s followers is not plausible; check the number.") % {
        "value": text.strip()
    }


def _decimal(number: str) -> float | None:
    if number.isdigit():
        return float(number)
    if _DECIMAL_POINT.fullmatch(number):
        return float(number.replace(",", ""))
    if _DECIMAL_COMMA.fullmatch(number):
        return float(number.replace(".", "").replace(",", "."))
    if _GROUPED.fullmatch(number):
        return float(number.replace(".", "").replace(",", ""))
    return None


def _not_a_count(text: str) -> str:
    return gettext(
        '"%(value)s" is not a number of followers. Enter a whole number such as 15000 or '
        "15.000, or leave it empty."
    ) % {"value": text.strip()}
