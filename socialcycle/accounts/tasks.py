"""Background entry points of the accounts app: ids in, call a service. None yet."""
