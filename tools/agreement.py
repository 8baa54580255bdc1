#!/usr/bin/env python3
"""Inter-annotator agreement on doubly annotated documents (offsets files): for each document coded by two
annotators, events are paired one to one when root (or an alt root), source and target country (or alts;
either way when symmetric) agree and the evidence spans overlap or lie in the same sentence-ish window
(±150 chars). Reports pairwise F1 on all events, on required events, and agreement on no_events.
usage: agreement.py FIRST.jsonl SECOND.jsonl"""
import json, sys

def load(p):
    return {r["corpus_line"]: r for r in map(json.loads, open(p, encoding="utf-8"))}

def same(a, b):
    ra = {a["root"], *a.get("alt_roots", [])}; rb = {b["root"], *b.get("alt_roots", [])}
    if not (ra & rb): return False
    sa = {a["source"], *a.get("source_alt", [])}; ta = {a["target"], *a.get("target_alt", [])}
    sb = {b["source"], *b.get("source_alt", [])}; tb = {b["target"], *b.get("target_alt", [])}
    straight = bool(sa & sb) and bool(ta & tb)
    crossed = bool(sa & tb) and bool(ta & sb) and (a.get("symmetric") or b.get("symmetric") or a["root"] == "04")
    if not (straight or crossed): return False
    (s1, e1), (s2, e2) = a["evidence"], b["evidence"]
    return s1 < e2 + 150 and s2 < e1 + 150

def pair(xs, ys):
    used, n = set(), 0
    for x in xs:
        for j, y in enumerate(ys):
            if j not in used and same(x, y):
                used.add(j); n += 1; break
    return n

def f1(n, a, b):
    p = n / max(1, b); r = n / max(1, a)
    return 2 * p * r / max(1e-9, p + r)

A, B = load(sys.argv[1]), load(sys.argv[2])
common = sorted(set(A) & set(B))
n_all = a_all = b_all = n_req = a_req = b_req = ne_agree = 0
for cl in common:
    x, y = A[cl]["events"], B[cl]["events"]
    n_all += pair(x, y); a_all += len(x); b_all += len(y)
    xr = [e for e in x if not e.get("optional")]; yr = [e for e in y if not e.get("optional")]
    n_req += pair(xr, y); a_req += len(xr)
    b_req += pair(yr, x); 
    ne_agree += bool(A[cl]["no_events"]) == bool(B[cl]["no_events"])
print("documents annotated twice: %d" % len(common))
print("no_events agreement: %d/%d" % (ne_agree, len(common)))
print("all events: first %d, second %d, paired %d, pairwise F1 %.3f" % (a_all, b_all, n_all, f1(n_all, a_all, b_all)))
print("required events of the first found among the second's events: %d/%d (%.3f)" % (n_req, a_req, n_req / max(1, a_req)))
yr_total = sum(1 for cl in common for e in B[cl]["events"] if not e.get("optional"))
print("required events of the second found among the first's events: %d/%d (%.3f)" % (b_req, yr_total, b_req / max(1, yr_total)))
