"""Reference models, measured beside ours in the same evaluation run and never used to
analyse posts: a rule-based lexicon with negation (`lexicon`, the product's first
sentiment model) and VADER (`vader`)."""
