"""Property tests: no file and no row makes the import parsers fail other than as documented.

A file is either read or refused with a FileProblem; a row either becomes values or says, for
each problem, where it is and why. Nothing else may escape, whatever the bytes or cells.
"""

import csv
import io
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaung.imports.columns import (
    ACCOUNT_COLUMNS,
    PLATFORM_NAMES,
    ROSTER_COLUMNS,
    ColumnMap,
    match_account_headers,
    match_roster_headers,
)
from gaung.imports.readers import FileProblem, open_table
from gaung.imports.rows import (
    MAX_FOLLOWERS,
    AccountRow,
    RosterRow,
    parse_account_rows,
    parse_followers,
    parse_roster_row,
)
from gaung.registry.choices import PNS_RANKS, PPPK_GRADES
from gaung.registry.synthetic import synthetic_pns_nip, synthetic_pppk_ni
from gaung.socials.handles import PLATFORMS
from tests.imports.files.builders import write_ods, write_xls, write_xlsx

# Hypothesis runs many examples in one test; the directory is shared and each example
# overwrites its file, so the function-scoped-fixture check does not apply.
FILE_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
ROW_SETTINGS = settings(max_examples=300, deadline=None)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def read_all(path: Path, filename: str | None = None) -> None:
    """Open and iterate a file; only FileProblem may escape."""
    try:
        table = open_table(path, filename=filename)
        width = len(table.headers)
        previous = table.header_line
        for line, cells in table.rows:
            assert line > previous
            assert len(cells) == width
            assert all(isinstance(cell, str) and cell == cell.strip() for cell in cells)
            previous = line
    except FileProblem as problem:
        assert str(problem).strip()


# --- Files ------------------------------------------------------------------------------------


@FILE_SETTINGS
@given(data=st.binary(max_size=2048))
def test_any_bytes_as_a_csv_are_read_or_refused_with_a_file_problem(tmp_path, data):
    path = tmp_path / "upload.csv"
    path.write_bytes(data)
    read_all(path)


CSV_PIECES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["NIP", "Nama", "Unit Kerja", "sep=;", "sep=,", '"', '""', ";", ",", "\t", "\r\n",
         "\n", "\r", "\x00", "\ufeff", "Instagram", "é", "1.96804111993031E+17"]
    ),
)  # fmt: skip
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])


@FILE_SETTINGS
@given(pieces=st.lists(CSV_PIECES, max_size=60), encoding=ENCODINGS)
def test_text_that_looks_like_csv_is_read_or_refused_with_a_file_problem(
    tmp_path, pieces, encoding
):
    path = tmp_path / "upload.csv"
    path.write_bytes("".join(pieces).encode(encoding, errors="ignore"))
    read_all(path)


SAMPLE_ROWS = [
    ["Rekap"],
    ["NIP", "Nama", "Unit Kerja", "Gol", "Aktif"],
    ["196804111993031009", "Siti", "Dinas", 3, True],
    [1.96804111993031e17, "Budi", "Dinas", 2.5, False],
]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, bytes]:
    """Valid sample workbooks, built once: xlsxwriter stamps the time into each file."""
    folder = tmp_path_factory.mktemp("workbooks")
    writers = {"r.xlsx": write_xlsx, "r.ods": write_ods, "r.xls": write_xls}
    return {
        name: writer(folder / name, {"Data": SAMPLE_ROWS}).read_bytes()
        for name, writer in writers.items()
    }


