//! Checking and cleaning an uploaded document before it is kept. The type is read from the
//! content, never the name. Images are decoded within pixel and memory limits, turned
//! upright, re-encoded without any metadata (so EXIF, GPS included, is gone) and scaled to
//! at most `MAX_SIDE` pixels on the long side. PDFs are kept as they are after a shape check.

use std::io::Cursor;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use app::domain::request::Problem;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_SIDE: u32 = 2000;
/// Decoding refuses anything larger, by the header, before a pixel is decoded. 50 million
/// pixels is more than a phone's full-resolution photo (8160 × 6120); decoded as RGBA it
/// is 200 MB, which is why decodes also take turns (`DECODERS`).
pub const MAX_PIXELS: u64 = 50_000_000;
const MAX_DECODED_SIDE: u32 = 12_000;
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;
/// Images decoded at once in one server, each on a blocking thread: with `MAX_PIXELS`
/// this bounds what uploads can take from memory however many arrive.
pub const DECODERS: usize = 2;
/// Images that may wait for a decoder; any more are refused at once ("try again in a
/// minute") instead of queueing without end.
pub const WAITING: usize = 6;

static DECODE_TURNS: LazyLock<Arc<tokio::sync::Semaphore>> = LazyLock::new(|| Arc::new(tokio::sync::Semaphore::new(DECODERS)));
static IN_LINE: AtomicUsize = AtomicUsize::new(0);

/// Holds a place in the line from arrival until the decode has finished.
struct PlaceInLine;

impl Drop for PlaceInLine {
    fn drop(&mut self) {
        IN_LINE.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `clean`, off the async threads and within the decoders' limits. PDFs are not decoded
/// and do not wait. The turn and the place in line move into the decoding thread, so an
/// upload abandoned half way still holds them until its decode has ended.
pub async fn clean_in_turn(bytes: Vec<u8>) -> Result<Cleaned, Problem> {
    if bytes.len() > MAX_BYTES || sniff(&bytes).is_ok_and(|k| k == Kind::Pdf) {
        return clean(&bytes);
    }
    let place = PlaceInLine;
    if IN_LINE.fetch_add(1, Ordering::SeqCst) >= DECODERS + WAITING {
        return Err(Problem::DocumentsBusy);
    }
    let turn = DECODE_TURNS.clone().acquire_owned().await.map_err(|_| Problem::DocumentsBusy)?;
    tokio::task::spawn_blocking(move || {
        let _held = (turn, place);
        clean(&bytes)
    })
    .await
    .unwrap_or_else(|_| {
        tracing::error!("an image decode did not finish");
        Err(Problem::DocumentUnreadable)
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    Webp,
    Pdf,
}

/// What is stored: cleaned bytes and what they are.
#[derive(Debug, Clone)]
pub struct Cleaned {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub sha256: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// The type by the first bytes. HEIC/HEIF get their own answer: iPhones make them by default.
pub fn sniff(bytes: &[u8]) -> Result<Kind, Problem> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Kind::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Kind::Png);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(Kind::Webp);
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(Kind::Pdf);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif"].iter().any(|b| brand == *b) {
            return Err(Problem::DocumentHeic);
        }
    }
    Err(Problem::DocumentType)
}

/// Checks, decodes and cleans; CPU-bound, so callers run it on a blocking thread.
pub fn clean(bytes: &[u8]) -> Result<Cleaned, Problem> {
    if bytes.is_empty() {
        return Err(Problem::DocumentMissing);
    }
    if bytes.len() > MAX_BYTES {
        return Err(Problem::DocumentTooLarge);
    }
    let kind = sniff(bytes)?;
    if kind == Kind::Pdf {
        // A whole PDF ends with %%EOF (perhaps followed by a newline); a cut-off one does not.
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        if !tail.windows(5).any(|w| w == b"%%EOF") {
            return Err(Problem::DocumentUnreadable);
        }
        return Ok(Cleaned { bytes: bytes.to_vec(), content_type: "application/pdf", sha256: sha256_hex(bytes), width: None, height: None });
    }
    let format = match kind {
        Kind::Jpeg => ImageFormat::Jpeg,
        Kind::Png => ImageFormat::Png,
        _ => ImageFormat::WebP,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_problem)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Problem::DocumentTooManyPixels);
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(decode_problem)?;
    img.apply_orientation(orientation);
    if img.width().max(img.height()) > MAX_SIDE {
        // An area-averaging thumbnail: for shrinking it looks as good as a filtered resize
        // and needs no full-width floating-point copy (which doubled a decode's memory).
        img = img.thumbnail(MAX_SIDE, MAX_SIDE);
    }
    // Photos become JPEG (small, universally readable); images with transparency or
    // sharp edges (screenshots, scans saved as PNG) stay PNG.
    let (out_format, content_type) = match kind {
        Kind::Png => (ImageFormat::Png, "image/png"),
        _ => (ImageFormat::Jpeg, "image/jpeg"),
    };
    let img = if out_format == ImageFormat::Jpeg { DynamicImage::ImageRgb8(img.to_rgb8()) } else { img };
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, out_format).map_err(|e| {
        tracing::warn!(error = %e, "an image decoded but could not be re-encoded");
        Problem::DocumentUnreadable
    })?;
    let out = out.into_inner();
    Ok(Cleaned { sha256: sha256_hex(&out), bytes: out, content_type, width: Some(img.width()), height: Some(img.height()) })
}

