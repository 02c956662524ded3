"""Persons and cases (see the case-management issue)."""
