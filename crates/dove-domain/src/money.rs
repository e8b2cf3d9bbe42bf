//! Money is an integer count of minor units plus an ISO 4217 currency code,
//! never a float, so sums and comparisons are exact.

/// Kenyan shillings, the default currency.
pub const KES: &str = "KES";

/// Formats minor units for people: `KES 25,000`, or `KES 1,250.50` when
/// there are cents.
pub fn format_money(minor: i64, currency: &str) -> String {
    let negative = minor < 0;
    let abs = minor.unsigned_abs();
    let whole = abs / 100;
    let cents = abs % 100;
    let digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if negative { "-" } else { "" };
    if cents == 0 { format!("{currency} {sign}{grouped}") } else { format!("{currency} {sign}{grouped}.{cents:02}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_grouping() {
        assert_eq!(format_money(2_500_000, KES), "KES 25,000");
        assert_eq!(format_money(125_050, KES), "KES 1,250.50");
        assert_eq!(format_money(0, KES), "KES 0");
        assert_eq!(format_money(12_000_000_000, KES), "KES 120,000,000");
        assert_eq!(format_money(-500, KES), "KES -5");
    }
}
