//! Accounts: users, stores, sessions, API tokens and one-time links.
use crate::error::map;
use crate::{Db, on_read, on_write};
use dove_domain::StoreError;
use dove_domain::accounts::{
    AccountRepo, ApiToken, NewUser, PendingToken, Role, SessionUser, Store, TokenPurpose, TokenUser, User,
    UserCredentials,
};

/// The columns of a user with their store, for every query that loads one.
const USER_COLUMNS: &str = "u.id, u.email, u.name, u.phone, u.phone_verified_at, u.role, u.email_verified_at, u.created_at, u.password_hash, \
     s.id AS store_id, s.name AS store_name, s.slug AS store_slug, s.created_at AS store_created_at";

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    email: String,
    name: String,
    phone: Option<String>,
    phone_verified_at: Option<i64>,
    role: String,
    email_verified_at: Option<i64>,
    created_at: i64,
    password_hash: String,
    store_id: Option<String>,
    store_name: Option<String>,
    store_slug: Option<String>,
    store_created_at: Option<i64>,
}

impl UserRow {
    fn into_credentials(self) -> UserCredentials {
        let store = match (self.store_id, self.store_name, self.store_slug, self.store_created_at) {
            (Some(id), Some(name), Some(slug), Some(created_at)) => Some(Store { id, name, slug, created_at }),
            _ => None,
        };
        UserCredentials {
            user: User {
                id: self.id,
                email: self.email,
                name: self.name,
                phone_verified: self.phone.is_some() && self.phone_verified_at.is_some(),
                phone: self.phone,
                role: Role::from_stored(&self.role),
                email_verified: self.email_verified_at.is_some(),
                created_at: self.created_at,
                store,
            },
            password_hash: self.password_hash,
        }
    }
}

fn user_query(where_clause: &str) -> String {
    format!("SELECT {USER_COLUMNS} FROM users u LEFT JOIN stores s ON s.owner_id = u.id {where_clause}")
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    last_seen_at: i64,
}

#[derive(sqlx::FromRow)]
struct TokenUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    token_id: String,
    last_used_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct ApiTokenRow {
    id: String,
    name: String,
    created_at: i64,
    expires_at: i64,
    last_used_at: Option<i64>,
}

/// Ends every session and API token of `$user_id` at `$now`, inside the
/// open transaction `$tx`.
macro_rules! end_sessions_and_tokens {
    ($tx:expr, $user_id:expr, $now:expr) => {
        async {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind($user_id).execute(&mut *$tx).await?;
            sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
                .bind($user_id)
                .bind($now)
                .execute(&mut *$tx)
                .await
                .map(|_| ())
        }
    };
}

/// Uses a live link of `$purpose` inside the open transaction `$tx`, and
/// with it every other outstanding link of that kind for the same account.
/// Yields `Result<Option<user id>, StoreError>`.
macro_rules! use_link {
    ($tx:expr, $hash:expr, $purpose:expr, $now:expr) => {
        async {
            let purpose = $purpose.as_str();
            let used: Option<(String,)> = sqlx::query_as(
                "UPDATE account_tokens SET used_at = $2 \
                 WHERE token_hash = $1 AND purpose = $3 AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
            )
            .bind($hash)
            .bind($now)
            .bind(purpose)
            .fetch_optional(&mut *$tx)
            .await
            .map_err(map)?;
            if let Some((id,)) = &used {
                sqlx::query(
                    "UPDATE account_tokens SET used_at = $2 WHERE user_id = $1 AND purpose = $3 AND used_at IS NULL",
                )
                .bind(id)
                .bind($now)
                .bind(purpose)
                .execute(&mut *$tx)
                .await
                .map_err(map)?;
            }
            Ok::<_, StoreError>(used.map(|(id,)| id))
        }
        .await
    };
}

