//! Benchmarks for messages and leads (see `bench/messages.sh`):
//!
//! - `prepare DATA_DIR [DATABASE_URL]`: on a seeded database (5,000
//!   listings: 499 buyers), gives the demo seller 10 conversations with each
//!   buyer, so 4,990 leads, through the real store functions; mints a
//!   session for the seller and every buyer, and API tokens for 60 buyers.
//!   Prints one line per credential: `seller SESSION`, `session SESSION`,
//!   `buyer TOKEN CONVERSATION`.
//! - `latency SEND_URL RECEIVE_URL CREDENTIALS N`: the seller's page listens
//!   on RECEIVE_URL's `/events`; buyers send N messages through SEND_URL's
//!   API, one at a time, and each is timed from just before the request to
//!   the update arriving on the stream.
//! - `hold URL CREDENTIALS N SECS`: opens N `/events` streams spread over
//!   the buyers' sessions, holds them SECS seconds, and reports how many
//!   stayed open.
use dove::config::StorageConfig;
use dove_domain::accounts::AccountRepo;
use dove_domain::clock::{DAY_MS, now_ms};
use dove_domain::listings::ListingRepo;
use dove_domain::messages::{Message, MessageRepo};
use dove_domain::tokens::{hash_token, random_token};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SELLER: &str = "seller@demo.dove.ke";
const LEADS_PER_BUYER: usize = 10;
const API_BUYERS: usize = 60;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("prepare") => prepare(&args[1], args.get(2).cloned()).await,
        Some("latency") => latency(&args[1], &args[2], &args[3], args[4].parse()?).await,
        Some("hold") => hold(&args[1], &args[2], args[3].parse()?, args[4].parse()?).await,
        _ => anyhow::bail!("usage: live_bench prepare|latency|hold …"),
    }
}

async fn session(db: &dove_store::Db, user_id: &str) -> anyhow::Result<String> {
    let token = random_token();
    let now = now_ms();
    db.insert_session(&hash_token(&token), user_id, now, now + DAY_MS, Some("bench")).await?;
    Ok(token)
}

async fn prepare(data_dir: &str, database_url: Option<String>) -> anyhow::Result<()> {
    let storage = StorageConfig { data_dir: data_dir.into(), database_url, s3_bucket: None, s3_endpoint: None };
    let db = dove::open_db(&storage).await?;
    let seller = db.credentials_by_email(SELLER).await?.ok_or_else(|| anyhow::anyhow!("seed first"))?.user;
    let listings: Vec<String> = db
        .seller_listings(&seller.id)
        .await?
        .into_iter()
        .filter(|l| l.status == dove_domain::listings::Status::Published)
        .map(|l| l.card.id)
        .take(LEADS_PER_BUYER)
        .collect();
    anyhow::ensure!(listings.len() == LEADS_PER_BUYER, "the demo seller needs {LEADS_PER_BUYER} live listings");
    println!("seller {}", session(&db, &seller.id).await?);
    let started = Instant::now();
    let mut leads = 0;
    for i in 1.. {
        let Some(buyer) = db.credentials_by_email(&format!("buyer{i}@demo.dove.ke")).await? else { break };
        let buyer = buyer.user;
        let mut first = None;
        for listing in &listings {
            let id = dove_domain::new_id();
            let m = Message {
                id: dove_domain::new_id(),
                conversation_id: id.clone(),
                sender_id: buyer.id.clone(),
                body: "Hello, is this still available? When can I come and see it?".into(),
                photos: Vec::new(),
                caution: None,
                created_at: now_ms(),
            };
            let c = db.open_conversation(&id, listing, &buyer.id, &seller.id, &m).await?;
            first.get_or_insert(c);
            leads += 1;
        }
        println!("session {}", session(&db, &buyer.id).await?);
        if i <= API_BUYERS {
            let token = format!("dove_{}", random_token());
            db.insert_api_token(
                &dove_domain::new_id(),
                &buyer.id,
                &hash_token(&token),
                "bench",
                now_ms(),
                now_ms() + DAY_MS,
            )
            .await?;
            println!("buyer {token} {}", first.unwrap_or_default());
        }
    }
    eprintln!("{leads} leads for {SELLER} in {:.1} s", started.elapsed().as_secs_f64());
    db.close().await;
    Ok(())
}

