"""Rows written through the driver: every row arrives, whatever the group sizes."""

import pytest
from django.db import connection

from gaung.imports import driver


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 1, 499, 500, 1_234])
def test_every_row_is_inserted_in_full_groups_and_a_remainder(count, monkeypatch):
    monkeypatch.setattr(driver, "ROWS_PER_CALL", 700)  # several calls, each with a remainder
    with connection.cursor() as cursor:
        cursor.execute('CREATE TABLE "driver_probe" ("n" integer, "label" varchar(20) NULL)')
    rows = ((n, None if n % 7 == 0 else f"row {n}") for n in range(count))

    driver.insert_rows("driver_probe", ("n", "label"), rows)

    with connection.cursor() as cursor:
        cursor.execute('SELECT COUNT(*), COUNT("label"), SUM("n") FROM "driver_probe"')
        assert cursor.fetchone() == (
            count, count - len(range(0, count, 7)), sum(range(count)) if count else None,
        )  # fmt: skip
