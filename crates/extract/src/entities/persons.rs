//! Persons: the words a name is made of, a name after a title or rank (`[title] [nationality]
//! [rank] NAME`), a later short mention of someone introduced earlier, and the entity a person
//! mention becomes (the same id for the same person).

use super::*;

impl<'a> Entities<'a> {
    /// Is word `k` a plausible part of a personal name?
    pub(super) fn name_word(&self, k: usize, first: bool) -> bool {
        let w = &self.ws[k];
        if w.is_punct() || w.is_number() || w.kind != khabar_text::tokens::Kind::Word {
            return false;
        }
        let f = self.flags[k];
        if !w.proclitics.is_empty() || f & F_STOP_TEXT != 0 {
            return false;
        }
        // a fixed expression, a number word or a span of time («خمس سنوات») after a title
        if self.gaz.not_name_end(self.ws, k).is_some() {
            return false;
        }
        if f & (F_VERB | F_ADJ) != 0 {
            return false;
        }
        if matches!(
            w.core.as_str(),
            "ه" | "ها" | "هم" | "هما" | "هن" | "ي" | "ك" | "كم" | "نا" | "ابو" | "بن"
        ) && !first
            || matches!(
                w.core.as_str(),
                "ه" | "ها" | "هم" | "هما" | "هن" | "ي" | "ك" | "كم" | "نا"
            )
        {
            return false;
        }
        let given = f & F_GIVEN != 0;
        if let Some(m) = self.match_at(k) {
            // «أمير» is a title and a given name: after a title or rank, a name
            let name_like_role = given && m.to == k + 1 && matches!(m.target, Target::Role(_));
            if !matches!(m.target, Target::Person(_)) && !name_like_role {
                return false;
            }
        }
        let n = w.bare.chars().count();
        if n < 2 || MODIFIERS.contains(&w.core.as_str()) {
            return false;
        }
        if w.has_article() {
            // nisba surnames («الدليمي») only after a first name
            return !first && w.bare.ends_with('ي') && n >= 4;
        }
        if first && !given && w.core.starts_with('ي') && n >= 4 {
            return false; // imperfect verb («يزور»)
        }
        if !given && w.core.ends_with('ه') {
            return false; // feminine noun
        }
        true
    }

    /// End of a name's lineage after a lexicon name ends at `to`: «الملك سلمان» matched, «بن
    /// عبدالعزيز آل سعود» is still his name, not another person.
    pub(super) fn nasab_end(&self, to: usize, e: usize) -> usize {
        let ws = self.ws;
        let lineage = |k: usize| {
            k + 1 < e
                && ws[k].proclitics.is_empty()
                && matches!(ws[k].core.as_str(), "بن" | "ابن" | "بنت" | "ال")
                && self.name_word(k + 1, false)
        };
        if lineage(to) {
            self.name_end(to, e, false)
        } else {
            to
        }
    }

    /// End of a 1–3 word name starting at `j` (prefixes أبو/بن/عبد do not count).
    pub(super) fn name_end(&self, j: usize, e: usize, first: bool) -> usize {
        let mut k = j;
        let mut n = 0;
        while k < e && n < 3 {
            let w = &self.ws[k];
            let prefix = matches!(w.core.as_str(), "ابو" | "بن" | "ابن" | "عبد" | "ال" | "ابي");
            if prefix && w.proclitics.is_empty() && k + 1 < e && self.name_word(k + 1, false) {
                k += 1;
                continue;
            }
            if !self.name_word(k, first && k == j) {
                break;
            }
            k += 1;
            n += 1;
        }
        k
    }

