"""Demo data: the fictional "Pemerintah Kota Harapan", its ASN, their accounts and demo logins.

Nothing here is real. The city, its units, names, NIPs and accounts are generated from a seed:
the same seed always gives the same city. Rows are written with bulk inserts (thousands of
employees in seconds), bypassing the actions; one audit event on the agency records the seed.

The demo spans the registry and the social media accounts above it, so the socials models are
imported inside the functions that need them: the registry's own module graph stays downward.
"""

from __future__ import annotations

import datetime
import math
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from gaung.core import audit
from gaung.core.choices import AuditAction
from gaung.core.models import AuditEvent
from gaung.registry.choices import EmployeeType, Role, UnitKind
from gaung.registry.models import (
    PATH_SEGMENT_WIDTH,
    ActivationToken,
    Employee,
    OrganisationUnit,
    RoleAssignment,
)
from gaung.registry.nip import NipError, parse_employee_number
from gaung.registry.synthetic import synthetic_name, synthetic_pns_nip, synthetic_pppk_ni

INSTANSI_NAME = "Pemerintah Kota Harapan"
EMAIL_DOMAIN = "kotaharapan.go.id"
# Printed at the end of every seed: these logins exist only in demo databases.
DEMO_PASSWORD = "harapan-demo-2026"  # noqa: S105
SUPERADMIN_USERNAME = "superadmin"
INSTANSI_ADMIN_USERNAME = "bkpsdm"
UNIT_ADMIN_USERNAME = "admin.dinkes"
DEFAULT_EMPLOYEES = 3000
DEFAULT_SEED = 7

# Sequence numbers for synthetic NIPs start far above the ones tests and benchmarks use, and
# each seed has its own block, so demo NIPs never collide with theirs.
_NIP_BASE = 500_000
_NIP_BLOCK = 20_000

_FEMALE_FIRST_NAMES = frozenset(
    {"Siti", "Dewi", "Sri", "Nur", "Rina", "Ayu", "Putri", "Wulan", "Ratna", "Indah"}
    | {"Lestari", "Fitri", "Maya", "Yuni", "Eka"}
)


# ---------------------------------------------------------------------------------------------
# The organisation tree
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    """One unit of the demo tree; `weight` sets its share of the employees."""

    name: str
    kind: str
    short_name: str = ""
    slug: str = ""  # stem of the unit's official account handles, e.g. "dinkes"
    weight: float = 6.0
    sector: str = ""  # "education", "health" or "" (inherited from the department)
    specialists: tuple[str, ...] = ()  # positions typical of the department
    children: tuple[UnitSpec, ...] = field(default=())


def _sekretariat(subbagian: tuple[str, ...] = ("Umum dan Kepegawaian", "Keuangan")) -> UnitSpec:
    return UnitSpec(
        "Sekretariat",
        UnitKind.SEKRETARIAT,
        weight=4,
        children=tuple(
            UnitSpec(f"Subbagian {name}", UnitKind.SEKSI, weight=4) for name in subbagian
        ),
    )


def _bidang(*names: str, weight: float = 6) -> tuple[UnitSpec, ...]:
    return tuple(UnitSpec(f"Bidang {name}", UnitKind.BIDANG, weight=weight) for name in names)


def _opd(
    name: str,
    kind: str,
    short_name: str,
    slug: str,
    *units: UnitSpec,
    specialists: tuple[str, ...] = (),
    sector: str = "",
) -> UnitSpec:
    return UnitSpec(
        name,
        kind,
        short_name=short_name,
        slug=slug,
        weight=3,
        sector=sector,
        specialists=specialists,
        children=(_sekretariat(), *units),
    )


_PUSKESMAS = ("Harapan Kota", "Sukamaju", "Sumberjaya", "Tanjung Sari", "Mekarsari", "Karanganyar",
              "Pasar Baru", "Kampung Baru")  # fmt: skip
_KECAMATAN = {
    "Harapan Utara": ("Sukamaju", "Sumberjaya", "Tanjung Sari", "Cempaka"),
    "Harapan Selatan": ("Mekarsari", "Karanganyar", "Kebonsari", "Melati", "Tegalrejo"),
    "Harapan Timur": ("Pasar Baru", "Kampung Baru", "Sidomulyo", "Kenanga"),
    "Harapan Barat": ("Harapan Kota", "Sukarame", "Bumiayu", "Wonorejo"),
}


