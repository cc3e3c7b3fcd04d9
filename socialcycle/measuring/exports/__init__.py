"""Exports of posts, insights and participants: CSV and JSON Lines files, API pages."""
