"""Chart first: at 80x24 the chart of any metric is on screen as soon as it is selected.

The card folds its fields to two lines (``i`` shows them all) and ``f`` shows it
full screen. Driven with Textual's pilot on ``samples/all_types`` (one metric of
every type), at the smallest terminal we support.
"""

from __future__ import annotations

import pytest
from textual.widget import Widget

from tests.conftest import ROOT
from tui.app.viewer import ResimApp
from tui.app.widgets.chart_view import ChartArea
from tui.app.widgets.image_view import ImageView
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.value_views import ScalarView, SummaryView, TextView
from tui.model import Metric

ALL_TYPES = ROOT / "samples" / "all_types" / "metrics.binproto"
BODIES = (ChartArea, ScalarView, SummaryView, TextView, ImageView)

pytestmark = pytest.mark.slow  # a pilot session walking sixteen metrics


async def _ready(app: ResimApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _body(card: MetricCard) -> Widget:
    found = [w for w in card.query("*") if isinstance(w, BODIES)]
    assert found, f"{card.item.name}: no chart or value on the card"  # type: ignore[union-attr]
    return found[0]


async def test_every_type_shows_its_chart_first_at_80x24() -> None:
    app = ResimApp(ALL_TYPES)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        seen: set[str] = set()
        types: set[str] = set()
        for _ in range(len(app.document.display_order) + 3):
            card = app.query_one(MetricCard)
            if isinstance(card.item, Metric) and card.item.name not in seen:
                seen.add(card.item.name)
                types.add(card.item.type.name)
                body = _body(card)
                visible = card.region
                assert visible.height > 0
                # Its first row is inside the card's visible region, with the card
                # scrolled to the top (as selecting leaves it).
                assert card.scroll_y == 0
                assert visible.y <= body.region.y < visible.bottom, card.item.name
                if isinstance(body, ChartArea):  # and a chart's whole first screenful
                    assert body.region.bottom <= visible.bottom, card.item.name
            await pilot.press("down")
            await _ready(app, pilot)
        assert {m.name for m in app.document.display_order} <= seen
        assert len(types) >= 11  # every metric type of the sample


async def test_details_and_full_screen_are_one_key_away() -> None:
    app = ResimApp(ALL_TYPES)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        card = app.query_one(MetricCard)
        metric = card.item
        assert isinstance(metric, Metric)
        text = lambda: "\n".join(str(w.render()) for w in card.query("Static"))  # noqa: E731
        assert metric.id.raw not in text()  # folded: no id line
        await pilot.press("i")
        await _ready(app, pilot)
        assert metric.id.raw in text()
        await pilot.press("i")
        await _ready(app, pilot)
        assert metric.id.raw not in text()
        width = card.region.width
        await pilot.press("f")
        await _ready(app, pilot)
        assert not app.query_one("#left").display
        assert card.region.width > width
        await pilot.press("f")
        await _ready(app, pilot)
        assert app.query_one("#left").display
