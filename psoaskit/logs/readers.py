"""Getting rows in: reading CSV, Parquet, JSON Lines and DataFrames into raw columns.

The first step behind :func:`psoaskit.read_log` and :func:`psoaskit.import_export`: sources are
read into a :class:`Source` (columns as the source has them, source row numbers, rows that
never became rows), without judging values; :mod:`psoaskit.logs.validate` judges them.
CSV is read by pyarrow (every cell as the text written, ids, dates and numbers
dictionary-encoded), and files with malformed rows or not in UTF-8 by an exact row-by-row
reader.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from psoaskit._files import regular_file
from psoaskit.errors import LogError, expected_one_of
from psoaskit.logs.schema import (
    ATHLETE_ID,
    DATE,
    EXERCISE_ID,
    LIMITS,
    LOG_DTYPES,
    SIDE,
    SPREADSHEET_ROWS,
)

__all__ = [
    "HEADER_BYTES",
    "MAX_COLUMNS",
    "Source",
    "check_header",
    "csv_records",
    "decode_text",
    "first_line",
    "from_utf16",
    "in_threads",
    "not_text_reason",
    "pre_rejected_frame",
    "read_source",
    "scalar_text",
    "sniff_delimiter",
    "unique_labels",
]


@dataclass
class Source:
    """Rows as read, before validation: one column per source column (any dtype)."""

    frame: pd.DataFrame  # columns as named in the source
    rows: np.ndarray  # source row number of each frame row
    fmt: str
    numbering: str
    pre_rejected: pd.DataFrame  # rows that never became frame rows: row, reason, message, raw
    notes: list[str] = field(default_factory=list)
    #: (columns, positions) -> those cells as written, when ``frame`` holds parsed numbers
    text: Callable[[list[int] | None, np.ndarray], pd.DataFrame] | None = None
    #: problems an importer found itself: (frame positions, column label, reason, message, values)
    extra: list[tuple[np.ndarray, str, str, str, np.ndarray]] = field(default_factory=list)


#: The header must fit in this many bytes [byte], and have at most MAX_COLUMNS columns: both
#: are judged before the file is parsed, so a file of one endless line fails at once.
HEADER_BYTES = 1 << 16
MAX_COLUMNS = 256


def check_header(data: bytes) -> None:
    """Raise :class:`LogError` unless the file's first line, its header, is of a log's size:
    at most :data:`HEADER_BYTES` long and :data:`MAX_COLUMNS` columns (judged on the first
    bytes only, before anything is parsed).

    Examples
    --------
    >>> check_header(b"athlete_id,date,exercise_id,reps\\n007,2024-01-01,toe_tap,5\\n")
    >>> check_header(b",".join([b"c"] * 300))
    Traceback (most recent call last):
    ...
    psoaskit.errors.LogError: the header has 300 columns; a log or app export has a few dozen (at most 256 are read; is this a log?)
    """  # noqa: E501
    head = data[:HEADER_BYTES]
    text = head.decode("utf-8-sig", errors="replace")
    if len(data) > HEADER_BYTES and not re.search("[\r\n]", text):
        raise LogError(f"the header row is longer than {HEADER_BYTES // 1024} KiB; a log's "
                       "header names its columns in a few hundred bytes (is this a log?)")
    line = first_line(text)
    records = csv_records(line, sniff_delimiter(line)) if line.strip() else []
    columns = len(records[0][1]) if records else 0
    if columns > MAX_COLUMNS:
        raise LogError(f"the header has {columns:,} columns; a log or app export has a few "
                       f"dozen (at most {MAX_COLUMNS} are read; is this a log?)")


def pre_rejected_frame(records: list[tuple[int, str, str, str]] | None = None) -> pd.DataFrame:
    """Rows that never became frame rows, as a frame: ``row, reason, message, raw``."""
    return pd.DataFrame(records or [], columns=["row", "reason", "message", "raw"]).astype(
        {"row": "int64"}
    )


_BINARY = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook or a zipped export), not text: save "
                   "the sheet as 'CSV UTF-8', or unzip the export first"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls), not text: save the sheet as 'CSV UTF-8'"),
    (b"\x1f\x8b", "gzip-compressed: decompress it first (gunzip)"),
    (b"%PDF", "a PDF document, not a log"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def not_text_reason(head: bytes) -> str | None:
    r"""Why a file whose first bytes are ``head`` cannot be a CSV or JSON Lines log (None: it
    may be one), from the magic bytes of the usual look-alikes.

    Examples
    --------
    >>> not_text_reason(b"PK\x03\x04...")[:15], not_text_reason(b"athlete_id,date")
    ('a ZIP archive (', None)
    """
    return next((reason for magic, reason in _BINARY if head.startswith(magic)), None)


def from_utf16(data: bytes) -> bytes | None:
    r"""UTF-8 bytes of a UTF-16 text with its byte-order mark (Excel's "Unicode text"), else
    None.

    Examples
    --------
    >>> from_utf16("a,b\n".encode("utf-16")), from_utf16(b"a,b")
    (b'a,b\n', None)
    """
    if not data.startswith(_UTF16_BOMS):
        return None
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError as exc:
        raise LogError(f"the file starts as UTF-16 but byte {exc.start} is not UTF-16") from None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed) or UTF-16 with its BOM, falling back to
    Windows-1252; returns (text, note).

    Examples
    --------
    >>> decode_text("café".encode("cp1252"))
    ('café', 'not UTF-8 (byte 0xe9 at offset 3); read as Windows-1252')
    """
    utf8 = from_utf16(data)
    if utf8 is not None:
        return utf8.decode("utf-8"), "read as UTF-16 text (byte-order mark at the start)"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        try:
            return data.decode("cp1252"), (
                f"not UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start}); "
                "read as Windows-1252"
            )
        except UnicodeDecodeError:
            raise LogError(
                f"cannot decode the file as text (byte {data[exc.start]:#04x} at offset "
                f"{exc.start} is not UTF-8 or Windows-1252)"
            ) from None


def sniff_delimiter(line: str) -> str:
    """The delimiter of a header line: the most frequent of ``,``, ``;`` and tab outside quotes.

    Examples
    --------
    >>> sniff_delimiter('"Date";"Workout Name";"Weight (kg)"')
    ';'
    """
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def first_line(text: str) -> str:
    """The first physical line of ``text`` (``\\n``, ``\\r\\n`` or ``\\r`` ends it).

    Examples
    --------
    >>> first_line("a;b\\r\\nc;d")
    'a;b'
    """
    return re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]


