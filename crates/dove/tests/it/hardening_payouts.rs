//! Issue 12, payouts: the attacks, performed on both backends.
//!
//! - A timeout is not a refusal. A loopback Daraja takes a B2C request (or
//!   an STK push) and then says nothing until the client gives up. The
//!   payout must stay pending with the money out of the balance, never be
//!   sent again blindly, and be settled once by the transaction status; an
//!   explicit refusal still reverses at once. The push leaves the payment
//!   pending and the order uncancellable until M-Pesa says how it ended.
//! - A stolen session cannot cash out a seller. Payouts go only to the
//!   payout number; changing it needs the password and the mailed link,
//!   and payouts to the new number wait 24 hours.
use crate::bookings::pay;
use crate::helpers::{PASSWORD, TestApp, both, count, exec, location, text_value, token_in};
use crate::leads::{get_json, post};
use crate::orders::{buyer, order, product, text_of};
use dove_domain::StoreError;
use dove_domain::accounts::{AccountRepo, User};
use dove_domain::error::Conflict;
use dove_domain::mail::{DevMailbox, Site};
use dove_domain::payouts::{self, B2cStatus, PayoutError, StatusOutcome};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const MINUTE: i64 = 60_000;

/// A seller with KES 60,800 on their balance (two phones bought, handed over
/// and confirmed, less 5%): (seller token, seller email).
async fn seller_with_balance(app: &TestApp, tag: &str) -> (String, String) {
    let email = format!("{tag}-seller@example.com");
    let (seller, id) = product(app, &email, &format!("{tag}-seller"), 3).await;
    let buyer = buyer(app, &format!("{tag}-buyer@example.com")).await;
    let (_, o) = order(app, &buyer, json!({"listing_id": id, "quantity": 2, "fulfilment": "pickup"}), None).await;
    let order_id = text_of(&o, "id");
    pay(app, &buyer, &order_id, 6_400_000).await;
    assert_eq!(post(app, &format!("/api/v1/orders/{order_id}/fulfil"), &seller, json!({})).await.0, 200);
    assert_eq!(post(app, &format!("/api/v1/orders/{order_id}/confirm"), &buyer, json!({})).await.0, 200);
    assert_eq!(balance(app, &seller).await, 6_080_000);
    // Payouts go only to a seller whose own phone is proved.
    app.verify_phone(&seller, "0799 000 111").await;
    (seller, email)
}

async fn balance(app: &TestApp, token: &str) -> i64 {
    get_json(app, "/api/v1/me/payouts", token).await.1["balance_minor"].as_i64().unwrap()
}

async fn user(app: &TestApp, email: &str) -> User {
    app.db.credentials_by_email(email).await.unwrap().unwrap().user
}

/// Asks for `phone` as the payout number with the password, and follows
/// the mailed link (from a fresh browser, as a mail client would open it).
pub(crate) async fn set_payout_number(app: &TestApp, token: &str, email: &str, phone: &str) {
    let before = mails_about(app, email, "Confirm your payout number").await;
    let res = put_number(app, token, json!({"phone": phone, "password": PASSWORD})).await;
    assert_eq!(res.0, 202, "{}", res.1);
    let body = wait_for_nth_mail(app, email, "Confirm your payout number", before).await;
    let link = token_in(&body, "/account/payout-number/confirm?token=");
    let browser = TestApp::with_client(app, crate::helpers::client());
    let res = browser.post_form("/account/payout-number/confirm", &[("token", &link)]).await;
    assert_eq!((res.status().as_u16(), location(&res)), (303, "/account/money?number=confirmed".to_string()));
}

