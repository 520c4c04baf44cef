"""kbgen: a searchable, newcomer-friendly help site from Markdown, plus ticket mining."""

__version__ = "0.1.0"
