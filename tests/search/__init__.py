"""Search: the index builder, analysis and ranking in Python, and the same search in the
browser."""
