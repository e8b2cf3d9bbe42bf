-- Search: every change that can alter what a listing looks like in search
-- appends its id here, in the same transaction (triggers), so each node can
-- keep its own index current by reading this feed in order.
CREATE TABLE listing_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    listing_id TEXT NOT NULL,
    changed_at INTEGER NOT NULL
);

CREATE TRIGGER listings_changed_insert AFTER INSERT ON listings BEGIN
    INSERT INTO listing_changes (listing_id, changed_at)
    VALUES (NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER listings_changed_update AFTER UPDATE OF
    category_id, offer, title, description, price_minor, property_type, bedrooms, bathrooms, floor_area_m2,
    furnished, parking, amenities, condition, quantity, delivery, pickup, county, town, neighbourhood, lat, lng,
    status, published_at, expires_at ON listings BEGIN
    INSERT INTO listing_changes (listing_id, changed_at)
    VALUES (NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER listings_changed_delete AFTER DELETE ON listings BEGIN
    INSERT INTO listing_changes (listing_id, changed_at)
    VALUES (OLD.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER listing_photos_changed_insert AFTER INSERT ON listing_photos BEGIN
    INSERT INTO listing_changes (listing_id, changed_at)
    VALUES (NEW.listing_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER listing_photos_changed_update AFTER UPDATE ON listing_photos BEGIN
    INSERT INTO listing_changes (listing_id, changed_at)
    VALUES (NEW.listing_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER listing_photos_changed_delete AFTER DELETE ON listing_photos BEGIN
    INSERT INTO listing_changes (listing_id, changed_at)
    VALUES (OLD.listing_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TABLE favourites (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, listing_id)
);
