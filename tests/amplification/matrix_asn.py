"""Permission-matrix rows for amplification (asn): see matrix_world.py."""

ROWS: list[dict] = []
