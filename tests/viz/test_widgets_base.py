"""What every explorer shares: the throttle that lets sliders redraw while dragged."""

from __future__ import annotations

import asyncio
import time

import ipywidgets as w

from psoaskit.viz.widgets.base import Throttle, live_sliders


def test_a_drag_redraws_a_few_times_and_always_for_the_last_value():
    slider = w.FloatSlider(min=0, max=100)
    drawn: list[float] = []

    def update() -> None:
        time.sleep(0.05)  # a redraw that takes a while
        drawn.append(slider.value)

    async def drag() -> None:
        live_sliders([slider], update, interval_s=0.2)
        for value in range(1, 41):  # 40 values over about 0.4 s, faster than redraws
            slider.value = value
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.5)  # the trailing redraw

    asyncio.run(drag())
    assert slider.continuous_update
    assert drawn[-1] == 40  # the last value is always drawn
    assert 2 <= len(drawn) <= 6, drawn  # not one redraw per value: 40 would queue up


def test_without_an_event_loop_every_change_redraws_at_once():
    calls = []
    throttle = Throttle(lambda: calls.append(1), interval_s=10)
    for _ in range(3):
        throttle({"new": 0})
    assert len(calls) == 3
