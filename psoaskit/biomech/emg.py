"""What the muscles actually do: electromyography of psoas and iliacus, beside the mechanics.

``data/emg_hip_flexors.csv`` tabulates what EMG studies of hip-flexion tasks found, with the
method (intramuscular electrodes in the muscle, or surface electrodes with their crosstalk) and
the activation as the study normalised it. :func:`emg_beside_demand` puts each row that
matches a catalogue exercise next to the demand map's peak moment for it, so the mechanics and
the measured activation can be read side by side.
"""

from __future__ import annotations

import io
from functools import cache

import pandas as pd

from psoaskit._data import read_text
from psoaskit.biomech.demand import DemandMap

__all__ = ["emg_beside_demand", "emg_studies"]


@cache
def _table() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(read_text("emg_hip_flexors.csv")), comment="#",
                       dtype={"hip_deg": "string", "catalogue_id": "string"})


def emg_studies() -> pd.DataFrame:
    """The tabulated EMG findings, one row per study, muscle and task.

    Returns
    -------
    pandas.DataFrame
        ``study``, ``method`` (intramuscular, surface or review), ``muscle``, ``task``,
        ``hip_deg``, ``n`` (participants), ``activation_low_pct``/``activation_high_pct`` [% of
        ``normalisation``], ``normalisation``, ``catalogue_id``, ``catalogue_match``,
        ``finding`` and ``source``.

    Examples
    --------
    >>> emg = emg_studies()
    >>> sorted(emg["method"].unique())
    ['intramuscular', 'review', 'surface']
    """
    return _table().copy()


def emg_beside_demand(demand: DemandMap) -> pd.DataFrame:
    """The EMG rows that match a catalogue exercise, with that exercise's peak demand.

    Parameters
    ----------
    demand : DemandMap
        :func:`psoaskit.biomech.demand.demand_map` for the body and loads on show.

    Returns
    -------
    pandas.DataFrame
        ``name`` (the exercise), ``peak_moment_nm`` [N m] and ``hip_at_peak_deg`` [deg] from
        the demand map, then the EMG columns ``study``, ``method``, ``muscle``, ``task``,
        ``hip_deg``, ``activation_low_pct``, ``activation_high_pct``, ``normalisation``,
        ``catalogue_match`` and ``finding``.

    Examples
    --------
    >>> from psoaskit.biomech.demand import demand_map
    >>> table = emg_beside_demand(demand_map())
    >>> set(table["name"])
    {'Controlled Straight Leg Raise'}
    """
    emg = emg_studies().dropna(subset=["catalogue_id"])
    modelled = demand.modelled[["id", "name", "peak_moment_nm", "hip_at_peak_deg"]]
    joined = emg.merge(modelled, left_on="catalogue_id", right_on="id", how="inner")
    columns = ["name", "peak_moment_nm", "hip_at_peak_deg", "study", "method", "muscle", "task",
               "hip_deg", "activation_low_pct", "activation_high_pct", "normalisation",
               "catalogue_match", "finding"]
    return joined[columns].reset_index(drop=True)
