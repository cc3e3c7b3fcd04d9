"""Pages of the acting app: fetch with access checked, call a service, render. None yet."""