def _kecamatan(name: str, kelurahan: tuple[str, ...]) -> UnitSpec:
    slug = "kec." + name.lower().replace("harapan ", "harapan")
    sections = ("Pemerintahan", "Ketenteraman dan Ketertiban Umum", "Pemberdayaan Masyarakat")
    return UnitSpec(
        f"Kecamatan {name}",
        UnitKind.KECAMATAN,
        short_name=f"Kec. {name}",
        slug=slug,
        weight=3,
        children=(
            UnitSpec("Sekretariat Kecamatan", UnitKind.SEKRETARIAT, weight=3),
            *(UnitSpec(f"Seksi {section}", UnitKind.SEKSI, weight=3) for section in sections),
            *(
                UnitSpec(f"Kelurahan {kel}", UnitKind.KELURAHAN, weight=6, slug="kel." + _slug(kel))
                for kel in kelurahan
            ),
        ),
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


_HEALTH = (
    "Dokter Ahli Pertama",
    "Dokter Gigi Ahli Pertama",
    "Perawat Terampil",
    "Perawat Ahli Pertama",
    "Bidan Terampil",
    "Bidan Ahli Pertama",
    "Apoteker Ahli Pertama",
    "Sanitarian Terampil",
    "Nutrisionis Terampil",
    "Perekam Medis Terampil",
    "Pranata Laboratorium Kesehatan Terampil",
    "Penyuluh Kesehatan Masyarakat Ahli Pertama",
)
_HOSPITAL = (
    *_HEALTH,
    "Dokter Spesialis Ahli Muda",
    "Perawat Ahli Muda",
    "Perawat Ahli Muda",
    "Radiografer Terampil",
    "Fisioterapis Terampil",
)
_TEACHERS = (
    "Guru Ahli Pertama",
    "Guru Ahli Pertama",
    "Guru Ahli Muda",
    "Guru Ahli Madya",
    "Guru Kelas",
    "Guru Mata Pelajaran",
    "Pustakawan Terampil",
)


def _secretariats() -> tuple[UnitSpec, ...]:
    """The Sekretariat Daerah and Sekretariat DPRD, each with its Bagian."""
    setda_bagian = (
        "Pemerintahan",
        "Hukum",
        "Organisasi",
        "Perekonomian dan Sumber Daya Alam",
        "Kesejahteraan Rakyat",
        "Administrasi Pembangunan",
        "Pengadaan Barang dan Jasa",
        "Umum",
        "Protokol dan Komunikasi Pimpinan",
    )
    setwan_bagian = (
        "Umum dan Keuangan",
        "Persidangan dan Perundang-undangan",
        "Fasilitasi Penganggaran dan Pengawasan",
    )
    return (
        UnitSpec(
            "Sekretariat Daerah",
            UnitKind.SEKRETARIAT,
            short_name="Setda",
            slug="setda",
            weight=4,
            specialists=(
                "Analis Hukum Ahli Pertama",
                "Perancang Peraturan Perundang-undangan Ahli Pertama",
                "Pranata Hubungan Masyarakat Ahli Muda",
            ),
            children=tuple(UnitSpec(f"Bagian {n}", UnitKind.BAGIAN) for n in setda_bagian),
        ),
        UnitSpec(
            "Sekretariat DPRD",
            UnitKind.SEKRETARIAT,
            short_name="Setwan",
            slug="dprd",
            weight=3,
            children=tuple(UnitSpec(f"Bagian {n}", UnitKind.BAGIAN) for n in setwan_bagian),
        ),
        UnitSpec(
            "Inspektorat Daerah",
            UnitKind.INSPEKTORAT,
            short_name="Inspektorat",
            slug="inspektorat",
            weight=3,
            specialists=(
                "Auditor Ahli Pertama",
                "Auditor Ahli Muda",
                "Pengawas Penyelenggaraan Urusan Pemerintahan Daerah Ahli Pertama",
            ),
            children=(
                _sekretariat(("Umum dan Keuangan", "Perencanaan dan Evaluasi")),
                *(
                    UnitSpec(f"Inspektur Pembantu Wilayah {n}", UnitKind.BIDANG)
                    for n in ("I", "II", "III", "IV")
                ),
            ),
        ),
    )


def _education_and_health() -> tuple[UnitSpec, ...]:
    schools = (
        *(
            UnitSpec(
                f"UPT SD Negeri {n} Kota Harapan",
                UnitKind.UPT,
                slug=f"sdn{n}.kotaharapan",
                weight=40,
                sector="education",
                specialists=_TEACHERS,
            )
            for n in range(1, 11)
        ),
        *(
            UnitSpec(
                f"UPT SMP Negeri {n} Kota Harapan",
                UnitKind.UPT,
                slug=f"smpn{n}.kotaharapan",
                weight=50,
                sector="education",
                specialists=_TEACHERS,
            )
            for n in range(1, 6)
        ),
    )
    puskesmas = tuple(
        UnitSpec(
            f"UPT Puskesmas {name}",
            UnitKind.UPT,
            slug="puskesmas." + _slug(name),
            weight=30,
            sector="health",
            specialists=_HEALTH,
        )
        for name in _PUSKESMAS
    )
    return (
        _opd(
            "Dinas Pendidikan",
            UnitKind.DINAS,
            "Disdik",
            "disdik",
            *_bidang(
                "Pembinaan PAUD dan Pendidikan Nonformal",
                "Pembinaan Sekolah Dasar",
                "Pembinaan Sekolah Menengah Pertama",
                "Guru dan Tenaga Kependidikan",
            ),
            *schools,
            specialists=("Pengembang Teknologi Pembelajaran Ahli Pertama", "Pengawas Sekolah"),
        ),
        _opd(
            "Dinas Kesehatan",
            UnitKind.DINAS,
            "Dinkes",
            "dinkes",
            *_bidang(
                "Kesehatan Masyarakat",
                "Pencegahan dan Pengendalian Penyakit",
                "Pelayanan Kesehatan",
                "Sumber Daya Kesehatan",
            ),
            *puskesmas,
            UnitSpec(
                "UPT Laboratorium Kesehatan Daerah",
                UnitKind.UPT,
                weight=10,
                sector="health",
                specialists=_HEALTH,
            ),
            UnitSpec(
                "UPT Instalasi Farmasi",
                UnitKind.UPT,
                weight=6,
                sector="health",
                specialists=_HEALTH,
            ),
            specialists=(
                "Epidemiolog Kesehatan Ahli Pertama",
                "Administrator Kesehatan Ahli Muda",
                "Penyuluh Kesehatan Masyarakat Ahli Pertama",
            ),
        ),
        UnitSpec(
            "Rumah Sakit Umum Daerah Kota Harapan",
            UnitKind.RSD,
            short_name="RSUD Kota Harapan",
            slug="rsud",
            weight=4,
            sector="health",
            specialists=_HOSPITAL,
            children=(
                UnitSpec("Bagian Umum dan Kepegawaian", UnitKind.BAGIAN, weight=10),
                UnitSpec("Bagian Keuangan", UnitKind.BAGIAN, weight=8),
                *_bidang(
                    "Pelayanan Medik", "Keperawatan", "Penunjang Medik dan Nonmedik", weight=45
                ),
            ),
        ),
    )


# The departments that have only a Sekretariat, bidang and UPTs:
# (name, kind, short name, handle stem, bidang, UPTs, positions typical of the department).
# fmt: off
_DEPARTMENTS = (
    ("Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", UnitKind.BADAN, "Bapperida",
     "bapperida",
     ("Perencanaan Pemerintahan dan Pembangunan Manusia",
      "Perencanaan Perekonomian dan Sumber Daya Alam", "Infrastruktur dan Kewilayahan",
      "Riset dan Inovasi"),
     (), ("Perencana Ahli Pertama", "Perencana Ahli Muda", "Peneliti Ahli Pertama")),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", UnitKind.BADAN, "BKPSDM", "bkpsdm",
     ("Pengadaan, Pemberhentian dan Informasi", "Mutasi dan Promosi", "Pengembangan Kompetensi",
      "Penilaian Kinerja dan Penghargaan"),
     (), ("Analis Sumber Daya Manusia Aparatur Ahli Pertama",
          "Analis Sumber Daya Manusia Aparatur Ahli Muda", "Pranata Komputer Ahli Pertama")),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", UnitKind.BADAN, "BPKAD", "bpkad",
     ("Anggaran", "Perbendaharaan", "Akuntansi", "Pengelolaan Aset"),
     (), ("Analis Keuangan Pusat dan Daerah Ahli Pertama", "Pengelola Barang Milik Daerah")),
    ("Badan Pendapatan Daerah", UnitKind.BADAN, "Bapenda", "bapenda",
     ("Pendaftaran dan Penetapan", "Penagihan dan Keberatan", "PBB dan BPHTB"),
     ("Pendapatan Wilayah I", "Pendapatan Wilayah II"),
     ("Analis Keuangan Pusat dan Daerah Ahli Pertama", "Penilai Pajak")),
    ("Badan Penanggulangan Bencana Daerah", UnitKind.BADAN, "BPBD", "bpbd",
     ("Pencegahan dan Kesiapsiagaan", "Kedaruratan dan Logistik",
      "Rehabilitasi dan Rekonstruksi"),
     (), ("Analis Bencana Ahli Pertama", "Operator Pusdalops")),
    ("Badan Kesatuan Bangsa dan Politik", UnitKind.BADAN, "Kesbangpol", "kesbangpol",
     ("Ideologi dan Wawasan Kebangsaan", "Politik Dalam Negeri",
      "Ketahanan Ekonomi, Sosial, Budaya dan Organisasi Kemasyarakatan"),
     (), ()),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", UnitKind.DINAS, "DPUPR", "pupr",
     ("Bina Marga", "Sumber Daya Air", "Cipta Karya", "Penataan Ruang", "Bina Konstruksi"),
     ("Peralatan dan Perbekalan",),
     ("Teknik Jalan dan Jembatan Ahli Pertama", "Penata Ruang Ahli Pertama",
      "Teknik Tata Bangunan dan Perumahan Ahli Pertama")),
    ("Dinas Perumahan dan Kawasan Permukiman", UnitKind.DINAS, "Disperkim", "perkim",
     ("Perumahan", "Kawasan Permukiman", "Pertamanan dan Pemakaman"), (), ()),
    ("Dinas Sosial", UnitKind.DINAS, "Dinsos", "dinsos",
     ("Rehabilitasi Sosial", "Perlindungan dan Jaminan Sosial",
      "Pemberdayaan Sosial dan Penanganan Fakir Miskin"),
     ("Rumah Singgah",), ("Pekerja Sosial Ahli Pertama", "Penyuluh Sosial Ahli Pertama")),
    ("Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga "
     "Berencana", UnitKind.DINAS, "DP3AP2KB", "dp3ap2kb",
     ("Pemberdayaan Perempuan", "Perlindungan Anak", "Pengendalian Penduduk",
      "Keluarga Berencana"),
     ("Perlindungan Perempuan dan Anak",),
     ("Penyuluh Keluarga Berencana Ahli Pertama", "Analis Perlindungan Anak")),
    ("Dinas Tenaga Kerja", UnitKind.DINAS, "Disnaker", "disnaker",
     ("Pelatihan dan Penempatan Tenaga Kerja", "Hubungan Industrial"),
     ("Balai Latihan Kerja",),
     ("Mediator Hubungan Industrial Ahli Pertama", "Instruktur Ahli Pertama")),
    ("Dinas Koperasi, Usaha Kecil dan Menengah", UnitKind.DINAS, "Diskop UKM", "diskopukm",
     ("Koperasi", "Usaha Kecil dan Menengah"), (), ()),
    ("Dinas Perindustrian dan Perdagangan", UnitKind.DINAS, "Disperindag", "disperindag",
     ("Perindustrian", "Perdagangan", "Metrologi Legal"),
     ("Pengelolaan Pasar",), ("Penera Ahli Pertama", "Pengawas Perdagangan Ahli Pertama")),
    ("Dinas Ketahanan Pangan dan Pertanian", UnitKind.DINAS, "DKPP", "dkpp",
     ("Ketahanan Pangan", "Pertanian", "Peternakan dan Kesehatan Hewan"),
     ("Rumah Potong Hewan",), ("Penyuluh Pertanian Ahli Pertama", "Medik Veteriner Ahli Pertama")),
    ("Dinas Perhubungan", UnitKind.DINAS, "Dishub", "dishub",
     ("Lalu Lintas", "Angkutan", "Pengendalian dan Operasional"),
     ("Pengujian Kendaraan Bermotor", "Perparkiran"),
     ("Penguji Kendaraan Bermotor Terampil", "Petugas Lalu Lintas")),
    ("Dinas Lingkungan Hidup", UnitKind.DINAS, "DLH", "dlh",
     ("Tata Lingkungan", "Pengelolaan Sampah", "Pengendalian Pencemaran"),
     ("Tempat Pemrosesan Akhir",),
     ("Pengendali Dampak Lingkungan Ahli Pertama", "Pengawas Lingkungan Hidup Ahli Pertama")),
    ("Dinas Kependudukan dan Pencatatan Sipil", UnitKind.DINAS, "Disdukcapil", "dukcapil",
     ("Pelayanan Pendaftaran Penduduk", "Pelayanan Pencatatan Sipil",
      "Pengelolaan Informasi Administrasi Kependudukan"),
     (), ("Administrator Database Kependudukan Ahli Pertama", "Pranata Komputer Terampil")),
    ("Dinas Komunikasi dan Informatika", UnitKind.DINAS, "Diskominfo", "diskominfo",
     ("Informasi dan Komunikasi Publik", "Aplikasi Informatika", "Persandian dan Statistik"),
     (), ("Pranata Hubungan Masyarakat Ahli Pertama", "Pranata Hubungan Masyarakat Ahli Muda",
          "Pranata Komputer Ahli Pertama", "Statistisi Ahli Pertama", "Sandiman Ahli Pertama")),
    ("Dinas Kepemudaan, Olahraga dan Pariwisata", UnitKind.DINAS, "Disporapar", "disporapar",
     ("Kepemudaan", "Olahraga", "Pariwisata", "Ekonomi Kreatif"),
     (), ("Pengelola Pariwisata", "Pelatih Olahraga")),
    ("Dinas Perpustakaan dan Kearsipan", UnitKind.DINAS, "Dispusip", "dispusip",
     ("Perpustakaan", "Kearsipan"),
     (), ("Pustakawan Ahli Pertama", "Pustakawan Terampil", "Arsiparis Terampil")),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", UnitKind.DINAS, "DPMPTSP",
     "dpmptsp",
     ("Penanaman Modal", "Pelayanan Perizinan", "Pengaduan dan Informasi"),
     (), ("Analis Perizinan", "Penata Perizinan Ahli Pertama")),
)
# fmt: on


