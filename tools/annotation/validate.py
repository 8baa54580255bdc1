#!/usr/bin/env python3
"""validate.py OUT.json BATCH.json: checks an annotation file; prints problems, exits 1 if any."""
import json, sys
out, batch = json.load(open(sys.argv[1], encoding='utf-8')), json.load(open(sys.argv[2], encoding='utf-8'))
bad = []
texts = {d["corpus_line"]: d["text"] for d in batch}
if sorted(d.get("corpus_line") for d in out) != sorted(texts):
    bad.append("the output must hold every document of the batch once (by corpus_line)")
MOD = {"asserted", "reported", "historical", "future", "hypothetical", "negated"}
AG = {"GOV", "MIL", "COP", "JUD", "LEG", "REB", "OPP", "CVL", "MED", "BUS", "SET", "ELI", "UNO", "EEC", "---", "IGO", "SPY", "EDU", "HLH", "REF", "LAB", "NGO", "AGR", "CRM", "RAD", "INS", "MOD", "IMG", "PTY", "UAF", "BUS"}
for d in out:
    t = texts.get(d.get("corpus_line"))
    if t is None:
        continue
    if d.get("text") != t:
        bad.append("%s: text changed (copy it unchanged)" % d["corpus_line"])
    for k in ("events", "dates", "must_not", "no_events"):
        if k not in d:
            bad.append("%s: missing %s" % (d["corpus_line"], k))
    if d.get("no_events") and d.get("events"):
        bad.append("%s: no_events true but events listed" % d["corpus_line"])
    for x in d.get("dates", []):
        if x.get("text") not in t:
            bad.append("%s: date text not in text: %r" % (d["corpus_line"], x.get("text")))
    for e in d.get("events", []):
        i = "%s/%s" % (d["corpus_line"], e.get("id"))
        ev = e.get("evidence", "")
        if not ev or ev not in t:
            bad.append("%s: evidence not an exact substring" % i)
        for a in e.get("evidence_alt", []):
            if a not in t:
                bad.append("%s: evidence_alt not an exact substring" % i)
        tr = e.get("trigger", "")
        if not tr or tr not in ev:
            bad.append("%s: trigger missing or not inside evidence" % i)
        for k in ("source_text", "target_text", "place"):
            v = e.get(k)
            if v and v not in t:
                bad.append("%s: %s not an exact substring" % (i, k))
        if e.get("modality") not in MOD:
            bad.append("%s: modality %r" % (i, e.get("modality")))
        r = e.get("root", "")
        if not (len(r) == 2 and r.isdigit() and 1 <= int(r) <= 20):
            bad.append("%s: root %r" % (i, r))
        roots = {r} | set(e.get("alt_roots", []))
        for c in e.get("codes", []):
            if c[:2] not in roots:
                bad.append("%s: code %s not under root or alt_roots" % (i, c))
        if not e.get("codes"):
            bad.append("%s: codes empty" % i)
        for s in ("source", "target"):
            v = e.get(s, "")
            if not (v == "---" or (len(v) == 3 and v.isupper())):
                bad.append("%s: %s %r" % (i, s, v))
        for k in ("optional", "symmetric"):
            if not isinstance(e.get(k), bool):
                bad.append("%s: %s must be true/false" % (i, k))
print("\n".join(bad) if bad else "ok: %d documents, %d events" % (len(out), sum(len(d.get("events", [])) for d in out)))
sys.exit(1 if bad else 0)
