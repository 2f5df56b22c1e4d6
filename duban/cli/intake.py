"""duban intake subcommands."""


def register(sub) -> None:
    """Filled in by the intake part."""
