"""Reading import files (gaung.imports.readers) and matching their headers (columns)."""

import codecs
import datetime
from pathlib import Path

import pytest
from django.utils import translation

from gaung.imports.columns import (
    ACCOUNT_COLUMNS,
    ROSTER_COLUMNS,
    count_known_headers,
    match_account_headers,
    match_roster_headers,
)
from gaung.imports.readers import FileProblem, Table, open_table
from tests.imports.files.builders import write_ods, write_text, write_xls, write_xlsx

NIP = "196804111993031009"
ROSTER = [
    ["NIP", "Nama", "Unit Kerja"],
    [NIP, "Siti Rahayu", "Bidang P2P"],
    ["199009132025242014", "Budi Santoso", "Bidang SD"],
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def read(table: Table) -> list[tuple[int, list[str]]]:
    return list(table.rows)


def csv_text(rows: list[list[str]], delimiter: str = ";") -> str:
    return "".join(delimiter.join(row) + "\r\n" for row in rows)


# --- CSV: encodings -----------------------------------------------------------------------

ACCENTED = [["NIP", "Nama", "Unit Kerja"], [NIP, "Siti Nuñez Café", "Bidang P2P"]]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),  # Excel's "Unicode text" saved by older tools without a BOM
        ("cp1252", b""),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-no-bom", "cp1252"],
)
def test_csv_text_is_decoded_in_every_encoding_excel_writes(tmp_path, encoding, prefix):
    # given
    path = tmp_path / "roster.csv"
    path.write_bytes(prefix + csv_text(ACCENTED).encode(encoding))

    # when
    table = open_table(path)

    # then
    assert table.headers == ["NIP", "Nama", "Unit Kerja"]
    assert read(table) == [(2, [NIP, "Siti Nuñez Café", "Bidang P2P"])]


def test_cp1252_is_used_only_when_the_bytes_are_not_utf8(tmp_path):
    # "Ã©" in cp1252 is also valid UTF-8 for "é": UTF-8 must win.
    path = write_text(tmp_path / "r.csv", csv_text(ACCENTED), "utf-8")
    assert read(open_table(path))[0][1][1] == "Siti Nuñez Café"


