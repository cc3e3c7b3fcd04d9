"""Background entry points of the responding app: ids in, call a service. None yet."""
