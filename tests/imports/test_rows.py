"""Checking one roster or account row (gaung.imports.rows)."""

import pytest
from django.utils import translation

from gaung.imports.columns import match_account_headers, match_roster_headers
from gaung.imports.rows import (
    AccountRow,
    RosterRow,
    RowError,
    parse_account_rows,
    parse_followers,
    parse_roster_row,
)

PNS_NIP = "196804111993031009"
PPPK_NI = "199009132025242014"

SIASN_HEADERS = [
    *("nipBaru", "gelarDepan", "nama", "gelarBelakang", "jenisPegawai", "unorNama"),
    *("unorIndukNama", "jabatanNama", "golRuangAkhir", "emailGov", "noHp", "Aktif"),
]
SIASN = match_roster_headers(SIASN_HEADERS)
SIMPLE = match_roster_headers(["NIP", "Nama", "Jenis Pegawai", "Unit Kerja", "Golongan"])


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def siasn_row(**values: str) -> list[str]:
    """A complete, valid SIASN row with some cells replaced (keys are the headers)."""
    row = {
        "nipBaru": PNS_NIP,
        "gelarDepan": "Dr.",
        "nama": "Siti Rahayu",
        "gelarBelakang": "S.Sos., M.Si.",
        "jenisPegawai": "PNS",
        "unorNama": "Bidang P2P",
        "unorIndukNama": "Dinas Kesehatan",
        "jabatanNama": "Analis Kebijakan",
        "golRuangAkhir": "III/a",
        "emailGov": "siti@contoh.go.id",
        "noHp": "081234567890",
        "Aktif": "Aktif",
    }
    row.update(values)
    return [row[header] for header in SIASN_HEADERS]


def simple(nip: str = PNS_NIP, name: str = "Siti", kind: str = "", unit: str = "Dinas",
           rank: str = "") -> list[str]:  # fmt: skip
    return [nip, name, kind, unit, rank]


def parsed(cells: list[str], columns=SIMPLE) -> RosterRow:
    result = parse_roster_row(7, cells, columns)
    assert isinstance(result, RosterRow), result
    return result


def errors(cells: list[str], columns=SIMPLE) -> list[RowError]:
    result = parse_roster_row(7, cells, columns)
    assert isinstance(result, list), result
    assert result, "a rejected row must say why"
    return result


def only_error(cells: list[str], columns=SIMPLE) -> RowError:
    (error,) = errors(cells, columns)
    assert error.row == 7
    return error


# --- A whole roster row ------------------------------------------------------------------


def test_a_complete_siasn_row_becomes_a_roster_row():
    assert parse_roster_row(12, siasn_row(), SIASN) == RosterRow(
        row=12,
        nip=PNS_NIP,
        employee_type="pns",
        front_title="Dr.",
        name="Siti Rahayu",
        back_title="S.Sos., M.Si.",
        rank="III/a",
        position="Analis Kebijakan",
        unit_name="Bidang P2P",
        parent_unit_name="Dinas Kesehatan",
        email="siti@contoh.go.id",
        phone="081234567890",
        is_active=True,
    )


def test_every_problem_of_a_row_is_reported_at_once_with_the_file_headers():
    # given: a bad NIP, no name, no unit, a bad golongan, e-mail, phone and status
    cells = siasn_row(nipBaru="19680411199303100", nama="", unorNama=" ", golRuangAkhir="V/z",
                      emailGov="siti at contoh", noHp="call me", Aktif="mungkin")  # fmt: skip

    # when
    found = errors(cells, SIASN)

    # then
    assert {error.column for error in found} == {
        "nipBaru", "nama", "unorNama", "golRuangAkhir", "emailGov", "noHp", "Aktif"
    }  # fmt: skip
    assert all(error.row == 7 and error.reason for error in found)
    by_column = {error.column: error for error in found}
    assert by_column["nipBaru"].value == "19680411199303100"
    assert "17 digits" in by_column["nipBaru"].reason


