//! What each person chooses to share and to be sent. Nothing is shared and
//! no SMS goes out until they say so.
use crate::StoreError;
use crate::accounts::User;
use crate::clock::now_ms;
use crate::fields::FieldErrors;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// A buyer lets sellers see when they save a listing, as a lead.
    pub share_favourites: bool,
    /// A seller gets an SMS for each new lead.
    pub sms_lead_alerts: bool,
}

pub trait PreferenceRepo: Send + Sync {
    /// The stored choices, or the defaults.
    fn preferences(&self, user_id: &str) -> impl Future<Output = Result<Preferences, StoreError>> + Send;
    fn set_preferences(
        &self,
        user_id: &str,
        p: &Preferences,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

pub async fn get<R: PreferenceRepo>(repo: &R, user: &User) -> Result<Preferences, StoreError> {
    repo.preferences(&user.id).await
}

#[derive(Debug, thiserror::Error)]
pub enum PreferenceError {
    #[error("invalid preferences")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Saves the choices. SMS alerts need a verified phone on the account.
pub async fn set<R: PreferenceRepo>(repo: &R, user: &User, p: Preferences) -> Result<Preferences, PreferenceError> {
    if p.sms_lead_alerts && !user.phone_verified {
        return Err(PreferenceError::Invalid(FieldErrors::single("sms_lead_alerts", "sms-needs-phone")));
    }
    repo.set_preferences(&user.id, &p, now_ms()).await?;
    Ok(p)
}
