"""Answers people: the inbox, replies, templates, notifications, roadmap and changelog."""
