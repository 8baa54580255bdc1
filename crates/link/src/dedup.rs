//! Exact and near-duplicate clusters from MinHash signatures.
//!
//! 1. Exact duplicates: documents with identical signatures (hence, with
//!    overwhelming probability, identical content-word sequences) are joined
//!    to the first such document through a hash of the whole signature; only
//!    that first one goes on.
//! 2. Near duplicates: the remaining signatures go into an [`Lsh`] index
//!    tuned for the threshold ([`Lsh::for_threshold`]); each candidate pair is
//!    verified by [`jaccard_estimate`] ≥ `threshold` and joined in a
//!    union-find (pairs already in one set are not re-verified).
//!
//! Memory: the caller's signatures plus, per document, one hash and one
//! union-find slot (16 bytes) and the LSH entries (~16 bytes per band);
//! no text is kept. Documents with no words (empty signatures) are never
//! clustered.

use crate::lsh::Lsh;
use crate::minhash::{fmix64, jaccard_estimate, MinHasher};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// One cluster of duplicates: `members` are indices into the input, sorted
/// ascending (at least two); `similarity[k]` is the estimated Jaccard of
/// `members[k]` to `members[0]` (so `similarity[0] == 1.0`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub members: Vec<usize>,
    pub similarity: Vec<f64>,
}

/// Clusters of exact and near-duplicate documents (`(doc_id, signature)`;
/// the ids are not used, clusters hold indices). `threshold` is the
/// estimated Jaccard of 3-word shingles a verified pair must reach; 0.8 is
/// the recommended value for syndicated copies with light edits. Clusters
/// are ordered by their first member.
pub fn dedup(docs: &[(String, Vec<u64>)], threshold: f64) -> Vec<Cluster> {
    let sigs: Vec<&[u64]> = docs.iter().map(|(_, s)| s.as_slice()).collect();
    dedup_signatures(&sigs, threshold)
}

/// [`dedup`] over bare signatures (`Vec<u64>`, `&[u64]`, or chunks of one
/// flat buffer, which avoids one allocation per document).
pub fn dedup_signatures<S: AsRef<[u64]>>(sigs: &[S], threshold: f64) -> Vec<Cluster> {
    let n = sigs.len();
    let mut uf = UnionFind::new(n);
    let num_perm = sigs
        .iter()
        .map(|s| s.as_ref().len())
        .find(|&l| l > 0)
        .unwrap_or(0);
    if num_perm == 0 {
        return Vec::new();
    }
    let mut lsh = Lsh::for_threshold(num_perm, threshold);

    // 1. exact duplicates by whole-signature hash (verified slot by slot)
    let mut first_of: FxHashMap<u64, u32> = FxHashMap::default();
    for (i, s) in sigs.iter().enumerate() {
        let s = s.as_ref();
        if s.is_empty() || MinHasher::is_empty_signature(s) {
            continue;
        }
        let h = s.iter().fold(0u64, |acc, &v| fmix64(acc ^ v));
        match first_of.get(&h) {
            Some(&f) if sigs[f as usize].as_ref() == s => uf.union(f, i as u32),
            Some(_) => lsh.insert(i as u32, s), // hash collision: treat as new
            None => {
                first_of.insert(h, i as u32);
                lsh.insert(i as u32, s);
            }
        }
    }
    drop(first_of);

    // 2. near duplicates
    lsh.for_each_candidate(|a, b| {
        if uf.find(a) != uf.find(b)
            && jaccard_estimate(sigs[a as usize].as_ref(), sigs[b as usize].as_ref()) >= threshold
        {
            uf.union(a, b);
        }
    });
    drop(lsh);

    // 3. gather: roots in index order, members ascending
    let mut slot_of_root: FxHashMap<u32, usize> = FxHashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..n as u32 {
        let r = uf.find(i);
        if uf.size[r as usize] < 2 {
            continue;
        }
        let k = *slot_of_root.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[k].push(i as usize);
    }
    groups
        .into_iter()
        .map(|members| {
            let first = sigs[members[0]].as_ref();
            let similarity = members
                .iter()
                .map(|&m| jaccard_estimate(first, sigs[m].as_ref()))
                .collect();
            Cluster {
                members,
                similarity,
            }
        })
        .collect()
}

