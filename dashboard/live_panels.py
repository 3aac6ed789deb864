"""The app's view of live sources: how fresh each one is (warning when overdue), the live
layers' snapshot times for the map credits, and the review queue of events proposed from
feeds (accept, correct, reject; newest first). Every text from a feed is escaped."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import streamlit as st

from dashboard.auth.gate import current_writer
from dashboard.environment import sources_file
from dashboard.safe import md
from geo.errors import FrontlineError
from geo.fetch.config import load_config
from geo.fetch.deepstate import stored_snapshots
from geo.fetch.schedule import Freshness, freshness
from geo.fetch.state import RUN_OK, StoreLedger
from geo.ingest.deepstate import LAYER as DEEPSTATE_LAYER
from geo.models import ClaimStatus, EventKind, LayerInfo
from geo.store import Store
from geo.store.schema import Proposal

log = logging.getLogger(__name__)

QUEUE_SHOWN = 20


def _age(delta: timedelta | None) -> str:
    if delta is None:
        return "never"
    hours = delta.total_seconds() / 3600
    return f"{hours * 60:.0f} min" if hours < 1 else f"{hours:.1f} h" if hours < 48 \
        else f"{hours / 24:.1f} days"


def freshness_rows(store: Store) -> list[Freshness]:
    """Per configured source (``sources.toml``), else per source with recorded runs (no
    cadence known: never overdue)."""
    ledger = StoreLedger(store)
    path = sources_file()
    if path is not None:
        try:
            return freshness(load_config(path), ledger)
        except FrontlineError as exc:
            st.warning(f"Live sources file not read: {md(exc)}")
    now = datetime.now(UTC)
    rows = []
    seen: list[str] = []
    for run in ledger.runs(limit=200):
        if run.source not in seen:
            seen.append(run.source)
    for name in seen:
        runs = ledger.runs(name, limit=200)
        ok = next((r for r in runs if r.result == RUN_OK and r.finished), None)
        failed = next((r for r in runs if r.error), None)
        rows.append(Freshness(
            name=name, type="", every=timedelta(0), now=now,
            last_success=_time(ok.finished) if ok else None,
            last_attempt=_time(runs[0].started), last_result=runs[0].result,
            last_error=failed.error if failed else ""))
    return rows


def _time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def source_freshness(store: Store) -> None:
    """One caption line for every live source; a warning for each overdue one."""
    rows = freshness_rows(store)
    notes = []
    for row in rows:
        known = row.every > timedelta(0)
        success = f"{row.last_success:%Y-%m-%d %H:%M} UTC" if row.last_success else "never"
        notes.append(f"{row.name}: last fetched {success}"
                     + (f" ({_age(row.age)} ago)" if row.age is not None else "")
                     + (f", every {_age(row.every)}" if known else ""))
        if known and row.overdue:
            st.warning(f"Live source {md(row.name)} is overdue: last success {md(success)}"
                       f" ({md(_age(row.age))} ago), expected every {md(_age(row.every))}"
                       + (f". Last error: {md(row.last_error[:200])}" if row.last_error
                          else "."))
    if notes:
        st.caption("Live sources: " + " · ".join(md(n) for n in notes))


def live_credit(store: Store, layer: LayerInfo) -> str:
    """The map-corner credit of a layer; a live DeepState layer says its snapshot time."""
    credit = f"{layer.source} ({layer.licence})"
    if layer.layer == DEEPSTATE_LAYER.layer:
        ids = stored_snapshots(store)
        if ids:
            latest = max(ids)
            moment = datetime.fromtimestamp(latest / 1000 if latest > 1e11 else latest, UTC)
            credit += f", snapshot {moment:%Y-%m-%d %H:%M} UTC"
    return credit


def _label(proposal: Proposal) -> str:
    event = proposal.event
    return (f"{event.day.isoformat()} · {event.kind.value} · {event.place.name} "
            f"({event.place.lat:.4f}, {event.place.lon:.4f}) · {event.claim_status.value}"
            + (f" by {event.claimed_by}" if event.claimed_by else "")
            + f" · confidence {event.confidence:.2f} · {proposal.source}")


def review_queue(store: Store) -> None:
    """Events proposed from live feeds, newest first, each with accept/correct/reject."""
    ledger = StoreLedger(store)
    pending = ledger.queue(limit=500)
    if not pending:
        return
    with st.expander(f"Proposed from live feeds: {len(pending)} waiting for review",
                     expanded=True):
        for proposal in pending[:QUEUE_SHOWN]:
            _proposal_row(ledger, proposal)
        if len(pending) > QUEUE_SHOWN:
            st.caption(f"... and {len(pending) - QUEUE_SHOWN} more (newest shown first)")


def _proposal_row(ledger: StoreLedger, proposal: Proposal) -> None:
    event = proposal.event
    key = event.id[:16]
    st.markdown(md(_label(proposal)))
    if event.quote:
        st.caption(md(event.quote[:400]))
    accept, correct, reject = st.columns(3)
    if accept.button("Accept", key=f"queue_accept_{key}"):
        ledger.accept(proposal, decided_by=current_writer("accept a proposed event"))
        st.rerun()
    if reject.button("Reject", key=f"queue_reject_{key}"):
        ledger.reject(proposal, decided_by=current_writer("reject a proposed event"))
        st.rerun()
    with correct.popover("Correct"):
        with st.form(f"queue_form_{key}"):
            day = st.date_input("Day", value=event.day, key=f"queue_day_{key}")
            kinds = [k.value for k in EventKind]
            kind = st.selectbox("Kind", kinds, index=kinds.index(event.kind.value),
                                key=f"queue_kind_{key}")
            claims = [c.value for c in ClaimStatus]
            claim = st.selectbox("Claim", claims, index=claims.index(event.claim_status.value),
                                 key=f"queue_claim_{key}")
            summary = st.text_input("Summary", value=event.summary, key=f"queue_sum_{key}")
            if st.form_submit_button("Save the corrected event"):
                corrected = replace(event, day=day, kind=EventKind(kind),
                                    claim_status=ClaimStatus(claim), summary=summary.strip()
                                    or event.summary, id="")
                ledger.accept(proposal, event=corrected,
                              decided_by=current_writer("correct a proposed event"))
                st.rerun()