def _departments() -> tuple[UnitSpec, ...]:
    return tuple(
        _opd(
            name,
            kind,
            short_name,
            slug,
            *_bidang(*bidang),
            *(UnitSpec(f"UPT {upt}", UnitKind.UPT, weight=8) for upt in upts),
            specialists=specialists,
        )
        for name, kind, short_name, slug, bidang, upts, specialists in _DEPARTMENTS
    )


def _satpol_pp() -> UnitSpec:
    return _opd(
        "Satuan Polisi Pamong Praja",
        UnitKind.SATPOL,
        "Satpol PP",
        "satpolpp",
        *_bidang(
            "Penegakan Peraturan Daerah",
            "Ketertiban Umum dan Ketenteraman Masyarakat",
            "Perlindungan Masyarakat",
            "Pemadam Kebakaran dan Penyelamatan",
            weight=12,
        ),
        specialists=(
            "Polisi Pamong Praja Terampil",
            "Polisi Pamong Praja Pemula",
            "Pemadam Kebakaran Terampil",
        ),
    )


def demo_tree() -> UnitSpec:
    """The whole organisation of Kota Harapan: about 30 perangkat daerah with their units."""
    return UnitSpec(
        INSTANSI_NAME,
        UnitKind.INSTANSI,
        short_name="Pemkot Harapan",
        slug="pemkotharapan",
        weight=0,
        children=(
            *_secretariats(),
            *_departments(),
            *_education_and_health(),
            _satpol_pp(),
            *(_kecamatan(name, kelurahan) for name, kelurahan in _KECAMATAN.items()),
        ),
    )


