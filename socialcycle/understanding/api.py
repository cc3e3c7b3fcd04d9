"""JSON API router of the understanding app, mounted by socialcycle/api.py. No routes yet."""
