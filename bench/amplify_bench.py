"""Amplification load benchmark: 10,000 ASN send proofs and their links get 20,000 clicks.

Run with `make bench-amplify` (or `.venv/bin/python bench/amplify_bench.py`). It builds a fresh
database (PostgreSQL when 127.0.0.1:5432 answers, else SQLite), starts gunicorn and a Celery
worker on loopback, and drives the proofs and tracked-link clicks over HTTP from a separate
load process. Progress goes to stderr; the last line on stdout is one JSON object with the
figures (see bench/README.md).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_ADMIN_URL = os.environ.get(
    "BENCH_PG_ADMIN_URL", f"postgres://postgres@{PG_HOST}:{PG_PORT}/postgres"
)
PG_BENCH_DB = "gaung_bench_amplify"
# Production (docs/deploy.md) puts the broker, results and cache in Redis. The benchmark uses
# its own database numbers and empties them first, so it never reads another install's keys.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
REDIS_DBS = {"CELERY_BROKER_URL": 13, "CELERY_RESULT_BACKEND": 14, "GAUNG_CACHE_URL": 15}
ADMIN_USERNAME = "bench_humas"
INSTANSI_NAME = "Pemerintah Kota Bench"
OPD_COUNT = 10
UNIT_NAMES = ("Sekretariat", "Bidang Informasi", "Bidang Layanan", "UPT Layanan")
OFFICIAL_POST = "https://www.instagram.com/pemkot.bench/p/BenchOfficialPost/"
# Looks like the cheap Android phones the links are opened on; the device part tells the
# clicks of one assignment apart (the app counts one visitor per IP and User-Agent).
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 13; bench-{n}) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
TARGET_P95_MS = 300.0
KINDS = ("proof", "click", "trivial")


def log(message: str) -> None:
    """A progress line on stderr (stdout carries only the final JSON)."""
    # UTC: Django sets the process time zone in the child phases, not in the parent.
    print(
        f"[bench {time.strftime('%H:%M:%SZ', time.gmtime())}] {message}",
        file=sys.stderr,
        flush=True,
    )


# ---------------------------------------------------------------------------------------------
# Django phases (each in its own interpreter, with the server's environment)
# ---------------------------------------------------------------------------------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaung.config.settings")
    import django

    django.setup()


def _organisation(root):
    """The agency, its OPD and their units; returns (instansi, leaf units)."""
    from gaung.registry.actions import create_unit
    from gaung.registry.choices import UnitKind

    instansi = create_unit(root, name=INSTANSI_NAME, kind=UnitKind.INSTANSI, parent=None)
    leaves = []
    for index in range(OPD_COUNT):
        opd = create_unit(
            root, name=f"Dinas Bench {index + 1}", kind=UnitKind.DINAS, parent=instansi
        )
        for name in UNIT_NAMES:
            kind = UnitKind.SEKRETARIAT if name == "Sekretariat" else UnitKind.BIDANG
            leaves.append(create_unit(root, name=name, kind=kind, parent=opd))
    return instansi, leaves


def _people(count: int, leaves, verifier) -> dict[int, tuple[str, str]]:
    """Employees with a login, an API token and a verified Instagram account each.

    Returns employee id -> (token key, Instagram handle). Everything is bulk-inserted: the
    roster import is measured elsewhere (bench/import_bench.py); here it is only the stage.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from gaung.registry.choices import EmployeeType
    from gaung.registry.models import Employee
    from gaung.registry.synthetic import synthetic_name, synthetic_pns_nip, synthetic_pppk_ni
    from gaung.socials.choices import AccountStatus, HandleKind, Platform
    from gaung.socials.models import SocialAccount

    user_model = get_user_model()
    rng = random.Random(20261125)
    numbers = [synthetic_pppk_ni(n) if n % 10 == 9 else synthetic_pns_nip(n) for n in range(count)]
    # Logins use API tokens only: one unusable password (no hashing per user) for all.
    unusable = make_password(None)
    user_model.objects.bulk_create(
        [user_model(username=number, password=unusable) for number in numbers], batch_size=2000
    )
    user_ids = dict(user_model.objects.filter(username__in=numbers).values_list("username", "pk"))
    keys = {number: secrets.token_hex(20) for number in numbers}
    Token.objects.bulk_create(
        [Token(key=keys[number], user_id=user_ids[number]) for number in numbers],
        batch_size=2000,
    )
    employees = []
    for n, number in enumerate(numbers):
        front, name, back = synthetic_name(rng)
        employees.append(
            Employee(
                nip=number,
                employee_type=EmployeeType.PPPK if n % 10 == 9 else EmployeeType.PNS,
                front_title=front,
                name=name,
                back_title=back,
                unit=leaves[n % len(leaves)],
                user_id=user_ids[number],
            )
        )
    Employee.objects.bulk_create(employees, batch_size=2000)
    employee_ids = dict(Employee.objects.filter(nip__in=numbers).values_list("nip", "pk"))
    now = timezone.now()
    handles = {number: f"asn.bench.{n}" for n, number in enumerate(numbers)}
    SocialAccount.objects.bulk_create(
        [
            SocialAccount(
                platform=Platform.INSTAGRAM,
                handle=handles[number],
                handle_kind=HandleKind.USERNAME,
                profile_url=f"https://www.instagram.com/{handles[number]}/",
                owner_employee_id=employee_ids[number],
                followers=rng.randint(50, 5000),
                followers_as_of=now.date(),
                status=AccountStatus.VERIFIED,
                verified_by=verifier,
                verified_at=now,
            )
            for number in numbers
        ],
        batch_size=2000,
    )
    return {employee_ids[number]: (keys[number], handles[number]) for number in numbers}


