#!/usr/bin/env python3
"""Turn annotation files in the gold format (documents with their text, as ../shared/eval/ANNOTATION.md
asks annotators to write them) into our offsets JSON lines (data/train/*.jsonl): no corpus text is
kept, only the corpus line, char offsets into the article's `content`, and the codes.
usage: annotations_to_offsets.py CORPUS.jsonl.gz ANNOTATOR_ID IN.json... > OUT.jsonl
       annotations_to_offsets.py --fix-igo OFFSETS.jsonl...   (organisations written as countries → IGO)"""
import gzip, json, re, sys

# notes and must_not lines may quote the article: runs of four or more Arabic words become «…»
QUOTE = re.compile("[\u0600-\u06ff]+(?:[ ،]+[\u0600-\u06ff]+){3,}")

def trim(s):
    return QUOTE.sub("…", s) if s else s

# the guide codes international organisations as IGO with the body as agent; annotators wrote some
# as if they were countries («UN», «EU», «GCC»), which no coder output can match
IGO_BODIES = {"UN": "UNO", "EU": "EEC", "GCC": "GCC"}

def igo(e):
    """Rewrites an organisation written as a country to IGO + its agent, in place."""
    for side in ("source", "target"):
        body = e.get(side)
        if body in IGO_BODIES:
            e[side] = "IGO"
            if e.get(side + "_agent") in (None, "", "---"):
                e[side + "_agent"] = IGO_BODIES[body]
        alts = e.get(side + "_alt") or []
        e[side + "_alt"] = list(dict.fromkeys("IGO" if a in IGO_BODIES else a for a in alts))
    return e

def occurrences(text, s):
    out, i = [], text.find(s)
    while s and i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out

def main():
    corpus, annotator, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    docs = [d for f in files for d in json.load(open(f, encoding="utf-8"))]
    want = {d["corpus_line"] for d in docs}
    content = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i in want:
                content[i] = json.loads(line)["content"]
    bad = 0
    for d in docs:
        c = content[d["corpus_line"]]
        base = c.find(d["text"])
        if base < 0:
            print("text not in corpus line %d" % d["corpus_line"], file=sys.stderr); bad += 1; continue
        text = d["text"]
        def span(s, near=None, within=None):
            if not s:
                return None
            occ = occurrences(text, s)
            if within:
                occ = [o for o in occ if within[0] <= o and o + len(s) <= within[1]] or occ
            if not occ:
                return None
            o = min(occ, key=lambda o: abs(o - near)) if near is not None else occ[0]
            return [base + o, base + o + len(s)]
        events = []
        for e in d.get("events", []):
            ev = span(e["evidence"])
            if ev is None:
                print("evidence not found: %s" % e.get("id"), file=sys.stderr); bad += 1; continue
            rel = (ev[0] - base, ev[1] - base)
            out = {k: e.get(k) for k in ("id", "source", "source_agent", "target", "target_agent", "root", "codes",
                                         "modality", "date", "optional", "symmetric", "alt_roots", "source_alt", "target_alt", "note")}
            out["note"] = trim(out.get("note"))
            igo(out)
            out["evidence"] = ev
            out["evidence_alt"] = [x for x in (span(a) for a in e.get("evidence_alt", [])) if x]
            out["trigger"] = span(e.get("trigger", ""), near=rel[0], within=rel)
            out["source_mention"] = span(e.get("source_text", ""), near=rel[0])
            out["target_mention"] = span(e.get("target_text", ""), near=rel[0])
            if e.get("place"):
                out["place_mention"] = span(e["place"], near=rel[0])
            events.append(out)
        row = {"corpus_line": d["corpus_line"], "published": d["published"], "annotator": annotator,
               "text_start": base, "text_end": base + len(text), "no_events": d.get("no_events", False),
               "dates": [{"span": span(x["text"]), "resolves_to": x.get("resolves_to")} for x in d.get("dates", []) if span(x["text"])],
               "must_not": [trim(m) for m in d.get("must_not", [])], "events": events}
        print(json.dumps(row, ensure_ascii=False))
    print("%d documents, %d problems" % (len(docs), bad), file=sys.stderr)

if __name__ == "__main__":
    if sys.argv[1:2] == ["--fix-igo"]:
        # rewrite existing offsets files in place (usage: --fix-igo FILE.jsonl...)
        for f in sys.argv[2:]:
            rows = [json.loads(l) for l in open(f, encoding="utf-8")]
            for r in rows:
                for e in r["events"]:
                    igo(e)
            with open(f, "w", encoding="utf-8") as out:
                for r in rows:
                    out.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        main()
