"""Score event extraction on our dev set, beside a naive baseline measured in the same run.

The set (``tests/data/events_dev.jsonl``, built by ``tests/data/build_events_dev.py``) holds
short wire-style articles we wrote, with gold events. Odd ids are the **dev** half (looked
at while tuning), even ids the **held-out** half (never looked at: ``--errors`` lists dev
errors only). For each half and both together it prints:

* detection precision / recall / F1: a proposed event matches a gold event of the same
  article on the same (start) day with its place within 25 km (one-to-one, nearest first);
  also F1 when the claim status must be right too;
* among detection matches: kind accuracy, claim-status accuracy, claimant (loose: a
  content word in common) and denier accuracy;
* day exact: gold events matched on place alone (same article, within 25 km, same kind when
  one exists) whose day *and* end day are right;
* place within 25 km: gold events matched on article, kind and day whose nearest proposal
  is within 25 km;

for ours (through ``frontline extract``, in a subprocess) and the naive baseline (one event
per sentence that names a place, at its first place, on the publication day, kind from the
same rule table — the Cyrillic one on lemmas for Ukrainian and Russian — confirmed). Then
the throughput of ``frontline extract`` in articles per second, start-up excluded (the set
repeated to ``--articles`` articles, after one warm-up article).

Both sets are scored by default, the English one (``events_dev.jsonl``) and the Ukrainian
and Russian one (``events_ukru_dev.jsonl``, language detected by ``frontline extract``),
each with its throughput; ``--data`` picks one or more files.

    .venv/bin/python bench/events.py [--data tests/data/events_dev.jsonl ...] [--errors]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer import km  # noqa: E402

DATA = ROOT / "tests" / "data" / "events_dev.jsonl"
UKRU_DATA = ROOT / "tests" / "data" / "events_ukru_dev.jsonl"
"""Ukrainian and Russian articles (``tests/data/build_events_ukru_dev.py``), same layout."""
RADIUS_KM = 25.0
_GENERIC = {"ministry", "defence", "defense", "officials", "official", "forces", "military",
            "regional", "said", "says", "local", "city's", "command", "group"}
_CANON = {"russian": "russia", "ukrainian": "ukraine", "ukraine's": "ukraine",
          "russia's": "russia", "isw": "institute", "kremlin": "kremlin"}

Record = dict[str, Any]


def load(path: Path) -> list[Record]:
    """The dev set's articles."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _words(who: str) -> set[str]:
    out = set()
    for word in re.findall(r"[\w'’-]+", who.lower().replace("’", "'")):
        word = _CANON.get(word, word.removesuffix("'s"))
        if len(word) >= 4 and word not in _GENERIC:
            out.add(word)
    return out


def same_party(gold: str, got: str) -> bool:
    """Loose claimant match: a content word in common (or both empty)."""
    if not gold or not got:
        return not gold and not got
    a, b = _words(gold), _words(got)
    return bool(a & b) if a and b else gold.lower() in got.lower() or got.lower() in gold.lower()


def _dist(a: Record, b: Record) -> float:
    return km(a["place"]["lat"], a["place"]["lon"], b["place"]["lat"], b["place"]["lon"])


def match(gold: list[Record], got: list[Record],
          same: Callable[[Record, Record], bool]) -> list[tuple[Record, Record]]:
    """One-to-one pairs (gold, proposed) satisfying ``same`` within 25 km, nearest first."""
    pairs = sorted(((_dist(g, p), i, j) for i, g in enumerate(gold)
                    for j, p in enumerate(got) if same(g, p)), key=lambda t: t[0])
    used_g, used_p, out = set(), set(), []
    for d, i, j in pairs:
        if d <= RADIUS_KM and i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((gold[i], got[j]))
    return out


