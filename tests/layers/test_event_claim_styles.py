"""Every claim status is drawn and told apart: planned hollow and dashed, disputed with
who denies it (issue 15)."""

from __future__ import annotations

from datetime import date

import pytest

from geo.models import ClaimStatus, Event, EventKind, Place
from layers.events import event_feature
from layers.legend import legend_html
from layers.style import event_style


def _event(status: ClaimStatus, by: str = "", denied: str = "") -> Event:
    return Event(day=date(2023, 9, 19), place=Place("Marinka", 47.94, 37.5, "UA"),
                 kind=EventKind.CAPTURE_CLAIM, summary="s", source="wire",
                 claim_status=status, claimed_by=by, denied_by=denied)


@pytest.mark.parametrize("status", list(ClaimStatus))
def test_every_status_has_a_style_a_popup_text_and_a_legend_row(status):
    style = event_style(EventKind.CAPTURE_CLAIM, status, 0, 7)
    assert style["radius"] > 0
    assert event_feature(_event(status, "Kremlin"), 0)["properties"]["cl"]
    assert f"fl-ring-{status.value}" in legend_html()


def test_planned_is_hollow_and_dashed_apart_from_what_happened():
    planned = event_style(EventKind.DIPLOMATIC, ClaimStatus.PLANNED, 0, 7)
    confirmed = event_style(EventKind.DIPLOMATIC, ClaimStatus.CONFIRMED, 0, 7)
    claimed = event_style(EventKind.DIPLOMATIC, ClaimStatus.CLAIMED, 0, 7)
    assert planned["fill"] is False and planned["fillOpacity"] == 0
    assert planned["dashArray"] and planned["dashArray"] != claimed["dashArray"]
    assert "fl-event-planned" in planned["className"]
    assert confirmed["fill"] is True and "dashArray" not in confirmed
    disputed = event_style(EventKind.CAPTURE_CLAIM, ClaimStatus.DISPUTED, 0, 7)
    assert disputed["dashArray"] not in (claimed["dashArray"], planned["dashArray"])


def test_disputed_popup_names_claimant_and_denier_escaped():
    props = event_feature(_event(ClaimStatus.DISPUTED, "Russian MoD", "<b>Kyiv</b>"), 0)[
        "properties"]
    assert "Claimed by Russian MoD" in props["cl"] and "denied by" in props["cl"]
    assert "<b>" not in props["cl"] and "&lt;b&gt;Kyiv" in props["cl"]
    planned = event_feature(_event(ClaimStatus.PLANNED, "Kremlin"), 0)["properties"]
    assert planned["cl"] == "Planned (announced by Kremlin)"