/// Union-find with path halving and union by size.
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = self.parent[x as usize];
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a as usize] < self.size[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b as usize] = a;
        self.size[a as usize] += self.size[b as usize];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::minhash::splitmix64;
    use crate::words::content_words;
    use khabar_text::Segmenter;

    #[test]
    fn syndicated_copies_with_light_edit_cluster() {
        let seg = Segmenter::builtin();
        let mh = MinHasher::default();
        let original = "أعلنت وزارة الدفاع العراقية اليوم توقيع مذكرة تفاهم مع الجمهورية الإسلامية \
            الإيرانية للتعاون العسكري وتبادل الخبرات في مجال التدريب ومكافحة الإرهاب، وأوضح \
            المتحدث باسم الوزارة أن المذكرة تشمل تدريب الضباط وتطوير الصناعات الدفاعية وتأمين \
            الحدود المشتركة بين البلدين الجارين، مشيرا إلى أن وفدا عسكريا رفيعا سيزور طهران \
            الشهر المقبل لبحث تفاصيل التنفيذ ومتابعة الاتفاقات السابقة الموقعة بين الجانبين.";
        let copy = original.to_string();
        let edited = format!(
            "بغداد (رويترز) - {} المصدر: وكالات",
            original.replace("الشهر المقبل", "الأسبوع المقبل")
        );
        let other = "تظاهر آلاف المواطنين في العاصمة اللبنانية بيروت احتجاجا على ارتفاع الأسعار \
            وانقطاع الكهرباء، ورفع المحتجون لافتات تطالب الحكومة بالاستقالة وإجراء انتخابات \
            مبكرة، فيما انتشرت قوات الأمن في الشوارع المؤدية إلى مقر البرلمان وسط المدينة.";
        let texts = [original, other, copy.as_str(), edited.as_str(), ""];
        let docs: Vec<(String, Vec<u64>)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("d{i}"), mh.signature(&content_words(seg, t))))
            .collect();
        let clusters = dedup(&docs, 0.8);
        assert_eq!(clusters.len(), 1, "{clusters:?}");
        assert_eq!(clusters[0].members, vec![0, 2, 3]);
        assert_eq!(clusters[0].similarity[1], 1.0);
        assert!(clusters[0].similarity[2] >= 0.8 && clusters[0].similarity[2] < 1.0);
    }

    #[test]
    fn exact_duplicates_in_many_random_docs() {
        let mh = MinHasher::default();
        let mut rng = 5u64;
        let mut docs = Vec::new();
        for i in 0..500 {
            let words: Vec<String> = (0..100)
                .map(|_| format!("w{}", splitmix64(&mut rng) % 2000))
                .collect();
            docs.push((format!("d{i}"), mh.signature(&words)));
        }
        let dup = docs[3].1.clone();
        docs.push(("copy".into(), dup.clone()));
        docs.push(("copy2".into(), dup));
        let clusters = dedup(&docs, 0.8);
        assert_eq!(clusters.len(), 1, "{clusters:?}");
        assert_eq!(clusters[0].members, vec![3, 500, 501]);
        assert_eq!(clusters[0].similarity, vec![1.0, 1.0, 1.0]);
    }

    #[test]
    fn empty_inputs() {
        assert!(dedup(&[], 0.8).is_empty());
        let mh = MinHasher::default();
        let e = mh.signature::<String>(&[]);
        let docs = vec![("a".to_string(), e.clone()), ("b".to_string(), e)];
        assert!(dedup(&docs, 0.8).is_empty(), "empty texts never cluster");
        let flat: Vec<u64> = vec![1, 2, 3, 4, 1, 2, 3, 4];
        let chunks: Vec<&[u64]> = flat.chunks(4).collect();
        assert_eq!(dedup_signatures(&chunks, 0.8)[0].members, vec![0, 1]);
    }
}
