"""JSON API router of the acting app, mounted by socialcycle/api.py. No routes yet."""
