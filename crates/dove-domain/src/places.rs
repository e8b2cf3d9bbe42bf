//! Kenyan counties, towns and neighbourhoods with true coordinates.
//!
//! Listings are searched and shown by place: a buyer picks a county, a town
//! and a neighbourhood, and the map centres on it. Kenyans describe where a
//! house is by estate ("a bedsitter in Umoja", "a 2BR in Kileleshwa"), not by
//! street address, so the neighbourhood is the unit that matters. The table is
//! bundled as plain data so it works offline, needs no geocoding service and
//! gives the demo seeder believable places to put listings.
//!
//! Coordinates are WGS84 decimal degrees (negative latitude is south of the
//! equator) for the centre of each town or estate, good to about a kilometre:
//! enough to centre a map or sort by distance, never an exact address.

/// An estate, suburb or area within a town.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbourhood {
    pub name: &'static str,
    pub lat: f64,
    pub lng: f64,
}

/// A town or city and the neighbourhoods listings may be placed in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Town {
    pub name: &'static str,
    pub lat: f64,
    pub lng: f64,
    pub neighbourhoods: &'static [Neighbourhood],
}

/// One of Kenya's 47 counties (only those with listings are bundled).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct County {
    pub name: &'static str,
    pub towns: &'static [Town],
}

const fn n(name: &'static str, lat: f64, lng: f64) -> Neighbourhood {
    Neighbourhood { name, lat, lng }
}

const fn t(name: &'static str, lat: f64, lng: f64, neighbourhoods: &'static [Neighbourhood]) -> Town {
    Town { name, lat, lng, neighbourhoods }
}

