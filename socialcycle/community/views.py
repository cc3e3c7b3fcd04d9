"""Pages of the community app: fetch with access checked, call a service, render. None yet."""
