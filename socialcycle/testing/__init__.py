"""Test support importable by every app's tests: factories, the cast, real servers."""
