//! Server messages in the reader's language. The server answers with fixed
//! English sentences (also what API clients see); the pages show them in the
//! current language. An unknown message is shown as it is.

use crate::i18n::*;

/// The server's message `msg` in the current language.
pub fn localize(i18n: leptos_i18n::I18nContext<Locale>, msg: &str) -> String {
    match msg {
        "The password must be at least 8 characters long." => t_string!(i18n, msg.pw_short),
        "The password must be at most 128 characters long." => t_string!(i18n, msg.pw_long),
        "The password must contain more than spaces." => t_string!(i18n, msg.pw_blank),
        "The request is too large. Send less at a time." => t_string!(i18n, msg.too_large),
        "This password is one of the most common passwords. Please choose another." => t_string!(i18n, msg.pw_common),
        "The e-mail address or password is incorrect." => t_string!(i18n, msg.wrong_credentials),
        "Enter your e-mail address and password." => t_string!(i18n, msg.enter_credentials),
        "Enter a valid e-mail address." => t_string!(i18n, msg.email_invalid),
        "An account with this e-mail address already exists. Sign in instead." => t_string!(i18n, msg.email_taken),
        "Organisation name is required." => t_string!(i18n, msg.org_name_required),
        "Organisation name must be at most 200 characters." => t_string!(i18n, msg.org_name_long),
        "Organisation name contains invalid characters." => t_string!(i18n, msg.org_name_chars),
        "Your name is required." => t_string!(i18n, msg.your_name_required),
        "Your name must be at most 120 characters." => t_string!(i18n, msg.your_name_long),
        "Your name contains invalid characters." => t_string!(i18n, msg.your_name_chars),
        "Your name is required (at most 120 characters)." => t_string!(i18n, msg.name_range),
        "Choose the organisation's country." => t_string!(i18n, msg.country),
        "Choose the kind of organisation." => t_string!(i18n, msg.kind),
        "Population must be a whole number between 0 and 100,000,000." => t_string!(i18n, msg.population),
        "Choose an ambition level." => t_string!(i18n, msg.ambition),
        "This invitation link is invalid, already used or expired." => t_string!(i18n, msg.invalid_invitation),
        "This reset link is invalid, already used or expired." => t_string!(i18n, msg.invalid_reset),
        "This sign-up link is invalid, already used or expired. Sign up again to get a new one." => t_string!(i18n, msg.invalid_sign_up),
        "An organisation needs at least one administrator. Make someone else administrator first." => t_string!(i18n, msg.last_admin),
        "This person is already a member." => t_string!(i18n, msg.already_member),
        "Choose a role." => t_string!(i18n, msg.choose_role),
        "The current password is incorrect." => t_string!(i18n, msg.current_pw),
        "Choose one of the offered languages." => t_string!(i18n, msg.language),
        "You are the only administrator of an organisation with other members. Make someone else administrator first." => t_string!(i18n, msg.only_admin),
        "A campaign needs a name of at most 120 characters." => t_string!(i18n, msg.campaign_name),
        "A department name must be at most 100 characters." => t_string!(i18n, msg.dept_long),
        "At most 200 departments." => t_string!(i18n, msg.dept_many),
        "Write one headcount per line: a department, a colon, a number." => t_string!(i18n, msg.headcount_format),
        "A headcount must be a whole number between 1 and 1,000,000." => t_string!(i18n, msg.headcount_range),
        "Enter a year between 2000 and 2100." => t_string!(i18n, msg.year),
        "Choose a questionnaire version." => t_string!(i18n, msg.version),
        "Issue between 1 and 5000 invitations at a time." => t_string!(i18n, msg.tokens_range),
        "Enter at least one e-mail address." => t_string!(i18n, msg.emails_none),
        "At most 5000 addresses at a time." => t_string!(i18n, msg.emails_many),
        "The campaign is closed." => t_string!(i18n, msg.campaign_closed),
        "A closed campaign cannot be opened or closed again." => t_string!(i18n, msg.closed_final),
        "Only an open campaign can be closed." => t_string!(i18n, msg.only_open_close),
        "Only a draft campaign can be opened." => t_string!(i18n, msg.only_draft_open),
        "The campaign changed meanwhile; reload." => t_string!(i18n, msg.changed),
        "Reminders go out only while the campaign is open." => t_string!(i18n, msg.reminders_open),
        "Please sign in." => t_string!(i18n, msg.sign_in),
        "You do not have access to this." => t_string!(i18n, msg.forbidden),
        "Not found." => t_string!(i18n, msg.not_found),
        "Too many requests. Please wait a moment." => t_string!(i18n, msg.too_many),
        "The service is temporarily unavailable. Please try again shortly." => t_string!(i18n, msg.unavailable),
        "Something went wrong. Please try again." => t_string!(i18n, msg.generic),
        "Give the collaboration a name (at least 2 characters)." => t_string!(i18n, collab.err_name_short),
        "The name may be at most 120 characters." => t_string!(i18n, collab.err_name_long),
        "The name may not contain control characters." => t_string!(i18n, collab.err_name_chars),
        "Unknown organisation." => t_string!(i18n, collab.err_unknown_org),
        "This organisation is already invited or a member." => t_string!(i18n, collab.err_already),
        "Choose to accept or to decline the invitation." => t_string!(i18n, collab.err_decision),
        "The search text is too long." => t_string!(i18n, collab.err_search_long),
        other => return other.to_owned(),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    /// Every sentence the table knows must still be produced by the server
    /// code (a renamed message would silently stop being translated).
    #[test]
    fn table_matches_the_server_texts() {
        let sources = [
            include_str!("../auth/password.rs"),
            include_str!("../auth/service.rs"),
            include_str!("../auth/members.rs"),
            include_str!("../auth/account.rs"),
            include_str!("../survey/service.rs"),
            include_str!("../error.rs"),
        ]
        .join("\n")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
        let table = include_str!("messages.rs");
        let mut missing = Vec::new();
        for line in table
            .lines()
            .filter(|l| l.trim_start().starts_with('"') && l.contains("=> t_string!(i18n, msg."))
        {
            let text = line
                .trim()
                .split(" => ")
                .next()
                .unwrap_or("")
                .trim_matches('"');
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let generated = ["Organisation name ", "Your name "]
                .iter()
                .any(|p| words.starts_with(p));
            if !generated
                && !sources
                    .replace(" \\ ", " ")
                    .replace("\\ ", "")
                    .contains(&words)
            {
                missing.push(words);
            }
        }
        assert!(
            missing.is_empty(),
            "not found in the server code: {missing:?}"
        );
    }
}
