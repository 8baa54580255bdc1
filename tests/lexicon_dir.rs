//! Users' lexicon directories through the binary: the README's worked example (an armed group
//! and a verb added in a directory, their events appearing without a rebuild), errors with
//! file:line and exit 2, `lexicon check` and `lexicon export`.

use std::path::Path;
use std::process::{Command, Output};

/// The README's worked example: the two tables, the article.
const ORGS: &str = "# source: my additions\n# columns: names\tcode\tenglish\texample\n\
قوات النخبة الحضرمية|النخبة الحضرمية\tYEMMIL\tHadrami Elite Forces\tوقالت قوات النخبة الحضرمية إنها سيطرت على المكلا.\n";
const EVENTS: &str = "# source: my additions\n# columns: code\tpast\tpresent\tmasdar\tcontext\texample\n\
190\tدحر|دحرت|دحروا\tيدحر|تدحر|يدحرون\tدحر\t\tودحرت قوات النخبة الحضرمية مسلحي تنظيم القاعدة من مدينة المكلا.\n";
const ARTICLE: &str = "ودحرت قوات النخبة الحضرمية مسلحي تنظيم القاعدة من مدينة المكلا أمس، \
وقالت قوات النخبة الحضرمية إنها سيطرت على الميناء.\n";

fn khabar(args: &[&str], dir: &Path) -> Output {
    khabar_coder(args, dir, None)
}

/// `khabar` with the coder mode `coder` (`KHABAR_CODER`), else the default.
fn khabar_coder(args: &[&str], dir: &Path, coder: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_khabar"));
    c.args(args)
        .current_dir(dir)
        .env_remove("KHABAR_LEXICON")
        .env_remove("KHABAR_MODELS")
        .env_remove("KHABAR_CODER");
    if let Some(mode) = coder {
        c.env("KHABAR_CODER", mode);
    }
    c.output().expect("khabar runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// (source, cameo, target) of each CSV event row.
fn dyads(csv: &str) -> Vec<(String, String, String)> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[3].to_string(), f[7].to_string(), f[5].to_string())
        })
        .collect()
}

fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let my = tmp.path().join("my");
    std::fs::create_dir(&my).expect("mkdir");
    std::fs::write(my.join("orgs.tsv"), ORGS).expect("write");
    std::fs::write(my.join("events.tsv"), EVENTS).expect("write");
    std::fs::write(tmp.path().join("art.txt"), ARTICLE).expect("write");
    tmp
}

#[test]
fn worked_example_new_actor_and_verb_code_without_a_rebuild() {
    let tmp = setup();
    let args = [
        "events",
        "art.txt",
        "--published",
        "2016-04-25",
        "--format",
        "csv",
    ];
    // the rule tables know neither (the default coder's learned layer, trained on annotations,
    // may already see a 19x event of «قوات» against al-Qaeda: the user's rows make it theirs)
    let before = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .current_dir(tmp.path())
        .env_remove("KHABAR_LEXICON")
        .env_remove("KHABAR_MODELS")
        .env("KHABAR_CODER", "rules")
        .output()
        .expect("khabar runs");
    assert!(before.status.success());
    assert_eq!(
        dyads(&stdout(&before)),
        vec![],
        "built-in tables know neither"
    );
    let mut with = args.to_vec();
    with.extend(["--lexicon", "my"]);
    let after = khabar(&with, tmp.path());
    assert!(
        after.status.success(),
        "{}",
        String::from_utf8_lossy(&after.stderr)
    );
    let got = dyads(&stdout(&after));
    let want = (
        "YEMMIL".to_string(),
        "190".to_string(),
        "IMGMUSREB".to_string(),
    );
    assert!(got.contains(&want), "{got:?}");
    // the environment variable does the same
    let env = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .current_dir(tmp.path())
        .env("KHABAR_LEXICON", "my")
        .output()
        .expect("khabar runs");
    assert_eq!(stdout(&env), stdout(&after));
}

