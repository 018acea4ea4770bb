"""Body-segment parameters: from stature and body mass to the segments of one lower limb.

Three published tables are packaged with their sources (``data/anthropometry_*.csv``):

* ``"winter"``: Dempster's cadaver parameters as adapted by Winter (2009, Table 4.1), with segment
  lengths from stature after Drillis & Contini (1966; thigh 0.245 H, leg 0.246 H);
* ``"deleva_male"`` / ``"deleva_female"``: Zatsiorsky-Seluyanov as adjusted by de Leva (1996), with
  de Leva's mean segment lengths scaled to stature.

The foot is lumped as a point mass at the ankle, which is how the reference values of the
kit's lever-arm model were computed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

import pandas as pd

from psoaskit._data import read_text
from psoaskit.errors import ParameterError

__all__ = [
    "BSP_TABLES",
    "Body",
    "LowerLimb",
    "Segment",
    "bsp_table",
    "length_ratios",
    "lower_limb",
    "segment_lengths",
]

#: The body-segment-parameter sets a :class:`Body` can use.
BSP_TABLES = ("winter", "deleva_male", "deleva_female")

_MASS_RANGE_KG = (20.0, 250.0)
_HEIGHT_RANGE_M = (1.0, 2.3)


def _read_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(read_text(name)), comment="#")


@cache
def _table(name: str) -> pd.DataFrame:
    return _read_csv(name)


def bsp_table(table: str = "winter") -> pd.DataFrame:
    """The packaged body-segment-parameter table ``table`` (a copy), with its source column.

    Parameters
    ----------
    table : str
        One of :data:`BSP_TABLES`.

    Returns
    -------
    pandas.DataFrame
        One row per segment; fractions of body mass and of segment length [-].

    Examples
    --------
    >>> bsp_table("winter").set_index("segment").loc["thigh", "mass_fraction"]
    np.float64(0.1)
    """
    _check_table(table)
    if table == "winter":
        return _table("anthropometry_dempster_winter.csv").copy()
    sex = table.removeprefix("deleva_")
    frame = _table("anthropometry_deleva.csv")
    return frame[frame["sex"] == sex].reset_index(drop=True)


def length_ratios() -> pd.DataFrame:
    """Segment lengths and landmark heights as fractions of stature (Drillis & Contini 1966).

    Examples
    --------
    >>> length_ratios().set_index("measure").loc["thigh_length", "fraction_of_stature"]
    np.float64(0.245)
    """
    return _table("anthropometry_length_ratios.csv").copy()


def _check_table(table: str) -> None:
    if table not in BSP_TABLES:
        raise ParameterError(
            f"unknown segment table {table!r}; expected one of {', '.join(BSP_TABLES)}"
        )


def segment_lengths(height_m: float, table: str = "winter") -> dict[str, float]:
    """Thigh and shank lengths [m] for a stature, by the length rule that goes with ``table``.

    Parameters
    ----------
    height_m : float
        Stature [m].
    table : str
        ``"winter"`` uses Drillis & Contini's fractions of stature; the de Leva sets scale
        de Leva's mean lengths by ``height / reference stature``.

    Returns
    -------
    dict
        ``{"thigh": ..., "shank": ...}`` [m].

    Examples
    --------
    >>> {k: round(v, 4) for k, v in segment_lengths(1.75).items()}
    {'thigh': 0.4287, 'shank': 0.4305}
    """
    _check_height(height_m)
    _check_table(table)
    if table == "winter":
        ratios = length_ratios().set_index("measure")["fraction_of_stature"]
        return {
            "thigh": float(ratios["thigh_length"]) * height_m,
            "shank": float(ratios["leg_length"]) * height_m,
        }
    rows = bsp_table(table).set_index("segment")
    scale = height_m / (float(rows.loc["thigh", "reference_stature_mm"]) / 1000.0)
    return {
        "thigh": float(rows.loc["thigh", "mean_length_mm"]) / 1000.0 * scale,
        "shank": float(rows.loc["shank", "mean_length_mm"]) / 1000.0 * scale,
    }


@dataclass(frozen=True)
class Segment:
    """One rigid segment of the limb.

    Attributes
    ----------
    name : str
        ``"thigh"`` or ``"shank"``.
    length_m : float
        Joint-to-joint length [m].
    mass_kg : float
        Segment mass [kg].
    com_fraction : float
        Centre of mass from the proximal joint / length [-].
    gyration_fraction : float
        Radius of gyration about the centre of mass / length [-].

    Examples
    --------
    >>> thigh = Segment("thigh", 0.4, 7.0, 0.433, 0.323)
    >>> round(thigh.com_m, 4), round(thigh.inertia_com_kg_m2, 4)
    (0.1732, 0.1168)
    """

    name: str
    length_m: float
    mass_kg: float
    com_fraction: float
    gyration_fraction: float

    @property
    def com_m(self) -> float:
        """Distance of the centre of mass from the proximal joint [m]."""
        return self.com_fraction * self.length_m

    @property
    def inertia_com_kg_m2(self) -> float:
        """Moment of inertia about the centre of mass [kg m^2]."""
        return self.mass_kg * (self.gyration_fraction * self.length_m) ** 2


@dataclass(frozen=True)
class LowerLimb:
    """Thigh, shank and a foot lumped at the ankle.

    Attributes
    ----------
    thigh, shank : Segment
        The two segments.
    foot_mass_kg : float
        Foot mass, a point mass at the ankle [kg].
    table : str
        The body-segment-parameter set used.

    Examples
    --------
    >>> round(lower_limb(70, 1.75).mass_kg, 3)
    11.27
    """

    thigh: Segment
    shank: Segment
    foot_mass_kg: float
    table: str

    @property
    def mass_kg(self) -> float:
        """Mass of the whole limb [kg]."""
        return self.thigh.mass_kg + self.shank.mass_kg + self.foot_mass_kg


def _positive_number(value: float, name: str, unit: str, bounds: tuple[float, float]) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number [{unit}], got {value!r}")
    lo, hi = bounds
    if not lo <= value <= hi:
        raise ParameterError(f"{name} must be between {lo:g} and {hi:g} {unit}, got {value!r}")


def _check_height(height_m: float) -> None:
    _positive_number(height_m, "height_m", "m", _HEIGHT_RANGE_M)


def lower_limb(mass_kg: float, height_m: float, table: str = "winter") -> LowerLimb:
    """Segment lengths, masses and centres of mass of one lower limb.

    Parameters
    ----------
    mass_kg : float
        Body mass [kg], 20-250.
    height_m : float
        Stature [m], 1.0-2.3.
    table : str
        One of :data:`BSP_TABLES`.

    Returns
    -------
    LowerLimb

    Examples
    --------
    >>> limb = lower_limb(70, 1.75)
    >>> round(limb.thigh.mass_kg, 2), round(limb.shank.mass_kg, 3), round(limb.foot_mass_kg, 3)
    (7.0, 3.255, 1.015)
    """
    _positive_number(mass_kg, "mass_kg", "kg", _MASS_RANGE_KG)
    lengths = segment_lengths(height_m, table)
    rows = bsp_table(table).set_index("segment")
    if table == "winter":
        shank_row, gyration = "leg", "rg_com"
    else:
        shank_row, gyration = "shank", "rg_sagittal"

    def segment(name: str, row: str) -> Segment:
        return Segment(
            name=name,
            length_m=lengths[name],
            mass_kg=float(rows.loc[row, "mass_fraction"]) * mass_kg,
            com_fraction=float(rows.loc[row, "com_proximal"]),
            gyration_fraction=float(rows.loc[row, gyration]),
        )

    return LowerLimb(
        thigh=segment("thigh", "thigh"),
        shank=segment("shank", shank_row),
        foot_mass_kg=float(rows.loc["foot", "mass_fraction"]) * mass_kg,
        table=table,
    )


@dataclass(frozen=True)
class Body:
    """A person described by body mass, stature and a body-segment-parameter set.

    Attributes
    ----------
    mass_kg : float
        Body mass [kg].
    height_m : float
        Stature [m].
    table : str
        One of :data:`BSP_TABLES`.

    Examples
    --------
    >>> body = Body(70, 1.75)
    >>> round(body.limb.mass_kg, 2)
    11.27
    """

    mass_kg: float = 70.0
    height_m: float = 1.75
    table: str = "winter"

    def __post_init__(self) -> None:
        _positive_number(self.mass_kg, "mass_kg", "kg", _MASS_RANGE_KG)
        _check_height(self.height_m)
        _check_table(self.table)

    @property
    def limb(self) -> LowerLimb:
        """The lower limb of this body."""
        return lower_limb(self.mass_kg, self.height_m, self.table)
