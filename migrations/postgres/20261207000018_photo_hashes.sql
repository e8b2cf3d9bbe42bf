-- A photo's difference hash (64 bits, as a signed integer), and its four
-- 16-bit quarters, each indexed: a copy of a photo differs in a few bits,
-- so it shares at least one quarter with the original, and the quarters
-- find candidates without comparing every photo with every other.
ALTER TABLE listing_photos ADD COLUMN phash BIGINT;
ALTER TABLE listing_photos ADD COLUMN phash_q0 BIGINT;
ALTER TABLE listing_photos ADD COLUMN phash_q1 BIGINT;
ALTER TABLE listing_photos ADD COLUMN phash_q2 BIGINT;
ALTER TABLE listing_photos ADD COLUMN phash_q3 BIGINT;
CREATE INDEX listing_photos_phash_q0 ON listing_photos (phash_q0);
CREATE INDEX listing_photos_phash_q1 ON listing_photos (phash_q1);
CREATE INDEX listing_photos_phash_q2 ON listing_photos (phash_q2);
CREATE INDEX listing_photos_phash_q3 ON listing_photos (phash_q3);
