#!/usr/bin/env python3
"""Regenerate tests/fixtures/codici_fiscali.tsv, the cross-check of the Rust
codice fiscale module against python-codicefiscale.

Usage (from the repository root, after build.py; same venv):

    /tmp/cfvenv/bin/python assets/belfiore/make_fixture.py

Deterministic (fixed seed, fixed reference date). Rows:

- encode: the CF python-codicefiscale's `encode` gives for surname, name, sex,
  birth date, Belfiore code; the Rust `CodiceFiscale::compute` must agree.
- decode: an input as typed (omocodes, spaces, hyphens, dots, lowercase,
  corrupted codes) and what python-codicefiscale's `decode` says about it;
  the Rust `check` must agree.

python-codicefiscale resolves some things differently from domain.md, which wins.
Those rows keep the domain.md answer and say so in the `note` column:

- century: python takes the current century unless the year is after the
  current *year*; domain.md takes the most recent century that does not put the
  birth *date* after the reference date. Python is run with "now" frozen to the
  domain century's year, so it resolves the same century; the note records when
  python's own rule (now = REFERENCE) would differ.
- century retry: when the birthplace does not resolve, python tries again 100
  years earlier; domain.md has one century only, so such rows expect an error.
- ceased codes: python's gap fallback accepts a code whose last period ended
  before the birth date; the Rust resolver (domain.md: resolve with validity
  dates) rejects it.
"""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import codicefiscale.codicefiscale as cfmod
from codicefiscale.metadata import __version__

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "assets/belfiore/belfiore.tsv"
OUT = ROOT / "tests/fixtures/codici_fiscali.tsv"
REFERENCE = date(2026, 11, 23)
SEED = 20261123
MONTHS = "ABCDEHLMPRST"
OMOCODIA = "LMNPQRSTUV"
DIGIT_SLOTS = [6, 7, 9, 10, 12, 13, 14]
COLUMNS = [
    "op", "input", "valid", "birth_date", "sex", "birthplace_code",
    "birthplace_name", "province", "omocode", "error", "surname", "name", "note",
]

SURNAMES = [
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
    "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
    "Giordano", "Rizzo", "Lombardi", "Moretti", "D'Angelo", "Dell'Acqua", "Lo Russo",
    "Di Pietro", "Fo", "Re", "Pò", "O", "Iori", "Aiello", "Ea", "Mazzà", "Niccolò",
    "Müller", "Çelik", "Nguyen", "Ahmed", "Sánchez", "Øster", "Straße", "Wójcik",
    "Yilmaz", "Kowalski", "Li", "Zhou", "Dąbrowski", "Hoxha", "Popescu", "Jovanović",
    "Bellò", "Cortés", "Sant'Elia", "Dalla Chiesa", "Della Valle",
]
TRICKY_NAMES = [
    "Maria Luisa", "Anna", "Gianfranco", "Ugo", "Ida", "Eva", "Li", "Zoë", "Nicolò",
    "Jean-Pierre", "José", "Ai", "Ilaria", "Francesca", "Cristina", "Łukasz", "Ørjan",
]


class _AnyDatetime(type):
    # The module checks isinstance(x, datetime) on real datetimes too.
    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, datetime)


class FrozenDatetime(datetime, metaclass=_AnyDatetime):
    """python-codicefiscale reads datetime.now() for the century; freeze it."""

    frozen = datetime(REFERENCE.year, REFERENCE.month, REFERENCE.day)

    @classmethod
    def now(cls, tz=None):  # noqa: ARG003
        return cls.frozen


cfmod.datetime = FrozenDatetime


def py_decode(code: str, now_year: int) -> dict:
    FrozenDatetime.frozen = datetime(now_year, REFERENCE.month, REFERENCE.day)
    try:
        return cfmod.decode(code)
    finally:
        FrozenDatetime.frozen = datetime(REFERENCE.year, REFERENCE.month, REFERENCE.day)


