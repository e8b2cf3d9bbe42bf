use super::User;
use crate::StoreError;
use crate::mail::OutgoingMail;

/// What an emailed one-time link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify",
            TokenPurpose::ResetPassword => "reset",
        }
    }
}

/// A one-time link to store together with the mail that carries it.
#[derive(Debug, Clone)]
pub struct PendingToken {
    pub token_hash: String,
    pub purpose: TokenPurpose,
    pub expires_at: i64,
    pub mail: OutgoingMail,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub id: String,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub password_hash: String,
    pub role: super::Role,
    pub email_verified_at: Option<i64>,
    pub created_at: i64,
    /// The language mail to this account is written in (`mail::LANGUAGES`).
    pub lang: String,
}

pub struct UserCredentials {
    pub user: User,
    pub password_hash: String,
}

/// A live session's user, and when the session was last touched.
pub struct SessionUser {
    pub user: User,
    pub last_seen_at: i64,
}

/// A live API token's user, with what the token's own row says.
pub struct TokenUser {
    pub user: User,
    pub token_id: String,
    pub last_used_at: Option<i64>,
}

/// An API token as its owner sees it on the account page and in the API;
/// never the secret, which only its holder has.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub expires_at: i64,
    /// Touched at most once an hour, so this is "used within the hour after".
    pub last_used_at: Option<i64>,
}

/// Account storage. Every method that changes more than one row does it in
/// one transaction.
pub trait AccountRepo: Send + Sync {
    /// Inserts the user, and the pending link with its mail if given.
    /// A taken email is `StoreError::Conflict(Conflict::EmailTaken)`.
    fn insert_user(
        &self,
        user: &NewUser,
        pending: Option<&PendingToken>,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Sign-up again for an email whose account is still unconfirmed: the
    /// new sign-up's name, phone and password replace the old ones, and every
    /// link, session and API token of the row ends, then the new link and its
    /// mail are stored. Whoever registered first thus keeps nothing. False,
    /// with nothing written, when no unconfirmed account has that email (it
    /// was confirmed meanwhile).
    fn restart_unconfirmed(
        &self,
        user: &NewUser,
        pending: &PendingToken,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    fn credentials_by_email(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Option<UserCredentials>, StoreError>> + Send;
    fn credentials_by_id(&self, id: &str) -> impl Future<Output = Result<Option<UserCredentials>, StoreError>> + Send;
    /// Stores a one-time link and its mail together.
    fn insert_pending_token(
        &self,
        user_id: &str,
        pending: &PendingToken,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Remembers the language the account's mail is written in.
    fn set_lang(&self, user_id: &str, lang: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Sends a mail on its own (for notices that carry no link).
    fn enqueue_account_mail(
        &self,
        mail: &OutgoingMail,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Uses a verify link: marks it (and every other verify link of the
    /// account) used, the email verified, and ends every session and API
    /// token the account had, so whatever was opened before the owner proved
    /// the address no longer works. Returns the user id, or `None` when the
    /// link is unknown, used or expired.
    fn consume_verify_token(
        &self,
        token_hash: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
    /// The account a live (unused, unexpired) link of `purpose` belongs to,
    /// without using it: so a page can say at once that a reset link is
    /// dead, and a confirmation can check the password before it is used.
    fn live_token_owner(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: i64,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
    /// Uses a reset link: marks it used, sets the new hash, marks the email
    /// verified (the link proved it) and ends every session and API token.
    fn consume_reset_token(
        &self,
        token_hash: &str,
        new_hash: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
    /// Sets a new hash and ends every other session and every API token.
    fn change_password(
        &self,
        user_id: &str,
        new_hash: &str,
        keep_session_hash: Option<&str>,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn insert_session(
        &self,
        token_hash: &str,
        user_id: &str,
        now: i64,
        expires_at: i64,
        user_agent: Option<&str>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The user of a session that has not expired and was last seen after
    /// `idle_since`.
    fn user_by_session(
        &self,
        token_hash: &str,
        now: i64,
        idle_since: i64,
    ) -> impl Future<Output = Result<Option<SessionUser>, StoreError>> + Send;
    /// Marks a session as used now.
    fn touch_session(&self, token_hash: &str, now: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn delete_session(&self, token_hash: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Ends every session and revokes every API token of a user.
    fn end_all_sessions(&self, user_id: &str, now: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn insert_api_token(
        &self,
        id: &str,
        user_id: &str,
        token_hash: &str,
        name: &str,
        now: i64,
        expires_at: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The user of a token that is neither revoked nor expired.
    fn user_by_api_token(
        &self,
        token_hash: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<TokenUser>, StoreError>> + Send;
    /// Marks a token as used now.
    fn touch_api_token(&self, token_id: &str, now: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// A user's live tokens, newest first.
    fn list_api_tokens(
        &self,
        user_id: &str,
        now: i64,
    ) -> impl Future<Output = Result<Vec<ApiToken>, StoreError>> + Send;
    /// Returns whether a live token was revoked.
    fn revoke_api_token(&self, token_hash: &str, now: i64) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Revokes a live token of `user_id` by its id; false when the user has
    /// no such live token (someone else's token is "no such token").
    fn revoke_api_token_by_id(
        &self,
        user_id: &str,
        token_id: &str,
        now: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Opens a store and makes the user a seller (an admin stays admin).
    /// A taken slug is `StoreError::Conflict(Conflict::StoreSlugTaken)`; a second
    /// store is `StoreError::Conflict(Conflict::StoreOwned)`.
    fn create_store(&self, store: &super::Store, owner_id: &str)
    -> impl Future<Output = Result<(), StoreError>> + Send;
}
