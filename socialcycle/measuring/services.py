"""Writes of the measuring app: alerts and digests. Reads live in queries.py."""
