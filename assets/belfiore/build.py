#!/usr/bin/env python3
"""Regenerate belfiore.tsv from the data shipped by python-codicefiscale.

Usage (from the repository root):

    python3 -m venv /tmp/cfvenv
    /tmp/cfvenv/bin/pip install python-codicefiscale==0.12.1
    /tmp/cfvenv/bin/python assets/belfiore/build.py

It reads municipalities.json, countries.json and deleted-countries.json from the
installed package (ANPR data, CC BY 4.0) and writes assets/belfiore/belfiore.tsv:
one row per (code, name, province, validity range), UTF-8, tab-separated:

    code  name  province  valid_from  valid_to  kind

- dates are ISO (YYYY-MM-DD), inclusive, empty when unknown / open-ended;
- kind is C (comune) or S (foreign state, province EE);
- rows of one code are sorted by valid_from (stable: source order breaks ties,
  as python-codicefiscale picks the first matching entry in file order);
- consecutive entries that differ only by an ANPR territorial change (same code,
  name and province, next day starts the next range) are merged: lookups by date
  give the same answer with far fewer rows.

Dropped on purpose: the 28 municipality entries with code "ND" (no Belfiore
code, so they can never appear in a codice fiscale), and the 1900-01-01 start
date of foreign states, a placeholder of the package rather than a known date.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date, timedelta
from pathlib import Path

import codicefiscale
from codicefiscale.metadata import __version__

OUT = Path(__file__).resolve().parent / "belfiore.tsv"
DATA = Path(codicefiscale.__file__).resolve().parent / "data"
COUNTRY_PLACEHOLDER_START = "1900-01-01"
CODE_RE = re.compile(r"^[A-Z][0-9]{3}$")
PROVINCE_RE = re.compile(r"^[A-Z]{2}$")


def load(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def iso(value: str) -> str:
    """Source dates look like 1934-01-01T00:00:00 (one has a stray colon)."""
    if not value:
        return ""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})", value)
    if not match:
        sys.exit(f"unparsable date: {value!r}")
    date.fromisoformat(match[1])  # validate
    return match[1]


def row(entry: dict, kind: str) -> dict:
    valid_from = iso(entry["date_created"])
    if kind == "S" and valid_from == COUNTRY_PLACEHOLDER_START:
        valid_from = ""
    return {
        "code": entry["code"],
        "name": entry["name"].strip(),
        "province": entry["province"],
        "valid_from": valid_from,
        "valid_to": iso(entry["date_deleted"]),
        "kind": kind,
    }


def contiguous(prev: dict, nxt: dict) -> bool:
    same = all(prev[k] == nxt[k] for k in ("code", "name", "province", "kind"))
    if not same or not prev["valid_to"] or not nxt["valid_from"]:
        return False
    day_after = date.fromisoformat(prev["valid_to"]) + timedelta(days=1)
    return day_after.isoformat() == nxt["valid_from"]


def merge(rows: list[dict]) -> list[dict]:
    out: list[dict] = []
    for r in rows:
        if out and contiguous(out[-1], r):
            out[-1]["valid_to"] = r["valid_to"]
        else:
            out.append(dict(r))
    return out


def check(r: dict) -> None:
    ok = (
        CODE_RE.match(r["code"])
        and PROVINCE_RE.match(r["province"])
        and r["name"]
        and not any(c in r["name"] for c in "\t\r\n")
        and (r["kind"] == "S") == (r["province"] == "EE")
    )
    if not ok:
        sys.exit(f"unexpected entry: {r}")


def main() -> None:
    municipalities = [m for m in load("municipalities.json") if m["code"] != "ND"]
    countries = load("deleted-countries.json") + load("countries.json")
    rows = [row(m, "C") for m in municipalities] + [row(c, "S") for c in countries]
    for r in rows:
        check(r)
    # Stable sort: within a code, source order breaks ties between equal starts.
    rows.sort(key=lambda r: (r["code"], r["valid_from"]))
    rows = merge(rows)

    columns = ["code", "name", "province", "valid_from", "valid_to", "kind"]
    lines = [
        f"# Belfiore codes: Italian comuni (also ceased) and foreign states.",
        f"# Derived from python-codicefiscale {__version__} (MIT), data from ANPR"
        " (CC BY 4.0). Regenerate with assets/belfiore/build.py; see assets/README.md.",
        "\t".join(columns),
    ]
    lines += ["\t".join(r[c] for c in columns) for r in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")

    comuni = sum(r["kind"] == "C" for r in rows)
    print(
        f"{OUT}: {len(rows)} rows ({comuni} comuni, {len(rows) - comuni} states), "
        f"{len({r['code'] for r in rows})} codes, {OUT.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main()
