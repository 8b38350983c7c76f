"""Finding ideas: full-text search, similar ideas, the duplicates queue, and mentions."""
