//! A dyad timeline drawn as SVG: stacked bars of events per period by QuadClass, and the mean
//! Goldstein score as a line on its own axis (−10…+10). No dependencies, no script.

use khabar_store::TimelineRow;
use std::fmt::Write as _;

const QUAD_COLORS: [&str; 4] = ["#2e7d32", "#81c784", "#ef9a9a", "#c62828"];
const QUAD_NAMES: [&str; 4] = [
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The chart; with `link` (the explorer's query string of the timeline's filters) each period's
/// bars link to the events explorer with those filters and the period's dates.
pub fn timeline_svg(title: &str, rows: &[TimelineRow], link: Option<&str>) -> String {
    let (w, h) = (960.0f64, 420.0f64);
    let (l, r, t, b) = (60.0, 60.0, 50.0, 90.0);
    let pw = w - l - r;
    let ph = h - t - b;
    let max = rows.iter().map(|x| x.events).max().unwrap_or(1).max(1) as f64;
    let n = rows.len().max(1) as f64;
    let bw = (pw / n).min(40.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="11">"#
    );
    let _ = write!(
        s,
        r#"<rect width="100%" height="100%" fill="white"/><text x="{l}" y="24" font-size="15">{}</text>"#,
        esc(title)
    );
    // axes
    let _ = write!(
        s,
        r##"<line x1="{l}" y1="{}" x2="{}" y2="{}" stroke="#444"/>"##,
        t + ph,
        l + pw,
        t + ph
    );
    let _ = write!(
        s,
        r##"<line x1="{l}" y1="{t}" x2="{l}" y2="{}" stroke="#444"/>"##,
        t + ph
    );
    for k in 0..=4 {
        let v = max * k as f64 / 4.0;
        let y = t + ph - ph * k as f64 / 4.0;
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" text-anchor="end">{:.0}</text><line x1="{l}" y1="{y}" x2="{}" y2="{y}" stroke="#eee"/>"##,
            l - 6.0,
            y + 4.0,
            v,
            l + pw
        );
        let g = -10.0 + 5.0 * k as f64;
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" fill="#1565c0">{g:+.0}</text>"##,
            l + pw + 6.0,
            y + 4.0
        );
    }
    let _ = write!(
        s,
        r##"<text x="14" y="{}" transform="rotate(-90 14 {})">events</text>"##,
        t + ph / 2.0,
        t + ph / 2.0
    );
    let _ = write!(
        s,
        r##"<text x="{}" y="{}" fill="#1565c0" transform="rotate(90 {} {})">mean Goldstein</text>"##,
        w - 12.0,
        t + ph / 2.0 - 40.0,
        w - 12.0,
        t + ph / 2.0 - 40.0
    );
    let mut line = String::new();
    for (i, row) in rows.iter().enumerate() {
        let x = l + pw * (i as f64 + 0.5) / n - bw / 2.0;
        let mut y = t + ph;
        if let (Some(base), true) = (link, row.events > 0) {
            let _ = write!(
                s,
                r#"<a class="bar" href="/explore?{}&amp;from={}&amp;to={}" data-period="{}" data-events="{}">"#,
                esc(base),
                esc(&row.from),
                esc(&row.to),
                esc(&row.period),
                row.events
            );
        }
        for (q, c) in [row.quad1, row.quad2, row.quad3, row.quad4]
            .iter()
            .zip(QUAD_COLORS)
        {
            let hh = ph * *q as f64 / max;
            y -= hh;
            if *q > 0 {
                let _ = write!(
                    s,
                    r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{hh:.1}" fill="{c}"><title>{} {}</title></rect>"#,
                    bw * 0.8,
                    esc(&row.period),
                    q
                );
            }
        }
        if link.is_some() && row.events > 0 {
            s.push_str("</a>");
        }
        // an empty period has no mean: the line breaks there instead of dropping to 0
        if row.events > 0 {
            let gy = t + ph - ph * (row.goldstein_mean + 10.0) / 20.0;
            let _ = write!(
                line,
                "{}{:.1},{gy:.1}",
                if i == 0 || rows[i - 1].events == 0 {
                    " M"
                } else {
                    " L"
                },
                x + bw * 0.4
            );
        }
        let every = (rows.len() / 16).max(1);
        if i % every == 0 {
            let lx = x + bw * 0.4;
            let ly = t + ph + 14.0;
            let _ = write!(
                s,
                r#"<text x="{lx:.1}" y="{ly}" transform="rotate(45 {lx:.1} {ly})">{}</text>"#,
                esc(&row.period)
            );
        }
    }
    if !line.is_empty() {
        let _ = write!(
            s,
            r##"<path d="{}" fill="none" stroke="#1565c0" stroke-width="2"/>"##,
            line.trim_start()
        );
    }
    for (i, (c, name)) in QUAD_COLORS.iter().zip(QUAD_NAMES).enumerate() {
        let x = l + i as f64 * 190.0;
        let _ = write!(
            s,
            r#"<rect x="{x}" y="{}" width="12" height="12" fill="{c}"/><text x="{}" y="{}">{name}</text>"#,
            h - 22.0,
            x + 16.0,
            h - 12.0
        );
    }
    if rows.is_empty() {
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">no events</text>"#,
            l + pw / 2.0,
            t + ph / 2.0
        );
    }
    s.push_str("</svg>\n");
    s
}
