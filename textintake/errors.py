"""The one exception intake raises on purpose."""


class IntakeError(Exception):
    """A file cannot be read as a report; the message is Chinese and names the file."""
