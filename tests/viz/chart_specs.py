"""Reading Vega-Lite specs in tests: every drawn panel and the data behind it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

COMPOSITES = ("vconcat", "hconcat", "concat", "layer")


def panels(spec: dict[str, Any], data: str | None = None) -> Iterator[tuple[dict, str | None]]:
    """Every unit spec (one with a mark) with the name of the dataset it draws."""
    data = (spec.get("data") or {}).get("name", data)
    if "mark" in spec:
        yield spec, data
    if "spec" in spec:  # facet or repeat
        yield from panels(spec["spec"], data)
    for key in COMPOSITES:
        for child in spec.get(key, []):
            yield from panels(child, data)


def concatenations(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every vconcat/hconcat/concat node of the spec, outermost first."""
    if any(key in spec for key in ("vconcat", "hconcat", "concat")):
        yield spec
    for key in (*COMPOSITES, "spec"):
        children = spec.get(key, [])
        for child in [children] if isinstance(children, dict) else children:
            yield from concatenations(child)


def colour_fields(spec: dict[str, Any]) -> set[str]:
    """The fields encoded as colour anywhere below ``spec``."""
    found = set()
    for unit, _ in panels(spec):
        colour = unit.get("encoding", {}).get("color", {})
        if "field" in colour:
            found.add(colour["field"])
    return found


def assert_colours_independent_and_panels_filled(spec: dict[str, Any]) -> None:
    """Concatenated views whose parts colour different fields resolve colour independently,
    and no panel draws an empty dataset."""
    for node in concatenations(spec):
        parts = [c for key in ("vconcat", "hconcat", "concat") for c in node.get(key, [])]
        fields = [colour_fields(part) for part in parts]
        if len(set().union(*fields)) > 1:
            resolved = node.get("resolve", {}).get("scale", {}).get("color")
            assert resolved == "independent", f"colour scales shared across {fields}"
    datasets = spec.get("datasets", {})
    for unit, name in panels(spec):
        if name in datasets:
            title = unit.get("title") or unit.get("encoding", {}).get("y", {}).get("field")
            assert len(datasets[name]) > 0, f"panel {title!r} has no data"
