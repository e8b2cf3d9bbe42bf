//! Prometheus metrics at `/metrics`, kept by hand: a counter and a latency
//! histogram per route, plus the mail outbox's counters. No global recorder,
//! so several apps in one test process keep separate figures.
use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

const BUCKETS: [f64; 10] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5];

#[derive(Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

#[derive(Default)]
pub struct Metrics {
    http: Mutex<BTreeMap<(String, String, u16), Series>>,
    pub mail_sent: AtomicU64,
    pub mail_failed: AtomicU64,
}

impl Metrics {
    fn observe(&self, method: &str, route: &str, status: u16, secs: f64) {
        let mut map = self.http.lock().unwrap_or_else(|p| p.into_inner());
        let s = map.entry((method.to_string(), route.to_string(), status)).or_default();
        s.count += 1;
        s.sum += secs;
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                s.buckets[i] += 1;
            }
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP dove_http_requests_total HTTP requests by route and status.\n# TYPE dove_http_requests_total counter\n");
        let map = self.http.lock().unwrap_or_else(|p| p.into_inner());
        for ((m, r, s), series) in map.iter() {
            let _ = writeln!(
                out,
                "dove_http_requests_total{{method=\"{m}\",route=\"{r}\",status=\"{s}\"}} {}",
                series.count
            );
        }
        out.push_str("# HELP dove_http_request_duration_seconds Time to the response head.\n# TYPE dove_http_request_duration_seconds histogram\n");
        for ((m, r, s), series) in map.iter() {
            let labels = format!("method=\"{m}\",route=\"{r}\",status=\"{s}\"");
            for (i, le) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "dove_http_request_duration_seconds_bucket{{{labels},le=\"{le}\"}} {}",
                    series.buckets[i]
                );
            }
            let _ = writeln!(out, "dove_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}", series.count);
            let _ = writeln!(out, "dove_http_request_duration_seconds_sum{{{labels}}} {}", series.sum);
            let _ = writeln!(out, "dove_http_request_duration_seconds_count{{{labels}}} {}", series.count);
        }
        let _ = writeln!(
            out,
            "# HELP dove_mail_sent_total Mail delivered by the outbox worker.\n# TYPE dove_mail_sent_total counter\ndove_mail_sent_total {}",
            self.mail_sent.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP dove_mail_failed_total Failed delivery attempts (retried later).\n# TYPE dove_mail_failed_total counter\ndove_mail_failed_total {}",
            self.mail_failed.load(Ordering::Relaxed)
        );
        out
    }
}

pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let res = next.run(req).await;
    state.metrics.observe(&method, &route, res.status().as_u16(), start.elapsed().as_secs_f64());
    res
}
