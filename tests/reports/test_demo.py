"""`seed_demo_compilations`: the demo city gets a letterhead and two comparable compilations."""

import io

from django.core.management import call_command
from django.utils import timezone

from gaung.registry import demo as registry_demo
from gaung.reports.models import Compilation, Letterhead


def run_command() -> str:
    out = io.StringIO()
    call_command("seed_demo_compilations", stdout=out)
    return out.getvalue()


def test_demo_city_gets_last_and_this_years_compilation_once(
    db, django_capture_on_commit_callbacks
):
    registry_demo.seed(employees=300)

    # The command runs in autocommit; inside the test's transaction the commit is simulated.
    with django_capture_on_commit_callbacks(execute=True):
        printed = run_command()

    this_year = timezone.localdate().year
    compilations = list(Compilation.objects.order_by("period_end"))
    assert [c.year for c in compilations] == [this_year - 1, this_year]
    assert all(c.status == "done" for c in compilations)
    last, current = (c.unit_rows.get(depth=0) for c in compilations)
    # Part of the accounts were registered last year, so this year shows growth.
    assert 0 < last.accounts < current.accounts
    assert current.prev_with_account == last.with_account
    assert compilations[1].previous == compilations[0]
    letterhead = Letterhead.objects.get(instansi=registry_demo.demo_root())
    assert letterhead.signer_position and letterhead.logo
    assert "Demo compilations taken" in printed

    assert "nothing to do" in run_command()
    assert Compilation.objects.count() == 2


def test_without_demo_city_the_command_says_what_to_do(db):
    assert "run `gaung seed_demo` first" in run_command()
    assert not Compilation.objects.exists()
