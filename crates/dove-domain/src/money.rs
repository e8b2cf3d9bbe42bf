//! Money is an integer count of minor units plus an ISO 4217 currency code,
//! never a float, so sums and comparisons are exact.

/// Kenyan shillings, the default currency.
pub const KES: &str = "KES";

/// The most one order may come to: 10 billion shillings, the most a
/// listing may cost. Far inside `i64`, so sums of a few orders cannot wrap.
pub const MAX_TOTAL_MINOR: i64 = 1_000_000_000_000;

/// `unit_minor × quantity` (a price times items or nights), or `None` when
/// it would overflow or pass [`MAX_TOTAL_MINOR`]: never a wrapped total.
pub fn times(unit_minor: i64, quantity: i64) -> Option<i64> {
    unit_minor.checked_mul(quantity).filter(|t| (0..=MAX_TOTAL_MINOR).contains(t))
}

/// The sum of line totals, with the same bound as [`times`].
pub fn total(lines: impl IntoIterator<Item = Option<i64>>) -> Option<i64> {
    lines.into_iter().try_fold(0i64, |acc, l| acc.checked_add(l?)).filter(|t| *t <= MAX_TOTAL_MINOR)
}

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

    #[test]
    fn totals_never_wrap() {
        assert_eq!(times(500_000, 3), Some(1_500_000));
        assert_eq!(times(i64::MAX / 2, 3), None, "overflow is refused, not wrapped");
        assert_eq!(times(MAX_TOTAL_MINOR, 2), None);
        assert_eq!(times(-1, 2), None);
        assert_eq!(total([Some(1), Some(2)]), Some(3));
        assert_eq!(total([Some(MAX_TOTAL_MINOR), Some(1)]), None);
        assert_eq!(total([Some(1), None]), None);
    }
}
