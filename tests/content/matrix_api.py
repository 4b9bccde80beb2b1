"""Permission-matrix rows for content (api): see matrix_world.py."""

ROWS: list[dict] = []
