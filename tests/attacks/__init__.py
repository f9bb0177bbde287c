"""Repros of the attack on issue 12, kept as regression tests."""
