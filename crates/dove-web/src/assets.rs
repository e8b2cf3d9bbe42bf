//! Static files, compiled into the binary and served under content-hashed
//! names (`/static/app.3f9a1c2b7d.css`) with a one-year immutable cache: a
//! changed file gets a new name, so phones never download a file twice.
use crate::state::AppState;
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::LazyLock;

struct File {
    name: &'static str,
    bytes: &'static [u8],
    content_type: &'static str,
}

const FILES: &[File] = &[
    File { name: "app.css", bytes: include_bytes!("../static/app.css"), content_type: "text/css; charset=utf-8" },
    File { name: "app.js", bytes: include_bytes!("../static/app.js"), content_type: "text/javascript; charset=utf-8" },
    File {
        name: "htmx.min.js",
        bytes: include_bytes!("../static/vendor/htmx.min.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    File {
        name: "api-docs.js",
        bytes: include_bytes!("../static/api-docs.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    File {
        name: "swagger-ui-bundle.js",
        bytes: include_bytes!("../static/vendor/swagger-ui-bundle.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    File {
        name: "swagger-ui.css",
        bytes: include_bytes!("../static/vendor/swagger-ui.css"),
        content_type: "text/css; charset=utf-8",
    },
    File {
        name: "listing.js",
        bytes: include_bytes!("../static/listing.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    File {
        name: "search-map.js",
        bytes: include_bytes!("../static/search-map.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    File {
        name: "editor.js",
        bytes: include_bytes!("../static/editor.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    File {
        name: "leaflet.js",
        bytes: include_bytes!("../static/vendor/leaflet.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    File {
        name: "leaflet.css",
        bytes: include_bytes!("../static/vendor/leaflet.css"),
        content_type: "text/css; charset=utf-8",
    },
    File { name: "favicon.svg", bytes: include_bytes!("../static/favicon.svg"), content_type: "image/svg+xml" },
];

struct Table {
    by_hashed: HashMap<String, &'static File>,
    url_of: HashMap<&'static str, &'static str>,
}

fn hashed_name(f: &File) -> String {
    let digest = Sha256::digest(f.bytes);
    let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    match f.name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{}.{hash}", f.name),
    }
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut by_hashed = HashMap::new();
    let mut url_of = HashMap::new();
    for f in FILES {
        let hashed = hashed_name(f);
        let url: &'static str = Box::leak(format!("/static/{hashed}").into_boxed_str());
        url_of.insert(f.name, url);
        by_hashed.insert(hashed, f);
    }
    Table { by_hashed, url_of }
});

/// The hashed URL of a static file. An unknown name is a programming error
/// caught by the test below, so it panics loudly in development.
pub fn url(name: &str) -> &'static str {
    TABLE.url_of.get(name).copied().unwrap_or_else(|| panic!("unknown static file {name}"))
}

async fn serve(Path(file): Path<String>) -> Response {
    match TABLE.by_hashed.get(&file) {
        Some(f) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(f.content_type)),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            ],
            f.bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/static/{file}", get(serve))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_has_a_hashed_url() {
        for f in FILES {
            let u = url(f.name);
            assert!(u.starts_with("/static/"), "{u}");
            assert_ne!(u, format!("/static/{}", f.name));
            assert!(TABLE.by_hashed.contains_key(u.trim_start_matches("/static/")));
        }
    }
}
