//! A user's lexicon directory over the built-in tables: add and replace modes, and errors that
//! name the file and line.

use khabar_lexicon::{builtin_text, check_format, Lexicon};
use std::path::Path;

const ORGS_HEAD: &str = "# source: test\n# columns: names\tcode\tenglish\texample\n";

fn load(files: &[(&str, &str)]) -> Result<Lexicon, String> {
    let d = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(d.path().join(name), text).expect("write");
    }
    Lexicon::load_dir(d.path()).map_err(|e| {
        // the temporary path differs run to run: keep the file name and what follows
        let p = d.path().display().to_string();
        e.to_string().replace(&format!("{p}/"), "")
    })
}

#[test]
fn added_rows_follow_the_built_in_ones_and_duplicates_are_dropped() {
    let base = Lexicon::load().expect("built-in");
    let row = "قوات النخبة الحضرمية\tYEMMIL\tHadrami Elite Forces\tوقالت قوات النخبة الحضرمية إنها سيطرت على المكلا.\n";
    let first_builtin = builtin_text("orgs.tsv")
        .expect("orgs")
        .lines()
        .find(|l| !l.starts_with('#'))
        .expect("a row")
        .to_string();
    let lx = load(&[("orgs.tsv", &format!("{ORGS_HEAD}{row}{first_builtin}\n"))]).expect("loads");
    assert_eq!(lx.orgs.len(), base.orgs.len() + 1);
    let last = lx.orgs.last().expect("a row");
    assert_eq!(last.code, "YEMMIL");
    assert_eq!(last.names[0], "قوات النخبة الحضرمية");
    assert!(last.at.to_string().ends_with("orgs.tsv:3"), "{}", last.at);
    // the other tables are the built-in ones
    assert_eq!(lx.events.len(), base.events.len());
}

#[test]
fn replace_mode_makes_the_users_rows_the_whole_table() {
    let lx = load(&[(
        "people.tsv",
        "# source: t\n# columns: names\tcode\tenglish\texample\n# mode: replace\nفلان الفلاني\tYEMGOV\tX\tقال فلان الفلاني.\n",
    )])
    .expect("loads");
    assert_eq!(lx.people.len(), 1);
    assert_eq!(lx.people[0].code, "YEMGOV");
}

#[test]
fn the_built_in_tables_read_from_disk_are_the_built_in_lexicon() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/lexicon");
    let a = Lexicon::load().expect("built-in");
    let b = Lexicon::load_dir(&here).expect("from disk");
    assert_eq!(a.events.len(), b.events.len());
    assert_eq!(a.orgs.len(), b.orgs.len());
    assert_eq!(a.places.len(), b.places.len());
    assert_eq!(a.cues.get("negation"), b.cues.get("negation"));
    // rows read from disk keep the built-in table's origin: the same rows, not added again
    assert!(b.events.iter().all(|e| &*e.at.file == "events.tsv"));
}

