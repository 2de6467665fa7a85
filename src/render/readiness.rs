//! The translation-readiness report ([`crate::report::Readiness`]) as JSON, Markdown (for a
//! pull-request comment) or one self-contained HTML file.

use std::collections::HashMap;
use std::fmt::Write;

use crate::report::{ConnectorScore, Readiness};

/// `f(prefix)` when the connector names shared a folder, else nothing.
fn under(prefix: &str, f: impl Fn(&str) -> String) -> String {
    match prefix.trim_end_matches('/') {
        "" => String::new(),
        p => f(p),
    }
}

fn fmt_score(s: Option<f64>) -> String {
    s.map_or_else(|| "–".to_string(), |s| format!("{s:.1}"))
}

pub fn render_json(r: &Readiness) -> String {
    serde_json::to_string_pretty(r).expect("the report serializes") + "\n"
}

/// Markdown for a pull-request comment: a short summary table, details collapsed.
pub fn render_markdown(r: &Readiness) -> String {
    let mut out = String::new();
    let scored = r.connectors.iter().filter(|c| c.score.is_some()).count();
    let _ = writeln!(out, "## Translation readiness\n");
    let _ = writeln!(
        out,
        "{} connectors{}, {} of them with a score; overall {}% of their strings ready.\n",
        r.connectors.len(),
        under(&r.prefix, |p| format!(" in `{}`", p.replace('`', "'"))),
        scored,
        fmt_score(r.overall)
    );
    for c in r.connectors.iter().filter(|c| c.not_scored.is_some()) {
        let _ = writeln!(
            out,
            "- **{}** is not scored: {}",
            md_escape(&c.name),
            md_escape(c.not_scored.as_deref().unwrap_or_default())
        );
    }
    if r.connectors.iter().any(|c| c.not_scored.is_some()) {
        out.push('\n');
    }
    let by_name: HashMap<&str, &ConnectorScore> =
        r.connectors.iter().map(|c| (c.name.as_str(), c)).collect();
    md_table(
        &mut out,
        r.worst.iter().take(5).map(|n| by_name[n.as_str()]),
    );
    let _ = writeln!(out, "\n<details><summary>Top rules</summary>\n");
    let _ = writeln!(out, "| rule | findings |\n|---|---:|");
    for (rule, n) in &r.top_rules {
        let _ = writeln!(out, "| `{rule}` | {n} |");
    }
    // A pull-request comment holds 65,536 characters: long runs list their lowest scores only.
    const ROWS: usize = 100;
    let mut listed: Vec<&ConnectorScore> = r.connectors.iter().collect();
    let title = if listed.len() > ROWS {
        listed.sort_by(|a, b| {
            a.score
                .unwrap_or(f64::MAX)
                .total_cmp(&b.score.unwrap_or(f64::MAX))
                .then_with(|| a.name.cmp(&b.name))
        });
        listed.truncate(ROWS);
        format!("The {ROWS} lowest scores (the HTML or JSON report has every connector)")
    } else {
        "Every connector".to_string()
    };
    let _ = writeln!(out, "\n</details>\n\n<details><summary>{title}</summary>\n");
    md_table(&mut out, listed.into_iter());
    let _ = writeln!(out, "\n</details>");
    for c in r
        .worst
        .iter()
        .take(5)
        .map(|n| by_name[n.as_str()])
        .filter(|c| !c.worst_strings.is_empty())
    {
        let _ = writeln!(
            out,
            "\n<details><summary>{}: worst strings</summary>\n",
            html_escape(&c.name)
        );
        for w in &c.worst_strings {
            let _ = writeln!(
                out,
                "- `{}:{}:{}` `{}`: {}",
                w.file
                    .strip_prefix(r.prefix.as_str())
                    .unwrap_or(&w.file)
                    .replace('`', "'"),
                w.line,
                w.column,
                w.pointer.replace('`', "'"),
                md_escape(&shorten(&w.text, 160))
            );
            for (rule, message) in &w.findings {
                let _ = writeln!(out, "  - `{rule}` {}", md_escape(message));
            }
        }
        let _ = writeln!(out, "\n</details>");
    }
    out
}

