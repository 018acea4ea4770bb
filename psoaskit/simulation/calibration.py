"""The simulation's gain, fitted to hip-flexor training trials, and simulated against them.

A trial's protocol (``data/training_studies.csv``) is simulated with the same stimulus rule and
fitness-fatigue recursion as the programme model (:class:`psoaskit.simulation.config.ResponseModel`,
:func:`psoaskit.simulation.model.run_model`), for an average athlete (response factor 1) who
does every session. Repetition-maximum protocols set the load from the athlete's current
strength, so the relative intensity stays what the protocol says as the athlete gets
stronger; the capacity change at the end of the last week is then proportional to the gain:
``change = gain * B``, with ``B = k_fitness * g - k_fatigue * h`` of the protocol's stimulus.
:func:`fit_gain` is therefore a weighted least-squares fit through the origin,
``gain = sum(B * y) / sum(B ** 2)``, over the trials marked ``used_in_fit``.

Two trials are too few to fit more than one constant: the time constants, the threshold and
the shape of the stimulus weight are not fitted, and the fitted gain carries the trials'
disagreement (see :func:`calibration_table`).
"""

from __future__ import annotations

import io
import math
from dataclasses import replace
from functools import cache

import pandas as pd

from psoaskit._data import read_text
from psoaskit.simulation.config import ResponseModel, SimulationConfig
from psoaskit.simulation.draws import session_days

__all__ = ["calibrated_config", "calibration_table", "fit_gain", "protocol_response",
           "threshold_sensitivity", "training_studies"]


@cache
def _studies() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(read_text("training_studies.csv")), comment="#")


def training_studies() -> pd.DataFrame:
    """The tabulated hip-flexor training trials, with their sources.

    Returns
    -------
    pandas.DataFrame
        One row per trial: ``study``, ``population``, ``n_trained``, ``programme``, ``weeks``,
        ``sessions_per_week``, ``relative_intensity`` [-], ``leg_time_s`` [s],
        ``change_pct``, ``change_low_pct``, ``change_high_pct`` [%], ``used_in_fit``,
        ``protocol_source`` and ``source``.

    Examples
    --------
    >>> studies = training_studies().set_index("study")
    >>> float(studies.loc["thorborg2016", "change_pct"]), int(studies.loc["deane2005", "weeks"])
    (17.0, 8)
    """
    return _studies().copy()


def protocol_response(
    weeks: int,
    sessions_per_week: int,
    relative_intensity: float,
    leg_time_s: float,
    response: ResponseModel | None = None,
) -> float:
    """Fitness minus fatigue at the end of a protocol, per unit of gain [s].

    Parameters
    ----------
    weeks : int
        Length [week].
    sessions_per_week : int
        Sessions a week, on the simulation's weekdays [1/week].
    relative_intensity : float
        Demand over the current maximal capacity, kept by the protocol [-].
    leg_time_s : float
        Time under tension per leg and session [s].
    response : ResponseModel, optional
        Stimulus rule and fitness-fatigue constants.

    Returns
    -------
    float
        ``k_fitness * g - k_fatigue * h`` after the last day of the last week; the capacity
        change is ``gain`` times this [-].

    Examples
    --------
    >>> protocol_response(1, 1, 0.2, 100.0)  # at the threshold: no stimulus
    0.0
    """
    response = response or ResponseModel()
    stimulus = response.weight(relative_intensity) * leg_time_s
    days = set(session_days(sessions_per_week))
    decay_fit = math.exp(-1.0 / response.tau_fitness_d)
    decay_fat = math.exp(-1.0 / response.tau_fatigue_d)
    fit = fat = 0.0
    for day in range(7 * weeks):
        load = stimulus if day % 7 in days else 0.0
        fit = fit * decay_fit + load
        fat = fat * decay_fat + load
    return response.k_fitness * fit - response.k_fatigue * fat


def _responses(studies: pd.DataFrame, response: ResponseModel) -> pd.Series:
    simulated = studies["relative_intensity"].notna() & studies["leg_time_s"].notna()
    values = [
        protocol_response(int(r.weeks), int(r.sessions_per_week), float(r.relative_intensity),
                          float(r.leg_time_s), response) if ok else math.nan
        for r, ok in zip(studies.itertuples(), simulated, strict=True)
    ]
    return pd.Series(values, index=studies.index)


