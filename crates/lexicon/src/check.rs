//! The format check of one table file, shared by `build.rs` (the built-in tables, at compile time)
//! and the run-time loader (users' tables): no dependencies, so the build script can include it.

/// Checks a table's text: `# source:` on the first line, `# columns:` on the second, and every row
/// with at most that many tab-separated fields and at most two fewer (trailing empty fields may be
/// left off). Returns the column names, or the 1-based line and message of the first fault.
pub fn check_format(text: &str) -> Result<Vec<&str>, (usize, String)> {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    if !first.starts_with("# source:") {
        return Err((1, "first line must be `# source: …`".into()));
    }
    let second = lines.next().unwrap_or_default();
    let Some(cols) = second.strip_prefix("# columns:") else {
        return Err((2, "second line must be `# columns: …`".into()));
    };
    let names: Vec<&str> = cols.trim().split('\t').map(str::trim).collect();
    let n = names.len();
    for (i, line) in text.lines().enumerate().skip(2) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let got = line.split('\t').count();
        if got > n || got + 2 < n {
            return Err((i + 1, format!("{got} columns, expected {n}")));
        }
    }
    Ok(names)
}
