//! Turns the i18n catalogues in `locales/` into Rust at compile time, so the client carries
//! no parser and a missing translation is a build error instead of a blank on someone's screen.
//! Also minifies `style/main.css`, which the server inlines into every page (the 14 KB budget).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const LANGS: [(&str, &str); 2] = [("zh-CN", "ZH_CN"), ("en", "EN")];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    write_catalogue(&root, Path::new(&out));
    write_css(&root, Path::new(&out));
}

fn load(root: &Path, lang: &str) -> BTreeMap<String, String> {
    let path = root.join("locales").join(format!("{lang}.toml"));
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let table: BTreeMap<String, String> = toml::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a flat table of strings: {e}", path.display()));
    table
}

fn camel(key: &str) -> String {
    key.split('_')
        .map(|part| {
            let mut c = part.chars();
            match c.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn write_catalogue(root: &Path, out: &Path) {
    let catalogues: Vec<_> = LANGS.iter().map(|(code, _)| load(root, code)).collect();
    let keys: Vec<&String> = catalogues[0].keys().collect();
    for (i, cat) in catalogues.iter().enumerate().skip(1) {
        let other: Vec<&String> = cat.keys().collect();
        if other != keys {
            let missing: Vec<_> = keys.iter().filter(|k| !cat.contains_key(k.as_str())).collect();
            let extra: Vec<_> = other.iter().filter(|k| !catalogues[0].contains_key(k.as_str())).collect();
            panic!(
                "locales/{}.toml differs from locales/{}.toml: missing {missing:?}, extra {extra:?}",
                LANGS[i].0, LANGS[0].0
            );
        }
    }
    // Each message is its own constant holding its texts, not a variant of one big match: the
    // WASM bundle then links only the messages its islands use, and the workbench's texts
    // (and every other page's) stay on the server.
    let mut src = String::new();
    src.push_str("/// Every text the portal shows, one constant a message (generated from locales/).\n");
    src.push_str("#[derive(Clone, Copy, PartialEq, Eq, Hash)]\npub struct Msg(&'static MsgTexts);\n\n");
    src.push_str("/// One message in every language, and its key in the catalogue files.\n");
    src.push_str("#[derive(PartialEq, Eq, Hash)]\npub struct MsgTexts {\n    pub key: &'static str,\n");
    for (_, ident) in LANGS.iter() {
        let _ = writeln!(src, "    pub {}: &'static str,", ident.to_lowercase());
    }
    src.push_str("}\n\nimpl std::fmt::Debug for Msg {\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n        f.write_str(self.0.key)\n    }\n}\n\n");
    src.push_str("#[allow(non_upper_case_globals)]\nimpl Msg {\n");
    for key in &keys {
        let _ = write!(src, "    pub const {}: Msg = Msg(&MsgTexts {{ key: {:?}", camel(key), key);
        for ((_, ident), cat) in LANGS.iter().zip(&catalogues) {
            let _ = write!(src, ", {}: {:?}", ident.to_lowercase(), cat[key.as_str()]);
        }
        src.push_str(" });\n");
    }
    src.push_str("\n    /// Every message, for tests that walk the whole catalogue.\n    pub const ALL: &'static [Msg] = &[\n");
    for key in &keys {
        let _ = writeln!(src, "        Msg::{},", camel(key));
    }
    src.push_str("    ];\n}\n");
    for (_, ident) in LANGS.iter() {
        let id = ident.to_lowercase();
        let _ = writeln!(src, "\npub(crate) const fn text_{id}(m: Msg) -> &'static str {{\n    m.0.{id}\n}}");
    }
    std::fs::write(out.join("catalogue.rs"), src).expect("write catalogue.rs");
}

fn write_css(root: &Path, out: &Path) {
    let path = root.join("style").join("main.css");
    println!("cargo:rerun-if-changed={}", path.display());
    let css = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    std::fs::write(out.join("main.min.css"), minify_css(&css)).expect("write main.min.css");
}

/// Drops comments and runs of white space; enough for hand-written CSS with no strings
/// that contain `/*` or significant double spaces.
fn minify_css(css: &str) -> String {
    let mut no_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        no_comments.push_str(&rest[..start]);
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
    }
    no_comments.push_str(rest);
    let mut out = String::with_capacity(no_comments.len());
    let mut last_space = false;
    for ch in no_comments.chars() {
        if ch.is_whitespace() {
            last_space = true;
            continue;
        }
        if last_space && !out.is_empty() {
            let prev = out.chars().last().unwrap_or(' ');
            if !"{};:,>".contains(prev) && !"{};,>".contains(ch) {
                out.push(' ');
            }
        }
        last_space = false;
        out.push(ch);
    }
    out
}
