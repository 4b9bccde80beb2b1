"""Import benchmark: 100,000-employee roster and 150,000 accounts into fresh databases.

Run with `make bench-import` (or `.venv/bin/python bench/import_bench.py`). Progress goes to
stderr; the last line on stdout is one JSON object with the figures (see bench/README.md).
Every measured phase runs in its own subprocess so that its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_ADMIN_URL = os.environ.get(
    "BENCH_PG_ADMIN_URL", f"postgres://postgres@{PG_HOST}:{PG_PORT}/postgres"
)
PG_BENCH_DB = "gaung_bench"
ADMIN_USERNAME = "bench_bkpsdm"
INSTANSI_NAME = "Pemerintah Kota Bench"
OPD_COUNT = 30
UNITS_PER_OPD = 8
ROSTER_HEADER = ("NIP", "Nama", "Jenis Pegawai", "Golongan", "Jabatan", "Unit Kerja", "Unit Induk")
ACCOUNT_HEADER = ("NIP", "Platform", "Akun", "Followers")
RAW_COLUMNS = (
    "nip", "employee_type", "front_title", "name", "back_title", "rank", "position", "unit_id",
    "email", "phone", "is_active", "birth_date", "sex", "tmt_cpns", "appointment_year",
    "created_at", "updated_at",
)  # fmt: skip
PNS_RANKS = ("II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b")
PPPK_GRADES = ("V", "VII", "IX", "X", "XI")
POSITIONS = ("Analis Kebijakan", "Pranata Komputer", "Perawat", "Guru", "Bendahara", "Staf")
RAW_RUNS = 3
TARGETS = {"ratio": 0.3, "xlsx_preview_seconds": 20.0, "peak_rss_mb": 1024.0, "reimport": 2.0}


def log(message: str) -> None:
    """A progress line on stderr (stdout carries only the final JSON)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# The files
# ---------------------------------------------------------------------------------------------


def opd_names() -> list[tuple[str, list[str]]]:
    """(OPD name, its unit names) for the synthetic agency."""
    kinds = ("Dinas", "Badan", "Dinas", "Kecamatan")
    topics = (
        "Kesehatan", "Pendidikan", "Perhubungan", "Sosial", "Pertanian", "Pariwisata",
        "Lingkungan Hidup", "Perdagangan", "Koperasi", "Kebudayaan", "Perpustakaan",
        "Kependudukan", "Pekerjaan Umum", "Perumahan", "Komunikasi", "Kepemudaan",
        "Ketahanan Pangan", "Perikanan", "Tenaga Kerja", "Penanaman Modal", "Keuangan",
        "Kepegawaian", "Perencanaan", "Pendapatan", "Bencana", "Kearsipan", "Statistik",
        "Energi", "Kesatuan Bangsa", "Pemberdayaan",
    )  # fmt: skip
    result = []
    for index in range(OPD_COUNT):
        opd = f"{kinds[index % len(kinds)]} {topics[index % len(topics)]} {index + 1}"
        units = ["Sekretariat"] + [f"Bidang {chr(65 + n)}" for n in range(UNITS_PER_OPD - 2)]
        units.append("UPT Layanan")
        result.append((opd, units))
    return result


