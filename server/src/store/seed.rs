//! Reference data every installation needs, loaded on start. Idempotent: rows already
//! present are left alone, so restarts and several servers starting together are safe.

use app::domain::area::{AreaCode, AreaLevel};

use super::{AreaRow, Store, StoreError};

const AREAS_CSV: &str = include_str!("../../data/areas.csv");
const PARAMETERS_CSV: &str = include_str!("../../data/parameters.csv");
const PLEDGE_TEXTS_TOML: &str = include_str!("../../data/pledge_texts.toml");

#[derive(serde::Deserialize)]
struct PledgeTextFile {
    text: Vec<PledgeTextEntry>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PledgeTextEntry {
    area: String,
    version: i64,
    lang: String,
    effective_from: String,
    title: String,
    body: String,
    question: String,
    options: Vec<String>,
    correct: i64,
}

/// The pledge texts of `data/pledge_texts.toml`, each with its SHA-256 over every word a
/// signer reads (title, body, question, options).
pub fn pledge_texts() -> Result<Vec<super::PledgeTextRow>, String> {
    let file: PledgeTextFile = toml::from_str(PLEDGE_TEXTS_TOML).map_err(|e| e.message().to_string())?;
    file.text
        .into_iter()
        .map(|t| {
            if t.correct < 0 || t.correct as usize >= t.options.len() || t.options.iter().any(|o| o.contains('\n')) {
                return Err(format!("{} v{} {}: bad options", t.area, t.version, t.lang));
            }
            let body = t.body.trim().to_string();
            let options = t.options.join("\n");
            let sha256 = crate::crypto::hash(&[&t.title, &body, &t.question, &options]);
            Ok(super::PledgeTextRow {
                id: format!("{}-v{}-{}", t.area, t.version, t.lang),
                area_code: t.area,
                version: t.version,
                lang: t.lang,
                title: t.title,
                body,
                question: t.question,
                options,
                correct_option: t.correct,
                sha256,
                effective_from: t.effective_from,
            })
        })
        .collect()
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub areas_added: usize,
    pub parameters_added: usize,
}

/// Parses `data/areas.csv`: `# source:` and `# vintage:` comment lines, a header, then rows.
pub fn parse_areas(csv: &str) -> Result<Vec<AreaRow>, String> {
    let mut source = None;
    let mut vintage = None;
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (n, line) in csv.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(v) = comment.strip_prefix("source:") {
                source = Some(v.trim().to_string());
            } else if let Some(v) = comment.strip_prefix("vintage:") {
                vintage = Some(v.trim().to_string());
            }
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [code, parent, level, name_zh, name_en] = fields[..] else {
            return Err(format!("line {}: expected 5 fields", n + 1));
        };
        let code = AreaCode::parse(code).map_err(|e| format!("line {}: {e}", n + 1))?;
        let level: i64 = level.parse().map_err(|_| format!("line {}: bad level", n + 1))?;
        if AreaLevel::from_number(level) != Some(code.level()) {
            return Err(format!("line {}: level {level} does not match code {code}", n + 1));
        }
        let parent_code = (!parent.is_empty()).then(|| parent.to_string());
        if parent_code != code.parent().map(|p| p.to_string()) {
            return Err(format!("line {}: parent {parent:?} does not enclose {code}", n + 1));
        }
        rows.push(AreaRow {
            code: code.to_string(),
            parent_code,
            level,
            name_zh: name_zh.to_string(),
            name_en: (!name_en.is_empty()).then(|| name_en.to_string()),
            source: String::new(),
            vintage: String::new(),
        });
    }
    let source = source.ok_or("missing '# source:' line")?;
    let vintage = vintage.ok_or("missing '# vintage:' line")?;
    for row in &mut rows {
        row.source = source.clone();
        row.vintage = vintage.clone();
    }
    Ok(rows)
}

impl Store {
    pub async fn seed(&self) -> Result<SeedReport, StoreError> {
        let areas = parse_areas(AREAS_CSV).map_err(|e| StoreError::Query(format!("data/areas.csv: {e}")))?;
        let mut report = SeedReport::default();
        // One transaction: one disk sync instead of hundreds, and all or nothing.
        let mut tx = self.begin_write().await?;
        // Parents come before children in the file, so foreign keys hold row by row.
        for area in &areas {
            if super::areas::insert_area(&mut tx, area).await? {
                report.areas_added += 1;
            } else if let Some(en) = &area.name_en {
                // A database seeded before the file had an English name gets it now; a name
                // already there (perhaps corrected by hand) is kept.
                sqlx::query("UPDATE areas SET name_en = $1 WHERE code = $2 AND name_en IS NULL")
                    .bind(en)
                    .bind(&area.code)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let params = app::domain::params::parse_parameter_csv(PARAMETERS_CSV)
            .map_err(|e| StoreError::Query(format!("data/parameters.csv: {e}")))?;
        for p in &params {
            if super::parameters::insert_parameter(&mut tx, p).await? {
                report.parameters_added += 1;
            }
        }
        for text in pledge_texts().map_err(|e| StoreError::Query(format!("data/pledge_texts.toml: {e}")))? {
            Store::insert_pledge_text(&mut tx, &text).await?;
        }
        super::service_assistance::seed_catalogue(&mut tx, &chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()).await?;
        // Every seeded subdistrict and town has joined: its social assistance desk.
        sqlx::query(
            "INSERT INTO offices (area_code, name_zh, name_en, active) \
             SELECT code, name_zh || '社会救助窗口', NULL, 1 FROM areas WHERE level = 4 ON CONFLICT (area_code) DO NOTHING",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.areas.forget();
        self.forget_parameters();
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_area_file_is_consistent() {
        let rows = parse_areas(AREAS_CSV).unwrap();
        for code in ["320104", "320922", "320507"] {
            assert!(rows.iter().any(|r| r.code == code), "{code} missing");
        }
        assert!(rows.iter().all(|r| !r.source.is_empty() && !r.vintage.is_empty()));
        // English pages name every place in English (romanised below the district level).
        for row in &rows {
            let en = row.name_en.as_deref().unwrap_or_default();
            assert!(!en.is_empty() && en.is_ascii(), "{} has no English name: {en:?}", row.code);
        }
        for (i, row) in rows.iter().enumerate() {
            if let Some(parent) = &row.parent_code {
                assert!(rows[..i].iter().any(|r| &r.code == parent), "{} comes before its parent", row.code);
            }
        }
    }

    #[test]
    fn shipped_parameters_parse_and_name_seeded_areas() {
        let areas = parse_areas(AREAS_CSV).unwrap();
        let params = app::domain::params::parse_parameter_csv(PARAMETERS_CSV).unwrap();
        assert!(params.len() >= 18);
        for p in params {
            assert!(areas.iter().any(|a| a.code == p.area.as_str()), "{} is not a seeded area", p.area);
        }
    }

    #[test]
    fn inconsistent_rows_are_refused() {
        let head = "# source: s\n# vintage: v\ncode,parent,level,name_zh,name_en\n";
        assert!(parse_areas(&format!("{head}320104,320100,2,x,\n")).is_err());
        assert!(parse_areas(&format!("{head}320104,320500,3,x,\n")).is_err());
        assert!(parse_areas(&format!("{head}320104,320100,3\n")).is_err());
        assert!(parse_areas("code,parent,level,name_zh,name_en\n").is_err());
    }
}