def csv_records(text: str, delimiter: str) -> list[tuple[int, list[str], str]]:
    """Split CSV text into records: (record number from 1, fields, raw text of the record).

    Records are numbered as a spreadsheet numbers rows (a quoted line break stays in its
    record). Raises :class:`LogError` when the text is not CSV at all.

    Examples
    --------
    >>> csv_records('a,b\\n1,"x\\ny"\\n', ",")[1]
    (2, ['1', 'x\\ny'], '1,"x\\ny"')
    """
    lines = list(io.StringIO(text, newline=""))
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=False)
    out: list[tuple[int, list[str], str]] = []
    consumed = 0
    # a long note is a value like any other (the fast reader takes it too): no field limit
    # below the text's own length, restored afterwards
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        for number, fields in enumerate(reader, start=1):
            raw = "".join(lines[consumed : reader.line_num]).rstrip("\r\n")
            consumed = reader.line_num
            out.append((number, fields, raw))
    except csv.Error as exc:
        raise LogError(f"not readable as CSV near line {reader.line_num}: {exc}") from None
    finally:
        csv.field_size_limit(limit)
    return out


def _header_names(fields: list[str]) -> list[str]:
    return [f.strip().strip('"').strip() for f in fields]


def _csv_source_python(data: bytes, name: str) -> Source:
    """Exact, row-by-row CSV reading for files the fast reader cannot take."""
    text, note = decode_text(data)
    delimiter = sniff_delimiter(first_line(text))
    records = csv_records(text, delimiter)
    if not records:
        raise LogError("empty file: no header row")
    header = _header_names(records[0][1])
    if not any(header):
        raise LogError("the first row, the header, is empty")
    width = len(header)
    good: list[list[str | None]] = []
    rows: list[int] = []
    pre: list[tuple[int, str, str, str]] = []
    for number, fields, raw in records[1:]:
        if not fields or all(not f.strip() for f in fields):
            pre.append((number, "blank_row", "no values", raw))
        elif len(fields) != width:
            pre.append(
                (number, "malformed_row", f"{len(fields)} fields, the header has {width}", raw)
            )
        else:
            good.append([f if f != "" else None for f in fields])
            rows.append(number)
    frame = pd.DataFrame(good, columns=header, dtype=object) if good else _empty_frame(header)
    return Source(
        frame,
        np.asarray(rows, np.int64),
        "csv",
        SPREADSHEET_ROWS,
        pre_rejected_frame(pre),
        [note] if note else [],
    )