#[test]
fn errors_name_the_file_and_line() {
    let bad_columns = format!("{ORGS_HEAD}# a comment\nا\tب\tج\tد\tه\n");
    let no_names = format!("{ORGS_HEAD}\n\tYEMMIL\tx\tx\n");
    let bad_code = format!("{ORGS_HEAD}قوات\tyem\tx\tx\n");
    let cases: Vec<(&str, &str, &str)> = vec![
        (
            "orgs.tsv",
            "# columns: names\n",
            "orgs.tsv:1: first line must be `# source: …`",
        ),
        (
            "orgs.tsv",
            "# source: t\nقوات\n",
            "orgs.tsv:2: second line must be `# columns: …`",
        ),
        (
            "orgs.tsv",
            "# source: t\n# columns: names\tcode\n",
            "orgs.tsv:2: columns must be the built-in table's",
        ),
        ("orgs.tsv", &bad_columns, "orgs.tsv:4: 5 columns, expected 4"),
        ("orgs.tsv", &no_names, "orgs.tsv:4: no names"),
        (
            "orgs.tsv",
            &bad_code,
            "orgs.tsv:3: code \"yem\" is not a CAMEO actor code",
        ),
        (
            "roles.tsv",
            "# source: t\n# columns: phrases\tagent\tkind\tpriority\texample\nقائد\tMIL\tboss\t1\tx\n",
            "roles.tsv:3: unknown role kind \"boss\"",
        ),
        (
            "deeds.tsv",
            "# source: t\n# columns: phrases\tcode\texample\nتهديد\t999\tx\n",
            "deeds.tsv:3: event code \"999\" is not in cameo.tsv",
        ),
        (
            "calendar.tsv",
            "# source: t\n# columns: kind\tvalue\tnames\nmonth\tthirteen\tشهر\n",
            "calendar.tsv:3: bad value \"thirteen\"",
        ),
        (
            "cues.tsv",
            "# source: t\n# columns: kind\tphrases\tnote\n# mode: sometimes\n",
            "cues.tsv:3: unknown mode \"sometimes\"",
        ),
        ("org.tsv", "# source: t\n", "org.tsv:1: not a lexicon table"),
        (
            "geo_countries.tsv",
            "# source: t\n# columns: iso3\tfips\tlat\tlon\nXXX\tXX\tnorth\t1\n",
            "geo_countries.tsv:3: lat \"north\" is not a number",
        ),
        (
            "geo_places.tsv",
            "# source: t\n# columns: geonameid\tname\tiso2\tiso3\tadm1\tlat\tlon\tpopulation\tnames\nx\tA\tYE\tYEM\t04\t1\t1\t0\tا\n",
            "geo_places.tsv:3: geonameid \"x\" is not a number",
        ),
    ];
    for (name, text, want) in cases {
        let got = load(&[(name, text)]).err().unwrap_or_default();
        assert!(got.starts_with(want), "want {want:?}, got {got:?}");
    }
}

#[test]
fn geo_tables_are_the_compiled_ones_unless_a_user_changes_one() {
    let geo = builtin_text("geo_countries.tsv").expect("geo");
    assert!(load(&[("geo_countries.tsv", geo)])
        .expect("loads")
        .geo
        .is_none());
    let town = "999999001\tTest Town\tYE\tYEM\t04\t14.78\t49.37\t20000\tبلدة الاختبار\n";
    let head =
        "# source: t\n# columns: geonameid\tname\tiso2\tiso3\tadm1\tlat\tlon\tpopulation\tnames\n";
    let lx = load(&[("geo_places.tsv", &format!("{head}{town}"))]).expect("loads");
    let g = lx.geo.expect("geo tables of its own");
    assert!(
        g.places.ends_with(town),
        "{}",
        &g.places[g.places.len() - 200..]
    );
    assert_eq!(g.adm1, builtin_text("geo_adm1.tsv").expect("adm1"));
    assert_eq!(
        g.places.lines().filter(|l| !l.starts_with('#')).count(),
        builtin_text("geo_places.tsv")
            .expect("places")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .count()
            + 1
    );
}

#[test]
fn other_files_are_not_read() {
    let geo = builtin_text("geo_countries.tsv").expect("geo");
    let lx = load(&[
        ("README.md", "not a table"),
        ("known_failures.tsv", "not a table either"),
        ("geo_countries.tsv", geo),
    ]);
    assert!(lx.is_ok(), "{:?}", lx.err());
}

#[test]
fn the_format_check_is_the_build_scripts() {
    assert_eq!(
        check_format("# source: x\n# columns: a\tb\tc\n1\t2\t3\n1\t2\t3\t4\n"),
        Err((4, "4 columns, expected 3".into()))
    );
    assert_eq!(
        check_format("# source: x\n# columns: a\tb\tc\n1\n# 1\t2\t3\t4\n"),
        Ok(vec!["a", "b", "c"])
    );
}
