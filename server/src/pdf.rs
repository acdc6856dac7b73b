//! Laying out a letter (`domain::letter`) as an A4 PDF: krilla writes the PDF and embeds
//! only the glyphs used from the CJK font; the `qrcode` crate draws the code that leads to
//! the verification page. The font is mapped once at start-up: a missing or unreadable font
//! stops the server with a clear message rather than printing blank letters.

use std::sync::Arc;

use app::domain::letter::Letter;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use krilla::Document;

/// Debian's `fonts-noto-cjk`, face 2 of the collection: Noto Sans CJK SC.
pub const DEFAULT_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#2";

const A4: (f32, f32) = (595.28, 841.89);
const MARGIN: f32 = 56.0;
const LABEL_WIDTH: f32 = 150.0;
const QR_SIZE: f32 = 84.0;

#[derive(Clone)]
pub struct Pdf {
    font: Font,
}

impl Pdf {
    /// `spec`: a font file, with `#N` for face N of a collection.
    pub fn load(spec: &str) -> Result<Pdf, String> {
        let (path, index) = match spec.rsplit_once('#') {
            Some((p, i)) => (p, i.parse::<u32>().map_err(|_| format!("{spec:?}: the part after # must be a face number"))?),
            None => (spec, 0),
        };
        let unreadable = |e: std::io::Error| format!("cannot read the font {path} ({e}); install Debian's fonts-noto-cjk (make run does) or set PORTAL_PDF_FONT");
        let file = std::fs::File::open(path).map_err(unreadable)?;
        // Mapped, not read: the CJK collection is 19 MB, which read into the heap was most of
        // an idle server's memory; mapped, it stays in the shared page cache and only the
        // pages of the glyphs a letter uses are touched.
        // SAFETY: the font is a file of the system's font package (or the operator's
        // PORTAL_PDF_FONT), which nothing changes while the server runs.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(unreadable)?;
        let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(map);
        let font = Font::new(data.into(), index).ok_or_else(|| format!("{spec} is not a font krilla can use"))?;
        Ok(Pdf { font })
    }

    /// The letter as PDF bytes; `verify_url` goes into the QR code.
    pub fn render(&self, letter: &Letter, verify_url: &str) -> Result<Vec<u8>, String> {
        let mut document = Document::new();
        let mut page = document.start_page_with(PageSettings::new(A4.0, A4.1));
        let mut s = page.surface();
        let width = A4.0 - 2.0 * MARGIN;
        let mut y = MARGIN + 24.0;
        let text = |s: &mut krilla::surface::Surface, x: f32, y: f32, size: f32, t: &str| {
            s.draw_text(Point::from_xy(x, y), self.font.clone(), size, t, false, TextDirection::Auto);
        };

        let title_size = 20.0;
        let title_x = MARGIN + ((width - measure(&letter.title, title_size)) / 2.0).max(0.0);
        text(&mut s, title_x, y, title_size, &letter.title);
        y += 40.0;

        for (label, value) in &letter.rows {
            let lines = wrap(value, 11.0, width - LABEL_WIDTH);
            text(&mut s, MARGIN, y, 11.0, label);
            for line in lines {
                text(&mut s, MARGIN + LABEL_WIDTH, y, 11.0, &line);
                y += 18.0;
            }
            y += 4.0;
        }
        y += 14.0;
        for paragraph in &letter.paragraphs {
            // A first-line indent of two characters, as Chinese official letters have.
            let indented = format!("\u{3000}\u{3000}{paragraph}");
            for line in wrap(&indented, 12.0, width) {
                text(&mut s, MARGIN, y, 12.0, &line);
                y += 20.0;
            }
            y += 6.0;
        }
        y += 24.0;
        let right = |t: &str, size: f32| MARGIN + (width - measure(t, size)).max(0.0);
        text(&mut s, right(&letter.issuer, 12.0), y, 12.0, &letter.issuer);
        y += 20.0;
        text(&mut s, right(&letter.date, 12.0), y, 12.0, &letter.date);

        // The foot: how to verify, beside the QR code.
        let foot = A4.1 - MARGIN;
        let code_x = A4.0 - MARGIN - QR_SIZE;
        let mut line_y = foot - QR_SIZE + 12.0;
        for line in wrap(&letter.verify_line, 9.0, width - QR_SIZE - 16.0) {
            text(&mut s, MARGIN, line_y, 9.0, &line);
            line_y += 14.0;
        }
        text(&mut s, MARGIN, line_y + 6.0, 14.0, &letter.code.grouped());
        draw_qr(&mut s, verify_url, code_x, foot - QR_SIZE, QR_SIZE)?;

        s.finish();
        page.finish();
        document.finish().map_err(|e| format!("the PDF could not be written: {e:?}"))
    }
}

