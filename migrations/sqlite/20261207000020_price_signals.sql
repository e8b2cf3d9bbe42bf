-- A listing's comparables, for the "price far below the area" signal:
-- live houses of one type and bedroom count in one town.
CREATE INDEX listings_comparables ON listings (town, property_type, bedrooms) WHERE status = 'published';
