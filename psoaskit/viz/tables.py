"""Tables for people: the notebooks' tables with readable headers, units and sensible rounding.

:func:`readable` turns any of the kit's tables into a pandas ``Styler`` that JupyterLab and the
reports show as HTML: code names become words with their unit in brackets (``tut_s`` ->
"Time under tension [s]"), numbers are rounded to what the measurement can carry (pain to 0.1,
percentages to 1, ratios to 0.01), missing values show as a dash, exercise and programme ids
as their names, text is left-aligned and wraps instead of being cut off with "...". The table
itself is not changed; ``frame.round()`` or the frame are still there for the code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["COLUMN_LABELS", "column_label", "readable"]

#: Headers of columns whose words alone would not say what they are.
COLUMN_LABELS = {
    "athlete_id": "Athlete",
    "exercise_id": "Exercise",
    "programme_id": "Programme",
    "week_start": "Week of",
    "tut_s": "Time under tension [s]",
    "tut_median": "Time under tension, median [min/week]",
    "volume_load_kg": "Volume load [kg]",
    "rpe_mean": "Set RPE, mean [0-10]",
    "pain_max": "Pain, highest [0-10]",
    "pain_mean": "Pain, mean [0-10]",
    "pain_next_morning_max": "Pain next morning, highest [0-10]",
    "load": "Load [AU]",
    "acwr_ewma": "ACWR (EWMA)",
    "acwr_rolling_coupled": "ACWR (rolling, coupled)",
    "acwr_rolling_uncoupled": "ACWR (rolling, uncoupled)",
    "frequency_status": "Against the target",
    "dose_within_pct": "Dose as prescribed [%]",
    "asymmetry_pct": "Left/right gap [%] (+ more on the right)",
    "moment_nm": "Moment [N·m]",
    "hip_deg": "Hip flexion [deg]",
    "knee_deg": "Knee flexion [deg]",
    "applies_to": "Applies to",
}

# unit words at the end of a code name -> how a header writes them
_UNITS = {"s": "[s]", "kg": "[kg]", "nm": "[N·m]", "n": "[N]", "cm": "[cm]", "m": "[m]",
          "deg": "[deg]", "pct": "[%]", "nrs": "[0-10]", "au": "[AU]", "min": "[min]"}
_ABBREVIATIONS = {"rpe": "RPE", "acwr": "ACWR", "emg": "EMG", "ewma": "EWMA", "id": "id",
                  "fl": "force-length", "p10": "10th percentile", "p90": "90th percentile"}
_DASH = "–"


def column_label(name: Any) -> Any:
    """The header a person reads for a column's code name (other names are kept).

    Examples
    --------
    >>> column_label("peak_moment_nm"), column_label("tut_s"), column_label("Pain zone")
    ('Peak moment [N·m]', 'Time under tension [s]', 'Pain zone')
    """
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]+", name):
        return name
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    words = name.split("_")
    unit = _UNITS.get(words[-1]) if len(words) > 1 else None
    if unit:
        words = words[:-1]
    text = " ".join(_ABBREVIATIONS.get(word, word) for word in words)
    text = text[:1].upper() + text[1:]
    return f"{text} {unit}" if unit else text


def _decimals(name: Any, values: pd.Series) -> int | None:
    """How many decimals a column's values carry (None: up to 2, trailing zeros dropped)."""
    if pd.api.types.is_integer_dtype(values):
        return 0
    last = name[-1] if isinstance(name, tuple) else name
    text = str(last).lower()
    rules = (
        (r"(^|_)(pct|%)$|percent", 0), (r"share|ratio|acwr|monotony|fl$|norm", 2),
        (r"^(pain|rpe)|_rpe", 1),
        (r"(^|_)(s|deg|n|au|strain)$|^load$|sets|reps|sessions", 0),
        (r"(_kg|_nm|_cm)$", 1), (r"_m$", 2),
    )
    for pattern, digits in rules:
        if re.search(pattern, text):
            return digits
    return None


def _number(value: Any, digits: int | None) -> str:
    if pd.isna(value):
        return _DASH
    if digits is None:
        if value != 0 and abs(value) < 0.01:  # a small constant (a gain, a rate): 3 digits
            return f"{value:.3g}"
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return f"{value:,.{digits}f}"


def _value_names() -> dict[str, Any]:
    """Per code column, how its values are named for people."""
    from psoaskit.analysis.status import FLAG_LABELS
    from psoaskit.catalogue.exercises import read_catalogue
    from psoaskit.catalogue.programmes import read_programmes

    exercises = {e.id: e.name for e in read_catalogue().values()}
    programmes = {p.id: p.name for p in read_programmes().values()}
    return {"exercise_id": exercises, "programme_id": programmes, "flag": FLAG_LABELS,
            "metric": {code: column_label(code) for code in
                       ("tut_s", "volume_load_kg", "reps", "hold_s", "work_s", "load_kg")}}