#[test]
fn lexicon_check_codes_the_directory_rows() {
    let tmp = setup();
    let o = khabar(&["lexicon", "check", "my"], tmp.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("my/events.tsv:3\tok\t190 دحر\t"), "{out}");
    assert!(out.contains("EVENT 190 YEMMIL→IMGMUSREB"), "{out}");
    assert!(
        out.contains("my/orgs.tsv:3\tok\tYEMMIL قوات النخبة الحضرمية"),
        "{out}"
    );
    // an example that does not yield its row's code: listed as MISS, exit 1
    let my = tmp.path().join("my");
    let people = "# source: t\n# columns: names\tcode\tenglish\texample\nفلان الفلاني\tYEMGOV\tX\tوصل الوفد أمس.\n";
    std::fs::write(my.join("people.tsv"), people).expect("write");
    let o = khabar(&["lexicon", "check", "my"], tmp.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("my/people.tsv:3\tMISS\t"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn malformed_tables_fail_with_file_and_line() {
    let tmp = setup();
    let my = tmp.path().join("my");
    for (name, text, want) in [
        ("orgs.tsv", "# columns: names\n", "my/orgs.tsv:1: first line must be `# source: …`"),
        (
            "orgs.tsv",
            "# source: t\n# columns: names\tcode\tenglish\texample\n\nقوات\tYEMMIL\ta\tb\textra\n",
            "my/orgs.tsv:4: 5 columns, expected 4",
        ),
        (
            "orgs.tsv",
            "# source: t\n# columns: names\tcode\n",
            "my/orgs.tsv:2: columns must be the built-in table's",
        ),
        (
            "events.tsv",
            "# source: t\n# columns: code\tpast\tpresent\tmasdar\tcontext\texample\n999\tدحر\t\t\t\tx\n",
            "my/events.tsv:3: event code \"999\" is not in cameo.tsv",
        ),
        (
            "roles.tsv",
            "# source: t\n# mode: replace\n# columns: phrases\tagent\tkind\tpriority\texample\n",
            "my/roles.tsv:2: second line must be `# columns: …`",
        ),
        ("org.tsv", "# source: t\n", "my/org.tsv:1: not a lexicon table"),
    ] {
        std::fs::write(my.join(name), text).expect("write");
        let o = khabar(&["analyze", "art.txt", "--lexicon", "my"], tmp.path());
        assert_eq!(o.status.code(), Some(2), "{name}: {text}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{want}\n{err}");
        std::fs::remove_file(my.join(name)).expect("rm");
    }
    std::fs::write(my.join("orgs.tsv"), ORGS).expect("write");
}

#[test]
fn replace_mode_and_export() {
    let tmp = setup();
    // the built-in tables written out and read back change nothing
    let o = khabar(&["lexicon", "export", "all"], tmp.path());
    assert!(o.status.success());
    let all = tmp.path().join("all");
    assert!(all.join("events.tsv").is_file() && all.join("geo_places.tsv").is_file());
    let plain = khabar(&["analyze", "art.txt"], tmp.path());
    let exported = khabar(&["analyze", "art.txt", "--lexicon", "all"], tmp.path());
    assert!(exported.status.success());
    assert_eq!(stdout(&plain), stdout(&exported));
    // a replaced events table with no rows: no events at all
    let none = tmp.path().join("none");
    std::fs::create_dir(&none).expect("mkdir");
    let empty =
        "# source: t\n# columns: code\tpast\tpresent\tmasdar\tcontext\texample\n# mode: replace\n";
    std::fs::write(none.join("events.tsv"), empty).expect("write");
    let o = khabar(
        &["events", "art.txt", "--lexicon", "none", "--format", "csv"],
        tmp.path(),
    );
    assert!(o.status.success());
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
}

#[test]
fn models_directory_replaces_the_shipped_weights() {
    let tmp = setup();
    let m = tmp.path().join("m");
    std::fs::create_dir(&m).expect("mkdir");
    let args = |extra: &[&'static str]| {
        let mut a = vec!["events", "art.txt", "--lexicon", "my", "--format", "csv"];
        a.extend(extra);
        a
    };
    // the rule coder's confidence model shows under the rules (in the default mode an event's
    // confidence is the vetting model's)
    let rules = Some("rules");
    let shipped = stdout(&khabar_coder(&args(&[]), tmp.path(), rules));
    // the confidence model emptied: the violence event keeps its rule confidence
    std::fs::write(m.join("events.txt"), "# source: none\n").expect("write");
    let o = khabar_coder(&args(&["--models", "m"]), tmp.path(), rules);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let conf = |csv: &str| -> Vec<String> {
        csv.lines()
            .skip(1)
            .map(|l| l.split(',').nth(14).unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(dyads(&stdout(&o)), dyads(&shipped));
    assert_ne!(conf(&stdout(&o)), conf(&shipped));
    // the shipped file copied in changes nothing
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(here.join("data/models/events.txt"), m.join("events.txt")).expect("copy");
    assert_eq!(
        stdout(&khabar_coder(&args(&["--models", "m"]), tmp.path(), rules)),
        shipped
    );
    // damaged lines and unknown files stop the run with file:line
    for (name, text, want) in [
        (
            "events.txt",
            "# x\n0a1b\n",
            "m/events.txt:2: not a `key<TAB>value` line",
        ),
        ("weights.txt", "", "m/weights.txt:1: not a model file"),
    ] {
        std::fs::write(m.join(name), text).expect("write");
        let o = khabar(&args(&["--models", "m"]), tmp.path());
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{want}\n{err}");
        std::fs::remove_file(m.join(name)).expect("rm");
    }
}

#[test]
fn a_town_added_to_the_gazetteer_places_the_event() {
    let tmp = setup();
    let g = tmp.path().join("g");
    std::fs::create_dir(&g).expect("mkdir");
    // a made-up town (and GeoNames id): the entity from places.tsv, the map from geo_places.tsv
    std::fs::write(
        g.join("places.tsv"),
        "# source: t\n# columns: names\tiso3\tkind\tenglish\tambiguous\nبلدة الاختبار\tYEM\tcity\tTest Town\tno\n",
    )
    .expect("write");
    std::fs::write(
        g.join("geo_places.tsv"),
        "# source: t\n# columns: geonameid\tname\tiso2\tiso3\tadm1\tlat\tlon\tpopulation\tnames\n\
         999999001\tTest Town\tYE\tYEM\t04\t14.78\t49.37\t20000\tبلدة الاختبار\n",
    )
    .expect("write");
    std::fs::write(
        tmp.path().join("g.txt"),
        "وقتل مسلحون جنديا يمنيا في بلدة الاختبار أمس.\n",
    )
    .expect("write");
    let feature = |extra: &[&str]| -> Vec<String> {
        let mut a = vec!["events", "g.txt", "--format", "csv"];
        a.extend(extra);
        let o = khabar(&a, tmp.path());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        stdout(&o)
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(16).unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(feature(&[]), vec![""]);
    assert_eq!(feature(&["--lexicon", "g"]), vec!["999999001"]);
}

/// Actor names in event filters know a user's organisations: `--actor «قوات النخبة الحضرمية»`
/// (the name of the worked example's row) selects its YEMMIL events; without the directory the
/// name is unknown (exit 1 and a message that says so).
#[test]
fn event_filters_know_the_users_actor_names() {
    let tmp = setup();
    let ingest = khabar(
        &[
            "ingest",
            "art.txt",
            "--published",
            "2016-04-25",
            "--db",
            "k.db",
            "--quiet",
            "--lexicon",
            "my",
        ],
        tmp.path(),
    );
    assert!(
        ingest.status.success(),
        "{}",
        String::from_utf8_lossy(&ingest.stderr)
    );
    let args = [
        "events",
        "--db",
        "k.db",
        "--actor",
        "قوات النخبة الحضرمية",
        "--format",
        "csv",
    ];
    let mut with = args.to_vec();
    with.extend(["--lexicon", "my"]);
    let o = khabar(&with, tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let got = dyads(&stdout(&o));
    assert!(
        got.iter().any(|(s, c, _)| s == "YEMMIL" && c == "190"),
        "{got:?}"
    );
    let o = khabar(&args, tmp.path());
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("known actor name"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
