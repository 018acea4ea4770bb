"""The one place that finds psoaskit's packaged data files.

The repository keeps every data file in one top-level folder, ``data/``. The wheel ships that
folder inside the package as ``psoaskit/data``, found with :mod:`importlib.resources`, so an
installed psoaskit works outside the repository; a source checkout (an editable install) has
no ``psoaskit/data`` and reads ``data/`` beside the package folder instead. No symlink is
needed, on any operating system.
"""

from __future__ import annotations

import tomllib
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

__all__ = ["data_file", "data_path", "list_data_files", "read_text", "read_toml"]


def _data_root() -> Traversable:
    packaged = files("psoaskit").joinpath("data")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"  # a source checkout


def data_file(name: str) -> Traversable:
    """Return the packaged data resource ``name`` (e.g. ``"exercises.toml"``).

    Raises
    ------
    FileNotFoundError
        If no such file ships with psoaskit.
    """
    resource = _data_root()
    for part in name.split("/"):
        resource = resource.joinpath(part)
    if not resource.is_file():
        raise FileNotFoundError(f"psoaskit ships no data file named {name!r}")
    return resource


def data_path(name: str) -> Path:
    """Return a real filesystem path to the packaged data file ``name``.

    Examples
    --------
    >>> data_path("exercises.toml").name
    'exercises.toml'
    """
    resource = data_file(name)
    with as_file(resource) as path:  # wheels are unpacked, so this is the file itself
        return Path(path)


def read_text(name: str) -> str:
    """Return the text of the packaged data file ``name`` (UTF-8)."""
    return data_file(name).read_text(encoding="utf-8")


def read_toml(name: str) -> dict[str, Any]:
    """Parse the packaged TOML data file ``name``."""
    return tomllib.loads(read_text(name))


def list_data_files() -> list[str]:
    """Names of every packaged data file, relative to the data folder, sorted.

    Examples
    --------
    >>> "exercises.toml" in list_data_files()
    True
    """
    root = _data_root()
    names: list[str] = []

    def walk(node: Traversable, prefix: str) -> None:
        for child in node.iterdir():
            if child.name.startswith((".", "__")):
                continue
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            else:
                names.append(f"{prefix}{child.name}")

    walk(root, "")
    return sorted(names)