pub static COUNTIES: &[County] = &[
    County {
        name: "Nairobi",
        towns: &[t(
            "Nairobi",
            -1.2864,
            36.8172,
            &[
                n("CBD", -1.2864, 36.8172),
                n("Westlands", -1.2663, 36.8050),
                n("Parklands", -1.2600, 36.8180),
                n("Highridge", -1.2550, 36.8100),
                n("Kilimani", -1.2897, 36.7856),
                n("Kileleshwa", -1.2794, 36.7833),
                n("Lavington", -1.2790, 36.7690),
                n("Hurlingham", -1.2960, 36.7930),
                n("Upper Hill", -1.2985, 36.8155),
                n("Ngong Road", -1.3000, 36.7780),
                n("Riverside", -1.2690, 36.7990),
                n("Spring Valley", -1.2450, 36.7910),
                n("Loresho", -1.2530, 36.7590),
                n("Kitisuru", -1.2280, 36.7800),
                n("Runda", -1.2150, 36.8100),
                n("Muthaiga", -1.2500, 36.8350),
                n("Gigiri", -1.2340, 36.8130),
                n("Ridgeways", -1.2220, 36.8420),
                n("Garden Estate", -1.2290, 36.8480),
                n("Thome", -1.2150, 36.8560),
                n("Karen", -1.3197, 36.7074),
                n("Langata", -1.3330, 36.7770),
                n("Madaraka", -1.3080, 36.8200),
                n("Nairobi West", -1.3085, 36.8140),
                n("South B", -1.3097, 36.8355),
                n("South C", -1.3200, 36.8250),
                n("Industrial Area", -1.3040, 36.8500),
                n("Imara Daima", -1.3232, 36.8802),
                n("Embakasi", -1.3200, 36.9000),
                n("Pipeline", -1.3140, 36.8930),
                n("Donholm", -1.2960, 36.8880),
                n("Buruburu", -1.2860, 36.8770),
                n("Umoja", -1.2830, 36.8990),
                n("Kayole", -1.2750, 36.9120),
                n("Komarock", -1.2670, 36.9090),
                n("Utawala", -1.2870, 36.9620),
                n("Eastleigh", -1.2750, 36.8450),
                n("Pangani", -1.2689, 36.8347),
                n("Ngara", -1.2740, 36.8240),
                n("Mathare", -1.2600, 36.8580),
                n("Kasarani", -1.2210, 36.8970),
                n("Roysambu", -1.2190, 36.8860),
                n("Zimmerman", -1.2107, 36.8937),
                n("Githurai", -1.2010, 36.9100),
                n("Kahawa West", -1.1860, 36.8960),
                n("Kangemi", -1.2640, 36.7470),
                n("Mountain View", -1.2580, 36.7400),
                n("Kawangware", -1.2840, 36.7490),
                n("Dagoretti Corner", -1.2990, 36.7570),
                n("Kibera", -1.3130, 36.7870),
            ],
        )],
    },
    County {
        name: "Mombasa",
        towns: &[t(
            "Mombasa",
            -4.0435,
            39.6682,
            &[
                n("Old Town", -4.0610, 39.6780),
                n("Kizingo", -4.0690, 39.6740),
                n("Ganjoni", -4.0600, 39.6620),
                n("Tudor", -4.0350, 39.6650),
                n("Nyali", -4.0270, 39.7120),
                n("Mkomani", -4.0220, 39.7020),
                n("Kongowea", -4.0250, 39.6960),
                n("Bombolulu", -4.0110, 39.7030),
                n("Kisauni", -3.9970, 39.7060),
                n("Bamburi", -3.9900, 39.7250),
                n("Shanzu", -3.9480, 39.7500),
                n("Likoni", -4.0890, 39.6570),
                n("Changamwe", -4.0240, 39.6270),
            ],
        )],
    },
    County {
        name: "Kisumu",
        towns: &[t(
            "Kisumu",
            -0.0917,
            34.7680,
            &[
                n("Milimani", -0.0980, 34.7520),
                n("Nyalenda", -0.1080, 34.7750),
                n("Manyatta", -0.0870, 34.7850),
                n("Kondele", -0.0830, 34.7760),
                n("Migosi", -0.0860, 34.7690),
                n("Mamboleo", -0.0690, 34.7950),
                n("Nyamasaria", -0.1000, 34.8100),
                n("Dunga", -0.1420, 34.7370),
            ],
        )],
    },
    County {
        name: "Nakuru",
        towns: &[
            t(
                "Nakuru",
                -0.3031,
                36.0800,
                &[
                    n("Milimani", -0.2860, 36.0740),
                    n("Section 58", -0.2800, 36.0930),
                    n("Free Area", -0.2900, 36.1050),
                    n("Shabab", -0.3080, 36.0970),
                    n("Lanet", -0.2960, 36.1530),
                    n("Kiamunyi", -0.2660, 36.0490),
                    n("Kaptembwo", -0.3090, 36.0560),
                ],
            ),
            t(
                "Naivasha",
                -0.7167,
                36.4333,
                &[
                    n("Kabati", -0.7050, 36.4400),
                    n("Kihoto", -0.7300, 36.4300),
                    n("Mirera", -0.7400, 36.4150),
                    n("Karagita", -0.7930, 36.3990),
                ],
            ),
        ],
    },
    County {
        name: "Uasin Gishu",
        towns: &[t(
            "Eldoret",
            0.5143,
            35.2698,
            &[
                n("Elgon View", 0.5220, 35.2830),
                n("Kapsoya", 0.5090, 35.3050),
                n("Pioneer", 0.5010, 35.2880),
                n("Langas", 0.4880, 35.2700),
                n("Huruma", 0.5340, 35.2740),
                n("Kimumu", 0.5470, 35.2990),
                n("West Indies", 0.5250, 35.2550),
            ],
        )],
    },
    County {
        name: "Kiambu",
        towns: &[
            t(
                "Thika",
                -1.0388,
                37.0834,
                &[
                    n("Section 9", -1.0440, 37.0760),
                    n("Makongeni", -1.0500, 37.0950),
                    n("Ngoingwa", -1.0200, 37.0800),
                    n("Landless", -1.0470, 37.1100),
                    n("Kiganjo", -1.0200, 37.0600),
                ],
            ),
            t(
                "Ruiru",
                -1.1466,
                36.9610,
                &[
                    n("Kimbo", -1.1280, 36.9650),
                    n("Membley", -1.1620, 36.9390),
                    n("Tatu City", -1.1450, 36.9050),
                    n("Kahawa Sukari", -1.1940, 36.9330),
                    n("Githurai 45", -1.2030, 36.9170),
                ],
            ),
            t(
                "Kiambu",
                -1.1714,
                36.8356,
                &[
                    n("Kiambu Town", -1.1714, 36.8356),
                    n("Ndumberi", -1.1450, 36.8380),
                    n("Kirigiti", -1.1640, 36.8250),
                    n("Thindigua", -1.2000, 36.8330),
                ],
            ),
            t(
                "Ruaka",
                -1.2087,
                36.7786,
                &[
                    n("Ruaka Town", -1.2087, 36.7786),
                    n("Two Rivers", -1.2106, 36.7956),
                    n("Gachie", -1.2160, 36.7720),
                    n("Muchatha", -1.1980, 36.7850),
                    n("Ndenderu", -1.1930, 36.7620),
                    n("Banana", -1.1800, 36.7600),
                ],
            ),
            t(
                "Kikuyu",
                -1.2464,
                36.6629,
                &[
                    n("Kikuyu Town", -1.2464, 36.6629),
                    n("Kinoo", -1.2540, 36.6920),
                    n("Zambezi", -1.2590, 36.7050),
                    n("Thogoto", -1.2640, 36.6560),
                ],
            ),
            t(
                "Juja",
                -1.1020,
                37.0130,
                &[
                    n("Juja Town", -1.1020, 37.0130),
                    n("JKUAT", -1.0912, 37.0117),
                    n("Gachororo", -1.0950, 37.0040),
                    n("Kalimoni", -1.1200, 37.0050),
                ],
            ),
        ],
    },
    County {
        name: "Machakos",
        towns: &[
            t(
                "Machakos",
                -1.5177,
                37.2634,
                &[
                    n("Machakos Town", -1.5177, 37.2634),
                    n("Katoloni", -1.5000, 37.2750),
                    n("Kiandani", -1.5320, 37.2750),
                    n("Mutituni", -1.5400, 37.2200),
                    n("Mua Hills", -1.4900, 37.2250),
                ],
            ),
            t(
                "Athi River",
                -1.4550,
                36.9780,
                &[
                    n("Athi River Town", -1.4550, 36.9780),
                    n("Greatwall Gardens", -1.4460, 36.9590),
                    n("EPZ", -1.4620, 36.9680),
                    n("Sabaki", -1.4420, 36.9520),
                    n("Kyumvi", -1.4780, 37.0150),
                ],
            ),
            t(
                "Syokimau",
                -1.3700,
                36.9300,
                &[
                    n("Syokimau Station", -1.3640, 36.9260),
                    n("Katani Road", -1.3900, 36.9450),
                    n("Gateway Mall", -1.3890, 36.9390),
                    n("Syokimau South", -1.3800, 36.9200),
                ],
            ),
            t(
                "Mlolongo",
                -1.3950,
                36.9430,
                &[
                    n("Mlolongo Town", -1.3950, 36.9430),
                    n("Phase 2", -1.3900, 36.9500),
                    n("Phase 3", -1.3850, 36.9560),
                    n("Greenpark", -1.4000, 36.9550),
                ],
            ),
        ],
    },
    County {
        name: "Kajiado",
        towns: &[
            t(
                "Kitengela",
                -1.4760,
                36.9600,
                &[
                    n("Kitengela Town", -1.4760, 36.9600),
                    n("Milimani", -1.4800, 36.9500),
                    n("Noonkopir", -1.4620, 36.9620),
                    n("Yukos", -1.4950, 36.9560),
                    n("Acacia", -1.4900, 36.9700),
                ],
            ),
            t(
                "Ongata Rongai",
                -1.3961,
                36.7642,
                &[
                    n("Rongai Town", -1.3961, 36.7642),
                    n("Kware", -1.3990, 36.7520),
                    n("Gataka", -1.3840, 36.7480),
                    n("Tuala", -1.4130, 36.7530),
                    n("Nkoroi", -1.4030, 36.7700),
                    n("Kandisi", -1.4050, 36.7830),
                ],
            ),
            t(
                "Ngong",
                -1.3527,
                36.6699,
                &[
                    n("Ngong Town", -1.3527, 36.6699),
                    n("Embulbul", -1.3400, 36.6600),
                    n("Kibiko", -1.3650, 36.6330),
                    n("Matasia", -1.3870, 36.6770),
                ],
            ),
            t(
                "Kajiado",
                -1.8524,
                36.7768,
                &[
                    n("Kajiado Township", -1.8524, 36.7768),
                    n("Mile 46", -1.8150, 36.7920),
                    n("Namanga Road", -1.8650, 36.7740),
                ],
            ),
        ],
    },
    County {
        name: "Kilifi",
        towns: &[
            t(
                "Kilifi",
                -3.6305,
                39.8499,
                &[
                    n("Kilifi Town", -3.6305, 39.8499),
                    n("Kibaoni", -3.6260, 39.8530),
                    n("Mnarani", -3.6450, 39.8500),
                    n("Bofa", -3.6050, 39.8700),
                    n("Tezo", -3.5800, 39.8450),
                ],
            ),
            t(
                "Malindi",
                -3.2175,
                40.1191,
                &[
                    n("Old Town", -3.2190, 40.1200),
                    n("Shela", -3.2120, 40.1150),
                    n("Barani", -3.2050, 40.1100),
                    n("Silversands", -3.2350, 40.1280),
                    n("Casuarina", -3.2500, 40.1350),
                ],
            ),
            t(
                "Watamu",
                -3.3546,
                40.0194,
                &[
                    n("Watamu Village", -3.3546, 40.0194),
                    n("Turtle Bay", -3.3640, 40.0080),
                    n("Jacaranda", -3.3800, 39.9930),
                    n("Mida Creek", -3.3400, 39.9900),
                ],
            ),
            t(
                "Mtwapa",
                -3.9394,
                39.7488,
                &[
                    n("Mtwapa Town", -3.9394, 39.7488),
                    n("Mtwapa Creek", -3.9430, 39.7520),
                    n("Kanamai", -3.9060, 39.7760),
                    n("Kijipwa", -3.8900, 39.7650),
                ],
            ),
        ],
    },
    County {
        name: "Nyeri",
        towns: &[t(
            "Nyeri",
            -0.4201,
            36.9476,
            &[
                n("Nyeri Town", -0.4201, 36.9476),
                n("Ruring'u", -0.4350, 36.9550),
                n("Skuta", -0.4100, 36.9400),
                n("Kamakwa", -0.4150, 36.9300),
                n("Mathari", -0.4050, 36.9350),
                n("King'ong'o", -0.4330, 36.9300),
            ],
        )],
    },
    County {
        name: "Meru",
        towns: &[t(
            "Meru",
            0.0463,
            37.6559,
            &[
                n("Meru Town", 0.0463, 37.6559),
                n("Makutano", 0.0530, 37.6450),
                n("Gakoromone", 0.0440, 37.6500),
                n("Milimani", 0.0520, 37.6620),
                n("Kinoru", 0.0570, 37.6650),
            ],
        )],
    },
    County {
        name: "Kakamega",
        towns: &[t(
            "Kakamega",
            0.2827,
            34.7519,
            &[
                n("Kakamega Town", 0.2827, 34.7519),
                n("Milimani", 0.2880, 34.7570),
                n("Lurambi", 0.2980, 34.7620),
                n("Shirere", 0.2720, 34.7600),
                n("Amalemba", 0.2790, 34.7450),
            ],
        )],
    },
    County {
        name: "Kisii",
        towns: &[t(
            "Kisii",
            -0.6817,
            34.7667,
            &[
                n("Kisii Town", -0.6817, 34.7667),
                n("Mwembe", -0.6750, 34.7700),
                n("Jogoo", -0.6800, 34.7750),
                n("Daraja Mbili", -0.6900, 34.7700),
                n("Nyanchwa", -0.6700, 34.7850),
            ],
        )],
    },
    County {
        name: "Laikipia",
        towns: &[t(
            "Nanyuki",
            0.0062,
            37.0740,
            &[
                n("Nanyuki Town", 0.0062, 37.0740),
                n("Majengo", 0.0150, 37.0750),
                n("Likii", 0.0000, 37.0800),
                n("Thingithu", 0.0200, 37.0900),
            ],
        )],
    },
    County {
        name: "Kwale",
        towns: &[
            t(
                "Diani",
                -4.3150,
                39.5850,
                &[
                    n("Diani Beach Road", -4.3000, 39.5850),
                    n("Galu", -4.3350, 39.5750),
                    n("Kinondo", -4.3830, 39.5450),
                    n("Tiwi", -4.2380, 39.6000),
                ],
            ),
            t(
                "Ukunda",
                -4.2929,
                39.5640,
                &[n("Ukunda Town", -4.2929, 39.5640), n("Bongwe", -4.2740, 39.5590), n("Mwabungo", -4.3000, 39.5600)],
            ),
        ],
    },
    County {
        name: "Embu",
        towns: &[t(
            "Embu",
            -0.5388,
            37.4570,
            &[
                n("Embu Town", -0.5388, 37.4570),
                n("Majimbo", -0.5350, 37.4650),
                n("Kangaru", -0.5250, 37.4600),
                n("Blue Valley", -0.5430, 37.4480),
                n("Itabua", -0.5460, 37.4530),
            ],
        )],
    },
    County {
        name: "Bungoma",
        towns: &[t(
            "Bungoma",
            0.5635,
            34.5606,
            &[
                n("Bungoma Town", 0.5635, 34.5606),
                n("Kanduyi", 0.5700, 34.5800),
                n("Musikoma", 0.5580, 34.5750),
                n("Mashambani", 0.5680, 34.5530),
                n("Kibabii", 0.6200, 34.5430),
            ],
        )],
    },
    County {
        name: "Kericho",
        towns: &[t(
            "Kericho",
            -0.3677,
            35.2831,
            &[
                n("Kericho Township", -0.3677, 35.2831),
                n("Nyagacho", -0.3730, 35.2720),
                n("Brooke", -0.3341, 35.3254),
                n("Kapsoit", -0.3198, 35.2184),
            ],
        )],
    },
    County {
        name: "Murang'a",
        towns: &[t(
            "Murang'a",
            -0.7210,
            37.1526,
            &[
                n("Murang'a Township", -0.7210, 37.1526),
                n("Mukuyu", -0.7070, 37.1500),
                n("Mumbi", -0.7280, 37.1580),
                n("Kiharu", -0.7400, 37.1300),
            ],
        )],
    },
];

