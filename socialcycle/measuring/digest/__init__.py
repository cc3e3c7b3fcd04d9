"""The weekly digest: its week, what it says, rendering, sending once, its pages."""
