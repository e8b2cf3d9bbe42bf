//! Live updates: new messages and read receipts reach open pages over SSE.
//!
//! Within a node, each signed-in user with open pages has a tokio broadcast
//! channel that all their `/events` streams listen to, so an event wakes
//! only its recipients' streams, however many thousands are open. With
//! PostgreSQL events also go out with NOTIFY, and each node's listener (see
//! [`Hub::run_listener`]) delivers other nodes' events to its own streams,
//! so a message sent through node A shows up live on a page served by node B.
//!
//! Each user may hold [`MAX_STREAMS_PER_USER`] streams on a node, and a node
//! [`MAX_STREAMS_PER_NODE`] in all, so nobody can tie up a node's memory and
//! connections with streams. A stream belongs to the session that opened it:
//! it ends once that session is signed out or revoked, checked when told
//! (sign-out, on any node) and every [`SESSION_RECHECK`] in case no one did.
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use dove_domain::StoreError;
use dove_domain::accounts::{self, User};
use dove_domain::messages;
use dove_store::Db;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use std::time::Instant;
use tokio::sync::{broadcast, watch};

/// How long a counted unread total is trusted without a change passing by.
const UNREAD_FRESH_FOR: Duration = Duration::from_secs(60);
/// Past this many users, old counts are dropped, so memory stays flat.
const UNREAD_MAX_KEPT: usize = 50_000;

/// Events buffered per user before a slow stream skips ahead (and the page
/// refreshes everything instead).
const BUFFER: usize = 16;

/// Open streams one user may have on a node (tabs and devices together).
pub const MAX_STREAMS_PER_USER: usize = 10;
/// Open streams a node holds in all.
pub const MAX_STREAMS_PER_NODE: usize = 20_000;
/// How often an open stream checks that its session still exists, for
/// revocations nobody announced.
pub const SESSION_RECHECK: Duration = Duration::from_secs(60);

/// What a user's streams are told.
#[derive(Debug, Clone)]
enum Signal {
    /// This conversation changed.
    Changed(String),
    /// A session of theirs ended: each stream checks its own.
    Recheck,
}

/// Why a stream was not opened.
#[derive(Debug, PartialEq, Eq)]
enum Refused {
    UserFull,
    NodeFull,
}

/// Something changed in a conversation, for the users in `to`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Change {
    /// The node that published it, so it is not delivered twice there.
    pub node: String,
    pub to: Vec<String>,
    pub conversation_id: String,
    /// Not a change but a sign-out: the streams of `to` check their session.
    #[serde(default)]
    pub recheck: bool,
}

pub struct Hub {
    /// Per user with open streams: the conversation ids that changed.
    users: Mutex<HashMap<String, broadcast::Sender<Signal>>>,
    /// Streams open on this node.
    open: AtomicUsize,
    /// Unread totals (the header badge) as last counted. Every change to a
    /// user's conversations passes through here, from this node or another,
    /// and drops their entry; the age limit covers what does not (a listing
    /// deleted with its conversations).
    unread: Mutex<HashMap<String, (Instant, i64)>>,
    /// Changes delivered so far: a count that raced one is not kept.
    changes: AtomicU64,
    node: String,
    db: Db,
    /// Turns true at shutdown: open streams end, so the server can stop.
    closing: watch::Sender<bool>,
}

impl Hub {
    pub fn new(db: Db) -> Hub {
        Hub {
            users: Mutex::default(),
            unread: Mutex::default(),
            changes: AtomicU64::new(0),
            open: AtomicUsize::new(0),
            node: dove_domain::new_id(),
            db,
            closing: watch::channel(false).0,
        }
    }

    fn unread_map(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, i64)>> {
        self.unread.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The user's unread total, counted at most once per change.
    pub async fn unread(&self, user: &User) -> Result<i64, StoreError> {
        if let Some((at, n)) = self.unread_map().get(&user.id)
            && at.elapsed() < UNREAD_FRESH_FOR
        {
            return Ok(*n);
        }
        let seen = self.changes.load(Ordering::SeqCst);
        let n = messages::unread(&self.db, user).await?;
        let mut map = self.unread_map();
        if map.len() >= UNREAD_MAX_KEPT {
            map.retain(|_, (at, _)| at.elapsed() < UNREAD_FRESH_FOR);
        }
        // A change delivered while counting may not be in `n`: keep nothing.
        if self.changes.load(Ordering::SeqCst) == seen {
            map.insert(user.id.clone(), (Instant::now(), n));
        }
        Ok(n)
    }

    fn users(&self) -> std::sync::MutexGuard<'_, HashMap<String, broadcast::Sender<Signal>>> {
        // The map stays consistent even if a holder panicked mid-insert.
        self.users.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Starts listening for `user_id`'s events, within the caps.
    fn subscribe(self: &Arc<Self>, user_id: &str) -> Result<Subscription, Refused> {
        let mut users = self.users();
        let tx = users.entry(user_id.to_string()).or_insert_with(|| broadcast::channel(BUFFER).0);
        if tx.receiver_count() >= MAX_STREAMS_PER_USER {
            return Err(Refused::UserFull);
        }
        // Counted under the users lock, so two streams can't both take the last place.
        if self.open.load(Ordering::SeqCst) >= MAX_STREAMS_PER_NODE {
            return Err(Refused::NodeFull);
        }
        self.open.fetch_add(1, Ordering::SeqCst);
        let rx = tx.subscribe();
        drop(users);
        Ok(Subscription { rx, hub: self.clone(), user_id: user_id.to_string() })
    }

    /// Hands the change to its recipients' streams on this node.
    fn deliver(&self, change: &Change) {
        self.changes.fetch_add(1, Ordering::SeqCst);
        {
            let mut unread = self.unread_map();
            for user in &change.to {
                unread.remove(user);
            }
        }
        let users = self.users();
        let signal = if change.recheck { Signal::Recheck } else { Signal::Changed(change.conversation_id.clone()) };
        for user in &change.to {
            if let Some(tx) = users.get(user) {
                let _ = tx.send(signal.clone());
            }
        }
    }

    /// Open streams on this node, for `/metrics`.
    pub fn streams(&self) -> usize {
        self.open.load(Ordering::SeqCst)
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
            recheck: false,
        };
        self.spread(change).await;
    }

