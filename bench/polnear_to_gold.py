#!/usr/bin/python3
"""PolNeAR (brat stand-off attributions) -> statement gold in the format of score.py.

Reads one split (train, dev, test) of PolNeAR v1.0.0 from its .tar.xz and writes, into OUT_DIR:

    OUT_DIR/texts/<article>.txt    the article texts, as they are
    OUT_DIR/gold.json              {"about", "entities", "documents", "same_node"}

so that a split can be scored like the held-out test set:

    bench/polnear_to_gold.py dev /tmp/pn/dev
    build/cli/newsgraph build /tmp/pn/dev/texts -o /tmp/pn/dev.jsonld
    /usr/bin/python3 ../shared/eval/score.py /tmp/pn/dev/gold.json /tmp/pn/dev.jsonld -v

What becomes a gold statement (an approximation of the converter behind
../shared/eval/gold/polnear-test.json, made without looking at its sentences):
- an attribution with a Source and a Content of 3+ words, from one annotator per article
  (the first in sorted order); `text` is the content span with outer quotation marks removed,
  `direct` true when the content was inside quotation marks;
- its speaker is the named person or organization of the source span ("Sen. Jane Doe",
  "the Doe campaign", "CNN's John Roe" -> John Roe). A pronoun source (he, she, it, they)
  takes the most recent named source before it; other unnamed sources ("officials", "the
  newspaper", "a source") are left out;
- `optional` when the cue contains no word of speech (beliefs and intentions: "planned",
  "is looking for ways"): finding it earns nothing, missing it costs nothing.
Names are clustered (over the whole split) by their last word (a surname: "Hillary Clinton", "Clinton",
"Mrs. Clinton" are one entity). The type of a name is not annotated, so every entity is listed
twice, as a Person and as an Organization, and a statement accepts either.

The data is for research only (see ../shared/data/polnear/SOURCE.md): write the output to /tmp,
never into the repository.
"""

import argparse
import json
import os
import re
import sys
import tarfile

DEFAULT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared",
                            "data", "polnear")
QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
TITLES = {"mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "gov", "governor",
          "president", "pres", "former", "secretary", "vice", "gen", "general", "the", "a",
          "an", "democratic", "republican", "gop", "candidate", "nominee", "presidential",
          "speaker", "house", "majority", "minority", "leader", "attorney", "judge", "justice",
          "u.s.", "us", "state", "rev", "lt", "col", "sgt", "adm", "chairman", "chairwoman",
          "director", "spokesman", "spokeswoman", "press", "white", "first", "lady", "mayor",
          "campaign", "manager", "chief", "adviser", "advisor", "aide", "of", "for", "and"}
SPEECH = re.compile(
    r"\b(sa(y|ys|id|ying)|t(ell|ells|old|elling)|add|wr(ite|ote|iting|ites)|tweet|stat|announc|"
    r"decl|claim|warn|argu|expla|insist|not(e|ed|ing)\b|repl|respond|answer|ask|accord|"
    r"statement|interview|remark|comment|speech|told|testif|suggest|insist|call|urg|admit|"
    r"acknowledg|conced|den(y|ied|ies)|confirm|reveal|report|recall|predict|prais|criticiz|"
    r"accus|attack|promis|vow|pledg|threat|emphasi|stress|point|describ|put it|quot|echo|"
    r"reiterat|repeat|conclud|continu|went on|assert|contend|maintain|complain|mock|joke|"
    r"boast|brag|blast|slam|chid|scold|lament|concede|address|post|messag|email|letter|"
    r"video|ad\b|memo|release|recount|explain|express|tout|label|dub|defend|charg|"
    r"insinuat|hint|signal|disclos|inform|assur|implor|plead|beg|demand|cri(ed|es)|cry|"
    r"shout|yell|whisper|mutter|sho(u)?ted|exclaim|declar)", re.I)
PRONOUNS = {"he", "she", "it", "they", "him", "her", "his", "its", "their"}


def parse_ann(text):
    spans, events = {}, []
    for line in text.splitlines():
        if line.startswith("T") and "\t" in line:
            tid, rest = line.split("\t", 2)[:2]
            role, offs = rest.split(" ", 1)
            segs = [tuple(int(x) for x in part.split()) for part in offs.split(";")]
            spans[tid] = (role, segs)
        elif line.startswith("E"):
            args = dict(a.split(":", 1) for a in line.split("\t", 1)[1].split())
            events.append(args)
    return spans, events


def seg_text(article, segs):
    return " ".join(article[b:e] for b, e in segs)


PERSON_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "gov", "governor",
                 "president", "pres", "secretary", "gen", "general", "rev", "lt", "col", "sgt",
                 "adm", "judge", "justice", "mayor", "speaker", "chairman", "chairwoman",
                 "director", "spokesman", "spokeswoman", "candidate", "nominee", "attorney"}
CONNECTORS = {"of", "on", "for", "and", "the"}


