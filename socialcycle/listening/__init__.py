"""Conversations in: sources, posts, the people who wrote them and what they did."""
