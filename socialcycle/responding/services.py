"""Writes of the responding app: replies, templates and notifications. None yet."""
