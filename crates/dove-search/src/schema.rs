//! The index schema and its analyzers.
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, NgramTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

/// Words, lower-cased and folded to ASCII ("Ngong'" → "ngong").
pub const WORDS: &str = "dove_words";
/// Word beginnings, 1 to 15 characters, for search-as-you-type.
pub const EDGES: &str = "dove_edges";

#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub text: Field,
    pub title: Field,
    pub place: Field,
    pub edges: Field,
    pub kind: Field,
    pub offer: Field,
    pub category: Field,
    pub property_type: Field,
    pub county: Field,
    pub town: Field,
    pub condition: Field,
    pub amenity: Field,
    pub price: Field,
    pub price_kes: Field,
    pub bedrooms: Field,
    pub bathrooms: Field,
    pub furnished: Field,
    pub published_at: Field,
    pub expires_at: Field,
    pub lat: Field,
    pub lng: Field,
    /// Grid cells around the point, at a few sizes (see `cells`).
    pub cell: Field,
    /// The card, as JSON, so results render without a database query.
    pub card: Field,
}

fn words(stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default().set_tokenizer(WORDS).set_index_option(IndexRecordOption::WithFreqs);
    let o = TextOptions::default().set_indexing_options(indexing);
    if stored { o.set_stored() } else { o }
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        text: b.add_text_field("text", words(false)),
        title: b.add_text_field("title", words(false)),
        place: b.add_text_field("place", words(false)),
        edges: b.add_text_field(
            "edges",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default().set_tokenizer(EDGES).set_index_option(IndexRecordOption::Basic),
            ),
        ),
        kind: b.add_text_field("kind", STRING),
        offer: b.add_text_field("offer", STRING),
        category: b.add_text_field("category", STRING | FAST),
        property_type: b.add_text_field("property_type", STRING),
        county: b.add_text_field("county", STRING),
        town: b.add_text_field("town", STRING | FAST),
        condition: b.add_text_field("condition", STRING),
        amenity: b.add_text_field("amenity", STRING),
        price: b.add_i64_field("price", INDEXED | FAST),
        price_kes: b.add_i64_field("price_kes", FAST),
        bedrooms: b.add_i64_field("bedrooms", INDEXED | FAST),
        bathrooms: b.add_i64_field("bathrooms", INDEXED | FAST),
        furnished: b.add_i64_field("furnished", INDEXED),
        published_at: b.add_i64_field("published_at", INDEXED | FAST),
        expires_at: b.add_i64_field("expires_at", INDEXED | FAST),
        lat: b.add_f64_field("lat", INDEXED | FAST),
        lng: b.add_f64_field("lng", INDEXED | FAST),
        cell: b.add_text_field("cell", STRING),
        card: b.add_text_field("card", STORED),
    };
    (b.build(), fields)
}

pub fn register(index: &tantivy::Index) -> tantivy::Result<()> {
    let words = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    index.tokenizers().register(WORDS, words);
    let edges =
        TextAnalyzer::builder(NgramTokenizer::new(1, 15, true)?).filter(LowerCaser).filter(AsciiFoldingFilter).build();
    index.tokenizers().register(EDGES, edges);
    Ok(())
}
