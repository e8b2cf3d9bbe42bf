//! Real image files for upload tests, made in memory.
use image::{Rgb, RgbImage};

/// A JPEG of `w`×`h` with a gradient, so variants are not trivially small.
pub fn jpeg(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8 ^ seed, (y % 256) as u8, seed.wrapping_mul(3)]));
    dove_photos::encode_jpeg(&img, 85).unwrap()
}

pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, _| Rgb([x as u8, 100, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A JPEG carrying EXIF with orientation 6 ("rotate 90° clockwise") and a
/// GPS position (latitude 1° 17' S), as phone cameras write them.
pub fn jpeg_with_gps_and_rotation(w: u32, h: u32) -> Vec<u8> {
    let plain = jpeg(w, h, 7);
    // TIFF header (big-endian) and IFD0 with Orientation and a GPS IFD pointer.
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&2u16.to_be_bytes());
    // Orientation: tag 0x0112, SHORT (3), count 1, value 6.
    tiff.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00]);
    // GPSInfo: tag 0x8825, LONG (4), count 1, offset of the GPS IFD.
    let gps_offset: u32 = 8 + 2 + 2 * 12 + 4;
    tiff.extend_from_slice(&[0x88, 0x25, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01]);
    tiff.extend_from_slice(&gps_offset.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    // GPS IFD: GPSLatitudeRef "S" and GPSLatitude 1/1, 17/1, 0/1.
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, b'S', 0x00, 0x00, 0x00]);
    let rationals_offset: u32 = gps_offset + 2 + 2 * 12 + 4;
    tiff.extend_from_slice(&[0x00, 0x02, 0x00, 0x05, 0x00, 0x00, 0x00, 0x03]);
    tiff.extend_from_slice(&rationals_offset.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    for (n, d) in [(1u32, 1u32), (17, 1), (0, 1)] {
        tiff.extend_from_slice(&n.to_be_bytes());
        tiff.extend_from_slice(&d.to_be_bytes());
    }
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let len = (app1.len() + 2) as u16;
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

/// A PNG whose header claims 10,000 × 10,000 pixels (100 megapixels) but
/// whose body is tiny: a decompression bomb's calling card.
pub fn png_bomb_header() -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&10_000u32.to_be_bytes());
    ihdr.extend_from_slice(&10_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    out.extend_from_slice(&13u32.to_be_bytes());
    out.extend_from_slice(&ihdr);
    out.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // A few compressed bytes of image data, then the end.
    for (kind, data) in
        [(&b"IDAT"[..], &[0x78u8, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01][..]), (&b"IEND"[..], &[][..])]
    {
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(&chunk);
        out.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A picture with structure at several scales, like a photo's; `seed`
/// makes another picture.
pub fn scene(w: u32, h: u32, seed: f32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let v = ((fx * 7.0 + seed).sin() * (fy * 5.0 + seed * 2.0).cos() * 120.0 + 128.0) as u8;
        Rgb([v, v / 2 + 40, 255 - v])
    })
}