def test_cells_are_cleaned_of_spaces_quotes_and_placeholders():
    row = parsed(["'19680411 199303 1 009", "  Siti   Rahayu ", "-", " Bidang  P2P ", "N/A"])
    assert (row.nip, row.name, row.employee_type, row.unit_name, row.rank) == (
        PNS_NIP, "Siti Rahayu", "pns", "Bidang P2P", ""
    )  # fmt: skip


def test_a_short_row_is_read_as_if_the_missing_cells_were_empty():
    found = errors([PNS_NIP], SIMPLE)
    assert {error.column for error in found} == {"Nama", "Unit Kerja"}


# --- Employee type and NIP -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "nip", "expected"),
    [
        ("PNS", PNS_NIP, "pns"),
        ("pns", PNS_NIP, "pns"),
        ("CPNS", PNS_NIP, "pns"),
        ("Pegawai Negeri Sipil", PNS_NIP, "pns"),
        ("PNS Daerah", PNS_NIP, "pns"),
        ("PPPK", PPPK_NI, "pppk"),
        ("P3K", PPPK_NI, "pppk"),
        ("PPPK Paruh Waktu", PPPK_NI, "pppk_pw"),
        ("PPPK-PW", PPPK_NI, "pppk_pw"),
        ("P3K Paruh Waktu", PPPK_NI, "pppk_pw"),
        ("Non ASN", "", "non_asn"),
        ("NON-ASN", "", "non_asn"),
        ("Honorer", "", "non_asn"),
        ("Tenaga Honorer Daerah", "", "non_asn"),
        ("THL", "", "non_asn"),
        ("Tenaga Harian Lepas", "", "non_asn"),
    ],
)
def test_employee_type_is_read_from_the_words_people_use(text, nip, expected):
    row = parsed(simple(nip=nip, kind=text))
    assert (row.employee_type, row.nip) == (expected, nip)


@pytest.mark.parametrize(("nip", "expected"), [(PNS_NIP, "pns"), (PPPK_NI, "pppk")])
def test_without_a_type_the_number_decides(nip, expected):
    assert parsed(simple(nip=nip)).employee_type == expected


def test_an_unknown_type_is_reported():
    error = only_error(simple(kind="Kontraktor Swasta"))
    assert (error.column, error.value) == ("Jenis Pegawai", "Kontraktor Swasta")
    assert "PNS, CPNS, PPPK" in error.reason


def test_without_a_type_a_bad_number_gets_the_message_of_the_likelier_scheme():
    # Digits 13-14 = "24" cannot be a month and 2035 is a PPPK-era year: an NI PPPK.
    pppk_like = only_error(simple(nip="199009132035242014"))
    assert "appointment year 2035" in pppk_like.reason
    # Digits 13-14 = "00" is no month either, but no PPPK was appointed in 1993: a NIP.
    pns_like = only_error(simple(nip="196804111993001009"))
    assert "TMT CPNS 199300" in pns_like.reason


def test_without_a_type_an_empty_nip_asks_for_it_or_for_non_asn():
    error = only_error(simple(nip=""))
    assert error.column == "NIP"
    assert "Non ASN" in error.reason


@pytest.mark.parametrize(
    ("kind", "nip", "hint"),
    [
        ("PNS", PPPK_NI, "The number is a valid NI PPPK: check the employee type."),
        ("PPPK", PNS_NIP, "The number is a valid PNS NIP: check the employee type."),
    ],
)
def test_a_number_of_the_other_scheme_points_at_the_type(kind, nip, hint):
    error = only_error(simple(nip=nip, kind=kind))
    assert error.column == "NIP"
    assert error.reason.endswith(hint)


@pytest.mark.parametrize("damaged", ["1.96804111993031E+17", "1,96804E+17", "196804111993031000.0"])
def test_a_nip_damaged_by_excel_is_reported_never_guessed(damaged):
    error = only_error(simple(nip=damaged, kind="PNS"))
    assert error.value == damaged
    assert "converted to a number by Excel" in error.reason


