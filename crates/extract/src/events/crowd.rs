//! Crowds: the unnamed people of a protest («آلاف المتظاهرين», «نحو مائتي شخص»), coded as
//! civilians when no actor is named.

use super::slots::Slot;
use super::Coder;
use crate::words::Word;

impl Coder<'_> {
    /// People in a crowd at word `j`; a bare count («مئات», «آلاف») only when it counts
    /// people, not things («مئات السيارات»).
    pub(super) fn is_crowd(&self, ws: &[Word], j: usize) -> bool {
        let w = &ws[j];
        if !(self.el.crowd_people.contains(&w.core) || self.el.crowd_people.contains(&w.bare)) {
            return false;
        }
        let count = matches!(
            w.bare.as_str(),
            "الاف" | "ميات" | "عشرات" | "الوف" | "حشود" | "جموع"
        );
        if !count || w.has_article() {
            return true;
        }
        // a count in construct takes its noun's kind
        match ws.get(j + 1) {
            Some(n) if n.is_punct() || n.is_number() || n.core == "من" => true,
            Some(n) if n.proclitics.is_empty() && !self.is_quant(n) => {
                self.el.crowd_people.contains(&n.core)
                    || self.el.crowd_people.contains(&n.bare)
                    || self.gaz.adjective(n).is_some()
                    || self.el.realized.contains(&n.bare)
            }
            _ => true,
        }
    }

    fn is_quant(&self, w: &Word) -> bool {
        w.is_number()
            || self.el.crowd_quant.contains(&w.core)
            || self.el.crowd_quant.contains(&w.bare)
    }

    /// The crowd subject of a protest verb after counts and adverbs: an actor
    /// («آلاف المتظاهرين»), else the crowd word itself as civilians («نحو مائتي شخص»).
    pub(super) fn crowd_subject(
        &self,
        ws: &[Word],
        k: usize,
        to: usize,
        slots: &[Slot],
    ) -> Option<(Slot, usize)> {
        let mut crowd = None;
        let mut j = k + 1;
        while j < to && j <= k + 6 {
            if let Some(s) = slots
                .iter()
                .find(|s| s.words.start == j && !s.adjective && !s.locative && !s.place)
            {
                let p = &ws[j].proclitics;
                if p.ends_with('ب') || p.ends_with('ل') {
                    break;
                }
                return Some((s.clone(), s.words.end));
            }
            let w = &ws[j];
            if self.is_crowd(ws, j) {
                crowd = Some(j);
            } else if !self.is_quant(w) {
                break;
            }
            j += 1;
        }
        crowd.map(|c| (crowd_slot(c), c + 1))
    }

    /// A crowd word near a protest trigger, when no actor is named.
    pub(super) fn crowd_near(
        &self,
        ws: &[Word],
        k: usize,
        from: usize,
        to: usize,
    ) -> Option<usize> {
        let lo = k.saturating_sub(8).max(from);
        let hi = (k + 8).min(to);
        (lo..hi)
            .filter(|&j| j != k && self.is_crowd(ws, j))
            .min_by_key(|&j| (j as isize - k as isize).abs())
    }
}

/// Civilians standing for an unnamed protest crowd at word `c`.
pub(super) fn crowd_slot(c: usize) -> Slot {
    Slot::bare(c..c + 1, "CVL".into())
}
