"""Every numeric option of the ``frontline`` commands is range-checked: NaN, infinities,
negative or huge values are usage errors (exit 2) naming the option, never a traceback or a
silently accepted value."""

from __future__ import annotations

import pytest

from dashboard.cli import main

CSV = "tests/data/events/acled_sample.csv"


@pytest.mark.parametrize("argv, option", [
    (["diff", "2023-01-01", "2023-03-01", "--min-km2", "nan"], "--min-km2"),
    (["diff", "2023-01-01", "2023-03-01", "--min-km2", "-1"], "--min-km2"),
    (["diff", "2023-01-01", "2023-03-01", "--limit", "-5"], "--limit"),
    (["diff", "2023-01-01", "2023-03-01", "--limit", "99999999999999999999"], "--limit"),
    (["front-line", "2023-03-01", "--tolerance", "nan"], "--tolerance"),
    (["front-line", "2023-03-01", "--tolerance", "1e308"], "--tolerance"),
    (["import", "geojson", CSV, "--max-mb", "nan"], "--max-mb"),
    (["import", "geojson", CSV, "--max-mb", "-1"], "--max-mb"),
    (["import", "deepstate", CSV, "--max-mb", "inf"], "--max-mb"),
    (["ingest", CSV, "--batch-size", "0"], "--batch-size"),
    (["ingest", CSV, "--batch-size", "1e9"], "--batch-size"),
    (["serve", "--port", "99999999"], "--port"),
    (["serve", "--port", "0"], "--port"),
])
def test_bad_numbers_are_usage_errors(tmp_path, capsys, argv, option):
    with pytest.raises(SystemExit) as info:
        main(["--store", str(tmp_path / "s.gpkg"), *argv])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}:" in err and "Traceback" not in err
    assert not (tmp_path / "s.gpkg").exists()
