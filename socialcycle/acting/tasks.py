"""Background entry points of the acting app: ids in, call a service. None yet."""
