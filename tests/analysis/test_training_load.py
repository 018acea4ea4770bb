"""Training-load formulas: hand-computed values and a plain loop implementation to compare."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from psoaskit.analysis.training_load import (
    ACWR_VARIANTS,
    acwr,
    daily_load,
    day_number,
    ewma,
    monotony,
    rolling_mean,
    session_rpe_load,
    spike_threshold,
    week_number,
    week_start_day,
    weekly_acwr,
    weekly_monotony_strain,
    with_acwr,
)

# --- an independent, deliberately plain implementation (one athlete at a time, loops) ---------


def plain_ewma(loads: list[float], n: int) -> list[float]:
    lam = 2 / (n + 1)
    out = []
    for i, x in enumerate(loads):
        if i < n - 1:
            out.append(math.nan)
        elif i == n - 1:
            out.append(sum(loads[:n]) / n)  # started at the mean of the first n days
        else:
            out.append(lam * x + (1 - lam) * out[-1])
    return out


def plain_acwr(loads: list[float], variant: str, acute: int = 7, chronic: int = 28) -> list[float]:
    out = []
    ew_a, ew_c = plain_ewma(loads, acute), plain_ewma(loads, chronic)
    for t in range(len(loads)):
        if t < chronic - 1:
            out.append(math.nan)
            continue
        if variant == "ewma":
            a, c = ew_a[t], ew_c[t]
        else:
            a = sum(loads[t - acute + 1 : t + 1]) / acute
            if variant == "rolling_coupled":
                c = sum(loads[t - chronic + 1 : t + 1]) / chronic
            else:
                c = sum(loads[t - chronic + 1 : t - acute + 1]) / (chronic - acute)
        out.append(a / c if c != 0 else math.nan)
    return out


# --- hand-computed values ------------------------------------------------------------------------


def test_session_rpe_load_is_rpe_times_minutes():
    # Foster's example: RPE 7 for 60 min = 420 AU
    assert session_rpe_load([7.0, np.nan], [60.0, 30.0]).tolist()[0] == 420.0
    assert np.isnan(session_rpe_load([7.0, np.nan], [60.0, 30.0])[1])


def test_acwr_rolling_on_a_known_series():
    # 28 days at 10 AU then 7 days at 20 AU, on day 35:
    # coupled   = 20 / ((21 x 10 + 7 x 20) / 28) = 20 / 12.5 = 1.6
    # uncoupled = 20 / (21 x 10 / 21)             = 2.0
    load = np.r_[np.full(28, 10.0), np.full(7, 20.0)]
    groups = np.zeros(35, dtype=int)
    assert acwr(load, groups, "rolling_coupled")[-1] == pytest.approx(1.6)
    assert acwr(load, groups, "rolling_uncoupled")[-1] == pytest.approx(2.0)
    # on day 28 (index 27) the windows are just full: constant load gives 1
    assert acwr(load, groups, "rolling_coupled")[27] == pytest.approx(1.0)
    assert np.isnan(acwr(load, groups, "rolling_coupled")[26])


def test_ewma_on_a_known_series():
    # span 3, lambda = 0.5, started on day 3 at the mean of days 1-3 (120 / 3 = 40): 40, 20, 10
    got = ewma(np.array([100.0, 20, 0, 0, 0]), np.zeros(5, int), 3)
    assert np.isnan(got[:2]).all()
    assert got[2:].tolist() == [40.0, 20.0, 10.0]


def test_ewma_starts_again_for_each_athlete():
    got = ewma(np.array([4.0, 2, 6, 10, 20]), np.array([0, 0, 0, 1, 1]), 2)
    np.testing.assert_allclose(got, [np.nan, 3.0, 5.0, np.nan, 15.0])


def test_acwr_ewma_on_a_known_series():
    # 28 days at 10 AU keep both averages at 10; then one day of 50 AU:
    # acute   = 0.25 x 50 + 0.75 x 10           = 20
    # chronic = (2/29) x 50 + (27/29) x 10      = 370 / 29
    # ratio   = 20 x 29 / 370                   = 1.5676
    load = np.r_[np.full(28, 10.0), [50.0]]
    ratio = acwr(load, np.zeros(29, dtype=int), "ewma")
    assert ratio[27] == pytest.approx(1.0)
    assert ratio[-1] == pytest.approx(20 * 29 / 370)


def test_monotony_of_a_known_week():
    # four sessions of 100 AU: mean 400/7, population SD 100 x sqrt(4/7 x 3/7),
    # so monotony = sqrt(4/3) = 1.1547 and strain = 400 x 1.1547 = 461.9
    week = [100, 0, 100, 0, 100, 0, 100]
    assert monotony(week) == pytest.approx(math.sqrt(4 / 3))
    assert monotony([50] * 7) == 10.0  # SD 0 with load: the cap
    assert math.isnan(monotony([0] * 7))  # no load: undefined
    with pytest.raises(ValueError, match="7 daily loads"):
        monotony([1, 2, 3])


def test_weekly_monotony_and_strain_count_missing_days_as_rest():
    # athlete starts on a Wednesday: Mon and Tue are not in the daily table but are rest days
    daily = daily_load(["a"] * 3, pd.to_datetime(["2024-01-03", "2024-01-05", "2024-01-07"]),
                       [100.0, 100.0, 100.0])
    week = weekly_monotony_strain(daily).iloc[0]
    p = 3 / 7
    assert week["week_start"] == pd.Timestamp("2024-01-01")
    assert week["load"] == 300.0
    assert week["monotony"] == pytest.approx(math.sqrt(p / (1 - p)))
    assert week["strain"] == pytest.approx(300 * math.sqrt(p / (1 - p)))


def test_daily_load_fills_rest_days_sums_days_and_stops_at_until():
    d = daily_load(
        ["a", "a", "a", "b"],
        pd.to_datetime(
            ["2024-01-01 08:00", "2024-01-01 18:00", "2024-01-04 08:00", "2024-01-02 08:00"]
        ),
        [5.0, 1.0, np.nan, 3.0],
    )
    assert d[d.athlete_id == "a"]["load"].tolist() == [6.0, 0.0, 0.0, 0.0]  # NaN counts as 0
    assert d[d.athlete_id == "b"]["date"].tolist() == [pd.Timestamp("2024-01-02")]
    until = daily_load(["a", "a"], pd.to_datetime(["2024-01-01", "2024-01-09"]), [1.0, 1.0],
                       until="2024-01-03")
    assert until["load"].tolist() == [1.0, 0.0, 0.0]


def test_weeks_start_on_monday():
    days = day_number(np.array(["2024-01-07", "2024-01-08", "2024-01-14"], dtype="datetime64[D]"))
    weeks = week_number(days)
    assert weeks[0] + 1 == weeks[1] == weeks[2]
    monday = week_start_day(weeks[1:2]).astype("datetime64[D]")[0]
    assert str(monday) == "2024-01-08"


def test_with_acwr_labels_every_variant():
    d = with_acwr(daily_load(["a"] * 30, pd.date_range("2024-01-01", periods=30), [1.0] * 30))
    assert [f"acwr_{v}" for v in ACWR_VARIANTS] == [c for c in d.columns if c.startswith("acwr")]
    assert d.attrs["acwr_windows_days"] == (7, 28)


def test_bad_variant_and_windows_are_errors():
    with pytest.raises(ValueError, match="unknown ACWR variant"):
        acwr(np.ones(30), np.zeros(30, int), "rolling")
    with pytest.raises(ValueError, match="acute_days < chronic_days"):
        acwr(np.ones(30), np.zeros(30, int), "ewma", 28, 7)


# --- vectorised across athletes == plain loop per athlete -----------------------------------------


def test_vectorised_rolling_and_ewma_match_the_plain_loop_for_a_squad():
    rng = np.random.default_rng(7)
    lengths = [3, 27, 28, 29, 60, 200]  # around the warm-up edge, and longer
    loads = [list(rng.gamma(1.0, 100.0, n) * (rng.random(n) < 0.5)) for n in lengths]
    values = np.concatenate(loads)
    groups = np.repeat(np.arange(len(lengths)), lengths)
    for variant in ACWR_VARIANTS:
        got = acwr(values, groups, variant)
        want = np.concatenate([plain_acwr(x, variant) for x in loads])
        np.testing.assert_allclose(got, want, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(
        ewma(values, groups, 28), np.concatenate([plain_ewma(x, 28) for x in loads]), rtol=1e-12,
        equal_nan=True,
    )
    means = rolling_mean(values, groups, 7)
    for start, x in zip(np.r_[0, np.cumsum(lengths)[:-1]], loads, strict=True):
        for t in range(len(x)):
            want = sum(x[t - 6 : t + 1]) / 7 if t >= 6 else math.nan
            got = means[start + t]
            assert (math.isnan(want) and math.isnan(got)) or got == pytest.approx(want)


@given(
    st.lists(
        st.lists(st.floats(0, 1000, allow_nan=False), min_size=1, max_size=45),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(ACWR_VARIANTS),
)
def test_acwr_matches_the_plain_loop_on_any_series(series, variant):
    values = np.concatenate([np.asarray(s, dtype=float) for s in series])
    groups = np.repeat(np.arange(len(series)), [len(s) for s in series])
    want = np.concatenate([plain_acwr(s, variant) for s in series])
    got = acwr(values, groups, variant)
    # the plain loop divides by an exact 0; psoaskit also treats a chronic load of 0 as missing
    tiny = ~np.isnan(want) & ~np.isfinite(want)
    want[tiny] = np.nan
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, equal_nan=True)


# --- the weekly ratio behind flags and tables ----------------------------------------------------


def plain_weekly_acwr(loads: list[float], variant: str, w: int = 4) -> list[float]:
    out, chronic = [], math.nan
    for t in range(len(loads)):
        window = loads[max(0, t - w + 1) : t + 1]
        if t < w - 1 or any(math.isnan(x) for x in window):
            out.append(math.nan)
            chronic = math.nan
            continue
        if variant == "rolling_coupled":
            chronic = sum(window) / w
        elif variant == "rolling_uncoupled":
            chronic = sum(window[:-1]) / (w - 1)
        elif math.isnan(chronic):
            chronic = sum(window) / w
        else:
            chronic = 2 / (w + 1) * loads[t] + (1 - 2 / (w + 1)) * chronic
        out.append(loads[t] / chronic if chronic != 0 else math.nan)
    return out


@given(
    st.lists(
        st.lists(
            st.one_of(st.floats(0, 1000, allow_nan=False), st.just(math.nan)),
            min_size=1,
            max_size=20,
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(ACWR_VARIANTS),
)
def test_weekly_acwr_matches_the_plain_loop(series, variant):
    values = np.concatenate([np.asarray(s, dtype=float) for s in series])
    groups = np.repeat(np.arange(len(series)), [len(s) for s in series])
    want = np.concatenate([plain_weekly_acwr(s, variant) for s in series])
    np.testing.assert_allclose(weekly_acwr(values, groups, variant), want, rtol=1e-9,
                               equal_nan=True)


@pytest.mark.parametrize("variant", ACWR_VARIANTS)
def test_weekly_acwr_reads_a_step_at_its_spike_threshold(variant):
    load = np.r_[np.full(6, 250.0), 250.0 * 1.8]
    ratio = weekly_acwr(load, np.zeros(7, int), variant)
    np.testing.assert_allclose(ratio[3:6], 1.0)
    assert ratio[-1] == pytest.approx(spike_threshold(variant, 1.8))


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 6])
def test_monotony_of_k_equal_sessions_is_at_its_bound(k):
    week = [100.0] * k + [0.0] * (7 - k)
    assert monotony(week) == pytest.approx(math.sqrt(k / (7 - k)))


def test_weekly_monotony_before_1970_equals_the_same_weeks_a_century_later():
    from psoaskit.analysis.training_load import daily_load, weekly_monotony_strain

    shift = pd.Timedelta(days=7 * 5218)  # whole weeks, about a century
    days = pd.date_range("1925-03-02", periods=21)
    loads = [100, 0, 50, 0, 100, 0, 0] * 3
    old = weekly_monotony_strain(daily_load(["a"] * 21, days, loads))
    new = weekly_monotony_strain(daily_load(["a"] * 21, days + shift, loads))
    pd.testing.assert_frame_equal(old.drop(columns="week_start"), new.drop(columns="week_start"))
    assert (old["week_start"] + shift == new["week_start"]).all()


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 80), st.floats(0, 500)),
                min_size=1, max_size=40))
def test_with_acwr_columns_are_the_standalone_functions(rows):
    athletes, days, loads = zip(*rows, strict=True)
    daily = daily_load([f"a{a}" for a in athletes],
                       pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"), loads)
    out = with_acwr(daily, 7, 28)
    load, groups = daily["load"].to_numpy(), daily["athlete_id"].cat.codes.to_numpy()
    np.testing.assert_allclose(out["acute_mean"], rolling_mean(load, groups, 7), equal_nan=True)
    np.testing.assert_allclose(out["chronic_mean"], rolling_mean(load, groups, 28),
                               equal_nan=True)
    np.testing.assert_allclose(out["chronic_ewma"], ewma(load, groups, 28), equal_nan=True)
    for variant in ACWR_VARIANTS:
        np.testing.assert_allclose(out[f"acwr_{variant}"], acwr(load, groups, variant, 7, 28),
                                   equal_nan=True)