# ---------------------------------------------------------------------------------------------
# Positions, ranks and names
# ---------------------------------------------------------------------------------------------

_GENERAL_POSITIONS = (
    "Analis Kebijakan Ahli Pertama", "Analis Kebijakan Ahli Muda", "Penata Layanan Operasional",
    "Penata Layanan Operasional", "Pengelola Layanan Operasional", "Operator Layanan Operasional",
    "Arsiparis Terampil", "Pranata Komputer Ahli Pertama", "Perencana Ahli Pertama",
    "Analis Keuangan Pusat dan Daerah Ahli Pertama", "Pengadministrasi Perkantoran",
)  # fmt: skip
_SUPPORT_POSITIONS = ("Pengadministrasi Perkantoran", "Operator Layanan Operasional",
                      "Pengemudi", "Petugas Keamanan", "Pramu Bakti")  # fmt: skip
_PNS_RANK_WEIGHTS = {
    "I/c": 0.5, "I/d": 0.5, "II/a": 3, "II/b": 3, "II/c": 4, "II/d": 4, "III/a": 14,
    "III/b": 16, "III/c": 14, "III/d": 12, "IV/a": 7, "IV/b": 3, "IV/c": 1,
}  # fmt: skip
_PPPK_GRADE_WEIGHTS = {"V": 10, "VII": 25, "IX": 55, "X": 5, "XI": 5}
_HEAD_RANKS = {1: ("IV/b", "IV/c", "IV/d"), 2: ("III/d", "IV/a", "IV/b"), 3: ("III/c", "III/d")}


def _head_position(unit: UnitSpec) -> str:
    """The title of the person who leads the unit."""
    name = unit.name
    if unit.kind == UnitKind.INSPEKTORAT:
        return "Inspektur"
    if unit.kind == UnitKind.RSD:
        return f"Direktur {unit.short_name}"
    if name == "Sekretariat Daerah":
        return "Sekretaris Daerah"
    if name == "Sekretariat DPRD":
        return "Sekretaris DPRD"
    if name == "Sekretariat Kecamatan":
        return "Sekretaris Camat"
    if name == "Sekretariat":
        return "Sekretaris"
    if unit.kind == UnitKind.KECAMATAN:
        return "Camat " + name.removeprefix("Kecamatan ")
    if unit.kind == UnitKind.KELURAHAN:
        return "Lurah " + name.removeprefix("Kelurahan ")
    if unit.kind == UnitKind.SATPOL:
        return "Kepala Satuan Polisi Pamong Praja"
    if name.startswith("Inspektur"):
        return name
    if unit.sector == "education" and unit.kind == UnitKind.UPT:
        return "Kepala Sekolah"
    if name.startswith("UPT Puskesmas"):
        return "Kepala Puskesmas " + name.removeprefix("UPT Puskesmas ")
    return f"Kepala {name}"


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _titles(
    rng: random.Random, front: str, back: str, position: str, female: bool
) -> tuple[str, str]:
    """Academic titles that fit the person's sex and profession."""
    if front in {"H.", "Hj."}:
        front = "Hj." if female else "H."
    if position.startswith("Dokter Gigi"):
        front, back = "drg.", rng.choice(("", "", "M.Kes."))
    elif position.startswith("Dokter Spesialis"):
        front, back = "dr.", rng.choice(("Sp.PD.", "Sp.A.", "Sp.OG.", "Sp.B.", "Sp.An."))
    elif position.startswith("Dokter"):
        front, back = "dr.", rng.choice(("", "", "M.Kes."))
    elif front in {"dr.", "drg."}:
        front = ""
    if position.startswith("Guru"):
        back = rng.choice(("S.Pd.", "S.Pd.", "S.Pd., M.Pd.", "S.Pd.SD.", "S.Si.", "S.Ag."))
    elif position.startswith("Perawat"):
        back = rng.choice(("S.Kep., Ns.", "A.Md.Kep.", "A.Md.Kep."))
    elif position.startswith("Bidan"):
        back = rng.choice(("A.Md.Keb.", "S.Tr.Keb."))
    elif back in {"S.Kep., Ns."}:
        back = rng.choice(("S.E.", "S.Sos."))
    return front, back


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