def _empty_frame(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({i: pd.Series(dtype=object) for i in range(len(columns))}).set_axis(
        columns, axis=1
    )


def _arrow_csv(source: Any, delimiter: str, types: list[Any], newlines: bool) -> Any:
    """Read CSV with pyarrow, column ``i`` as ``types[i]``."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    size = len(source) if isinstance(source, bytes) else os.path.getsize(source)
    names = [f"c{i}" for i in range(len(types))]
    return pcsv.read_csv(
        pa.BufferReader(source) if isinstance(source, bytes) else str(source),
        # blocks of 1-16 MB: parallel parsing, and few dictionaries to unify afterwards
        read_options=pcsv.ReadOptions(
            column_names=names, skip_rows=1, block_size=min(max(size // 32, 1 << 20), 16 << 20)
        ),
        # a malformed row raises: the exact reader then takes the file
        parse_options=pcsv.ParseOptions(
            delimiter=delimiter, newlines_in_values=newlines, ignore_empty_lines=False
        ),
        convert_options=pcsv.ConvertOptions(
            column_types=dict(zip(names, types, strict=True)),
            null_values=[""],
            strings_can_be_null=True,
        ),
    )


#: Columns read dictionary-encoded: few distinct values, each parsed once by the validator.
_ENCODED = (ATHLETE_ID, EXERCISE_ID, SIDE, DATE)


def _arrow_types(header: list[str]) -> list[Any]:
    """Ids and dates dictionary-encoded, everything else text (large_string, which is what
    pandas' string dtypes hold: no conversion later)."""
    import pyarrow as pa

    encoded = pa.dictionary(pa.int32(), pa.string())
    return [encoded if h.strip().lower() in _ENCODED else pa.large_string() for h in header]


def in_threads(tasks: list[Callable[[], Any]]) -> list[Any]:
    """Results of independent ``tasks``, run on a few threads (numpy and pyarrow release the
    GIL in their loops, so columns are processed side by side); order is kept.

    Examples
    --------
    >>> in_threads([lambda: 1, lambda: 2])
    [1, 2]
    """
    workers = min(len(tasks), os.cpu_count() or 1, 4)
    if workers < 2:
        return [task() for task in tasks]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda task: task(), tasks))


