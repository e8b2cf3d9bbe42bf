//! Words the demo seeder combines into realistic Kenyan listings.
//!
//! A demo full of "Lorem ipsum" and "Product 17" hides the problems real users
//! will hit: long titles that wrap, prices with seven digits, descriptions that
//! mention M-Pesa and matatu stages. So the seeder draws from these lists,
//! which read like what Kenyan sellers and landlords actually post, with prices
//! in whole Kenya shillings that match the market (Nairobi mid-market for
//! property). Plain data, no dependencies: the seeder picks at random.

/// One kind of property and what a listing for it looks like.
///
/// A `property_type` may appear more than once (apartments come in several
/// sizes, each with its own price range), which also makes the common kinds
/// more likely when the seeder picks an entry uniformly.
pub struct PropertyKind {
    /// One of: bedsitter, single_room, studio, apartment, bungalow,
    /// maisonette, townhouse, villa, plot, office, shop.
    pub property_type: &'static str,
    /// Title templates; `{bedrooms}` and `{place}` are substituted.
    pub titles: &'static [&'static str],
    /// Inclusive range of bedrooms; (0, 0) for bedsitters, single rooms,
    /// studios and non-residential property.
    pub bedrooms: (i64, i64),
    /// Inclusive monthly rent range, whole KES.
    pub rent_kes: (i64, i64),
    /// Inclusive sale price range, whole KES.
    pub sale_kes: (i64, i64),
}

