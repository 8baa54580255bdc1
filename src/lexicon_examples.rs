//! Every lexicon row's example, coded through the whole engine: does the row's code come out?
//! Used by `khabar lexicon check` (a user's rows) and by the test that runs the built-in rows
//! against `data/lexicon/known_failures.tsv`.

use crate::pipeline::{Analysis, Analyzer, Depth};
use khabar_extract::EntityType;
use khabar_ingest::Article;
use khabar_lexicon::{At, Lexicon};

/// What a row's example must yield.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Want {
    /// an event of this CAMEO code (events.tsv, deeds.tsv)
    Event(String),
    /// an entity or event side with this actor code (orgs.tsv, people.tsv)
    Actor(String),
    /// an entity with this agent (roles.tsv titles, ranks, institutions, groups)
    Agent(String),
    /// a PERSON entity (roles.tsv honorifics, which carry no agent)
    Person,
    /// an entity of this country (places.tsv: the name in a sentence of ours, since the table
    /// has no example column)
    Country(String),
}

#[derive(Debug, Clone)]
pub struct Example {
    /// the table's file name («events.tsv»)
    pub table: &'static str,
    /// what names the row across edits (its code and first form or name), for known_failures.tsv
    pub key: String,
    pub at: At,
    pub text: String,
    pub want: Want,
}

/// The sentence a place name is coded in.
pub fn place_sentence(name: &str) -> String {
    format!("وصل الوفد إلى {name} أمس.")
}

fn first(v: &[String]) -> &str {
    v.first().map_or("", String::as_str)
}

/// The examples of every row of the tables that have them (and of places.tsv), in table order.
pub fn examples(lx: &Lexicon) -> Vec<Example> {
    let mut out = Vec::new();
    for e in &lx.events {
        // a row of verbal nouns alone is told from the verb row of the same spelling
        let form = match [&e.past, &e.present].into_iter().find(|v| !v.is_empty()) {
            Some(v) => first(v).to_string(),
            None => format!("{} (noun)", first(&e.masdar)),
        };
        out.push(Example {
            table: "events.tsv",
            // rows of one lemma differ by their context words
            key: match e.context.first() {
                Some(c) => format!("{} {form} +{c}", e.code),
                None => format!("{} {form}", e.code),
            },
            at: e.at.clone(),
            text: e.example.clone(),
            want: Want::Event(e.code.clone()),
        });
    }
    for d in &lx.deeds {
        out.push(Example {
            table: "deeds.tsv",
            key: format!("{} {}", d.code, first(&d.phrases)),
            at: d.at.clone(),
            text: d.example.clone(),
            want: Want::Event(d.code.clone()),
        });
    }
    for r in &lx.roles {
        out.push(Example {
            table: "roles.tsv",
            key: format!("{} {}", r.agent, first(&r.phrases)),
            at: r.at.clone(),
            text: r.example.clone(),
            want: if r.agent.is_empty() {
                Want::Person
            } else {
                Want::Agent(r.agent.clone())
            },
        });
    }
    for (table, rows) in [
        (
            "orgs.tsv",
            lx.orgs
                .iter()
                .map(|o| (&o.code, &o.names, &o.at, &o.example))
                .collect::<Vec<_>>(),
        ),
        (
            "people.tsv",
            lx.people
                .iter()
                .map(|p| (&p.code, &p.names, &p.at, &p.example))
                .collect(),
        ),
    ] {
        for (code, names, at, example) in rows {
            out.push(Example {
                table,
                key: format!("{code} {}", first(names)),
                at: at.clone(),
                text: example.clone(),
                want: Want::Actor(code.clone()),
            });
        }
    }
    for p in &lx.places {
        out.push(Example {
            table: "places.tsv",
            key: format!("{} {}", p.iso3, first(&p.names)),
            at: p.at.clone(),
            text: place_sentence(first(&p.names)),
            want: Want::Country(p.iso3.clone()),
        });
    }
    out
}

/// What coding an example gave.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub pass: bool,
    /// the entities and events found, briefly: «ENT قوات النخبة الحضرمية=YEMMIL; EV 190 YEMMIL→-»
    pub yields: String,
}

/// Codes one example and checks it against its row.
pub fn code(an: &Analyzer, ex: &Example) -> Outcome {
    let a = an.analyze(
        Article {
            doc_id: ex.key.clone(),
            text: ex.text.clone(),
            ..Default::default()
        },
        Depth::Entities,
    );
    Outcome {
        pass: satisfied(&a, &ex.want),
        yields: describe(&a),
    }
}

fn satisfied(a: &Analysis, want: &Want) -> bool {
    let x = &a.extracted;
    match want {
        Want::Event(code) => x.events.iter().any(|e| &e.cameo == code),
        Want::Actor(code) => {
            x.entities.iter().any(|e| e.code.as_ref() == Some(code))
                || x.events.iter().any(|e| {
                    [&e.source, &e.target]
                        .into_iter()
                        .flatten()
                        .any(|s| &s.code == code)
                })
        }
        Want::Agent(agent) => x.entities.iter().any(|e| {
            e.agent.as_ref() == Some(agent) || e.code.as_ref().is_some_and(|c| c.ends_with(agent))
        }),
        Want::Person => x.entities.iter().any(|e| e.etype == EntityType::Person),
        Want::Country(iso3) => x
            .entities
            .iter()
            .any(|e| e.country.as_ref() == Some(iso3) || e.code.as_ref() == Some(iso3)),
    }
}

fn describe(a: &Analysis) -> String {
    let text = &a.cleaned.text;
    let x = &a.extracted;
    let mut parts: Vec<String> = x
        .entities
        .iter()
        .map(|e| {
            let surface = text.get(e.span.0..e.span.1).unwrap_or_default();
            let code = e.code.as_deref().or(e.agent.as_deref()).unwrap_or("-");
            format!("{:?} «{surface}»={code}", e.etype).to_uppercase()
        })
        .collect();
    for e in &x.events {
        let side = |s: &Option<khabar_extract::Actor>| {
            s.as_ref().map_or("-".to_string(), |s| s.code.clone())
        };
        parts.push(format!(
            "EVENT {} {}→{} ({:?})",
            e.cameo,
            side(&e.source),
            side(&e.target),
            e.modality
        ));
    }
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join("; ")
    }
}