/// Stores a link's token (hashed) for `$user_id` and queues the mail that
/// carries it, inside the open transaction `$tx`.
macro_rules! insert_pending {
    ($tx:expr, $user_id:expr, $p:expr, $now:expr) => {
        async {
            let p: &PendingToken = $p;
            sqlx::query(
                "INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&p.token_hash)
            .bind($user_id)
            .bind(p.purpose.as_str())
            .bind($now)
            .bind(p.expires_at)
            .execute(&mut *$tx)
            .await
            .map_err(map)?;
            crate::queue_mail!(&mut *$tx, p.mail, $now).await.map_err(map)
        }
    };
}

impl AccountRepo for Db {
    async fn insert_user(&self, user: &NewUser, pending: Option<&PendingToken>, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            sqlx::query(
                "INSERT INTO users (id, email, name, phone, password_hash, role, email_verified_at, created_at, updated_at, lang) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)",
            )
            .bind(&user.id)
            .bind(&user.email)
            .bind(&user.name)
            .bind(&user.phone)
            .bind(&user.password_hash)
            .bind(user.role.as_str())
            .bind(user.email_verified_at)
            .bind(user.created_at)
            .bind(&user.lang)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            if let Some(p) = pending {
                insert_pending!(tx, &user.id, p, now).await?;
            }
            tx.commit().await.map_err(map)
        })
    }

    async fn restart_unconfirmed(&self, user: &NewUser, pending: &PendingToken, now: i64) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let id: Option<(String,)> = sqlx::query_as(
                "UPDATE users SET name = $2, phone = $3, password_hash = $4, updated_at = $5, lang = $6 \
                 WHERE email = $1 AND email_verified_at IS NULL RETURNING id",
            )
            .bind(&user.email)
            .bind(&user.name)
            .bind(&user.phone)
            .bind(&user.password_hash)
            .bind(now)
            .bind(&user.lang)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map)?;
            let Some((id,)) = id else {
                tx.rollback().await.map_err(map)?;
                return Ok(false);
            };
            sqlx::query("DELETE FROM account_tokens WHERE user_id = $1")
                .bind(&id)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            end_sessions_and_tokens!(tx, &id, now).await.map_err(map)?;
            insert_pending!(tx, &id, pending, now).await?;
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
    }

    async fn credentials_by_email(&self, email: &str) -> Result<Option<UserCredentials>, StoreError> {
        let sql = user_query("WHERE u.email = $1");
        let row: Option<UserRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(email).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(UserRow::into_credentials))
    }

    async fn credentials_by_id(&self, id: &str) -> Result<Option<UserCredentials>, StoreError> {
        let sql = user_query("WHERE u.id = $1");
        let row: Option<UserRow> =
            on_read!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await.map_err(map))?;
        Ok(row.map(UserRow::into_credentials))
    }

    async fn insert_pending_token(&self, user_id: &str, pending: &PendingToken, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            insert_pending!(tx, user_id, pending, now).await?;
            tx.commit().await.map_err(map)
        })
    }

    async fn set_lang(&self, user_id: &str, lang: &str) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query("UPDATE users SET lang = $2 WHERE id = $1 AND lang <> $2")
            .bind(user_id)
            .bind(lang)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }

    async fn enqueue_account_mail(&self, mail: &dove_domain::mail::OutgoingMail, now: i64) -> Result<(), StoreError> {
        dove_domain::mail::OutboxRepo::enqueue_mail(self, mail, now).await
    }

    async fn consume_verify_token(&self, token_hash: &str, now: i64) -> Result<Option<String>, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let user_id = use_link!(tx, token_hash, TokenPurpose::VerifyEmail, now)?;
            if let Some(id) = &user_id {
                sqlx::query("UPDATE users SET email_verified_at = $2, updated_at = $2 WHERE id = $1 AND email_verified_at IS NULL")
                    .bind(id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
                end_sessions_and_tokens!(tx, id, now).await.map_err(map)?;
            }
            tx.commit().await.map_err(map)?;
            Ok(user_id)
        })
    }

    async fn live_token_owner(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: i64,
    ) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = on_read!(self, |pool| {
            sqlx::query_as(
            "SELECT user_id FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3"
        )
        .bind(token_hash)
        .bind(purpose.as_str())
        .bind(now)
        .fetch_optional(pool)
        .await
        .map_err(map)
        })?;
        Ok(row.map(|(id,)| id))
    }

    async fn consume_reset_token(
        &self,
        token_hash: &str,
        new_hash: &str,
        now: i64,
    ) -> Result<Option<String>, StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            let user_id = use_link!(tx, token_hash, TokenPurpose::ResetPassword, now)?;
            if let Some(id) = &user_id {
                sqlx::query(
                    "UPDATE users SET password_hash = $2, updated_at = $3, email_verified_at = COALESCE(email_verified_at, $3) WHERE id = $1",
                )
                .bind(id)
                .bind(new_hash)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
                end_sessions_and_tokens!(tx, id, now).await.map_err(map)?;
            }
            tx.commit().await.map_err(map)?;
            Ok(user_id)
        })
    }

    async fn change_password(
        &self,
        user_id: &str,
        new_hash: &str,
        keep_session_hash: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
                .bind(user_id)
                .bind(new_hash)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                .bind(user_id)
                .bind(keep_session_hash.unwrap_or(""))
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
                .bind(user_id)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            tx.commit().await.map_err(map)
        })
    }

    async fn insert_session(
        &self,
        token_hash: &str,
        user_id: &str,
        now: i64,
        expires_at: i64,
        user_agent: Option<&str>,
    ) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, user_agent, last_seen_at) VALUES ($1, $2, $3, $4, $5, $3)")
                .bind(token_hash)
                .bind(user_id)
                .bind(now)
                .bind(expires_at)
                .bind(user_agent)
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(map)
        })
    }

    async fn user_by_session(
        &self,
        token_hash: &str,
        now: i64,
        idle_since: i64,
    ) -> Result<Option<SessionUser>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, x.last_seen_at FROM sessions x JOIN users u ON u.id = x.user_id \
             LEFT JOIN stores s ON s.owner_id = u.id \
             WHERE x.token_hash = $1 AND x.expires_at > $2 AND x.last_seen_at > $3"
        );
        let row: Option<SessionRow> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(token_hash)
            .bind(now)
            .bind(idle_since)
            .fetch_optional(pool)
            .await
            .map_err(map))?;
        Ok(row.map(|r| SessionUser { last_seen_at: r.last_seen_at, user: r.user.into_credentials().user }))
    }

    async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }

    async fn end_all_sessions(&self, user_id: &str, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            end_sessions_and_tokens!(tx, user_id, now).await.map_err(map)?;
            tx.commit().await.map_err(map)
        })
    }

    async fn insert_api_token(
        &self,
        id: &str,
        user_id: &str,
        token_hash: &str,
        name: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            sqlx::query(
                "INSERT INTO api_tokens (id, user_id, token_hash, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(user_id)
            .bind(token_hash)
            .bind(name)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map)
        })
    }

    async fn user_by_api_token(&self, token_hash: &str, now: i64) -> Result<Option<TokenUser>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, t.id AS token_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
             LEFT JOIN stores s ON s.owner_id = u.id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2"
        );
        let row: Option<TokenUserRow> = on_read!(self, |pool| sqlx::query_as(&sql)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await
            .map_err(map))?;
        Ok(row.map(|r| TokenUser {
            token_id: r.token_id,
            last_used_at: r.last_used_at,
            user: r.user.into_credentials().user,
        }))
    }

    async fn touch_api_token(&self, token_id: &str, now: i64) -> Result<(), StoreError> {
        on_write!(self, |pool| sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
            .bind(token_id)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(map))
    }

    async fn list_api_tokens(&self, user_id: &str, now: i64) -> Result<Vec<ApiToken>, StoreError> {
        let rows: Vec<ApiTokenRow> = on_read!(self, |pool| sqlx::query_as(
            "SELECT id, name, created_at, expires_at, last_used_at FROM api_tokens \
             WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC, id DESC"
        )
        .bind(user_id)
        .bind(now)
        .fetch_all(pool)
        .await
        .map_err(map))?;
        Ok(rows
            .into_iter()
            .map(|r| ApiToken {
                id: r.id,
                name: r.name,
                created_at: r.created_at,
                expires_at: r.expires_at,
                last_used_at: r.last_used_at,
            })
            .collect())
    }

    async fn revoke_api_token_by_id(&self, user_id: &str, token_id: &str, now: i64) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > $3",
            )
            .bind(token_id)
            .bind(user_id)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
            .map_err(map)
        })
    }

    async fn revoke_api_token(&self, token_hash: &str, now: i64) -> Result<bool, StoreError> {
        on_write!(self, |pool| {
            sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL")
                .bind(token_hash)
                .bind(now)
                .execute(pool)
                .await
                .map(|r| r.rows_affected() == 1)
                .map_err(map)
        })
    }

    async fn create_store(&self, store: &Store, owner_id: &str) -> Result<(), StoreError> {
        on_write!(self, |pool| {
            let mut tx = pool.begin().await.map_err(map)?;
            sqlx::query("INSERT INTO stores (id, owner_id, name, slug, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(&store.id)
                .bind(owner_id)
                .bind(&store.name)
                .bind(&store.slug)
                .bind(store.created_at)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            sqlx::query("UPDATE users SET role = 'seller', updated_at = $2 WHERE id = $1 AND role = 'buyer'")
                .bind(owner_id)
                .bind(store.created_at)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            tx.commit().await.map_err(map)
        })
    }
}