def roster_rows(count: int) -> list[tuple[str, ...]]:
    """The roster's rows (without header): 90 % PNS, 10 % PPPK, valid synthetic numbers."""
    from gaung.registry.synthetic import synthetic_name, synthetic_pns_nip, synthetic_pppk_ni

    rng = random.Random(20261124)
    tree = opd_names()
    rows = []
    for n in range(count):
        pppk = n % 10 == 9
        number = synthetic_pppk_ni(n) if pppk else synthetic_pns_nip(n)
        front, name, back = synthetic_name(rng)
        full = f"{front} {name}".strip() + (f", {back}" if back else "")
        opd, units = tree[n % OPD_COUNT]
        unit = units[(n // OPD_COUNT) % len(units)]
        rank = rng.choice(PPPK_GRADES if pppk else PNS_RANKS)
        kind = "PPPK" if pppk else "PNS"
        rows.append((number, full, kind, rank, rng.choice(POSITIONS), unit, opd))
    return rows


def account_rows(roster: list[tuple[str, ...]], count: int) -> list[tuple[str, ...]]:
    """One row per account (long layout): Instagram for everyone, TikTok for some."""
    rng = random.Random(7)
    rows = []
    platforms = (("Instagram", "ig"), ("TikTok", "tt"))
    for n in range(count):
        platform, prefix = platforms[n // len(roster)]
        number = roster[n % len(roster)][0]
        handle = f"@{prefix}.asn.{n % len(roster)}"
        rows.append((number, platform, handle, str(rng.randint(0, 50_000))))
    return rows


def write_files(folder: Path, employees: int, accounts: int) -> dict[str, Path]:
    """The roster as CSV and XLSX, and the account file, in `folder`."""
    import xlsxwriter

    roster = roster_rows(employees)
    paths = {
        "roster_csv": folder / "roster.csv",
        "roster_xlsx": folder / "roster.xlsx",
        "accounts_csv": folder / "accounts.csv",
    }
    with paths["roster_csv"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ROSTER_HEADER)
        writer.writerows(roster)
    workbook = xlsxwriter.Workbook(str(paths["roster_xlsx"]), {"constant_memory": True})
    sheet = workbook.add_worksheet("Pegawai")
    text = workbook.add_format({"num_format": "@"})
    sheet.write_row(0, 0, ROSTER_HEADER)
    for index, row in enumerate(roster, start=1):
        # The NIP as text, as a careful clerk (or SIASN) writes it.
        sheet.write_string(index, 0, row[0], text)
        sheet.write_row(index, 1, row[1:])
    workbook.close()
    with paths["accounts_csv"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACCOUNT_HEADER)
        writer.writerows(account_rows(roster, accounts))
    return paths


# ---------------------------------------------------------------------------------------------
# Child processes: one phase each
# ---------------------------------------------------------------------------------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaung.config.settings")
    import django

    django.setup()


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=ADMIN_USERNAME)


def phase_setup() -> dict[str, Any]:
    """Migrate the empty database and create the agency, its OPD tree and an instansi admin."""
    _django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from gaung.registry.actions import create_unit
    from gaung.registry.choices import UnitKind
    from gaung.registry.models import RoleAssignment

    call_command("migrate", interactive=False, verbosity=0)
    root = get_user_model().objects.create_superuser("bench_root", password=None)
    instansi = create_unit(root, name=INSTANSI_NAME, kind=UnitKind.INSTANSI, parent=None)
    for opd, units in opd_names():
        kind = UnitKind.KECAMATAN if opd.startswith("Kecamatan") else UnitKind.DINAS
        parent = create_unit(root, name=opd, kind=kind, parent=instansi)
        for name in units:
            unit_kind = UnitKind.UPT if name.startswith("UPT") else UnitKind.BIDANG
            if name == "Sekretariat":
                unit_kind = UnitKind.SEKRETARIAT
            create_unit(root, name=name, kind=unit_kind, parent=parent)
    user = get_user_model().objects.create_user(ADMIN_USERNAME, password=None)
    RoleAssignment.objects.create(user=user, role="instansi_admin", unit=instansi)
    return {"instansi": instansi.pk}


def _upload(kind: str, path: Path):
    from django.core.files import File

    from gaung.imports.actions import create_import_job

    with path.open("rb") as handle:
        return create_import_job(
            _admin(), kind=kind, file=File(handle, name=path.name), enqueue=False
        )


def phase_preview(kind: str, path: Path) -> dict[str, Any]:
    """Upload and validate (the preview); the job is left READY for the commit phase."""
    _django()
    from gaung.imports.actions import validate_import
    from gaung.imports.choices import ImportStatus

    job = _upload(kind, path)
    started = time.perf_counter()
    job = validate_import(job)
    seconds = time.perf_counter() - started
    if job.status != ImportStatus.READY:
        raise SystemExit(f"preview of {path.name} ended {job.status}: {job.problem}")
    return {"job": job.pk, "seconds": seconds, "counts": _counts(job), "rows": job.count("rows")}


def phase_commit(job_id: int) -> dict[str, Any]:
    """Save a READY job."""
    _django()
    # What a running worker has loaded long before a commit comes in.
    import gaung.imports.commit
    import gaung.socials.actions  # noqa: F401
    from gaung.imports.actions import commit_import
    from gaung.imports.choices import ImportStatus
    from gaung.imports.models import ImportJob

    job = ImportJob.objects.select_related("instansi").get(pk=job_id)
    admin = _admin()
    started = time.perf_counter()
    job = commit_import(admin, job)
    seconds = time.perf_counter() - started
    if job.status != ImportStatus.COMMITTED:
        raise SystemExit(f"commit of job {job_id} ended {job.status}: {job.problem}")
    return {"job": job.pk, "seconds": seconds, "counts": _counts(job), "rows": job.count("rows")}


def phase_reimport(kind: str, path: Path) -> dict[str, Any]:
    """Preview and commit in one go (the clerk uploading the same file again)."""
    first = phase_preview(kind, path)
    second = phase_commit(first["job"])
    return {
        "job": first["job"],
        "seconds": first["seconds"] + second["seconds"],
        "preview_seconds": first["seconds"],
        "commit_seconds": second["seconds"],
        "counts": second["counts"],
        "rows": second["rows"],
    }


def phase_accounts(path: Path) -> dict[str, Any]:
    """Preview and commit of the account file."""
    return phase_reimport("accounts", path)


def _counts(job) -> dict[str, int]:
    return {key: job.count(key) for key in ("new", "changed", "unchanged", "invalid")}


def phase_raw(path: Path) -> dict[str, Any]:
    """The reference: the same employee rows inserted straight through the database driver."""
    _django()
    from django.db import connection
    from django.utils import timezone

    from gaung.imports.planner import decode_number
    from gaung.registry.models import OrganisationUnit

    # Rows are built before the clock starts: only the insert itself is the reference.
    unit_id = OrganisationUnit.objects.filter(depth=2).values_list("pk", flat=True).first()
    now = timezone.now()
    sqlite = connection.vendor == "sqlite"
    stamp = connection.ops.adapt_datetimefield_value(now) if sqlite else now
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for number, name, kind, rank, position, _unit, _opd in reader:
            decoded = decode_number(number, kind.lower())
            birth, tmt = decoded["birth_date"], decoded["tmt_cpns"]
            if sqlite:
                birth = birth.isoformat() if birth else None
                tmt = tmt.isoformat() if tmt else None
            rows.append((number, kind.lower(), "", name, "", rank, position, unit_id, "", "",
                         True, birth, decoded.get("sex", ""), tmt, decoded["appointment_year"],
                         stamp, stamp))  # fmt: skip
    columns = ", ".join(f'"{c}"' for c in RAW_COLUMNS)
    connection.ensure_connection()
    raw = connection.connection
    timings = []
    # The reference is noisy on a shared 2-core machine (one run of the same rows varied from
    # 0.3 to 0.9 s on PostgreSQL): the median of RAW_RUNS runs is the figure.
    for _run in range(RAW_RUNS):
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_raw_employee")
            cursor.execute(
                "CREATE TABLE bench_raw_employee AS SELECT "
                + ", ".join(f'"{c}"' for c in RAW_COLUMNS)
                + " FROM registry_employee WHERE 1 = 0"
            )
        if not connection.get_autocommit():
            connection.commit()
        started = time.perf_counter()
        if sqlite:
            marks = ", ".join("?" * len(RAW_COLUMNS))
            cursor = raw.cursor()
            cursor.execute("BEGIN")
            cursor.executemany(f"INSERT INTO bench_raw_employee ({columns}) VALUES ({marks})", rows)
            cursor.execute("COMMIT")
        else:
            statement = f"COPY bench_raw_employee ({columns}) FROM STDIN"
            with raw.transaction(), raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        timings.append(time.perf_counter() - started)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM bench_raw_employee")
            inserted = cursor.fetchone()[0]
            cursor.execute("DROP TABLE bench_raw_employee")
        if inserted != len(rows):
            raise SystemExit(f"raw insert wrote {inserted} rows, expected {len(rows)}")
    return {"seconds": statistics.median(timings), "each": timings, "rows": len(rows)}


def child(arguments: argparse.Namespace) -> None:
    """Run one phase and print its JSON result (with the peak RSS) on stdout."""
    phase = arguments.phase
    if phase == "setup":
        result = phase_setup()
    elif phase == "preview":
        result = phase_preview(arguments.kind, Path(arguments.file))
    elif phase == "commit":
        result = phase_commit(arguments.job)
    elif phase == "reimport":
        result = phase_reimport(arguments.kind, Path(arguments.file))
    elif phase == "accounts":
        result = phase_accounts(Path(arguments.file))
    elif phase == "raw":
        result = phase_raw(Path(arguments.file))
    else:
        raise SystemExit(f"unknown phase {phase}")
    result["peak_rss_mb"] = _peak_rss_mb()
    print(json.dumps(result))


# ---------------------------------------------------------------------------------------------
# The parent: files, databases, phases, figures
# ---------------------------------------------------------------------------------------------


def run_phase(env: dict[str, str], phase: str, *args: str) -> dict[str, Any]:
    """One phase in a fresh interpreter; returns its JSON result."""
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"phase {phase} failed with status {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def postgres_reachable() -> bool:
    """True when something answers on 127.0.0.1:5432."""
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex((PG_HOST, PG_PORT)) == 0


def fresh_postgres() -> str:
    """Drop and create the gaung_bench database; returns its URL."""
    import psycopg

    url = PG_ADMIN_URL.replace("postgres://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{PG_BENCH_DB}"')
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}"


def _figure(rows: int, result: dict[str, Any]) -> dict[str, Any]:
    seconds = result["seconds"]
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds) if seconds else None,
        "peak_rss_mb": result["peak_rss_mb"],
        "counts": result.get("counts"),
    }


