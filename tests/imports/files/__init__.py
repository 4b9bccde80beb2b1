"""Builders of small sample import files (XLSX, ODS, XLS, CSV) for the tests."""
