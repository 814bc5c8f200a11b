//! Sending one prepared request with automatic retries: idempotent methods are tried again
//! after a failure to connect, a timeout, or HTTP 429/502/503/504, waiting with jittered
//! exponential backoff or as long as `Retry-After` asks.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::error::{Error, Result};

/// Wait before the first retry; doubles with each further retry.
const BASE_DELAY: Duration = Duration::from_millis(100);
/// Longest backoff between two attempts.
const MAX_DELAY: Duration = Duration::from_secs(5);
/// Longest wait that a `Retry-After` header can ask for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Whether an HTTP status is worth another attempt: 429, 502, 503, 504.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// A request ready to be sent, possibly several times.
pub(crate) struct Prepared {
    pub(crate) method: reqwest::Method,
    pub(crate) idempotent: bool,
    pub(crate) url: reqwest::Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) request_id: String,
    pub(crate) route: &'static str,
}

/// The answer of the last attempt.
pub(crate) struct Raw {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

/// One attempt's answer, with what it says about waiting.
struct Attempt {
    raw: Raw,
    retry_after: Option<Duration>,
}

/// Sends `req`, retrying as described in the module documentation.
pub(crate) async fn send(http: &reqwest::Client, req: &Prepared) -> Result<Raw> {
    let mut retries: u32 = 0;
    loop {
        let may_retry = req.idempotent && retries < req.max_retries;
        let delay = match attempt(http, req).await {
            Ok(answer) if may_retry && is_retryable_status(answer.raw.status) => {
                answer.retry_after.unwrap_or_else(|| backoff(retries))
            }
            Ok(answer) => return Ok(answer.raw),
            Err(error) if may_retry && error.is_retryable() => backoff(retries),
            Err(error) => return Err(error),
        };
        retries += 1;
        tokio::time::sleep(delay).await;
    }
}

async fn attempt(http: &reqwest::Client, req: &Prepared) -> Result<Attempt> {
    let mut builder = http
        .request(req.method.clone(), req.url.clone())
        .headers(req.headers.clone())
        .timeout(req.timeout);
    if let Some(body) = &req.body {
        builder = builder.body(body.clone());
    }
    let response = builder.send().await.map_err(|e| transport(req, e))?;
    let status = response.status().as_u16();
    let retry_after = retry_after(response.headers());
    let body = response.bytes().await.map_err(|e| transport(req, e))?;
    Ok(Attempt {
        raw: Raw {
            status,
            body: body.to_vec(),
        },
        retry_after,
    })
}

fn transport(req: &Prepared, source: reqwest::Error) -> Error {
    if source.is_timeout() {
        Error::Timeout {
            route: req.route,
            request_id: req.request_id.clone(),
            timeout: req.timeout,
        }
    } else {
        Error::Transport {
            route: req.route,
            request_id: req.request_id.clone(),
            source,
        }
    }
}

/// Backoff before retry number `retry + 1`: 100 ms doubling up to 5 s, of which the upper half
/// is random ("equal jitter"), so that clients that failed together do not retry together.
pub(crate) fn backoff(retry: u32) -> Duration {
    let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
    let ceiling = BASE_DELAY.saturating_mul(factor).min(MAX_DELAY);
    let half = ceiling / 2;
    half + half.mul_f64(random_unit())
}

/// A random number in `[0, 1)`, from the random bits of a version 4 UUID.
#[allow(clippy::cast_precision_loss)] // both values are below 2^53: exact in an f64
fn random_unit() -> f64 {
    // The low 53 bits of a v4 UUID are all random (version and variant bits sit higher).
    let bits = uuid::Uuid::new_v4().as_u128() & ((1u128 << 53) - 1);
    bits as f64 / (1u64 << 53) as f64
}

/// The wait a `Retry-After: <delta-seconds>` header asks for, at most 60 s. The HTTP-date form
/// is not understood and falls back to the backoff.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds: u64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        for retry in 0..40 {
            let ceiling = BASE_DELAY
                .saturating_mul(1u32.checked_shl(retry).unwrap_or(u32::MAX))
                .min(MAX_DELAY);
            let delay = backoff(retry);
            assert!(
                delay >= ceiling / 2 && delay <= ceiling,
                "{retry}: {delay:?}"
            );
        }
        assert!(backoff(0) >= Duration::from_millis(50));
        assert!(backoff(100) <= MAX_DELAY);
    }

    #[test]
    fn retry_after_reads_delta_seconds_and_caps_them() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static(" 3 "));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3600"));
        assert_eq!(retry_after(&headers), Some(MAX_RETRY_AFTER));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn retryable_statuses() {
        for status in [429, 502, 503, 504] {
            assert!(is_retryable_status(status));
        }
        for status in [200, 400, 401, 404, 409, 500, 501] {
            assert!(!is_retryable_status(status));
        }
    }
}
