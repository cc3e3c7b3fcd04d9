"""Pages of the listening app: fetch with access checked, call a service, render. None yet."""
