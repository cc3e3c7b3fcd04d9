"""Workspaces, staff users, roles, API tokens and the audit log."""
