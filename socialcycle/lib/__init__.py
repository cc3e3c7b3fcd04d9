"""Django-side shared code, one module per meaning."""