def readable(frame: pd.DataFrame | pd.Series, decimals: Mapping[Any, int] | None = None,
             prose: int = 36) -> Any:
    """A table as a person reads it (a ``pandas.io.formats.style.Styler``; the data unchanged).

    Parameters
    ----------
    frame : pandas.DataFrame or Series
        Any table of the kit (a Series is shown as one column).
    decimals : mapping, optional
        Decimals per column, overriding the rules (integers 0, percentages 0, ratios and shares
        2, pain and RPE 1, seconds, degrees, newtons and loads 0, kilograms, newton-metres and
        centimetres 1, otherwise up to 2 with trailing zeros dropped, or 3 significant digits
        for values below 0.01).
    prose : int
        Width of text columns before they wrap [characters]; nothing is truncated.

    Returns
    -------
    pandas.io.formats.style.Styler
        Headers from :func:`column_label`, missing values as a dash, exercise, programme and
        flag ids as names (also inside reasons and notes), dates as YYYY-MM-DD that never wrap,
        text left-aligned and wrapping, numbers right-aligned, a plain running index hidden.

    Examples
    --------
    >>> table = pd.DataFrame({"exercise_id": ["toe_tap"], "rpe_mean": [5.863636],
    ...                       "asymmetry_pct": [-8.333333], "hold_s": [np.nan]})
    >>> html = readable(table).to_html()
    >>> "Toe Tap" in html, "5.9" in html, "-8" in html, "5.863636" in html, "nan" in html
    (True, True, True, False, False)
    >>> "Set RPE, mean [0-10]" in html and "Hold [s]" in html
    True
    """
    data = frame.to_frame() if isinstance(frame, pd.Series) else frame
    data = data.copy()
    if not data.index.is_unique:  # e.g. tables joined with pd.concat: a running index
        plain = data.index.names == [None] and pd.api.types.is_integer_dtype(data.index)
        data = data.reset_index(drop=plain)
    from psoaskit.catalogue.programmes import with_names

    names = _value_names()
    for column in data.columns:
        key = column[-1] if isinstance(column, tuple) else column
        if key in names:
            data[column] = data[column].map(lambda v, m=names[key]: m.get(str(v), v)
                                            if isinstance(v, str) else v)
        elif key in ("reason", "reasons", "note", "notes", "finding"):  # prose naming ids
            data[column] = data[column].map(lambda v: with_names(v) if isinstance(v, str) else v)
    if data.index.name in names:
        data.index = data.index.map(lambda v, m=names[data.index.name]: m.get(str(v), v))
    decimals = dict(decimals or {})
    formats: dict[Any, Any] = {}
    text_columns, number_columns, date_columns = [], [], []
    for column in data.columns:
        values = data[column]
        if pd.api.types.is_bool_dtype(values):
            text_columns.append(column)
            formats[column] = lambda v: _DASH if pd.isna(v) else ("yes" if v else "no")
        elif pd.api.types.is_numeric_dtype(values):
            number_columns.append(column)
            digits = decimals.get(column, _decimals(column, values))
            formats[column] = lambda v, d=digits: _number(v, d)
        elif pd.api.types.is_datetime64_any_dtype(values):
            date_columns.append(column)
            formats[column] = lambda v: _DASH if pd.isna(v) else f"{v:%Y-%m-%d}"
        else:
            text_columns.append(column)
            formats[column] = lambda v: _DASH if v is None or (np.ndim(v) == 0 and pd.isna(v)) \
                else str(v)
    styler = data.style.format(formats)
    if isinstance(data.index, pd.RangeIndex):
        styler = styler.hide(axis="index")
    else:
        styler = styler.format_index(
            lambda v: f"{v:%Y-%m-%d}" if isinstance(v, pd.Timestamp) else column_label(v)
            if isinstance(v, str) and "_" in v else v, axis="index")
    styler = styler.format_index(column_label, axis="columns")
    styler.index.names = [column_label(n) for n in data.index.names]
    if isinstance(data.columns, pd.MultiIndex):
        styler.columns.names = [column_label(n) for n in data.columns.names]
    # alignment per cell (a table-wide rule would outrank the cells' own)
    styler = styler.set_table_styles([
        {"selector": "th", "props": "text-align: left; vertical-align: bottom;"},
        {"selector": "th.row_heading", "props": "white-space: nowrap; vertical-align: top;"},
        {"selector": "td", "props": "vertical-align: top;"},
    ])
    if number_columns:
        styler = styler.set_properties(subset=number_columns, **{"text-align": "right"})
    if date_columns:
        styler = styler.set_properties(subset=date_columns,
                                       **{"text-align": "left", "white-space": "nowrap"})
    if text_columns:
        styler = styler.set_properties(
            subset=text_columns,
            **{"text-align": "left", "white-space": "normal", "max-width": f"{prose}ch"},
        )
    return styler