def _arrow_frame(table: Any, header: list[str]) -> tuple[pd.DataFrame, dict[int, Any]]:
    """A pyarrow table as a DataFrame without copying text.

    Dictionary columns become categoricals (codes and distinct values); number columns whose
    every cell is a number become float arrays, parsed by pyarrow, their text kept aside
    (returned by column position) to show rejected cells as written; other number columns
    are dictionary-encoded for the validator to judge each distinct value; the rest stays
    text.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    def convert(i: int, chunked: Any) -> tuple[Any, Any]:
        if header[i].strip().lower() in LIMITS:
            try:
                return pc.cast(chunked, pa.float64()).to_numpy(), chunked
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                chunked = chunked.cast(pa.string()).dictionary_encode()
        if not pa.types.is_dictionary(chunked.type):
            return chunked.to_pandas(), None
        chunked = chunked.unify_dictionaries()
        chunks = chunked.chunks
        values = chunks[0].dictionary if chunks else pa.array([], pa.string())
        indices = pa.chunked_array([c.indices for c in chunks], chunked.type.index_type)
        if indices.null_count:
            indices = pc.fill_null(indices, -1)
        codes = indices.to_numpy().astype(np.int32, copy=False)
        dtype = pd.CategoricalDtype(pd.Index(values.to_pandas(), dtype="str"))
        return pd.Categorical.from_codes(codes, dtype=dtype, validate=False), None

    done = in_threads([lambda i=i, c=c: convert(i, c) for i, c in enumerate(table.columns)])
    columns = {i: column for i, (column, _) in enumerate(done)}
    written = {i: text for i, (_, text) in enumerate(done) if text is not None}
    return pd.DataFrame(columns, copy=False).set_axis(header, axis=1), written


def _csv_source(data: bytes | None, path: Path | None, name: str) -> Source:
    """Read CSV with pyarrow (see :func:`_arrow_frame` for what becomes what); files with
    malformed rows, or not UTF-8, go to the exact row-by-row reader."""
    import pyarrow as pa

    source: Any = data if data is not None else path
    if data is None:
        assert path is not None
        with open(path, "rb") as fh:
            head = fh.read(HEADER_BYTES + 1)
    else:
        head = data[: HEADER_BYTES + 1]
    head_text = head.decode("utf-8-sig", errors="replace")
    if not head_text.strip():
        raise LogError("empty file: no header row")
    check_header(head)
    delimiter = sniff_delimiter(first_line(head_text))
    header_records = csv_records(first_line(head_text), delimiter)
    header = _header_names(header_records[0][1]) if header_records else []
    if not any(header):
        raise LogError("the first row, the header, is empty")
    # Line breaks inside quoted values are rare and slow pyarrow down, so first read without
    # them: a break at a block edge then fails the read ("out of sync") instead of misparsing.
    table = None
    for newlines in (False, True):
        try:
            table = _arrow_csv(source, delimiter, _arrow_types(header), newlines)
            break
        except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError, UnicodeDecodeError):
            continue
    if table is None or table.num_columns != len(header):
        return _csv_source_python(source if data is not None else Path(source).read_bytes(), name)
    frame, written = _arrow_frame(table, header)
    del table
    rows = np.arange(2, len(frame) + 2, dtype=np.int64)

    def text(columns: list[int] | None, positions: np.ndarray) -> pd.DataFrame:
        """The cells of rows ``positions`` (and of ``columns``, default all) as written."""
        only = list(range(len(header))) if columns is None else columns
        picked = {}
        for i in only:
            if i in written:
                picked[i] = written[i].take(pa.array(positions, pa.int64())).to_pandas()
            else:
                picked[i] = frame.iloc[positions, i].reset_index(drop=True)
        return pd.DataFrame(picked).set_axis([header[i] for i in only], axis=1)

    return Source(
        frame, rows, "csv", SPREADSHEET_ROWS, pre_rejected_frame(), text=text if written else None
    )


def _jsonl_source(data: bytes, name: str) -> Source:
    import json

    text, note = decode_text(data)
    records: list[dict[str, Any]] = []
    rows: list[int] = []
    pre: list[tuple[int, str, str, str]] = []
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        raw = line.rstrip("\r\n")
        if not raw.strip():
            pre.append((number, "blank_row", "empty line", raw))
            continue
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            pre.append((number, "bad_json", f"not valid JSON ({exc})", raw))
            continue
        if not isinstance(value, dict):
            pre.append((number, "bad_json", f"a JSON {type(value).__name__}, not an object", raw))
            continue
        # each record names its own columns: spellings of one schema column ("side",
        # "Side ") become that column, and a record naming one column twice is rejected
        record: dict[str, Any] = {}
        spelled: dict[str, str] = {}
        for key, v in value.items():
            key = str(key)
            column = key.strip().lower()
            column = column if column in LOG_DTYPES else key
            if column in record:
                pre.append((number, "malformed_row",
                            f"keys {spelled[column]!r} and {key!r} both give column {column!r}",
                            raw))
                break
            spelled[column] = key
            record[column] = json.dumps(v) if isinstance(v, dict | list) else v
        else:
            records.append(record)
            rows.append(number)
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    frame = frame.astype(object)
    return Source(
        frame,
        np.asarray(rows, np.int64),
        "jsonl",
        "line numbers of the file",
        pre_rejected_frame(pre),
        [note] if note else [],
    )


def _parquet_source(source: Path | bytes, name: str) -> Source:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(source) if isinstance(source, bytes) else source)
        frame = table.to_pandas()
    except (pa.ArrowException, OSError, ValueError, TypeError) as exc:
        raise LogError(f"not a readable Parquet file: {exc}") from None
    frame = frame.reset_index(drop=True)
    return Source(
        frame,
        np.arange(len(frame), dtype=np.int64),
        "parquet",
        "0-based positions, as DataFrame.iloc",
        pre_rejected_frame(),
    )


def _frame_source(frame: pd.DataFrame) -> Source:
    frame = frame.reset_index(drop=True)
    return Source(
        frame,
        np.arange(len(frame), dtype=np.int64),
        "dataframe",
        "0-based positions, as DataFrame.iloc",
        pre_rejected_frame(),
    )


def _sniff_format(name: str, head: bytes) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "jsonl"
    return "csv"


def read_source(source: Any, fmt: str = "auto") -> tuple[Source, str]:
    """Read a path, file-like object or DataFrame into a :class:`Source` (no validation).

    Returns the source and its display name. Raises :class:`LogError` when it cannot be read.

    Examples
    --------
    >>> src, name = read_source(io.StringIO("athlete_id,reps\\n007,5\\n"))
    >>> name, src.fmt, src.rows.tolist(), src.frame["athlete_id"].tolist()
    ('<buffer>', 'csv', [2], ['007'])
    """
    if isinstance(source, pd.DataFrame):
        return _frame_source(source), "<DataFrame>"
    data: bytes | None = None
    path: Path | None = None
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        name = str(path)
        regular_file(path, LogError)
        try:
            with open(path, "rb") as fh:
                head = fh.read(8)
        except OSError as exc:
            raise LogError(f"cannot read {name}: {exc.strerror or exc}") from None
    elif hasattr(source, "read"):
        raw = source.read()
        data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        name, head = "<buffer>", data[:8]
    else:
        raise LogError(f"cannot read a log from a {type(source).__name__}")
    fmt = _sniff_format(name, head) if fmt == "auto" else fmt
    notes = []
    if fmt in ("csv", "jsonl"):
        reason = not_text_reason(head)
        if reason:
            raise LogError(f"{name} is {reason}")
        if head.startswith(_UTF16_BOMS):
            if data is None:
                assert path is not None
                data = path.read_bytes()
            data, path = from_utf16(data), None
            notes.append("read as UTF-16 text (byte-order mark at the start; Excel's "
                         "'Unicode text'), converted to UTF-8")
    try:
        read = _read_as(fmt, data, path, name)
    except OSError as exc:
        raise LogError(f"cannot read {name}: {exc.strerror or exc}") from None
    read.notes[:0] = notes
    return read, name


def _read_as(fmt: str, data: bytes | None, path: Path | None, name: str) -> Source:
    if fmt == "parquet":
        return _parquet_source(data if data is not None else path, name)  # type: ignore[arg-type]
    if fmt == "csv":
        return _csv_source(data, path, name)
    if fmt == "jsonl":
        if data is None:
            assert path is not None
            data = path.read_bytes()
        return _jsonl_source(data, name)
    raise LogError(expected_one_of("log format", fmt, ("auto", "csv", "parquet", "jsonl")))


def scalar_text(value: Any) -> str:
    """A cell as text: missing is ``""``, whole floats print without ``.0``.

    Examples
    --------
    >>> [scalar_text(v) for v in (None, float("nan"), 7.0, 7.5, "007", pd.NaT)]
    ['', '', '7', '7.5', '007', '']
    """
    if isinstance(value, str):
        return value
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def unique_labels(columns: Any) -> list[str]:
    """Column labels as text, made unique (``(column 3)`` for blank or repeated names).

    Examples
    --------
    >>> unique_labels(["reps", "", "reps"])
    ['reps', '(column 2)', 'reps (column 3)']
    """
    seen: set[str] = set()
    out = []
    for i, label in enumerate(columns):
        text = str(label).strip()
        if not text or text in seen:
            text = f"{text} (column {i + 1})".strip()
        seen.add(text)
        out.append(text)
    return out
