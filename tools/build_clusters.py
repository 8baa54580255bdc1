"""Word clusters for the learned coder: word2vec over the stems of the SaudiNewsNet annotation pool,
then k-means at three granularities. Writes `stem<TAB>c64<TAB>c256<TAB>c1024` lines.

    cargo build --release --example stems -p khabar-extract
    python3 tools/build_clusters.py ../shared/corpora/saudinewsnet.jsonl.gz \
        ../shared/corpora/annotation_pool.txt data/models/clusters.txt
    (then zstd -19 data/models/clusters.txt -o data/models/clusters.txt.zst)

Needs gensim and scikit-learn (build time only; nothing is downloaded when khabar runs). Only pool
lines are read: the lines left out of the pool are reserved for evaluation.
"""
import gzip
import json
import subprocess
import sys

import numpy as np
from gensim.models import Word2Vec
from sklearn.cluster import MiniBatchKMeans

SEED = 1
MIN_COUNT = 5
MAX_WORDS = 40000
SIZES = (64, 256, 1024)


def main(corpus, pool_path, out_path):
    pool = {int(l) for l in open(pool_path) if l.strip() and not l.startswith("#")}
    texts = []
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i in pool:
                texts.append(json.dumps(json.loads(line)["content"], ensure_ascii=False))
    stems = subprocess.run(["target/release/examples/stems"], input="\n".join(texts) + "\n",
                           capture_output=True, text=True, check=True).stdout
    sents = [l.split() for l in stems.splitlines()]
    print(f"{len(texts)} pool articles, {len(sents)} sentences, {sum(map(len, sents))} words",
          file=sys.stderr)
    m = Word2Vec(sents, vector_size=100, window=5, min_count=MIN_COUNT, sg=1, negative=10,
                 epochs=5, workers=2, seed=SEED)
    words = [w for w in m.wv.index_to_key if w != "0"][:MAX_WORDS]
    vecs = np.array([m.wv[w] for w in words])
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    labels = []
    for k in SIZES:
        km = MiniBatchKMeans(n_clusters=k, random_state=SEED, batch_size=4096, n_init=3)
        labels.append(km.fit_predict(vecs))
        print(f"k={k} done", file=sys.stderr)
    with open(out_path, "w", encoding="utf-8") as o:
        o.write("# source: word2vec (gensim, skip-gram, 100 dims, seed 1) over the stems of the "
                "SaudiNewsNet annotation-pool lines, k-means at 64/256/1024 (tools/build_clusters.py)\n")
        for i, w in enumerate(words):
            o.write(w + "\t" + "\t".join(str(l[i]) for l in labels) + "\n")
    print(f"{len(words)} words written to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
