"""The public portal where customers post ideas, vote, review, ask and answer."""