def test_a_nip_ending_in_000_is_pointed_out_as_probably_damaged_by_excel():
    # The CSV of a sheet whose NIP column was a number: 15 digits kept, then zeros.
    error = only_error(simple(nip="196804111993031000", kind="PNS"))
    assert "sequence number 000" in error.reason
    assert "Excel stored as a number" in error.reason


def test_a_missing_nip_is_an_error_for_asn():
    for kind in ("PNS", "PPPK", "PPPK Paruh Waktu"):
        error = only_error(simple(nip="", kind=kind))
        assert "empty" in error.reason


@pytest.mark.parametrize(("nip", "kept"), [("", ""), ("-", ""), ("12345", ""), (PNS_NIP, PNS_NIP)])
def test_non_asn_staff_need_no_nip_and_keep_only_a_well_formed_one(nip, kept):
    assert parsed(simple(nip=nip, kind="Honorer")).nip == kept


def test_nip_errors_are_in_the_active_language():
    with translation.override("id"):
        error = only_error(simple(nip="1.96804111993031E+17", kind="PNS"))
    with translation.override("en"):
        english = only_error(simple(nip="1.96804111993031E+17", kind="PNS"))
    assert error.reason != english.reason


# --- Golongan and grade ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("III/a", "III/a"),
        ("III a", "III/a"),
        ("3a", "III/a"),
        ("3/A", "III/a"),
        ("III-A", "III/a"),
        ("III.a", "III/a"),
        ("iii/a", "III/a"),
        ("Penata Muda (III/a)", "III/a"),
        ("Penata Muda Tk. I (III/b)", "III/b"),
        ("Penata Muda Tk.I/III-b", "III/b"),
        ("Pembina Utama Muda, IV/c", "IV/c"),
        ("IV/e", "IV/e"),
        ("4 e", "IV/e"),
        ("I/a", "I/a"),
        ("II/d", "II/d"),
        ("Juru Muda Tingkat I (I/b)", "I/b"),
    ],
)
def test_golongan_is_normalised_for_pns(text, expected):
    assert parsed(simple(kind="PNS", rank=text)).rank == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("IX", "IX"), ("9", "IX"), ("ix", "IX"), ("Gol. IX", "IX"), ("Golongan V", "V"),
     ("XVII", "XVII"), ("17", "XVII"), ("1", "I"), ("Grade VII", "VII")],
)  # fmt: skip
def test_grade_is_normalised_for_pppk(text, expected):
    assert parsed(simple(nip=PPPK_NI, kind="PPPK", rank=text)).rank == expected


@pytest.mark.parametrize(
    ("kind", "nip", "text", "reason"),
    [
        ("PNS", PNS_NIP, "III/e", "A PNS has a golongan from I/a to IV/e"),
        ("PNS", PNS_NIP, "IX", "A PNS has a golongan from I/a to IV/e"),
        ("PNS", PNS_NIP, "3", "A PNS has a golongan from I/a to IV/e"),
        ("PNS", PNS_NIP, "Penata", "A PNS has a golongan from I/a to IV/e"),
        ("PPPK", PPPK_NI, "III/a", "A PPPK employee has a grade from I to XVII"),
        ("PPPK", PPPK_NI, "18", "A PPPK employee has a grade from I to XVII"),
        ("PPPK", PPPK_NI, "XVIII", "A PPPK employee has a grade from I to XVII"),
        ("Honorer", "", "II/a", "Non-ASN staff have no golongan"),
    ],
)
def test_a_rank_that_does_not_fit_the_type_is_reported(kind, nip, text, reason):
    error = only_error(simple(nip=nip, kind=kind, rank=text))
    assert (error.column, error.value) == ("Golongan", text)
    assert error.reason.startswith(reason)


def test_a_placeholder_rank_for_non_asn_is_no_rank():
    assert parsed(simple(nip="", kind="Honorer", rank="-")).rank == ""