/// Kenya's bounding box, (min_lat, min_lng, max_lat, max_lng): about (-4.72, 33.9, 5.06, 41.91)
pub const KENYA_BBOX: (f64, f64, f64, f64) = (-4.72, 33.90, 5.06, 41.91);

/// Whether a point lies inside Kenya's bounding box. A cheap sanity check for
/// coordinates typed or dragged on a map, not a border test: parts of
/// neighbouring countries fall inside the box too.
pub fn in_kenya(lat: f64, lng: f64) -> bool {
    let (min_lat, min_lng, max_lat, max_lng) = KENYA_BBOX;
    (min_lat..=max_lat).contains(&lat) && (min_lng..=max_lng).contains(&lng)
}

/// A town by name (case-insensitive), in any county.
pub fn find_town(name: &str) -> Option<&'static Town> {
    let want = name.trim().to_lowercase();
    COUNTIES.iter().flat_map(|c| c.towns.iter()).find(|t| t.name.to_lowercase() == want)
}

/// The county with this name, ignoring case, surrounding spaces and
/// apostrophes ("nairobi", "Uasin Gishu", "muranga" all match).
pub fn county(name: &str) -> Option<&'static County> {
    COUNTIES.iter().find(|c| same_name(c.name, name))
}

fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        s.trim().chars().filter(|c| !matches!(c, '\'' | '\u{2019}')).flat_map(char::to_lowercase).collect::<String>()
    };
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Great-circle distance in kilometres.
    fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
        let (lat1, lng1) = (a.0.to_radians(), a.1.to_radians());
        let (lat2, lng2) = (b.0.to_radians(), b.1.to_radians());
        let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lng2 - lng1) / 2.0).sin().powi(2);
        2.0 * 6371.0 * h.sqrt().asin()
    }

    #[test]
    fn every_coordinate_is_inside_kenya() {
        for c in COUNTIES {
            for t in c.towns {
                assert!(in_kenya(t.lat, t.lng), "{} ({}) outside Kenya", t.name, c.name);
                for n in t.neighbourhoods {
                    assert!(in_kenya(n.lat, n.lng), "{} in {} outside Kenya", n.name, t.name);
                }
            }
        }
    }

    #[test]
    fn neighbourhoods_are_near_their_town() {
        // Catches a swapped sign or a typo in a digit.
        for c in COUNTIES {
            for t in c.towns {
                for n in t.neighbourhoods {
                    let d = km((t.lat, t.lng), (n.lat, n.lng));
                    assert!(d < 20.0, "{} is {d:.1} km from {}", n.name, t.name);
                }
            }
        }
    }

    #[test]
    fn names_are_unique() {
        let mut counties = HashSet::new();
        for c in COUNTIES {
            assert!(counties.insert(c.name), "duplicate county {}", c.name);
            let mut towns = HashSet::new();
            for t in c.towns {
                assert!(towns.insert(t.name), "duplicate town {} in {}", t.name, c.name);
                let mut names = HashSet::new();
                for n in t.neighbourhoods {
                    assert!(names.insert(n.name), "duplicate {} in {}", n.name, t.name);
                }
            }
        }
    }

    #[test]
    fn enough_places() {
        assert!(COUNTIES.len() >= 15);
        for c in COUNTIES {
            assert!(!c.towns.is_empty(), "{} has no towns", c.name);
            for t in c.towns {
                assert!(t.neighbourhoods.len() >= 3, "{} has too few neighbourhoods", t.name);
            }
        }
        let nairobi = county("Nairobi").unwrap();
        assert!(nairobi.towns[0].neighbourhoods.len() >= 30);
    }

    #[test]
    fn county_lookup_ignores_case() {
        assert_eq!(county("nairobi").map(|c| c.name), Some("Nairobi"));
        assert_eq!(county("NAIROBI").map(|c| c.name), Some("Nairobi"));
        assert_eq!(county(" uasin gishu ").map(|c| c.name), Some("Uasin Gishu"));
        assert_eq!(county("Muranga").map(|c| c.name), Some("Murang'a"));
        assert_eq!(county("murang'a").map(|c| c.name), Some("Murang'a"));
        assert!(county("Atlantis").is_none());
    }

    #[test]
    fn bbox_bounds() {
        assert!(in_kenya(-1.2864, 36.8172)); // Nairobi
        assert!(in_kenya(-4.0435, 39.6682)); // Mombasa
        assert!(!in_kenya(51.5074, -0.1278)); // London
        assert!(!in_kenya(-6.7924, 39.2083)); // Dar es Salaam
        assert!(!in_kenya(9.0300, 38.7400)); // Addis Ababa
        assert!(!in_kenya(-1.2864, -36.8172)); // longitude sign flipped
    }

    #[test]
    fn spot_checks() {
        let find = |county_name: &str, town: &str| {
            county(county_name).unwrap().towns.iter().find(|t| t.name == town).copied().unwrap()
        };
        let nbo = find("Nairobi", "Nairobi");
        let msa = find("Mombasa", "Mombasa");
        // Nairobi to Mombasa is about 440 km as the crow flies.
        let d = km((nbo.lat, nbo.lng), (msa.lat, msa.lng));
        assert!((420.0..460.0).contains(&d), "{d}");
        let eld = find("Uasin Gishu", "Eldoret");
        assert!(eld.lat > 0.0, "Eldoret is north of the equator");
        let ruaka = find("Kiambu", "Ruaka");
        assert!(ruaka.neighbourhoods.iter().any(|n| n.name == "Two Rivers"));
    }
}
