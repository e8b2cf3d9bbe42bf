-- Texts sent to each number per day (Nairobi's calendar day, as days since
-- 1970), behind the daily SMS cap: in the database so the cap holds across
-- nodes and restarts. Rows older than yesterday are deleted as texts go out.
CREATE TABLE sms_daily_counts (
    number TEXT NOT NULL,
    day BIGINT NOT NULL,
    texts BIGINT NOT NULL,
    PRIMARY KEY (number, day)
);