# --- Names, contact, status --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "front", "name", "back"),
    [
        ("Dr. Hj. Siti Rahayu, S.Sos., M.Si.", "Dr. Hj.", "Siti Rahayu", "S.Sos., M.Si."),
        ("dr. Budi Santoso, Sp.PD", "dr.", "Budi Santoso", "Sp.PD"),
        ("Drs.H. Agus Wibowo", "Drs.H.", "Agus Wibowo", ""),
        ("Ir. Joko", "Ir.", "Joko", ""),
        ("M. Yusuf Hidayat", "", "M. Yusuf Hidayat", ""),
        ("Prof.", "", "Prof.", ""),
        ("Siti Rahayu", "", "Siti Rahayu", ""),
        ("Budi Santoso, SE, MM", "", "Budi Santoso", "SE, MM"),
        ("Rahayu, Siti", "", "Rahayu, Siti", ""),
    ],
)
def test_titles_are_split_from_the_name_when_the_file_has_no_title_columns(cell, front, name, back):
    row = parsed(simple(name=cell))
    assert (row.front_title, row.name, row.back_title) == (front, name, back)


def test_titles_stay_in_the_name_column_when_the_file_has_title_columns():
    row = parse_roster_row(3, siasn_row(nama="Siti Rahayu, S.Sos.", gelarBelakang=""), SIASN)
    assert isinstance(row, RosterRow)
    assert (row.name, row.back_title) == ("Siti Rahayu, S.Sos.", "")


def test_a_name_longer_than_the_registry_keeps_is_reported():
    error = only_error(simple(name="A" * 151))
    assert error.reason == "This is 151 characters long; at most 150 fit."


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("Siti.Rahayu@Contoh.GO.ID", "siti.rahayu@contoh.go.id"), ("", ""), ("-", "")],
)
def test_email_is_lowercased(cell, expected):
    assert parsed(siasn_row(emailGov=cell), SIASN).email == expected


@pytest.mark.parametrize("cell", ["siti", "siti@", "siti@contoh", "siti rahayu@contoh.go.id"])
def test_a_malformed_email_is_reported(cell):
    error = only_error(siasn_row(emailGov=cell), SIASN)
    assert error.column == "emailGov"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("081234567890", "081234567890"),
        ("81234567890", "081234567890"),  # typed into a number cell: the zero is gone
        ("+62 812-3456-7890", "+62 812-3456-7890"),
        ("(0341) 123456", "(0341) 123456"),
        ("", ""),
    ],
)
def test_phone_numbers_keep_their_shape_and_get_back_a_lost_zero(cell, expected):
    assert parsed(siasn_row(noHp=cell), SIASN).phone == expected


@pytest.mark.parametrize("cell", ["WA saja", "0812 / wa", "1" * 31])
def test_a_phone_that_is_not_a_number_is_reported(cell):
    assert only_error(siasn_row(noHp=cell), SIASN).column == "noHp"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("Aktif", True), ("AKTIF", True), ("Ya", True), ("1", True), ("TRUE", True),
     ("Tidak Aktif", False), ("Non-Aktif", False), ("Pensiun", False), ("FALSE", False),
     ("0", False), ("", None), ("-", None)],
)  # fmt: skip
def test_active_status(cell, expected):
    assert parsed(siasn_row(Aktif=cell), SIASN).is_active is expected


def test_an_unclear_status_is_reported():
    error = only_error(siasn_row(Aktif="Cuti"), SIASN)
    assert error.reason.startswith('"Cuti" does not say whether the employee is active.')


def test_without_a_status_column_activity_is_unknown():
    assert parsed(simple()).is_active is None


def test_a_roster_of_only_the_opd_places_the_employee_in_it():
    columns = match_roster_headers(["NIP", "Nama", "Perangkat Daerah"])
    row = parsed([PNS_NIP, "Siti", "Dinas Kesehatan"], columns)
    assert (row.unit_name, row.parent_unit_name) == ("Dinas Kesehatan", "")


