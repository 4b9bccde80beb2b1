"""Bahasa Indonesia by default: a complete catalogue, translated errors, Indonesian formats."""

import ast
import datetime
import re
import shutil
import string
import subprocess
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.management import call_command
from django.template import Context, Template
from django.utils import formats, translation
from django.utils.translation import gettext

from gaung.core.permissions import ValidationError
from gaung.registry import actions as registry_actions
from gaung.registry.models import Employee
from gaung.socials import actions as socials_actions
from gaung.socials.handles import HandleError, normalise_account
from gaung.socials.models import SocialAccount

SRC_DIR = Path(settings.LOCALE_PATHS[0]).parent
CATALOGUE = SRC_DIR / "locale" / "id" / "LC_MESSAGES" / "django.po"
EMPLOYEES_URL = "/employees/"
LOGIN_URL = "/auth/login/"


MESSAGE_LINE = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) (".*")')


@dataclass
class Entry:
    """One message of a .po file."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """Parse a .po file with the standard library (obsolete entries are skipped)."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal entry, target
        if entry.msgstr:
            entries.append(entry)
        entry, target = Entry(), None

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            finish()
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := MESSAGE_LINE.fullmatch(line):
            keyword, index, text = match.groups()
            value = ast.literal_eval(text)  # .po strings use the C escapes Python reads too
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = value
            else:
                target = (keyword, 0)
                setattr(entry, keyword, value)
                entry.line = entry.line or number
        elif line.startswith('"') and target is not None:
            value = ast.literal_eval(line)
            if target[0] == "msgstr":
                entry.msgstr[target[1]] += value
            else:
                setattr(entry, target[0], getattr(entry, target[0]) + value)
        else:
            raise AssertionError(f"{path}:{number}: unexpected line {line!r}")
    finish()
    return entries


def messages(path: Path = CATALOGUE) -> list[Entry]:
    """The catalogue's messages, without the header."""
    return [entry for entry in read_po(path) if entry.msgid or entry.msgctxt]


def percent_fields(text: str) -> list[str]:
    """The %-placeholders of a python-format message: names, or the bare conversions."""
    found = re.findall(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa%])", text)
    return sorted(name or conversion for name, conversion in found if conversion != "%")


