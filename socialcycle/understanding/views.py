"""Pages of the understanding app: fetch with access checked, call a service, render. None yet."""