fn decode_problem(e: image::ImageError) -> Problem {
    match e {
        image::ImageError::Limits(_) => Problem::DocumentTooManyPixels,
        _ => Problem::DocumentUnreadable,
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::new_rgb8(w, h);
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn types_are_read_from_content() {
        assert_eq!(sniff(&png(2, 2)), Ok(Kind::Png));
        assert_eq!(sniff(b"%PDF-1.7\n"), Ok(Kind::Pdf));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Err(Problem::DocumentHeic));
        assert_eq!(sniff(b"GIF89a......"), Err(Problem::DocumentType));
        assert_eq!(sniff(b"MZ\x90\0 an exe named photo.jpg"), Err(Problem::DocumentType));
    }

    #[test]
    fn large_images_are_scaled_to_the_long_side_limit() {
        let c = clean(&png(3000, 1500)).unwrap();
        assert_eq!((c.width, c.height), (Some(2000), Some(1000)));
        assert_eq!(c.content_type, "image/png");
    }

    #[test]
    fn a_truncated_image_or_pdf_is_unreadable() {
        let bytes = png(50, 50);
        assert_eq!(clean(&bytes[..bytes.len() / 2]).unwrap_err(), Problem::DocumentUnreadable);
        assert_eq!(clean(b"%PDF-1.7\n1 0 obj").unwrap_err(), Problem::DocumentUnreadable);
        assert!(clean(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n").is_ok());
    }

    #[test]
    fn a_decompression_bomb_is_refused_by_its_header() {
        // A PNG header claiming 20,000 × 20,000 pixels: refused before any pixel is decoded.
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(clean(&bytes).unwrap_err(), Problem::DocumentTooManyPixels);
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn more_pixels_than_a_phone_photo_are_refused_by_the_header() {
        // 11,000 × 11,000 fits the side limit but is 121 million pixels.
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&11_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&11_000u32.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(clean(&bytes).unwrap_err(), Problem::DocumentTooManyPixels);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn decodes_take_turns_and_a_full_line_is_refused_at_once() {
        let bytes = png(1200, 1200);
        let uploads: Vec<_> = (0..DECODERS + WAITING + 6).map(|_| tokio::spawn(clean_in_turn(bytes.clone()))).collect();
        let mut busy = 0;
        for u in uploads {
            match u.await.unwrap() {
                Ok(_) => {}
                Err(Problem::DocumentsBusy) => busy += 1,
                Err(other) => panic!("{other:?}"),
            }
        }
        assert!(busy >= 1, "a line longer than {} is refused, not queued", DECODERS + WAITING);
        assert_eq!(IN_LINE.load(Ordering::SeqCst), 0, "every place in line is given back");
        assert!(clean_in_turn(bytes).await.is_ok(), "and the next upload is served");
    }

    #[test]
    fn oversized_and_empty_files_are_refused_before_decoding() {
        assert_eq!(clean(&vec![0xFF; MAX_BYTES + 1]).unwrap_err(), Problem::DocumentTooLarge);
        assert_eq!(clean(&[]).unwrap_err(), Problem::DocumentMissing);
    }
}