pub static PROPERTY_KINDS: &[PropertyKind] = &[
    PropertyKind {
        property_type: "bedsitter",
        titles: &[
            "Bedsitter to let in {place}",
            "Spacious bedsitter in {place}",
            "Modern bedsitter near the stage in {place}",
            "Affordable bedsitter with tiled floors in {place}",
            "Newly built bedsitter in {place}",
            "Bedsitter with separate kitchen area, {place}",
        ],
        bedrooms: (0, 0),
        rent_kes: (6_000, 15_000),
        sale_kes: (1_200_000, 2_800_000),
    },
    PropertyKind {
        property_type: "single_room",
        titles: &[
            "Single room to let in {place}",
            "Affordable single room in {place}",
            "Single room with shared washroom, {place}",
            "Self-contained single room in {place}",
            "Single room near the main road in {place}",
        ],
        bedrooms: (0, 0),
        rent_kes: (3_000, 7_500),
        sale_kes: (500_000, 1_200_000),
    },
    PropertyKind {
        property_type: "studio",
        titles: &[
            "Modern studio apartment in {place}",
            "Furnished studio in {place}",
            "Studio apartment with balcony in {place}",
            "Cosy studio to let in {place}",
            "Executive studio with gym and lift, {place}",
        ],
        bedrooms: (0, 0),
        rent_kes: (12_000, 35_000),
        sale_kes: (2_500_000, 6_500_000),
    },
    PropertyKind {
        property_type: "apartment",
        titles: &[
            "One bedroom apartment to let in {place}",
            "Modern 1 bedroom apartment in {place}",
            "Spacious one bedroom with balcony in {place}",
            "1 bedroom apartment near the stage, {place}",
            "Newly built one bedroom in {place}",
        ],
        bedrooms: (1, 1),
        rent_kes: (15_000, 50_000),
        sale_kes: (3_500_000, 9_000_000),
    },
    PropertyKind {
        property_type: "apartment",
        titles: &[
            "Spacious {bedrooms} bedroom apartment in {place}",
            "Modern {bedrooms} bedroom apartment to let in {place}",
            "{bedrooms} bedroom apartment with master en-suite, {place}",
            "Newly built {bedrooms} bedroom apartment in {place}",
            "{bedrooms} bedroom apartment with parking in {place}",
            "Affordable {bedrooms} bedroom flat in {place}",
        ],
        bedrooms: (2, 2),
        rent_kes: (25_000, 90_000),
        sale_kes: (5_500_000, 16_000_000),
    },
    PropertyKind {
        property_type: "apartment",
        titles: &[
            "Executive {bedrooms} bedroom apartment in {place}",
            "Spacious {bedrooms} bedroom apartment with DSQ in {place}",
            "Luxurious {bedrooms} bedroom apartment, {place}",
            "{bedrooms} bedroom apartment with gym and pool in {place}",
            "Family {bedrooms} bedroom apartment in {place}",
        ],
        bedrooms: (3, 4),
        rent_kes: (40_000, 180_000),
        sale_kes: (8_500_000, 35_000_000),
    },
    PropertyKind {
        property_type: "bungalow",
        titles: &[
            "{bedrooms} bedroom bungalow in {place}",
            "Spacious {bedrooms} bedroom bungalow on 1/8 acre, {place}",
            "Own compound {bedrooms} bedroom bungalow in {place}",
            "{bedrooms} bedroom bungalow in a gated community, {place}",
            "Newly built {bedrooms} bedroom bungalow in {place}",
        ],
        bedrooms: (2, 4),
        rent_kes: (35_000, 150_000),
        sale_kes: (6_000_000, 45_000_000),
    },
    PropertyKind {
        property_type: "maisonette",
        titles: &[
            "{bedrooms} bedroom maisonette in {place}",
            "Spacious {bedrooms} bedroom maisonette with DSQ, {place}",
            "{bedrooms} bedroom all en-suite maisonette in {place}",
            "Family {bedrooms} bedroom maisonette in a gated estate, {place}",
            "Modern {bedrooms} bedroom maisonette with garden in {place}",
        ],
        bedrooms: (3, 5),
        rent_kes: (50_000, 250_000),
        sale_kes: (12_000_000, 60_000_000),
    },
    PropertyKind {
        property_type: "townhouse",
        titles: &[
            "{bedrooms} bedroom townhouse in {place}",
            "Executive {bedrooms} bedroom townhouse with DSQ, {place}",
            "Contemporary {bedrooms} bedroom townhouse in {place}",
            "{bedrooms} bedroom townhouse in a secure compound, {place}",
        ],
        bedrooms: (3, 5),
        rent_kes: (80_000, 350_000),
        sale_kes: (18_000_000, 85_000_000),
    },
    PropertyKind {
        property_type: "villa",
        titles: &[
            "Luxury {bedrooms} bedroom villa in {place}",
            "{bedrooms} bedroom villa on half an acre, {place}",
            "Magnificent {bedrooms} bedroom villa with pool in {place}",
            "Palatial {bedrooms} bedroom villa in {place}",
        ],
        bedrooms: (4, 6),
        rent_kes: (250_000, 800_000),
        sale_kes: (30_000_000, 150_000_000),
    },
    PropertyKind {
        property_type: "plot",
        titles: &[
            "50x100 plot for sale in {place}",
            "1/8 acre plot with ready title, {place}",
            "Prime quarter acre plot in {place}",
            "Half acre commercial plot in {place}",
            "Serviced 40x80 plots in {place}",
            "One acre of land in {place}",
        ],
        bedrooms: (0, 0),
        rent_kes: (10_000, 100_000),
        sale_kes: (600_000, 30_000_000),
    },
    PropertyKind {
        property_type: "office",
        titles: &[
            "Office space to let in {place}",
            "Furnished office suite in {place}",
            "Open-plan office with parking in {place}",
            "Small office for a start-up, {place}",
            "Grade A office space in {place}",
        ],
        bedrooms: (0, 0),
        rent_kes: (30_000, 400_000),
        sale_kes: (6_000_000, 60_000_000),
    },
    PropertyKind {
        property_type: "shop",
        titles: &[
            "Shop to let in {place}",
            "Roadside shop in {place}",
            "Retail space in a busy mall, {place}",
            "Ground floor shop near the stage in {place}",
            "Stall for rent in {place}",
        ],
        bedrooms: (0, 0),
        rent_kes: (10_000, 150_000),
        sale_kes: (2_500_000, 20_000_000),
    },
];

/// One kind of product and what a listing for it looks like.
///
/// A category may appear more than once (a Tecno and an iPhone do not share
/// a price range).
pub struct ProductKind {
    /// One of: phones-tablets, electronics, furniture-home, vehicles,
    /// fashion, agriculture-food, services.
    pub category: &'static str,
    /// Concrete items, used as listing titles.
    pub titles: &'static [&'static str],
    /// Inclusive price range, whole KES.
    pub price_kes: (i64, i64),
}

