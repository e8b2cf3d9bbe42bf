-- The category tree is data, so admins can add, rename and retire
-- categories without a deploy. These are the starting categories.
INSERT INTO categories (id, parent_id, slug, name, kind, position) VALUES
    ('01a20ada-2c00-7001-8000-000000000000', NULL, 'houses', 'Houses & apartments', 'property', 0),
    ('01a20ada-2c00-7002-8000-000000000000', '01a20ada-2c00-7001-8000-000000000000', 'houses-rent', 'Houses & apartments to rent', 'property', 1),
    ('01a20ada-2c00-7003-8000-000000000000', '01a20ada-2c00-7001-8000-000000000000', 'houses-sale', 'Houses & apartments for sale', 'property', 2),
    ('01a20ada-2c00-7004-8000-000000000000', NULL, 'land-plots', 'Land & plots', 'property', 3),
    ('01a20ada-2c00-7005-8000-000000000000', NULL, 'commercial', 'Commercial property', 'property', 4),
    ('01a20ada-2c00-7006-8000-000000000000', NULL, 'phones-tablets', 'Phones & tablets', 'product', 5),
    ('01a20ada-2c00-7007-8000-000000000000', NULL, 'electronics', 'Electronics', 'product', 6),
    ('01a20ada-2c00-7008-8000-000000000000', NULL, 'furniture-home', 'Furniture & home', 'product', 7),
    ('01a20ada-2c00-7009-8000-000000000000', NULL, 'vehicles', 'Vehicles', 'product', 8),
    ('01a20ada-2c00-700a-8000-000000000000', NULL, 'fashion', 'Fashion', 'product', 9),
    ('01a20ada-2c00-700b-8000-000000000000', NULL, 'agriculture-food', 'Agriculture & food', 'product', 10),
    ('01a20ada-2c00-700c-8000-000000000000', NULL, 'services', 'Services', 'product', 11);
