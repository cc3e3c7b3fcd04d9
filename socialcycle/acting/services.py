"""Writes of the acting app, one verb-named function per change of state."""