    pub(super) fn person_after_role(&mut self, m: Match, s: usize, e: usize) -> usize {
        let ws = self.ws;
        let lx = self.lx;
        let mut best: Option<usize> = None; // role index with highest priority
        let mut title: Option<usize> = None;
        let consider = |r: usize, best: &mut Option<usize>, title: &mut Option<usize>| {
            let role = &lx.roles[r];
            if role.kind == RoleKind::Title && title.is_none() {
                *title = Some(r);
            }
            if !role.agent.is_empty() && best.is_none_or(|b| lx.roles[b].priority < role.priority) {
                *best = Some(r);
            }
        };
        if let Target::Role(r) = m.target {
            consider(r, &mut best, &mut title);
        }
        let role_start = m.from;
        let mut role_end = m.to;
        // the words that make up the role text (titles, conjoined portfolios, modifiers; not nationality)
        let mut role_words: Vec<Range<usize>> = Vec::new();
        if title.is_some() {
            role_words.push(m.from..m.to);
        }
        let mut after_rank = false;
        let mut country: Option<String> = None;
        let mut org_code: Option<String> = None;
        let mut lex_person: Option<(usize, usize)> = None;
        let construct = !ws[m.to - 1].has_article();
        let mut j = m.to;
        while j < e {
            let w = &ws[j];
            if w.proclitics.is_empty() {
                if let Some(iso) = self.gaz.adjective(w) {
                    if country.is_none() {
                        country = Some(iso.to_string());
                    }
                    j += 1;
                    role_end = j;
                    continue;
                }
                if MODIFIERS.contains(&w.core.as_str()) || w.core == "بالوكاله" {
                    if title.is_some() {
                        role_words.push(j..j + 1);
                    }
                    j += 1;
                    role_end = j;
                    continue;
                }
            } else if w.core == "بالوكاله" || (w.proclitics == "ب" && w.core == "الوكاله")
            {
                role_words.push(j..j + 1);
                j += 1;
                role_end = j;
                continue;
            }
            if let Some(m2) = self.match_in(j, e) {
                match m2.target {
                    Target::Role(r2)
                        if w.proclitics.is_empty()
                            && matches!(
                                lx.roles[r2].kind,
                                RoleKind::Title | RoleKind::Rank | RoleKind::Honorific
                            )
                            && !(m2.to == j + 1
                                && self.gaz.given.contains(&w.core)
                                && j + 1 < e
                                && self.name_word(j + 1, false))
                            && !self.second_title_of_another(&country, r2, m2.to, e) =>
                    {
                        let was_title = title.is_some();
                        consider(r2, &mut best, &mut title);
                        if lx.roles[r2].kind == RoleKind::Title {
                            if !was_title {
                                role_words.push(j..m2.to);
                            }
                            role_end = m2.to;
                        } else {
                            after_rank = true;
                        }
                        j = m2.to;
                        continue;
                    }
                    // «… وزير الداخلية بدولة الإمارات»: a country after «ب» ends a chain of
                    // titles whatever the last title's form
                    Target::Country(c)
                        if country.is_none()
                            && j == role_end
                            && (construct || j == m.to || w.proclitics == "ب") =>
                    {
                        country = Some(lx.countries[c].iso3.clone());
                        j = m2.to;
                        role_end = j;
                        continue;
                    }
                    Target::Org(o) if org_code.is_none() && title.is_some() && j == role_end => {
                        // «قائد فيلق القدس»: the leader takes the organization's code
                        let code = lx.orgs[o].code.clone();
                        self.emit(
                            EntityType::Org,
                            j..m2.to,
                            names0(&lx.orgs[o].names),
                            None,
                            Some(code.clone()),
                            country_of_code(&code, lx),
                            agent_of_code(&code),
                            false,
                        );
                        org_code = Some(code);
                        j = m2.to;
                        role_end = j;
                        continue;
                    }
                    Target::Person(p) => {
                        lex_person = Some((p, m2.to));
                    }
                    _ => {}
                }
                break;
            }
            // a title's genitive with a nationality: «رئيس الجالية اليمنية», «قائد القوات
            // الإيرانية» (the person is of that country, not of the article's)
            if title.is_some() && country.is_none() && j == role_end {
                if let Some((iso, end)) = self.nationality_after(j, e, 1) {
                    country = Some(iso);
                    role_words.push(j..end - 1);
                    j = end;
                    role_end = j;
                    continue;
                }
            }
            // conjoined portfolio: «وزير الدفاع واسناد القوات المسلحة»
            if title.is_some()
                && w.proclitics == "و"
                && !w.has_article()
                && j + 1 < e
                && ws[j + 1].has_article()
                && ws[j + 1].proclitics.is_empty()
            {
                let mut k = j + 1;
                while k < e
                    && k < j + 4
                    && ws[k].has_article()
                    && ws[k].proclitics.is_empty()
                    && self.gaz.adjective(&ws[k]).is_none()
                {
                    k += 1;
                }
                role_words.push(j..k);
                j = k;
                role_end = k;
                continue;
            }
            break;
        }
        // an organization named inside the title («أمين المجلس الأعلى للأمن القومي الإيراني»),
        // unless the chain above took it already
        let inner = if org_code.is_none() {
            role_start + 1..role_end
        } else {
            0..0
        };
        for p in inner {
            if let Some(mo) = self.match_in(p, role_end.max(p + 1)) {
                if let Target::Org(o) = mo.target {
                    let code = lx.orgs[o].code.clone();
                    let mut to = mo.to;
                    if to < role_end && self.gaz.adjective(&ws[to]).is_some() {
                        to += 1;
                    }
                    self.emit(
                        EntityType::Org,
                        p..to,
                        names0(&lx.orgs[o].names),
                        None,
                        Some(code.clone()),
                        country_of_code(&code, lx),
                        agent_of_code(&code),
                        false,
                    );
                    // «رئيس البرلمان العربي»: a body named in a title with no nationality is
                    // the person's, as for «قائد فيلق القدس»
                    if org_code.is_none() && country.is_none() {
                        org_code = Some(code);
                    }
                    break;
                }
            }
        }
        let mut role_text = title.map(|_| {
            role_words
                .iter()
                .enumerate()
                .map(|(n, r)| {
                    if n == 0 {
                        self.surface(r.clone())
                    } else {
                        self.surface_full(r.clone())
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        });
        let counterpart = title.is_some_and(|t| self.gaz.counterpart[t]);
        // «نظيره»: the counterpart holds the same office as the last person of another country
        let base_role = if counterpart {
            self.known
                .iter()
                .rev()
                .find(|k| {
                    k.etype == EntityType::Person
                        && k.country.is_some()
                        && k.country != country
                        && k.role.is_some()
                })
                .and_then(|k| k.role.clone())
        } else {
            None
        };
        if base_role.is_some() {
            role_text = base_role.clone();
        }
        let agent = best.map(|b| lx.roles[b].agent.clone());
        let name_start = j;
        let (name_end, lex_code) = match lex_person {
            Some((p, to)) => (self.nasab_end(to, e), Some(lx.people[p].code.clone())),
            None => {
                let end = self.name_end(j, e, true);
                // right after a title (no rank), one word alone must be a known given name:
                // «أشاد وزير الدفاع بدعم» is not a name
                if end == j + 1 && !after_rank && !self.gaz.given.contains(&ws[j].core) {
                    (j, None)
                } else {
                    (end, None)
                }
            }
        };
        if name_end > name_start {
            let (code, country) = match (&lex_code, &org_code) {
                (Some(c), _) => (Some(c.clone()), country_of_code(c, lx)),
                (None, Some(c)) => (Some(c.clone()), country_of_code(c, lx)),
                (None, None) => (None, country.clone()),
            };
            let agent = lex_code.as_deref().and_then(agent_of_code).or(agent);
            let span = name_start..name_end;
            let canonical = lex_person.map(|(p, _)| names0(&lx.people[p].names));
            match canonical {
                Some(n) => {
                    self.emit_person(span, n, role_text, code, country, agent);
                }
                None => {
                    let agent_for_new = agent.clone();
                    self.new_person_full(span, role_text, code, country, agent_for_new, s);
                }
            }
            if let Some(last) = self.out.last_mut() {
                last.mention_start = role_start;
            }
            return name_end;
        }
        // a role without a name: a person only when its country is known or it resolves
        let Some(t) = title else { return j };
        let r = &lx.roles[t];
        let span = role_start..role_end;
        if counterpart {
            let target = self.known.iter().rev().find(|k| {
                k.etype == EntityType::Person
                    && k.country.is_some()
                    && k.country == country
                    && country.is_some()
                    && base_role.is_some()
                    && same_role(k.role.as_deref(), base_role.as_deref())
            });
            if let Some(k) = target {
                let id = k.id;
                self.emit_known(id, span);
                return j;
            }
            let Some(c) = country else { return j };
            // an introduction of a counterpart not named: keep it as a person of that country
            let agent = Some(r.agent.clone());
            self.new_role_person(span, base_role, c, agent);
            return j;
        }
        if let Some(c) = country
            .clone()
            .or_else(|| org_code.as_deref().and_then(|oc| country_of_code(oc, lx)))
        {
            let role_s = role_text.clone();
            // an indefinite title («مسؤول إيراني») introduces someone new
            let definite = ws[role_start].has_article()
                || !ws[role_start].bare.is_empty() && ws[role_start..role_end].len() > 1;
            let target = self.known.iter().rev().filter(|_| definite).find(|k| {
                k.etype == EntityType::Person
                    && k.country.as_deref() == Some(c.as_str())
                    && same_role(k.role.as_deref(), role_s.as_deref())
            });
            if let Some(k) = target {
                let id = k.id;
                self.emit_known(id, span);
                return j;
            }
            // «الوزير الإيراني»: a generic title resolves to the last person of that country
            if r.phrases.iter().all(|p| p.split_whitespace().count() == 1)
                && ws[role_start].has_article()
            {
                if let Some(k) = self.known.iter().rev().find(|k| {
                    k.etype == EntityType::Person
                        && k.country.as_deref() == Some(c.as_str())
                        && k.role.is_some()
                }) {
                    let id = k.id;
                    self.emit_known(id, span);
                    return j;
                }
            }
            let agent = org_code
                .as_deref()
                .and_then(agent_of_code)
                .or_else(|| agent.clone());
            self.new_role_person(span, role_text, c, agent);
        }
        j
    }

    /// Does the title `r2` (ending at word `to`) begin a second person rather than continue the
    /// chain of titles of one: the role so far has its nationality and the new title another
    /// («التقى وزير الخارجية السعودي وزير الداخلية الأردني» is two ministers; «وزير الخارجية
    /// السعودي رئيس الوفد» stays one).
    fn second_title_of_another(
        &self,
        country: &Option<String>,
        r2: usize,
        to: usize,
        e: usize,
    ) -> bool {
        let Some(c) = country else { return false };
        // the nationality right after the title, or after up to three of its words
        self.lx.roles[r2].kind == RoleKind::Title
            && self
                .nationality_at(to, e)
                .or_else(|| self.nationality_after(to, e, 3).map(|(iso, _)| iso))
                .is_some_and(|iso| &iso != c)
    }

    /// A later short mention of a person introduced earlier (a surname, the name without title).
    pub(super) fn alias(&mut self, i: usize, e: usize) -> Option<usize> {
        let ws = self.ws;
        let w = &ws[i];
        if w.is_punct() || self.is_stop(i) {
            return None;
        }
        if !self.parts.contains(w.core.as_str()) {
            return None;
        }
        let mut best: Option<(usize, usize)> = None; // (known index, end)
        for (ki, k) in self.known.iter().enumerate().rev() {
            if k.etype != EntityType::Person || k.name.is_empty() {
                continue;
            }
            for (p, part) in k.name.iter().enumerate() {
                if *part != w.core {
                    continue;
                }
                let mut len = 1;
                while p + len < k.name.len()
                    && i + len < e
                    && ws[i + len].core == k.name[p + len]
                    && ws[i + len].proclitics.is_empty()
                {
                    len += 1;
                }
                // a lone given name («علي») is too common to stand for someone
                if len == 1 && (self.gaz.given.contains(part) || part.chars().count() < 3) {
                    continue;
                }
                if best.is_none_or(|(_, end)| i + len > end) {
                    best = Some((ki, i + len));
                }
            }
        }
        let (ki, end) = best?;
        let id = self.known[ki].id;
        self.emit_known(id, i..end);
        Some(end)
    }

    pub(super) fn emit_known(&mut self, id: usize, r: Range<usize>) {
        let Some(k) = self.known.iter().find(|k| k.id == id) else {
            return;
        };
        let ent = Entity {
            id,
            span: (self.ws[r.start].start, self.ws[r.end - 1].end),
            mention_start: r.start,
            words: r,
            etype: k.etype,
            name: k.canonical.clone(),
            role: k.role.clone(),
            code: k.code.clone(),
            country: k.country.clone(),
            agent: k.agent.clone(),
            metonymy: false,
            nominal: k.name.is_empty() && k.etype == EntityType::Person,
            country_inferred: false,
        };
        self.out.push(ent);
    }

    /// A person from the lexicon (or with a fixed code): reuse the id of an earlier mention.
    pub(super) fn emit_person(
        &mut self,
        r: Range<usize>,
        name: String,
        role: Option<String>,
        code: Option<String>,
        country: Option<String>,
        agent: Option<String>,
    ) {
        let cores: Vec<String> = self.ws[r.clone()].iter().map(|w| w.core.clone()).collect();
        if let Some(k) = self
            .known
            .iter_mut()
            .find(|k| k.etype == EntityType::Person && k.canonical == name)
        {
            if k.role.is_none() {
                k.role = role;
            }
            let id = k.id;
            self.emit_known(id, r);
            return;
        }
        self.add_person(
            r,
            Known {
                id: 0,
                name: cores,
                etype: EntityType::Person,
                code,
                country,
                agent,
                role,
                canonical: name,
            },
        );
    }

    /// A person not met before: a new id, its name words noted, the mention emitted.
    fn add_person(&mut self, r: Range<usize>, k: Known) {
        let id = self.next_id();
        self.note_name(r.clone());
        self.known.push(Known { id, ..k });
        self.emit_known(id, r);
    }

    pub(super) fn new_person(
        &mut self,
        r: Range<usize>,
        role: Option<String>,
        agent: Option<String>,
        s: usize,
    ) {
        self.new_person_full(r, role, None, None, agent, s)
    }

    /// A person named in the text: same name as an earlier one → same entity; the country
    /// falls back to the nearest preceding actor of the sentence.
    pub(super) fn new_person_full(
        &mut self,
        r: Range<usize>,
        role: Option<String>,
        code: Option<String>,
        country: Option<String>,
        agent: Option<String>,
        s: usize,
    ) {
        let cores: Vec<String> = self.ws[r.clone()].iter().map(|w| w.core.clone()).collect();
        let surface = self.surface(r.clone()).to_string();
        // the same person again (full name, or the name is contained in a known one)
        let found = self.known.iter().rposition(|k| {
            k.etype == EntityType::Person
                && !k.name.is_empty()
                && (k.name == cores
                    || contains_seq(&k.name, &cores)
                    || contains_seq(&cores, &k.name))
        });
        if let Some(ki) = found {
            let k = &mut self.known[ki];
            if k.role.is_none() {
                k.role = role;
            }
            if k.code.is_none() {
                if let (Some(c), Some(a)) = (country.clone(), agent.clone()) {
                    k.code = Some(format!("{c}{a}"));
                    k.country = Some(c);
                }
            }
            let longer = cores.len() > k.name.len();
            if longer {
                k.name = cores;
                k.canonical = surface;
            }
            let id = k.id;
            if longer {
                self.note_name(r.clone());
            }
            self.emit_known(id, r);
            return;
        }
        let country = country.or_else(|| {
            if code.is_some() || agent.is_none() {
                return None;
            }
            // nearest preceding actor of this sentence, or a country closing the title right
            // before the name («وزير الدولة لشؤون الدفاع بدولة قطر اللواء حمد العطية»: Qatari,
            // not the host named before him)
            let sent_start = self.ws[s].start;
            self.out
                .iter()
                .rev()
                .take_while(|x| x.span.0 >= sent_start)
                .find(|x| {
                    matches!(x.etype, EntityType::Person | EntityType::Org) && x.country.is_some()
                        || x.etype == EntityType::Country && self.title_country(x, r.start)
                })
                .and_then(|x| x.country.clone())
        });
        let code = code.or_else(|| match (&country, &agent) {
            (Some(c), Some(a)) => Some(format!("{c}{a}")),
            _ => None,
        });
        self.add_person(
            r,
            Known {
                id: 0,
                name: cores,
                etype: EntityType::Person,
                code,
                country,
                agent,
                role,
                canonical: surface,
            },
        );
    }

    /// Does the country mention `x` end the title of the person named at word `name`: at most
    /// two words (a rank) between them, none a punctuation mark or a conjunction?
    fn title_country(&self, x: &Entity, name: usize) -> bool {
        let ws = self.ws;
        let end = x.words.end;
        end <= name
            && name - end <= 2
            && ws[end..name]
                .iter()
                .all(|w| !w.is_punct() && w.proclitics.is_empty())
            && ws.get(name).is_some_and(|w| w.proclitics.is_empty())
    }

    /// A titled person not named («نظيره الإيراني» on first mention, «الرئيس الأمريكي»).
    pub(super) fn new_role_person(
        &mut self,
        r: Range<usize>,
        role: Option<String>,
        country: String,
        agent: Option<String>,
    ) {
        let code = agent.as_ref().map(|a| format!("{country}{a}"));
        let id = self.next_id();
        let canonical = self.surface(r.clone()).to_string();
        self.known.push(Known {
            id,
            name: Vec::new(),
            etype: EntityType::Person,
            code,
            country: Some(country),
            agent,
            role,
            canonical,
        });
        self.emit_known(id, r);
    }
}
