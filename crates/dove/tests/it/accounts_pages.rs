//! Accounts through the pages, as a person uses them.
use crate::helpers::{PASSWORD, both, count, location, set_cookies, token_in};

both!(sign_up_confirm_sign_out_sign_in, |app| {
    let email = "wanjiku@example.com";
    let res = app
        .post_form(
            "/signup",
            &[
                ("name", "Wanjiku Kamau"),
                ("email", "Wanjiku@Example.com "),
                ("phone", "0712 345 678"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Check your email"), "{html}");
    assert!(html.contains(email), "the page names the normalised address");

    // Not signed in until the email is confirmed.
    assert_eq!(app.get("/account").await.status(), 303);
    let res = app.sign_in(email, PASSWORD).await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("Confirm your email address first"));

    let body = app.wait_for_mail(email, "Confirm your email").await;
    let token = token_in(&body, "/account/verify?token=");
    // Opening the link shows a button; it does not sign anyone in by itself.
    let page = app.text(&format!("/account/verify?token={token}")).await;
    assert!(page.contains("Confirm email"));
    assert_eq!(app.get("/account").await.status(), 303);
    let res = app.post_form("/account/verify", &[("token", &token), ("password", PASSWORD)]).await;
    assert_eq!(location(&res), "/account?notice=email-confirmed");

    let account = app.text("/account").await;
    assert!(
        account.contains("Your account") && account.contains(email) && account.contains("+254712345678"),
        "{account}"
    );

    let res = app.post_form("/signout", &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get("/account").await.status(), 303, "signed out");

    let res = app.sign_in(email, PASSWORD).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/account");
    assert_eq!(app.get("/account").await.status(), 200);
});

both!(wrong_password_is_refused_without_saying_which_part, |app| {
    app.sign_up_confirmed("Otieno", "otieno@example.com").await;
    app.post_form("/signout", &[]).await;
    let wrong = app.sign_in("otieno@example.com", "not-the-password-123").await;
    assert_eq!(wrong.status(), 401);
    let wrong_html = wrong.text().await.unwrap();
    assert!(wrong_html.contains("role=\"alert\"") && wrong_html.contains("Email or password is incorrect."));
    let unknown = app.sign_in("nobody@example.com", "not-the-password-123").await;
    assert_eq!(unknown.status(), 401);
    assert!(unknown.text().await.unwrap().contains("Email or password is incorrect."));
});

both!(session_id_rotates_at_sign_in, |app| {
    app.sign_up_confirmed("Achieng", "achieng@example.com").await;
    let first_session = count(&app.db, "SELECT COUNT(*) FROM sessions").await;
    assert_eq!(first_session, 1);
    let res = app.sign_in("achieng@example.com", PASSWORD).await;
    let cookies = set_cookies(&res);
    let session = cookies.iter().find(|c| c.starts_with("dove_session=")).expect("a new session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax") && !session.contains("Secure"),
        "{session}"
    );
    // The old session ended, the new one is the only one.
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM sessions").await, 1);
    assert_eq!(app.get("/account").await.status(), 200);
});

both!(duplicate_sign_up_looks_the_same_and_mails_the_owner, |app| {
    app.sign_up_confirmed("Kiprop", "kiprop@example.com").await;
    let other = crate::helpers::client();
    let csrf_page = other.get(app.url("/signup")).send().await.unwrap().text().await.unwrap();
    let csrf = crate::helpers::extract_csrf(&csrf_page).unwrap();
    let fresh = other
        .post(app.url("/signup"))
        .form(&[
            ("name", "New"),
            ("email", "new-person@example.com"),
            ("phone", ""),
            ("password", PASSWORD),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    let dup = other
        .post(app.url("/signup"))
        .form(&[
            ("name", "New"),
            ("email", "kiprop@example.com"),
            ("phone", ""),
            ("password", PASSWORD),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), dup.status());
    let (a, b) = (fresh.text().await.unwrap(), dup.text().await.unwrap());
    assert_eq!(a.replace("new-person@example.com", "X"), b.replace("kiprop@example.com", "X"), "same page either way");
    app.wait_for_mail("kiprop@example.com", "You already have").await;
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM users WHERE email = 'kiprop@example.com'").await, 1);
});

both!(password_reset_works_once_and_expires, |app| {
    let email = "reset@example.com";
    app.sign_up_confirmed("Reset Me", email).await;
    app.post_form("/signout", &[]).await;

    let res = app.post_form("/password/forgot", &[("email", email)]).await;
    assert!(res.text().await.unwrap().contains("If an account exists for that email"));
    let unknown = app.post_form("/password/forgot", &[("email", "ghost@example.com")]).await;
    assert!(unknown.text().await.unwrap().contains("If an account exists for that email"));

    let body = app.wait_for_mail(email, "Reset your password").await;
    let token = token_in(&body, "/password/reset?token=");
    assert!(app.text(&format!("/password/reset?token={token}")).await.contains("New password"));

    // A weak password is refused beside the field, and the link survives.
    let weak = app.post_form("/password/reset", &[("token", &token), ("password", "password1234")]).await;
    assert_eq!(weak.status(), 422);
    assert!(weak.text().await.unwrap().contains("too common"));

    let ok = app.post_form("/password/reset", &[("token", &token), ("password", "another-horse-battery-77")]).await;
    assert_eq!(location(&ok), "/signin?notice=password-reset");
    let signin = app.text("/signin?notice=password-reset").await;
    assert!(signin.contains("role=\"status\"") && signin.contains("Your password has been changed"));

    // Used once: the same link is dead, on sight and on submit.
    let again = app.get(&format!("/password/reset?token={token}")).await;
    assert_eq!(again.status(), 400);
    assert!(again.text().await.unwrap().contains("This link has expired or has already been used."));
    let reuse = app.post_form("/password/reset", &[("token", &token), ("password", "third-horse-battery-99")]).await;
    assert_eq!(reuse.status(), 400);
    assert_eq!(app.sign_in(email, "another-horse-battery-77").await.status(), 303);
    app.post_form("/signout", &[]).await;

    // An expired link is dead too.
    app.post_form("/password/forgot", &[("email", email)]).await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let mut token2 = String::new();
    for _ in 0..100 {
        let inbox = app.mailbox.list(50);
        if let Some(m) = inbox
            .iter()
            .find(|m| m.mail.to == email && m.mail.subject.contains("Reset") && !m.mail.body_text.contains(&token))
        {
            token2 = token_in(&m.mail.body_text, "/password/reset?token=");
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(!token2.is_empty());
    // Half an hour on, on the app's clock, the link has expired.
    app.clock.advance(31 * dove_domain::clock::MINUTE_MS);
    let expired =
        app.post_form("/password/reset", &[("token", &token2), ("password", "fourth-horse-battery-11")]).await;
    assert_eq!(expired.status(), 400);
    assert!(expired.text().await.unwrap().contains("This link has expired or has already been used."));
});

both!(change_password_needs_the_current_one_and_ends_other_sessions, |app| {
    let email = "change@example.com";
    app.sign_up_confirmed("Change Me", email).await;
    // A second device.
    let phone = crate::helpers::client();
    let csrf = crate::helpers::extract_csrf(&phone.get(app.url("/signin")).send().await.unwrap().text().await.unwrap())
        .unwrap();
    let res = phone
        .post(app.url("/signin"))
        .form(&[("email", email), ("password", crate::helpers::PASSWORD), ("next", ""), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(phone.get(app.url("/account")).send().await.unwrap().status(), 200);

    let wrong = app
        .post_form(
            "/account/password",
            &[("current_password", "not-my-password-1"), ("new_password", "brand-new-password-5")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("That is not your current password."));
    let ok = app
        .post_form("/account/password", &[("current_password", PASSWORD), ("new_password", "brand-new-password-5")])
        .await;
    assert_eq!(location(&ok), "/account?notice=password-changed");
    assert_eq!(app.get("/account").await.status(), 200, "this device stays signed in");
    assert_eq!(phone.get(app.url("/account")).send().await.unwrap().status(), 303, "the other device is signed out");
});

both!(sign_out_of_all_devices, |app| {
    let email = "everywhere@example.com";
    app.sign_up_confirmed("Everywhere", email).await;
    let token = app.api_token(email, PASSWORD).await;
    let res = app.post_form("/account/sign-out-everywhere", &[]).await;
    assert_eq!(location(&res), "/signin?notice=signed-out-everywhere");
    assert_eq!(app.get("/account").await.status(), 303);
    let me = app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(me.status(), 401, "API tokens end too");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM sessions").await, 0);
});

both!(start_selling_through_the_page, |app| {
    app.sign_up_confirmed("Shop Owner", "shop@example.com").await;
    let page = app.text("/account").await;
    assert!(page.contains("Start selling"));
    let bad = app.post_form("/account/store", &[("store_name", "Kilimani Homes"), ("slug", "admin")]).await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("That address is reserved"));
    let ok = app.post_form("/account/store", &[("store_name", "Kilimani Homes"), ("slug", "")]).await;
    assert_eq!(location(&ok), "/account?notice=store-created");
    let page = app.text("/account").await;
    assert!(page.contains("Kilimani Homes") && page.contains("/s/kilimani-homes") && page.contains("Seller"), "{page}");

    // A second seller cannot take the same address.
    let app2 = crate::helpers::client();
    let _ = app2;
    app.post_form("/signout", &[]).await;
    app.sign_up_confirmed("Other Owner", "other-shop@example.com").await;
    let taken = app.post_form("/account/store", &[("store_name", "Another Store"), ("slug", "kilimani-homes")]).await;
    assert_eq!(taken.status(), 422);
    assert!(taken.text().await.unwrap().contains("That address is taken"));
});

both!(bad_sign_up_input_is_shown_beside_each_field, |app| {
    let long_email = format!("{}@example.com", "a".repeat(250));
    let cases: &[(&str, &str, &str, &str)] = &[
        ("", "", "email-error", "Enter your email address."),
        ("not-an-email", "", "email-error", "Enter an email address like name@example.com."),
        (&long_email, "", "email-error", "That email address is too long."),
        ("ok@example.com", "short", "password-error", "Use at least 12 characters."),
        ("ok@example.com", "password1234", "password-error", "That password is too common."),
    ];
    for (email, password, id, message) in cases {
        let res =
            app.post_form("/signup", &[("name", "X"), ("email", email), ("phone", ""), ("password", password)]).await;
        assert_eq!(res.status(), 422, "{email} / {password}");
        let html = res.text().await.unwrap();
        assert!(html.contains(&format!("id=\"{id}\"")), "error beside the field for {email}/{password}");
        assert!(html.contains(message), "{message}");
    }
    let res = app
        .post_form("/signup", &[("name", "X"), ("email", "p@example.com"), ("phone", "12ab"), ("password", PASSWORD)])
        .await;
    assert!(res.text().await.unwrap().contains("id=\"phone-error\""));
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM users").await, 0, "nothing half-written");
});

both!(swahili_is_remembered, |app| {
    let res = app.get("/lang/sw?next=/signin").await;
    assert_eq!(location(&res), "/signin");
    let page = app.text("/signin").await;
    assert!(page.contains("lang=\"sw\"") && page.contains("Ingia"), "{page}");
    let res = app.get("/lang/en?next=//evil.example").await;
    assert_eq!(location(&res), "/", "no open redirect");
});

// Mail is written in the language the reader uses the pages in: the one
// signed up in, then whichever they switch to while signed in. The API
// takes it as `lang`.
both!(mail_is_written_in_the_readers_language, |app| {
    let email = "amani@example.com";
    app.get("/lang/sw?next=/signup").await;
    let res =
        app.post_form("/signup", &[("name", "Amani"), ("email", email), ("phone", ""), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), 200);
    let body = app.wait_for_mail(email, "Thibitisha barua pepe yako").await;
    assert!(body.starts_with("Habari Amani,\n\n"), "{body}");
    let token = token_in(&body, "/account/verify?token=");
    let res = app.post_form("/account/verify", &[("token", &token), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), 303);
    let lang_of = format!("SELECT lang FROM users WHERE email = '{email}'");
    assert_eq!(crate::helpers::text_value(&app.db, &lang_of).await, "sw");

    // Switching the pages to English while signed in moves the mail too.
    app.get("/lang/en?next=/account").await;
    assert_eq!(crate::helpers::text_value(&app.db, &lang_of).await, "en");
    app.post_form("/password/forgot", &[("email", email)]).await;
    let body = app.wait_for_mail(email, "Reset your password for Dove Market").await;
    assert!(body.starts_with("Hello Amani,\n\n") && body.contains("/password/reset?token="), "{body}");

    // Through the API, in Swahili; an unknown language is refused by the field.
    let res = app
        .post_json(
            "/api/v1/accounts",
            serde_json::json!({"name": "Baraka", "email": "baraka@example.com", "password": PASSWORD, "lang": "sw"}),
            None,
        )
        .await;
    assert_eq!(res.status(), 202);
    app.wait_for_mail("baraka@example.com", "Thibitisha barua pepe yako").await;
    let res = app
        .post_json(
            "/api/v1/accounts",
            serde_json::json!({"name": "Chege", "email": "chege@example.com", "password": PASSWORD, "lang": "fr"}),
            None,
        )
        .await;
    assert!(res.status().is_client_error(), "{}", res.status());
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM users WHERE email = 'chege@example.com'").await, 0);
});
