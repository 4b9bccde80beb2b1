"""Permission-matrix rows for content (calendar): see matrix_world.py."""

ROWS: list[dict] = []
