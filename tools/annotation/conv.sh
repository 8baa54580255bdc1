#!/bin/bash
# conv.sh DIR TAG K: DIR/out-K.json (the annotator's file, with text) -> DIR/conv-K.jsonl (corpus line,
# offsets and codes only), annotator id bTAGaK. Then: cat DIR/conv-{1..5}.jsonl > data/train/events-0TAG.jsonl
set -e
here=$(cd "$(dirname "$0")" && pwd)
shared=${KHABAR_SHARED:-$here/../../../shared}
python3 "$here/../annotations_to_offsets.py" "$shared/corpora/saudinewsnet.jsonl.gz" "b$2a$3" "$1/out-$3.json" > "$1/conv-$3.jsonl"
