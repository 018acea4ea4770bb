"""Writing files safely: atomically, and never over an input of the running command.

An output appears complete or not at all, never half-written (:func:`atomic_write`). Inside a
:func:`command_scope` (every ``psoaskit`` command runs in one) every write and removal is also
checked against the command's inputs, symlinks and hard links included, and against what the
command already wrote or claimed: a command may not overwrite its own input, nor write two of
its outputs to one path. Commands that write several files :func:`claim_outputs` them all
before writing the first, so a conflict stops the command before anything is written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from psoaskit.errors import PsoaskitError

__all__ = [
    "OutputConflictError",
    "atomic_write",
    "atomic_write_text",
    "claim_outputs",
    "command_scope",
    "remove_output",
]


class OutputConflictError(PsoaskitError):
    """An output would replace an input of the command, or two outputs share one path."""


@dataclass
class _Scope:
    inputs: dict[Path, str] = field(default_factory=dict)  # resolved path -> as given
    input_ids: dict[tuple[int, int], str] = field(default_factory=dict)  # (device, inode)
    claimed: dict[Path, str] = field(default_factory=dict)
    written: set[Path] = field(default_factory=set)


_scope: _Scope | None = None


def _resolved(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.realpath(os.path.abspath(os.fspath(path))))


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


@contextmanager
def command_scope(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[None]:
    """Check every write of the enclosed code against ``inputs`` and against each other.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> log = folder / "log.csv"
    >>> _ = log.write_text("athlete_id")
    >>> with command_scope([log]):
    ...     atomic_write_text(folder / "log.csv", "oops")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    psoaskit._files.OutputConflictError: refusing to write ...log.csv: it is an input of ...
    >>> log.read_text()
    'athlete_id'
    """
    global _scope
    outer, _scope = _scope, _Scope()
    try:
        for given in inputs:
            resolved = _resolved(given)
            _scope.inputs[resolved] = os.fspath(given)
            identity = _file_id(resolved)
            if identity is not None:
                _scope.input_ids[identity] = os.fspath(given)
        yield
    finally:
        _scope = outer


def _check_not_input(target: Path, shown: str) -> None:
    assert _scope is not None
    identity = _file_id(target)
    given = _scope.inputs.get(target) or (_scope.input_ids.get(identity) if identity else None)
    if given is not None:
        same = "" if given == shown else f" (the same file as {given})"
        raise OutputConflictError(
            f"refusing to write {shown}: it is an input of this command{same}; "
            "choose another output"
        )


def claim_outputs(*paths: str | os.PathLike[str]) -> None:
    """Reserve the output paths of one writer of the running command before writing any.

    Raises :class:`OutputConflictError` when one is an input, two of ``paths`` are one file,
    or one was already written by this command; a path claimed again (by the caller and by
    the writer it calls) is fine. Does nothing outside a :func:`command_scope`.
    """
    if _scope is None:
        return
    seen: set[Path] = set()
    for path in paths:
        target = _resolved(path)
        _check_not_input(target, os.fspath(path))
        if target in seen or target in _scope.written:
            raise OutputConflictError(
                f"two outputs of this command would be written to one file: {os.fspath(path)}"
            )
        seen.add(target)
        _scope.claimed[target] = os.fspath(path)


def _before_write(path: str | os.PathLike[str]) -> Path | None:
    if _scope is None:
        return None
    target = _resolved(path)
    _check_not_input(target, os.fspath(path))
    if target in _scope.written:
        raise OutputConflictError(
            f"two outputs of this command would be written to one file: {os.fspath(path)}"
        )
    return target


def remove_output(path: str | os.PathLike[str]) -> None:
    """Remove a stale output (if there), never an input of the running command."""
    if _scope is not None:
        _check_not_input(_resolved(path), os.fspath(path))
    Path(path).unlink(missing_ok=True)


def _new_file_mode() -> int:
    """Mode a newly created file gets under the current umask (``mkstemp`` would give 0o600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it into place.

    Readers see either the old file or the complete new one. The temporary file is removed
    if ``write`` fails, and the new file gets the usual permissions (umask applied).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
    >>> atomic_write(out, lambda tmp: tmp.write_text("done")).read_text()
    'done'
    """
    checked = _before_write(path)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _new_file_mode())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if checked is not None and _scope is not None:
        _scope.written.add(checked)
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = atomic_write_text(Path(folder) / "a.txt", "done")
    ...     target.read_text(), sorted(p.name for p in Path(folder).iterdir())
    ('done', ['a.txt'])
    """

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())

    return atomic_write(path, write)