# --- Followers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15000", 15000),
        ("15,000", 15000),
        ("15.000", 15000),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("15.000,00", 15000),
        ("1,234.00", 1234),
        ("1.2K", 1200),
        ("1.2k", 1200),
        ("1,2 rb", 1200),
        ("1,2rb", 1200),
        ("12 ribu", 12000),
        ("1,5 jt", 1500000),
        ("1.5 juta", 1500000),
        ("2.5M", 2500000),
        ("12 followers", 12),
        ("1.234 pengikut", 1234),
        ("0", 0),
        ("N/A", None),
        ("n/a", None),
        ("-", None),
        ("tidak ada", None),
        ("", None),
        ("  ", None),
    ],
)
def test_followers_are_read_the_ways_people_write_them(text, expected):
    assert parse_followers(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1.5", "1.5 is not a whole number of followers."),
        ("1,5", "1,5 is not a whole number of followers."),
        ("-5", "The number of followers cannot be negative."),
        ("2.000.000.000", "2.000.000.000 followers is not plausible; check the number."),
        ("9" * 40, "followers is not plausible"),
        ("1.5 miliar", "is not a number of followers"),
        ("banyak", '"banyak" is not a number of followers.'),
        ("12..5", "is not a number of followers"),
    ],
)
def test_followers_that_are_not_a_count_are_refused_with_a_reason(text, reason):
    with pytest.raises(ValueError) as raised:
        parse_followers(text)
    assert reason in str(raised.value)


# --- Accounts, wide layout ------------------------------------------------------------------

WIDE = match_account_headers(
    ["No", "NIP", "Nama", "Instagram", "Followers IG", "TikTok", "X (Twitter)", "YouTube"]
)


def wide(nip=PNS_NIP, ig="", ig_followers="", tiktok="", x="", youtube="") -> list[str]:
    return ["1", nip, "Siti", ig, ig_followers, tiktok, x, youtube]


def test_a_wide_row_gives_one_account_per_filled_platform_cell():
    # when
    accounts, problems = parse_account_rows(
        9, wide(ig="https://www.instagram.com/siti.rahayu/?igsh=abc", ig_followers="1,2 rb",
                tiktok="@siti_r", x="-", youtube="tidak ada"),
        WIDE,
    )  # fmt: skip

    # then
    assert problems == []
    assert accounts == [
        AccountRow(9, PNS_NIP, "", "instagram", "siti.rahayu", "username",
                   "https://www.instagram.com/siti.rahayu/", 1200, "Instagram"),
        AccountRow(9, PNS_NIP, "", "tiktok", "siti_r", "username",
                   "https://www.tiktok.com/@siti_r", None, "TikTok"),
    ]  # fmt: skip


def test_a_wide_row_without_accounts_is_neither_an_account_nor_an_error():
    assert parse_account_rows(9, wide(), WIDE) == ([], [])
    assert parse_account_rows(9, wide(nip="", ig_followers="120"), WIDE) == ([], [])


def test_a_link_of_another_platform_is_reported_in_its_column_and_the_rest_kept():
    accounts, problems = parse_account_rows(
        9, wide(ig="https://www.tiktok.com/@siti", tiktok="siti"), WIDE
    )
    assert [account.platform for account in accounts] == ["tiktok"]
    (problem,) = problems
    assert (problem.row, problem.column, problem.value) == (
        9, "Instagram", "https://www.tiktok.com/@siti"
    )  # fmt: skip
    assert problem.reason.startswith("This is a TikTok link, not an Instagram one.")


def test_several_accounts_in_one_cell_are_each_imported():
    accounts, problems = parse_account_rows(9, wide(ig="@siti.a, @siti.b\n@siti.a"), WIDE)
    assert problems == []
    assert [account.handle for account in accounts] == ["siti.a", "siti.b"]


def test_one_follower_count_for_several_accounts_is_refused():
    accounts, problems = parse_account_rows(9, wide(ig="@siti.a; @siti.b", ig_followers="90"), WIDE)
    assert accounts == []
    assert [problem.column for problem in problems] == ["Followers IG"]


def test_bad_followers_reject_that_account_only():
    accounts, problems = parse_account_rows(
        9, wide(ig="@siti", ig_followers="banyak", tiktok="@siti"), WIDE
    )
    assert [account.platform for account in accounts] == ["tiktok"]
    assert [(p.column, p.value) for p in problems] == [("Followers IG", "banyak")]


