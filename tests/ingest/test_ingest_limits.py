"""``frontline ingest`` and the one text reader check sizes before reading: a 2 GB (sparse)
file is refused without being read, and files are read one at a time."""

from __future__ import annotations

import os
import subprocess
import tracemalloc
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.commands import ingest
from geo.errors import InputError
from geo.textio import read_bytes, read_text

TWO_GB = 2 * 1024**3


def _sparse(path: Path, size: int = TWO_GB) -> Path:
    subprocess.run(["truncate", "-s", str(size), str(path)], check=True)
    assert path.stat().st_blocks * 512 < 1 << 20  # sparse: nothing on disk, nothing to read
    return path


def _peak(action) -> tuple[object, int]:
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reader_refuses_a_big_file_before_reading(tmp_path):
    big = _sparse(tmp_path / "big.txt")
    for read in (lambda: read_bytes(big, max_bytes=50_000_000),
                 lambda: read_text(big, max_bytes=50_000_000)):
        def refused(read=read):
            with pytest.raises(InputError, match="limit") as info:
                read()
            return info.value
        error, peak = _peak(refused)
        assert "big.txt" in str(error) and "2,147,483,648 bytes" in str(error)
        assert peak < 1_000_000


def test_reader_reads_at_most_the_limit_of_a_growing_file(tmp_path):
    # A FIFO stands for a file that grows after its size was checked: its st_size is 0.
    fifo = tmp_path / "grows.txt"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"head -c 3000000 /dev/zero | tr '\\0' a > {fifo}"])
    try:
        with pytest.raises(InputError, match="limit"):
            read_bytes(fifo, max_bytes=1_000_000)
    finally:
        writer.kill()
        writer.wait()


def test_ingest_refuses_a_2gb_file_unread_and_goes_on(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    _sparse(folder / "a-huge.txt")
    (folder / "b.txt").write_text("Shelling hit Kherson overnight.", encoding="utf-8")
    argv = ["--store", str(tmp_path / "s.gpkg"), "ingest", str(folder), "--date",
            "2023-03-13", "--dry-run"]
    code, peak = _peak(lambda: main(argv))
    out, err = capsys.readouterr()
    assert code == 1
    assert "a-huge.txt" in err and f"{ingest.MAX_BYTES:,}-byte limit" in err
    assert "b.txt" in out  # the other file is still ingested
    assert peak < 400_000_000  # the gazetteer, not 2 GB (reading it whole: 2.1 GB)


def test_ingest_reads_one_file_at_a_time(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(6):
        # 4 MB each, mostly blank (cheap to geoparse, but 4 MB of bytes to read)
        (folder / f"{n}.txt").write_bytes(b"Shelling hit Kherson." + b" " * 4_000_000)
    argv = ["--store", str(tmp_path / "s.gpkg"), "ingest", str(folder), "--date",
            "2023-03-13", "--dry-run"]
    main(["--store", str(tmp_path / "s.gpkg"), "ingest", str(folder / "0.txt"), "--date",
          "2023-03-13", "--dry-run"])  # warm: the gazetteer is loaded and cached
    capsys.readouterr()
    one, peak_one = _peak(lambda: main(argv[:3] + [str(folder / "0.txt")] + argv[4:]))
    six, peak_six = _peak(lambda: main(argv))
    assert (one, six) == (0, 0)
    assert capsys.readouterr().out.count("(dry run)") == 7
    assert peak_six < peak_one + 8_000_000  # not six files' bytes (24 MB) held at once
