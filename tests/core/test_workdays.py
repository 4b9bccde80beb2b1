"""Working days: weekends, the national calendar, and the admins' corrections to it."""

import datetime

import pytest
from django.utils import timezone

from gaung.content import actions
from gaung.content.models import ServiceTime
from gaung.core import workdays
from gaung.core.models import HolidayOverride

D = datetime.date
# August 2026: Monday the 17th is Independence Day.
MON_10, WED_12, FRI_14, MON_17, TUE_18 = (D(2026, 8, d) for d in (10, 12, 14, 17, 18))


def test_weekends_and_national_holidays_are_not_working_days(db):
    # given a Friday, a Saturday and Independence Day
    # then
    assert workdays.is_working_day(FRI_14)
    assert not workdays.is_working_day(D(2026, 8, 15))
    assert not workdays.is_working_day(MON_17)
    assert workdays.holiday_name(MON_17) == "Hari Kemerdekaan Republik Indonesia"


def test_adding_working_days_skips_weekends_and_holidays(db):
    # given Monday 10 August
    # when five working days are added
    due = workdays.add_working_days(MON_10, 5)

    # then the weekend and Independence Day are skipped
    assert due == TUE_18


def test_an_extra_holiday_moves_the_day_later(db):
    # given two working days after Monday end on Wednesday
    assert workdays.add_working_days(MON_10, 2) == WED_12

    # when the agency declares Wednesday a regional holiday
    HolidayOverride.objects.create(date=WED_12, name="Hari Jadi Kota", is_working_day=False)

    # then the count skips it, at once (nothing cached)
    assert workdays.add_working_days(MON_10, 2) == D(2026, 8, 13)
    assert not workdays.is_working_day(WED_12)
    assert workdays.holiday_name(WED_12) == "Hari Jadi Kota"


def test_a_working_day_override_undoes_a_national_holiday(db):
    # given one working day after Friday 14 August is Tuesday (Monday is a holiday)
    assert workdays.add_working_days(FRI_14, 1) == TUE_18

    # when the office is declared open on Monday 17 August
    HolidayOverride.objects.create(date=MON_17, name="Tetap masuk", is_working_day=True)

    # then Monday counts, and is no holiday any more
    assert workdays.add_working_days(FRI_14, 1) == MON_17
    assert workdays.is_working_day(MON_17)
    assert workdays.holiday_name(MON_17) is None


def test_removing_an_override_restores_the_national_calendar(db):
    # given an override making Independence Day a working day
    override = HolidayOverride.objects.create(date=MON_17, name="Masuk", is_working_day=True)
    assert workdays.is_working_day(MON_17)

    # when it is removed
    override.delete()

    # then the holiday counts again
    assert not workdays.is_working_day(MON_17)


def test_working_days_between_counts_overrides_across_a_new_year(db):
    # given 1 January 2027 is a holiday, and 31 December 2026 is declared a day off
    HolidayOverride.objects.create(date=D(2026, 12, 31), name="Cuti", is_working_day=False)

    # when counting from Wednesday 30 December 2026 to Monday 4 January 2027
    count = workdays.working_days_between(D(2026, 12, 30), D(2027, 1, 4))

    # then only Monday 4 January counts
    assert count == 1


def test_an_extra_holiday_moves_a_content_due_date(db):
    # given a one-working-day service time for submitted items, entered Friday 14 August
    ServiceTime.objects.update_or_create(state="submitted", defaults={"working_days": 1})
    entered = timezone.make_aware(datetime.datetime(2026, 8, 14, 10, 0))
    assert timezone.localtime(actions.due_for("submitted", entered)).date() == TUE_18

    # when Tuesday 18 August is declared a day off
    HolidayOverride.objects.create(date=TUE_18, name="Cuti bersama", is_working_day=False)

    # then the step is due on Wednesday instead, at 16.00
    due = timezone.localtime(actions.due_for("submitted", entered))
    assert (due.date(), due.hour) == (D(2026, 8, 19), 16)


def test_national_holidays_lists_the_package_calendar_without_overrides(db):
    # given an override on Independence Day
    HolidayOverride.objects.create(date=MON_17, name="Masuk", is_working_day=True)

    # when the national list of the year is read
    national = workdays.national_holidays(2026)

    # then it still shows the day (the admin page shows both side by side), in date order
    assert national[MON_17] == "Hari Kemerdekaan Republik Indonesia"
    assert list(national) == sorted(national)


def test_adding_zero_working_days_needs_no_calendar():
    # given no database at all (no db fixture)
    # then zero days is the start day itself
    assert workdays.add_working_days(MON_10, 0) == MON_10


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        workdays.add_working_days(MON_10, -1)
