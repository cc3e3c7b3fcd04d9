"""The dashboard: its scope, daily rollups, figures, charts and the home page."""
