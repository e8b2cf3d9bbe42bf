//! A submitted form as a template shows it again: the values typed (never
//! passwords) and a translated error beside each bad field.
use crate::i18n::{Lang, translate};
use dove_domain::FieldErrors;

#[derive(Default)]
pub struct FormView {
    values: Vec<(String, String)>,
    errors: Vec<(&'static str, String)>,
}

impl FormView {
    pub fn with(mut self, name: &str, value: &str) -> Self {
        self.values.push((name.to_string(), value.to_string()));
        self
    }

    /// Replaces the values of every name that appears in `pairs`.
    pub fn overlay(mut self, pairs: &[(String, String)]) -> Self {
        for (name, _) in pairs {
            self.values.retain(|(n, _)| n != name);
        }
        self.values.extend(pairs.iter().filter(|(n, _)| n != "csrf").cloned());
        self
    }

    pub fn errors(mut self, lang: Lang, errors: &FieldErrors) -> Self {
        for e in &errors.0 {
            self.errors.push((e.field, translate(lang, &format!("err-{}", e.code), None)));
        }
        self
    }

    pub fn value(&self, name: &str) -> &str {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// Whether `name` has the value `value` (checkboxes, selects).
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.values.iter().any(|(n, v)| n == name && v == value)
    }

    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}