def bench_database(name: str, env: dict[str, str], files: dict[str, Path]) -> dict[str, Any]:
    """Every phase against one fresh database."""
    log(f"{name}: migrating and creating the agency tree")
    run_phase(env, "setup")
    log(f"{name}: roster CSV preview")
    preview = run_phase(env, "preview", "--kind", "roster", "--file", str(files["roster_csv"]))
    rows = preview["rows"]
    log(f"{name}: preview {preview['seconds']:.1f} s, {preview['counts']}; roster XLSX preview")
    # Before the commit: every row is new and parsed (the worst case for the XLSX target).
    xlsx = run_phase(env, "preview", "--kind", "roster", "--file", str(files["roster_xlsx"]))
    log(f"{name}: XLSX preview {xlsx['seconds']:.1f} s; committing the CSV preview")
    commit = run_phase(env, "commit", "--job", str(preview["job"]))
    log(f"{name}: commit {commit['seconds']:.1f} s; re-importing the unchanged CSV")
    reimport = run_phase(env, "reimport", "--kind", "roster", "--file", str(files["roster_csv"]))
    log(f"{name}: re-import {reimport['seconds']:.1f} s {reimport['counts']}; accounts")
    accounts = run_phase(env, "accounts", "--file", str(files["accounts_csv"]))
    log(f"{name}: accounts {accounts['seconds']:.1f} s {accounts['counts']}; raw insert")
    raw = run_phase(env, "raw", "--file", str(files["roster_csv"]))
    log(f"{name}: raw insert {raw['seconds']:.2f} s (median of {RAW_RUNS})")

    raw_rate = raw["rows"] / raw["seconds"]
    figures: dict[str, Any] = {
        "rows": rows,
        "preview": _figure(rows, preview),
        "commit": _figure(rows, commit),
        "xlsx_preview": _figure(rows, xlsx),
        "reimport": _figure(rows, reimport)
        | {
            "preview_seconds": round(reimport["preview_seconds"], 2),
            "commit_seconds": round(reimport["commit_seconds"], 2),
        },
        "accounts": _figure(accounts["rows"], accounts)
        | {
            "preview_seconds": round(accounts["preview_seconds"], 2),
            "commit_seconds": round(accounts["commit_seconds"], 2),
        },
        "raw": {
            "rows": raw["rows"],
            "seconds": round(raw["seconds"], 3),
            "seconds_each_run": [round(seconds, 3) for seconds in raw["each"]],
            "rows_per_s": round(raw_rate),
        },
    }
    first_import = preview["seconds"] + commit["seconds"]
    ratio = (rows / commit["seconds"]) / raw_rate
    ratio_end_to_end = (rows / first_import) / raw_rate
    peak = max(p["peak_rss_mb"] for p in (preview, commit, xlsx, reimport, accounts))
    figures["ratio"] = round(ratio, 3)
    figures["ratio_end_to_end"] = round(ratio_end_to_end, 3)
    figures["reimport_speedup"] = round(first_import / reimport["seconds"], 2)
    figures["reimport_commit_speedup"] = round(
        commit["seconds"] / max(reimport["commit_seconds"], 1e-6), 1
    )
    figures["peak_rss_mb"] = peak
    figures["targets_met"] = {
        "ratio_ge_0.3": ratio >= TARGETS["ratio"],
        "xlsx_preview_le_20s": xlsx["seconds"] <= TARGETS["xlsx_preview_seconds"],
        "peak_rss_le_1gb": peak <= TARGETS["peak_rss_mb"],
        "reimport_2x_faster": figures["reimport_speedup"] >= TARGETS["reimport"],
    }
    return figures


