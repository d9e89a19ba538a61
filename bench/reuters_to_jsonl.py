#!/usr/bin/python3
"""Reuters-21578 (SGML, in its .tar.xz) -> JSON Lines for the corpus benchmark.

One row per <REUTERS> document that has a <BODY>: {"id", "title", "date", "text"}, the text
unwrapped into paragraphs (see unwrap). The date
("26-FEB-1987 15:01:01.79") becomes ISO 8601; SGML entities (&lt; &amp; &#3; ...) are decoded
and control characters dropped. The files are read as Latin-1 (reut2-017.sgm has stray bytes).

The data is for research only: write the output to /tmp or the build directory, never into
the repository.

    bench/reuters_to_jsonl.py ../shared/data/reuters21578/reuters21578.tar.xz /tmp/reuters.jsonl
    bench/reuters_to_jsonl.py --repeat 4 IN.tar.xz /tmp/reuters-x4.jsonl   # a 4x corpus

--repeat N writes the corpus N times; copies after the first get ids ending in "~rK" so that
they are new articles to the graph (the same entities, new provenance).
"""

import argparse
import datetime
import html
import json
import re
import sys
import tarfile

DOC = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
NEWID = re.compile(r'NEWID="(\d+)"')
FIELD = {name: re.compile(r"<%s>(.*?)</%s>" % (name, name), re.S)
         for name in ("DATE", "TITLE", "BODY")}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(s):
    s = html.unescape(s)
    s = CONTROL.sub("", s)
    # Bodies end with the " Reuter" sign-off.
    s = re.sub(r"\s*\bReuter\s*$", "", s)
    return s.strip()


def unwrap(s):
    """The bodies are hard-wrapped at ~70 columns and a paragraph starts with an indented line:
    join each paragraph's lines with spaces and separate paragraphs with a blank line, as a
    news page would give them (a reader must not take a wrapped line for a headline)."""
    paragraphs, cur = [], []
    for line in s.split("\n"):
        if (line.startswith(" ") or not line.strip()) and cur:
            paragraphs.append(" ".join(cur))
            cur = []
        if line.strip():
            cur.append(line.strip())
    if cur:
        paragraphs.append(" ".join(cur))
    return "\n\n".join(paragraphs)


def iso_date(s):
    s = s.strip()
    try:
        return datetime.datetime.strptime(s.split(".")[0], "%d-%b-%Y %H:%M:%S").isoformat()
    except ValueError:
        return ""


def documents(tar_path):
    with tarfile.open(tar_path, "r:xz") as tar:
        members = sorted((m for m in tar.getmembers() if m.name.endswith(".sgm")),
                         key=lambda m: m.name)
        for m in members:
            raw = tar.extractfile(m).read().decode("latin-1")
            for attrs, body in DOC.findall(raw):
                text = FIELD["BODY"].search(body)
                if not text:
                    continue
                title = FIELD["TITLE"].search(body)
                date = FIELD["DATE"].search(body)
                newid = NEWID.search(attrs)
                yield {
                    "id": "reuters-%s" % (newid.group(1) if newid else "?"),
                    "title": clean(title.group(1)) if title else "",
                    "date": iso_date(date.group(1)) if date else "",
                    "text": unwrap(clean(text.group(1))),
                }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tar", help="reuters21578.tar.xz")
    ap.add_argument("out", help="output .jsonl (outside the repository)")
    ap.add_argument("--repeat", type=int, default=1, help="write the corpus N times")
    args = ap.parse_args()
    docs = list(documents(args.tar))
    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for k in range(args.repeat):
            for d in docs:
                row = dict(d)
                if k:
                    row["id"] = "%s~r%d" % (d["id"], k + 1)
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    words = sum(len(d["text"].split()) for d in docs) * args.repeat
    print("%s: %d articles, %d words" % (args.out, n, words), file=sys.stderr)


if __name__ == "__main__":
    main()