/// A Markdown table of connectors and their scores.
fn md_table<'a>(out: &mut String, connectors: impl Iterator<Item = &'a ConnectorScore>) {
    let _ = writeln!(
        out,
        "| connector | score | strings | ready |\n|---|---:|---:|---:|"
    );
    for c in connectors {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            md_escape(&c.name),
            fmt_score(c.score),
            c.strings,
            c.ready
        );
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max).collect::<String>() + "…"
    }
}

fn md_escape(s: &str) -> String {
    html_escape(s)
        .replace('|', "\\|")
        .replace('\n', " ")
        .replace('*', "\\*")
        .replace('_', "\\_")
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One self-contained HTML page: inline CSS, inline SVG charts, a sortable and filterable table,
/// no external assets.
pub fn render_html(r: &Readiness) -> String {
    let mut out = String::with_capacity(1 << 20);
    out.push_str(HTML_HEAD);
    let scored = r.connectors.iter().filter(|c| c.score.is_some()).count();
    let _ = write!(
        out,
        "<h1>Translation readiness</h1><p class=lead>{} connectors{}, {} with a score. Overall, <b>{}%</b> of their user-facing strings have no finding in the categories sentence, spelling, localization and product-name.</p>",
        r.connectors.len(),
        under(&r.prefix, |p| format!(" in <code>{}</code>", html_escape(p))),
        scored,
        fmt_score(r.overall)
    );
    let unscored: Vec<&ConnectorScore> = r
        .connectors
        .iter()
        .filter(|c| c.not_scored.is_some())
        .collect();
    if !unscored.is_empty() {
        let _ = write!(
            out,
            "<section class=warn><h2>{} connectors not scored</h2><p>Their swagger could not be read or parsed, so their strings are not known; they are left out of the figures below.</p><ul>",
            unscored.len()
        );
        for c in unscored {
            let _ = write!(
                out,
                "<li><a href=\"#c-{}\">{}</a>: {}</li>",
                anchor(&c.name),
                html_escape(&c.name),
                html_escape(c.not_scored.as_deref().unwrap_or_default())
            );
        }
        out.push_str("</ul></section>");
    }
    out.push_str(
        "<div class=charts><figure><figcaption>Connectors by readiness score</figcaption>",
    );
    out.push_str(&histogram_svg(&r.histogram));
    out.push_str("</figure><figure><figcaption>Top rules by findings</figcaption>");
    out.push_str(&bars_svg(&r.top_rules));
    out.push_str("</figure></div>");
    let list = |names: &[String]| -> String {
        names
            .iter()
            .map(|n| {
                format!(
                    "<li><a href=\"#c-{}\">{}</a></li>",
                    anchor(n),
                    html_escape(n)
                )
            })
            .collect()
    };
    let _ = write!(
        out,
        "<div class=lists><section><h2>Lowest scores</h2><ol>{}</ol></section><section><h2>Highest scores</h2><ol>{}</ol></section></div>",
        list(&r.worst),
        list(&r.best)
    );
    out.push_str("<h2>Connectors</h2><input id=filter type=search placeholder=\"Filter connectors…\" aria-label=\"Filter connectors\"><table id=connectors><thead><tr><th data-type=text>Connector</th><th data-type=num>Score</th><th data-type=num>Strings</th><th data-type=num>Ready</th><th data-type=num>Findings</th><th>Worst strings</th></tr></thead><tbody>");
    for c in &r.connectors {
        let total: usize = c.findings_by_rule.values().sum();
        let _ = write!(
            out,
            "<tr id=\"c-{}\"><td>{}</td><td data-v=\"{}\" class=\"{}\"{}>{}</td><td>{}</td><td>{}</td><td data-v=\"{total}\"><details><summary>{total}</summary><ul>",
            anchor(&c.name),
            html_escape(&c.name),
            c.score.map(|s| s.to_string()).unwrap_or_default(),
            match c.score {
                Some(s) if s >= 90.0 => "good",
                Some(s) if s >= 60.0 => "fair",
                Some(_) => "poor",
                None => "none",
            },
            c.not_scored
                .as_deref()
                .map(|why| format!(" title=\"not scored: {}\"", html_escape(why)))
                .unwrap_or_default(),
            fmt_score(c.score),
            c.strings,
            c.ready,
        );
        for (rule, n) in &c.findings_by_rule {
            let _ = write!(out, "<li><code>{rule}</code> {n}</li>");
        }
        out.push_str("</ul></details></td><td>");
        if !c.worst_strings.is_empty() {
            let _ = write!(
                out,
                "<details><summary>{}</summary><ol class=worst>",
                c.worst_strings.len()
            );
            for w in &c.worst_strings {
                let findings: String = w
                    .findings
                    .iter()
                    .map(|(r, m)| format!("<li><code>{r}</code> {}</li>", html_escape(m)))
                    .collect();
                let _ = write!(
                    out,
                    "<li><q>{}</q> <span class=ptr>{}:{}:{} {}</span><ul>{findings}</ul></li>",
                    html_escape(&shorten(&w.text, 200)),
                    html_escape(w.file.strip_prefix(r.prefix.as_str()).unwrap_or(&w.file)),
                    w.line,
                    w.column,
                    html_escape(&w.pointer),
                );
            }
            out.push_str("</ol></details>");
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    out.push_str(HTML_TAIL);
    out
}

fn anchor(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("-{b:02x}")
            }
        })
        .collect()
}

