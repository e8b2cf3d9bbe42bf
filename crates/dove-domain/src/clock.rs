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
pub(crate) fn civil(days: i64) -> (i64, i64, i64) {
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

/// Nairobi local time from a `datetime-local` input (`2026-11-25T09:30`)
/// as UTC milliseconds; `None` if it is not such a time.
pub fn parse_local_input(s: &str) -> Option<i64> {
    let (date, time) = s.trim().split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<i64>().ok());
    let (hh, mm) = (t.next()??, t.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || !(0..24).contains(&hh) || !(0..60).contains(&mm) {
        return None;
    }
    // Days from civil (H. Hinnant), the inverse of `civil`.
    let (yy, mp) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * DAY_MS + hh * HOUR_MS + mm * MINUTE_MS - EAT_OFFSET_MS)
}

/// The value a `datetime-local` input shows for `ms`, in Nairobi time.
pub fn local_input(ms: impl std::borrow::Borrow<i64>) -> String {
    let local = *ms.borrow() + EAT_OFFSET_MS;
    let (y, m, d) = civil(local.div_euclid(DAY_MS));
    let minutes = local.rem_euclid(DAY_MS) / MINUTE_MS;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `20261124213005`: Nairobi time as M-Pesa's API writes timestamps.
pub fn compact_local(ms: i64) -> String {
    let local = ms + EAT_OFFSET_MS;
    let (y, m, d) = civil(local.div_euclid(DAY_MS));
    let secs = local.rem_euclid(DAY_MS) / 1000;
    format!("{y:04}{m:02}{d:02}{:02}{:02}{:02}", secs / 3600, secs % 3600 / 60, secs % 60)
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
    fn datetime_inputs_round_trip_in_nairobi_time() {
        // 2026-11-24T00:00:00Z is 03:00 in Nairobi.
        assert_eq!(local_input(1_795_478_400_000), "2026-11-24T03:00");
        assert_eq!(parse_local_input("2026-11-24T03:00"), Some(1_795_478_400_000));
        assert_eq!(parse_local_input("2024-02-29T23:59").map(local_input).as_deref(), Some("2024-02-29T23:59"));
        assert_eq!(parse_local_input("2026-13-01T10:00"), None);
        assert_eq!(parse_local_input("tomorrow"), None);
    }

    #[test]
    fn mpesa_timestamps_are_nairobi_time() {
        // 2026-11-24T00:00:05Z is 03:00:05 in Nairobi.
        assert_eq!(compact_local(1_795_478_405_000), "20261124030005");
    }

    #[test]
    fn short_times_are_in_east_africa_time() {
        // 2026-11-24T00:00:00Z is 03:00 in Nairobi.
        assert_eq!(short_time(1_795_478_400_000), "24 Nov 03:00");
        // 2023-12-31T23:59:59Z is already New Year's Day there.
        assert_eq!(short_time(1_704_067_199_000), "1 Jan 02:59");
    }
}
