from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """What an organisation unit is (DOMAIN.md: Pemda → perangkat daerah → bidang/UPT)."""

    INSTANSI = "instansi", _("Agency (Pemda)")
    SEKRETARIAT = "sekretariat", _("Secretariat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    INSPEKTORAT = "inspektorat", _("Inspectorate")
    RSD = "rsd", _("Regional hospital (RSD)")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    SATPOL = "satpol", _("Satpol PP")
    BIRO = "biro", _("Biro")
    BAGIAN = "bagian", _("Bagian")
    BIDANG = "bidang", _("Bidang")
    UPT = "upt", _("UPT")
    SEKSI = "seksi", _("Seksi / Subbagian")
    OTHER = "other", _("Other")


class EmployeeType(models.TextChoices):
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")
    PPPK_PW = "pppk_pw", _("PPPK paruh waktu")
    NON_ASN = "non_asn", _("Non-ASN")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Role(models.TextChoices):
    """Administrative roles; a superadmin is a Django superuser, an ASN a linked employee."""

    INSTANSI_ADMIN = "instansi_admin", _("Agency admin")
    UNIT_ADMIN = "unit_admin", _("Unit admin")


TIME_ZONES = [
    ("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    ("Asia/Makassar", "WITA (Asia/Makassar)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura)"),
]

# Golongan ruang of PNS (PP 99/2000) and PPPK grades I–XVII (Perpres 98/2020).
PNS_RANKS = [
    f"{group}/{letter}"
    for group, letters in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for letter in letters
]
PPPK_GRADES = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip
RANK_CHOICES = [(r, r) for r in PNS_RANKS] + [(g, g) for g in PPPK_GRADES]