    /// Tells `user_id`'s open streams, here and on other nodes, that a
    /// session of theirs ended: each checks its own and ends if it is gone.
    pub async fn sessions_changed(&self, user_id: &str) {
        let change = Change {
            node: self.node.clone(),
            to: vec![user_id.to_string()],
            conversation_id: String::new(),
            recheck: true,
        };
        self.spread(change).await;
    }

    async fn spread(&self, change: Change) {
        self.deliver(&change);
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
                        Ok(change) if change.node != self.node => self.deliver(&change),
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

/// One stream's hold on its user's channel; the last one to go removes it.
struct Subscription {
    rx: broadcast::Receiver<Signal>,
    hub: Arc<Hub>,
    user_id: String,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.open.fetch_sub(1, Ordering::SeqCst);
        let mut users = self.hub.users();
        // This receiver still counts until the struct is gone: 1 means last.
        if users.get(&self.user_id).is_some_and(|tx| tx.receiver_count() <= 1) {
            users.remove(&self.user_id);
        }
    }
}

/// What a page is told: which conversation changed and the new unread total.
#[derive(Serialize)]
struct Update<'a> {
    conversation: &'a str,
    unread: i64,
}

/// Whether the stream's session still exists.
async fn session_alive(db: &Db, token: Option<&str>, user_id: &str) -> bool {
    let Some(token) = token else { return false };
    match accounts::session_user(db, token, dove_domain::clock::now_ms()).await {
        Ok(found) => found.is_some_and(|u| u.id == user_id),
        // A failing store is not a sign-out: keep the stream, check later.
        Err(_) => true,
    }
}

/// `GET /events`: the signed-in user's live updates. A comment every 20 s
/// keeps proxies from closing an idle stream. Past the caps the answer is
/// 429 (this user) or 503 (this node), with Retry-After; the page's
/// EventSource then tries again later.
pub async fn events(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let user = ctx.require_user()?.clone();
    let sub = match state.live.subscribe(&user.id) {
        Ok(sub) => sub,
        Err(refused) => {
            let status = match refused {
                Refused::UserFull => StatusCode::TOO_MANY_REQUESTS,
                Refused::NodeFull => StatusCode::SERVICE_UNAVAILABLE,
            };
            let mut res = status.into_response();
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
            return Ok(res);
        }
    };
    let closing = state.live.closing.subscribe();
    let mut recheck = tokio::time::interval(SESSION_RECHECK);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let token = ctx.session_token.clone();
    let stream = futures::stream::unfold(
        (sub, closing, recheck, state, user, token),
        |(mut sub, mut closing, mut recheck, state, user, token)| async move {
            let conversation = loop {
                let got = tokio::select! {
                    got = sub.rx.recv() => got,
                    _ = closing.wait_for(|c| *c) => return None,
                    _ = recheck.tick() => Ok(Signal::Recheck),
                };
                match got {
                    Ok(Signal::Changed(conversation_id)) => break conversation_id,
                    Ok(Signal::Recheck) => {
                        if !session_alive(&state.db, token.as_deref(), &user.id).await {
                            return None;
                        }
                    }
                    // Fell behind: say something changed, so the page refreshes
                    // (and check the session, in case a sign-out was skipped).
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        if !session_alive(&state.db, token.as_deref(), &user.id).await {
                            return None;
                        }
                        break String::new();
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            };
            // Boxed: an idle stream's state is then only the receivers, not
            // room for a database query it is not running.
            let unread = Box::pin(state.live.unread(&user)).await.unwrap_or(0);
            let data = serde_json::to_string(&Update { conversation: &conversation, unread }).unwrap_or_default();
            Some((
                Ok::<_, Infallible>(Event::default().event("update").data(data)),
                (sub, closing, recheck, state, user, token),
            ))
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))).into_response())
}