# ---------------------------------------------------------------------------------------------
# Social media accounts
# ---------------------------------------------------------------------------------------------

_PERSONAL_PLATFORMS = {"instagram": 45, "facebook": 25, "tiktok": 15, "youtube": 6, "x": 5,
                       "threads": 4}  # fmt: skip
# Median followers and spread (log-normal) of personal accounts by platform.
_PERSONAL_FOLLOWERS = {"instagram": (450, 1.1), "facebook": (700, 0.9), "tiktok": (300, 1.6),
                       "youtube": (60, 1.5), "x": (120, 1.2), "threads": (150, 1.0)}  # fmt: skip
_OFFICIAL_FOLLOWERS = {"instagram": (4000, 0.8), "facebook": (3000, 0.8), "tiktok": (1500, 1.2),
                       "youtube": (800, 1.0), "x": (600, 1.0), "threads": (900, 0.8)}  # fmt: skip
_REJECTION_REASONS = (
    "Akun tidak ditemukan; periksa kembali nama pengguna lalu daftarkan ulang.",
    "Akun ini bukan milik pegawai yang bersangkutan.",
    "Akun bersifat privat sehingga tidak dapat diperiksa; ubah ke publik lalu ajukan lagi.",
    "Nama pada profil tidak sesuai dengan nama pegawai.",
)


def _followers(rng: random.Random, median: float, sigma: float, scale: float = 1.0) -> int:
    return min(int(rng.lognormvariate(math.log(median * scale), sigma)), 25_000_000)


def _handle_candidates(rng: random.Random, name: str) -> Iterator[str]:
    """Handles people pick from their name: sitirahayu, siti.rahayu87, rahayu_siti, ..."""
    parts = _ascii(name).split()
    first, last = parts[0], parts[-1]
    stems = (f"{first}{last}", f"{first}.{last}", f"{first}_{last}", f"{last}.{first}",
             f"{first}{last[:3]}", f"{first}_{last[0]}")  # fmt: skip
    while True:
        stem = rng.choice(stems)
        yield stem + rng.choice(("", str(rng.randint(1, 99)), str(rng.randint(70, 99))))


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


@dataclass
class DemoLogin:
    """One demo login, printed for the person trying the product."""

    role: str
    username: str
    note: str


@dataclass
class DemoResult:
    """What seed() did: counts and the logins to print."""

    created: bool
    units: int = 0
    employees: int = 0
    accounts: int = 0
    logins: list[DemoLogin] = field(default_factory=list)
    password: str = DEMO_PASSWORD


def demo_root() -> OrganisationUnit | None:
    """The demo agency, when the demo data is present."""
    return OrganisationUnit.objects.filter(parent=None, name=INSTANSI_NAME).first()


def _users():
    return get_user_model().objects


def reset() -> None:
    """Wipe the registry and social media accounts (and their audit events and ASN logins)."""
    from gaung.socials.models import SocialAccount

    asn_user_ids = list(Employee.objects.filter(user__isnull=False).values_list("user", flat=True))
    SocialAccount.objects.all().delete()
    ActivationToken.objects.all().delete()
    RoleAssignment.objects.all().delete()
    Employee.objects.all().delete()
    depths = OrganisationUnit.objects.values_list("depth", flat=True).distinct()
    for depth in sorted(set(depths), reverse=True):
        OrganisationUnit.objects.filter(depth=depth).delete()
    content_types = ContentType.objects.filter(app_label__in=["registry", "socials"])
    AuditEvent.objects.filter(content_type__in=content_types).delete()
    demo_usernames = [SUPERADMIN_USERNAME, INSTANSI_ADMIN_USERNAME, UNIT_ADMIN_USERNAME]
    _users().filter(pk__in=asn_user_ids).delete()
    _users().filter(username__in=demo_usernames).delete()


