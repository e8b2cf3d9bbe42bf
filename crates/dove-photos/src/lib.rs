//! The pixels of Dove's photos: every upload is checked by its content,
//! decoded within limits, turned upright by its EXIF orientation, and
//! re-encoded from pixels alone, so no metadata (the GPS position above
//! all) survives. Each photo becomes 320, 640 and 1280 px variants in WebP
//! and JPEG.
//!
//! Its own crate for one reason: the `image` crate's generic code is
//! compiled where it is used, so in the domain it ran unoptimised in dev
//! builds and tests (about a second a photo). Here the whole pipeline is
//! built optimised in every profile (see the workspace `Cargo.toml`). The
//! domain's `photos` module keeps the storage trait and the bounded pool
//! that runs this on blocking threads.
use bytes::Bytes;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};
use sha2::{Digest, Sha256};
use std::io::Cursor;
use thiserror::Error;

/// The widths every photo is stored at.
pub const VARIANT_WIDTHS: [u32; 3] = [320, 640, 1280];

/// The two encodings every variant is stored in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Webp,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Webp => "webp",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Webp => "image/webp",
        }
    }
}

pub fn variant_file(key: &str, width: u32, format: Format) -> String {
    format!("{key}-{width}.{}", format.ext())
}

/// `img` as a JPEG of this quality (1–100).
pub fn encode_jpeg(img: &RgbImage, quality: u8) -> Result<Vec<u8>, image::ImageError> {
    let mut out = Vec::with_capacity(256 * 1024);
    JpegEncoder::new_with_quality(&mut out, quality).encode_image(img)?;
    Ok(out)
}

/// What an upload may be.
#[derive(Debug, Clone, Copy)]
pub struct PhotoLimits {
    pub max_bytes: usize,
    pub max_pixels: u64,
    pub min_width: u32,
    pub min_height: u32,
}

impl Default for PhotoLimits {
    fn default() -> Self {
        PhotoLimits { max_bytes: 15 * 1024 * 1024, max_pixels: 40_000_000, min_width: 320, min_height: 240 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PhotoRejection {
    #[error("the file is not a photo")]
    NotAnImage,
    #[error("only JPEG, PNG and WebP photos are accepted")]
    Format,
    #[error("the file is larger than 15 MB")]
    TooLarge,
    #[error("the photo has more than 40 megapixels")]
    TooManyPixels,
    #[error("the photo is smaller than 320 × 240 pixels")]
    TooSmall,
    #[error("the photo is damaged or incomplete")]
    Corrupt,
}

impl PhotoRejection {
    /// The stable code shown beside the field (`err-{code}`).
    pub fn code(&self) -> &'static str {
        match self {
            PhotoRejection::NotAnImage => "photo-not-image",
            PhotoRejection::Format => "photo-format",
            PhotoRejection::TooLarge => "photo-too-large",
            PhotoRejection::TooManyPixels => "photo-too-many-pixels",
            PhotoRejection::TooSmall => "photo-too-small",
            PhotoRejection::Corrupt => "photo-corrupt",
        }
    }
}

/// A processed photo: its key, upright size, and every variant file.
#[derive(Debug, Clone)]
pub struct Processed {
    pub key: String,
    pub width: i64,
    pub height: i64,
    pub variants: Vec<(String, Bytes)>,
    /// The 320 px variant's difference hash (see [`dhash`]): the same
    /// picture re-encoded or resized hashes within a few bits of it.
    pub phash: u64,
}

/// A difference hash: the picture shrunk to 9×8 grey pixels, one bit per
/// pair of neighbours in a row (is the left one brighter?). Re-encoding,
/// resizing and small colour changes move few of the 64 bits, so a copy of
/// a photo is found by a small Hamming distance, where a byte hash would
/// see a new file.
pub fn dhash(img: &RgbImage) -> u64 {
    let small = image::imageops::resize(img, 9, 8, FilterType::Triangle);
    let grey = |x: u32, y: u32| {
        let p = small.get_pixel(x, y);
        u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114
    };
    let mut hash = 0u64;
    for y in 0..8 {
        for x in 0..8 {
            hash = (hash << 1) | u64::from(grey(x, y) > grey(x + 1, y));
        }
    }
    hash
}

/// A JPEG whose last scan never ends was cut off in transit. (A thumbnail
/// inside EXIF has its own end marker, but before the main scan.)
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    let last_end = bytes.windows(2).rposition(|w| w == [0xFF, 0xD9]);
    matches!((last_scan, last_end), (Some(s), Some(e)) if e > s)
}

/// Flattens transparency onto white, as photos are shown on white.
fn to_rgb(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut out = RgbImage::new(w, h);
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        out.put_pixel(x, y, image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])]));
    }
    out
}

