"""Helpers for work on hundreds of thousands of small objects at once (imports)."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block.

    Building 100,000 rows of tuples triggers many collections, each scanning every object
    alive (the whole plan): a tenth to a third of the work, for data that holds no cycles.
    Reference counting still frees everything; the collector resumes (if it ran) afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
