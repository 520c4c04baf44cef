"""The events the site sends (feedback, searches), `kbgen collect` and the event readers."""
