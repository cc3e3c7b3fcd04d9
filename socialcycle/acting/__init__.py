"""Connects feedback to the business: insights, teams, routing, workflow and SLAs."""