def test_bytes_undefined_in_cp1252_still_read(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(b"NIP;Nama;Unit Kerja\r\n" + NIP.encode() + b";Bu\x81di;Dinas\r\n")
    assert read(open_table(path)) == [(2, [NIP, "Bu\x81di", "Dinas"])]


# --- CSV: delimiters, lines, shapes -------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"], ids=["semicolon", "comma", "tab"])
def test_delimiter_is_sniffed(tmp_path, delimiter):
    path = write_text(tmp_path / "r.csv", csv_text(ROSTER, delimiter))
    table = open_table(path)
    assert table.headers == ROSTER[0]
    assert [cells for _, cells in read(table)] == ROSTER[1:]


def test_commas_inside_cells_do_not_fool_the_semicolon_sniffer(tmp_path):
    rows = [
        ["NIP", "Nama", "Gelar Belakang", "Unit Kerja"],
        [NIP, "Siti Rahayu", "S.Sos., M.Si.", "Bidang P2P"],
        [NIP, "Budi, S.Kom", "S.Kom., M.T.", "Bidang SD"],
    ]
    table = open_table(write_text(tmp_path / "r.csv", csv_text(rows, ";")))
    assert [cells for _, cells in read(table)] == rows[1:]


def test_sep_line_sets_the_delimiter_and_still_counts_as_a_line(tmp_path):
    # given: "sep=," although the cells are full of semicolons
    text = "sep=,\r\nNIP,Nama,Unit Kerja\r\n" + NIP + ",Siti; Rahayu,Bidang P2P\r\n"
    path = write_text(tmp_path / "r.csv", text)

    # when
    table = open_table(path)

    # then
    assert table.header_line == 2
    assert read(table) == [(3, [NIP, "Siti; Rahayu", "Bidang P2P"])]


def test_blank_lines_are_skipped_but_counted(tmp_path):
    text = "NIP;Nama;Unit Kerja\r\n\r\n;;\r\n" + NIP + ";Siti;Dinas\r\n   \r\n" + NIP + ";B;D\r\n"
    table = open_table(write_text(tmp_path / "r.csv", text))
    assert [line for line, _ in read(table)] == [4, 6]


def test_a_quoted_cell_over_several_lines_is_one_row_as_in_excel(tmp_path):
    text = (
        'NIP;Nama;Jabatan;Unit Kerja\r\n1;"Siti\nRahayu";"Analis\r\nSDM";Dinas\r\n'
        "2;Budi;Staf;Dinas\r\n"
    )
    rows = read(open_table(write_text(tmp_path / "r.csv", text)))
    assert rows == [
        (2, ["1", "Siti\nRahayu", "Analis\r\nSDM", "Dinas"]),
        (3, ["2", "Budi", "Staf", "Dinas"]),
    ]


def test_ragged_rows_are_padded_or_cut_to_the_header(tmp_path):
    text = "NIP;Nama;Unit Kerja;;\r\n1;Siti\r\n2;Budi;Dinas;extra;more\r\n"
    table = open_table(write_text(tmp_path / "r.csv", text))
    assert table.headers == ["NIP", "Nama", "Unit Kerja"]  # trailing empty headers dropped
    assert read(table) == [(2, ["1", "Siti", ""]), (3, ["2", "Budi", "Dinas"])]


def test_cells_and_headers_are_stripped(tmp_path):
    text = " NIP ; Nama\u00a0;Unit Kerja\r\n  1 ;  Siti  ;\tDinas \r\n"
    table = open_table(write_text(tmp_path / "r.csv", text))
    assert table.headers == ["NIP", "Nama", "Unit Kerja"]
    assert read(table) == [(2, ["1", "Siti", "Dinas"])]


def test_title_rows_above_the_header_are_skipped(tmp_path):
    text = (
        "DAFTAR PEGAWAI NEGERI SIPIL;;\r\n"
        "Pemerintah Kota Contoh, Keadaan 31 Desember;;\r\n"
        "\r\n"
        "NIP;Nama;Unit Kerja\r\n" + NIP + ";Siti;Dinas\r\n"
    )
    table = open_table(write_text(tmp_path / "r.csv", text))
    assert table.header_line == 4
    assert table.headers == ["NIP", "Nama", "Unit Kerja"]
    assert read(table) == [(5, [NIP, "Siti", "Dinas"])]


def test_without_known_headers_the_first_non_empty_row_is_the_header(tmp_path):
    text = "\r\nKolom A;Kolom B\r\nx;y\r\n"
    table = open_table(write_text(tmp_path / "r.csv", text))
    assert (table.headers, table.header_line) == (["Kolom A", "Kolom B"], 2)
    assert read(table) == [(3, ["x", "y"])]


def test_a_header_lower_than_ten_rows_is_not_looked_for(tmp_path):
    titles = "".join(f"Judul {n}\r\n" for n in range(10))
    table = open_table(write_text(tmp_path / "r.csv", titles + "NIP;Nama\r\n1;Siti\r\n"))
    assert table.headers == ["Judul 0"]


def test_csv_rows_are_streamed_and_the_total_is_an_upper_bound(tmp_path):
    table = open_table(write_text(tmp_path / "r.csv", csv_text(ROSTER) + "\r\n"))
    assert iter(table.rows) is table.rows
    assert table.total_rows is not None
    assert table.total_rows >= len(ROSTER) - 1


def test_filename_decides_nothing_the_content_does(tmp_path):
    # given: an upload stored under a temporary name, and a CSV that was called .xls
    upload = write_text(tmp_path / "upload-123", csv_text(ROSTER))

    # when
    table = open_table(upload, filename="Rekap Pegawai.xls")

    # then
    assert table.headers == ROSTER[0]
    assert len(read(table)) == 2


# --- Files that are not tables -------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "r.csv", "The file is empty"),
        (b"  \r\n\r\n \t ", "r.csv", "The file is empty"),
        (codecs.BOM_UTF8, "r.csv", "The file is empty"),
        (codecs.BOM_UTF16_LE, "r.csv", "The file is empty"),
        (b"sep=;\r\n", "r.csv", "The file is empty"),
        (b"\x00\x01\x02\x03binary\x00\xff\xfe" * 50, "r.csv", "not a readable spreadsheet"),
        (bytes(range(256)) * 4, "r.csv", "not a readable spreadsheet"),
        (b"\x00\x01\x02\x03binary\x00" * 50, "r.xlsx", "could not be read as a spreadsheet"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "r.xlsx", "This is a PDF"),
        (b"<html><body><table><tr><td>NIP</td></tr></table>", "r.xls", "web page"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "r.xls", "web page"),
        (b"PK\x03\x04 this is not really a zip", "r.xlsx", "could not be read as a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "r.xls", "could not be read"),
    ],
    ids=[
        "empty",
        "whitespace",
        "utf8-bom-only",
        "utf16-bom-only",
        "sep-line-only",
        "binary-csv",
        "all-bytes",
        "binary-xlsx",
        "pdf",
        "html-as-xls",
        "html-with-bom",
        "broken-zip",
        "broken-ole",
    ],
)
def test_unreadable_files_raise_file_problem_with_a_plain_sentence(
    tmp_path, content, name, expected
):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileProblem, match=expected) as raised:
        open_table(path)
    assert str(raised.value).endswith(".")


