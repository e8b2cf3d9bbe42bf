-- Search: every change that can alter what a listing looks like in search
-- appends its id here, in the same transaction (triggers), so each node can
-- keep its own index current by reading this feed in order.
CREATE TABLE listing_changes (
    seq BIGSERIAL PRIMARY KEY,
    listing_id TEXT NOT NULL,
    changed_at BIGINT NOT NULL
);

CREATE FUNCTION dove_listing_changed() RETURNS trigger AS $$
BEGIN
    INSERT INTO listing_changes (listing_id, changed_at)
    VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END,
            (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION dove_listing_photo_changed() RETURNS trigger AS $$
BEGIN
    INSERT INTO listing_changes (listing_id, changed_at)
    VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.listing_id ELSE NEW.listing_id END,
            (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER listings_changed AFTER INSERT OR DELETE OR UPDATE OF
    category_id, offer, title, description, price_minor, property_type, bedrooms, bathrooms, floor_area_m2,
    furnished, parking, amenities, condition, quantity, delivery, pickup, county, town, neighbourhood, lat, lng,
    status, published_at, expires_at ON listings
    FOR EACH ROW EXECUTE FUNCTION dove_listing_changed();

CREATE TRIGGER listing_photos_changed AFTER INSERT OR UPDATE OR DELETE ON listing_photos
    FOR EACH ROW EXECUTE FUNCTION dove_listing_photo_changed();

CREATE TABLE favourites (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, listing_id)
);