def fit_gain(studies: pd.DataFrame | None = None, response: ResponseModel | None = None) -> float:
    """The gain that best reproduces the trials marked ``used_in_fit`` (least squares) [1/s].

    Examples
    --------
    >>> gain = fit_gain()
    >>> abs(gain / ResponseModel().gain - 1) < 1e-3  # the packaged default is this fit
    True
    """
    studies = training_studies() if studies is None else studies
    response = response or ResponseModel()
    used = studies[studies["used_in_fit"].astype(bool)]
    b = _responses(used, response)
    y = used["change_pct"] / 100.0
    return float((b * y).sum() / (b * b).sum())


def calibrated_config(config: SimulationConfig | None = None) -> SimulationConfig:
    """``config`` with its gain refitted to the trials (after changing, e.g., the threshold).

    Examples
    --------
    >>> strict = SimulationConfig(response=ResponseModel(intensity_threshold=0.4))
    >>> calibrated_config(strict).response.gain > ResponseModel().gain
    True
    """
    config = config or SimulationConfig()
    gain = fit_gain(response=config.response)
    return replace(config, response=replace(config.response, gain=gain))


def calibration_table(config: SimulationConfig | None = None) -> pd.DataFrame:
    """Each trial's published change beside the change the simulation gives its protocol.

    Parameters
    ----------
    config : SimulationConfig, optional
        The model (its gain as set, not refitted).

    Returns
    -------
    pandas.DataFrame
        ``study``, ``population``, ``programme``, ``weeks``, ``sessions_per_week``,
        ``published_pct``, ``published_low_pct``, ``published_high_pct``, ``simulated_pct``
        (NaN where the protocol is not simulated) [%], ``used_in_fit`` and
        ``protocol_source``.

    Examples
    --------
    >>> table = calibration_table().set_index("study")
    >>> bool(table.loc["thorborg2016", "simulated_pct"] > 0)
    True
    """
    config = config or SimulationConfig()
    studies = training_studies()
    simulated = 100.0 * config.response.gain * _responses(studies, config.response)
    return pd.DataFrame(
        {
            "study": studies["study"],
            "population": studies["population"],
            "programme": studies["programme"],
            "weeks": studies["weeks"],
            "sessions_per_week": studies["sessions_per_week"],
            "published_pct": studies["change_pct"],
            "published_low_pct": studies["change_low_pct"],
            "published_high_pct": studies["change_high_pct"],
            "simulated_pct": simulated,
            "used_in_fit": studies["used_in_fit"].astype(bool),
            "protocol_source": studies["protocol_source"],
        }
    )


def threshold_sensitivity(
    thresholds: tuple[float, ...] = (0.1, 0.2, 0.3, 0.4),
    weeks: int = 8,
    athletes: int = 200,
    adherence: float = 1.0,
    seed: int = 0,
) -> pd.DataFrame:
    """How the unfitted intensity threshold moves the sources' programmes, gain refitted each time.

    The trials fix only the gain: for every threshold the gain is refitted, so the trials'
    simulated changes stay nearly the same, while programmes of light work, near the threshold,
    change a lot. This is the model's largest unfitted uncertainty.

    Parameters
    ----------
    thresholds : tuple of float
        Intensity thresholds to try [-].
    weeks, athletes, adherence, seed
        The simulation of every programme at its source's frequency.

    Returns
    -------
    pandas.DataFrame
        One row per threshold: ``threshold``, ``gain`` [1/s], the simulated change of each
        fitted trial (``<study>_pct``) and the median change of each programme (its name) [%].

    Examples
    --------
    >>> table = threshold_sensitivity((0.2, 0.4), weeks=2, athletes=10)
    >>> table["threshold"].tolist(), bool(table["gain"].is_monotonic_increasing)
    ([0.2, 0.4], True)
    """
    from psoaskit.catalogue.programmes import read_programmes
    from psoaskit.simulation.runs import simulate

    rows = []
    for threshold in thresholds:
        base = SimulationConfig(response=ResponseModel(intensity_threshold=threshold))
        config = calibrated_config(base)
        table = calibration_table(config)
        row: dict[str, float] = {"threshold": threshold, "gain": config.response.gain}
        for r in table[table["used_in_fit"]].itertuples():
            row[f"{r.study}_pct"] = float(r.simulated_pct)
        for programme in read_programmes().values():
            summary = simulate(programme, weeks=weeks, athletes=athletes, adherence=adherence,
                               seed=seed, config=config).summary()
            row[programme.name] = float(summary["capacity_change_pct"].median())
        rows.append(row)
    return pd.DataFrame(rows)
