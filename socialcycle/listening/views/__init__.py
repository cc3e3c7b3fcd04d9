"""Pages of the listening app, one module per area."""
