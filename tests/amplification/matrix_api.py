"""Permission-matrix rows for amplification (api): see matrix_world.py."""

ROWS: list[dict] = []
