"""Shows where the cycle stands: dashboards, charts, alerts, digests and exports."""
