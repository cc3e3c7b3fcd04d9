"""Measuring reads the other apps' tables; rollups for large workspaces will live here."""
