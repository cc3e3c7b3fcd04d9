"""Writes of the responding app, one verb-named function per change of state."""
