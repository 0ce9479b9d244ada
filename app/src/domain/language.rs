//! The languages of the product: one list, used by the survey, the accounts,
//! the advice and the pages. The page translations (`app/locales/*.json`,
//! leptos_i18n's `Locale`) have the same four, checked by a test in
//! `crate::i18n_languages`.

/// Language codes, the default first.
pub const LANGUAGES: [&str; 4] = ["en", "sv", "da", "nl"];

/// The default language (also of every questionnaire text).
pub const DEFAULT: &str = "en";

/// The code, when it is one of [`LANGUAGES`].
pub fn supported(code: &str) -> Option<&'static str> {
    LANGUAGES.into_iter().find(|l| *l == code)
}

/// The code when supported, otherwise the default: for a reader's language
/// that arrives from a page (a wrong one falls back rather than fails).
pub fn or_default(code: &str) -> &'static str {
    supported(code).unwrap_or(DEFAULT)
}

/// The language's name in itself, for language choices.
pub fn native_name(code: &str) -> &'static str {
    match code {
        "sv" => "Svenska",
        "da" => "Dansk",
        "nl" => "Nederlands",
        _ => "English",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_four_are_supported() {
        for l in LANGUAGES {
            assert_eq!(supported(l), Some(l));
            assert_eq!(or_default(l), l);
        }
        for bad in ["", "EN", "de", "sv-SE", "en "] {
            assert_eq!(supported(bad), None);
            assert_eq!(or_default(bad), "en");
        }
        assert_eq!(LANGUAGES[0], DEFAULT);
    }

    #[test]
    fn every_language_has_its_own_name() {
        let names: std::collections::BTreeSet<_> =
            LANGUAGES.iter().map(|l| native_name(l)).collect();
        assert_eq!(names.len(), LANGUAGES.len());
        assert_eq!(native_name("sv"), "Svenska");
    }
}
