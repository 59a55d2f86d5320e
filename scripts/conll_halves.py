#!/usr/bin/env python3
"""Score `dateline ner` on two halves of the CoNLL-2003 validation split, and on the whole.

Why: rules tuned while looking at the errors of the whole validation split fit that split, and
its score stops saying how the recogniser does on news it has not seen. So study errors on one
half only ("tune": documents with an odd 1-based index after splitting at -DOCSTART-) and report
the other ("held-out": even index) next to it; a rule that generalises moves both.

The halves are written to a temporary folder (never into the project) and scored with the
evaluation kit's score_ner.py, which is run three times: tune, held-out, whole.

  python3 scripts/conll_halves.py --cmd "target/release/dateline ner" --jobs 2
  python3 scripts/conll_halves.py --cmd "..." --dump-dir /tmp/halves   # keep halves and dumps

Python 3 standard library only.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

TYPES = ["PER", "LOC", "ORG", "MISC"]


def split_docs(path):
    """The file's documents as lists of lines, each starting with its -DOCSTART- line."""
    docs, cur = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("-DOCSTART-"):
                cur = [line]
                docs.append(cur)
            elif cur is not None:
                cur.append(line)
            elif line.strip():  # text before any -DOCSTART-: a document of its own
                cur = ["-DOCSTART- -X- -X- O\n", "\n", line]
                docs.append(cur)
    return docs


def write_half(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.writelines(d)
            if d and not d[-1].endswith("\n"):
                f.write("\n")
            f.write("\n")


def score(scorer, conll, a, json_out, dump=None):
    argv = [sys.executable, scorer, "--cmd", a.cmd, "--conll", conll, "--jobs", str(a.jobs),
            "--json", json_out]
    if a.timeout:
        argv += ["--timeout", str(a.timeout)]
    if dump:
        argv += ["--dump", dump]
    p = subprocess.run(argv, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"score_ner.py failed on {conll}:\n{p.stdout}\n{p.stderr}")
    for line in p.stdout.splitlines():  # pass on the scorer's warnings
        if line.startswith(("diagnostics:", "command error:")):
            print(f"  [{os.path.basename(conll)}] {line}")
    with open(json_out) as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conll", default=os.path.join("..", "shared", "eval", "conll2003", "valid.txt"))
    ap.add_argument("--scorer", default=os.path.join("..", "shared", "eval", "score_ner.py"))
    ap.add_argument("--cmd", required=True, help="recogniser command: text on stdin, JSON Lines out")
    ap.add_argument("--jobs", "-j", type=int, default=1)
    ap.add_argument("--timeout", type=float, help="seconds per document (score_ner.py's default if unset)")
    ap.add_argument("--dump-dir", help="keep the halves, conlleval dumps and JSON scores here")
    a = ap.parse_args()

    docs = split_docs(a.conll)
    tune = [d for i, d in enumerate(docs, 1) if i % 2 == 1]
    held = [d for i, d in enumerate(docs, 1) if i % 2 == 0]
    tmp = tempfile.mkdtemp(prefix="conll_halves.")
    out = a.dump_dir or tmp
    os.makedirs(out, exist_ok=True)
    try:
        parts = [("tune", tune), ("held-out", held)]
        paths = {}
        for name, ds in parts:
            paths[name] = os.path.join(out if a.dump_dir else tmp, f"{name}.txt")
            write_half(paths[name], ds)
        paths["whole"] = os.path.abspath(a.conll)
        rows = []
        for name in ("tune", "held-out", "whole"):
            dump = os.path.join(out, f"{name}.dump.conll") if a.dump_dir else None
            s = score(a.scorer, paths[name], a, os.path.join(out, f"{name}.json"), dump)
            rows.append((name, s))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    ndocs = {"tune": len(tune), "held-out": len(held), "whole": len(docs)}
    print(f"CoNLL halves of {a.conll} ({len(docs)} docs; tune = odd, held-out = even), cmd {a.cmd!r}")
    head = f"{'split':<9} {'docs':>4} {'gold':>5} |{'overall P/R/F1':^20}|" + "".join(
        f"{t + ' P/R/F1':^20}|" for t in TYPES)
    print(head)
    print("-" * len(head))

    def cell(d):
        return f"{100 * d['precision']:5.1f} {100 * d['recall']:5.1f} {100 * d['f1']:5.1f}"

    for name, s in rows:
        line = f"{name:<9} {ndocs[name]:>4} {s['overall']['gold']:>5} | {cell(s['overall'])} |"
        for t in TYPES:
            d = s["types"].get(t)
            line += f" {cell(d)} |" if d else f" {'-':^18} |"
        print(line)
    if a.dump_dir:
        print(f"halves, dumps and JSON in {a.dump_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