def brace_fields(text: str) -> set[str]:
    """The {field} names of a python-brace-format message (raises on a malformed one)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def msgids_of(path: Path) -> set[tuple[str | None, str]]:
    """Every (context, msgid) of a catalogue."""
    return {(entry.msgctxt, entry.msgid) for entry in messages(path)}


# --- the catalogue -------------------------------------------------------------------------------


def test_the_catalogue_declares_indonesian_with_a_single_plural_form():
    header = next(entry for entry in read_po(CATALOGUE) if not entry.msgid)

    assert "Language: id\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header.msgstr[0]
    assert "fuzzy" not in header.flags


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = messages()

    untranslated = [e.msgid for e in entries if not all(e.msgstr.values())]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    plural_forms = [e.msgid for e in entries if e.msgid_plural and set(e.msgstr) != {0}]

    assert len(entries) > 500
    assert untranslated == [], "translate these in locale/id/LC_MESSAGES/django.po"
    assert fuzzy == [], "review these translations and remove their fuzzy flag"
    assert plural_forms == [], "Indonesian has one plural form: msgstr[0] only"


def test_translations_keep_the_placeholders_of_their_message():
    broken = []
    for entry in messages():
        source = entry.msgid + (entry.msgid_plural or "")
        for translated in entry.msgstr.values():
            if "python-format" in entry.flags:
                names = set(percent_fields(entry.msgid)) | set(
                    percent_fields(entry.msgid_plural or "")
                )
                if set(percent_fields(translated)) != names:
                    broken.append((entry.line, entry.msgid))
            if "python-brace-format" in entry.flags or "no-python-brace-format" in entry.flags:
                wanted = brace_fields(source)
                used = brace_fields(translated)
                # Only the "no-" messages may drop a field (English articles, for instance).
                exact = "python-brace-format" in entry.flags
                if used - wanted or (exact and used != wanted):
                    broken.append((entry.line, entry.msgid))
    assert broken == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_msgfmt_accepts_the_catalogue_with_format_checks(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext's xgettext is not installed")
def test_every_message_in_the_source_is_in_the_catalogue(tmp_path, monkeypatch, settings):
    # given a copy of the source whose catalogue makemessages may rewrite
    copy = tmp_path / "gaung"
    shutil.copytree(SRC_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)

    # when the messages are extracted again
    call_command("makemessages", locale=["id"], ignore_patterns=["tests"], verbosity=0)

    # then nothing new appears
    missing = msgids_of(copy / CATALOGUE.relative_to(SRC_DIR)) - msgids_of(CATALOGUE)
    assert missing == set(), "run `make messages`, then translate the new messages"


@pytest.fixture
def compiled_catalogue():
    """Fail early, with the fix, when the pages would render a stale or missing catalogue."""
    compiled = CATALOGUE.with_suffix(".mo")
    if compiled.exists() and compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime:
        return
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt is not installed: the catalogue is not compiled, the UI is English")
    pytest.fail("django.mo is missing or older than django.po: run `make compilemessages`")


# --- pages ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("compiled_catalogue")
def test_the_login_page_is_indonesian_by_default(client):
    page = client.get(LOGIN_URL).content.decode()

    assert '<html lang="id">' in page
    assert "Masuk ke Gaung" in page
    assert "Lupa kata sandi?" in page
    assert "Log in to Gaung" not in page


@pytest.mark.usefixtures("compiled_catalogue")
def test_the_employee_list_is_indonesian_by_default(org, dinkes_admin, client_for):
    page = client_for(dinkes_admin).get(EMPLOYEES_URL).content.decode()

    for words in ("Pegawai", "Tambah pegawai", "Unduh XLSX", "Unduh CSV", "Jenis pegawai"):
        assert words in page
    assert "Download XLSX" not in page


@pytest.mark.usefixtures("compiled_catalogue")
def test_choosing_english_switches_the_pages_to_english(org, dinkes_admin, client_for):
    client = client_for(dinkes_admin)

    response = client.post("/i18n/setlang/", {"language": "en", "next": EMPLOYEES_URL})

    assert response.status_code == 302
    page = client.get(EMPLOYEES_URL).content.decode()
    assert "Download XLSX" in page
    assert "Add employee" in page
    assert "Unduh XLSX" not in page


@pytest.mark.usefixtures("compiled_catalogue")
def test_choosing_english_switches_the_login_page_to_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN_URL})

    page = client.get(LOGIN_URL).content.decode()

    assert "Log in to Gaung" in page
    assert "Masuk ke Gaung" not in page


# --- errors from the Django-free parsers -------------------------------------------------------


def _nip_error(org, actor, nip: str) -> str:
    with pytest.raises(ValidationError) as caught:
        registry_actions.create_employee(
            actor, employee_type="pns", nip=nip, name="Budi", unit=org["dinkes"]
        )
    assert not Employee.objects.filter(name="Budi").exists()
    return caught.value.message_dict["nip"][0]


@pytest.mark.usefixtures("compiled_catalogue")
def test_a_nip_error_reads_in_indonesian_and_names_the_faulty_part(org, dinkes_admin):
    with translation.override("id"):
        message = _nip_error(org, dinkes_admin, "19681341 199303 1 009")

    assert message == (
        "Tanggal lahir 19681341 (digit ke-1–8) tidak ada: tidak ada bulan 13. "
        "Periksa NIP pada SK atau di SIASN."
    )


@pytest.mark.usefixtures("compiled_catalogue")
def test_a_nip_error_translates_its_month_name_and_digit_position(org, dinkes_admin):
    with translation.override("id"):
        impossible_day = _nip_error(org, dinkes_admin, "19680832 199303 1 009")
        bad_sex_digit = _nip_error(org, dinkes_admin, "19680411 199303 3 009")

    assert "Agustus 1968 hanya memiliki 31 hari" in impossible_day
    assert "Digit jenis kelamin 3 (digit ke-15)" in bad_sex_digit


def test_a_nip_error_reads_in_english_when_english_is_chosen(org, dinkes_admin):
    with translation.override("en"):
        message = _nip_error(org, dinkes_admin, "19681341 199303 1 009")

    assert message.startswith("The birth date 19681341 (digits 1–8) does not exist")
    assert message.endswith("Check the NIP on the SK or in SIASN.")


def _handle_error(actor, owner, raw: str, platform: str = "instagram") -> str:
    with pytest.raises(ValidationError) as caught:
        socials_actions.register_account(
            actor, platform=platform, raw_handle=raw, owner_employee=owner
        )
    assert not SocialAccount.objects.exists()
    return caught.value.message_dict["raw_handle"][0]


@pytest.mark.usefixtures("compiled_catalogue")
def test_a_handle_error_reads_in_indonesian_and_says_what_to_paste(org, dinkes_admin, asn):
    with translation.override("id"):
        wrong_platform = _handle_error(dinkes_admin, asn.employee, "https://www.tiktok.com/@x")
        bad_characters = _handle_error(dinkes_admin, asn.employee, "kemenkeu ri!")

    assert wrong_platform == (
        "Ini tautan TikTok, bukan tautan Instagram. "
        "Tempel alamat profil Instagram atau @nama akunnya."
    )
    assert bad_characters == (
        "Instagram hanya menerima nama pengguna yang berisi huruf, angka, titik, dan garis bawah "
        '(paling banyak 30 karakter), tetapi "kemenkeu ri!" mengandung spasi dan "!". '
        "Tempel alamat profil Instagram atau @nama akunnya."
    )


def test_a_handle_error_reads_in_english_when_english_is_chosen(org, dinkes_admin, asn):
    with translation.override("en"):
        message = _handle_error(dinkes_admin, asn.employee, "https://www.tiktok.com/@x")

    assert message == (
        "This is a TikTok link, not an Instagram one. Paste the Instagram profile address or @name."
    )


# Pastes that reach every kind of refusal, with the nested pieces they carry.
REFUSED_PASTES = [
    ("instagram", "https://"),
    ("instagram", "https://www.linkedin.com/in/someone/"),
    ("youtube", "https://youtu.be/dQw4w9WgXcQ"),
    ("facebook", "https://www.facebook.com/share/abc123XYZ/"),
    ("instagram", "https://www.instagram.com/p/C1a2b3/"),
    ("instagram", "https://www.instagram.com/explore/"),
    ("tiktok", "https://www.tiktok.com/kemenkeuri"),
    ("instagram", "@"),
    ("instagram", "@explore"),
    ("instagram", "a b!#$%"),
    ("x", "a" * 16),
    ("facebook", "abc"),
    ("instagram", ".kemenkeu"),
    ("youtube", "https://www.youtube.com/channel/XX" + "a" * 22),
]


@pytest.mark.parametrize(("platform", "raw"), REFUSED_PASTES)
@pytest.mark.usefixtures("compiled_catalogue")
def test_every_piece_of_a_handle_error_comes_from_the_catalogue(platform, raw):
    catalogue = {entry.msgid for entry in messages()}
    with pytest.raises(HandleError) as caught:
        normalise_account(platform, raw)

    def translate(template: str) -> str:
        assert template in catalogue
        return gettext(template)

    with translation.override("id"):
        indonesian = caught.value.render(translate)

    assert indonesian != str(caught.value)
    assert "{" not in indonesian


# --- formats -------------------------------------------------------------------------------------


def _render(source: str, **context: object) -> str:
    return Template("{% load humanize l10n gaung %}" + source).render(Context(context))


def test_dates_and_times_read_the_indonesian_way():
    moment = datetime.datetime(2026, 8, 17, 7, 5, tzinfo=datetime.UTC)  # 14.05 in Jakarta
    with translation.override("id"):
        assert formats.date_format(datetime.date(2026, 11, 23)) == "23 Nov 2026"
        assert _render("{{ day }}", day=datetime.date(2026, 8, 17)) == "17 Agu 2026"
        assert _render("{{ day|date }}", day=datetime.date(2026, 5, 1)) == "1 Mei 2026"
        assert _render("{{ moment|time }}", moment=moment) == "14.05"
        assert _render("{{ moment|date:'DATETIME_FORMAT' }}", moment=moment) == "17 Agu 2026 14.05"
        assert _render("{{ moment|local_datetime }}", moment=moment) == "17 Agu 2026 14.05"
        assert _render("{{ day|id_date }}", day=datetime.date(2026, 12, 1)) == "1 Des 2026"


def test_numbers_group_with_full_stops_and_use_a_decimal_comma():
    with translation.override("id"):
        assert formats.number_format(1234567) == "1.234.567"
        assert intcomma(1234) == "1.234"
        assert _render("{{ n|intcomma }}", n=1234567) == "1.234.567"
        assert _render("{{ n }}", n=1234567) == "1.234.567"
        assert _render("{% localize on %}{{ n }}{% endlocalize %}", n=1234) == "1.234"
        assert _render("{{ x|floatformat:1 }}", x=Decimal("1234.56")) == "1.234,6"
        assert _render("{{ ratio|percent }}", ratio=0.125) == "12,5 %"


def test_english_keeps_english_number_separators():
    with translation.override("en"):
        assert formats.number_format(1234567) == "1,234,567"
        assert _render("{{ ratio|percent }}", ratio=0.125) == "12.5 %"
