//! Download links without script: the content travels in a `data:` URL, which
//! the Content-Security-Policy allows for navigation (and `download`).

/// A `data:` URL for `content` of `mime` (UTF-8), percent-encoded.
pub fn data_url(mime: &str, content: &str) -> String {
    let mut out = format!("data:{mime};charset=utf-8,");
    for b in content.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::data_url;

    #[test]
    fn content_is_percent_encoded() {
        assert_eq!(
            data_url("text/csv", "a,b\r\n"),
            "data:text/csv;charset=utf-8,a%2Cb%0D%0A"
        );
        assert_eq!(
            data_url("application/json", "{\"å\":1}"),
            "data:application/json;charset=utf-8,%7B%22%C3%A5%22%3A1%7D"
        );
    }
}
