#!/usr/bin/env python3
"""sheet.py DIR SEED: 10 random events of each DIR/out-K.json -> DIR/check-sheet.md for a checker
who did not annotate."""
import json, os, random, sys
d_, seed = sys.argv[1], int(sys.argv[2])
rnd = random.Random(seed)
out = ["# Check sheet: 50 annotated events (10 per batch)\n",
       "For each event: read the text, then judge the coding against ../shared/eval/ANNOTATION.md: "
       "RIGHT, MINOR (a sub-code, an alternative, a date detail, optional/required) or WRONG (not an event, wrong root, "
       "wrong source/target country, wrong modality that changes the meaning).\n"]
n = 0
for k in range(1, 6):
    docs = json.load(open(os.path.join(d_, 'out-%d.json' % k), encoding='utf-8'))
    evs = [(d, e) for d in docs for e in d.get('events', [])]
    for d, e in rnd.sample(evs, min(10, len(evs))):
        n += 1
        out.append("## %d. batch %d, %s (published %s)\n" % (n, k, e['id'], d['published']))
        out.append("Text:\n\n> " + d['text'].replace('\n', ' ') + "\n")
        keys = ['root', 'codes', 'source', 'source_agent', 'source_text', 'target', 'target_agent', 'target_text',
                'modality', 'date', 'optional', 'symmetric', 'alt_roots', 'source_alt', 'target_alt', 'evidence', 'trigger', 'note']
        out.append("Coding:\n\n" + "\n".join("- %s: %s" % (x, json.dumps(e.get(x), ensure_ascii=False)) for x in keys) + "\n")
open(os.path.join(d_, 'check-sheet.md'), 'w', encoding='utf-8').write("\n".join(out))
print(n, 'events')