@pytest.mark.parametrize("name", ["r.xlsx", "r.ods", "r.xls"])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_damaged_workbook_is_read_or_refused_with_a_file_problem(tmp_path, workbooks, name, data):
    # given: a valid workbook with a few bytes overwritten and maybe the end cut off
    damaged = bytearray(workbooks[name])
    for _ in range(data.draw(st.integers(1, 8))):
        damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    damaged = damaged[: data.draw(st.integers(len(damaged) // 2, len(damaged)))]
    path = tmp_path / name
    path.write_bytes(bytes(damaged))

    # when / then
    read_all(path)


CELL_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from("\n\r\t;,\"' ")
    ),
    max_size=15,
)


@FILE_SETTINGS
@given(
    rows=st.lists(st.lists(CELL_TEXT, min_size=3, max_size=3), max_size=15),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_what_a_csv_writer_writes_is_read_back_cell_for_cell(tmp_path, rows, delimiter, encoding):
    # given
    buffer = io.StringIO()
    buffer.write(f"sep={delimiter}\r\n")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["NIP", "Nama", "Unit Kerja"])
    writer.writerows(rows)
    path = tmp_path / "upload.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))

    # when
    table = open_table(path)

    # then: the sep line is line 1, the header line 2, each record one line after
    expected = [
        (number, [cell.strip() for cell in row])
        for number, row in enumerate(rows, start=3)
        if any(cell.strip() for cell in row)
    ]
    assert (table.headers, table.header_line) == (["NIP", "Nama", "Unit Kerja"], 2)
    assert list(table.rows) == expected


# --- Rows -------------------------------------------------------------------------------------

NIPS = [synthetic_pns_nip(n) for n in range(0, 400, 37)] + [
    synthetic_pppk_ni(n) for n in range(0, 400, 41)
]
WORDS = [
    *("PNS", "CPNS", "PPPK", "PPPK Paruh Waktu", "Honorer", "THL", "Non ASN", "P3K", "pns"),
    *("III/a", "3a", "IV-e", "IX", "9", "Penata Muda (III/a)", "XVIII", "V/a", "Gol. IX"),
    *("Aktif", "Tidak Aktif", "Pensiun", "TRUE", "0", "-", "N/A", "tidak ada", "'", "''"),
    *("1.96804111993031E+17", "1,96804E+17", "196804111993031000.0", "'19680411 199303 1 009"),
    *("15.000", "1,2 rb", "1.5K", "-3", "1.5", "9" * 30, "12 followers", "1,5 jt"),
    *("@siti", "siti.rahayu", "https://www.instagram.com/siti/", "https://vt.tiktok.com/ZS1/"),
    *("https://www.tiktok.com/@siti", "https://facebook.com/profile.php?id=1000641234"),
    *("https://youtube.com/channel/UCaBcDeFgHiJkLmNoPqRsT_-", "x.com/siti", "threads.net/@s"),
    *("http://[::1", "https://", "@", "@a, @b", "@a\n@b", "instagram.com/p/abc"),
    *("Instagram", "IG", "TikTok", "FB", "Youtube", "Twitter", "X (Twitter)", "Snapchat"),
    *("Dr. Hj. Siti Rahayu, S.Sos., M.Si.", "Dinas Kesehatan", "siti@contoh.go.id", "8123456789"),
]
CELLS = st.one_of(
    st.sampled_from(NIPS),
    st.sampled_from(WORDS),
    st.text(max_size=40),
    st.from_regex(r"[0-9 '.,E+]{0,22}", fullmatch=True),
)
ROW_NUMBERS = st.integers(min_value=1, max_value=1_048_576)


def headers_from(columns: dict[str, tuple[str, ...]], required: list[str]) -> st.SearchStrategy:
    """Headers with the required columns, some optional ones (any alias) and some unknown."""
    optional = [name for name in columns if name not in required]

    @st.composite
    def build(draw: st.DrawFn) -> list[str]:
        chosen = required + draw(st.lists(st.sampled_from(optional), unique=True))
        headers = [draw(st.sampled_from(columns[name])) for name in chosen]
        headers += draw(st.lists(st.sampled_from(["No", "Keterangan", "", "Foto"]), max_size=2))
        return draw(st.permutations(headers))

    return build()


ROSTER_HEADERS = headers_from(ROSTER_COLUMNS, ["nip", "name", "unit_name"])
WIDE_COLUMNS = {
    "nip": ACCOUNT_COLUMNS["nip"],
    "unit_name": ACCOUNT_COLUMNS["unit_name"],
    **{code: (name, f"Akun {name}") for code, name in PLATFORM_NAMES.items()},
    **{f"followers_{code}": (f"Followers {name}",) for code, name in PLATFORM_NAMES.items()},
}
WIDE_HEADERS = headers_from(WIDE_COLUMNS, ["nip", "instagram"])
LONG_HEADERS = headers_from(
    {
        name: ACCOUNT_COLUMNS[name]
        for name in ("nip", "unit_name", "platform", "handle", "followers")
    },
    ["nip", "platform", "handle"],
)


def assert_errors_explain(errors: list, row: int, columns: ColumnMap) -> None:
    known = set(columns.headers) | set(columns.labels.values())
    for error in errors:
        assert error.row == row
        assert isinstance(error.reason, str) and error.reason.strip()
        assert isinstance(error.value, str)
        assert error.column in known


@ROW_SETTINGS
@given(row=ROW_NUMBERS, headers=ROSTER_HEADERS, data=st.data())
def test_any_roster_cells_give_a_row_or_the_reasons_why_not(row, headers, data):
    columns = match_roster_headers(headers)
    cells = data.draw(st.lists(CELLS, max_size=len(headers) + 2))

    result = parse_roster_row(row, cells, columns)

    if isinstance(result, RosterRow):
        assert result.row == row
        assert result.name and result.unit_name
        assert result.employee_type in {"pns", "pppk", "pppk_pw", "non_asn"}
        assert result.nip == "" or (len(result.nip) == 18 and result.nip.isascii())
        assert result.nip or result.employee_type == "non_asn"
        assert result.rank in {"", *PNS_RANKS, *PPPK_GRADES}
    else:
        assert result, "a rejected row must say why"
        assert_errors_explain(result, row, columns)


@ROW_SETTINGS
@given(row=ROW_NUMBERS, headers=st.one_of(WIDE_HEADERS, LONG_HEADERS), data=st.data())
def test_any_account_cells_give_accounts_or_the_reasons_why_not(row, headers, data):
    columns = match_account_headers(headers)
    cells = data.draw(st.lists(CELLS, max_size=len(headers) + 2))

    accounts, errors = parse_account_rows(row, cells, columns)

    assert_errors_explain(errors, row, columns)
    for account in accounts:
        assert isinstance(account, AccountRow)
        assert account.row == row
        assert account.platform in PLATFORMS
        assert account.handle and account.profile_url.startswith("https://")
        assert account.nip or account.unit_name
        assert account.followers is None or 0 <= account.followers <= MAX_FOLLOWERS
        assert account.column in columns.headers
    if columns.layout == "long":
        assert accounts or errors, "a row of the long layout always holds an account"


@ROW_SETTINGS
@given(text=st.one_of(st.text(max_size=30), st.from_regex(r"-?[0-9.,]{0,16} ?(k|rb|jt|m)?")))
def test_followers_are_a_count_none_or_a_reason(text):
    try:
        count = parse_followers(text)
    except ValueError as error:
        assert str(error).strip()
    else:
        assert count is None or 0 <= count <= MAX_FOLLOWERS
