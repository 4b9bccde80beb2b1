"""Permission-matrix rows for amplification (admin): see matrix_world.py."""

ROWS: list[dict] = []
