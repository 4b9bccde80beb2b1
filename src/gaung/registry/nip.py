"""Parse and check the 18-digit employee numbers of Indonesian civil servants.

Two numbering schemes share the same length but not the same layout, so the employee type,
never the digits, decides which parser runs:

* NIP (PNS), Perka BKN 22/2007: ``YYYYMMDD`` birth date, ``YYYYMM`` TMT CPNS, sex digit,
  3-digit sequence, e.g. ``19680411 199303 1 009``.
* NI PPPK: ``YYYYMMDD`` birth date, ``YYYY`` year of appointment, a 2-digit code, sex digit,
  3-digit sequence, e.g. ``19900913 2025 24 2 014``.

Error messages are English ``str.format`` templates with named fields, marked with a local
``gettext_noop`` so that ``makemessages`` collects them while this module stays free of Django.
A NipError keeps the template and its fields, and ``NipError.render(gettext)`` gives the
sentence in the user's language; ``str()`` is English.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, NoReturn

from gaung.core.phrases import Phrase, as_is, gettext_noop

__all__ = [
    "DecodedNip",
    "NipError",
    "NipErrorCode",
    "Phrase",
    "clean_nip_input",
    "format_grouped",
    "parse_employee_number",
    "parse_pns_nip",
    "parse_pppk_ni",
]

NipErrorCode = Literal[
    "empty",
    "excel_scientific",
    "non_digit",
    "length",
    "birth_date",
    "tmt",
    "appointment_year",
    "sex",
    "sequence",
    "tmt_before_birth",
    "too_young",
]

NIP_LENGTH = 18
MIN_BIRTH_YEAR = 1940
MIN_TMT_CPNS_YEAR = 1960
# The first PPPK appointments were made in 2019 (PP 49/2018 took effect then).
MIN_PPPK_YEAR = 2019
# Lenient on purpose: a real hire is older, but rejecting a true NIP is worse than letting a
# slightly odd one through, and the start of service is only known to the month.
MIN_AGE_AT_START = 16

_PNS = "pns"
_PPPK = "pppk"
_EMPLOYEE_TYPES = frozenset({"pns", "pppk", "pppk_pw", "non_asn"})


# Hard-coded rather than calendar.month_name, which follows the process locale.
_MONTHS = (
    "",
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
# The names of the two numbering schemes, as they appear in messages.
_NIP_LABEL = gettext_noop("NIP")
_PPPK_LABEL = gettext_noop("NI PPPK")

# Invisible characters that survive a copy from a web page, PDF or UTF-8 CSV but are not
# matched by str.isspace().
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# Excel's text marker, plus the curly forms that word processors substitute for it.
_LEADING_QUOTES = "'\u2018\u2019"
# What a number-formatted cell turns an 18-digit NIP into: scientific notation or a float,
# with a decimal point or, in an Indonesian-locale Excel, a decimal comma.
_EXCEL_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+")
_EXCEL_FLOAT = re.compile(r"[0-9]+[.,]0+")
_ASCII_DIGITS = frozenset("0123456789")


class NipError(ValueError):
    """An employee number that cannot be right, naming the faulty part and its digits."""

    def __init__(
        self,
        code: NipErrorCode,
        template: str,
        params: Mapping[str, object] | None = None,
        part: str = "",
        hint: Phrase | None = None,
    ) -> None:
        self.code: NipErrorCode = code
        self.part = part
        self.template = template
        # Values may be Phrases themselves (the label, a digit range): render() translates them.
        self.params: dict[str, object] = dict(params or {})
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
    ) -> tuple[type[NipError], tuple[NipErrorCode, str, dict[str, object], str, Phrase | None]]:
        # The default reduce replays only args (the message); keep every field across pickling.
        return (self.__class__, (self.code, self.template, self.params, self.part, self.hint))


@dataclass(frozen=True)
class DecodedNip:
    """The fields encoded in a valid NIP or NI PPPK."""

    number: str
    kind: str
    birth_date: datetime.date
    sex: str
    sequence: int
    tmt_cpns: datetime.date | None = None
    appointment_year: int | None = None
    pppk_code: str | None = None

    @property
    def grouped(self) -> str:
        """Return the number with the spaces used on an SK, e.g. ``19680411 199303 1 009``."""
        return format_grouped(self.number, self.kind)


def clean_nip_input(raw: str | int | float | None) -> str:
    """Return the 18 digits of a typed, pasted or spreadsheet-read NIP, or raise NipError."""
    return _clean(raw, _NIP_LABEL)


def parse_pns_nip(
    raw: str | int | float | None, *, today: datetime.date | None = None
) -> DecodedNip:
    """Decode and check a PNS NIP (birth date, TMT CPNS, sex, sequence)."""
    label = _NIP_LABEL
    number = _clean(raw, label)
    today = today or datetime.date.today()
    birth = _birth_date(number, label, today)

    tmt_digits = number[8:14]
    tmt_year, tmt_month = int(tmt_digits[:4]), int(tmt_digits[4:])
    where = _digits(9, 14)
    if not 1 <= tmt_month <= 12:
        _fail(
            "tmt",
            tmt_digits,
            label,
            gettext_noop(
                "The TMT CPNS {part} ({where}) is not a valid year and month: there is no month "
                "{month:02d}."
            ),
            where=where,
            month=tmt_month,
        )
    if tmt_year < MIN_TMT_CPNS_YEAR:
        _fail(
            "tmt",
            tmt_digits,
            label,
            gettext_noop(
                "The TMT CPNS {part} ({where}) is before {minimum}, which is not plausible for a "
                "serving civil servant."
            ),
            where=where,
            minimum=MIN_TMT_CPNS_YEAR,
        )
    tmt = datetime.date(tmt_year, tmt_month, 1)
    if tmt > today:
        _fail(
            "tmt",
            tmt_digits,
            label,
            gettext_noop("The TMT CPNS {part} ({where}) is in the future."),
            where=where,
        )

    sex = _sex(number, label)
    sequence = _sequence(number, label)

    # Month granularity: whoever turns 16 during the TMT month passes.
    months_old = (tmt_year * 12 + tmt_month) - (birth.year * 12 + birth.month)
    if months_old < 0:
        _fail(
            "tmt_before_birth",
            tmt_digits,
            label,
            gettext_noop(
                "The TMT CPNS {part} ({where}) is before the birth date {birth} ({birth_where})."
            ),
            where=where,
            birth=number[:8],
            birth_where=_digits(1, 8),
        )
    if months_old < MIN_AGE_AT_START * 12:
        _fail(
            "too_young",
            tmt_digits,
            label,
            gettext_noop(
                "The TMT CPNS {part} ({where}) would make the employee {age} years old at the "
                "start of CPNS service (birth date {birth}); the minimum age is {minimum}."
            ),
            where=where,
            age=months_old // 12,
            birth=number[:8],
            minimum=MIN_AGE_AT_START,
        )

    return DecodedNip(
        number=number,
        kind=_PNS,
        birth_date=birth,
        sex=sex,
        sequence=sequence,
        tmt_cpns=tmt,
    )


def parse_pppk_ni(
    raw: str | int | float | None, *, today: datetime.date | None = None
) -> DecodedNip:
    """Decode and check an NI PPPK (birth date, appointment year, code, sex, sequence)."""
    label = _PPPK_LABEL
    number = _clean(raw, label)
    today = today or datetime.date.today()
    birth = _birth_date(number, label, today)

    year_digits = number[8:12]
    year = int(year_digits)
    where = _digits(9, 12)
    if year < MIN_PPPK_YEAR:
        _fail(
            "appointment_year",
            year_digits,
            label,
            gettext_noop(
                "The appointment year {part} ({where}) is before {minimum}, when the first PPPK "
                "were appointed."
            ),
            where=where,
            minimum=MIN_PPPK_YEAR,
        )
    if year > today.year:
        _fail(
            "appointment_year",
            year_digits,
            label,
            gettext_noop("The appointment year {part} ({where}) is in the future."),
            where=where,
        )

    sex = _sex(number, label)
    sequence = _sequence(number, label)

    # Only the year is known, so whoever turns 16 during that year passes.
    if year < birth.year:
        _fail(
            "tmt_before_birth",
            year_digits,
            label,
            gettext_noop(
                "The appointment year {part} ({where}) is before the birth date {birth} "
                "({birth_where})."
            ),
            where=where,
            birth=number[:8],
            birth_where=_digits(1, 8),
        )
    if year - birth.year < MIN_AGE_AT_START:
        _fail(
            "too_young",
            year_digits,
            label,
            gettext_noop(
                "The appointment year {part} ({where}) would make the employee {age} years old at "
                "appointment (birth date {birth}); the minimum age is {minimum}."
            ),
            where=where,
            age=year - birth.year,
            birth=number[:8],
            minimum=MIN_AGE_AT_START,
        )

    return DecodedNip(
        number=number,
        kind=_PPPK,
        birth_date=birth,
        sex=sex,
        sequence=sequence,
        appointment_year=year,
        pppk_code=number[12:14],
    )


def parse_employee_number(
    raw: str | int | float | None,
    employee_type: str,
    *,
    today: datetime.date | None = None,
) -> DecodedNip | None:
    """Decode the number with the parser for this employee type; None for non-ASN staff."""
    if employee_type not in _EMPLOYEE_TYPES:
        raise ValueError(
            f"Unknown employee type {employee_type!r}; expected one of "
            f"{', '.join(sorted(_EMPLOYEE_TYPES))}."
        )
    if employee_type == "non_asn":
        # Non-ASN staff have no NIP; whatever was typed in the column carries no meaning.
        return None
    if employee_type == "pns":
        return parse_pns_nip(raw, today=today)
    # PPPK paruh waktu are numbered in the PPPK scheme.
    return parse_pppk_ni(raw, today=today)


def format_grouped(number: str, kind: str) -> str:
    """Return the number grouped as printed on an SK: PNS 8-6-1-3, PPPK 8-4-2-1-3."""
    if kind not in {"pns", "pppk", "pppk_pw"}:
        raise ValueError(f"Unknown NIP kind {kind!r}; expected 'pns', 'pppk' or 'pppk_pw'.")
    label = _NIP_LABEL if kind == "pns" else _PPPK_LABEL
    n = _clean(number, label)
    if kind == "pns":
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"
    return f"{n[:8]} {n[8:12]} {n[12:14]} {n[14]} {n[15:]}"


def _clean(raw: str | int | float | None, label: str) -> str:
    # The common case (18 plain digits, as a roster file carries them) needs no clean-up.
    if type(raw) is str and len(raw) == NIP_LENGTH and raw.isascii() and raw.isdigit():
        return raw
    if raw is None:
        _fail("empty", "", label, gettext_noop("The {label} is empty. Enter the 18 digits."))
    if isinstance(raw, float):
        # A float holds at most 17 significant digits, so the NIP is already damaged.
        _fail_excel(repr(raw), label)
    if isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
    elif isinstance(raw, str):
        text = raw
    else:
        raise TypeError(f"A {label} must be given as text or an integer, not {type(raw).__name__}.")

    text = text.strip()
    if text and text[0] in _LEADING_QUOTES:
        text = text[1:]
    compact = "".join(ch for ch in text if not ch.isspace() and ch not in _INVISIBLE)
    if not compact:
        _fail("empty", "", label, gettext_noop("The {label} is empty. Enter the 18 digits."))
    if _EXCEL_SCIENTIFIC.fullmatch(compact) or _EXCEL_FLOAT.fullmatch(compact):
        _fail_excel(compact, label)

    bad = next((ch for ch in compact if ch not in _ASCII_DIGITS), None)
    if bad is not None:
        shown = f"'{bad}'" if bad.isprintable() else f"U+{ord(bad):04X}"
        _fail(
            "non_digit",
            bad,
            label,
            gettext_noop(
                "The {label} contains {shown}, which is not a digit. Enter the 18 digits only, "
                "with or without spaces."
            ),
            shown=shown,
        )
    if len(compact) != NIP_LENGTH:
        _fail(
            "length",
            compact,
            label,
            gettext_noop("The {label} {part} has {count} digits; it must have exactly {expected}."),
            count=len(compact),
            expected=NIP_LENGTH,
        )
    return compact


def _birth_date(number: str, label: str, today: datetime.date) -> datetime.date:
    digits = number[:8]
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if year >= MIN_BIRTH_YEAR:
        try:
            birth = datetime.date(year, month, day)
        except ValueError:
            pass  # The checks below say which part is wrong.
        else:
            if birth <= today:
                return birth
    where = _digits(1, 8)
    if not 1 <= month <= 12:
        _fail(
            "birth_date",
            digits,
            label,
            gettext_noop(
                "The birth date {part} ({where}) does not exist: there is no month {month:02d}."
            ),
            where=where,
            month=month,
        )
    days_in_month = calendar.monthrange(max(year, 1), month)[1]
    if not 1 <= day <= days_in_month:
        _fail(
            "birth_date",
            digits,
            label,
            gettext_noop(
                "The birth date {part} ({where}) does not exist: {month_name} {year} has {days} "
                "days."
            ),
            where=where,
            month_name=Phrase(_MONTHS[month]),
            year=digits[:4],
            days=days_in_month,
        )
    if year < MIN_BIRTH_YEAR:
        _fail(
            "birth_date",
            digits,
            label,
            gettext_noop(
                "The birth date {part} ({where}) is before {minimum}, which is not plausible for a "
                "serving employee."
            ),
            where=where,
            minimum=MIN_BIRTH_YEAR,
        )
    birth = datetime.date(year, month, day)
    if birth > today:
        _fail(
            "birth_date",
            digits,
            label,
            gettext_noop("The birth date {part} ({where}) is in the future."),
            where=where,
        )
    return birth


def _sex(number: str, label: str) -> str:
    digit = number[14]
    if digit not in ("1", "2"):
        _fail(
            "sex",
            digit,
            label,
            gettext_noop("The sex digit {part} ({where}) must be 1 (male) or 2 (female)."),
            where=Phrase(gettext_noop("digit {position}"), {"position": 15}),
        )
    return "M" if digit == "1" else "F"


def _sequence(number: str, label: str) -> int:
    digits = number[15:]
    if digits == "000":
        _fail(
            "sequence",
            digits,
            label,
            gettext_noop("The sequence number {part} ({where}) must be between 001 and 999."),
            where=_digits(16, 18),
        )
    return int(digits)


@functools.cache
def _digits(first: int, last: int) -> Phrase:
    # A literal en dash (it reads better than a hyphen in a range): xgettext reads neither
    # \N{...} nor \u escapes in a plain Python string, so an escape would break the msgid.
    return Phrase(gettext_noop("digits {first}–{last}"), {"first": first, "last": last})


def _fail_excel(shown: str, label: str) -> NoReturn:
    _fail(
        "excel_scientific",
        shown,
        label,
        gettext_noop(
            "The {label} {part} was converted to a number by Excel, so its last digits are lost "
            "and cannot be recovered. Format the column as Text and enter the {label} again from "
            "the SK or SIASN."
        ),
    )


def _fail(code: NipErrorCode, part: str, label: str, template: str, **fields: object) -> NoReturn:
    # Every message names the faulty part and ends by pointing to the authoritative source.
    hint = None
    if code not in {"empty", "excel_scientific"}:
        hint = Phrase(
            gettext_noop("Check the {label} on the SK or in SIASN."), {"label": Phrase(label)}
        )
    params = {"part": part, "label": Phrase(label), **fields}
    raise NipError(code, template, params, part, hint)