pub static PRODUCT_KINDS: &[ProductKind] = &[
    ProductKind {
        category: "phones-tablets",
        titles: &[
            "Tecno Spark 20",
            "Tecno Spark 20 Pro 256GB",
            "Tecno Camon 30 256GB",
            "Tecno Pop 8",
            "Infinix Hot 40i 128GB",
            "Infinix Smart 8",
            "Infinix Note 40 256GB",
            "itel A70 64GB",
            "itel S23 128GB",
            "Samsung Galaxy A05s 64GB",
            "Samsung Galaxy A15 128GB",
            "Samsung Galaxy A25 5G 128GB",
            "Redmi 13C 128GB",
            "Redmi Note 13 256GB",
            "Oppo A18 128GB",
            "Nokia C32 64GB",
            "Vivo Y17s 128GB",
            "Samsung Galaxy Tab A9 64GB",
        ],
        price_kes: (8_000, 35_000),
    },
    ProductKind {
        category: "phones-tablets",
        titles: &[
            "Samsung Galaxy A54 128GB",
            "Samsung Galaxy A55 256GB",
            "Samsung Galaxy S23 Ultra 256GB",
            "Samsung Galaxy S24 256GB",
            "Samsung Galaxy Z Flip5 256GB",
            "iPhone 12 128GB",
            "iPhone 13 128GB",
            "iPhone 13 Pro 256GB",
            "iPhone 14 128GB",
            "iPhone 14 Pro Max 256GB",
            "iPhone 15 Pro Max 256GB",
            "iPhone 11 64GB",
            "Google Pixel 7 Pro 128GB",
            "Google Pixel 8 128GB",
            "iPad 9th Gen 64GB WiFi",
            "iPad Air 5th Gen 64GB",
            "Samsung Galaxy Tab S9 FE",
        ],
        price_kes: (35_000, 180_000),
    },
    ProductKind {
        category: "electronics",
        titles: &[
            "Vitron 32\" smart TV",
            "Hisense 43\" smart TV",
            "TCL 55\" 4K Android TV",
            "Samsung 50\" Crystal UHD TV",
            "LG 65\" 4K smart TV",
            "HP EliteBook 840 G5 Core i5 8GB/256GB",
            "Lenovo ThinkPad T480 Core i5 8GB/256GB",
            "Dell Latitude 5490 Core i7 16GB/512GB",
            "MacBook Air M1 8GB/256GB",
            "HP 250 G9 Core i3 8GB/256GB",
            "Ramtons 138L single door fridge",
            "Hisense 205L double door fridge",
            "Mika 20L microwave",
            "LG 7kg front load washing machine",
            "PS5 Disc Edition with 2 controllers",
            "Canon EOS 2000D with 18-55mm lens",
            "Sun King Home 60 solar kit",
        ],
        price_kes: (15_000, 250_000),
    },
    ProductKind {
        category: "electronics",
        titles: &[
            "Oraimo FreePods 4",
            "Oraimo 20000mAh power bank",
            "JBL Flip 6 Bluetooth speaker",
            "Sony WH-1000XM4 headphones",
            "Amtec 3.1 subwoofer",
            "Safaricom 4G MiFi",
            "TP-Link Archer C6 router",
            "Logitech wireless keyboard and mouse",
            "Samsung 25W fast charger",
            "Xiaomi Mi Smart Band 8",
            "Ailyons electric kettle 1.8L",
            "Sayona 2-slice toaster",
            "200W solar panel",
            "Hikvision 4-camera CCTV kit",
            "Anker 65W USB-C charger",
        ],
        price_kes: (1_200, 25_000),
    },
    ProductKind {
        category: "furniture-home",
        titles: &[
            "Mninga wood 3-seater sofa",
            "7-seater L-shaped sofa",
            "5x6 Mninga bed with headboard",
            "Mahogany 6-seater dining table",
            "Mvule 3-door wardrobe",
            "Superfoam 5x6 mattress (8 inch)",
            "Executive office desk",
            "Mesh ergonomic office chair",
            "Glass top coffee table",
            "Wooden TV stand with drawers",
            "4-tier bookshelf",
            "Baby cot with mattress",
            "Outdoor cypress garden bench",
            "Ramtons 4-burner gas cooker with oven",
            "Von 2-burner table top gas cooker",
            "5x8 Persian-style carpet",
            "Blackout curtains with sheers (2 windows)",
            "13kg gas cylinder (full) with burner",
            "Stainless steel sufuria set (7 pieces)",
            "Plastic water tank 1,000L",
        ],
        price_kes: (2_500, 180_000),
    },
    ProductKind {
        category: "vehicles",
        titles: &[
            "Toyota Fielder 2016",
            "Toyota Probox 2015",
            "Toyota Vitz 2017",
            "Toyota Premio 2014",
            "Toyota Axio 2015",
            "Toyota Harrier 2015",
            "Toyota Land Cruiser Prado 2014",
            "Toyota Hiace 2014",
            "Mazda Demio 2015",
            "Mazda CX-5 2016",
            "Nissan Note 2016",
            "Nissan X-Trail 2015",
            "Honda Fit 2015",
            "Subaru Forester 2013",
            "Subaru Impreza 2014",
            "Isuzu D-Max 2017",
            "Volkswagen Golf 2014",
            "Mercedes-Benz C200 2013",
        ],
        price_kes: (650_000, 7_500_000),
    },
    ProductKind {
        category: "vehicles",
        titles: &[
            "Bajaj Boxer BM 150",
            "Bajaj Boxer BM 100",
            "TVS HLX 125",
            "TVS Apache RTR 160",
            "Honda Ace CB125",
            "Haojue DK150",
            "Skygo 150",
            "Yamaha Crux 110",
            "Piaggio Ape tuk-tuk",
            "Bajaj RE tuk-tuk",
            "Roam Air electric motorbike",
            "Honda CRF250L",
        ],
        price_kes: (85_000, 650_000),
    },
    ProductKind {
        category: "fashion",
        titles: &[
            "Maasai shuka (red check)",
            "Kitenge maxi dress",
            "Ankara shirt (men's)",
            "Kikoi beach wrap",
            "Beaded Maasai sandals",
            "Nike Air Force 1 sneakers",
            "Adidas Samba sneakers",
            "Slim fit jeans",
            "Men's 2-piece official suit",
            "Men's leather Oxford shoes",
            "Ladies leather handbag",
            "Sisal kiondo basket bag",
            "Beaded necklace and earrings set",
            "Denim jacket",
            "Hoodie (unisex)",
            "Curren men's watch",
            "Ladies block heels",
            "Kids' school shoes",
        ],
        price_kes: (500, 18_000),
    },
    ProductKind {
        category: "agriculture-food",
        titles: &[
            "Hass avocado seedlings (100)",
            "Grafted mango seedlings (50)",
            "Tissue culture banana seedlings (50)",
            "Day-old kienyeji chicks (100)",
            "Improved kienyeji hens (10)",
            "Toggenburg dairy goat",
            "Dorper ram",
            "Friesian dairy cow in calf",
            "DAP fertiliser 50kg",
            "CAN fertiliser 50kg",
            "Layers mash 70kg",
            "H614 maize seed 2kg",
            "Knapsack sprayer 16L",
            "Drip irrigation kit (1/8 acre)",
            "Dairy meal 70kg",
        ],
        price_kes: (1_500, 250_000),
    },
    ProductKind {
        category: "agriculture-food",
        titles: &[
            "Pure honey 1kg",
            "Tray of kienyeji eggs",
            "90kg bag of dry maize",
            "Shangi potatoes 50kg",
            "Rosecoco beans 2kg",
            "Pishori rice 5kg",
            "Fresh Hass avocados (crate)",
            "Sukuma wiki (sack)",
            "Sweet bananas (bunch)",
            "Omena 1kg",
            "Fresh tilapia 1kg",
            "Ghee 1kg",
            "Macadamia nuts 1kg",
            "Kericho tea leaves 1kg",
            "Dried mango slices 500g",
        ],
        price_kes: (300, 9_000),
    },
    ProductKind {
        category: "services",
        titles: &[
            "House cleaning (2 bedroom)",
            "Mama fua laundry (per load)",
            "Plumbing repairs",
            "Electrical wiring and repairs",
            "DStv and GOtv installation",
            "Fumigation and pest control",
            "Car wash at your home",
            "Laptop and phone repair",
            "Hair braiding (knotless braids)",
            "Bridal and event make-up",
            "KCSE maths and science tuition",
            "Driving lessons (Class B)",
            "Gardening and lawn mowing",
            "Sofa and carpet cleaning",
        ],
        price_kes: (500, 20_000),
    },
    ProductKind {
        category: "services",
        titles: &[
            "House moving (1 bedroom)",
            "House moving (3 bedroom)",
            "Interior painting (2 bedroom)",
            "CCTV installation (4 cameras)",
            "Solar system installation",
            "Wedding photography and video",
            "Event tent and chairs hire (100 guests)",
            "Catering for 100 guests",
            "Website design for small businesses",
            "Kitchen cabinet fitting",
            "Gypsum ceiling installation",
            "Tiling (per room)",
        ],
        price_kes: (8_000, 150_000),
    },
];

