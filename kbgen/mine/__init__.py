"""Ticket mining: ingest exports, clean and redact them, group them by question, report."""