fn draw_qr(s: &mut krilla::surface::Surface, data: &str, x: f32, y: f32, size: f32) -> Result<(), String> {
    let code = qrcode::QrCode::new(data.as_bytes()).map_err(|e| format!("no QR code for {data}: {e}"))?;
    let n = code.width();
    let module = size / n as f32;
    let mut pb = PathBuilder::new();
    for (i, colour) in code.to_colors().iter().enumerate() {
        if *colour == qrcode::Color::Dark {
            let (col, row) = ((i % n) as f32, (i / n) as f32);
            if let Some(rect) = Rect::from_xywh(x + col * module, y + row * module, module, module) {
                pb.push_rect(rect);
            }
        }
    }
    if let Some(path) = pb.finish() {
        s.set_fill(Some(Fill::default()));
        s.draw_path(&path);
    }
    Ok(())
}

/// The width of `text` at `size`, estimated: a CJK character is one em, a Latin one about
/// half. Good enough to wrap and align; the font draws the real shapes.
fn measure(text: &str, size: f32) -> f32 {
    text.chars().map(|c| char_width(c) * size).sum()
}

fn char_width(c: char) -> f32 {
    if c as u32 >= 0x2E80 {
        1.0
    } else if c.is_ascii_uppercase() || c.is_ascii_digit() {
        0.62
    } else {
        0.52
    }
}

/// Lines no wider than `width`: CJK text breaks anywhere, Latin text at spaces where it can.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = char_width(c) * size;
        // Closing punctuation never starts a line (禁则): it hangs at the end of this one.
        let hangs = "，。、；：！？）」』,.;:!?)".contains(c);
        if used + w > width && !line.is_empty() && !hangs {
            let carry = match line.rfind(' ') {
                Some(i) if c.is_ascii() && c != ' ' && line[i..].chars().all(|c| c.is_ascii()) => line.split_off(i + 1),
                _ => String::new(),
            };
            lines.push(line.trim_end().to_string());
            used = measure(&carry, size);
            line = carry;
        }
        if !(line.is_empty() && c == ' ') {
            line.push(c);
            used += w;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_within_the_width_and_words_whole() {
        let lines = wrap("If you disagree with this decision, you may apply for administrative review", 10.0, 120.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| measure(l, 10.0) <= 120.0), "{lines:?}");
        assert_eq!(lines.join(" "), "If you disagree with this decision, you may apply for administrative review");
        let chinese = wrap("如对本决定不服，可以自收到本决定书之日起六十日内依法申请行政复议", 12.0, 120.0);
        assert!(chinese.iter().all(|l| l.chars().count() <= 10), "{chinese:?}");
        assert_eq!(chinese.concat(), "如对本决定不服，可以自收到本决定书之日起六十日内依法申请行政复议");
    }

    /// The text a PDF reader gets back out of a letter (poppler's pdftotext, installed by
    /// the project's set-up with the font).
    pub fn extracted(pdf: &[u8]) -> String {
        let dir = std::env::temp_dir().join(format!("letter-{}", crate::crypto::random_token(8)));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("letter.pdf");
        std::fs::write(&file, pdf).unwrap();
        let out = std::process::Command::new("pdftotext").args(["-layout"]).arg(&file).arg("-").output().expect("pdftotext (Debian poppler-utils; make test installs it)");
        std::fs::remove_dir_all(&dir).ok();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    #[test]
    fn a_chinese_letter_is_a_pdf_whose_text_reads_back() {
        use app::domain::letter::{Letter, LetterCode, ReceiptFacts};
        let pdf = Pdf::load(DEFAULT_FONT).expect("the CJK font (Debian fonts-noto-cjk; make test installs it)");
        let facts = ReceiptFacts {
            reference: "SA261205-ABCDEF",
            applicant: "周阿姨",
            programme: "临时救助",
            office: "秦淮区秦虹街道社会救助窗口",
            submitted: "2026年12月5日 13:31",
            accept_by: "2026年12月10日",
            date: "2026年12月5日",
        };
        let letter = Letter::receipt(&facts, LetterCode::parse("ABCDEFGHJK").unwrap(), "https://portal.example", app::i18n::Lang::ZhCn);
        let bytes = pdf.render(&letter, "https://portal.example/verify/ABCDEFGHJK").unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.len() < 200_000, "only the glyphs used are embedded: {} bytes", bytes.len());
        if let Ok(keep) = std::env::var("KEEP_LETTER") {
            std::fs::write(keep, &bytes).unwrap();
        }
        let text = extracted(&bytes);
        for expected in ["社会救助申请受理回执", "SA261205-ABCDEF", "周阿姨", "秦淮区秦虹街道社会救助窗口", "ABCDE-FGHJK"] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
    }

    #[test]
    fn a_missing_font_is_named_with_what_to_do() {
        let e = Pdf::load("/nonexistent/font.ttc#2").err().unwrap();
        assert!(e.contains("/nonexistent/font.ttc") && e.contains("fonts-noto-cjk"), "{e}");
        assert!(Pdf::load("/etc/hostname#x").err().unwrap().contains("face number"));
    }
}
