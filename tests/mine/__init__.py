"""`kbgen mine`: ingesting exports, redaction, grouping, matching, the store and the report."""
