"""Runs the analysis package on posts, stores what it found, keeps analysts' corrections."""
