"""Writes of the responding app live beside what they write: replies.py (replies and
reply templates) and loop.py (notifications that close the loop)."""
