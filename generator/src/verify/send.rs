//! Sends the planned requests (a few at a time, on tokio with reqwest) and collects the
//! answers in plan order.

use std::time::Duration;

use super::{Observed, Planned};

/// How many requests are in flight at once: enough to be quick, few enough for a staging
/// server's rate limits.
const IN_FLIGHT: usize = 4;

/// The answer to each plan, or why none came.
pub(super) fn send_all(
    base_url: &str,
    plans: &[Planned],
    timeout_secs: u64,
) -> Result<Vec<Result<Observed, String>>, String> {
    let base = base_url.trim_end_matches('/').to_owned();
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(format!(
            "`--base-url {base_url}` must start with http:// or https://"
        ));
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(timeout_secs.max(1)))
        .user_agent(concat!("sdkgen-verify/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("the HTTP client cannot be made: {e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("the async runtime cannot start: {e}"))?;
    runtime.block_on(async {
        let mut answers = Vec::with_capacity(plans.len());
        for chunk in plans.chunks(IN_FLIGHT) {
            let tasks: Vec<_> = chunk
                .iter()
                .map(|plan| {
                    let (client, base, plan) = (client.clone(), base.clone(), plan.clone());
                    tokio::spawn(async move { send_one(&client, &base, &plan).await })
                })
                .collect();
            for task in tasks {
                answers.push(
                    task.await
                        .unwrap_or_else(|e| Err(format!("the request task failed: {e}"))),
                );
            }
        }
        Ok(answers)
    })
}

async fn send_one(
    client: &reqwest::Client,
    base: &str,
    plan: &Planned,
) -> Result<Observed, String> {
    let method = reqwest::Method::from_bytes(plan.method.to_string().as_bytes())
        .map_err(|e| format!("bad method: {e}"))?;
    let mut request = client.request(method, format!("{base}{}", plan.path));
    for (name, value) in &plan.headers {
        request = request.header(name, value);
    }
    if let Some(body) = &plan.body {
        request = request.body(body.clone());
    }
    let response = request.send().await.map_err(|e| describe(&e))?;
    let status = response.status().as_u16();
    let body = response.bytes().await.map_err(|e| describe(&e))?;
    Ok(Observed {
        status,
        body: body.to_vec(),
    })
}

/// A reqwest error without its URL (the filled path is in the report already).
fn describe(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "failed"
    };
    match std::error::Error::source(error) {
        Some(source) => format!("{kind} ({source})"),
        None => kind.to_owned(),
    }
}
