//! Time is stored as UTC milliseconds since the Unix epoch: an `i64` that both
//! SQLite and PostgreSQL store, compare and decode the same way.

/// Milliseconds in one minute, hour and day, to keep durations readable.
pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// The current UTC time in milliseconds.
pub fn now_ms() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// Year, month (1–12) and day of a day count since 1970-01-01: the
/// civil-from-days algorithm (H. Hinnant).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// The year of a UTC millisecond timestamp, for "member since" lines.
pub fn year_of(ms: i64) -> i64 {
    civil(ms.div_euclid(DAY_MS)).0
}

/// East Africa Time, UTC+3 all year: how times are shown to users here.
const EAT_OFFSET_MS: i64 = 3 * HOUR_MS;

/// "24 Nov 14:05" in East Africa Time, for message times.
pub fn short_time(ms: impl std::borrow::Borrow<i64>) -> String {
    let ms = *ms.borrow();
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let local = ms + EAT_OFFSET_MS;
    let (_, month, day) = civil(local.div_euclid(DAY_MS));
    let minutes = local.rem_euclid(DAY_MS) / MINUTE_MS;
    format!("{day} {} {:02}:{:02}", MONTHS[(month - 1) as usize], minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_of_known_dates() {
        assert_eq!(year_of(0), 1970);
        // 2026-11-24T00:00:00Z
        assert_eq!(year_of(1_795_478_400_000), 2026);
        // 2024-02-29T12:00:00Z, a leap day
        assert_eq!(year_of(1_709_208_000_000), 2024);
        // 2023-12-31T23:59:59Z
        assert_eq!(year_of(1_704_067_199_000), 2023);
    }

    #[test]
    fn short_times_are_in_east_africa_time() {
        // 2026-11-24T00:00:00Z is 03:00 in Nairobi.
        assert_eq!(short_time(1_795_478_400_000), "24 Nov 03:00");
        // 2023-12-31T23:59:59Z is already New Year's Day there.
        assert_eq!(short_time(1_704_067_199_000), "1 Jan 02:59");
    }
}