pub static PROPERTY_DESCRIPTION_LINES: &[&str] = &[
    "Water is reliable throughout the week, with a borehole as backup.",
    "There is a 10,000 litre reserve tank for the whole building.",
    "Electricity is on prepaid KPLC tokens, so you only pay for what you use.",
    "Each unit has its own token meter; water is billed separately.",
    "24-hour security with a manned gate and CCTV.",
    "The compound is fully fenced with an electric fence.",
    "Ample secure parking for residents and visitors.",
    "A two-minute walk to the matatu stage.",
    "Close to the bypass, so getting to town is quick even at rush hour.",
    "Just off the main road, on a tarmacked access road.",
    "Near schools, churches, a hospital and a supermarket.",
    "A short boda boda ride to the shopping centre.",
    "The master bedroom is en-suite and all bedrooms have built-in wardrobes.",
    "Open-plan kitchen with granite tops and plenty of cabinets.",
    "Tiled floors throughout and gypsum ceilings.",
    "Large windows let in plenty of natural light.",
    "The balcony has a good view and gets the morning sun.",
    "Hot shower with an instant heater in the bathroom.",
    "Fibre internet is available from Safaricom and Zuku.",
    "Garbage is collected twice a week and the service charge covers it.",
    "A caretaker lives on site and handles repairs quickly.",
    "Rent is payable by the 5th of every month via M-Pesa paybill.",
    "One month's deposit plus one month's rent is required to move in.",
    "Water deposit of KES 2,500 is refundable when you move out.",
    "Quiet and family-friendly neighbourhood, no noise from bars.",
    "There is a lift, a backup generator and a rooftop terrace.",
    "The DSQ has its own entrance and washroom.",
    "The garden is well kept and safe for children to play in.",
    "The title deed is ready and the land is free of any charges.",
    "Viewing is on weekdays and Saturdays; call or WhatsApp to book.",
];