async fn put_number(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let res = app.client.put(app.url("/api/v1/me/payout-number")).bearer_auth(token).json(&body).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// How many mails `to` received about `subject`.
async fn mails_about(app: &TestApp, to: &str, subject: &str) -> usize {
    let inbox = app.mailbox.list(DevMailbox::KEEP);
    inbox.iter().filter(|m| m.mail.to == to && m.mail.subject.contains(subject)).count()
}

/// The newest mail to `to` about `subject`, once more than `seen` such
/// mails reached `to`.
async fn wait_for_nth_mail(app: &TestApp, to: &str, subject: &str, seen: usize) -> String {
    for _ in 0..100 {
        let inbox = app.mailbox.list(DevMailbox::KEEP);
        let mut about: Vec<_> =
            inbox.into_iter().filter(|m| m.mail.to == to && m.mail.subject.contains(subject)).collect();
        if about.len() > seen {
            about.sort_by(|a, b| (a.received_at, &a.id).cmp(&(b.received_at, &b.id)));
            return about.pop().unwrap().mail.body_text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no new mail to {to} about {subject:?}");
}

async fn wait_for_status(app: &TestApp, id: &str, want: &str) {
    for _ in 0..100 {
        if text_value(&app.db, &format!("SELECT status FROM payouts WHERE id = '{id}'")).await == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("payout {id} never became {want}");
}

/// What the loopback Daraja saw and took.
#[derive(Default)]
struct Daraja {
    /// Every B2C request's OriginatorConversationID, in order, taken or not.
    b2c_requests: Vec<String>,
    /// The B2C requests it took: OriginatorConversationID → receipt.
    taken: HashMap<String, String>,
    /// OriginatorConversationIDs whose first request fails with a 503, not
    /// taken.
    flaky: Vec<String>,
    status_queries: usize,
    /// STK pushes: (PartyA, CallBackURL).
    pushes: Vec<(String, String)>,
}

/// Daraja on loopback. B2C of KES 10,000 is taken and then not answered
/// within the client's timeout; KES 20,000 is refused; KES 30,000 fails
/// with a 503 the first time, untaken. A repeat of a taken
/// OriginatorConversationID is refused as a duplicate. The transaction
/// status posts its answer to the ResultURL, as Daraja does. STK pushes to
/// 254711000000 are refused; others are taken and not answered in time.
async fn loopback_daraja() -> (String, Arc<Mutex<Daraja>>) {
    use axum::http::StatusCode;
    use axum::routing::{get, post};
    let seen = Arc::new(Mutex::new(Daraja::default()));
    let oauth = || async { axum::Json(json!({"access_token": "tok-1", "expires_in": "3599"})) };
    let b2c_seen = seen.clone();
    let b2c = move |axum::Json(b): axum::Json<Value>| {
        let seen = b2c_seen.clone();
        async move {
            let ocid = b["OriginatorConversationID"].as_str().unwrap().to_string();
            let amount = b["Amount"].as_i64().unwrap();
            let duplicate = {
                let mut d = seen.lock().unwrap();
                d.b2c_requests.push(ocid.clone());
                if d.taken.contains_key(&ocid) {
                    true
                } else if amount == 20_000 {
                    return (
                        StatusCode::BAD_REQUEST,
                        axum::Json(
                            json!({"requestId": "r-1", "errorCode": "401.002.01", "errorMessage": "Error Occurred - Invalid Access Token - Invalid initiator"}),
                        ),
                    );
                } else if amount == 40_000 {
                    return (
                        StatusCode::TOO_MANY_REQUESTS,
                        axum::Json(json!({"errorCode": "429.001.01", "errorMessage": "Spike arrest violation"})),
                    );
                } else if amount == 50_000 {
                    return (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        axum::Json(json!({"errorCode": "500.003.02", "errorMessage": "System is busy"})),
                    );
                } else if amount == 30_000 && !d.flaky.contains(&ocid) {
                    d.flaky.push(ocid.clone());
                    return (StatusCode::SERVICE_UNAVAILABLE, axum::Json(json!({"fault": "upstream unavailable"})));
                } else {
                    let receipt = format!("R{}", d.taken.len() + 100_000);
                    d.taken.insert(ocid.clone(), receipt);
                    false
                }
            };
            if duplicate {
                return (
                    StatusCode::CONFLICT,
                    axum::Json(
                        json!({"errorCode": "500.002.1001", "errorMessage": "Duplicate OriginatorConversationID"}),
                    ),
                );
            }
            if amount == 10_000 {
                // Taken, but the answer comes too late for the client.
                tokio::time::sleep(Duration::from_secs(3)).await;
            }
            (
                StatusCode::OK,
                axum::Json(json!({"ConversationID": format!("AG_loop_{ocid}"), "OriginatorConversationID": ocid,
                    "ResponseCode": "0", "ResponseDescription": "Accept the service request successfully."})),
            )
        }
    };
    let status_seen = seen.clone();
    let status = move |axum::Json(b): axum::Json<Value>| {
        let seen = status_seen.clone();
        async move {
            assert_eq!(b["CommandID"], "TransactionStatusQuery");
            let original = b["OriginalConversationID"].as_str().unwrap().to_string();
            let url = b["ResultURL"].as_str().unwrap().to_string();
            let receipt = {
                let mut d = seen.lock().unwrap();
                d.status_queries += 1;
                d.taken.get(&original).cloned()
            };
            let answer = match receipt {
                Some(receipt) => json!({"Result": {"ResultType": 0, "ResultCode": 0,
                    "ResultDesc": "The service request is processed successfully.",
                    "OriginatorConversationID": b["OriginatorConversationID"], "ConversationID": "AG_status",
                    "TransactionID": receipt, "ResultParameters": {"ResultParameter": [
                        {"Key": "ReceiptNo", "Value": receipt}, {"Key": "TransactionStatus", "Value": "Completed"},
                        {"Key": "OriginatorConversationID", "Value": original}, {"Key": "Amount", "Value": 10000}]}}}),
                None => json!({"Result": {"ResultType": 0, "ResultCode": 2032,
                    "ResultDesc": "The transaction does not exist.", "OriginatorConversationID": b["OriginatorConversationID"],
                    "ConversationID": "AG_status"}}),
            };
            tokio::spawn(async move {
                let res = reqwest::Client::new().post(&url).json(&answer).send().await.unwrap();
                assert_eq!(res.status(), 200);
            });
            axum::Json(json!({"OriginatorConversationID": "s-1", "ConversationID": "AG_status",
                "ResponseCode": "0", "ResponseDescription": "Accept the service request successfully."}))
        }
    };
    let push_seen = seen.clone();
    let push = move |axum::Json(b): axum::Json<Value>| {
        let seen = push_seen.clone();
        async move {
            let party = b["PartyA"].as_str().unwrap().to_string();
            seen.lock().unwrap().pushes.push((party.clone(), b["CallBackURL"].as_str().unwrap().to_string()));
            if party == "254711000000" {
                return (
                    StatusCode::BAD_REQUEST,
                    axum::Json(json!({"errorCode": "400.002.02", "errorMessage": "Bad Request - Invalid PhoneNumber"})),
                );
            }
            tokio::time::sleep(Duration::from_secs(3)).await;
            (StatusCode::OK, axum::Json(json!({"CheckoutRequestID": "ws_CO_late", "ResponseCode": "0"})))
        }
    };
    let app = axum::Router::new()
        .route("/oauth/v1/generate", get(oauth))
        .route("/mpesa/b2c/v3/paymentrequest", post(b2c))
        .route("/mpesa/transactionstatus/v1/query", post(status))
        .route("/mpesa/stkpush/v1/processrequest", post(push));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

/// A Daraja client that gives up on an answer after 300 ms.
fn client(base: &str) -> dove::payments::DarajaMpesa {
    dove::payments::DarajaMpesa::with_timeout(
        dove::payments::DarajaConfig {
            base_url: base.to_string(),
            consumer_key: "key".into(),
            consumer_secret: "secret".into(),
            shortcode: "174379".into(),
            passkey: "passkey".into(),
            b2c_initiator: Some("apitest".into()),
            b2c_credential: Some("credential".into()),
        },
        Duration::from_millis(300),
    )
    .unwrap()
}

async fn secret(app: &TestApp) -> String {
    text_value(&app.db, "SELECT value FROM settings WHERE key = 'mpesa_callback_secret'").await
}

/// Only an answer that says no is a refusal.
#[tokio::test]
async fn the_daraja_client_tells_a_refusal_from_no_answer() {
    use dove_domain::payments::GatewayError;
    use dove_domain::payouts::{B2cRequest, PayoutGateway};
    let (base, _) = loopback_daraja().await;
    let gateway = client(&base);
    let req = |amount: i64, reference: &str| B2cRequest {
        phone: "254722000111".into(),
        amount,
        remarks: "Dove Market payout".into(),
        reference: reference.into(),
        result_url: "http://127.0.0.1/b2c".into(),
    };
    assert!(matches!(gateway.b2c(&req(20_000, "a")).await, Err(GatewayError::Refused(_))), "400 with errorCode");
    for (amount, why) in [(10_000, "timeout"), (30_000, "503"), (40_000, "429"), (50_000, "500")] {
        let got = gateway.b2c(&req(amount, why)).await;
        assert!(matches!(got, Err(GatewayError::Uncertain(_))), "{why}: {got:?}");
    }
    let got = gateway.b2c(&req(10_000, "timeout")).await;
    assert!(matches!(got, Err(GatewayError::Uncertain(_))), "a duplicate: {got:?}");
    assert_eq!(gateway.b2c(&req(60_000, "b")).await.unwrap(), "AG_loop_b");
}

both!(a_payout_that_times_out_stays_pending_and_is_settled_once_by_its_status, |app| {
    let (seller, email) = seller_with_balance(&app, "to").await;
    set_payout_number(&app, &seller, &email, "0722000111").await;
    let (base, daraja) = loopback_daraja().await;
    let gateway = client(&base);
    let result_url = format!("{}/api/v1/payments/mpesa/b2c/{}", app.base, secret(&app).await);
    let site = Site::new("http://127.0.0.1");
    let who = user(&app, &email).await;
    let now = dove_domain::clock::now_ms();

    // Daraja takes it, and the answer never comes in time.
    let p =
        payouts::request(&app.db, &gateway, &site, &who, Ok(1_000_000), &result_url, "127.0.0.1", now).await.unwrap();
    assert_eq!(text_value(&app.db, &format!("SELECT status FROM payouts WHERE id = '{}'", p.id)).await, "pending");
    assert_eq!(balance(&app, &seller).await, 5_080_000, "not put back: it may have been paid");
    assert_eq!(daraja.lock().unwrap().b2c_requests.len(), 1);

    // The worker does not send it again blindly...
    assert_eq!(payouts::send_unsent(&app.db, &gateway, &result_url, now + 10 * MINUTE).await.unwrap(), 0);
    assert_eq!(daraja.lock().unwrap().b2c_requests.len(), 1, "not sent again");
    // ...and were it sent again, Daraja's duplicate answer changes nothing.
    exec(&app.db, &format!("UPDATE payouts SET sent_at = NULL WHERE id = '{}'", p.id)).await;
    assert_eq!(payouts::send_unsent(&app.db, &gateway, &result_url, now + 10 * MINUTE).await.unwrap(), 1);
    assert_eq!(daraja.lock().unwrap().b2c_requests.len(), 2);
    assert_eq!(daraja.lock().unwrap().taken.len(), 1, "Daraja took it once");
    assert_eq!(text_value(&app.db, &format!("SELECT status FROM payouts WHERE id = '{}'", p.id)).await, "pending");
    assert_eq!(balance(&app, &seller).await, 5_080_000, "a duplicate is not a refusal");

    // Asked about (not before two minutes), it settles once, with Daraja's receipt.
    assert_eq!(payouts::ask_unanswered(&app.db, &gateway, &result_url, now).await.unwrap(), 0);
    assert_eq!(payouts::ask_unanswered(&app.db, &gateway, &result_url, now + 10 * MINUTE).await.unwrap(), 1);
    wait_for_status(&app, &p.id, "succeeded").await;
    assert_eq!(text_value(&app.db, &format!("SELECT receipt FROM payouts WHERE id = '{}'", p.id)).await, "R100000");
    assert_eq!(payouts::ask_unanswered(&app.db, &gateway, &result_url, now + 20 * MINUTE).await.unwrap(), 0);
    // A repeated status answer, or Daraja's own late result, changes nothing.
    let again = B2cStatus::Completed { receipt: "R100000".into() };
    assert_eq!(payouts::handle_status(&app.db, &p.id, &again).await.unwrap(), StatusOutcome::Unchanged);
    let late = json!({"Result": {"ResultType": 0, "ResultCode": 0, "ResultDesc": "ok", "OriginatorConversationID": p.id,
        "ConversationID": format!("AG_loop_{}", p.id), "TransactionID": "R100000"}});
    assert_eq!(app.client.post(&result_url).json(&late).send().await.unwrap().status(), 200);
    let failed = json!({"Result": {"ResultType": 0, "ResultCode": 2001, "ResultDesc": "no", "OriginatorConversationID": p.id,
        "ConversationID": "AG_other"}});
    assert_eq!(app.client.post(&result_url).json(&failed).send().await.unwrap().status(), 200);
    assert_eq!(text_value(&app.db, &format!("SELECT status FROM payouts WHERE id = '{}'", p.id)).await, "succeeded");
    assert_eq!(balance(&app, &seller).await, 5_080_000, "paid out exactly once");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM ledger_entries WHERE memo = 'payout failed: money back'").await, 0);

    // An explicit refusal still puts the money back at once.
    let p =
        payouts::request(&app.db, &gateway, &site, &who, Ok(2_000_000), &result_url, "127.0.0.1", now).await.unwrap();
    assert_eq!(text_value(&app.db, &format!("SELECT status FROM payouts WHERE id = '{}'", p.id)).await, "failed");
    assert_eq!(balance(&app, &seller).await, 5_080_000, "refused: back on the balance");

    // A request Daraja never took (a 503): the status says so, and it goes out again, once.
    let p =
        payouts::request(&app.db, &gateway, &site, &who, Ok(3_000_000), &result_url, "127.0.0.1", now).await.unwrap();
    assert_eq!(balance(&app, &seller).await, 2_080_000);
    assert_eq!(payouts::send_unsent(&app.db, &gateway, &result_url, now + 10 * MINUTE).await.unwrap(), 0);
    assert_eq!(payouts::ask_unanswered(&app.db, &gateway, &result_url, now + 10 * MINUTE).await.unwrap(), 1);
    for _ in 0..100 {
        if count(&app.db, &format!("SELECT COUNT(*) FROM payouts WHERE id = '{}' AND sent_at IS NULL", p.id)).await == 1
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(payouts::send_unsent(&app.db, &gateway, &result_url, now + 10 * MINUTE).await.unwrap(), 1);
    assert_eq!(
        text_value(&app.db, &format!("SELECT COALESCE(gateway_ref, '') FROM payouts WHERE id = '{}'", p.id)).await,
        format!("AG_loop_{}", p.id)
    );
    assert_eq!(daraja.lock().unwrap().taken.len(), 2, "taken once, after the status said it never was");
    assert_eq!(balance(&app, &seller).await, 2_080_000);
    // Its result settles it.
    let done = json!({"Result": {"ResultType": 0, "ResultCode": 0, "ResultDesc": "ok", "OriginatorConversationID": p.id,
        "ConversationID": format!("AG_loop_{}", p.id), "TransactionID": "R100001"}});
    assert_eq!(app.client.post(&result_url).json(&done).send().await.unwrap().status(), 200);
    wait_for_status(&app, &p.id, "succeeded").await;
});

both!(a_push_that_times_out_leaves_the_payment_pending, |app| {
    let (_seller, id) = product(&app, "stk-seller@example.com", "stk-seller", 2).await;
    let buyer_token = buyer(&app, "stk-buyer@example.com").await;
    let (_, o) =
        order(&app, &buyer_token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    let order_id = text_of(&o, "id");
    let (base, daraja) = loopback_daraja().await;
    let gateway = client(&base);
    let callback_url = format!("{}/api/v1/payments/mpesa/callback/{}", app.base, secret(&app).await);
    let who = user(&app, "stk-buyer@example.com").await;
    let site = Site::new("http://127.0.0.1");

    // Refused: the payment fails at once, and the buyer may try again.
    let refused =
        dove_domain::payments::pay_with_mpesa(&app.db, &gateway, &who, &order_id, "0711000000", &callback_url, "t")
            .await;
    assert!(matches!(refused, Err(dove_domain::payments::PaymentError::Gateway(_))), "{refused:?}");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM payments WHERE status = 'failed'").await, 1);

    // Taken but unanswered: pending, not failed.
    let p = dove_domain::payments::pay_with_mpesa(&app.db, &gateway, &who, &order_id, "0712345678", &callback_url, "t")
        .await
        .unwrap();
    assert_eq!(text_value(&app.db, &format!("SELECT status FROM payments WHERE id = '{}'", p.id)).await, "pending");
    let cancel = post(&app, &format!("/api/v1/orders/{order_id}/cancel"), &buyer_token, json!({})).await;
    assert_eq!(cancel.0, 409, "not cancellable while the prompt may be on the phone: {}", cancel.1);
    let again =
        post(&app, &format!("/api/v1/orders/{order_id}/pay"), &buyer_token, json!({"phone": "0712345678"})).await;
    assert_eq!(again.0, 409, "no second prompt: {}", again.1);
    let later = dove_domain::clock::now_ms() + 10 * MINUTE;
    dove_domain::payments::query_stale(&app.db, &site, &crate::helpers::mpesa_only(client(&base)), later)
        .await
        .unwrap();
    assert_eq!(text_value(&app.db, &format!("SELECT status FROM payments WHERE id = '{}'", p.id)).await, "pending");
    let (_, o) = get_json(&app, &format!("/api/v1/orders/{order_id}"), &buyer_token).await;
    assert_eq!(o["status"], "pending_payment");

    // Daraja's callback, to the URL the push named, finds the payment it never told us about.
    let named = daraja.lock().unwrap().pushes.last().unwrap().1.clone();
    assert!(named.ends_with(&format!("?order={order_id}")), "{named}");
    let res = app.client.post(&named).json(&crate::orders::daraja("ws_CO_late", 0, 32_000)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let (_, o) = get_json(&app, &format!("/api/v1/orders/{order_id}"), &buyer_token).await;
    assert_eq!(o["status"], "paid");
    assert_eq!(text_value(&app.db, &format!("SELECT status FROM payments WHERE id = '{}'", p.id)).await, "succeeded");
    // Repeated, it is settled once.
    let res = app.client.post(&named).json(&crate::orders::daraja("ws_CO_late", 0, 32_000)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM payments WHERE status = 'succeeded'").await, 1);

    // A push that is never answered and never called back ends long after
    // any prompt would have died, and only then can the order be cancelled.
    let (_, o) =
        order(&app, &buyer_token, json!({"listing_id": id, "quantity": 1, "fulfilment": "pickup"}), None).await;
    let second = text_of(&o, "id");
    let p = dove_domain::payments::pay_with_mpesa(&app.db, &gateway, &who, &second, "0712345678", &callback_url, "t")
        .await
        .unwrap();
    let now = dove_domain::clock::now_ms();
    dove_domain::payments::query_stale(&app.db, &site, &crate::helpers::mpesa_only(client(&base)), now + 29 * MINUTE)
        .await
        .unwrap();
    assert_eq!(text_value(&app.db, &format!("SELECT status FROM payments WHERE id = '{}'", p.id)).await, "pending");
    assert_eq!(post(&app, &format!("/api/v1/orders/{second}/cancel"), &buyer_token, json!({})).await.0, 409);
    dove_domain::payments::query_stale(&app.db, &site, &crate::helpers::mpesa_only(client(&base)), now + 31 * MINUTE)
        .await
        .unwrap();
    assert_eq!(text_value(&app.db, &format!("SELECT status FROM payments WHERE id = '{}'", p.id)).await, "failed");
    let (status, o) = post(&app, &format!("/api/v1/orders/{second}/cancel"), &buyer_token, json!({})).await;
    assert_eq!((status, o["status"].as_str()), (200, Some("cancelled")), "{o}");
    // Had the buyer paid after all, the late callback is not thrown away:
    // the money is recorded and, the order being gone, sent straight back.
    let named = daraja.lock().unwrap().pushes.last().unwrap().1.clone();
    let res = app.client.post(&named).json(&crate::orders::daraja("ws_CO_later", 0, 32_000)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(text_value(&app.db, &format!("SELECT status FROM payments WHERE id = '{}'", p.id)).await, "succeeded");
    assert_eq!(
        count(
            &app.db,
            &format!("SELECT COUNT(*) FROM refunds WHERE payment_id = '{}' AND amount_minor = 3200000", p.id)
        )
        .await,
        1
    );
    let (_, o) = get_json(&app, &format!("/api/v1/orders/{second}"), &buyer_token).await;
    assert_eq!(o["status"], "cancelled");
});

both!(a_stolen_session_cannot_send_the_money_to_another_number, |app| {
    let (seller, email) = seller_with_balance(&app, "ns").await;
    let thief = "0733999888";

    // No number yet: nothing can be withdrawn, and the page says why.
    let (status, p) = post(&app, "/api/v1/me/payouts", &seller, json!({"amount_minor": 1_000_000})).await;
    assert_eq!((status, p["errors"][0]["code"].as_str()), (422, Some("payout-number-missing")), "{p}");
    let page = TestApp::with_client(&app, crate::helpers::client());
    page.sign_in(&email, PASSWORD).await;
    assert!(page.text("/account/money").await.contains("Set your payout number below before you withdraw."));

    // The first number: the password and the mailed link, then it takes payouts at once.
    set_payout_number(&app, &seller, &email, "0722000111").await;
    let (status, p) = post(&app, "/api/v1/me/payouts", &seller, json!({"amount_minor": 1_000_000})).await;
    assert_eq!(status, 202, "{p}");
    assert!(app.wait_for_mail(&email, "Your payout of KES 10,000 is on its way").await.contains("+254 7•• ••• 111"));
    wait_for_status(&app, &text_of(&p, "id"), "succeeded").await;

    // The thief has the session (or a token) but not the password.
    let res = page.post_form("/account/payout-number", &[("phone", thief), ("password", "")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Enter your password."));
    let (status, e) = put_number(&app, &seller, json!({"phone": thief, "password": "guess-guess-guess"})).await;
    assert_eq!((status, e["errors"][0]["code"].as_str()), (422, Some("password-wrong")), "{e}");
    // A number typed into the payout is not a way around it.
    let (status, p) =
        post(&app, "/api/v1/me/payouts", &seller, json!({"amount_minor": 1_000_000, "phone": thief})).await;
    assert!(status == 202 || status == 422, "{status} {p}");
    if status == 202 {
        wait_for_status(&app, &text_of(&p, "id"), "succeeded").await;
    }
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM payouts WHERE phone = '+254733999888'").await, 0);

    // With the password, nothing changes until the mailed link is followed.
    let seen = mails_about(&app, &email, "Confirm your payout number").await;
    let (status, n) = put_number(&app, &seller, json!({"phone": thief, "password": PASSWORD})).await;
    assert_eq!(status, 202, "{n}");
    assert_eq!(
        (n["phone"].as_str(), n["pending_phone"].as_str(), n["held"].as_bool()),
        (Some("+254 7•• ••• 111"), Some("+254 7•• ••• 888"), Some(false))
    );
    let mail = wait_for_nth_mail(&app, &email, "Confirm your payout number", seen).await;
    let link = token_in(&mail, "/account/payout-number/confirm?token=");
    assert!(!mail.contains("733999888"), "the mail shows the number masked: {mail}");
    // The link is kept hashed, like every other token.
    let stored = text_value(&app.db, "SELECT token_hash FROM payout_numbers").await;
    assert_eq!(stored, dove_domain::tokens::hash_token(&link));
    assert_eq!(count(&app.db, &format!("SELECT COUNT(*) FROM payout_numbers WHERE token_hash = '{link}'")).await, 0);
    let (status, p) = post(&app, "/api/v1/me/payouts", &seller, json!({"amount_minor": 1_000_000})).await;
    assert_eq!(status, 202, "{p}");
    wait_for_status(&app, &text_of(&p, "id"), "succeeded").await;
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM payouts WHERE phone = '+254733999888'").await, 0);

    // A mail scanner opening the link confirms nothing: it is a button.
    let scanner = TestApp::with_client(&app, crate::helpers::client());
    assert_eq!(scanner.get(&format!("/account/payout-number/confirm?token={link}")).await.status(), 200);
    assert_eq!(get_json(&app, "/api/v1/me/payouts", &seller).await.1["payout_number"]["phone"], "+254 7•• ••• 111");
    let res = scanner.post_form("/account/payout-number/confirm", &[("token", &link)]).await;
    assert_eq!(location(&res), "/account/money?number=confirmed");
    let res = scanner.post_form("/account/payout-number/confirm", &[("token", &link)]).await;
    assert_eq!(res.status(), 400, "the link works once");

    // Confirmed: payouts to the new number wait 24 hours, and every page says why.
    let (_, money) = get_json(&app, "/api/v1/me/payouts", &seller).await;
    assert_eq!(
        (money["payout_number"]["phone"].as_str(), money["payout_number"]["held"].as_bool()),
        (Some("+254 7•• ••• 888"), Some(true))
    );
    let (status, p) = post(&app, "/api/v1/me/payouts", &seller, json!({"amount_minor": 1_000_000})).await;
    assert_eq!(status, 409, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("Payouts to a new number start 24 hours after you confirm it"));
    let res = page.post_form("/account/money", &[("amount", "10000")]).await;
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("Payouts to a new number start 24 hours after you confirm it."), "{html}");
    let sw = TestApp::with_client(&app, crate::helpers::client());
    sw.sign_in(&email, PASSWORD).await;
    sw.get("/lang/sw").await;
    assert!(
        sw.text("/account/money").await.contains("Malipo kwenda namba mpya yanaanza saa 24 baada ya kuithibitisha.")
    );
    // In the domain, at the same time: refused until a day has passed.
    let who = user(&app, &email).await;
    let site = Site::new("http://127.0.0.1");
    let sandbox = dove::payments::SandboxMpesa::new(app.db.clone()).unwrap();
    let result_url = format!("{}/api/v1/payments/mpesa/b2c/{}", app.base, secret(&app).await);
    let now = dove_domain::clock::now_ms();
    let held =
        payouts::request(&app.db, &sandbox, &site, &who, Ok(1_000_000), &result_url, "t", now + 23 * 60 * MINUTE).await;
    assert!(matches!(held, Err(PayoutError::Held { .. })), "{held:?}");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM payouts WHERE phone = '+254733999888'").await, 0);
    // The store holds the line too, whatever the caller checked.
    let n = dove_domain::payouts::NewPayout {
        id: dove_domain::new_id(),
        user_id: who.id.clone(),
        purpose: dove_domain::payouts::Purpose::Seller,
        order_id: None,
        amount_minor: 1_000_000,
        currency: "KES".into(),
        phone: "+254733999888".into(),
    };
    use dove_domain::payouts::PayoutRepo;
    let raced = app.db.start_payout(&n, &[], &[], None, now).await;
    assert!(matches!(&raced, Err(StoreError::Conflict(Conflict::PayoutNumberHeld))), "{raced:?}");

    // A day later, on the app's clock, they go to the new number, with a mail.
    app.clock.advance(24 * 60 * MINUTE + MINUTE);
    // (The seller last used the pages in Swahili, so the mail is in Swahili.)
    let seen = mails_about(&app, &email, "Malipo yako ya").await;
    let (status, p) = post(&app, "/api/v1/me/payouts", &seller, json!({"amount_minor": 1_000_000})).await;
    assert_eq!(status, 202, "{p}");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM payouts WHERE phone = '+254733999888'").await, 1);
    assert!(wait_for_nth_mail(&app, &email, "Malipo yako ya", seen).await.contains("+254 7•• ••• 888"));
    wait_for_status(&app, &text_of(&p, "id"), "succeeded").await;

    // Nor can the session guess the password here, past the sign-in lockout:
    // five tries an hour (four were used above).
    let guess = json!({"phone": thief, "password": "guess-guess-guess"});
    assert_eq!(put_number(&app, &seller, guess.clone()).await.0, 422);
    assert_eq!(put_number(&app, &seller, guess).await.0, 429);
    let res = page.post_form("/account/payout-number", &[("phone", thief), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), 429);
    assert!(res.text().await.unwrap().contains("Too many tries. Wait an hour, then try again."));
});
