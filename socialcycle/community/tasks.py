"""Background entry points of the community app: ids in, call a service. None yet."""
