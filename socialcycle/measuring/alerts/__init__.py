"""Early-warning alerts: the rule, checking hours, telling people, the alerts page."""
