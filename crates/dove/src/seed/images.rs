//! Demo photos drawn locally, so seeding needs no network: simple houses
//! under a sky, and products on a plain backdrop. Each is stored at every
//! variant width under a content-derived key, like an uploaded photo.
use bytes::Bytes;
use dove_domain::photos::{PhotoError, PhotoPipeline, PhotoRejection, PhotoStorage, store_variants};
use image::{Rgb, RgbImage};
use rand::Rng;
use rand::rngs::StdRng;

pub const WIDTH: u32 = 1280;
pub const HEIGHT: u32 = 960;

/// A stored demo photo.
#[derive(Clone)]
pub struct DemoPhoto {
    pub key: String,
}

fn fill(img: &mut RgbImage, x0: u32, y0: u32, x1: u32, y1: u32, c: Rgb<u8>) {
    for y in y0.min(HEIGHT)..y1.min(HEIGHT) {
        for x in x0.min(WIDTH)..x1.min(WIDTH) {
            img.put_pixel(x, y, c);
        }
    }
}

fn shade(c: Rgb<u8>, f: f32) -> Rgb<u8> {
    Rgb([(c[0] as f32 * f) as u8, (c[1] as f32 * f) as u8, (c[2] as f32 * f) as u8])
}

const WALLS: [[u8; 3]; 6] =
    [[236, 226, 208], [214, 196, 170], [245, 245, 240], [198, 120, 90], [230, 200, 150], [190, 200, 205]];
const ROOFS: [[u8; 3]; 4] = [[140, 50, 40], [70, 70, 80], [110, 80, 60], [40, 90, 110]];
const BACKDROPS: [[u8; 3]; 5] = [[235, 238, 242], [246, 240, 230], [228, 240, 236], [240, 232, 240], [232, 236, 246]];
const OBJECTS: [[u8; 3]; 6] =
    [[30, 30, 35], [200, 40, 50], [40, 90, 170], [60, 140, 80], [150, 110, 70], [210, 160, 30]];

pub fn draw_house(rng: &mut StdRng) -> RgbImage {
    let mut img = RgbImage::new(WIDTH, HEIGHT);
    let horizon = rng.gen_range(560..680);
    let sky_top = Rgb([rng.gen_range(70..120), rng.gen_range(140..180), rng.gen_range(200..240)]);
    for y in 0..horizon {
        let f = 1.0 + y as f32 / horizon as f32 * 0.35;
        let c = Rgb([
            (sky_top[0] as f32 * f).min(255.0) as u8,
            (sky_top[1] as f32 * f).min(255.0) as u8,
            (sky_top[2] as f32 * f).min(255.0) as u8,
        ]);
        fill(&mut img, 0, y, WIDTH, y + 1, c);
    }
    let ground = Rgb([rng.gen_range(70..110), rng.gen_range(120..150), rng.gen_range(50..80)]);
    fill(&mut img, 0, horizon, WIDTH, HEIGHT, ground);
    let wall = Rgb(WALLS[rng.gen_range(0..WALLS.len())]);
    let roof = Rgb(ROOFS[rng.gen_range(0..ROOFS.len())]);
    let w = rng.gen_range(560..860);
    let h = rng.gen_range(260..360);
    let x0 = (WIDTH - w) / 2 + rng.gen_range(0..80);
    let y0 = horizon + 40 - h;
    fill(&mut img, x0, y0, x0 + w, horizon + 40, wall);
    // Roof: a triangle drawn row by row.
    let roof_h = rng.gen_range(120..200);
    for dy in 0..roof_h {
        let half = (w / 2 + 40) * (dy + 1) / roof_h;
        let cx = x0 + w / 2;
        fill(&mut img, cx.saturating_sub(half), y0 - roof_h + dy, cx + half, y0 - roof_h + dy + 1, roof);
    }
    // Door and windows.
    let door = shade(roof, 0.8);
    fill(&mut img, x0 + w / 2 - 40, horizon - 120, x0 + w / 2 + 40, horizon + 40, door);
    let glass = Rgb([170, 205, 230]);
    let cols = rng.gen_range(2..4);
    for i in 0..cols {
        let wx = x0 + 50 + i * (w / 2 - 60) / cols.max(1);
        fill(&mut img, wx, y0 + 60, wx + 90, y0 + 150, glass);
        let wx2 = x0 + w - 140 - i * (w / 2 - 60) / cols.max(1);
        fill(&mut img, wx2, y0 + 60, wx2 + 90, y0 + 150, glass);
    }
    img
}

pub fn draw_product(rng: &mut StdRng) -> RgbImage {
    let mut img = RgbImage::new(WIDTH, HEIGHT);
    let bg = Rgb(BACKDROPS[rng.gen_range(0..BACKDROPS.len())]);
    fill(&mut img, 0, 0, WIDTH, HEIGHT, bg);
    // A soft floor shadow, then the object with a highlight.
    fill(&mut img, 360, 800, 920, 830, shade(bg, 0.85));
    let obj = Rgb(OBJECTS[rng.gen_range(0..OBJECTS.len())]);
    let w = rng.gen_range(280..560);
    let h = rng.gen_range(380..640);
    let x0 = (WIDTH - w) / 2;
    let y0 = 800 - h;
    fill(&mut img, x0, y0, x0 + w, 800, obj);
    fill(&mut img, x0 + 24, y0 + 24, x0 + w / 3, 800 - 24, shade(obj, 1.25));
    fill(&mut img, x0 + w / 2 - 30, y0 + 40, x0 + w / 2 + 30, y0 + 52, shade(obj, 0.6));
    img
}

#[derive(Debug, thiserror::Error)]
pub enum DemoPhotoError {
    #[error("encoding a demo photo: {0}")]
    Encode(#[from] image::ImageError),
    #[error("processing a demo photo: {0}")]
    Pipeline(#[from] PhotoRejection),
    #[error(transparent)]
    Store(#[from] PhotoError),
}

/// Runs a drawn photo through the same pipeline as uploads (variants in
/// WebP and JPEG) and stores it.
pub async fn store(
    storage: &dyn PhotoStorage,
    pipeline: &PhotoPipeline,
    img: &RgbImage,
) -> Result<DemoPhoto, DemoPhotoError> {
    let jpeg = dove_photos::encode_jpeg(img, 90)?;
    let processed = pipeline.process(Bytes::from(jpeg)).await?;
    store_variants(storage, &processed).await?;
    Ok(DemoPhoto { key: processed.key })
}