@dataclass
class Score:
    """Counts over a set of articles."""

    gold: int = 0
    got: int = 0
    matched: int = 0
    matched_status: int = 0
    kind: int = 0
    claimant: int = 0
    claimant_n: int = 0
    denier: int = 0
    denier_n: int = 0
    day_n: int = 0
    day_ok: int = 0
    place_n: int = 0
    place_ok: int = 0

    def add(self, gold: list[Record], got: list[Record], errors: list[str] | None) -> None:
        """Score one article's proposals against its gold events."""
        self.gold += len(gold)
        self.got += len(got)
        pairs = match(gold, got, lambda g, p: g["day"] == p["day"])
        self.matched += len(pairs)
        for g, p in pairs:
            self.kind += g["kind"] == p["kind"]
            self.matched_status += g["claim_status"] == p["claim_status"]
            if g["claimed_by"]:
                self.claimant_n += 1
                self.claimant += same_party(g["claimed_by"], p.get("claimed_by", ""))
            if g.get("denied_by"):
                self.denier_n += 1
                self.denier += same_party(g["denied_by"], p.get("denied_by", ""))
            if errors is not None and (g["kind"] != p["kind"]
                                       or g["claim_status"] != p["claim_status"]):
                errors.append(f"  wrong {g['day']} {g['place']['name']}: gold {g['kind']}/"
                              f"{g['claim_status']}({g['claimed_by']}) got {p['kind']}/"
                              f"{p['claim_status']}({p.get('claimed_by', '')})")
        if errors is not None:
            hit_g = {id(g) for g, _ in pairs}
            hit_p = {id(p) for _, p in pairs}
            errors += [f"  missed {g['day']} {g['kind']} {g['place']['name']}"
                       for g in gold if id(g) not in hit_g]
            errors += [f"  false {p['day']} {p['kind']} {p['place']['name']} "
                       f"{p['claim_status']}" for p in got if id(p) not in hit_p]
        # day exact: match on place (and kind when possible) ignoring the day
        by_place = match(gold, got, lambda g, p: g["kind"] == p["kind"])
        rest_g = [g for g in gold if all(g is not x for x, _ in by_place)]
        rest_p = [p for p in got if all(p is not y for _, y in by_place)]
        by_place += match(rest_g, rest_p, lambda g, p: True)
        if errors is not None:
            errors += [f"  day {g['place']['name']} {g['kind']}: gold {g['day']}"
                       f"..{g.get('end_day', '')} got {p['day']}..{p.get('end_day', '')}"
                       for g, p in by_place if g["day"] != p["day"]
                       or g.get("end_day") != p.get("end_day")]
        self.day_n += len(by_place)
        self.day_ok += sum(g["day"] == p["day"] and g.get("end_day") == p.get("end_day")
                           for g, p in by_place)
        # place: gold events with a proposal of the same kind and day, nearest within 25 km
        for g in gold:
            near = [_dist(g, p) for p in got if p["kind"] == g["kind"] and p["day"] == g["day"]]
            if near:
                self.place_n += 1
                self.place_ok += min(near) <= RADIUS_KM

    def lines(self, label: str) -> str:
        """A one-line summary."""
        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0
        p, r = ratio(self.matched, self.got), ratio(self.matched, self.gold)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        ps, rs = ratio(self.matched_status, self.got), ratio(self.matched_status, self.gold)
        f1s = 2 * ps * rs / (ps + rs) if ps + rs else 0.0
        return (f"{label:<22} P {p:.2f}  R {r:.2f}  F1 {f1:.2f}  (F1 +status {f1s:.2f})  "
                f"kind {ratio(self.kind, self.matched):.2f}  status "
                f"{ratio(self.matched_status, self.matched):.2f}  claimant "
                f"{ratio(self.claimant, self.claimant_n):.2f}  denier "
                f"{ratio(self.denier, self.denier_n):.2f} ({self.denier_n})  day "
                f"{ratio(self.day_ok, self.day_n):.2f}  place "
                f"{ratio(self.place_ok, self.place_n):.2f}  [{self.gold} gold, {self.got} "
                f"proposed]")


def _inputs(articles: list[Record]) -> list[str]:
    return [json.dumps({"id": a["id"], "text": a["text"], "date": a["date"],
                        "title": a["title"]}) for a in articles]


def run_ours(articles: list[Record]) -> dict[str, list[Record]]:
    """Proposals of ``frontline extract`` for every article, by id."""
    done = subprocess.run([sys.executable, "-m", "dashboard.cli", "extract"], cwd=ROOT,
                          input="\n".join(_inputs(articles)) + "\n", capture_output=True,
                          text=True, check=True)
    out = [json.loads(line) for line in done.stdout.splitlines()]
    return {r["id"]: r["events"] for r in out}


