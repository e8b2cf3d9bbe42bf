//! Each seller's response-time figures, kept for half a minute.
//!
//! They are counted over every message lead the seller has, which at a few
//! thousand leads was the largest part of a board's time; a figure like
//! "median reply 12 minutes" needs no second-by-second freshness. A seller
//! who sends a message through this node has theirs counted afresh, so a
//! reply shows at once on their own board.
use dove_domain::StoreError;
use dove_domain::accounts::User;
use dove_domain::leads::{self, ResponseTimes};
use dove_store::Db;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const FRESH_FOR: Duration = Duration::from_secs(30);
/// Past this many sellers, stale entries are dropped, so memory stays flat.
const MAX_KEPT: usize = 10_000;

#[derive(Default)]
pub struct ResponseCache {
    kept: Mutex<HashMap<String, (Instant, ResponseTimes)>>,
}

impl ResponseCache {
    pub async fn get(&self, db: &Db, seller: &User) -> Result<ResponseTimes, StoreError> {
        if let Some((at, times)) = self.kept.lock().unwrap_or_else(|p| p.into_inner()).get(&seller.id)
            && at.elapsed() < FRESH_FOR
        {
            return Ok(*times);
        }
        let times = leads::response(db, seller).await?;
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= MAX_KEPT {
            kept.retain(|_, (at, _)| at.elapsed() < FRESH_FOR);
        }
        kept.insert(seller.id.clone(), (Instant::now(), times));
        Ok(times)
    }
}

impl ResponseCache {
    /// After `user_id` sent a message: their next board counts again.
    pub fn forget(&self, user_id: &str) {
        self.kept.lock().unwrap_or_else(|p| p.into_inner()).remove(user_id);
    }
}