def load_dataset() -> list[dict]:
    lines = [l for l in DATASET.read_text(encoding="utf-8").splitlines() if not l.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    for r in rows:
        r["from"] = date.fromisoformat(r["valid_from"]) if r["valid_from"] else date.min
        r["to"] = date.fromisoformat(r["valid_to"]) if r["valid_to"] else date.max
    return rows


def domain_resolve(periods: list[dict], at: date) -> dict | None:
    """The Rust rule: the period valid at the date, else the first starting after it."""
    valid = [p for p in periods if p["from"] <= at <= p["to"]]
    later = [p for p in periods if p["from"] > at]
    return (valid or later or [None])[0]


def domain_year(code: str) -> int | None:
    """Century per domain.md, from the raw CF; None if the date fields are malformed."""
    try:
        yy = int(code[6:8].translate(str.maketrans(OMOCODIA, "0123456789")))
        month = MONTHS.index(code[8]) + 1
        day = int(code[9:11].translate(str.maketrans(OMOCODIA, "0123456789"))) % 40
    except ValueError:
        return None
    year = REFERENCE.year - (REFERENCE.year - yy) % 100
    if (year, month, day) > (REFERENCE.year, REFERENCE.month, REFERENCE.day):
        year -= 100
    return year


def error_kind(message: str) -> str:
    for needle, kind in [
        ("invalid syntax", "syntax"),
        ("invalid literal for int", "syntax"),  # a non-omocodia letter in a digit slot
        ("invalid date", "date"),
        ("wrong birthplace", "birthplace"),
        ("wrong CIN", "cin"),
    ]:
        if needle in message:
            return kind
    raise RuntimeError(f"unmapped python error: {message}")


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.rows: list[dict] = []
        self.dataset = load_dataset()
        self.by_code: dict[str, list[dict]] = {}
        for r in self.dataset:
            self.by_code.setdefault(r["code"], []).append(r)
        self.names = cfmod._get_data()["names"]  # noqa: SLF001

    # ---- people -------------------------------------------------------------

    def first_name(self, sex: str) -> str:
        if self.rng.random() < 0.2:
            return self.rng.choice(TRICKY_NAMES)
        pool = sorted({n for v in self.names.values() for n in v[sex]})
        return self.rng.choice(pool)

    def random_date(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def pick_place(self, kind: str) -> tuple[date, dict]:
        """A birth date in the domain century window and a period valid then."""
        window = (date(REFERENCE.year - 99, 1, 1), REFERENCE)
        while True:
            if kind == "ceased":
                p = self.rng.choice([r for r in self.dataset if r["kind"] == "C" and r["valid_to"]])
            elif kind == "foreign":
                p = self.rng.choice([r for r in self.dataset if r["kind"] == "S"])
            elif kind == "reused":
                codes = [c for c, ps in self.by_code.items() if len({p["name"] for p in ps}) > 1]
                p = self.rng.choice(self.by_code[self.rng.choice(sorted(codes))])
            else:
                p = self.rng.choice([r for r in self.dataset if r["kind"] == "C" and not r["valid_to"]])
            start, end = max(p["from"], window[0]), min(p["to"], window[1])
            if start <= end:
                return self.random_date(start, end), p

    # ---- rows -------------------------------------------------------------

    def add_encode(self, surname: str, name: str, sex: str, born: date, code: str) -> str | None:
        try:
            cf = cfmod.encode(surname, name, sex, born.isoformat(), code)
        except ValueError as e:
            print(f"skip encode {surname} {name} {born} {code}: {e}")
            return None
        self.rows.append({
            "op": "encode", "input": cf, "valid": "1", "birth_date": born.isoformat(),
            "sex": sex, "birthplace_code": code, "surname": surname, "name": name,
        })
        return cf

    def add_decode(self, text: str, note: str = "") -> None:
        code = "".join(c for c in text if not c.isspace() and c not in "-.").upper()
        year = domain_year(code) if len(code) == 16 else None
        row = {"op": "decode", "input": text, "note": note}
        try:
            # Python resolves the same century as domain.md when "now" is that year.
            data = py_decode(text, year or REFERENCE.year)
        except ValueError as e:
            row.update(valid="0", error=error_kind(str(e)))
            self.rows.append(row)
            return
        born = data["birthdate"].date()
        place = data["birthplace"]
        notes = [note] if note else []
        if born.year != year:
            # Python's retry 100 years earlier; domain.md allows one century only.
            notes.append(f"python retries the century and decodes {born}; domain.md: error")
            row.update(valid="0", error="birthplace_ceased")
        else:
            self.check_place(row, notes, code, born, place)
        self.note_century(code, born, notes)
        row["note"] = "; ".join(notes)
        self.rows.append(row)

    def check_place(self, row: dict, notes: list[str], code: str, born: date, place: dict) -> None:
        ours = domain_resolve(self.by_code.get(place["code"], []), born)
        if ours is None:
            notes.append(f"python accepts {place['code']}, ceased before {born}; domain.md: error")
            row.update(valid="0", error="birthplace_ceased")
            return
        if (ours["name"], ours["province"]) != (place["name"], place["province"]):
            notes.append(
                f"python resolves {place['name']} ({place['province']}); "
                "the first period after the birth date wins"
            )
        omocode = any(code[i].isalpha() for i in DIGIT_SLOTS)
        row.update(
            valid="1", birth_date=born.isoformat(), sex=self_sex(code),
            birthplace_code=ours["code"], birthplace_name=ours["name"],
            province=ours["province"], omocode=str(int(omocode)),
        )

    def note_century(self, code: str, born: date, notes: list[str]) -> None:
        try:
            natural = py_decode(code, REFERENCE.year)["birthdate"].date()
        except ValueError:
            natural = None
        if natural != born and (natural is None or natural.year != born.year):
            notes.append(f"python's year-only century rule gives {natural or 'an error'}")


def self_sex(code: str) -> str:
    day = int(code[9:11].translate(str.maketrans(OMOCODIA, "0123456789")))
    return "F" if day > 40 else "M"


def with_cin(first15: str) -> str:
    return first15 + cfmod.encode_cin(first15)


def omocode(rng: random.Random, cf: str, count: int) -> str:
    chars = list(cf[:15])
    # Usually from the right, as the tax office does; sometimes anywhere.
    slots = DIGIT_SLOTS[::-1][:count] if rng.random() < 0.6 else rng.sample(DIGIT_SLOTS, count)
    for i in slots:
        chars[i] = OMOCODIA[int(chars[i])]
    return with_cin("".join(chars))


def formatted(rng: random.Random, cf: str) -> str:
    style = rng.randrange(5)
    if style == 0:
        return cf.lower()
    if style == 1:
        return f"{cf[:3]} {cf[3:6]} {cf[6:11]} {cf[11:15]} {cf[15]}"
    if style == 2:
        return f"  {cf[:6]}-{cf[6:11]}-{cf[11:]} "
    if style == 3:
        return f"{cf[:3]}.{cf[3:6]}.{cf[6:11]}.{cf[11:]}"
    return f" {cf[:8].lower()}{cf[8:]}  "


def corruptions(rng: random.Random, cf: str, by_code: dict) -> list[tuple[str, str]]:
    """(input, note) pairs that must be rejected, one kind each."""
    head = cf[:15]
    wrong_cin = rng.choice([c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c != cf[15]])
    bad_month = rng.choice("FGIJKNOQUVWXYZ")
    unknown = next(c for c in ("Z999", "Z000", "A000", "Y123", "Q999") if c not in by_code)
    day_slot = cf[9:11]
    female = int(day_slot.translate(str.maketrans(OMOCODIA, "0123456789"))) > 40
    return [
        (head + wrong_cin, "wrong check character"),
        (with_cin(head[:8] + bad_month + head[9:]), "month letter not in the table"),
        (with_cin(head[:9] + ("35" if not female else "75") + head[11:]), "day out of range"),
        (with_cin(head[:9] + "00" + head[11:]), "day 00"),
        (with_cin(head[:11] + unknown), "unknown birthplace code"),
        (cf[:15], "too short"),
        (cf + "X", "too long"),
        (with_cin("1" + head[1:]), "digit in the surname"),
        (with_cin(head[:6] + "A" + head[7:]), "non-omocodia letter in the year"),
    ]


def main() -> None:
    b = Builder()
    rng = b.rng
    kinds = ["current"] * 55 + ["ceased"] * 15 + ["foreign"] * 15 + ["reused"] * 10
    people: list[str] = []
    for kind in kinds:
        sex = rng.choice("MF")
        born, place = b.pick_place(kind)
        cf = b.add_encode(rng.choice(SURNAMES), b.first_name(sex), sex, born, place["code"])
        if cf:
            people.append(cf)
            b.add_decode(cf, f"{kind} birthplace")

    for cf in rng.sample(people, 45):
        b.add_decode(omocode(rng, cf, rng.randint(1, 7)), "omocode")
    for cf in rng.sample(people, 25):
        b.add_decode(formatted(rng, cf), "formatting")
    for cf in rng.sample(people, 8):
        for text, note in corruptions(rng, cf, b.by_code):
            b.add_decode(text, note)
    edge_cases(b)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write(
            f"# Cross-check of the Rust codice fiscale module against python-codicefiscale "
            f"{__version__}; reference date {REFERENCE.isoformat()}.\n"
            "# Generated by assets/belfiore/make_fixture.py (see its docstring); do not edit.\n"
            "# error: what python-codicefiscale objects to (syntax, date, birthplace, cin), or\n"
            "# birthplace_ceased where domain.md rejects what python accepts (see note).\n"
        )
        writer = csv.DictWriter(f, COLUMNS, delimiter="\t", lineterminator="\n",
                                quoting=csv.QUOTE_NONE, escapechar="\\", restval="")
        writer.writeheader()
        writer.writerows(b.rows)
    ops = {op: sum(r["op"] == op for r in b.rows) for op in ("encode", "decode")}
    notes = sum(bool(r.get("note")) and "python" in r["note"] for r in b.rows)
    print(f"{OUT}: {len(b.rows)} rows {ops}, {notes} with a python disagreement note")


def edge_cases(b: Builder) -> None:
    """Hand-picked: century edges, reused and ceased codes, foreign states."""
    fixed = [
        # Born 1 Dec: in 2026 that is after the reference date, so 1926.
        (("Rossi", "Mario", "M", date(1926, 12, 1), "H501"), "century edge: after the reference day"),
        (("Rossi", "Maria", "F", date(2026, 11, 23), "H501"), "century edge: born on the reference date"),
        (("Verdi", "Carla", "F", date(2000, 2, 29), "F205"), "leap day 2000"),
        (("Bianchi", "Luca", "M", date(2005, 6, 15), "L219"), "century: 2005"),
        (("Bianchi", "Luca", "M", date(1927, 6, 15), "L219"), "century: 1927"),
        (("Neri", "Anna", "F", date(1940, 3, 1), "D588"), "reused code D588: Marne then"),
        (("Neri", "Anna", "F", date(1990, 3, 1), "D588"), "reused code D588: Filago now"),
        (("Neri", "Paolo", "M", date(1930, 1, 1), "A014"), "A014: Biscari before Acate"),
        (("Neri", "Paolo", "M", date(1985, 1, 1), "Z135"), "USSR, ceased 1992"),
        (("Neri", "Paolo", "M", date(1998, 1, 1), "Z157"), "Serbia e Montenegro, before it existed"),
    ]
    for (surname, name, sex, born, code), note in fixed:
        cf = b.add_encode(surname, name, sex, born, code)
        if cf:
            b.add_decode(cf, note)
    # Codes python accepts but domain.md rejects: the place had ceased before the birth.
    b.add_decode(with_cin("RSSMRA95A01Z135"), "USSR (ceased 1992) for a birth in 1995")
    b.add_decode(with_cin("RSSMRA70A01A142"), "Albate (ceased 1943) for a birth in 1970")
    b.add_decode(with_cin("RSSMRA80A01A585"), "Bairo Torre (ceased 1955) for a birth in 1980")
    # Fallbacks both sides agree on: a gap between periods, a code assigned later.
    b.add_decode(with_cin("RSSMRA40A01A608"), "Banco: birth in the 1928-1953 gap")
    b.add_decode(with_cin("RSSMRA53R66F059"), "F059 created in 1955, birth in 1953")
    b.add_decode(with_cin("RSSMRA85D31H501"), "31 April")
    b.add_decode(with_cin("RSSMRA85B29H501"), "29 February 1985")
    b.add_decode(with_cin("RSSMRA84B69H501"), "29 February 1984, a woman")


if __name__ == "__main__":
    main()