def test_damage_found_further_down_a_csv_is_a_file_problem_with_its_line(tmp_path):
    # A cell longer than the csv module allows, as in a file whose quotes never close.
    # given: twenty good rows, then a cell longer than the csv module allows, as in a file
    # whose quotation mark never closes
    rows = [ROSTER[0]] + [[NIP, f"Pegawai {n}", "Dinas"] for n in range(20)]
    text = csv_text(rows) + '3;"' + "x" * 200_000 + "\r\n"
    table = open_table(write_text(tmp_path / "r.csv", text))

    # when / then: the good rows come first, the damage shows up when reached
    seen = []
    with pytest.raises(FileProblem, match="Line 22"):
        for item in table.rows:
            seen.append(item)
    assert len(seen) == 20


def test_a_missing_file_is_a_file_problem(tmp_path):
    with pytest.raises(FileProblem):
        open_table(tmp_path / "gone.csv")


# --- Spreadsheets ---------------------------------------------------------------------------


def test_xlsx_cells_come_back_as_text_the_way_excel_shows_them(tmp_path):
    # given
    rows = [
        ["NIP", "Nama", "Unit Kerja", "Gol", "Lahir", "Aktif", "Followers"],
        [NIP, "Siti", "Dinas", 3, datetime.date(1968, 4, 11), True, 15000],
        [196804111993031009, "Budi", "Dinas", 2.5, None, False, -7],
        [123456789012345, "Ani", "Dinas", 0.1 + 0.2, None, None, 1e15],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", {"Pegawai": rows})

    # when
    table = open_table(path)

    # then
    assert read(table) == [
        (2, [NIP, "Siti", "Dinas", "3", "1968-04-11", "TRUE", "15000"]),
        (3, ["1.96804111993031E+17", "Budi", "Dinas", "2.5", "", "FALSE", "-7"]),
        (4, ["123456789012345", "Ani", "Dinas", "0.3", "", "", "1E+15"]),
    ]


def test_xlsx_line_numbers_are_excel_row_numbers_whatever_the_first_used_cell(tmp_path):
    # given: a title in B2, a blank row, the header in B4 and a blank row between data rows
    rows = [["Daftar Pegawai"], [], ["NIP", "Nama", "Unit Kerja"], [NIP, "Siti", "Dinas"], [],
            [NIP, "Budi", "Dinas"]]  # fmt: skip
    path = write_xlsx(tmp_path / "r.xlsx", {"Data": rows}, start=(1, 1))

    # when
    table = open_table(path)

    # then
    assert (table.header_line, table.headers) == (4, ["NIP", "Nama", "Unit Kerja"])
    assert [line for line, _ in read(table)] == [5, 7]
    assert table.total_rows == 3


def test_the_sheet_with_a_known_header_is_chosen_over_an_instructions_sheet(tmp_path):
    sheets = {
        "Petunjuk": [["Isi data pegawai pada sheet berikutnya."], ["Jangan ubah judul kolom."]],
        "Kosong": [],
        "Data": ROSTER,
    }
    table = open_table(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert table.headers == ROSTER[0]
    assert len(read(table)) == 2


def test_visible_sheets_are_preferred_over_hidden_ones(tmp_path):
    hidden_data = [["NIP", "Nama", "Unit Kerja"], ["1", "Lama", "Dinas"]]
    sheets = {"Arsip": hidden_data, "Data": ROSTER}
    table = open_table(write_xlsx(tmp_path / "r.xlsx", sheets, hidden=["Arsip"]))
    assert [cells[1] for _, cells in read(table)] == ["Siti Rahayu", "Budi Santoso"]


def test_without_known_headers_the_first_sheet_with_data_is_used(tmp_path):
    sheets = {"Kosong": [], "Satu": [["a", "b"], ["1", "2"]], "Dua": [["c"], ["3"]]}
    table = open_table(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert (table.headers, read(table)) == (["a", "b"], [(2, ["1", "2"])])


def test_a_workbook_without_data_is_a_file_problem(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [], "Sheet2": [[None, ""]]})
    with pytest.raises(FileProblem, match="no data"):
        open_table(path)


SPREADSHEET_ROWS = [
    ["Rekap Pegawai"],
    [],
    ["NIP", "Nama", "Unit Kerja", "Gol"],
    [NIP, "Siti Nuñez", "Dinas", 9],
    [1.96804111993031e17, "Budi", "Dinas", 2.5],
]


@pytest.mark.parametrize(
    ("writer", "name"), [(write_ods, "r.ods"), (write_xls, "r.xls"), (write_xlsx, "r.xlsx")]
)
def test_ods_xls_and_xlsx_read_alike(tmp_path, writer, name):
    table = open_table(writer(tmp_path / name, {"Data": SPREADSHEET_ROWS}))
    assert (table.header_line, table.headers) == (3, ["NIP", "Nama", "Unit Kerja", "Gol"])
    assert read(table) == [
        (4, [NIP, "Siti Nuñez", "Dinas", "9"]),
        (5, ["1.96804111993031E+17", "Budi", "Dinas", "2.5"]),
    ]


def test_a_workbook_under_a_csv_name_is_read_as_a_workbook(tmp_path):
    path = write_xlsx(tmp_path / "r.csv", {"Data": ROSTER})
    assert open_table(path).headers == ROSTER[0]


# --- Header matching --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "canonical"),
    [(alias, name) for name, aliases in ROSTER_COLUMNS.items() for alias in aliases]
    + [
        ("nip_baru", "nip"),
        ("NIP BARU", "nip"),
        ("  Nama  Lengkap ", "name"),
        ("NAMA*", "name"),
        ("GELAR_DEPAN", "front_title"),
        ("unor_nama", "unit_name"),
        ("Unit Kerja (Bidang/UPT)", "unit_name"),
        ("NIP (18 digit)", "nip"),
        ("No.HP", "phone"),
        ("e-mail", "email"),
        ("Pangkat / Golongan", "rank"),
    ],
)
def test_every_roster_alias_is_recognised(header, canonical):
    headers = ["NIP", "Nama", "Unit Kerja"]
    known = {"nip": 0, "name": 1, "unit_name": 2}
    if canonical in known:
        headers[known[canonical]] = header
        expected = known[canonical]
    else:
        headers.append(header)
        expected = 3
    columns = match_roster_headers(headers)
    assert columns[canonical] == expected
    assert columns.header_for(canonical) == header
    assert columns.ignored == ()


def test_roster_headers_from_a_siasn_export():
    headers = [
        *("nipBaru", "nipLama", "nama", "gelarDepan", "gelarBelakang", "jenisPegawai"),
        *("unorNama", "unorIndukNama", "jabatanNama", "golRuangAkhir", "emailGov", "noHp"),
    ]
    columns = match_roster_headers(headers)
    assert columns.layout == "roster"
    assert dict(columns) == {
        "nip": 0, "name": 2, "front_title": 3, "back_title": 4, "employee_type": 5,
        "unit_name": 6, "parent_unit_name": 7, "position": 8, "rank": 9, "email": 10,
        "phone": 11,
    }  # fmt: skip
    assert columns.ignored == ("nipLama",)


def test_unknown_and_duplicate_columns_are_ignored_and_listed():
    columns = match_roster_headers(
        ["No", "NIP", "Nama", "Unit Kerja", "Keterangan", "nip_baru", ""]
    )
    assert columns["nip"] == 1
    assert columns.ignored == ("No", "Keterangan", "nip_baru")


def test_a_roster_with_only_the_opd_puts_employees_in_it():
    columns = match_roster_headers(["NIP", "Nama", "OPD"])
    assert columns["unit_name"] == 2
    assert "parent_unit_name" not in columns
    assert columns.header_for("unit_name") == "OPD"


def test_missing_roster_columns_are_named_with_the_headers_found():
    with pytest.raises(FileProblem) as raised:
        match_roster_headers(["No", "Nama Pegawai", "Jabatan"])
    message = str(raised.value)
    assert "no column for NIP, Unit Kerja" in message
    assert "Columns found: No, Nama Pegawai, Jabatan" in message


@pytest.mark.parametrize(
    ("header", "canonical"),
    [(alias, name) for name, aliases in ACCOUNT_COLUMNS.items() for alias in aliases
     if name in {"platform", "handle", "followers"}],
)  # fmt: skip
def test_every_long_account_alias_is_recognised(header, canonical):
    headers = {"platform": "Platform", "handle": "Akun", "followers": "Followers"}
    headers[canonical] = header
    columns = match_account_headers(["NIP", *headers.values()])
    assert columns.layout == "long"
    assert columns.header_for(canonical) == header


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("Instagram", "instagram"),
        ("IG", "instagram"),
        ("Akun Instagram", "instagram"),
        ("Akun IG", "instagram"),
        ("Link Instagram", "instagram"),
        ("Username Instagram", "instagram"),
        ("TikTok", "tiktok"),
        ("Tik Tok", "tiktok"),
        ("Akun TikTok", "tiktok"),
        ("Facebook", "facebook"),
        ("FB", "facebook"),
        ("YouTube", "youtube"),
        ("Youtube", "youtube"),
        ("Channel YouTube", None),
        ("X", "x"),
        ("Twitter", "x"),
        ("X (Twitter)", "x"),
        ("Akun Twitter", "x"),
        ("Threads", "threads"),
        ("Followers Instagram", "followers_instagram"),
        ("Pengikut Instagram", "followers_instagram"),
        ("Jumlah Followers IG", "followers_instagram"),
        ("Jumlah Pengikut TikTok", "followers_tiktok"),
        ("Followers FB", "followers_facebook"),
        ("Subscriber YouTube", "followers_youtube"),
        ("Instagram Followers", "followers_instagram"),
        ("Followers X", "followers_x"),
    ],
)
def test_every_wide_account_alias_is_recognised(header, canonical):
    other = "Threads" if canonical != "threads" else "Instagram"
    columns = match_account_headers(["NIP", "Nama", other, header])
    assert columns.layout == "wide"
    if canonical is None:
        assert header in columns.ignored
    else:
        assert columns[canonical] == 3