/// Checks, decodes and re-encodes one photo. CPU-bound: the domain's
/// `PhotoPipeline` runs it on a blocking thread.
pub fn process_blocking(bytes: &[u8], limits: PhotoLimits) -> Result<Processed, PhotoRejection> {
    if bytes.len() > limits.max_bytes {
        return Err(PhotoRejection::TooLarge);
    }
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|_| PhotoRejection::NotAnImage)?;
    match reader.format() {
        Some(ImageFormat::Jpeg) => {
            if !jpeg_is_complete(bytes) {
                return Err(PhotoRejection::Corrupt);
            }
        }
        Some(ImageFormat::Png | ImageFormat::WebP) => {}
        Some(_) => return Err(PhotoRejection::Format),
        None => return Err(PhotoRejection::NotAnImage),
    }
    // The header's size, before any pixel is decoded: a decompression bomb
    // is refused here, at the cost of reading a few bytes.
    let (w, h) = reader.into_dimensions().map_err(|_| PhotoRejection::Corrupt)?;
    if u64::from(w) * u64::from(h) > limits.max_pixels {
        return Err(PhotoRejection::TooManyPixels);
    }
    let mut reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|_| PhotoRejection::NotAnImage)?;
    let mut decode_limits = Limits::default();
    decode_limits.max_image_width = Some(w);
    decode_limits.max_image_height = Some(h);
    decode_limits.max_alloc = Some(limits.max_pixels * 4 + 64 * 1024 * 1024);
    reader.limits(decode_limits);
    let mut decoder = reader.into_decoder().map_err(|_| PhotoRejection::Corrupt)?;
    let orientation = decoder.orientation().map_err(|_| PhotoRejection::Corrupt)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| PhotoRejection::Corrupt)?;
    img.apply_orientation(orientation);
    let (w, h) = (img.width(), img.height());
    if w.max(h) < limits.min_width || w.min(h) < limits.min_height {
        return Err(PhotoRejection::TooSmall);
    }
    let rgb = to_rgb(img);

    // Largest first; each smaller one is made from the one before, which is
    // much cheaper than starting again from a 12-megapixel original.
    let mut sized: Vec<(u32, RgbImage)> = Vec::with_capacity(VARIANT_WIDTHS.len());
    let mut source = rgb;
    for width in VARIANT_WIDTHS.iter().rev() {
        let target_w = (*width).min(source.width());
        let target_h = ((u64::from(source.height()) * u64::from(target_w)) / u64::from(source.width())).max(1) as u32;
        let resized = if target_w == source.width() {
            source.clone()
        } else {
            image::imageops::resize(&source, target_w, target_h, FilterType::Triangle)
        };
        source = resized.clone();
        sized.push((*width, resized));
    }
    // The smallest variant, the same size whatever the upload's size.
    let phash = sized.last().map(|(_, img)| dhash(img)).unwrap_or_default();
    let mut variants = Vec::with_capacity(sized.len() * 2);
    let mut key = String::new();
    for (width, img) in &sized {
        let jpeg = encode_jpeg(img, 80).map_err(|_| PhotoRejection::Corrupt)?;
        if key.is_empty() {
            // The key is a hash of the largest JPEG: the same photo uploaded
            // twice is stored once.
            key = Sha256::digest(&jpeg).iter().take(16).map(|b| format!("{b:02x}")).collect();
        }
        let webp = webp::Encoder::from_rgb(img.as_raw(), img.width(), img.height()).encode(75.0).to_vec();
        variants.push((variant_file(&key, *width, Format::Jpeg), Bytes::from(jpeg)));
        variants.push((variant_file(&key, *width, Format::Webp), Bytes::from(webp)));
    }
    Ok(Processed { key, width: i64::from(w), height: i64::from(h), variants, phash })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A picture with structure at several scales, like a photo's.
    fn scene(w: u32, h: u32, seed: f32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
            let v = ((fx * 7.0 + seed).sin() * (fy * 5.0 + seed * 2.0).cos() * 120.0 + 128.0) as u8;
            image::Rgb([v, v / 2 + 40, 255 - v])
        })
    }

    fn distance(a: u64, b: u64) -> u32 {
        (a ^ b).count_ones()
    }

    #[test]
    fn a_copy_re_encoded_and_resized_hashes_close_and_another_photo_far() {
        let original = scene(1200, 900, 1.0);
        let first = process_blocking(&encode_jpeg(&original, 90).unwrap(), PhotoLimits::default()).unwrap();
        let smaller = image::imageops::resize(&original, 700, 525, FilterType::Lanczos3);
        let copy = process_blocking(&encode_jpeg(&smaller, 45).unwrap(), PhotoLimits::default()).unwrap();
        assert_ne!(first.key, copy.key, "a different file");
        assert!(distance(first.phash, copy.phash) <= 4, "{}", distance(first.phash, copy.phash));
        let other =
            process_blocking(&encode_jpeg(&scene(1200, 900, 4.0), 90).unwrap(), PhotoLimits::default()).unwrap();
        assert!(distance(first.phash, other.phash) > 16, "{}", distance(first.phash, other.phash));
    }
}
