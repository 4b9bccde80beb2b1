"""The strategy board: a small month counted by hand, the traffic light, the pages and targets."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from gaung.content import actions
from gaung.content.calendar_actions import set_strategy_target
from gaung.content.choices import ContentState
from gaung.content.models import ContentItem, Purpose, StrategyTarget, TeamMembership
from gaung.content.strategy import Board, Share, Week, board_for, boards, month_weeks, parse_month
from gaung.core.models import AuditEvent
from gaung.core.permissions import PermissionDenied, ValidationError
from tests.factories import SocialAccountFactory, UserFactory

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
JUNE = datetime.date(2026, 6, 1)  # a Monday: ISO weeks 23 to 27 touch June 2026
AFTER_JUNE = datetime.date(2026, 7, 10)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def supervisor(org):
    user = UserFactory(username="penyelia")
    TeamMembership.objects.create(user=user, unit=org["dinkes"], role="supervisor")
    return user


@pytest.fixture
def account(org):
    return SocialAccountFactory(owner_unit=org["dinkes"], owner_employee=None, handle="dinkes.kota")


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=WIB)


def item(author, unit, account, pillar, purpose, planned, *, state=ContentState.APPROVED,
         published=None):  # fmt: skip
    made = actions.create_item(
        author, unit=unit, target_accounts=[account], title=f"{pillar} {planned:%d/%m}",
        pillar=pillar, purpose=Purpose.objects.get(code=purpose), planned_at=planned,
    )  # fmt: skip
    fields = {"state": ContentState.PUBLISHED if published else state}
    if published:
        fields |= {"published_at": published, "permalink": "https://www.instagram.com/p/A1/"}
    ContentItem.objects.filter(pk=made.pk).update(**fields)
    return made


@pytest.fixture
def june(org, supervisor, account):
    """Ten items around June 2026 (see the comments for where each counts)."""
    unit = org["dinkes"]
    other = SocialAccountFactory(owner_unit=unit, owner_employee=None, platform="tiktok")

    def add(*args, **kwargs):
        return item(supervisor, unit, *args, **kwargs)

    add(account, "core", "informasi", at(6, 2), published=at(6, 2, 10))  # W23
    add(account, "core", "informasi", at(6, 4), published=at(6, 4, 10))  # W23
    add(account, "supporting", "hiburan", at(6, 9), published=at(6, 10))  # W24
    add(account, "complementary", "hiburan", at(6, 16))  # W25, approved, not out
    add(account, "core", "edukasi", at(6, 23), published=at(6, 23, 12))  # W26
    add(account, "core", "informasi", at(6, 24), state=ContentState.CANCELLED)  # never counts
    add(account, "supporting", "informasi", at(6, 30), published=at(7, 1, 8))  # W27, out in July
    add(account, "core", "informasi", at(5, 31), published=at(6, 1, 7))  # planned in May
    add(other, "core", "informasi", at(6, 5))  # another account
    # 00.30 WIB on 1 July is still 30 June in UTC: it is July's.
    add(account, "complementary", "informasi", at(7, 1, 0, 30), state=ContentState.DRAFT)
    return StrategyTarget.objects.create(
        account=account, month=JUNE, min_posts_per_week=2,
        mix={"pillar:core": 50, "pillar:supporting": 30, "pillar:complementary": 20,
             "informative": 60},
    )  # fmt: skip


# The figures -----------------------------------------------------------------------------


def test_month_weeks_are_the_iso_weeks_touching_the_month():
    assert month_weeks(JUNE) == [datetime.date(2026, 6, d) for d in (1, 8, 15, 22, 29)]
    assert month_weeks(datetime.date(2026, 11, 1)) == [
        datetime.date(2026, 10, 26),
        *(datetime.date(2026, 11, d) for d in (2, 9, 16, 23, 30)),
    ]


def test_board_counts_planned_and_published_of_the_month(june, account):
    # when June's board is computed
    board = board_for(account, JUNE, AFTER_JUNE)

    # then planned: items 1, 2, 3, 4, 5 and 7 (the cancelled one, May's and July's not);
    # published: 1, 2, 3, 5 and May's item that went out on 1 June (7 went out in July)
    assert board.planned_total == 6
    assert board.published_total == 5


def test_board_mix_is_counted_by_hand(june, account):
    # when June's board is computed
    board = board_for(account, JUNE, AFTER_JUNE)

    # then each share is as counted by hand, next to its target
    shares = {s.key: (s.target, s.planned_percent, s.published_percent) for s in board.shares}
    assert shares == {
        "pillar:core": (50, 50.0, 80.0),  # planned 3 of 6; published 4 of 5
        "pillar:supporting": (30, 33.3, 20.0),  # 2 of 6; 1 of 5
        "pillar:complementary": (20, 16.7, 0.0),  # 1 of 6; 0 of 5
        "informative": (60, 66.7, 80.0),  # informasi + edukasi: 4 of 6; 4 of 5
        "entertainment": (40, 33.3, 20.0),  # hiburan: 2 of 6; 1 of 5
    }
    assert board.off_target == []


def test_board_counts_posts_per_whole_iso_week(june, account):
    # when June's board is computed after the month
    board = board_for(account, JUNE, AFTER_JUNE)

    # then each ISO week counts its own days, also those in May or July
    weeks = [(w.number, w.planned, w.published, w.on_track) for w in board.weeks]
    assert weeks == [
        (23, 2, 3, True),  # published: 1 June (May's item), 2 and 4 June
        (24, 1, 1, False),
        (25, 1, 0, False),
        (26, 1, 1, False),  # the cancelled item of 24 June does not count
        (27, 2, 1, False),  # planned 30 June and 1 July 00.30; published 1 July
    ]
    assert board.weeks_short == 4
    assert board.light == "red"


def test_weeks_not_over_yet_count_what_is_planned(june, account):
    # when June's board is computed on Wednesday 17 June (week 25)
    board = board_for(account, JUNE, datetime.date(2026, 6, 17))

    # then weeks 23 and 24 count what went out, the others what is planned
    assert [w.on_track for w in board.weeks] == [True, False, False, False, True]
    assert [w.published_short for w in board.weeks] == [False, True, False, False, False]


def test_without_a_target_the_kip_minimum_applies(org, supervisor, account):
    # given an item but no target for the month
    item(supervisor, org["dinkes"], account, "core", "informasi", at(6, 2))

    # when the board is computed
    board = board_for(account, JUNE, AFTER_JUNE)

    # then four posts a week are expected, and no share has a target
    assert board.minimum == 4
    assert all(share.target is None for share in board.shares)


def test_overview_computes_every_account_in_two_queries(
    june, org, account, django_assert_num_queries
):
    # given a second account with nothing planned
    quiet = SocialAccountFactory(owner_unit=org["dinkes"], owner_employee=None, handle="sepi")
    accounts = list(type(account).objects.filter(pk__in=[account.pk, quiet.pk]).select_related(
        "owner_unit").order_by("pk"))  # fmt: skip

    # when the overview is computed
    with django_assert_num_queries(2):
        found = boards(accounts, JUNE, AFTER_JUNE)

    # then each account has its board; the quiet one is red
    assert [b.planned_total for b in found] == [6, 0]
    assert found[1].light == "red"


def week(start_day: int, planned: int, published: int, today=AFTER_JUNE) -> Week:
    return Week(start=datetime.date(2026, 6, start_day), planned=planned, published=published,
                minimum=2, today=today)  # fmt: skip


def share(target, planned) -> Share:
    return Share(key="pillar:core", label="Core", target=target, planned=planned,
                 planned_total=10, published=0, published_total=0)  # fmt: skip


@pytest.mark.parametrize(
    ("weeks", "shares", "light"),
    [
        ([week(1, 2, 2), week(8, 3, 2)], [share(50, 5)], "green"),
        ([week(1, 2, 2), week(8, 3, 2)], [share(50, 7)], "yellow"),  # 70 % for 50 %
        ([week(1, 2, 2), week(8, 2, 1), week(15, 2, 2)], [], "yellow"),  # one week short
        ([week(1, 2, 1), week(8, 2, 1), week(15, 2, 2)], [], "red"),  # most weeks short
    ],
    ids=["on track", "mix off target", "a week short", "most weeks short"],
)
def test_traffic_light(weeks, shares, light, account):
    board = Board(account=account, month=JUNE, target=None, planned_total=10,
                  published_total=6, pillars=shares, weeks=weeks)  # fmt: skip

    assert board.light == light


def test_parse_month_falls_back_to_the_given_month():
    today = datetime.date(2026, 11, 23)
    assert parse_month("2026-06", today) == JUNE
    assert parse_month("2026-13", today) == datetime.date(2026, 11, 1)
    assert parse_month("juni", today) == datetime.date(2026, 11, 1)
    assert parse_month(None, today) == datetime.date(2026, 11, 1)


# Setting targets -------------------------------------------------------------------------


def test_supervisor_sets_a_months_targets_and_it_is_audited(supervisor, account):
    # when the supervisor sets June's targets
    target = set_strategy_target(
        supervisor, account, datetime.date(2026, 6, 15),
        mix={"pillar:core": 60, "pillar:supporting": 30, "pillar:complementary": 10,
             "informative": None},
        min_posts_per_week=5,
    )  # fmt: skip

    # then they are stored for the month, and the change is in the audit trail
    assert target.month == JUNE
    assert target.mix == {"pillar:core": 60, "pillar:supporting": 30, "pillar:complementary": 10}
    assert target.min_posts_per_week == 5
    assert AuditEvent.objects.filter(object_id=str(target.pk), action="create").exists()


def test_pillars_must_add_up_to_a_hundred(supervisor, account):
    with pytest.raises(ValidationError):
        set_strategy_target(
            supervisor, account, JUNE,
            mix={"pillar:core": 60, "pillar:supporting": 30, "pillar:complementary": 20},
            min_posts_per_week=4,
        )  # fmt: skip


def test_a_contributor_may_not_set_targets(org, account):
    contributor = UserFactory(username="kontributor")
    TeamMembership.objects.create(user=contributor, unit=org["dinkes"], role="contributor")

    with pytest.raises(PermissionDenied):
        set_strategy_target(contributor, account, JUNE, mix={}, min_posts_per_week=4)


# The pages -------------------------------------------------------------------------------


def test_board_page_shows_the_figures_tables_and_the_kip_rule(june, supervisor, account,
                                                              client_for):  # fmt: skip
    # when the supervisor opens June's board of the account
    response = client_for(supervisor).get(
        reverse("content:strategy_board"), {"account": account.pk, "month": "2026-06"}
    )

    # then the figures, the weeks below the minimum and the KIP rule are on the page
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-figure="planned">6<' in body
    assert 'data-figure="published">5<' in body
    assert body.count("data-below-minimum") == response.context["board"].weeks_short > 0
    assert "updated at least 4 times a week" in body
    assert 'data-chart="mix"' in body
    assert response.context["mix_chart"]["target"] == [50, 30, 20, 60, 40]
    assert response.context["week_chart"]["minimum"] == 2
    assert response.context["may_edit"] is True


def test_overview_lists_the_accounts_with_a_traffic_light(june, supervisor, account, client_for):
    # when the supervisor opens the overview for June
    response = client_for(supervisor).get(reverse("content:strategy_board"), {"month": "2026-06"})

    # then the account is listed with its light
    assert response.status_code == 200
    body = response.content.decode()
    assert "@dinkes.kota" in body
    assert 'data-light="red"' in body


def test_board_of_an_account_of_another_unit_is_not_found(org, disdik_admin, account, client_for):
    response = client_for(disdik_admin).get(
        reverse("content:strategy_board"), {"account": account.pk}
    )

    assert response.status_code == 404


def test_target_form_saves_and_returns_to_the_board(supervisor, account, client_for):
    # when the supervisor saves June's targets on the form
    url = reverse("content:strategy_edit") + f"?account={account.pk}&month=2026-06"
    response = client_for(supervisor).post(url, {
        "core": 50, "supporting": 30, "complementary": 20, "informative": 70,
        "min_posts_per_week": 3,
    })  # fmt: skip

    # then they are stored and the board opens
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("content:strategy_board") + f"?month=2026-06&account={account.pk}"
    )
    target = StrategyTarget.objects.get(account=account, month=JUNE)
    assert target.mix == {"pillar:core": 50, "pillar:supporting": 30,
                          "pillar:complementary": 20, "informative": 70}  # fmt: skip
    assert target.min_posts_per_week == 3


def test_target_form_says_when_the_pillars_do_not_add_up(supervisor, account, client_for):
    url = reverse("content:strategy_edit") + f"?account={account.pk}&month=2026-06"

    response = client_for(supervisor).post(url, {"core": 50, "supporting": 20,
                                                 "min_posts_per_week": 4})  # fmt: skip

    assert response.status_code == 200
    assert "must add up to 100 % (now 70 %)" in response.content.decode()
    assert not StrategyTarget.objects.exists()


def test_target_form_is_refused_to_a_contributor(org, account, client_for):
    contributor = UserFactory(username="kontributor")
    TeamMembership.objects.create(user=contributor, unit=org["dinkes"], role="contributor")

    response = client_for(contributor).get(
        reverse("content:strategy_edit") + f"?account={account.pk}&month=2026-06"
    )

    assert response.status_code == 403
