//! Checkout throughput through the M-Pesa sandbox (see `bench/orders.sh`):
//!
//! - `prepare DATA_DIR [DATABASE_URL]`: on a seeded database, stocks one of
//!   the demo seller's products deep enough for the run, mints API tokens
//!   for 100 demo buyers and fixes the callback secret. Prints `listing ID`,
//!   `callback URL-PATH` and one `buyer TOKEN` line per buyer.
//! - `run BASE_URL DATA_DIR [DATABASE_URL] CREDENTIALS N CONCURRENCY`: N
//!   checkouts, CONCURRENCY at a time, each placing an order, asking to pay
//!   with M-Pesa, and posting the gateway's success callback (as Daraja
//!   would). Reports checkouts per second and callback latency.
//! - `seller DATA_DIR [DATABASE_URL]`: after a run, moves every other paid
//!   order of the demo seller through hand-over and the buyer's confirmation
//!   (so their balance is a sum over thousands of ledger entries, and their
//!   held money over thousands of orders), then prints a session cookie for
//!   the seller, for timing `/orders?role=seller` and `/account/money`.
use dove::config::StorageConfig;
use dove_domain::accounts::AccountRepo;
use dove_domain::clock::now_ms;
use dove_domain::listings::{Kind, ListingRepo};
use dove_domain::tokens::{hash_token, random_token};
use std::sync::Arc;
use std::time::Instant;

fn storage(data_dir: &str, database_url: Option<String>) -> StorageConfig {
    StorageConfig { data_dir: data_dir.into(), database_url, s3_bucket: None, s3_endpoint: None }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("prepare") => prepare(&args[1], args.get(2).cloned().filter(|u| !u.is_empty())).await,
        Some("run") => {
            let url = args.get(3).cloned().filter(|u| !u.is_empty());
            run(&args[1], &args[2], url, &args[4], args[5].parse()?, args[6].parse()?).await
        }
        Some("seller") => seller(&args[1], args.get(2).cloned().filter(|u| !u.is_empty())).await,
        _ => anyhow::bail!("usage: orders_bench prepare|run|seller …"),
    }
}

async fn prepare(data_dir: &str, database_url: Option<String>) -> anyhow::Result<()> {
    let db = dove::open_db(&storage(data_dir, database_url)).await?;
    let seller =
        db.credentials_by_email("seller@demo.dove.ke").await?.ok_or_else(|| anyhow::anyhow!("seed first"))?.user;
    let mut product = None;
    for l in db.seller_listings(&seller.id).await? {
        let full = db.listing(&l.card.id).await?;
        if let Some(full) = full.filter(|f| f.kind == Kind::Product && f.is_available(now_ms()) && f.fields.pickup) {
            product = Some(full.id);
            break;
        }
    }
    let product = product.ok_or_else(|| anyhow::anyhow!("no demo product offering pickup"))?;
    dove_store::testing::execute(&db, "UPDATE listings SET quantity = 10000000 WHERE id = $1", &[product.as_str()])
        .await?;
    let secret = db.setting_or_init("mpesa_callback_secret", &random_token()).await?;
    println!("listing {product}");
    println!("callback /api/v1/payments/mpesa/callback/{secret}");
    for i in 1..=100 {
        let Some(buyer) = db.credentials_by_email(&format!("buyer{i}@demo.dove.ke")).await? else { break };
        let token = format!("dove_{}", random_token());
        db.insert_api_token(
            &dove_domain::new_id(),
            &buyer.user.id,
            &hash_token(&token),
            "bench",
            now_ms(),
            now_ms() + dove_domain::clock::DAY_MS,
        )
        .await?;
        println!("buyer {token}");
    }
    db.close().await;
    Ok(())
}

