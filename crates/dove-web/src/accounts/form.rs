//! A submitted form as a template shows it again: the values typed (never
//! passwords) and a translated error beside each bad field.
use crate::i18n::{Lang, translate};
use dove_domain::FieldErrors;

#[derive(Default)]
pub struct FormView {
    values: Vec<(&'static str, String)>,
    errors: Vec<(&'static str, String)>,
}

impl FormView {
    pub fn with(mut self, name: &'static str, value: &str) -> Self {
        self.values.push((name, value.to_string()));
        self
    }

    pub fn errors(mut self, lang: Lang, errors: &FieldErrors) -> Self {
        for e in &errors.0 {
            self.errors.push((e.field, translate(lang, &format!("err-{}", e.code), None)));
        }
        self
    }

    pub fn value(&self, name: &str) -> &str {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}