fn histogram_svg(h: &[usize; 10]) -> String {
    let max = h.iter().copied().max().unwrap_or(0).max(1);
    let (w, ht, pad) = (420.0, 200.0, 30.0);
    let bw = (w - pad) / 10.0;
    let mut s = format!(
        "<svg viewBox=\"0 0 {w} {}\" role=img aria-label=\"Histogram of readiness scores\">",
        ht + 30.0
    );
    for (i, &n) in h.iter().enumerate() {
        let bh = (ht - 20.0) * n as f64 / max as f64;
        let x = pad + i as f64 * bw;
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" class=bar><title>{}–{}: {n} connectors</title></rect><text x=\"{:.1}\" y=\"{:.1}\" class=val>{n}</text><text x=\"{:.1}\" y=\"{}\" class=axis>{}–</text>",
            ht - bh,
            bw - 4.0,
            i * 10,
            i * 10 + 10,
            x + (bw - 4.0) / 2.0,
            ht - bh - 4.0,
            x + (bw - 4.0) / 2.0,
            ht + 16.0,
            i * 10
        );
    }
    let _ = write!(
        s,
        "<line x1=\"{pad}\" y1=\"{ht}\" x2=\"{w}\" y2=\"{ht}\" class=base /></svg>"
    );
    s
}

fn bars_svg(rules: &[(String, usize)]) -> String {
    let max = rules.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let (w, row, label) = (520.0, 22.0, 230.0);
    let mut s = format!(
        "<svg viewBox=\"0 0 {w} {}\" role=img aria-label=\"Top rules by findings\">",
        row * rules.len().max(1) as f64 + 6.0
    );
    for (i, (rule, n)) in rules.iter().enumerate() {
        let y = i as f64 * row + 4.0;
        let bw = (w - label - 60.0) * *n as f64 / max as f64;
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=lbl>{}</text><rect x=\"{label}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" class=bar><title>{}: {n}</title></rect><text x=\"{:.1}\" y=\"{:.1}\" class=val2>{n}</text>",
            label - 6.0,
            y + row * 0.65,
            html_escape(rule),
            row - 6.0,
            html_escape(rule),
            label + bw + 4.0,
            y + row * 0.65
        );
    }
    s.push_str("</svg>");
    s
}