class _Generator:
    """Builds the demo rows in memory, then writes them in bulk."""

    def __init__(self, *, employees: int, seed: int, today: datetime.date) -> None:
        self.rng = random.Random(seed)
        self.employee_count = employees
        self.today = today
        self.now = timezone.now()
        self.tree = demo_tree()
        # Every unit with its spec and its department's (depth-1) spec, in creation order.
        self.units: list[tuple[OrganisationUnit, UnitSpec, UnitSpec | None]] = []
        self.nip_next = {
            ("pns", "M"): _NIP_BASE + seed * _NIP_BLOCK,
            ("pns", "F"): _NIP_BASE + seed * _NIP_BLOCK + 1,
            ("pppk", "M"): _NIP_BASE + seed * _NIP_BLOCK,
            ("pppk", "F"): _NIP_BASE + seed * _NIP_BLOCK + 1,
        }
        self.used_nips: set[str] = set()
        self.used_emails: Counter[str] = Counter()
        self.used_handles: set[str] = set()
        self._department_slugs: dict[str, str] = {}

    # -- units ----------------------------------------------------------------------------

    def create_units(self) -> None:
        """Insert the tree level by level; paths are computed here from the new primary keys."""
        level: list[tuple[UnitSpec, OrganisationUnit | None, UnitSpec | None, str]] = [
            (self.tree, None, None, "KH")
        ]
        depth = 0
        while level:
            rows = []
            for index, (spec, parent, _department, code) in enumerate(level):
                rows.append(
                    OrganisationUnit(
                        parent=parent, name=spec.name, short_name=spec.short_name,
                        kind=spec.kind, code=code, time_zone="Asia/Jakarta", depth=depth,
                        path=f"tmp-demo-{depth}-{index}",
                    )
                )  # fmt: skip
            OrganisationUnit.objects.bulk_create(rows)
            for unit in rows:
                parent_path = unit.parent.path if unit.parent else ""
                unit.path = f"{parent_path}{unit.pk:0{PATH_SEGMENT_WIDTH}d}."
            OrganisationUnit.objects.bulk_update(rows, ["path"])
            next_level = []
            for unit, (spec, _parent, department, code) in zip(rows, level, strict=True):
                department = spec if depth == 1 else department
                self.units.append((unit, spec, department))
                for number, child in enumerate(spec.children, start=1):
                    next_level.append((child, unit, department, f"{code}.{number:02d}"))
            level = next_level
            depth += 1

    # -- employees ------------------------------------------------------------------------

    def _allocation(self) -> list[int]:
        """Employees per unit: one for every unit that has a head, the rest by weight."""
        staffed = [spec.weight > 0 for _unit, spec, _department in self.units]
        base = [1 if has_staff else 0 for has_staff in staffed]
        remaining = self.employee_count - sum(base)
        if remaining < 0:
            raise ValueError(
                f"The demo city has {sum(base)} staffed units: ask for at least that many "
                "employees."
            )
        weights = [spec.weight for _unit, spec, _department in self.units]
        total = sum(weights)
        shares = [remaining * weight / total for weight in weights]
        counts = [b + int(share) for b, share in zip(base, shares, strict=True)]
        # Largest remainders get the employees that rounding down left over.
        leftover = self.employee_count - sum(counts)
        order = sorted(range(len(shares)), key=lambda i: (-(shares[i] % 1), i))
        for i in order[:leftover]:
            counts[i] += 1
        return counts

    def _next_nip(self, kind: str, sex: str) -> str:
        make = synthetic_pns_nip if kind == "pns" else synthetic_pppk_ni
        while True:
            n = self.nip_next[(kind, sex)]
            self.nip_next[(kind, sex)] = n + 2  # parity of n is the sex digit
            nip = make(n)
            if nip not in self.used_nips:
                self.used_nips.add(nip)
                return nip

    def _email(self, name: str) -> str:
        parts = _ascii(name).split()
        local = f"{parts[0]}.{parts[-1]}"
        self.used_emails[local] += 1
        count = self.used_emails[local]
        return f"{local}{count if count > 1 else ''}@{EMAIL_DOMAIN}"

    def _employee_type(self, sector: str) -> str:
        pppk_share = 0.28 if sector in {"education", "health"} else 0.16
        roll = self.rng.random()
        if roll < 0.02:
            return EmployeeType.NON_ASN
        if roll < 0.05:
            return EmployeeType.PPPK_PW
        if roll < 0.05 + pppk_share:
            return EmployeeType.PPPK
        return EmployeeType.PNS

    def _make_employee(
        self, unit: OrganisationUnit, spec: UnitSpec, department: UnitSpec | None, head: bool
    ) -> Employee:
        rng = self.rng
        sector = spec.sector or (department.sector if department else "")
        employee_type = EmployeeType.PNS if head else self._employee_type(sector)
        front, name, back = synthetic_name(rng)
        female = name.split()[0] in _FEMALE_FIRST_NAMES
        if head:
            position = _head_position(spec)
        elif employee_type in {EmployeeType.NON_ASN, EmployeeType.PPPK_PW}:
            position = rng.choice(_SUPPORT_POSITIONS)
        else:
            specialists = spec.specialists or (department.specialists if department else ())
            use_specialist = specialists and rng.random() < (0.85 if sector else 0.5)
            position = rng.choice(specialists if use_specialist else _GENERAL_POSITIONS)
        front, back = _titles(rng, front, back, position, female)
        if employee_type in {EmployeeType.NON_ASN, EmployeeType.PPPK_PW}:
            front, back = ("", rng.choice(("", "", "A.Md.", "S.E.")))
        employee = Employee(
            employee_type=employee_type, front_title=front, name=name, back_title=back,
            position=position, unit=unit, is_active=True,
        )  # fmt: skip
        sex = "F" if female else "M"
        if employee_type == EmployeeType.NON_ASN:
            employee.sex = sex
        else:
            kind = "pns" if employee_type == EmployeeType.PNS else "pppk"
            while True:
                nip = self._next_nip(kind, sex)
                try:
                    decoded = parse_employee_number(nip, employee_type, today=self.today)
                except NipError:
                    continue  # e.g. a synthetic birth date too young for the appointment year
                break
            employee.nip = decoded.number
            employee.birth_date = decoded.birth_date
            employee.sex = decoded.sex
            employee.tmt_cpns = decoded.tmt_cpns
            employee.appointment_year = decoded.appointment_year
        if employee_type == EmployeeType.PNS:
            employee.rank = (
                rng.choice(_HEAD_RANKS.get(unit.depth, ("III/c", "III/d")))
                if head
                else _weighted(rng, _PNS_RANK_WEIGHTS)
            )
        elif employee_type == EmployeeType.PPPK:
            employee.rank = (
                "IX" if position.startswith("Guru") else _weighted(rng, _PPPK_GRADE_WEIGHTS)
            )
        if employee_type != EmployeeType.NON_ASN or rng.random() < 0.5:
            employee.email = self._email(name)
        return employee

    def create_employees(self) -> list[tuple[Employee, UnitSpec, UnitSpec | None]]:
        """Insert every employee; the first in each unit is its head."""
        made = []
        for (unit, spec, department), count in zip(self.units, self._allocation(), strict=True):
            for index in range(count):
                made.append(
                    (self._make_employee(unit, spec, department, index == 0), spec, department)
                )
        Employee.objects.bulk_create([employee for employee, _spec, _dept in made], batch_size=500)
        return made

    # -- accounts -------------------------------------------------------------------------

    def _claim(self, platform: str, raw: str):
        """The normalised account for `raw`, or None when it is invalid or already taken."""
        from gaung.socials.handles import HandleError, normalise_account

        try:
            account = normalise_account(platform, raw)
        except HandleError:
            return None
        if account.key in self.used_handles:
            return None
        self.used_handles.add(account.key)
        return account

    def _review_fields(self, reviewer, *, official: bool) -> dict:
        from gaung.socials.choices import AccountStatus

        roll = self.rng.random()
        verified_share, unverified_share, rejected_share = (
            (0.88, 0.10, 0.0) if official else (0.75, 0.17, 0.05)
        )
        if roll < verified_share:
            status = AccountStatus.VERIFIED
        elif roll < verified_share + unverified_share:
            status = AccountStatus.UNVERIFIED
        elif roll < verified_share + unverified_share + rejected_share:
            status = AccountStatus.REJECTED
        else:
            status = AccountStatus.INACTIVE
        fields = {"status": status}
        if status != AccountStatus.UNVERIFIED:
            reviewed = self.now - datetime.timedelta(
                days=self.rng.randint(1, 120), minutes=self.rng.randint(0, 600)
            )
            fields |= {"verified_by": reviewer, "verified_at": reviewed}
        if status == AccountStatus.REJECTED:
            fields["rejection_reason"] = self.rng.choice(_REJECTION_REASONS)
        return fields

    def _as_of(self) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(0, 45))

    def official_accounts(self, reviewers: dict[str, object]) -> list:
        """Each department's accounts (Instagram always), and those of its busiest units."""
        from gaung.socials.models import SocialAccount

        rng = self.rng
        accounts = []
        for unit, spec, _department in self.units:
            if not spec.slug:
                continue
            if unit.depth == 0:
                platforms = ["instagram", "facebook", "youtube", "tiktok", "x", "threads"]
                scale = 12.0
            elif unit.depth == 1:
                platforms = ["instagram"] + [
                    platform for platform, share in
                    (("facebook", 0.8), ("tiktok", 0.45), ("youtube", 0.35), ("x", 0.25))
                    if spec.slug == "diskominfo" or rng.random() < share
                ]  # fmt: skip
                scale = 3.0 if spec.slug in {"diskominfo", "dinkes", "setda"} else 1.0
            else:
                platforms = ["instagram"] + (["facebook"] if rng.random() < 0.4 else [])
                scale = 0.3
            reviewer = self._reviewer(unit, reviewers)
            for platform in platforms:
                normalised = self._claim(platform, self._official_handle(spec, platform))
                if normalised is None:
                    continue
                median, sigma = _OFFICIAL_FOLLOWERS[platform]
                accounts.append(
                    SocialAccount(
                        platform=normalised.platform, handle=normalised.handle,
                        handle_kind=normalised.kind, profile_url=normalised.profile_url,
                        owner_unit=unit, display_name=spec.short_name or spec.name,
                        followers=_followers(rng, median, sigma, scale),
                        followers_as_of=self._as_of(),
                        **self._review_fields(reviewer, official=True),
                    )
                )  # fmt: skip
        return accounts

    def _official_handle(self, spec: UnitSpec, platform: str) -> str:
        slug = spec.slug
        # The agency's own name, or one that already names the place (puskesmas.sukamaju),
        # stands alone; a department's gets the city: dinkes.kotaharapan.
        alone = spec.kind == UnitKind.INSTANSI or "." in slug
        stem = slug if alone else f"{slug}.kotaharapan"
        if platform == "youtube":
            return "@" + stem.replace(".", "")
        if platform == "x":  # at most 15 characters, no dots
            short = slug.replace(".", "")
            if spec.kind == UnitKind.INSTANSI:
                return short[:15]
            return f"{short}_harapan" if len(short) <= 7 else f"{short[:11]}_khr"
        return stem

    def _reviewer(self, unit: OrganisationUnit, reviewers: dict[str, object]):
        """Dinkes' admin reviews accounts in Dinas Kesehatan; BKPSDM reviews the rest."""
        department_path = unit.path[: 2 * (PATH_SEGMENT_WIDTH + 1)]
        slug = self._department_slugs.get(department_path)
        return reviewers["dinkes" if slug == "dinkes" else "instansi"]

    def personal_accounts(self, employees, reviewers: dict[str, object], asn: Employee) -> list:
        """About 60 % of employees have at least one personal account."""
        from gaung.socials.choices import AccountStatus
        from gaung.socials.models import SocialAccount

        rng = self.rng
        accounts = []
        for employee, _spec, _department in employees:
            if employee.pk == asn.pk:
                platforms = ["instagram"]
            elif rng.random() < 0.6:
                how_many = rng.choices((1, 2, 3, 4), weights=(55, 30, 12, 3))[0]
                pool = dict(_PERSONAL_PLATFORMS)
                platforms = []
                for _ in range(how_many):
                    platform = _weighted(rng, pool)
                    platforms.append(platform)
                    del pool[platform]
            else:
                continue
            reviewer = self._reviewer(employee.unit, reviewers)
            instagram_handle = None
            for platform in platforms:
                normalised = None
                if platform == "threads" and instagram_handle:
                    # A Threads profile is an Instagram account under the same name.
                    normalised = self._claim("threads", instagram_handle)
                candidates = _handle_candidates(rng, employee.name)
                for _attempt in range(20):
                    if normalised is not None:
                        break
                    normalised = self._claim(platform, next(candidates))
                if normalised is None:
                    continue
                if platform == "instagram":
                    instagram_handle = normalised.handle
                median, sigma = _PERSONAL_FOLLOWERS[platform]
                known = rng.random() < 0.93
                review = (
                    {"status": AccountStatus.UNVERIFIED}
                    if employee.pk == asn.pk
                    else self._review_fields(reviewer, official=False)
                )
                accounts.append(
                    SocialAccount(
                        platform=normalised.platform, handle=normalised.handle,
                        handle_kind=normalised.kind, profile_url=normalised.profile_url,
                        owner_employee=employee, display_name=employee.name,
                        followers=_followers(rng, median, sigma) if known else None,
                        followers_as_of=self._as_of() if known else None,
                        **review,
                    )
                )  # fmt: skip
        return accounts

    def index_departments(self) -> None:
        """Remember each department's handle stem by its path, to pick account reviewers."""
        self._department_slugs = {
            unit.path: spec.slug for unit, spec, _department in self.units if unit.depth == 1
        }


