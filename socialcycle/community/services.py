"""Writes of the community app, one verb-named function per change of state."""
