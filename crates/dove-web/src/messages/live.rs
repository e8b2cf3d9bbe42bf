//! Live updates: new messages and read receipts reach open pages over SSE.
//!
//! Within a node, events go through a tokio broadcast channel that every
//! open `/events` stream listens to. With PostgreSQL they also go out with
//! NOTIFY, and each node's listener (see [`Hub::run_listener`]) puts other
//! nodes' events on its own channel, so a message sent through node A shows
//! up live on a page served by node B.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::state::AppState;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use dove_domain::messages;
use dove_store::Db;
use futures::Stream;
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// Events buffered per stream before a slow one skips ahead.
const BUFFER: usize = 1024;

/// Something changed in a conversation, for the users in `to`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Change {
    /// The node that published it, so it is not delivered twice there.
    pub node: String,
    pub to: Vec<String>,
    pub conversation_id: String,
}

pub struct Hub {
    tx: broadcast::Sender<Change>,
    node: String,
    db: Db,
    /// Turns true at shutdown: open streams end, so the server can stop.
    closing: watch::Sender<bool>,
}

impl Hub {
    pub fn new(db: Db) -> Hub {
        Hub { tx: broadcast::channel(BUFFER).0, node: dove_domain::new_id(), db, closing: watch::channel(false).0 }
    }

    /// Ends every open stream (browsers reconnect to another node).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Tells `to` that `conversation_id` changed: here at once, and on
    /// other nodes through the database.
    pub async fn publish(&self, to: &[&str], conversation_id: &str) {
        let change = Change {
            node: self.node.clone(),
            to: to.iter().map(|s| s.to_string()).collect(),
            conversation_id: conversation_id.to_string(),
        };
        let _ = self.tx.send(change.clone());
        match serde_json::to_string(&change) {
            Ok(payload) => {
                if let Err(e) = self.db.notify(&payload).await {
                    tracing::warn!(error = %e, "could not pass a live event to other nodes");
                }
            }
            Err(e) => tracing::warn!(error = %e, "live event not serialisable"),
        }
    }

    /// Forwards other nodes' events to this node's streams until `stop`.
    pub async fn run_listener(&self, mut stop: watch::Receiver<bool>) {
        let mut listener = match self.db.listen().await {
            Ok(Some(l)) => l,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, "live events from other nodes are off");
                return;
            }
        };
        loop {
            tokio::select! {
                _ = stop.changed() => return,
                got = listener.recv() => match got {
                    Ok(payload) => match serde_json::from_str::<Change>(&payload) {
                        Ok(change) if change.node != self.node => {
                            let _ = self.tx.send(change);
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "unreadable live event"),
                    },
                    Err(e) => {
                        tracing::warn!(error = %e, "live event listener failed; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                },
            }
        }
    }
}

/// What a page is told: which conversation changed and the new unread total.
#[derive(Serialize)]
struct Update<'a> {
    conversation: &'a str,
    unread: i64,
}

/// `GET /events`: the signed-in user's live updates. A comment every 20 s
/// keeps proxies from closing an idle stream.
pub async fn events(
    ctx: Ctx,
    State(state): State<AppState>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, PageError> {
    let user = ctx.require_user()?.clone();
    let rx = state.live.tx.subscribe();
    let closing = state.live.closing.subscribe();
    let stream = futures::stream::unfold((rx, closing, state, user), |(mut rx, mut closing, state, user)| async move {
        loop {
            let got = tokio::select! {
                got = rx.recv() => got,
                _ = closing.wait_for(|c| *c) => return None,
            };
            let conversation = match got {
                Ok(change) if change.to.contains(&user.id) => change.conversation_id,
                Ok(_) => continue,
                // Fell behind: say something changed, so the page refreshes.
                Err(broadcast::error::RecvError::Lagged(_)) => String::new(),
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            let unread = messages::unread(&state.db, &user).await.unwrap_or(0);
            let data = serde_json::to_string(&Update { conversation: &conversation, unread }).unwrap_or_default();
            return Some((Ok(Event::default().event("update").data(data)), (rx, closing, state, user)));
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))))
}
