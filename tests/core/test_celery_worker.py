"""Background tasks: what they do, and a real Celery worker process running them end to end."""

import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from celery import Celery
from django.core import mail

from gaung.config.celery import app as celery_app
from gaung.core.tasks import ping_task, queue_mail, send_mail_task

REDIS_URL = "redis://127.0.0.1:6379/15"
# Never wait longer than this for a worker to start or a result to come back.
TIMEOUT = 60
SRC = Path(__file__).resolve().parents[2] / "src"


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_ping_task_returns_its_arguments():
    assert ping_task("gaung", 1, check="db") == {"args": ["gaung", 1], "kwargs": {"check": "db"}}


def test_send_mail_task_sends_one_message_from_the_default_sender(settings):
    settings.DEFAULT_FROM_EMAIL = "Gaung <no-reply@kotaharapan.go.id>"

    sent = send_mail_task("Akun Anda terverifikasi", "Terima kasih.", "siti@kotaharapan.go.id")

    assert sent == 1
    assert [(m.subject, m.to, m.from_email) for m in mail.outbox] == [
        ("Akun Anda terverifikasi", ["siti@kotaharapan.go.id"], settings.DEFAULT_FROM_EMAIL)
    ]


def test_queued_mail_is_sent_only_after_the_transaction_commits(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue_mail("Undangan aktivasi", "Silakan aktifkan akun.", ["budi@kotaharapan.go.id"])
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["budi@kotaharapan.go.id"]]


@dataclass
class RunningWorker:
    client: Celery
    queue: str
    log: Path
    started: float

    def remaining(self) -> float:
        return max(1.0, TIMEOUT - (time.monotonic() - self.started))


def _wait_until_ready(process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The Celery worker exited with {process.returncode}:\n{log.read_text()}")
        if " ready." in log.read_text():
            return
        time.sleep(0.2)
    pytest.fail(f"The Celery worker was not ready within {TIMEOUT} s:\n{log.read_text()}")


BROKERS = [
    pytest.param("sqlite", id="sqlite-broker"),
    pytest.param(
        "redis",
        id="redis-broker",
        marks=pytest.mark.skipif(
            not _redis_reachable(), reason="Redis is not reachable on 127.0.0.1:6379"
        ),
    ),
]


@pytest.fixture(scope="module", params=BROKERS)
def worker(request, tmp_path_factory):
    """A `celery -A gaung.config worker` process on its own queue, stopped afterwards."""
    folder = tmp_path_factory.mktemp(f"celery-{request.param}")
    if request.param == "redis":
        broker = backend = REDIS_URL
    else:
        # The embedded default: kombu's SQLAlchemy transport on a SQLite file.
        broker = f"sqla+sqlite:///{folder / 'broker.sqlite3'}"
        backend = f"db+sqlite:///{folder / 'results.sqlite3'}"
    # A queue of its own, so parallel test runs sharing a Redis never take each other's tasks.
    queue = f"gaung-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": backend,
        "GAUNG_DATA_DIR": str(folder),
        "GAUNG_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "gaung.config.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    log = folder / "worker.log"
    started = time.monotonic()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "gaung.config", "worker",
             "--pool=solo", f"--queues={queue}", f"--hostname={queue}@%h",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    client = Celery("gaung-test-client", broker=broker, backend=backend)
    try:
        _wait_until_ready(process, log)
        yield RunningWorker(client=client, queue=queue, log=log, started=started)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        client.close()


@pytest.mark.worker
def test_worker_takes_a_ping_from_the_broker_and_returns_the_result(worker):
    result = worker.client.send_task(
        "gaung.core.ping", args=["gaung", 42], kwargs={"via": "broker"}, queue=worker.queue
    )

    assert result.get(timeout=worker.remaining()) == {
        "args": ["gaung", 42],
        "kwargs": {"via": "broker"},
    }


@pytest.mark.worker
def test_worker_sends_mail_with_the_configured_backend(worker):
    subject = f"Uji kirim {uuid.uuid4().hex[:8]}"

    result = worker.client.send_task(
        "gaung.core.send_mail",
        args=[subject, "Pesan dari pekerja latar belakang.", ["admin@kotaharapan.go.id"]],
        queue=worker.queue,
    )

    assert result.get(timeout=worker.remaining()) == 1
    # The console backend writes the message to the worker's output.
    deadline = time.monotonic() + 10
    while subject not in worker.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert subject in worker.log.read_text()


def test_beat_database_scheduler_reads_periodic_tasks_from_the_database(db):
    # django-celery-beat declares Django < 6.1 (docs/decisions/0001): prove its scheduler works.
    from django_celery_beat.models import IntervalSchedule, PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    every_minute = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(
        name="health check", task="gaung.core.ping", interval=every_minute, args='["beat"]'
    )

    schedule = DatabaseScheduler(app=celery_app, lazy=True).all_as_schedule()

    assert schedule["health check"].task == "gaung.core.ping"
    assert schedule["health check"].args == ["beat"]
