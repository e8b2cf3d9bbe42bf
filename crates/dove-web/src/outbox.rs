//! Wakes the outbox after each request that may have queued mail: any but
//! a read. The request's transaction has committed by the time its response
//! passes here, so the outbox finds the mail at once.
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use dove_domain::mail::OutboxBell;
use std::sync::Arc;

pub async fn ring_after_writes(State(bell): State<Arc<OutboxBell>>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let res = next.run(req).await;
    if writes {
        bell.ring();
    }
    res
}
