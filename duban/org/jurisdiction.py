"""A unit's jurisdiction: the district (or city, or province) whose work it is part of.

The unit tree runs province → city → district → departments and streets, the regions being the
units of kind "region". A unit belongs to its nearest region, itself included: a district's bureau
and streets to the district, a city's bureau to the city (a jurisdiction of its own). A unit with no
region above it belongs to the root of its tree. The event log is chained per jurisdiction.
"""
from collections.abc import Iterable

from duban.org.models import Unit, UnitKind


def unit_jurisdictions(unit_ids: Iterable[int], *, known: Iterable[Unit] = ()) -> dict[int, int]:
    """Each unit's jurisdiction (a unit id), in one or two queries whatever the number of units
    (one when the caller holds the units already, as `known`)."""
    paths = {u.pk: u.path for u in known}
    wanted = set(unit_ids) - set(paths)
    if wanted:
        paths.update(Unit.objects.filter(pk__in=wanted).values_list("pk", "path"))
    chains = {pk: [int(part) for part in path.strip("/").split("/") if part] for pk, path in paths.items()}
    above = {pk for chain in chains.values() for pk in chain}
    regions = set(Unit.objects.filter(pk__in=above, kind=UnitKind.REGION).values_list("pk", flat=True))
    return {pk: next((p for p in reversed(chain) if p in regions), chain[0] if chain else pk)
            for pk, chain in chains.items()}


def jurisdiction_chain_labels(chains: list[str]) -> dict[str, str]:
    """How verify-log names a district's chain: by the district's name (chains are named by unit id)."""
    ids = [int(c) for c in chains if c.isdigit() and len(c) < 19]
    return {str(pk): f"「{name}」链" for pk, name in Unit.objects.filter(pk__in=ids).values_list("pk", "name")}
