"""JSON API router of the community app, mounted by socialcycle/api.py. No routes yet."""
