"""duban supervision subcommands."""


def register(sub) -> None:
    """Filled in by the supervision part."""
