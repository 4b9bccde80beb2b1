"""Tests of the import file readers and row parsers."""