pub static PRODUCT_DESCRIPTION_LINES: &[&str] = &[
    "Brand new, sealed in the box.",
    "Ex-UK, in excellent condition with no scratches.",
    "Used for six months, works perfectly.",
    "Comes with a one-year manufacturer's warranty.",
    "Seven-day return policy if it is not as described.",
    "Free delivery within Nairobi CBD; outside CBD delivery is charged by distance.",
    "Same-day delivery within Nairobi when you order before 2pm.",
    "We deliver countrywide through G4S, Wells Fargo or by matatu parcel.",
    "M-Pesa accepted on delivery, so you pay only when you see the item.",
    "You can also pay via our M-Pesa till number.",
    "Price is slightly negotiable for a serious buyer.",
    "Fixed price, no bargaining please.",
    "Our shop is on Moi Avenue; you are welcome to come and inspect.",
    "Original, not a replica, and we give a receipt.",
    "Battery health is 90% and it comes with the charger.",
    "Made to order by our own carpenters; takes about a week.",
    "Made from well-seasoned hardwood that will last for years.",
    "Available in several colours; ask for photos on WhatsApp.",
    "Logbook is ready and the vehicle is accident free.",
    "Low mileage, well maintained with full service history.",
    "Certified seedlings from a KEPHIS-approved nursery.",
    "Fresh from the farm, harvested this week.",
    "Wholesale prices available for orders of ten or more.",
    "Call or WhatsApp for more details; we reply fast.",
    "Registered business with a KRA PIN; we issue eTIMS invoices.",
];