def phase_setup(employees: int, plan_path: Path) -> dict[str, Any]:
    """Migrate, create the people, then a campaign created and activated by the product."""
    _django()
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from gaung.amplification import actions
    from gaung.amplification.models import Assignment
    from gaung.registry.models import RoleAssignment

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    user_model = get_user_model()
    root = user_model.objects.create_superuser("bench_root", password=None)
    instansi, leaves = _organisation(root)
    admin = user_model.objects.create_user(ADMIN_USERNAME, password=None)
    RoleAssignment.objects.create(user=admin, role="instansi_admin", unit=instansi)
    log(f"setup: {len(leaves)} units; creating {employees:,} employees, logins and accounts")
    people = _people(employees, leaves, admin)
    log("setup: creating and activating the campaign")
    now = timezone.now()
    activation_started = time.perf_counter()
    campaign = actions.create_campaign(
        admin,
        unit=instansi,
        target_units=[instansi],
        title="Bench: sebarkan info layanan publik",
        post_url=OFFICIAL_POST,
        actions=["share"],
        platforms=["instagram"],
        starts_at=now - datetime.timedelta(hours=1),
        deadline=now + datetime.timedelta(days=7),
    )
    campaign = actions.activate_campaign(admin, campaign)
    activation_seconds = time.perf_counter() - activation_started
    rows = Assignment.objects.filter(campaign=campaign).values_list(
        "pk", "employee_id", "token", "asked"
    )
    plan = []
    asked_nothing = 0
    for assignment_id, employee_id, link_token, asked in rows.order_by("pk").iterator():
        key, handle = people[employee_id]
        plan.append([assignment_id, key, handle, link_token])
        asked_nothing += asked == 0
    plan_path.write_text(json.dumps(plan))
    return {
        "campaign": campaign.pk,
        "assignments": len(plan),
        "assignments_without_account": asked_nothing,
        "activation_seconds": round(activation_seconds, 2),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _counts(campaign_id: int) -> dict[str, int]:
    from django.db.models import Count, Q, Sum

    from gaung.amplification.choices import ProofStatus, RecapStatus
    from gaung.amplification.models import Assignment, LinkClick, Proof

    proofs = Proof.objects.filter(assignment__campaign_id=campaign_id).aggregate(
        stored=Count("pk"), accepted=Count("pk", filter=Q(status=ProofStatus.ACCEPTED))
    )
    sums = Assignment.objects.filter(campaign_id=campaign_id).aggregate(
        clicks=Sum("clicks", default=0),
        done=Sum("done", default=0),
        status_done=Count("pk", filter=Q(status=RecapStatus.DONE)),
    )
    return {
        "proofs_stored": proofs["stored"],
        "proofs_accepted": proofs["accepted"],
        "clicks_counted": LinkClick.objects.filter(assignment__campaign_id=campaign_id).count(),
        "clicks_sum_assignments": sums["clicks"],
        "assignments_done": sums["status_done"],
        "actions_done": sums["done"],
    }


def phase_count(campaign_id: int, proofs: int, clicks: int, settle: float) -> dict[str, Any]:
    """What the database holds, once anything still queued (Celery) has landed.

    Polls until the counts reach what the load process saw accepted, or stop moving for a
    few seconds, or `settle` seconds have passed.
    """
    _django()
    from django.db import connection

    deadline = time.monotonic() + settle
    last: dict[str, int] = {}
    still_since = time.monotonic()
    while True:
        counts = _counts(campaign_id)
        connection.close()
        reached = counts["proofs_stored"] >= proofs and counts["clicks_counted"] >= clicks
        if counts != last:
            last, still_since = counts, time.monotonic()
        if reached or time.monotonic() >= deadline or time.monotonic() - still_since >= 10:
            return counts
        time.sleep(0.5)


# ---------------------------------------------------------------------------------------------
# The load process (plain Python + httpx; no Django)
# ---------------------------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float | None]:
    """p50/p95/p99/max (nearest rank) and mean of latencies in ms."""
    if not values:
        return {"p50": None, "p95": None, "p99": None, "max": None, "mean": None}
    ordered = sorted(values)

    def rank(q: float) -> float:
        return round(ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)], 1)

    return {
        "p50": rank(50),
        "p95": rank(95),
        "p99": rank(99),
        "max": round(ordered[-1], 1),
        "mean": round(sum(ordered) / len(ordered), 1),
    }


