"""Reading, importing and writing logs: the entry points of the log subsystem.

:func:`read_log` reads a psoaskit log (CSV, Parquet, JSON Lines or a DataFrame),
:func:`import_export` a training-app export, :func:`read_any` whichever a file is; each returns
the accepted rows with the schema's dtypes and an :class:`~psoaskit.logs.schema.IngestReport`
that accounts for every input row. One log flows through the modules of :mod:`psoaskit.logs`
in one direction: :mod:`~psoaskit.logs.readers` reads raw columns,
:mod:`~psoaskit.logs.formats` recognises app exports, an app module of
:mod:`~psoaskit.logs.apps` maps their columns, :mod:`~psoaskit.logs.validate` judges every
row, and this module writes the quarantine and applies strict mode.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from datetime import date as Date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from psoaskit._files import atomic_write, restore_text, write_csv
from psoaskit.catalogue.exercises import Catalogue, read_catalogue
from psoaskit.errors import LogError, expected_one_of
from psoaskit.logs.apps import EXPORT_FORMATS, MAPPERS, jefit
from psoaskit.logs.apps.common import (
    OTHER_NOTE_END,
    POUNDS_WARNING,
    SplitExport,
    athlete_from_name,
    other_note,
    read_bytes,
    split_export,
    to_canonical,
)
from psoaskit.logs.apps.mapped import ColumnMap, read_column_map
from psoaskit.logs.apps.mapped import map_export as map_sheet
from psoaskit.logs.apps.names import read_mapping
from psoaskit.logs.formats import detect_format, export_formats, header_key, is_headless_strong
from psoaskit.logs.readers import (
    Source,
    csv_records,
    first_line,
    from_utf16,
    pre_rejected_frame,
    read_source,
    scalar_text,
    sniff_delimiter,
    unique_labels,
)
from psoaskit.logs.schema import (
    ATHLETE_ID,
    BAND,
    EXERCISE_ID,
    LB_TO_KG,
    LOG_COLUMNS,
    NOTES,
    OTHER_EXERCISE,
    SESSION_ID,
    SET_INDEX,
    SIDE,
    SKIP_REASONS,
    IngestReport,
    ReadResult,
)
from psoaskit.logs.validate import validate_source

#: Free-text columns of the canonical log, guarded against spreadsheet formulas in CSV.
TEXT_COLUMNS = (ATHLETE_ID, SESSION_ID, EXERCISE_ID, SIDE, BAND, NOTES)

__all__ = [
    "SET_KEY",
    "TEXT_COLUMNS",
    "WEIGHT_UNITS",
    "finish_ingest",
    "import_export",
    "merge_logs",
    "read_any",
    "read_log",
    "write_log",
    "write_quarantine",
]

#: Weight units a source may be in where it does not say (kilograms or pounds).
WEIGHT_UNITS = ("kg", "lb")


def read_log(
    source: Any,
    *,
    format: str = "auto",
    weight_unit: str = "kg",
    dayfirst: bool = False,
    strict: bool = False,
    quarantine: str | Path | None = None,
    catalogue: Catalogue | None = None,
    today: Date | pd.Timestamp | None = None,
) -> ReadResult:
    """Read and validate a session log in the canonical schema.

    Every input row is either accepted into the returned log or rejected with its reasons
    in the report: ``report.rows_read == report.rows_accepted + report.rows_rejected``.
    The source is only read, never modified. Exercise names or aliases given instead of
    catalogue ids are mapped to the ids (and noted); missing ``session_id``, ``side`` and
    ``set_index`` values are derived (and noted).

    Parameters
    ----------
    source : str, Path, file-like or pandas.DataFrame
        A CSV (``,``, ``;`` or tab), Parquet or JSON Lines file, an open binary/text
        buffer, or a DataFrame already in memory.
    format : {"auto", "csv", "parquet", "jsonl"}
        ``auto`` decides from the file name, then the content.
    weight_unit : {"kg", "lb"}
        Unit of the ``load_kg`` column in the source; ``lb`` converts to [kg].
    dayfirst : bool
        Read numeric dates as DD/MM/YYYY instead of MM/DD/YYYY (ISO dates are unaffected).
    strict : bool
        Raise :class:`LogError` when any row is rejected for a data problem.
    quarantine : str or Path, optional
        CSV file to receive the rejected rows verbatim with a reason column (atomically).
    catalogue : Catalogue, optional
        Exercise catalogue to check ids against (default: the packaged one).
    today : date, optional
        The date after which dates count as "in the future" (default: now, local time).

    Returns
    -------
    ReadResult
        ``(log, report)``: the accepted rows with :data:`LOG_DTYPES` and the
        :class:`IngestReport`.

    Raises
    ------
    LogError
        When the input cannot be read as a log at all (missing file, not CSV/Parquet/
        JSON Lines, required columns missing), or in strict mode.

    Examples
    --------
    >>> import io
    >>> text = ("athlete_id,date,exercise_id,side,reps,hold_s\\n"
    ...         "007,2024-03-01,supine_psoas_activation,L,5,10\\n"
    ...         "007,2024-03-01,psoas marchh,both,3,\\n")
    >>> log, report = read_log(io.StringIO(text))
    >>> log[["athlete_id", "exercise_id", "side", "reps"]]
      athlete_id              exercise_id side  reps
    0        007  supine_psoas_activation    L     5
    >>> report.rows_read, report.rows_accepted, report.rows_rejected
    (2, 1, 1)
    >>> report.problems.loc[0, "message"]
    "exercise not in the catalogue; did you mean 'psoas_march'?"
    """
    if weight_unit not in ("kg", "lb"):
        raise LogError(expected_one_of("weight unit", weight_unit, WEIGHT_UNITS))
    src, name = read_source(source, format)
    if src.fmt == "csv":  # undo write_log's spreadsheet guard (psoaskit._files)
        src.frame = restore_text(src.frame, TEXT_COLUMNS)
    result = validate_source(
        src,
        name,
        catalogue=catalogue,
        dayfirst=dayfirst,
        today=today,
        weight_scale=LB_TO_KG if weight_unit == "lb" else 1.0,
    )
    if weight_unit == "lb":
        result.report.notes.append("load_kg read as pounds and converted to kg")
    return finish_ingest(result, src, source=source, quarantine=quarantine, strict=strict)


def import_export(
    source: Any,
    *,
    format: str = "auto",
    mapping: str | Path | Mapping[str, Any] | None = None,
    athlete_id: str | None = None,
    weight_unit: str = "kg",
    dayfirst: bool = False,
    strict: bool = False,
    quarantine: str | Path | None = None,
    catalogue: Catalogue | None = None,
    today: Date | pd.Timestamp | None = None,
    columns: str | Path | Mapping[str, Any] | ColumnMap | None = None,
    tz: str | None = None,
) -> ReadResult:
    """Import a Strong, Hevy, FitNotes, Fitbod or JEFIT export, or any sheet of sets through a
    column map, as a validated canonical log.

    Every export row is accepted or rejected with its reasons, exactly as in
    :func:`psoaskit.read_log` (``rows_read == rows_accepted + rows_rejected``); the export
    file is only read.

    Parameters
    ----------
    source : str, Path or file-like
        The export file (or an open buffer).
    format : {"auto", "strong", "hevy", "fitnotes", "fitbod", "jefit"}
        ``auto`` recognises the app from the header (JEFIT from its ``### EXERCISE LOGS``
        section).
    mapping : str, Path or dict, optional
        App exercise name -> catalogue id (and side); see :func:`read_mapping`.
    athlete_id : str, optional
        The athlete the export belongs to (default: the file name without extension).
    weight_unit : {"kg", "lb"}
        Unit of weights where the export does not state it (Strong's comma formats);
        stated units (Hevy's ``weight_lbs``, ``Weight (kgs)``, unit columns) always win.
    dayfirst : bool
        Read numeric dates as DD/MM/YYYY.
    strict, quarantine, catalogue, today
        As in :func:`psoaskit.read_log`.
    columns : str, Path, dict or ColumnMap, optional
        A column map (TOML; see :mod:`psoaskit.logs.apps.mapped`): a sheet's columns as log
        columns, or an app export's renamed headers as the app's. Its ``[options]`` and
        ``[exercises]`` add to the arguments (``mapping`` wins for a name in both).
    tz : str, optional
        The athlete's time zone (IANA name, e.g. ``Europe/Berlin``). Times that carry an
        offset or are Unix time (Fitbod, JEFIT's session starts) are converted to it before the
        date is taken; times without a zone (Strong, Hevy, FitNotes) are the athlete's
        wall-clock times already and stay as written.

    Returns
    -------
    ReadResult
        ``(log, report)``.

    Raises
    ------
    LogError
        When the file cannot be read, its header matches no known export, the mapping is
        invalid, or in strict mode.

    Examples
    --------
    >>> import io
    >>> export = io.StringIO(
    ...     "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE\\n"
    ...     "2024-01-16 16:46:08,Hips,20m,Psoas March,1,0,0,0,60.0,\\n"
    ...     "2024-01-16 16:46:08,Hips,20m,Squat (Barbell),W,40.0,8.0,0,0.0,\\n")
    >>> log, report = import_export(export, athlete_id="ana")
    >>> log[["exercise_id", "work_s", "reps", "load_kg", "notes"]]  # doctest: +NORMALIZE_WHITESPACE
       exercise_id  work_s  reps  load_kg                                   notes
    0  psoas_march    60.0  <NA>      0.0                                    <NA>
    1        other     NaN     8     40.0  exercise: Squat (Barbell); warm-up set
    >>> report.rows_read == report.rows_accepted + report.rows_rejected
    True
    """
    if format not in ("auto", *EXPORT_FORMATS):
        raise LogError(expected_one_of("export format", format, ("auto", *EXPORT_FORMATS)))
    if weight_unit not in ("kg", "lb"):
        raise LogError(expected_one_of("weight unit", weight_unit, WEIGHT_UNITS))
    _check_zone(tz)
    catalogue = catalogue or read_catalogue()
    column_map = (columns if isinstance(columns, ColumnMap) or columns is None
                  else read_column_map(columns))
    if column_map is not None and format not in ("auto", column_map.format):
        raise LogError(f"the column map reads {column_map.format} files, not {format}")
    data, name = read_bytes(source)
    export, column_map, unfit = _split(data, format, column_map)
    options = column_map.options if column_map else {}
    weight_unit = options.get("weight_unit", weight_unit)
    dayfirst = dayfirst or options.get("dayfirst", False)
    targets = {**read_mapping(column_map.exercises if column_map else None, catalogue),
               **read_mapping(mapping, catalogue)}
    decimal_comma = options.get("decimal_comma", export.delimiter == ";")
    raw = export.raw.rename(columns=export.renamed)
    if export.app == "mapped":
        assert column_map is not None
        mapped = map_sheet(raw, weight_unit, decimal_comma, tz, column_map=column_map,
                           dayfirst=dayfirst)
    else:
        mapped = MAPPERS[export.app](raw, weight_unit, decimal_comma, tz)
        theirs = {app_name: file_name for file_name, app_name in export.renamed.items()}
        mapped.labels = {k: theirs.get(v, v) for k, v in mapped.labels.items()}
    if tz and export.app in ("strong", "fitnotes", "mapped"):
        mapped.notes.append(f"times carry no time zone: read as the athlete's wall-clock time "
                            f"(the time zone {tz} changes nothing)")
    athlete = athlete_id if athlete_id is not None else athlete_from_name(name)
    frame, notes = to_canonical(mapped, athlete, catalogue, targets)
    if athlete_id is not None:
        frame[ATHLETE_ID] = athlete_id
    elif ATHLETE_ID in mapped.labels:
        notes.insert(0, f"athlete ids from the column {mapped.labels[ATHLETE_ID]!r}")
    else:
        notes.insert(
            0, f"athlete_id {athlete!r} taken from the file name (set it with the athlete option)"
        )
    notes = export.notes + unfit + notes
    skip = np.zeros(len(frame), bool)
    pre = list(export.pre)
    for position, reason, message in mapped.skipped:
        skip[position] = True
        pre.append((int(export.rows[position]), reason, message, export.lines[position]))
    order = np.flatnonzero(~skip)
    if "_order" in frame:  # newest-first exports: sort by start time, keeping set order
        stamps = frame.pop("_order").to_numpy()[order].astype("datetime64[ns]")
        order = order[np.argsort(stamps.astype(np.int64), kind="stable")]
    position_of = np.full(len(frame), -1, np.int64)
    position_of[order] = np.arange(len(order))
    extra = []
    for rows, label, code, message, values in mapped.extra:
        kept = position_of[rows] >= 0
        extra.append(
            (position_of[rows][kept], label, code, message, np.asarray(values, object)[kept])
        )
    src = Source(
        frame.iloc[order].reset_index(drop=True),
        export.rows[order],
        mapped.variant,
        export.numbering,
        pre_rejected_frame(pre),
        notes,
        extra=extra,
    )
    labels = {
        **{c: c for c in src.frame.columns},
        ATHLETE_ID: "athlete_id (option)",
        SIDE: "side (from the name)",
        **mapped.labels,
    }
    result = validate_source(
        src,
        name,
        catalogue=catalogue,
        dayfirst=dayfirst,
        today=today,
        weight_scale=mapped.weight_scale[order],
        labels=labels,
    )
    finished = finish_ingest(
        result,
        src,
        source=source,
        quarantine=quarantine,
        strict=strict,
        verbatim=export.raw.iloc[order].reset_index(drop=True),
        skipped=export.raw.iloc[[p for p, _, _ in mapped.skipped]].set_axis(
            export.rows[[p for p, _, _ in mapped.skipped]]),
    )
    _count_other_in_log(finished, catalogue)
    pounds = [note for note in finished.report.notes if note.startswith(POUNDS_WARNING)]
    if strict and pounds:
        raise LogError(f"strict mode: {pounds[0]}", report=finished.report)
    return finished


def _split(data: bytes, format: str, column_map: ColumnMap | None,
           ) -> tuple[SplitExport, ColumnMap | None, list[str]]:
    """Split an export (JEFIT's sections, a sheet through a column map, or any app's CSV).

    A sheet's column map that does not fit a file the header shows to be an app export (a
    folder of one coach's sheets and athletes' app exports, imported with one map) is set
    aside for that file, and a note says so.
    """
    if column_map is not None and column_map.format == "mapped":
        export = split_export(data, "mapped")
        try:
            column_map.renaming(list(export.raw.columns))
        except LogError:
            if not (jefit.is_export(data)
                    or detect_format(list(export.raw.columns)) in EXPORT_FORMATS):
                raise
            app_export = _split(data, "auto", None)[0]
            have = {header_key(h) for h in export.raw.columns}
            lacking = next(h for h in column_map.columns.values() if header_key(h) not in have)
            return app_export, None, [
                f"the column map does not fit this file (it has no {lacking!r} column), which "
                f"is a {export_formats()[app_export.app].name} export: read as one"]
        return export, column_map, []
    if jefit.is_export(data):
        return jefit.split_export(data, format), column_map, []
    if column_map is None:
        return split_export(data, format), None, []
    return split_export(data, column_map.format, column_map.renaming), column_map, []


def _check_zone(tz: str | None) -> None:
    if tz is None:
        return
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise LogError(f"unknown time zone {tz!r}: give an IANA name such as Europe/Berlin, "
                       "America/New_York or UTC") from None


def _count_other_in_log(result: ReadResult, catalogue: Catalogue) -> None:
    """Make the report's count of sets kept as ``other`` the log's (skipped and rejected rows
    are not in it)."""
    notes = result.report.notes
    at = [k for k, note in enumerate(notes) if OTHER_NOTE_END in note]
    if not at:
        return
    log = result.log
    kept = log[log[EXERCISE_ID].astype(str) == OTHER_EXERCISE]
    names = kept[NOTES].astype(str).str.extract(r"^exercise: (.*?)(?:;|$)")[0].dropna()
    if len(names):
        notes[at[0]] = other_note(names, catalogue)
    else:
        del notes[at[0]]


def read_any(
    source: Any,
    *,
    format: str = "auto",
    mapping: str | Path | Mapping[str, Any] | None = None,
    athlete_id: str | None = None,
    **options: Any,
) -> ReadResult:
    """Read a psoaskit log or an app export, whichever ``source`` is.

    ``format`` is ``auto`` (decided from the file name and header), one of
    ``csv``/``parquet``/``jsonl`` (a psoaskit log, :func:`psoaskit.read_log`) or one of
    :data:`EXPORT_FORMATS` (:func:`import_export`). Other keyword options go to the reader.

    Examples
    --------
    >>> import io
    >>> _, report = read_any(io.StringIO(
    ...     "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\\n"
    ...     "2024-05-02,Toe Taps,Core,0.0,12,,,\\n"), athlete_id="kim")
    >>> report.format, report.rows_accepted
    ('fitnotes', 1)
    """
    if format in EXPORT_FORMATS or options.get("columns") is not None:
        return import_export(
            source, format=format, mapping=mapping, athlete_id=athlete_id, **options
        )
    options.pop("columns", None)
    tz = options.pop("tz", None)
    if format == "auto" and not isinstance(source, pd.DataFrame):
        suffix = Path(str(source)).suffix.lower() if isinstance(source, str | Path) else ""
        if suffix not in (".parquet", ".pq", ".jsonl", ".ndjson", ".json"):
            raw, _ = read_bytes(source)
            data = from_utf16(raw) or raw  # Excel's "Unicode text": judge its header as text
            head = (
                data[: 1 << 16].decode("utf-8-sig", errors="replace") if data[:4] != b"PAR1" else ""
            )
            line = first_line(head)
            first = csv_records(line, sniff_delimiter(line)) if line.strip() else []
            fields = first[0][1] if first else []
            source = io.BytesIO(raw) if not isinstance(source, str | Path) else source
            if (detect_format(fields) in EXPORT_FORMATS or is_headless_strong(fields)
                    or jefit.is_export(data)):
                return import_export(source, mapping=mapping, athlete_id=athlete_id, tz=tz,
                                     **options)
    weight = options.pop("weight_unit", "kg")
    return read_log(source, format=format, weight_unit=weight, **options)


def write_log(log: pd.DataFrame, path: str | Path) -> Path:
    """Write a log atomically as Parquet (``.parquet``/``.pq``) or CSV (anything else).

    In CSV, text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
    CR first) is written with a leading ``'`` (:func:`psoaskit._files.write_csv`);
    :func:`read_log` removes it again, so the text reads back exactly. Parquet keeps it as is.

    Parameters
    ----------
    log : pandas.DataFrame
        A log with the canonical columns (extra columns are not written).
    path : str or Path
        Output file; replaced atomically.

    Returns
    -------
    Path
        The written file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "log.parquet"
    >>> from psoaskit.logs.schema import empty_log
    >>> write_log(empty_log(), out).name
    'log.parquet'
    """
    missing = [c for c in LOG_COLUMNS if c not in log.columns]
    if missing:
        raise LogError(f"cannot write a log without column(s) {', '.join(missing)}")
    frame = log.loc[:, list(LOG_COLUMNS)]
    if Path(path).suffix.lower() in (".parquet", ".pq"):
        return atomic_write(path, lambda tmp: frame.to_parquet(tmp, index=False))
    return write_csv(path, frame)


def write_quarantine(
    path: str | Path, src: Source, report: IngestReport, verbatim: pd.DataFrame | None = None,
    skipped: pd.DataFrame | None = None,
) -> Path:
    """Write every rejected row as it was in the source, plus ``row`` and ``reason``, as CSV.

    Frame rows keep their source columns (text exactly as read; ``verbatim`` overrides the
    source's frame, row for row); rows that could not be split into columns (malformed CSV,
    bad JSON, blank lines) keep their raw text in ``raw``; rows an importer skipped whole (a
    Strong rest timer) are split into the export's columns when ``skipped`` holds them (by
    source row). The file is replaced atomically,
    and written even when nothing was rejected so that a stale quarantine never survives a
    clean run.
    """
    rejected = report.rejected_rows()
    position = pd.Series(np.arange(len(src.rows)), index=src.rows)
    in_frame = rejected["row"].isin(position.index).to_numpy()
    positions = position.loc[rejected.loc[in_frame, "row"]].to_numpy()
    if verbatim is not None:
        picked = verbatim.iloc[positions]
    elif src.text is not None and len(positions):
        picked = src.text(None, positions)
    else:
        picked = src.frame.iloc[positions]
    labels = unique_labels(picked.columns)
    body = pd.DataFrame(
        {
            label: picked.iloc[:, i].map(scalar_text).to_numpy(object)
            for i, label in enumerate(labels)
        },
        index=rejected.index[in_frame],
    )
    out = pd.concat([rejected, body], axis=1)
    pre = src.pre_rejected
    if len(pre):
        out["raw"] = out["row"].map(dict(zip(pre["row"], pre["raw"], strict=True))).fillna("")
    if skipped is not None and len(skipped):
        split = out["row"].isin(skipped.index).to_numpy()
        rows = out.loc[split, "row"].to_numpy()
        for label, column in zip(unique_labels(skipped.columns), skipped.columns, strict=True):
            values = skipped.loc[rows, column].map(scalar_text).to_numpy(object)
            if label not in out:
                out[label] = ""
            out.loc[split, label] = values
        if "raw" in out:
            out.loc[split, "raw"] = ""
    return write_csv(path, out)


def _same_file(a: Any, b: str | Path) -> bool:
    try:
        return isinstance(a, str | os.PathLike) and Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def finish_ingest(
    result: ReadResult,
    src: Source,
    *,
    source: Any,
    quarantine: str | Path | None,
    strict: bool,
    verbatim: pd.DataFrame | None = None,
    skipped: pd.DataFrame | None = None,
) -> ReadResult:
    """Write the quarantine (if asked) and apply strict mode to a finished ingest."""
    if quarantine is not None:
        if _same_file(source, quarantine):
            raise LogError("the quarantine file would overwrite the source; choose another path")
        try:
            write_quarantine(quarantine, src, result.report, verbatim, skipped)
        except OSError as exc:
            raise LogError(
                f"cannot write the quarantine {quarantine}: {exc.strerror or exc}"
            ) from None
    report = result.report
    if strict and not report.ok:
        invalid = report.problems.loc[~report.problems["reason"].isin(SKIP_REASONS), "row"]
        rows = report.rejected_rows().set_index("row")["reason"]
        first = int(invalid.min())
        raise LogError(
            f"strict mode: {report.rows_invalid} row(s) rejected; first: row {first}: "
            f"{rows[first]}",
            report=report,
        )
    return result


#: What identifies a set across imports: the same athlete, session, exercise, side and set.
SET_KEY = (ATHLETE_ID, SESSION_ID, EXERCISE_ID, SIDE, SET_INDEX)


def merge_logs(existing: pd.DataFrame, imported: pd.DataFrame,
               ) -> tuple[pd.DataFrame, dict[str, int]]:
    """Add an import to a log without duplicating its sets (re-importing is idempotent).

    Apps export the whole history every time, so a newer export repeats the sets already in
    the log. A set is identified by :data:`SET_KEY` (and, for an exercise outside the
    catalogue, its app name in ``notes``); one already in the log with the same
    values (``source`` aside) is kept once, one with other values (a corrected export) takes
    the import's values, and sets of the log that the import lacks stay.

    Parameters
    ----------
    existing, imported : pandas.DataFrame
        Validated canonical logs (:func:`read_log`, :func:`import_export`).

    Returns
    -------
    tuple
        The merged log (the log's order, then the new sets) and counts ``new``,
        ``already_present``, ``changed`` and ``kept`` (sets of the log not in the import).

    Examples
    --------
    >>> old = pd.DataFrame({"athlete_id": ["A"] * 2, "session_id": ["s1"] * 2,
    ...     "exercise_id": ["toe_tap"] * 2, "side": ["L", "R"], "set_index": [1, 1],
    ...     "reps": [8, 8]})
    >>> new = pd.concat([old.assign(reps=[8, 9]), old.iloc[[0]].assign(session_id="s2")])
    >>> merged, counts = merge_logs(old, new)
    >>> counts, merged["reps"].tolist()
    ({'new': 1, 'already_present': 1, 'changed': 1, 'kept': 0}, [8, 9, 8])
    """
    def keys(log: pd.DataFrame) -> pd.Series:  # as text, so 1 and 1.0 are one set index
        if log.empty:
            return pd.Series([], dtype=object)
        key = log[list(SET_KEY)].map(scalar_text).agg("\x1f".join, axis=1)
        # sets of exercises outside the catalogue all have the id "other": their app name
        # (first in notes) tells them apart
        other = log[EXERCISE_ID].astype(str) == OTHER_EXERCISE
        if NOTES in log and other.any():
            name = log.loc[other, NOTES].astype(str).str.extract(r"^exercise: (.*?)(?:;|$)")[0]
            key[other] = key[other] + "\x1f" + name.fillna("")
        return key

    def values(log: pd.DataFrame, columns: list[str]) -> pd.Series:
        return log[columns].map(scalar_text).agg("\x1f".join, axis=1) if columns else (
            pd.Series("", index=log.index))

    columns = [c for c in LOG_COLUMNS if c != "source" and c in existing.columns
               and c in imported.columns and c not in SET_KEY]
    old_keys, new_keys = keys(existing).to_numpy(), keys(imported).to_numpy()
    position = {key: i for i, key in enumerate(old_keys)}
    matched = np.array([position.get(key, -1) for key in new_keys], dtype=np.int64)
    known = matched >= 0
    same = np.zeros(len(imported), dtype=bool)
    if known.any():
        same[known] = (values(existing.iloc[matched[known]], columns).to_numpy()
                       == values(imported[known], columns).to_numpy())
    changed = known & ~same
    merged = existing.copy()
    if changed.any():
        merged.iloc[matched[changed]] = imported[changed].reindex(
            columns=merged.columns).to_numpy()
    merged = pd.concat([merged, imported[~known]], ignore_index=True)
    counts = {"new": int((~known).sum()), "already_present": int(same.sum()),
              "changed": int(changed.sum()), "kept": int(len(existing) - known.sum())}
    return merged, counts
