"""Reading a record's audit history in tests."""

from collections.abc import Sequence
from typing import Any


def only(events: Sequence[Any]) -> Any:
    """The one event of a history; fails when there are none or several."""
    assert len(events) == 1, f"expected exactly one event, found {len(events)}: {events}"
    return events[0]