def run_baseline(articles: list[Record]) -> dict[str, list[Record]]:
    """The naive baseline: one event per sentence naming a place, on the publication day."""
    from geo.events import load_kind_rules
    from geo.events.cyrillic import CyrillicRules
    from geo.events.lemmas import LemmaView
    from geo.geoparse import Geoparser, sentence_starts
    from geo.geoparse.language import EN

    parser = Geoparser()
    rules = [r for r in load_kind_rules() if not r.pattern.startswith("@")]
    cyrillic = CyrillicRules()
    out = {}
    for a in articles:
        text = a["text"]
        language = parser.language_of(text)
        toponyms = parser.parse(text)
        starts = sentence_starts(text) + [len(text)]
        events = []
        for s, e in zip(starts, starts[1:], strict=False):
            here = [t for t in toponyms if s <= t.mention.start < e]
            if not here:
                continue
            sentence = text[s:e]
            if language == EN:
                kind = next((r.kind.value for r in rules if r.matches(sentence, set())),
                            "other")
            else:  # the same Cyrillic table, on the sentence's lemmas
                found = cyrillic.kind(LemmaView(sentence, language))
                kind = found[0].kind.value if found else "other"
            events.append({"day": a["date"], "kind": kind, "claim_status": "confirmed",
                           "claimed_by": "", "place": {"name": here[0].place.name,
                                                       "lat": here[0].place.lat,
                                                       "lon": here[0].place.lon}})
        out[a["id"]] = events
    return out


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def throughput(articles: list[Record], count: int) -> tuple[float, float, int]:
    """(articles per wall second, per CPU second of the extract process, events) through
    ``frontline extract``, start-up and a warm-up excluded. On a shared machine the wall
    rate depends on the load; the CPU rate is what one free core gives."""
    lines = _inputs(articles)
    batch = []
    for i in range(count):
        item = json.loads(lines[i % len(lines)])
        item["id"] = f"t{i}"
        batch.append(json.dumps(item))
    proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "extract"], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            bufsize=1)
    assert proc.stdin and proc.stdout
    proc.stdin.write(lines[0] + "\n")
    proc.stdin.flush()
    proc.stdout.readline()  # start-up and the first article
    start = time.perf_counter()
    cpu = _cpu_seconds(proc.pid)

    def feed() -> None:
        for line in batch:
            proc.stdin.write(line + "\n")
        proc.stdin.close()

    writer = threading.Thread(target=feed)
    writer.start()
    events = 0
    for _ in range(count):
        events += len(json.loads(proc.stdout.readline())["events"])
    elapsed = time.perf_counter() - start
    cpu = _cpu_seconds(proc.pid) - cpu
    writer.join()
    proc.wait()
    return count / elapsed, count / cpu if cpu > 0 else float("nan"), events


def score_set(path: Path, articles: list[Record], show_errors: bool) -> None:
    """Print the scores of ours and the baseline on each half of one set."""
    systems = {"ours (extract)": run_ours(articles), "naive baseline": run_baseline(articles)}
    for split in ("dev", "held", "all"):
        chosen = [a for a in articles if split == "all" or a["split"] == split]
        print(f"== {path.name} {split}: {len(chosen)} articles, "
              f"{sum(len(a['events']) for a in chosen)} gold events")
        for name, got in systems.items():
            score, errors = Score(), []
            for a in chosen:
                show = show_errors and name.startswith("ours") and a["split"] == "dev" \
                    and split == "dev"
                before = len(errors)
                score.add(a["events"], got.get(a["id"], []), errors if show else None)
                if show and len(errors) > before:
                    errors.insert(before, f"{a['id']} ({a['date']}, "
                                          f"{date.fromisoformat(a['date']):%a}): {a['title']}")
            print(score.lines(name))
            if errors:
                print("\n".join(errors))


def main(argv: list[str] | None = None) -> int:
    """Print the scores and the throughput of each set."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, action="append", default=None,
                    help="a dev set (repeatable; default: the English and the uk/ru sets)")
    ap.add_argument("--errors", action="store_true", help="list the dev half's errors")
    ap.add_argument("--articles", type=int, default=2000, help="articles for the throughput")
    args = ap.parse_args(argv)
    for path in args.data or [DATA, UKRU_DATA]:
        articles = load(path)
        score_set(path, articles, args.errors)
        rate, per_cpu, events = throughput(articles, args.articles)
        loadavg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"frontline extract ({path.name}): {rate:.0f} articles/s (wall), {per_cpu:.0f} "
              f"articles per CPU second, over {args.articles} articles ({events} events), "
              f"start-up excluded; load average {loadavg:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
