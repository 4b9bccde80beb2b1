"""Permission-matrix rows for content (items): see matrix_world.py."""

ROWS: list[dict] = []
