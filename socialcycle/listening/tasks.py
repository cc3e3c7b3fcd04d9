"""Background entry points of the listening app: ids in, call a service. None yet."""
