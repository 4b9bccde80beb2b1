"""Permission-matrix rows for content (ideas): see matrix_world.py."""

ROWS: list[dict] = []