def test_an_account_without_an_owner_is_reported_on_the_nip_column():
    accounts, problems = parse_account_rows(9, wide(nip="", ig="@siti"), WIDE)
    assert accounts == []
    assert [problem.column for problem in problems] == ["NIP"]
    assert "official account" in problems[0].reason


def test_a_damaged_nip_rejects_the_row_but_its_handles_are_still_checked():
    accounts, problems = parse_account_rows(
        9, wide(nip="1.96804111993031E+17", ig="@siti", tiktok="@bad name"), WIDE
    )
    assert accounts == []
    assert [problem.column for problem in problems] == ["NIP", "TikTok"]
    assert "Excel" in problems[0].reason


def test_official_accounts_are_owned_by_the_unit_named():
    columns = match_account_headers(["OPD", "Instagram", "Pengikut Instagram"])
    accounts, problems = parse_account_rows(
        4, ["Dinas  Kesehatan", "dinkes.kota", "59.000"], columns
    )
    assert problems == []
    (account,) = accounts
    assert (account.nip, account.unit_name, account.followers) == ("", "Dinas Kesehatan", 59000)


# --- Accounts, long layout ------------------------------------------------------------------

LONG = match_account_headers(["NIP", "Unit", "Media Sosial", "Akun", "Jumlah Pengikut"])


@pytest.mark.parametrize(
    ("platform", "handle", "expected"),
    [
        ("Instagram", "@siti", ("instagram", "siti")),
        ("IG", "siti", ("instagram", "siti")),
        ("ig", "instagram.com/siti", ("instagram", "siti")),
        ("TikTok", "https://www.tiktok.com/@siti?lang=id", ("tiktok", "siti")),
        (
            "FB",
            "https://facebook.com/profile.php?id=100064123456789",
            ("facebook", "100064123456789"),
        ),
        ("Youtube", "https://youtube.com/@siti.channel", ("youtube", "siti.channel")),
        ("Twitter", "@siti_r", ("x", "siti_r")),
        ("X (Twitter)", "https://twitter.com/siti_r", ("x", "siti_r")),
        ("Threads", "https://www.threads.net/@siti", ("threads", "siti")),
        ("", "https://www.instagram.com/siti/", ("instagram", "siti")),
    ],
)
def test_a_long_row_names_its_platform_or_its_link_does(platform, handle, expected):
    accounts, problems = parse_account_rows(5, [PNS_NIP, "", platform, handle, "1.234"], LONG)
    assert problems == []
    (account,) = accounts
    assert (account.platform, account.handle) == expected
    assert (account.row, account.column, account.followers) == (5, "Akun", 1234)


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ([PNS_NIP, "", "Snapchat", "@siti", ""], "Media Sosial", '"Snapchat" is not a platform'),
        ([PNS_NIP, "", "", "@siti", ""], "Media Sosial", "The platform is empty."),
        ([PNS_NIP, "", "Instagram", "", "100"], "Akun", "No account was entered."),
        ([PNS_NIP, "", "Instagram", "-", ""], "Akun", "No account was entered."),
        ([PNS_NIP, "", "Instagram", "@siti", "-3"], "Jumlah Pengikut", "cannot be negative"),
        ([PNS_NIP, "", "Instagram", "instagram.com/p/Cx1", ""], "Akun", "points to a post"),
        (["", "", "Instagram", "@siti", ""], "NIP", "The owner is missing."),
        (["1968", "", "Instagram", "@siti", ""], "NIP", "has 4 digits"),
    ],
)
def test_a_bad_long_row_says_which_cell_and_why(cells, column, reason):
    accounts, problems = parse_account_rows(5, cells, LONG)
    assert accounts == []
    (problem,) = problems
    assert (problem.row, problem.column) == (5, column)
    assert reason in problem.reason


def test_a_long_row_of_the_unit_is_an_official_account():
    accounts, problems = parse_account_rows(
        5, ["", "Diskominfo", "Instagram", "@kominfo", ""], LONG
    )
    assert problems == []
    assert (accounts[0].nip, accounts[0].unit_name) == ("", "Diskominfo")