pub static FIRST_NAMES: &[&str] = &[
    "Wanjiku",
    "Wanjiru",
    "Wambui",
    "Njeri",
    "Nyambura",
    "Wairimu",
    "Muthoni",
    "Njoki",
    "Wangari",
    "Waithera",
    "Achieng",
    "Akinyi",
    "Atieno",
    "Adhiambo",
    "Awino",
    "Anyango",
    "Auma",
    "Chebet",
    "Jepkosgei",
    "Jeptoo",
    "Cherono",
    "Chepkoech",
    "Jemutai",
    "Nafula",
    "Nekesa",
    "Naliaka",
    "Mwende",
    "Mutheu",
    "Nduku",
    "Kanini",
    "Kerubo",
    "Moraa",
    "Kwamboka",
    "Zawadi",
    "Imani",
    "Neema",
    "Amani",
    "Makena",
    "Kendi",
    "Nkirote",
    "Mwangi",
    "Kamau",
    "Kariuki",
    "Njoroge",
    "Kimani",
    "Maina",
    "Githinji",
    "Otieno",
    "Ochieng",
    "Odhiambo",
    "Omondi",
    "Onyango",
    "Owino",
    "Kiprop",
    "Kipchoge",
    "Kiplagat",
    "Cheruiyot",
    "Kibet",
    "Kiptoo",
    "Wafula",
    "Wekesa",
    "Barasa",
    "Mutua",
    "Musyoka",
    "Kioko",
    "Mwenda",
    "Kirimi",
    "Nyamweya",
    "Mogaka",
    "Baraka",
    "Brian",
    "Kevin",
    "Dennis",
    "Collins",
    "Faith",
    "Mercy",
    "Grace",
    "Esther",
    "Mary",
    "Joseph",
    "Peter",
    "Daniel",
    "Samuel",
    "Ann",
    "Sharon",
    "Cynthia",
    "Victor",
    "Abdi",
    "Fatuma",
    "Halima",
    "Hassan",
    "Mohamed",
    "Amina",
    "Juma",
    "Rehema",
];

pub static LAST_NAMES: &[&str] = &[
    "Kamau",
    "Mwangi",
    "Njoroge",
    "Kariuki",
    "Kimani",
    "Maina",
    "Wanjiru",
    "Githinji",
    "Waweru",
    "Gitau",
    "Ndungu",
    "Macharia",
    "Kinyua",
    "Mugo",
    "Muriuki",
    "Wambugu",
    "Otieno",
    "Ochieng",
    "Odhiambo",
    "Omondi",
    "Onyango",
    "Owino",
    "Okoth",
    "Ouma",
    "Oduor",
    "Okello",
    "Were",
    "Kiprop",
    "Kipchoge",
    "Kiplagat",
    "Cheruiyot",
    "Kibet",
    "Kiptoo",
    "Rotich",
    "Koech",
    "Langat",
    "Ruto",
    "Chepkemoi",
    "Wafula",
    "Wekesa",
    "Barasa",
    "Wanyama",
    "Simiyu",
    "Makokha",
    "Shikuku",
    "Mutua",
    "Musyoka",
    "Kioko",
    "Mulwa",
    "Muthama",
    "Kilonzo",
    "Nzioka",
    "Mwenda",
    "Kirimi",
    "Murithi",
    "Gitonga",
    "Nyamweya",
    "Mogaka",
    "Ondieki",
    "Onsongo",
    "Nyaboke",
    "Obare",
    "Ali",
    "Hassan",
    "Abdullahi",
    "Mohamed",
    "Juma",
    "Bakari",
    "Salim",
    "Lekishon",
    "Sankale",
    "Lemaiyan",
];