def _ensure_user(username: str, password_hash: str, **fields):
    """Create the demo login, or give an existing one the demo password again."""
    user, _created = _users().update_or_create(
        username=username, defaults={"password": password_hash, "is_active": True, **fields}
    )
    return user


def _asn_employee(dinkes: OrganisationUnit) -> Employee | None:
    """The demo ASN: the first staff member (not the head) of Dinkes' disease-control bidang."""
    p2p = dinkes.children.filter(name="Bidang Pencegahan dan Pengendalian Penyakit").first()
    if p2p is None:
        return None
    staff = list(p2p.employees.filter(employee_type=EmployeeType.PNS).order_by("pk")[:2])
    return staff[-1] if staff else None


def ensure_logins(root: OrganisationUnit) -> list[DemoLogin]:
    """Create (or reset the password of) one demo login per role; returns them for printing."""
    password_hash = make_password(DEMO_PASSWORD)
    dinkes = root.children.get(name="Dinas Kesehatan")
    superadmin = _ensure_user(
        SUPERADMIN_USERNAME, password_hash, is_superuser=True, is_staff=True,
        email=f"superadmin@{EMAIL_DOMAIN}", first_name="Super", last_name="Admin",
    )  # fmt: skip
    instansi_admin = _ensure_user(
        INSTANSI_ADMIN_USERNAME, password_hash, email=f"bkpsdm@{EMAIL_DOMAIN}",
        first_name="Admin", last_name="BKPSDM",
    )  # fmt: skip
    RoleAssignment.objects.get_or_create(user=instansi_admin, role=Role.INSTANSI_ADMIN, unit=root)
    unit_admin = _ensure_user(
        UNIT_ADMIN_USERNAME, password_hash, email=f"admin.dinkes@{EMAIL_DOMAIN}",
        first_name="Admin", last_name="Dinas Kesehatan",
    )  # fmt: skip
    RoleAssignment.objects.get_or_create(user=unit_admin, role=Role.UNIT_ADMIN, unit=dinkes)
    logins = [
        DemoLogin("Superadmin", superadmin.username, "everything; Django admin at /django-admin/"),
        DemoLogin("Agency admin", instansi_admin.username, f"all of {root.name}"),
        DemoLogin("Unit admin", unit_admin.username, f"{dinkes.name} and its units"),
    ]
    asn = _asn_employee(dinkes)
    if asn is not None:
        user = asn.user or _users().filter(username=asn.nip).first()
        if user is None:
            user = _ensure_user(asn.nip, password_hash, email=asn.email, first_name=asn.name[:150])
        else:
            user.password, user.is_active = password_hash, True
            user.save(update_fields=["password", "is_active"])
        if asn.user_id != user.pk:
            asn.user = user
            asn.save(update_fields=["user"])
        logins.append(DemoLogin("ASN (employee)", user.username, f"own accounts ({asn.full_name})"))
    return logins


