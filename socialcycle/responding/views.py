"""Pages of the responding app: fetch with access checked, call a service, render. None yet."""
