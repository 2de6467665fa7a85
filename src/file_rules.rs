//! The findings of reading and decoding a file. The loader (`connector.rs`) and the JSON decoder
//! (`json/`) report them, so they are declared here, in the ground layer, beside the code that
//! finds them; `rules/file.rs` registers them.

use crate::meta::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports JSON that a strict parser rejects: a syntax error, a trailing comma, a comment, a raw
    /// control character inside a string, or nesting deeper than 128 levels.
    ///
    /// A file with trailing commas, comments or raw control characters is still checked by every
    /// other rule; each leniency is reported on its own. A file that cannot be parsed at all gets one
    /// finding where the parser stopped, and is skipped.
    ///
    /// ## Why is this bad?
    /// Microsoft's validation pipeline and `paconn` read the files as JSON. A file that does not
    /// parse cannot be certified (level `error`), and a comment or trailing comma that one tool
    /// tolerates breaks another.
    ///
    /// The leniencies (a trailing comma, a comment, a raw control character, odd white space) are
    /// warnings: merged certified connectors have them (20 trailing commas, 4 em spaces and a raw
    /// tab in the corpus), so the pipeline's reader accepts them.
    ///
    /// ## Example
    /// ```json
    /// { "swagger": "2.0", "info": { "title": "Contoso", }, }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "swagger": "2.0", "info": { "title": "Contoso" } }
    /// ```
    pub FileJsonValid {
        id: "file-json-valid",
        category: File,
        level: Error,
        summary: "File is not strict JSON",
        fix: Safe,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a UTF-8 byte order mark (warning) and bytes that are not valid UTF-8 (error) in
    /// the JSON files. In a readme, a BOM is not reported (Markdown renderers skip it and no
    /// validator reads the readme) and invalid bytes are a warning.
    ///
    /// Invalid bytes are replaced by U+FFFD and the rest of the file is still checked.
    ///
    /// ## Why is this bad?
    /// Connector files must be saved as UTF-8. Strict JSON parsers reject a BOM, and invalid bytes
    /// turn into replacement characters in every translated string.
    ///
    /// ## Example
    /// A file saved by an editor as "UTF-8 with BOM", or in Windows-1252 with an `é` in a
    /// description.
    ///
    /// Use instead: save as UTF-8 without a BOM.
    pub FileEncoding {
        id: "file-encoding",
        category: File,
        level: Warning,
        summary: "File has a byte order mark or is not valid UTF-8",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a key that appears twice in the same JSON object.
    ///
    /// connector-lint checks the last value, as most JSON readers do.
    ///
    /// ## Why is this bad?
    /// JSON readers disagree on which value wins: some keep the first, most keep the last, and a
    /// few reject the file. What the author reads in the file may not be what Microsoft deploys.
    ///
    /// ## Example
    /// ```json
    /// { "summary": "List items", "description": "Lists items.", "summary": "Get items" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "summary": "List items", "description": "Lists items." }
    /// ```
    pub FileDuplicateKey {
        id: "file-duplicate-key",
        category: File,
        level: Warning,
        summary: "Object has the same key twice",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a connector file that exists but cannot be read, or is not read: missing
    /// permissions, a folder named like a file, a FIFO or a device (only regular files are read),
    /// a symbolic link that leads outside the scanned folder or nowhere, or a file above the size
    /// cap (`max-file-mb`, default 64 MB).
    ///
    /// The run goes on with the other files; in SARIF the file is also listed as a tool execution
    /// notification.
    ///
    /// ## Why is this bad?
    /// A file that cannot be read was not checked, so a clean result would be misleading.
    ///
    /// ## Example
    /// A folder named `apiProperties.json`, a swagger file with mode `000`, or an
    /// `apiDefinition.swagger.json` committed as a link to `/dev/zero`.
    ///
    /// Use instead: a readable regular file.
    pub FileUnreadable {
        id: "file-unreadable",
        category: File,
        level: Error,
        summary: "File could not be read",
    }
}
