"""duban ledger subcommands."""


def register(sub) -> None:
    """Filled in by the ledger part."""
