"""Writing files safely: atomically, and never over an input of the running command.

An output appears complete or not at all, never half-written (:func:`atomic_write`). Inside a
:func:`command_scope` (every ``psoaskit`` command runs in one) every write and removal is also
checked against the command's inputs, symlinks and hard links included, and against what the
command already wrote or claimed: a command may not overwrite its own input, nor write two of
its outputs to one path. Commands that write several files :func:`claim_outputs` them all
before writing the first, so a conflict stops the command before anything is written.

CSV files are opened by people in spreadsheets, which run a cell that starts like a formula.
Every CSV the kit writes goes through :func:`write_csv`, which neutralises such text cells as
OWASP recommends for CSV injection: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return gets a leading ``'`` (and a text cell already starting with ``'`` followed by
one of those, or by another ``'``, gets one more), so the spreadsheet shows it as text. Numbers
are written as numbers, also where they are text (``-3`` in a quarantined row). The canonical
log reader undoes exactly this (:func:`restore_formula`), so a log written as CSV reads back
with the same text; Parquet keeps the text as it is.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from psoaskit.errors import PsoaskitError

__all__ = [
    "FORMULA_STARTS",
    "OutputConflictError",
    "OutputWriteError",
    "atomic_write",
    "atomic_write_text",
    "claim_outputs",
    "command_scope",
    "neutralise_formula",
    "regular_file",
    "remove_output",
    "restore_formula",
    "restore_text",
    "spreadsheet_safe",
    "write_csv",
]

#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = "=+-@\t\r"
_NEEDS_MARK = re.compile(f"^(?:[{re.escape(FORMULA_STARTS)}]|'[{re.escape(FORMULA_STARTS)}'])")
_FIRST_CHARS = (*FORMULA_STARTS, "'")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_MARKED = re.compile(f"^'[{re.escape(FORMULA_STARTS)}']")


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def regular_file(path: str | os.PathLike[str], error: type[PsoaskitError] = PsoaskitError) -> Path:
    """``path`` if it names a regular file (symlinks followed), else ``error`` with one line.

    Checked before anything is opened, so a named pipe cannot block a command and a device
    such as ``/dev/zero`` cannot fill the memory.

    Examples
    --------
    >>> regular_file("/dev/null")
    Traceback (most recent call last):
    ...
    psoaskit.errors.PsoaskitError: /dev/null is a device, not a file; export or save it as a file
    """
    target = Path(path)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        raise error(f"no such file: {target}") from None
    except OSError as exc:
        raise error(f"cannot read {target}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        advice = "" if stat.S_ISDIR(mode) else "; export or save it as a file"
        raise error(f"{target} is {kind}, not a file{advice}")
    return target


class OutputConflictError(PsoaskitError):
    """An output would replace an input of the command, or two outputs share one path."""


class OutputWriteError(PsoaskitError):
    """An output could not be written (a folder in the way, no space, no permission, ...)."""


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
    if ``write`` fails, and the new file gets the usual permissions (umask applied). A folder
    at ``path``, a full disk or a missing permission raise :class:`OutputWriteError` with one
    line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
    >>> atomic_write(out, lambda tmp: tmp.write_text("done")).read_text()
    'done'
    """
    checked = _before_write(path)
    target = Path(path)
    if target.is_dir():
        raise OutputWriteError(f"cannot write {path}: it is a folder (give a file name)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent)
    except OSError as exc:
        raise OutputWriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _new_file_mode())
        os.replace(tmp, target)
    except OSError as exc:  # disk full, folder gone, permission: one line, nothing half-written
        tmp.unlink(missing_ok=True)
        raise OutputWriteError(f"cannot write {path}: {exc.strerror or exc}") from None
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


def neutralise_formula(text: str) -> str:
    """``text`` as a spreadsheet shows it literally: a ``'`` before a formula start.

    Examples
    --------
    >>> [neutralise_formula(t) for t in ["=HYPERLINK(1)", "@SUM(1)", "-3 kg", "'=x", "'tis"]]
    ["'=HYPERLINK(1)", "'@SUM(1)", "'-3 kg", "''=x", "'tis"]
    >>> neutralise_formula("-3.5")  # a plain number is a number, not a formula
    '-3.5'
    """
    if _NEEDS_MARK.match(text) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def restore_formula(text: str) -> str:
    """Undo :func:`neutralise_formula`: ``restore_formula(neutralise_formula(t)) == t``.

    Examples
    --------
    >>> [restore_formula(t) for t in ["'=HYPERLINK(1)", "''=x", "'tis", "ok"]]
    ['=HYPERLINK(1)', "'=x", "'tis", 'ok']
    """
    return text[1:] if _MARKED.match(text) else text


def _is_text(series: pd.Series) -> bool:
    return (isinstance(series.dtype, pd.CategoricalDtype | pd.StringDtype)
            or series.dtype == object)


def _map_text(series: pd.Series, cell: Callable[[str], str]) -> pd.Series:
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = series.cat.categories
        if categories.dtype != object and not isinstance(categories.dtype, pd.StringDtype):
            return series
        new = [cell(c) if isinstance(c, str) else c for c in categories]
        if new == list(categories):
            return series
        if len(set(new)) < len(new):  # two values would meet: leave the column as text
            return series.astype(object).map(lambda v: cell(v) if isinstance(v, str) else v)
        return series.cat.rename_categories(new)
    # both directions only touch text starting with a formula character or a quote: find
    # those with one vectorised prefix test, and map just them
    candidate = series.astype("string").str.startswith(_FIRST_CHARS).fillna(False)
    hit = candidate.to_numpy(dtype=bool)
    if not hit.any():
        return series
    out = series.copy()
    out[hit] = [cell(v) if isinstance(v, str) else v for v in series[hit]]
    return out


def _mapped(frame: pd.DataFrame, cell: Callable[[str], str],
            names: Iterable[str] | None = None) -> pd.DataFrame:
    wanted = None if names is None else set(names)
    out = frame
    for i, name in enumerate(frame.columns):  # by position: headers may repeat
        column = frame.iloc[:, i]
        if (wanted is None or name in wanted) and _is_text(column):
            new = _map_text(column, cell)
            if new is not column:
                out = frame.copy() if out is frame else out
                out.isetitem(i, new)
    return out


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with text cells a spreadsheet cannot run (:func:`neutralise_formula`).

    Numeric, boolean and date columns are unchanged; ``frame`` is not modified (a copy is
    returned when anything changes).

    Examples
    --------
    >>> t = pd.DataFrame({"note": ["=1+1", "fine"], "pct": [-8.5, 2.0]})
    >>> spreadsheet_safe(t).values.tolist()
    [["'=1+1", -8.5], ['fine', 2.0]]
    """
    return _mapped(frame, neutralise_formula)


def restore_text(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """``frame`` with :func:`restore_formula` applied to the named text columns.

    Examples
    --------
    >>> restore_text(pd.DataFrame({"notes": ["'=1+1"]}), ["notes"])["notes"].tolist()
    ['=1+1']
    """
    return _mapped(frame, restore_formula, columns)


def write_csv(path: str | os.PathLike[str], frame: pd.DataFrame, **to_csv: object) -> Path:
    """Write ``frame`` as CSV atomically, spreadsheet-safe, without the index, ``\\n`` lines.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> out = write_csv(folder / "t.csv", pd.DataFrame({"id": ["@x"]}))
    >>> out.read_text()
    "id\\n'@x\\n"
    """
    safe = spreadsheet_safe(frame)
    options = {"index": False, "lineterminator": "\n", **to_csv}
    return atomic_write(path, lambda tmp: safe.to_csv(tmp, **options))