class Recorder:
    """Latency and status of every request, per kind."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {kind: [] for kind in (*KINDS, "warmup")}
        self.statuses: dict[str, Counter] = {kind: Counter() for kind in (*KINDS, "warmup")}
        self.lock = threading.Lock()

    def add(self, kind: str, status: str, ms: float) -> None:
        with self.lock:
            self.latencies[kind].append(ms)
            self.statuses[kind][status] += 1

    def done(self, kinds: tuple[str, ...]) -> int:
        return sum(len(self.latencies[kind]) for kind in kinds)

    def errors(self, kind: str) -> dict[str, int]:
        return {s: n for s, n in self.statuses[kind].items() if not _ok(s)}

    def ok(self, kind: str) -> int:
        return sum(n for s, n in self.statuses[kind].items() if _ok(s))


def _ok(status: str) -> bool:
    return status.isdigit() and 200 <= int(status) < 400


def _request(client, operation: tuple) -> tuple[str, Any]:
    kind = operation[0]
    if kind in ("trivial", "warmup"):
        return kind, client.get("/healthz")
    if kind == "proof":
        _kind, assignment_id, key, handle = operation
        return kind, client.post(
            f"/api/assignments/{assignment_id}/proofs/",
            headers={"Authorization": f"Token {key}"},
            json={
                "platform": "instagram",
                "action": "share",
                "kind": "url",
                # A post from the ASN's own registered handle: accepted at once.
                "url": f"https://www.instagram.com/{handle}/p/BenchProof{assignment_id}/",
            },
        )
    _kind, link_token, n = operation
    return kind, client.get(f"/l/{link_token}", headers={"User-Agent": PHONE_AGENT.format(n=n)})


def drive(
    base_url: str,
    operations: list[tuple],
    concurrency: int,
    recorder: Recorder,
    deadline: float,
    label: str,
) -> float:
    """Send the operations with `concurrency` requests in flight; returns the wall seconds."""
    import httpx

    cursor = iter(range(len(operations)))
    cursor_lock = threading.Lock()
    stop = threading.Event()
    kinds = tuple({operation[0] for operation in operations})
    first = recorder.done(kinds)

    def worker() -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        with httpx.Client(base_url=base_url, timeout=30.0, limits=limits) as client:
            while time.monotonic() < deadline:
                with cursor_lock:
                    index = next(cursor, None)
                if index is None:
                    return
                operation = operations[index]
                started = time.perf_counter()
                try:
                    kind, response = _request(client, operation)
                    status = str(response.status_code)
                except httpx.HTTPError as error:
                    kind, status = operation[0], f"exception:{type(error).__name__}"
                recorder.add(kind, status, (time.perf_counter() - started) * 1000)

    def progress() -> None:
        while not stop.wait(10):
            sent = recorder.done(kinds) - first
            errors = sum(sum(recorder.errors(kind).values()) for kind in kinds)
            rate = sent / max(time.perf_counter() - started, 1e-6)
            log(f"{label}: {sent:,}/{len(operations):,} sent, {rate:.0f}/s, {errors} errors")

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    reporter = threading.Thread(target=progress, daemon=True)
    reporter.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    return time.perf_counter() - started


def phase_load(arguments: argparse.Namespace) -> dict[str, Any]:
    """Warm-up, the trivial reference, then proofs and clicks interleaved."""
    plan = json.loads(Path(arguments.file).read_text())
    base_url = arguments.base_url
    concurrency = arguments.concurrency
    deadline = time.monotonic() + arguments.time_limit
    recorder = Recorder()

    log(f"load: warm-up ({concurrency * 10} requests to /healthz)")
    drive(base_url, [("warmup",)] * (concurrency * 10), concurrency, recorder, deadline, "warm-up")
    log(f"load: reference, {arguments.trivial:,} requests to /healthz")
    trivial_seconds = drive(
        base_url, [("trivial",)] * arguments.trivial, concurrency, recorder, deadline, "reference"
    )
    operations: list[tuple] = []
    for assignment_id, key, handle, link_token in plan:
        operations.append(("proof", assignment_id, key, handle))
        operations.extend(("click", link_token, n) for n in range(arguments.clicks_per_employee))
    # Proofs and clicks arrive mixed, as when a campaign is being shared and opened at once.
    random.Random(42).shuffle(operations)
    log(f"load: {len(operations):,} proofs and clicks, {concurrency} in flight")
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    load_seconds = drive(base_url, operations, concurrency, recorder, deadline, "load")
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    sent = {
        "proof": len(plan),
        "click": len(plan) * arguments.clicks_per_employee,
        "trivial": arguments.trivial,
    }
    return {
        "sent": sent,
        "completed": {kind: len(recorder.latencies[kind]) for kind in KINDS},
        "ok": {kind: recorder.ok(kind) for kind in KINDS},
        "errors": {kind: recorder.errors(kind) for kind in KINDS},
        "statuses": {kind: dict(recorder.statuses[kind]) for kind in KINDS},
        "latency_ms": percentiles(recorder.latencies["proof"] + recorder.latencies["click"]),
        "latency_ms_by_kind": {kind: percentiles(recorder.latencies[kind]) for kind in KINDS},
        "load_seconds": round(load_seconds, 2),
        "reference_seconds": round(trivial_seconds, 2),
        "load_cpu_seconds": round(
            cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime, 1
        ),
        "timed_out": time.monotonic() >= deadline,
    }


# ---------------------------------------------------------------------------------------------
# The parent: database, server, load, figures
# ---------------------------------------------------------------------------------------------


def run_phase(env: dict[str, str], phase: str, *args: str, timeout: float) -> dict[str, Any]:
    """One phase in a fresh interpreter (its progress on our stderr); returns its JSON."""
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, *args]
    try:
        done = subprocess.run(
            command, env=env, stdout=subprocess.PIPE, text=True, check=False, timeout=timeout
        )
    except subprocess.TimeoutExpired as error:
        raise SystemExit(f"phase {phase} did not finish within {timeout:.0f} s") from error
    if done.returncode != 0:
        raise SystemExit(f"phase {phase} failed with status {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _answers(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex((host, port)) == 0


def fresh_postgres() -> str:
    """Drop and create the benchmark database; returns its URL."""
    import psycopg

    url = PG_ADMIN_URL.replace("postgres://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{PG_BENCH_DB}"')
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}"


def fresh_redis() -> dict[str, str] | None:
    """Empty the benchmark's Redis databases; returns the settings, or None without Redis."""
    import redis

    try:
        for number in REDIS_DBS.values():
            redis.Redis.from_url(f"{REDIS_URL}/{number}", socket_timeout=2).flushdb()
    except redis.RedisError:
        return None
    return {name: f"{REDIS_URL}/{number}" for name, number in REDIS_DBS.items()}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Servers:
    """gunicorn and a Celery worker in their own process groups, stopped whatever happens."""

    def __init__(self, env: dict[str, str], workdir: Path, arguments: argparse.Namespace):
        self.env, self.workdir, self.arguments = env, workdir, arguments
        self.port = free_port()
        self.processes: dict[str, subprocess.Popen] = {}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _start(self, name: str, command: list[str]) -> None:
        with (self.workdir / f"{name}.log").open("ab") as output:
            self.processes[name] = subprocess.Popen(
                command,
                env=self.env,
                cwd=ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def __enter__(self) -> Servers:
        arguments = self.arguments
        self._start(
            "gunicorn",
            [sys.executable, "-m", "gunicorn", "gaung.config.wsgi",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(arguments.workers),
             "--worker-class", arguments.worker_class, "--threads", str(arguments.threads),
             "--backlog", "2048", "--timeout", "60", "--graceful-timeout", "10",
             "--log-level", "warning"],
        )  # fmt: skip
        self._start(
            "celery",
            [sys.executable, "-m", "celery", "-A", "gaung.config", "worker",
             "--loglevel=WARNING", "--concurrency=2", "-n", f"bench-{self.port}@%h"],
        )  # fmt: skip
        return self

    def wait_ready(self, timeout: float = 180.0) -> None:
        """Until /healthz answers 200; fails early when a process died."""
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise SystemExit(f"{name} exited with status {process.returncode}:\n"
                                     + self.tail(name))  # fmt: skip
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base_url}/healthz", timeout=2).status_code == 200:
                    return
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer /healthz within {timeout:.0f} s:\n"
                         + self.tail("gunicorn"))  # fmt: skip

    def alive(self, name: str) -> bool:
        return self.processes[name].poll() is None

    def tail(self, name: str, size: int = 3000) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace")[-size:] if path.exists() else ""

    def __exit__(self, *exc_info: object) -> None:
        # SIGTERM to the leaders only: gunicorn's master and Celery's main process stop their
        # own children (a signal to a whole group makes Celery wait for its killed pool).
        for process in self.processes.values():
            process.terminate()
        for name, process in self.processes.items():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                log(f"{name} ignored SIGTERM: killing it")
            # Whatever is left of the group (an orphaned child) goes too.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def bench_database(
    name: str, env: dict[str, str], workdir: Path, arguments: argparse.Namespace
) -> dict[str, Any]:
    """Setup, server, load and counts against one fresh database."""
    plan = workdir / "plan.json"
    # Taken before this run adds its own load; anything else on the cores skews latencies.
    load_before = os.getloadavg()[0]
    if load_before > 1:
        log(f"{name}: load average {load_before:.1f} before the run: other work may skew it")
    log(f"{name}: migrating and creating {arguments.employees:,} employees and the campaign")
    setup = run_phase(
        env, "setup", "--employees", str(arguments.employees), "--file", str(plan), timeout=1800
    )
    log(
        f"{name}: {setup['assignments']:,} assignments (activation "
        f"{setup['activation_seconds']} s); starting gunicorn and the Celery worker"
    )
    with Servers(env, workdir, arguments) as servers:
        servers.wait_ready()
        log(f"{name}: serving on {servers.base_url}")
        load = run_phase(
            {**env, "PYTHONUNBUFFERED": "1"},
            "load",
            "--file", str(plan),
            "--base-url", servers.base_url,
            "--concurrency", str(arguments.concurrency),
            "--clicks-per-employee", str(arguments.clicks_per_employee),
            "--trivial", str(arguments.trivial),
            "--time-limit", str(arguments.time_limit),
            timeout=arguments.time_limit + 300,
        )  # fmt: skip
        log(f"{name}: load done in {load['load_seconds']} s; counting what was stored")
        counts = run_phase(
            env,
            "count",
            "--campaign", str(setup["campaign"]),
            "--expect-proofs", str(load["ok"]["proof"]),
            "--expect-clicks", str(load["ok"]["click"]),
            timeout=300,
        )  # fmt: skip
        worker_alive = servers.alive("celery")
        if any(load["errors"].values()):
            log(f"{name}: errors; the end of the gunicorn log:\n{servers.tail('gunicorn')}")
    result = figures(name, arguments, setup, load, counts, worker_alive)
    result["machine"] = {"cpus": os.cpu_count(), "load_average_1m_before": round(load_before, 2)}
    return result