const HTML_HEAD: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Translation readiness — connector-lint</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#1f2328;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:24px 0 8px}
.lead{color:#59636e;margin:0 0 16px}
.charts{display:flex;flex-wrap:wrap;gap:24px}.charts figure{margin:0;flex:1 1 420px;border:1px solid #d1d9e0;border-radius:6px;padding:12px}
figcaption{font-weight:600;margin-bottom:8px}svg{width:100%;height:auto}
.bar{fill:#0969da}.bar:hover{fill:#0550ae}.val,.axis{font-size:11px;text-anchor:middle;fill:#59636e}.val2{font-size:11px;fill:#59636e}.lbl{font-size:11px;text-anchor:end;fill:#1f2328;font-family:ui-monospace,monospace}.base{stroke:#d1d9e0}
.lists{display:flex;flex-wrap:wrap;gap:24px}.lists section{flex:1 1 300px}.lists ol{margin:0;padding-left:24px}
#filter{width:100%;max-width:360px;padding:6px 8px;border:1px solid #d1d9e0;border-radius:6px;margin-bottom:8px;font:inherit}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d1d9e0;padding:6px 8px;text-align:left;vertical-align:top}
th[data-type]{cursor:pointer;user-select:none;white-space:nowrap}th[data-type]:after{content:" ↕";color:#8c959f}
th.asc:after{content:" ↑";color:#1f2328}th.desc:after{content:" ↓";color:#1f2328}
td:nth-child(n+2):nth-child(-n+5){text-align:right;font-variant-numeric:tabular-nums}
.warn{border:1px solid #d4a72c;background:#fff8c5;border-radius:6px;padding:8px 12px}.warn h2{margin-top:0}
.good{color:#1a7f37;font-weight:600}.fair{color:#9a6700;font-weight:600}.poor{color:#d1242f;font-weight:600}.none{color:#8c959f}
details summary{cursor:pointer}details ul,details ol{margin:4px 0;padding-left:20px;text-align:left}
.worst li{margin-bottom:4px}.ptr{color:#59636e;font:11px ui-monospace,monospace;word-break:break-all}code{font:12px ui-monospace,monospace;background:#eff2f5;padding:0 3px;border-radius:3px}
q{quotes:"“" "”"}
</style></head><body>
"#;

const HTML_TAIL: &str = r#"
<p class=lead>Score: the share of a connector's user-facing strings with no finding in the categories sentence, spelling, localization and product-name. Generated by connector-lint.</p>
<script>
(function(){
  var table=document.getElementById('connectors'),body=table.tBodies[0];
  document.getElementById('filter').addEventListener('input',function(e){
    var q=e.target.value.toLowerCase();
    for(var r of body.rows){r.style.display=r.cells[0].textContent.toLowerCase().indexOf(q)>=0?'':'none';}
  });
  table.tHead.querySelectorAll('th[data-type]').forEach(function(th,i){
    th.addEventListener('click',function(){
      var asc=!th.classList.contains('asc');
      table.tHead.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc');});
      th.classList.add(asc?'asc':'desc');
      var num=th.dataset.type==='num',rows=Array.from(body.rows);
      // A cell without a number (a connector with no score) sorts last either way.
      var key=function(r){var c=r.cells[i],v=c.dataset.v!==undefined?c.dataset.v:c.textContent;if(!num)return c.textContent.toLowerCase();var n=parseFloat(v);return isNaN(n)?null:n;};
      rows.sort(function(a,b){var x=key(a),y=key(b);if(x===null||y===null)return (x===null)-(y===null);return (x<y?-1:x>y?1:0)*(asc?1:-1);});
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
})();
</script>
</body></html>
"#;
