"""Background entry points of the measuring app: ids in, call a service. None yet."""