def figures(
    name: str,
    arguments: argparse.Namespace,
    setup: dict[str, Any],
    load: dict[str, Any],
    counts: dict[str, Any],
    worker_alive: bool,
) -> dict[str, Any]:
    """The JSON figures of one database's run."""
    requests = load["sent"]["proof"] + load["sent"]["click"]
    completed = load["completed"]["proof"] + load["completed"]["click"]
    not_sent = requests - completed
    errors = sum(sum(load["errors"][kind].values()) for kind in ("proof", "click"))
    p95 = load["latency_ms"]["p95"]
    reference = load["latency_ms_by_kind"]["trivial"]["p95"]
    lost_proofs = load["ok"]["proof"] - counts["proofs_stored"]
    lost_clicks = load["ok"]["click"] - counts["clicks_counted"]
    return {
        "database": name,
        "employees": arguments.employees,
        "assignments": setup["assignments"],
        "concurrency": arguments.concurrency,
        "server": {
            "gunicorn_workers": arguments.workers,
            "gunicorn_threads": arguments.threads if arguments.worker_class == "gthread" else None,
            "worker_class": arguments.worker_class,
            "celery_worker_alive_at_end": worker_alive,
        },
        "requests": requests,
        "requests_not_sent": not_sent,
        "errors": errors + not_sent,
        "errors_by_kind": load["errors"],
        "statuses_by_kind": load["statuses"],
        "latency_ms": load["latency_ms"],
        "latency_ms_by_kind": load["latency_ms_by_kind"],
        "throughput_rps": round(completed / load["load_seconds"], 1) if completed else 0,
        "load_seconds": load["load_seconds"],
        "load_client_cpu_seconds": load["load_cpu_seconds"],
        "proofs_sent_ok": load["ok"]["proof"],
        **counts,
        "clicks_sent_ok": load["ok"]["click"],
        "lost_proofs": lost_proofs,
        "lost_clicks": lost_clicks,
        "reference_p95_ms": reference,
        "p95_ratio": round(p95 / reference, 2) if p95 and reference else None,
        "targets_met": {
            "zero_errors": errors + not_sent == 0,
            "zero_lost": lost_proofs <= 0 and lost_clicks <= 0,
            "p95_le_300ms": p95 is not None and p95 <= TARGET_P95_MS,
        },
        "setup_seconds": setup["seconds"],
        "activation_seconds": setup["activation_seconds"],
    }


