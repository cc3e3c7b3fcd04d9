"""Pages of the community app, one module per area."""
