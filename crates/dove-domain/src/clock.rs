//! Time is stored as UTC milliseconds since the Unix epoch: an `i64` that both
//! SQLite and PostgreSQL store, compare and decode the same way.

/// Milliseconds in one minute, hour and day, to keep durations readable.
pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// The system's UTC time in milliseconds.
fn system_ms() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// A node's clock: the system's time, plus an offset that only a test
/// moves. Each app holds one and runs its requests and jobs inside it
/// ([`Clock::run`]), so [`now_ms`] anywhere below them reads this app's
/// time: a test moves its own app a day on without rewriting stored times
/// and without sleeping, while other tests' apps in the same process keep
/// the real time.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

tokio::task_local! {
    static CLOCK: Clock;
}

impl Clock {
    pub fn now_ms(&self) -> i64 {
        system_ms().saturating_add(self.offset_ms.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Moves this clock (and every copy of it) `ms` forward.
    pub fn advance(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, std::sync::atomic::Ordering::Relaxed);
    }

    /// Runs `work` with this clock as the one [`now_ms`] reads. A task it
    /// spawns starts outside it, on the system's time: spawn through
    /// `run` again where the time matters.
    pub fn run<F: Future>(&self, work: F) -> tokio::task::futures::TaskLocalFuture<Clock, F> {
        CLOCK.scope(self.clone(), work)
    }
}

/// The current UTC time in milliseconds, by the clock of the app this runs
/// in (see [`Clock`]); the system's time outside any.
pub fn now_ms() -> i64 {
    CLOCK.try_with(Clock::now_ms).unwrap_or_else(|_| system_ms())
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

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// "24 Nov 2026" in East Africa Time, for the day a review was published.
pub fn short_date(ms: impl std::borrow::Borrow<i64>) -> String {
    let (year, month, day) = civil((*ms.borrow() + EAT_OFFSET_MS).div_euclid(DAY_MS));
    format!("{day} {} {year}", MONTHS[(month - 1) as usize])
}

/// "24 Nov 14:05" in East Africa Time, for message times.
pub fn short_time(ms: impl std::borrow::Borrow<i64>) -> String {
    let ms = *ms.borrow();
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
    Some(days_from_civil(y, m, day) * DAY_MS + hh * HOUR_MS + mm * MINUTE_MS - EAT_OFFSET_MS)
}

/// Days since 1970-01-01 of a civil date (H. Hinnant), the inverse of `civil`.
fn days_from_civil(y: i64, m: i64, day: i64) -> i64 {
    let (yy, mp) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A calendar day (a night, a move-in date) as days since 1970-01-01, so
/// that nights are consecutive integers in storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(into = "String")]
pub struct Day(pub i64);

impl Day {
    /// `2026-12-24`, the form a date input sends; `None` for anything else,
    /// including days that do not exist (`2026-02-30`).
    pub fn parse(s: &str) -> Option<Day> {
        let s = s.trim();
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        let day = Day(days_from_civil(y, m, d));
        (civil(day.0) == (y, m, d)).then_some(day)
    }

    /// Today in Nairobi.
    pub fn today(now_ms: i64) -> Day {
        Day((now_ms + EAT_OFFSET_MS).div_euclid(DAY_MS))
    }

    pub fn plus(self, days: i64) -> Day {
        Day(self.0 + days)
    }

    /// Year, month (1–12) and day of the month.
    pub fn ymd(self) -> (i64, i64, i64) {
        civil(self.0)
    }

    /// Monday is 0.
    pub fn weekday(self) -> i64 {
        // 1970-01-01 was a Thursday.
        (self.0 + 3).rem_euclid(7)
    }

    /// The first day of this day's month.
    pub fn month_start(self) -> Day {
        let (y, m, _) = self.ymd();
        Day(days_from_civil(y, m, 1))
    }

    /// The first day of the next month.
    pub fn next_month(self) -> Day {
        let (y, m, _) = self.ymd();
        if m == 12 { Day(days_from_civil(y + 1, 1, 1)) } else { Day(days_from_civil(y, m + 1, 1)) }
    }

    /// "24 Dec 2026", as people read dates.
    pub fn label(self) -> String {
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let (y, m, d) = self.ymd();
        format!("{d} {} {y}", MONTHS[(m - 1) as usize])
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl From<Day> for String {
    fn from(d: Day) -> String {
        d.to_string()
    }
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

    #[tokio::test]
    async fn an_apps_clock_moves_only_inside_it() {
        let clock = Clock::default();
        clock.advance(DAY_MS);
        let inside = clock.run(async { now_ms() }).await;
        let outside = now_ms();
        assert!(inside - outside >= DAY_MS - MINUTE_MS && inside - outside <= DAY_MS + MINUTE_MS, "{inside} {outside}");
        assert!((clock.now_ms() - inside).abs() < MINUTE_MS, "the clock itself reads the same");
    }

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
    fn days_parse_only_real_dates() {
        let d = Day::parse("2026-11-24").unwrap();
        assert_eq!(d.to_string(), "2026-11-24");
        assert_eq!(d.plus(7).to_string(), "2026-12-01");
        assert_eq!(d.weekday(), 1, "a Tuesday");
        assert_eq!(Day::parse("2024-02-29").map(|d| d.label()), Some("29 Feb 2024".into()));
        for bad in ["2026-02-30", "2026-13-01", "26-11-24", "2026-11-24T00:00", "", "2026-1-5"] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        assert_eq!(Day::parse("2026-12-15").unwrap().next_month().to_string(), "2027-01-01");
        // 21:30 UTC on the 24th is already the 25th in Nairobi.
        assert_eq!(Day::today(1_795_478_400_000 + 21 * HOUR_MS + 30 * MINUTE_MS).to_string(), "2026-11-25");
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
