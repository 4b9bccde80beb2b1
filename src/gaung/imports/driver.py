"""Many rows written straight through the database driver, inside the open transaction.

The ORM's per-object work was most of the cost of a 100,000-row import; these writes skip it.
Table and column names always come from the code (models, the staging table), never from a file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from itertools import batched, chain

from django.db import connection

# Rows per INSERT statement on SQLite (also bounded by its limit on parameters).
ROWS_PER_INSERT = 500
# Rows handed to the driver per call (bounds memory).
ROWS_PER_CALL = 20_000


def _sqlite_max_params() -> int:
    connection.ensure_connection()
    return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """INSERT `rows` (values in `columns` order, as the driver takes them) into `table`.

    COPY on PostgreSQL; on SQLite several rows per INSERT, so that its per-statement work
    (AUTOINCREMENT bookkeeping, statement reset) is paid once per group instead of per row.
    `rows` may be a generator: on PostgreSQL the server inserts while the next rows are made.
    """
    names = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        width = len(columns)
        per_statement = max(1, min(ROWS_PER_INSERT, _sqlite_max_params() // width))
        row_marks = "(" + ", ".join(["%s"] * width) + ")"

        def statement(count: int) -> str:
            values = ", ".join([row_marks] * count)
            return f'INSERT INTO "{table}" ({names}) VALUES {values}'  # noqa: S608 (our names)

        full = statement(per_statement)
        for chunk in batched(rows, ROWS_PER_CALL):
            groups = [tuple(chain.from_iterable(group)) for group in batched(chunk, per_statement)]
            if len(groups[-1]) < per_statement * width:
                cursor.execute(statement(len(groups[-1]) // width), groups.pop())
            if groups:
                cursor.executemany(full, groups)


__all__ = ["insert_rows"]