def databases(choice: str) -> list[str]:
    """`auto`: PostgreSQL when it answers, else SQLite; or an explicit comma-separated list."""
    if choice == "auto":
        return ["postgresql" if _answers(PG_HOST, PG_PORT) else "sqlite"]
    aliases = {"sqlite": "sqlite", "postgres": "postgresql", "postgresql": "postgresql"}
    parts = [part.strip() for part in choice.split(",") if part.strip()]
    unknown = [part for part in parts if part not in aliases]
    if unknown or not parts:
        raise SystemExit(f"unknown database {', '.join(unknown)}: use auto or sqlite,postgres")
    return list(dict.fromkeys(aliases[part] for part in parts))


def environment(name: str, workdir: Path) -> dict[str, str]:
    """The environment shared by the setup, gunicorn, the worker and the count."""
    data = workdir / f"{name}-data"
    # The static dir only silences WhiteNoise's warning: no static file is requested.
    (data / "static").mkdir(parents=True)
    env = {
        **os.environ,
        "GAUNG_DATA_DIR": str(data),
        "GAUNG_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    for variable in ("DATABASE_URL", "GAUNG_DEBUG", *REDIS_DBS):
        env.pop(variable, None)
    if name == "postgresql":
        if not _answers(PG_HOST, PG_PORT):
            raise SystemExit("PostgreSQL does not answer on 127.0.0.1:5432")
        env["DATABASE_URL"] = fresh_postgres()
        # The production layout: PostgreSQL with Redis for the broker and the cache.
        redis_env = fresh_redis()
        if redis_env:
            env.update(redis_env)
        else:
            log("Redis not reachable: SQLite broker and database cache instead")
    return env


def exclusive_run():
    """A lock held for the whole run: two runs would drop each other's database and share
    the cores. Released when the process ends, however it ends."""
    import fcntl

    handle = (Path(tempfile.gettempdir()) / "gaung-bench-amplify.lock").open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise SystemExit("another amplification benchmark is running on this machine") from None
    return handle


def parent(arguments: argparse.Namespace) -> None:
    """Benchmark each chosen database; print one JSON object last (also when a run failed)."""
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="gaung-bench-amplify-"))
    runs: dict[str, Any] = {}
    failure: str | None = None
    lock = None
    try:
        lock = exclusive_run()
        for name in databases(arguments.databases):
            env = environment(name, workdir)
            runs[name] = bench_database(name, env, workdir, arguments)
            runs[name]["broker"] = "redis" if "CELERY_BROKER_URL" in env else "sqlite"
    # A failed run still ends with the JSON (saying what failed) and a non-zero status.
    except SystemExit as error:
        failure = str(error.code)
    except Exception as error:
        failure = f"{type(error).__name__}: {error}"
    finally:
        if lock is not None:
            lock.close()
        if arguments.keep:
            log(f"plan, server logs and SQLite data kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if len(runs) == 1 and failure is None:
        result = next(iter(runs.values()))
    else:
        result = {
            "runs": runs,
            "targets_met": {
                target: failure is None and all(r["targets_met"][target] for r in runs.values())
                for target in ("zero_errors", "zero_lost", "p95_le_300ms")
            },
        }
    if failure is not None:
        log(f"failed: {failure}")
        result["error"] = failure
    result["seconds"] = round(time.perf_counter() - started, 1)
    log(f"done in {result['seconds']:.0f} s")
    print(json.dumps(result))
    if failure is not None:
        sys.exit(1)


def child(arguments: argparse.Namespace) -> None:
    """Run one internal phase and print its JSON result on stdout."""
    if arguments.phase == "setup":
        result = phase_setup(arguments.employees, Path(arguments.file))
    elif arguments.phase == "load":
        result = phase_load(arguments)
    elif arguments.phase == "count":
        result = phase_count(
            arguments.campaign, arguments.expect_proofs, arguments.expect_clicks, settle=120
        )
    else:
        raise SystemExit(f"unknown phase {arguments.phase}")
    print(json.dumps(result))


def main() -> None:
    """Parse the arguments: the parent run, or one phase (internal)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--clicks-per-employee", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    parser.add_argument("--trivial", type=int, default=2000, help="reference /healthz requests")
    parser.add_argument(
        "--time-limit", type=float, default=900, help="seconds after which the load stops"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class")
    parser.add_argument(
        "--databases", default="auto", help="auto (PostgreSQL if reachable), or sqlite,postgres"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (debugging)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--campaign", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--expect-proofs", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--expect-clicks", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.phase:
        child(arguments)
    else:
        parent(arguments)


if __name__ == "__main__":
    main()
