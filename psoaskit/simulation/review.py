"""The weekly progression review: one rule for simulated athletes and for real logs.

Each gate is a boolean per athlete. The simulation (:func:`psoaskit.simulation.model.run_model`)
computes the inputs from its model state; the analysis of a real log
(:func:`psoaskit.analysis.next_week.next_week_table`) computes them from what was logged. Both
call :func:`review_week`, so a decision means the same thing in both places.

An athlete **steps back** one stage when pain during or just after a session was above the
pain rule's limit, or after :attr:`SimulationConfig.missed_weeks_step_back` weeks in a row
without a session. Otherwise they **progress** only when every gate of :data:`GATES` holds, and
**hold** when any does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["GATES", "ReviewInputs", "review_week"]

#: The gates of earned progression, in the order reasons are given, with what each checks.
GATES: dict[str, str] = {
    "pain_settled": "pain had settled by the next morning",
    "pain_not_rising": "the week's highest pain was not above the week before's",
    "sessions_in_week": "enough sessions this week",
    "sessions_at_stage": "enough sessions done at this stage",
    "weeks_at_stage": "the stage's minimum weeks served",
    "effort_ok": "the stage felt manageable (session RPE)",
    "strength_ok": "the weaker side is strong enough for the next stage",
}


@dataclass(frozen=True)
class ReviewInputs:
    """What the review needs to know about each athlete's week (arrays of one length).

    Attributes
    ----------
    trained : numpy.ndarray of bool
        At least one session this week.
    pain_red : numpy.ndarray of bool
        Pain during or just after a session above the pain rule's limit.
    lapsed : numpy.ndarray of bool
        The missed-weeks limit was reached this week.
    gates : dict of str to numpy.ndarray of bool
        One array per gate of :data:`GATES`.
    """

    trained: np.ndarray
    pain_red: np.ndarray
    lapsed: np.ndarray
    gates: dict[str, np.ndarray]


def review_week(inputs: ReviewInputs) -> tuple[np.ndarray, np.ndarray]:
    """Step back (-1), hold (0) or progress (+1), and whether every gate held.

    Parameters
    ----------
    inputs : ReviewInputs
        The week's pain, lapse and gates per athlete.

    Returns
    -------
    decision : numpy.ndarray of int
        -1, 0 or +1 per athlete (before clipping to the ladder's ends).
    ready : numpy.ndarray of bool
        Every gate held and nothing stepped the athlete back.

    Examples
    --------
    >>> yes, no = np.array([True, True]), np.array([False, False])
    >>> gates = {name: np.array([True, False]) for name in GATES}
    >>> review_week(ReviewInputs(trained=yes, pain_red=no, lapsed=no, gates=gates))[0].tolist()
    [1, 0]
    """
    missing = set(GATES) - set(inputs.gates)
    if missing:
        raise ValueError(f"review inputs lack the gates {sorted(missing)}")
    back = (inputs.trained & inputs.pain_red) | inputs.lapsed
    ready = ~back
    for name in GATES:
        ready = ready & inputs.gates[name]
    return ready.astype(np.int64) - back.astype(np.int64), ready
