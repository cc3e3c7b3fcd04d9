"""JSON API router of the responding app, mounted by socialcycle/api.py. No routes yet."""
