"""The one path expander (geo.paths): folders, suffixes, symlinks kept inside the folder,
non-files skipped; the importers and ``frontline ingest`` share it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.cli import main
from geo.errors import InputError
from geo.ingest import read_events
from geo.paths import expand_paths

ACLED = Path(__file__).parents[1] / "data" / "events" / "acled_sample.csv"


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for name in ("b.csv", "a.CSV", "notes.txt", ".hidden.csv", "sub/c.csv"):
        (root / name).write_text("x", encoding="utf-8")
    return root


def names(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_folder_gives_its_matching_files_in_order(folder):
    assert names(expand_paths([folder], (".csv",)), folder) == ["a.CSV", "b.csv"]
    assert names(expand_paths([folder], (".csv",), recursive=True), folder) == [
        "a.CSV", "b.csv", "sub/c.csv"]
    # a file named on its own is taken whatever its suffix; duplicates listed once
    assert names(expand_paths([folder / "notes.txt", folder, folder / "b.csv"], (".csv",)),
                 folder) == ["notes.txt", "a.CSV", "b.csv"]


def test_folder_without_matching_files_is_named(folder):
    with pytest.raises(InputError, match="folder holds no .geojson/.json files") as info:
        expand_paths([folder], (".geojson", ".json"))
    assert info.value.source == str(folder)
    with pytest.raises(InputError, match="no such file or folder"):
        expand_paths([folder / "absent"], (".csv",))
    with pytest.raises(InputError, match="no input files"):
        expand_paths([], (".csv",))


def test_symlink_out_of_the_folder_is_refused(folder, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("private", encoding="utf-8")
    os.symlink(secret, folder / "z.csv")
    with pytest.raises(InputError, match="outside the folder") as info:
        expand_paths([folder], (".csv",))
    assert info.value.source == str(folder / "z.csv") and str(secret) in str(info.value)
    # named on its own, the same file is the user's explicit choice
    assert expand_paths([folder / "z.csv"], (".csv",)) == [folder / "z.csv"]


def test_symlinked_folder_out_of_the_folder_is_refused_when_recursing(folder, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "d.csv").write_text("x", encoding="utf-8")
    os.symlink(elsewhere, folder / "linked")
    assert names(expand_paths([folder], (".csv",)), folder) == ["a.CSV", "b.csv"]
    with pytest.raises(InputError, match="outside the folder"):
        expand_paths([folder], (".csv",), recursive=True)


def test_symlink_inside_the_folder_is_followed(folder):
    os.symlink(folder / "sub" / "c.csv", folder / "c-link.csv")
    os.symlink(folder / "sub", folder / "sub-link")  # a loop-free alias: files listed once
    assert names(expand_paths([folder], (".csv",)), folder) == ["a.CSV", "b.csv",
                                                                 "c-link.csv"]
    deep = names(expand_paths([folder], (".csv",), recursive=True), folder)
    assert deep == ["a.CSV", "b.csv", "c-link.csv"]  # sub/c.csv is c-link.csv's target


def test_non_files_are_skipped_or_refused(folder):
    os.mkfifo(folder / "pipe.csv")
    os.symlink(folder / "gone.csv", folder / "dangling.csv")
    (folder / "dir.csv").mkdir()
    assert names(expand_paths([folder], (".csv",)), folder) == ["a.CSV", "b.csv"]
    with pytest.raises(InputError, match="not a regular file"):
        expand_paths([folder / "pipe.csv"], (".csv",))


def test_importers_and_ingest_use_it(tmp_path, capsys):
    events = tmp_path / "events"
    events.mkdir()
    outside = tmp_path / "outside.csv"
    outside.write_bytes(ACLED.read_bytes())
    os.symlink(outside, events / "acled.csv")
    with pytest.raises(InputError, match="outside the folder"):
        read_events([events])
    articles = tmp_path / "articles"
    (articles / "deep").mkdir(parents=True)
    (articles / "deep" / "a.txt").write_text("Shelling hit Kherson.", encoding="utf-8")
    leak = tmp_path / "leak.txt"
    leak.write_text("Shelling hit Odesa.", encoding="utf-8")
    os.symlink(leak, articles / "leak.txt")
    argv = ["--store", str(tmp_path / "s.gpkg"), "ingest", str(articles), "--date",
            "2023-03-13", "--dry-run"]
    assert main(argv) == 1
    assert "leak.txt" in capsys.readouterr().err
    os.remove(articles / "leak.txt")
    assert main(argv) == 0
    assert "deep/a.txt" in capsys.readouterr().out
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--store", str(tmp_path / "s.gpkg"), "ingest", str(empty), "--dry-run"]) == 1
    assert "empty" in capsys.readouterr().err
