//! Triggers: which event row a word is, by its forms (with the article, a pronoun suffix, a
//! hamza seat, an accusative alef) and by the context words a row asks for.

use super::lexicon::{is_hamza, Form, SUFFIXES};
use super::Coder;
use crate::words::Word;

impl Coder<'_> {
    /// The event row for word `k`, if it is a trigger: (row, form, the word may also be read as
    /// the row's verbal noun).
    pub(super) fn trigger(
        &self,
        text: &str,
        ws: &[Word],
        k: usize,
        end: usize,
    ) -> Option<(usize, Form, bool)> {
        let w = &ws[k];
        if w.is_punct() || w.is_number() {
            return None;
        }
        let surface = text.get(w.start..w.end).unwrap_or("");
        // a form matched with its «ال» is a verb like «التقى»; matched without it, a noun
        // each form looked up once; a form as long as the one it is cut from is that same form
        let forms = &self.el.forms;
        let by_stem = forms.get_key_value(w.stem.as_str());
        let by_bare = if w.bare.len() == w.stem.len() {
            by_stem
        } else {
            forms.get_key_value(w.bare.as_str())
        };
        let by_core = if w.core.len() == w.bare.len() {
            by_bare
        } else {
            forms.get_key_value(w.core.as_str())
        };
        let via_core = by_stem.is_none() && by_bare.is_none() && by_core.is_some();
        let mut found = by_stem.or(by_bare).or(by_core);
        if found.is_none() && w.stem.ends_with('ي') && w.stem.chars().count() >= 4 {
            // a hamza seat before a suffix: «لقائه» → «لقا»
            let mut seat = w.stem.trim_end_matches('ي').to_string();
            seat.push('ء');
            found = self.el.forms.get_key_value(&seat);
        }
        if found.is_none() && w.bare.len() > w.stem.len() {
            // a teh marbuta before a suffix: «مسيرتهم» → «مسيره»
            if let Some(st) = w.stem.strip_suffix('ت') {
                found = self.el.forms.get_key_value(&format!("{st}ه"));
            }
        }
        if found.is_none() {
            for s in SUFFIXES {
                // a written teh marbuta is no pronoun «ه» («وعدة» is not «وعد» + ه)
                if *s == "ه" && surface.ends_with('ة') {
                    continue;
                }
                // the last byte first: most words end in none of the suffixes
                if w.bare.as_bytes().last() != s.as_bytes().last() {
                    continue;
                }
                if let Some(st) = w.bare.strip_suffix(s) {
                    if st.chars().count() >= 3 {
                        found = self.el.forms.get_key_value(st);
                        if found.is_some() {
                            break;
                        }
                    }
                }
            }
        }
        // «شن هجوماً»: a violence noun in the accusative, with its alef of tanween
        let mut accusative = false;
        if found.is_none() && w.bare.len() == w.stem.len() {
            if let Some(st) = w.bare.strip_suffix('ا') {
                found = self.el.forms.get_key_value(st);
                accusative = found.is_some();
            }
        }
        let (key, cands) = found?;
        if self.el.no_shadda.contains(key) && surface.contains('\u{651}') {
            return None;
        }
        // a promise is a promise of something: «وعد بتحسين», «وعد … بأن»; «وعدا ذلك» is «except»
        if self.el.promise.contains(key)
            && !(k + 1..end.min(k + 9)).any(|j| {
                ws[j].proclitics.ends_with('ب')
                    || (ws[j].core.starts_with('ب') && !self.gaz.is_stop(&ws[j], text))
            })
        {
            return None;
        }
        // «هناك», «وهنا» are not «هنأ»: a function word needs the hamza that sets the verb apart
        if self.el.hamza_inner.contains(key)
            && self.gaz.is_stop(w, text)
            && !surface.chars().any(is_hamza)
        {
            return None;
        }
        let mut wend = end.min(k + 9).max(k + 1);
        if let Some(ext) = self.chain_end.get() {
            if ext > k {
                wend = wend.max(end.min(ext + 6));
            }
        }
        let window = &ws[k + 1..wend];
        let mut fallback = None;
        for &(row, mut form, noun_too) in cands {
            if accusative {
                let code = &self.lx.events[row].code;
                if !(form == Form::Masdar || noun_too)
                    || !matches!(code.get(..2), Some("18" | "19" | "20"))
                {
                    continue;
                }
                form = Form::Masdar;
            }
            // a word with the article is a noun: only verbal-noun forms apply («التعاون» is not «تعاون» the verb)
            if w.has_article() && !via_core && form != Form::Masdar {
                continue;
            }
            // so is one after a preposition: «بطلب من», «لطلب», «كطلب» (a present form takes «ل» of purpose)
            if form != Form::Masdar
                && !noun_too
                && (w.proclitics.contains(['ب', 'ك'])
                    || (form == Form::Past && w.proclitics.contains('ل')))
            {
                continue;
            }
            let ctx = &self.el.context[row];
            if ctx.is_empty() {
                if fallback.is_none() {
                    fallback = Some((row, form, noun_too));
                }
                continue;
            }
            let hit = window.iter().any(|x| {
                ctx.iter().any(|c| {
                    *c == x.bare
                        || *c == x.core
                        || *c == x.stem
                        || joined(&x.proclitics, &x.core, c)
                })
            });
            if hit {
                return Some((row, form, noun_too));
            }
        }
        // a bare verbal noun with the article needs its context more than a verb does
        fallback
    }

    pub(super) fn trigger_like(&self, w: &Word) -> bool {
        self.el
            .forms
            .get(&w.stem)
            .is_some_and(|v| v.iter().any(|x| x.1 != Form::Masdar))
    }
}

/// Is `c` the concatenation `a` + `b`? (without allocating)
pub(super) fn joined(a: &str, b: &str, c: &str) -> bool {
    c.len() == a.len() + b.len() && c.starts_with(a) && c.ends_with(b)
}
