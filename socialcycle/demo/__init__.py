"""The demo company: a deterministic generator (pure Python) and its loader (Django)."""
