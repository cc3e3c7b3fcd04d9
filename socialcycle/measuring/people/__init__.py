"""The People directory and a person's page, with their ladder stage."""