def parent(arguments: argparse.Namespace) -> None:
    """Generate the files, then benchmark SQLite and (when reachable) PostgreSQL."""
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="gaung-bench-"))
    base_env = {**os.environ, "GAUNG_LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1"}
    base_env.pop("DATABASE_URL", None)
    result: dict[str, Any] = {"employees": arguments.employees, "accounts": arguments.accounts}
    try:
        log(f"writing {arguments.employees:,} employees and {arguments.accounts:,} accounts")
        files = write_files(workdir, arguments.employees, arguments.accounts)
        result["files_mb"] = {
            name: round(path.stat().st_size / 1e6, 1) for name, path in files.items()
        }
        databases = []
        if "sqlite" in arguments.databases:
            data = workdir / "sqlite-data"
            data.mkdir()
            databases.append(("sqlite", base_env | {"GAUNG_DATA_DIR": str(data)}))
        if "postgres" in arguments.databases:
            if postgres_reachable():
                data = workdir / "pg-data"
                data.mkdir()
                env = base_env | {"GAUNG_DATA_DIR": str(data), "DATABASE_URL": fresh_postgres()}
                databases.append(("postgresql", env))
            else:
                log("PostgreSQL not reachable on 127.0.0.1:5432: skipped")
                result["postgresql"] = "not reachable"
        for name, env in databases:
            result[name] = bench_database(name, env, files)
    finally:
        if arguments.keep:
            log(f"files and databases kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    log(f"done in {result['total_seconds']:.0f} s")
    print(json.dumps(result))


def main() -> None:
    """Parse the arguments: the parent run, or one phase (internal)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--accounts", type=int, default=150_000)
    parser.add_argument(
        "--databases", default="sqlite,postgres", help="comma-separated: sqlite,postgres"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (debugging)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--kind", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--job", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.phase:
        child(arguments)
    else:
        parent(arguments)


if __name__ == "__main__":
    main()
