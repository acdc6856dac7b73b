//! What uploads can take from memory: eight of the largest images the portal accepts, all
//! at once, in a process of their own so the figure is theirs alone. Decodes take turns
//! (`DECODERS`), so the peak is that of two decodes, not eight.

use std::io::Cursor;

use server::services::documents::{clean_in_turn, DECODERS, MAX_PIXELS, WAITING};

/// The stated ceiling for the whole process while eight worst-case uploads run (measured
/// 441 MB on a 2-core machine: two decodes of 200 MB and the test's own image).
const PEAK_MB: u64 = 640;

fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM in /proc/self/status");
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() / 1024
}

/// The worst case that is accepted: just under `MAX_PIXELS`, with an alpha channel (the
/// largest decoded form), compressing to a small file as a flat image does.
fn worst_case_png() -> Vec<u8> {
    let side = (MAX_PIXELS as f64).sqrt() as u32;
    assert!(u64::from(side) * u64::from(side) <= MAX_PIXELS);
    let img = image::RgbaImage::from_pixel(side, side, image::Rgba([200, 180, 160, 255]));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(img).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_worst_case_uploads_at_once_stay_under_the_stated_memory() {
    let png = worst_case_png();
    assert!(png.len() < 2 * 1024 * 1024, "the bomb is small on the wire: {} bytes", png.len());
    let before = peak_rss_mb();
    let uploads: Vec<_> = (0..8).map(|_| tokio::spawn(clean_in_turn(png.clone()))).collect();
    let mut kept = 0;
    for u in uploads {
        let cleaned = u.await.unwrap().expect("eight fit the decoders and their line");
        assert_eq!(cleaned.width.max(cleaned.height), Some(server::services::documents::MAX_SIDE));
        kept += 1;
    }
    assert!(DECODERS + WAITING >= 8);
    assert_eq!(kept, 8);
    let peak = peak_rss_mb();
    println!("peak resident memory: {before} MB before, {peak} MB with eight worst-case uploads");
    assert!(peak < PEAK_MB, "peak {peak} MB, stated ceiling {PEAK_MB} MB");
}