struct Credentials {
    seller: String,
    sessions: Vec<String>,
    buyers: Vec<(String, String)>,
}

fn credentials(path: &str) -> anyhow::Result<Credentials> {
    let mut c = Credentials { seller: String::new(), sessions: Vec::new(), buyers: Vec::new() };
    for line in std::fs::read_to_string(path)?.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        match parts.as_slice() {
            ["seller", s] => c.seller = s.to_string(),
            ["session", s] => c.sessions.push(s.to_string()),
            ["buyer", t, conversation] => c.buyers.push((t.to_string(), conversation.to_string())),
            _ => {}
        }
    }
    Ok(c)
}

/// Opens `/events` with a session cookie over a plain TCP connection and
/// reads past the response head.
async fn open_stream(addr: &str, session: &str) -> anyhow::Result<tokio::net::TcpStream> {
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    let req = format!(
        "GET /events HTTP/1.1\r\nHost: {addr}\r\nCookie: dove_session={session}\r\nAccept: text/event-stream\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await?;
    let mut head = Vec::new();
    let mut buf = [0u8; 512];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = s.read(&mut buf).await?;
        anyhow::ensure!(n > 0, "closed before the response head");
        head.extend_from_slice(&buf[..n]);
    }
    anyhow::ensure!(head.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&head));
    Ok(s)
}

fn host(url: &str) -> &str {
    url.trim_start_matches("http://").trim_end_matches('/')
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn latency(send: &str, receive: &str, creds: &str, n: usize) -> anyhow::Result<()> {
    let c = credentials(creds)?;
    let mut stream = open_stream(host(receive), &c.seller).await?;
    let client = reqwest::Client::new();
    let mut times = Vec::with_capacity(n);
    let mut pending = String::new();
    let mut buf = vec![0u8; 8192];
    for i in 0..n {
        let (token, conversation) = &c.buyers[i % c.buyers.len()];
        let started = Instant::now();
        let res = client
            .post(format!("{send}/api/v1/conversations/{conversation}/messages"))
            .bearer_auth(token)
            .json(&serde_json::json!({"body": format!("bench message {i}")}))
            .send()
            .await?;
        anyhow::ensure!(res.status() == 201, "send answered {}", res.status());
        let wanted = format!("\"conversation\":\"{conversation}\"");
        loop {
            if let Some(at) = pending.find(&wanted) {
                pending.drain(..at + wanted.len());
                break;
            }
            let got = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await??;
            anyhow::ensure!(got > 0, "stream closed");
            pending.push_str(&String::from_utf8_lossy(&buf[..got]));
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "send-to-delivered over {n} messages: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        percentile(&times, 0.99),
        times[times.len() - 1]
    );
    Ok(())
}

async fn hold(url: &str, creds: &str, n: usize, secs: u64) -> anyhow::Result<()> {
    let c = credentials(creds)?;
    let addr = host(url).to_string();
    let started = Instant::now();
    let mut streams = Vec::with_capacity(n);
    // A few hundred at a time: the listen backlog is finite.
    for chunk in (0..n).collect::<Vec<_>>().chunks(250) {
        let opened =
            futures::future::join_all(chunk.iter().map(|i| open_stream(&addr, &c.sessions[i % c.sessions.len()])))
                .await;
        for s in opened {
            streams.push(s?);
        }
    }
    println!("{} streams open after {:.1} s", streams.len(), started.elapsed().as_secs_f64());
    tokio::time::sleep(Duration::from_secs(secs)).await;
    // Still open: a read would block rather than see the end of the stream.
    let mut open = 0;
    let mut buf = [0u8; 1024];
    for s in &mut streams {
        match tokio::time::timeout(Duration::from_millis(1), s.read(&mut buf)).await {
            Err(_) => open += 1,
            Ok(Ok(n)) if n > 0 => open += 1,
            _ => {}
        }
    }
    println!("{open} of {} streams still open after {secs} s", streams.len());
    Ok(())
}