@transaction.atomic
def seed(
    *,
    employees: int = DEFAULT_EMPLOYEES,
    seed: int = DEFAULT_SEED,
    wipe: bool = False,
    today: datetime.date | None = None,
) -> DemoResult:
    """Create the demo city unless it exists; `wipe` first empties the registry and accounts."""
    from gaung.socials.models import SocialAccount

    if wipe:
        try:
            reset()
        except ProtectedError as error:
            raise ValueError(
                "Other records still refer to the registry (e.g. content or campaigns); "
                "remove them before resetting the demo data."
            ) from error
    root = demo_root()
    if root is not None:
        return DemoResult(created=False, logins=ensure_logins(root))

    generator = _Generator(employees=employees, seed=seed, today=today or timezone.localdate())
    generator.create_units()
    generator.index_departments()
    made = generator.create_employees()
    root = generator.units[0][0]
    logins = ensure_logins(root)
    dinkes = root.children.get(name="Dinas Kesehatan")
    asn = _asn_employee(dinkes)
    reviewers = {
        "instansi": _users().get(username=INSTANSI_ADMIN_USERNAME),
        "dinkes": _users().get(username=UNIT_ADMIN_USERNAME),
    }
    accounts = generator.official_accounts(reviewers)
    accounts += generator.personal_accounts(made, reviewers, asn)
    SocialAccount.objects.bulk_create(accounts, batch_size=500)
    result = DemoResult(
        created=True,
        units=len(generator.units),
        employees=len(made),
        accounts=len(accounts),
        logins=logins,
    )
    audit.record(
        None, AuditAction.CREATE, root, unit_path=root.path,
        note=(
            f"Demo data generated (seed {seed}): {result.units} units, {result.employees} "
            f"employees, {result.accounts} social media accounts, {len(logins)} demo logins."
        ),
    )  # fmt: skip
    return result


__all__ = ["DEMO_PASSWORD", "DemoLogin", "DemoResult", "demo_root", "demo_tree", "reset", "seed"]