pub static STORE_SUFFIXES: &[&str] = &[
    "Homes",
    "Properties",
    "Realty",
    "Agencies",
    "Estates",
    "Developers",
    "Rentals",
    "Electronics",
    "Phones",
    "Mobile Hub",
    "Gadgets",
    "Furniture",
    "Interiors",
    "Motors",
    "Autos",
    "Boutique",
    "Collections",
    "Fashions",
    "Farm Supplies",
    "Agrovet",
    "Fresh Produce",
    "Enterprises",
    "Traders",
    "Ventures",
    "Solutions",
    "Services",
    "& Sons",
    "General Stores",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const PROPERTY_TYPES: &[&str] = &[
        "bedsitter",
        "single_room",
        "studio",
        "apartment",
        "bungalow",
        "maisonette",
        "townhouse",
        "villa",
        "plot",
        "office",
        "shop",
    ];
    const CATEGORIES: &[&str] =
        &["phones-tablets", "electronics", "furniture-home", "vehicles", "fashion", "agriculture-food", "services"];

    /// Placeholders used in a template, e.g. ["place", "bedrooms"].
    fn placeholders(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').expect("unclosed brace") + open;
            out.push(&rest[open + 1..close]);
            rest = &rest[close + 1..];
        }
        assert!(!rest.contains('}'), "stray brace in {s:?}");
        out
    }

    #[test]
    fn property_kinds_are_sound() {
        let mut seen = HashSet::new();
        for k in PROPERTY_KINDS {
            assert!(PROPERTY_TYPES.contains(&k.property_type), "{}", k.property_type);
            seen.insert(k.property_type);
            assert!(!k.titles.is_empty());
            for t in k.titles {
                let ph = placeholders(t);
                assert!(ph.contains(&"place"), "{t:?} has no place");
                assert!(ph.iter().all(|p| *p == "place" || *p == "bedrooms"), "{t:?}");
                if ph.contains(&"bedrooms") {
                    assert!(k.bedrooms.0 >= 1, "{t:?} names bedrooms for a kind with none");
                }
            }
            assert!(0 <= k.bedrooms.0 && k.bedrooms.0 <= k.bedrooms.1);
            assert!(0 < k.rent_kes.0 && k.rent_kes.0 < k.rent_kes.1);
            assert!(0 < k.sale_kes.0 && k.sale_kes.0 < k.sale_kes.1);
            assert!(k.rent_kes.1 < k.sale_kes.0, "{}", k.property_type);
        }
        assert_eq!(seen.len(), PROPERTY_TYPES.len(), "every type has a kind");
    }

    #[test]
    fn product_kinds_are_sound() {
        for c in CATEGORIES {
            let titles: Vec<&str> =
                PRODUCT_KINDS.iter().filter(|k| k.category == *c).flat_map(|k| k.titles.iter().copied()).collect();
            assert!(titles.len() >= 15, "{c} has only {} titles", titles.len());
            let unique: HashSet<&str> = titles.iter().copied().collect();
            assert_eq!(unique.len(), titles.len(), "duplicate title in {c}");
        }
        for k in PRODUCT_KINDS {
            assert!(CATEGORIES.contains(&k.category), "{}", k.category);
            assert!(0 < k.price_kes.0 && k.price_kes.0 < k.price_kes.1);
            for t in k.titles {
                assert!(placeholders(t).is_empty(), "{t:?}");
            }
        }
    }

    #[test]
    fn enough_words() {
        assert!(PROPERTY_DESCRIPTION_LINES.len() >= 25);
        assert!(PRODUCT_DESCRIPTION_LINES.len() >= 20);
        assert!(FIRST_NAMES.len() >= 60);
        assert!(LAST_NAMES.len() >= 60);
        assert!(!STORE_SUFFIXES.is_empty());
        for list in [FIRST_NAMES, LAST_NAMES, STORE_SUFFIXES] {
            let unique: HashSet<&str> = list.iter().copied().collect();
            assert_eq!(unique.len(), list.len(), "duplicate word");
        }
    }
}
