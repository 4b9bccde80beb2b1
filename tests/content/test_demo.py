"""`seed_demo_content`: the demo city's health office has content in every workflow state."""

import io

from django.core.management import call_command

from gaung.content.choices import ContentState
from gaung.content.models import ContentItem, Idea, StrategyTarget
from gaung.registry import demo as registry_demo


def run_command() -> str:
    out = io.StringIO()
    call_command("seed_demo_content", stdout=out)
    return out.getvalue()


def test_demo_content_covers_the_workflow_once(db):
    # given
    registry_demo.seed(employees=300)

    # when
    printed = run_command()

    # then
    states = set(ContentItem.objects.values_list("state", flat=True))
    assert states >= {
        ContentState.DRAFT, ContentState.SUBMITTED, ContentState.IN_DESIGN,
        ContentState.IN_REVIEW, ContentState.REVISION_REQUESTED, ContentState.APPROVED,
        ContentState.SCHEDULED, ContentState.PUBLISHED,
    }  # fmt: skip
    published = ContentItem.objects.filter(state=ContentState.PUBLISHED)
    assert all(
        item.permalink and item.events.filter(action="approve").exists() for item in published
    )
    assert Idea.objects.count() == 2 and StrategyTarget.objects.count() == 1
    assert "Demo content created" in printed
    assert "nothing to do" in run_command()
