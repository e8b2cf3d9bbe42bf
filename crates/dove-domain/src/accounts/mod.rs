//! Accounts: people, their credentials, sessions, tokens and stores.
mod email;
mod names;
mod password;
mod phone;
mod repo;
mod service;

pub use email::{Email, EmailError};
pub use names::{NameError, PersonName, Slug, SlugError, StoreName};
pub use password::{Password, PasswordError, hash_password, verify_password};
pub use phone::{Phone, PhoneError};
pub use repo::{AccountRepo, ApiToken, NewUser, PendingToken, SessionUser, TokenPurpose, TokenUser, UserCredentials};
pub use service::*;

use serde::Serialize;

/// What a person may do. A buyer becomes a seller by opening a store; admins
/// are created from the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Buyer,
    Seller,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Buyer => "buyer",
            Role::Seller => "seller",
            Role::Admin => "admin",
        }
    }

    /// Reads a stored role; an unknown value falls back to the least
    /// privileged role rather than failing the whole request.
    pub fn from_stored(s: &str) -> Role {
        match s {
            "seller" => Role::Seller,
            "admin" => Role::Admin,
            _ => Role::Buyer,
        }
    }
}

/// A seller's store, shown on listings and at `/s/{slug}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Store {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub created_at: i64,
}

/// A signed-in person as every request sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    /// The phone was proved by a code texted to it (see `phone_codes`).
    pub phone_verified: bool,
    pub role: Role,
    pub email_verified: bool,
    pub created_at: i64,
    pub store: Option<Store>,
}

impl User {
    pub fn is_seller(&self) -> bool {
        self.store.is_some()
    }
}
