//! sqlx errors become [`StoreError`]s. A unique violation becomes the
//! [`Conflict`] its index stands for: PostgreSQL names the index, SQLite
//! names its columns, and [`UNIQUE`] holds both for every unique index of
//! the schema (a test reads each database's catalogue and checks that no
//! index is missing). A violation of anything else, a primary key say, is
//! a fault in the caller and stays a backend error.
use dove_domain::StoreError;
use dove_domain::error::Conflict;

/// Every unique index of the schema: its name as PostgreSQL reports it,
/// its columns as SQLite reports them ("table.column, …"), and its meaning.
pub const UNIQUE: &[(&str, &str, Conflict)] = &[
    ("users_email_key", "users.email", Conflict::EmailTaken),
    ("stores_slug_key", "stores.slug", Conflict::StoreSlugTaken),
    ("stores_owner_key", "stores.owner_id", Conflict::StoreOwned),
    ("api_tokens_hash_key", "api_tokens.token_hash", Conflict::TokenTaken),
    ("categories_slug_key", "categories.slug", Conflict::CategorySlugTaken),
    (
        "conversations_listing_buyer_key",
        "conversations.listing_id, conversations.buyer_id",
        Conflict::ConversationExists,
    ),
    ("leads_listing_buyer_key", "leads.listing_id, leads.buyer_id", Conflict::LeadExists),
    ("viewings_one_open", "viewings.conversation_id", Conflict::ViewingOpen),
    ("payments_gateway_ref_key", "payments.gateway_ref", Conflict::GatewayRefTaken),
    ("payments_one_pending", "payments.order_id", Conflict::PaymentPending),
    ("offers_one_open", "offers.listing_id, offers.buyer_id", Conflict::OfferOpen),
    ("let_holds_order_id_key", "let_holds.order_id", Conflict::LetHeld),
    ("payouts_gateway_ref_key", "payouts.gateway_ref", Conflict::GatewayRefTaken),
    ("payouts_one_pending", "payouts.user_id", Conflict::PayoutPending),
    ("payout_numbers_token_hash_key", "payout_numbers.token_hash", Conflict::TokenTaken),
    ("reviews_one_per_author", "reviews.occasion, reviews.occasion_id, reviews.author_id", Conflict::ReviewExists),
    ("trust_cases_one_open", "trust_cases.subject_kind, trust_cases.subject_id", Conflict::CaseOpen),
    ("trust_signals_once", "trust_reports.reason, trust_reports.ref", Conflict::SignalRaised),
];

pub(crate) fn backend(e: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Backend(Box::new(e))
}

/// The conflict a unique violation reports: by index name on PostgreSQL,
/// by the columns that end SQLite's message on SQLite.
fn conflict_of(db: &dyn sqlx::error::DatabaseError) -> Option<Conflict> {
    match db.constraint() {
        Some(name) => UNIQUE.iter().find(|(index, _, _)| *index == name),
        None => {
            let cols = db.message().strip_prefix("UNIQUE constraint failed: ")?;
            UNIQUE.iter().find(|(_, c, _)| *c == cols)
        }
    }
    .map(|(_, _, conflict)| *conflict)
}

pub(crate) fn map(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) if db.is_unique_violation() => match conflict_of(db.as_ref()) {
            Some(c) => StoreError::Conflict(c),
            None => backend(e),
        },
        _ => backend(e),
    }
}
