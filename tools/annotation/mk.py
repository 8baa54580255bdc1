#!/usr/bin/env python3
"""mk.py START OUTDIR TAG: pool entries START..START+299 -> OUTDIR/batch-1..5.json (60 documents
each: the text is the article's first six sentences). TAG (e.g. 32) goes into the doc ids. Reads
../shared (next to the repository) or $KHABAR_SHARED; writes corpus text only under OUTDIR, which
must stay outside the repository (the corpus is CC BY-NC-SA)."""
import gzip, json, os, re, sys
start, out, tag = int(sys.argv[1]), sys.argv[2], sys.argv[3]
SHARED = os.environ.get("KHABAR_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
pool = [int(l) for l in open(os.path.join(SHARED, 'corpora/annotation_pool.txt')) if not l.startswith('#') and l.strip()]
lines = pool[start:start + 300]
want = set(lines)
arts = {}
with gzip.open(os.path.join(SHARED, 'corpora/saudinewsnet.jsonl.gz'), 'rt', encoding='utf-8') as f:
    for i, l in enumerate(f):
        if i in want:
            arts[i] = json.loads(l)
END = re.compile(r'[.!?؟]+["”»)]?(?=\s)|\n\s*\n')
def six(c):
    s = len(c) - len(c.lstrip())
    n, end = 0, len(c)
    for m in END.finditer(c, s):
        n += 1
        if n == 6:
            end = m.end(); break
    return c[s:end].rstrip()
for b in range(5):
    docs = []
    for k, ln in enumerate(lines[b * 60:(b + 1) * 60]):
        a = arts[ln]
        docs.append({"doc_id": "n%sb%dd%02d" % (tag, b + 1, k), "published": a["date_extracted"][:10], "newspaper": a["source"],
                     "title": a["title"], "corpus_line": ln, "text": six(a["content"])})
    json.dump(docs, open('%s/batch-%d.json' % (out, b + 1), 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
print(len(lines), 'articles, pool', start, '-', start + 299)
