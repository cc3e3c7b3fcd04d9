"""JSON API router of the listening app, mounted by socialcycle/api.py. No routes yet."""
