"""`seed_demo_campaigns`: the demo city gets running and closed campaigns with real figures."""

import io

from django.core.management import call_command
from django.db.models import F

from gaung.amplification.choices import CampaignStatus, RecapStatus
from gaung.amplification.models import Assignment, Campaign, Proof
from gaung.registry import demo as registry_demo


def run_command() -> str:
    out = io.StringIO()
    call_command("seed_demo_campaigns", stdout=out)
    return out.getvalue()


def test_demo_city_gets_campaigns_with_consistent_recaps_once(db):
    # given
    registry_demo.seed(employees=300)

    # when
    printed = run_command()

    # then
    statuses = sorted(Campaign.objects.values_list("status", flat=True))
    assert statuses == sorted([CampaignStatus.ACTIVE, CampaignStatus.ACTIVE, CampaignStatus.CLOSED])
    assignments = Assignment.objects.all()
    assert assignments.filter(status=RecapStatus.DONE).exists()
    assert assignments.filter(status=RecapStatus.NO_ACCOUNT, asked=0).exists()
    assert not assignments.filter(done__gt=F("asked")).exists()
    # Every "done" figure is backed by accepted proofs of the employee's own accounts.
    for assignment in assignments.filter(done__gt=0)[:50]:
        accepted = Proof.objects.filter(assignment=assignment, status="accepted")
        assert accepted.count() == assignment.done
        assert all(p.account.owner_employee_id == assignment.employee_id for p in accepted)
    assert "Demo campaigns created" in printed
    assert "nothing to do" in run_command()
