"""JSON API router of the accounts app, mounted by socialcycle/api.py. No routes yet."""