def test_wide_account_headers_list_platforms_in_file_order():
    headers = ["No", "NIP", "Nama", "TikTok", "Instagram", "Followers IG", "Keterangan"]
    columns = match_account_headers(headers)
    assert columns.platforms == ("tiktok", "instagram")
    assert columns["followers_instagram"] == 5
    assert columns.ignored == ("No", "Keterangan")


def test_a_plain_followers_column_belongs_to_the_only_platform_column():
    assert match_account_headers(["NIP", "Instagram", "Followers"])["followers_instagram"] == 2
    ambiguous = match_account_headers(["NIP", "Instagram", "TikTok", "Followers"])
    assert "followers" not in ambiguous
    assert ambiguous.ignored == ("Followers",)


def test_official_accounts_may_name_the_unit_instead_of_a_nip():
    assert match_account_headers(["OPD", "Instagram"]).layout == "wide"
    assert match_account_headers(["Unit", "Media Sosial", "URL"]).layout == "long"


@pytest.mark.parametrize(
    ("headers", "missing"),
    [
        (["NIP", "Nama"], "a platform (Instagram"),
        (["Nama", "Instagram"], "NIP (or Unit for official accounts)"),
        (["NIP", "Akun", "Followers"], "no column for Platform."),
        (["NIP", "Platform", "Followers"], "no column for Akun."),
    ],
)
def test_missing_account_columns_are_named(headers, missing):
    with pytest.raises(FileProblem, match=r"Columns found: ") as raised:
        match_account_headers(headers)
    assert missing in str(raised.value)


def test_known_headers_are_counted_once_per_column():
    assert count_known_headers(["NIP", "nipBaru", "", "Judul"]) == 1
    assert count_known_headers(["NIP", "Nama", "Instagram", "Followers IG"]) == 4
    assert count_known_headers(["Daftar Pegawai Kota Contoh"]) == 0


def test_read_and_match_an_ods_account_file(tmp_path):
    rows = [["NIP", "Nama", "Instagram", "Pengikut Instagram"], [NIP, "Siti", "@siti", 1200]]
    table = open_table(write_ods(tmp_path / "akun.ods", {"Akun": rows}))
    columns = match_account_headers(table.headers)
    assert read(table) == [(2, [NIP, "Siti", "@siti", "1200"])]
    assert columns.platforms == ("instagram",)


def test_open_table_accepts_a_string_path(tmp_path):
    path = write_text(tmp_path / "r.csv", csv_text(ROSTER))
    assert open_table(Path(str(path))).headers == ROSTER[0]
