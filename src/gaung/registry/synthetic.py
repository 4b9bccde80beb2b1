"""Synthetic but valid employee numbers and names, for demo data, tests and benchmarks.

Nothing here is a real person: names are drawn from common Indonesian name parts.
"""

import datetime
import random

FIRST_NAMES = (
    "Siti", "Dewi", "Sri", "Nur", "Rina", "Ayu", "Putri", "Wulan", "Ratna", "Indah", "Lestari",
    "Fitri", "Maya", "Yuni", "Eka", "Budi", "Agus", "Joko", "Andi", "Rizky", "Dimas", "Hendra",
    "Bayu", "Fajar", "Teguh", "Wahyu", "Yusuf", "Arif", "Rudi", "Heru", "Slamet", "Bambang",
)  # fmt: skip
LAST_NAMES = (
    "Rahayu", "Wibowo", "Santoso", "Hidayat", "Saputra", "Lestari", "Kurniawan", "Pratama",
    "Setiawan", "Susanti", "Handayani", "Nugroho", "Purnomo", "Wijaya", "Utami", "Hartono",
    "Permata", "Suryani", "Firmansyah", "Ramadhan", "Maharani", "Anggraini", "Prasetyo",
)  # fmt: skip
FRONT_TITLES = ("", "", "", "", "", "Dr.", "Ir.", "H.", "Hj.", "drg.", "dr.")
BACK_TITLES = ("", "S.Sos.", "S.E.", "S.H.", "S.Kom.", "S.Pd.", "M.Si.", "S.Sos., M.Si.",
               "S.T.", "A.Md.", "S.Kep., Ns.", "M.M.")  # fmt: skip

_BASE_BIRTH = datetime.date(1965, 1, 1)
_BIRTH_CYCLE = 35 * 365
_PPPK_BIRTH_CYCLE = 20 * 365


def _birth_date(n: int) -> datetime.date:
    # Spread birth dates over ~35 years so every sequence number gives a different person.
    return _BASE_BIRTH + datetime.timedelta(days=(n * 7919) % _BIRTH_CYCLE)


def synthetic_pns_nip(n: int) -> str:
    """The n-th synthetic PNS NIP (valid date, TMT at 23–30 years of age, sex, sequence)."""
    birth = _birth_date(n)
    tmt_year = min(birth.year + 23 + n % 8, 2024)
    tmt_month = 1 + n % 12
    sex = 1 + n % 2
    # Birth dates repeat every _BIRTH_CYCLE numbers; the sequence tells those people apart.
    sequence = 1 + (n // _BIRTH_CYCLE) % 999
    return f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{sex}{sequence:03d}"


def synthetic_pppk_ni(n: int) -> str:
    """The n-th synthetic NI PPPK (appointment 2019–2025)."""
    birth = _BASE_BIRTH.replace(year=1975) + datetime.timedelta(days=(n * 7919) % _PPPK_BIRTH_CYCLE)
    year = 2019 + n % 7
    code = 10 + n % 80
    sex = 1 + n % 2
    sequence = 1 + (n // _PPPK_BIRTH_CYCLE) % 999
    return f"{birth:%Y%m%d}{year:04d}{code:02d}{sex}{sequence:03d}"


def synthetic_name(rng: random.Random) -> tuple[str, str, str]:
    """(front title, name, back title)."""
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return rng.choice(FRONT_TITLES), name, rng.choice(BACK_TITLES)
