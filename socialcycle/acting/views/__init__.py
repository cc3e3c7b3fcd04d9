"""Pages of the acting app, one module per area."""