async fn seller(data_dir: &str, database_url: Option<String>) -> anyhow::Result<()> {
    let db = dove::open_db(&storage(data_dir, database_url)).await?;
    let seller =
        db.credentials_by_email("seller@demo.dove.ke").await?.ok_or_else(|| anyhow::anyhow!("seed first"))?.user;
    let paid: Vec<(String, String)> = dove_store::testing::fetch_all(
        &db,
        "SELECT id, buyer_id FROM orders WHERE seller_id = $1 AND status = 'paid' ORDER BY created_at",
        &[seller.id.as_str()],
    )
    .await?;
    let site = dove_domain::mail::Site::new("http://127.0.0.1");
    let started = Instant::now();
    let mut completed = 0;
    for (id, buyer_id) in paid.iter().step_by(2) {
        let buyer = db.credentials_by_id(buyer_id).await?.ok_or_else(|| anyhow::anyhow!("no buyer"))?.user;
        dove_domain::orders::fulfil(&db, &site, &seller, id, "bench").await?;
        dove_domain::orders::confirm(&db, &site, &buyer, id, 500, "bench").await?;
        completed += 1;
    }
    eprintln!("{completed} of {} paid orders completed in {:.1} s", paid.len(), started.elapsed().as_secs_f64());
    let token = random_token();
    let now = now_ms();
    db.insert_session(&hash_token(&token), &seller.id, now, now + dove_domain::clock::DAY_MS, Some("bench")).await?;
    println!("{token}");
    db.close().await;
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn run(
    base: &str,
    data_dir: &str,
    database_url: Option<String>,
    creds: &str,
    n: usize,
    concurrency: usize,
) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(creds)?;
    let field = |k: &str| text.lines().find_map(|l| l.strip_prefix(&format!("{k} ")).map(str::to_string));
    let listing = field("listing").ok_or_else(|| anyhow::anyhow!("no listing"))?;
    let callback = format!("{base}{}", field("callback").ok_or_else(|| anyhow::anyhow!("no callback"))?);
    let buyers: Vec<String> = text.lines().filter_map(|l| l.strip_prefix("buyer ").map(str::to_string)).collect();
    let db = dove::open_db(&storage(data_dir, database_url)).await?;
    let client = reqwest::Client::new();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, db, next, buyers) = (client.clone(), db.clone(), next.clone(), buyers.clone());
        let (base, listing, callback) = (base.to_string(), listing.clone(), callback.clone());
        workers.push(tokio::spawn(async move {
            let mut callback_ms = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if i >= n {
                    return Ok::<_, anyhow::Error>(callback_ms);
                }
                let token = &buyers[i % buyers.len()];
                let order: serde_json::Value = client
                    .post(format!("{base}/api/v1/orders"))
                    .bearer_auth(token)
                    .json(&serde_json::json!({"listing_id": listing, "quantity": 1, "fulfilment": "pickup"}))
                    .send()
                    .await?
                    .json()
                    .await?;
                let id = order["id"].as_str().ok_or_else(|| anyhow::anyhow!("order refused: {order}"))?.to_string();
                let total = order["total_minor"].as_i64().unwrap_or(0);
                let res = client
                    .post(format!("{base}/api/v1/orders/{id}/pay"))
                    .bearer_auth(token)
                    .json(&serde_json::json!({"phone": "0712345678"}))
                    .send()
                    .await?;
                anyhow::ensure!(res.status() == 202, "pay answered {}", res.status());
                let (checkout,): (String,) = dove_store::testing::fetch_one(
                    &db,
                    "SELECT gateway_ref FROM payments WHERE order_id = $1",
                    &[id.as_str()],
                )
                .await?;
                let body = serde_json::json!({"Body": {"stkCallback": {
                    "MerchantRequestID": "bench", "CheckoutRequestID": checkout, "ResultCode": 0, "ResultDesc": "ok",
                    "CallbackMetadata": {"Item": [{"Name": "Amount", "Value": total / 100},
                                                  {"Name": "MpesaReceiptNumber", "Value": "BENCH"}]}}}});
                let t = Instant::now();
                let res = client.post(&callback).json(&body).send().await?;
                anyhow::ensure!(res.status() == 200, "callback answered {}", res.status());
                callback_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }));
    }
    let mut times = Vec::new();
    for w in workers {
        times.extend(w.await??);
    }
    let secs = started.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    let (paid,): (i64,) =
        dove_store::testing::fetch_one(&db, "SELECT COUNT(*) FROM orders WHERE status = 'paid'", &[]).await?;
    println!(
        "{n} checkouts (order + pay + callback), {concurrency} at a time: {:.1} s, {:.0} paid orders/s; \
         callback p50 {:.2} ms, p99 {:.2} ms; {paid} orders paid in all",
        secs,
        n as f64 / secs,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
    );
    Ok(())
}
