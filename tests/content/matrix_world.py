"""Content records for the permission matrix (tests/test_permission_matrix.py).

Team roles in the world: the Dinkes admin ("unit_admin") is content supervisor and publisher
on Dinkes; the ASN is a contributor on Dinkes; the Disdik admin ("other_unit_admin") has no
content role on Dinkes; the instansi admin administers every unit (sees, holds no role).
The matrix rows live in matrix_items.py, matrix_ideas.py, matrix_calendar.py and
matrix_api.py, each a list ROWS of dicts with Route's fields.
"""

import datetime

from django.utils import timezone

from gaung.content import actions
from gaung.content.choices import ContentState
from gaung.content.models import (
    CalendarToken,
    ContentEvent,
    ContentItem,
    Idea,
    Purpose,
    StrategyTarget,
    TeamMembership,
)
from tests.factories import SocialAccountFactory

ITEM_TITLE = "Konten Matriks Imunisasi"
REVIEW_TITLE = "Konten Matriks Dalam Review"
IDEA_TITLE = "Ide Matriks Senam Sehat"


def add_content(world: dict) -> None:
    users = world["users"]
    dinkes = world["dinkes"]
    TeamMembership.objects.create(user=users["unit_admin"], unit=dinkes, role="supervisor")
    TeamMembership.objects.create(user=users["unit_admin"], unit=dinkes, role="publisher")
    TeamMembership.objects.create(user=users["asn"], unit=dinkes, role="contributor")
    official = SocialAccountFactory(
        owner_unit=dinkes, owner_employee=None, platform="instagram", handle="dinkes.matriks"
    )
    purpose = Purpose.objects.get(code="informasi")
    planned = timezone.now() + datetime.timedelta(days=3)
    draft = actions.create_item(
        users["asn"], unit=dinkes, target_accounts=[official], title=ITEM_TITLE,
        pillar="core", purpose=purpose, planned_at=planned,
        captions={"instagram": "Ayo imunisasi #SehatBersama"},
    )  # fmt: skip
    in_review = actions.create_item(
        users["asn"], unit=dinkes, target_accounts=[official], title=REVIEW_TITLE,
        pillar="supporting", purpose=purpose, planned_at=planned + datetime.timedelta(days=1),
    )  # fmt: skip
    ContentItem.objects.filter(pk=in_review.pk).update(state=ContentState.IN_REVIEW)
    in_review.refresh_from_db()
    idea = actions.propose_idea(
        users["asn"], unit=dinkes, title=IDEA_TITLE, pillar="complementary",
        wished_date=timezone.localdate() + datetime.timedelta(days=7),
    )  # fmt: skip
    target = StrategyTarget.objects.create(
        account=official,
        month=timezone.localdate().replace(day=1),
        mix={"pillar:core": 50, "pillar:supporting": 30, "pillar:complementary": 20},
        min_posts_per_week=4,
    )
    world.update(
        official_account=official,
        content_item=draft,
        review_item=in_review,
        idea=idea,
        strategy_target=target,
    )


def content_fingerprint() -> tuple:
    return (
        list(ContentItem.objects.order_by("pk").values_list(
            "pk", "title", "state", "version", "planned_at", "permalink")),
        list(Idea.objects.order_by("pk").values_list("pk", "title", "status")),
        list(TeamMembership.objects.order_by("pk").values_list("pk", "user_id", "role")),
        list(StrategyTarget.objects.order_by("pk").values_list("pk", "min_posts_per_week", "mix")),
        list(CalendarToken.objects.order_by("pk").values_list("pk", "token_hash")),
        ContentEvent.objects.count(),  # checklist ticks write only an event and a ReviewCheck
    )  # fmt: skip