def name_of(source, article=""):
    """The proper name a source span names, or None ("CNN's Jake Tapper" -> "Jake Tapper",
    "Indiana Gov. Mike Pence" -> "Mike Pence", "Trump's campaign" -> "Trump campaign")."""
    source = re.sub(r"\([^)]*\)", " ", source)  # party labels: "Sen. Jane Doe (D-Mo.)"
    head = source.split(",")[0] if source.split(",")[0].strip() else source
    words = re.findall(r"[\w.\-\u2019']+", head)
    runs, cur, poss = [], [], []
    for i, w in enumerate(words + ["x"]):
        base = re.sub(r"(\u2019s|'s|\u2019|')$", "", w)
        low = base.lower().rstrip(".")
        if base[:1].isupper() and not (not cur and low in TITLES and low not in PERSON_TITLES):
            cur.append(base)
            if base != w:  # a possessive ends the name: "Trump's campaign"
                poss.append(cur)
                cur = []
        elif cur and low in CONNECTORS and i + 1 < len(words) and words[i + 1][:1].isupper():
            cur.append(base)
        else:
            if cur:
                runs.append(cur)
            cur = []
    cleaned = []
    for r in runs:
        cut = max([i + 1 for i, w in enumerate(r) if w.lower().rstrip(".") in PERSON_TITLES],
                  default=0)
        r = r[cut:]
        while r and r[0].lower() in CONNECTORS | TITLES:
            r = r[1:]
        if r:
            cleaned.append(r)
    # A capitalized first word that the article also writes in lower case is an ordinary word
    # opening a sentence ("Several cast members", "Many lawmakers", "Federal officials").
    if cleaned and words and cleaned[0][0] == re.sub(r"(\u2019s|'s)$", "", words[0]):
        if re.search(r"\b%s\b" % re.escape(cleaned[0][0].lower()), article):
            cleaned[0] = cleaned[0][1:]
            cleaned = [r for r in cleaned if r]
    if cleaned:
        return " ".join(cleaned[-1])
    if poss:
        owner = " ".join(poss[0])
        if re.search(r"\bcampaign\b", source, re.I):
            return owner + " campaign"
        return owner
    return None


def key_of(name):
    return re.sub(r"[^\w ]", "", name.lower()).split()[-1] if name.split() else name.lower()


def convert(split, data_dir, out_dir):
    texts, anns = {}, {}
    with tarfile.open(os.path.join(data_dir, "polnear-%s.tar.xz" % split)) as tar:
        for m in tar.getmembers():
            if not m.isfile():
                continue
            body = tar.extractfile(m).read().decode("utf-8")
            base = os.path.basename(m.name)
            if "/text/" in m.name:
                texts[base[:-4]] = body
            elif "/attributions/" in m.name:
                stem, annot = base[:-4].rsplit("_", 1)
                anns.setdefault(stem, []).append((annot, body))
    os.makedirs(os.path.join(out_dir, "texts"), exist_ok=True)
    entities, documents = {}, {}
    for stem in sorted(texts):
        article = texts[stem]
        with open(os.path.join(out_dir, "texts", stem + ".txt"), "w", encoding="utf-8") as f:
            f.write(article)
        if stem not in anns:
            continue
        annot, ann = sorted(anns[stem])[0]
        spans, events = parse_ann(ann)
        items = []
        for ev in events:
            if "Source" not in ev or "Content" not in ev:
                continue
            src_segs = spans[ev["Source"]][1]
            content = seg_text(article, spans[ev["Content"]][1]).strip()
            cue = seg_text(article, spans[ev["Cue"]][1]) if "Cue" in ev else ""
            items.append((src_segs[0][0], seg_text(article, src_segs), content, cue))
        items.sort(key=lambda x: x[0])
        clusters = {}  # surname key -> set of names
        last_named = None
        statements = []
        for _, source, content, cue in items:
            name = None if source.strip().lower() in PRONOUNS else name_of(source, article)
            if name:
                key = key_of(name) + (" campaign" if name.endswith(" campaign") else "")
                clusters.setdefault(key, set()).update({name, name.split()[-1]}
                                                       if not name.endswith(" campaign")
                                                       else {name})
                last_named = key
            elif source.strip().lower() in PRONOUNS and last_named:
                key = last_named
            else:
                continue
            direct = content[:1] in QUOTES
            text = content.strip().strip(QUOTES + " ,.").strip()
            if len(text.split()) < 3:
                continue
            doc_id = re.sub(r"\W+", "_", key)
            st = {"speaker": [doc_id + "__p", doc_id + "__o"], "direct": direct, "text": text,
                  "cue": cue, "source": source}
            if not SPEECH.search(cue):
                st["optional"] = True
            statements.append(st)
        for key, names in clusters.items():
            doc_id = re.sub(r"\W+", "_", key)
            for suffix, typ in (("__p", "Person"), ("__o", "Organization")):
                e = entities.setdefault(doc_id + suffix, {"type": typ, "names": []})
                e["names"] = sorted(set(e["names"]) | names)
        documents[stem + ".txt"] = {"polnear_file": stem + ".txt", "annotator": annot,
                                    "statements": statements}
    gold = {"about": "PolNeAR v1.0.0 %s split converted by bench/polnear_to_gold.py "
                     "(statements only; see its docstring). Research use; do not commit." % split,
            "entities": entities, "documents": documents, "same_node": []}
    with open(os.path.join(out_dir, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, indent=1, ensure_ascii=False)
    n = sum(len(d["statements"]) for d in documents.values())
    opt = sum(1 for d in documents.values() for s in d["statements"] if s.get("optional"))
    print("%s: %d articles, %d statements (%d optional) -> %s" % (split, len(documents), n, opt,
                                                                   out_dir), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", choices=["train", "dev", "test"])
    ap.add_argument("out_dir")
    ap.add_argument("--data", default=DEFAULT_DATA, help="folder with polnear-SPLIT.tar.xz")
    a = ap.parse_args()
    convert(a.split, a.data, a.out_dir)


if __name__ == "__main__":
    main()
