//! Input that grows (issue 16): a swagger minified to one line of a megabyte is shown in the text
//! format as short snippets at the right places, as the concise format places them.

use assert_cmd::Command;

/// A swagger of `n` operations on one line, each description ending with a space (a
/// `loc-trailing-space` finding per operation).
fn one_line_swagger(n: usize) -> String {
    let mut paths = Vec::new();
    for i in 0..n {
        paths.push(format!(
            r#""/items{i}":{{"get":{{"operationId":"GetItem{i}","summary":"Get item {i}","description":"Gets the item number {i} with its fields. ","responses":{{"200":{{"description":"OK"}}}}}}}}"#
        ));
    }
    format!(
        r#"{{"swagger":"2.0","info":{{"title":"Contoso","description":"Contoso keeps track of invoices.","version":"1.0"}},"host":"api.contoso.com","basePath":"/","schemes":["https"],"paths":{{{}}}}}"#,
        paths.join(",")
    )
}

fn check(dir: &std::path::Path, format: &str) -> String {
    let out = Command::cargo_bin("connector-lint")
        .unwrap()
        .args(["check", dir.to_str().unwrap(), "--format", format])
        .args(["--select", "loc-trailing-space", "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings only");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_one_line_swagger_of_a_megabyte_shows_short_snippets_where_concise_places_them() {
    let swagger = one_line_swagger(6_000);
    assert!(swagger.len() > 1_000_000 && !swagger.contains('\n'));
    let dir = tempfile::tempdir().unwrap();
    let connector = dir.path().join("Contoso");
    std::fs::create_dir(&connector).unwrap();
    std::fs::write(connector.join("apiDefinition.swagger.json"), &swagger).unwrap();

    let concise = check(dir.path(), "concise");
    let places: Vec<&str> = concise
        .lines()
        .filter_map(|l| {
            l.split(": warning[")
                .next()
                .filter(|_| l.contains("warning["))
        })
        .collect();
    assert_eq!(places.len(), 6_000, "{concise:.300}");

    let text = check(dir.path(), "text");
    let shown: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .collect();
    assert_eq!(shown, places);
    // Each snippet is a window of the line around its finding, not the line.
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 200, "a line of {longest} characters");
    assert_eq!(text.matches("| ...").count(), 6_000, "{text:.2000}");
    assert!(
        text.contains("item number 5999 with its fields. \""),
        "{text:.2000}"
    );
}
