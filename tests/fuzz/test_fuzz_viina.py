"""Fuzz: VIINA event tables (CSV) through read_events and import_batch."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.settings import FUZZ_SETTINGS
from tests.fuzz.strategies import csv_table
from tests.fuzz.tables import check_table


@FUZZ_SETTINGS
@given(data=csv_table("viina_sample.csv"), table_format=st.sampled_from(["auto", "viina"]),
       policy=st.sampled_from(["raise", "fix", "skip"]))
def test_fuzz_viina(data, table_format, policy):
    check_table(data, "viina.csv", table_format, policy)
