//! Sending one prepared request with automatic retries that never do anything twice.
//!
//! A call is retried only when sending it again is harmless: its method is idempotent (GET,
//! HEAD, OPTIONS, PUT, DELETE) or it carries an idempotency key, which is then the same on
//! every attempt. A POST or PATCH without a key is sent exactly once, whatever happens.
//!
//! A repeatable call is tried again after a failure to connect, a timeout, a lost connection,
//! or HTTP 429/502/503/504, waiting with jittered exponential backoff (100 ms doubling up to
//! 5 s) or as long as `Retry-After` asks (delta-seconds or an HTTP date). An answer that asks
//! for more than [`MAX_RETRY_AFTER`] is returned instead of being retried early. All attempts
//! and waits fit in the call's deadline: each attempt's timeout is cut to what is left of it,
//! and a wait that would end past it ends the retries with the last answer or error.

use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::error::{Delivery, Error, Result};
use super::hooks::{Hooks, Outcome, Request};

/// Wait before the first retry; doubles with each further retry.
const BASE_DELAY: Duration = Duration::from_millis(100);
/// Longest backoff between two attempts.
const MAX_DELAY: Duration = Duration::from_secs(5);
/// Longest wait that a `Retry-After` header can obtain; an answer asking for more is returned
/// to the caller rather than retried sooner than the server asked.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(20);

/// Whether an HTTP status is worth another attempt: 429, 502, 503, 504.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// A request ready to be sent, possibly several times.
pub(crate) struct Prepared {
    pub(crate) method: reqwest::Method,
    /// Sending it twice is harmless: an idempotent method, or an idempotency key.
    pub(crate) repeatable: bool,
    pub(crate) url: reqwest::Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Vec<u8>>,
    /// Timeout of one attempt.
    pub(crate) timeout: Duration,
    /// When the whole call, retries and waits included, must be over; `None` for no limit.
    pub(crate) deadline: Option<Instant>,
    pub(crate) max_retries: u32,
    pub(crate) request_id: String,
    pub(crate) route: &'static str,
    /// A 2xx answer's body is left unread (in [`Raw::unread`]) for the caller to stream.
    pub(crate) stream_success: bool,
}

/// The answer of the last attempt.
pub(crate) struct Raw {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    /// The answer's headers (rate limits, ETag, a download's content type and file name).
    pub(crate) headers: HeaderMap,
    /// A 2xx answer whose body is still to be read, when [`Prepared::stream_success`] asked
    /// for it (`body` is then empty).
    pub(crate) unread: Option<reqwest::Response>,
}

/// One attempt's answer, with what it says about waiting.
struct Tried {
    raw: Raw,
    retry_after: Option<Duration>,
}

/// Sends `req`, retrying as described in the module documentation; `hooks` run around every
/// attempt.
pub(crate) async fn send(http: &reqwest::Client, hooks: &Hooks, req: &Prepared) -> Result<Raw> {
    let mut retries: u32 = 0;
    loop {
        let timeout = match req.deadline {
            Some(deadline) => req
                .timeout
                .min(deadline.saturating_duration_since(Instant::now())),
            None => req.timeout,
        };
        let may_retry = req.repeatable && retries < req.max_retries;
        let number = retries + 1;
        let headers = before_attempt(hooks, req, number).await?;
        let started = Instant::now();
        let outcome = attempt(http, req, headers, timeout).await;
        let elapsed = started.elapsed();
        let delay = match &outcome {
            Ok(answer) if may_retry && is_retryable_status(answer.raw.status) => {
                match answer.retry_after {
                    Some(wait) if wait > MAX_RETRY_AFTER => None,
                    Some(wait) => Some(wait),
                    None => Some(backoff(retries)),
                }
            }
            Err(error) if may_retry && error.is_retryable() => Some(backoff(retries)),
            _ => None,
        };
        let delay = delay.filter(|&delay| ends_before(req.deadline, delay));
        #[cfg(feature = "tracing")]
        trace_attempt(req, number, &outcome, elapsed, delay);
        if !hooks.response.is_empty() {
            hooks.after(&outcome_of(req, number, &outcome, elapsed)).await;
        }
        match (delay, outcome) {
            (Some(delay), _) => {
                retries += 1;
                tokio::time::sleep(delay).await;
            }
            (None, Ok(answer)) => return Ok(answer.raw),
            (None, Err(error)) => return Err(error),
        }
    }
}

/// The headers of attempt `number`: the prepared ones, as the request hooks leave them.
async fn before_attempt(hooks: &Hooks, req: &Prepared, number: u32) -> Result<HeaderMap> {
    if hooks.request.is_empty() {
        return Ok(req.headers.clone());
    }
    let request = Request {
        route: req.route,
        method: req.method.clone(),
        url: req.url.clone(),
        headers: req.headers.clone(),
        body: req.body.clone(),
        attempt: number,
        request_id: req.request_id.clone(),
    };
    match hooks.before(request).await {
        Ok(request) => Ok(request.headers),
        Err(source) => Err(Error::Hook {
            route: req.route,
            request_id: req.request_id.clone(),
            delivery: if number == 1 {
                Delivery::NotSent
            } else {
                Delivery::Unknown
            },
            source,
        }),
    }
}

/// What a response hook is shown of attempt `number`.
fn outcome_of(req: &Prepared, number: u32, outcome: &Result<Tried>, elapsed: Duration) -> Outcome {
    let (status, headers, failure) = match outcome {
        Ok(answer) => (Some(answer.raw.status), answer.raw.headers.clone(), None),
        Err(error) => (None, HeaderMap::new(), Some(failure_kind(error).to_owned())),
    };
    Outcome {
        route: req.route,
        method: req.method.clone(),
        attempt: number,
        request_id: req.request_id.clone(),
        status,
        headers,
        elapsed,
        failure,
    }
}

/// A short name for why an attempt got no answer; it never quotes the request.
fn failure_kind(error: &Error) -> &'static str {
    match error {
        Error::Timeout { .. } => "timeout",
        Error::Transport { source, .. } if source.is_connect() => "connect",
        Error::Transport { source, .. } if source.is_body() || source.is_decode() => "body",
        _ => "transport",
    }
}

/// One event per attempt: the route template, method, attempt, status or failure, request
/// id, duration and whether it is retried. Never a header value, a body or the filled path.
#[cfg(feature = "tracing")]
fn trace_attempt(
    req: &Prepared,
    number: u32,
    outcome: &Result<Tried>,
    elapsed: Duration,
    retry_in: Option<Duration>,
) {
    let duration_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
    let retry_in_ms = retry_in.map(|wait| u64::try_from(wait.as_millis()).unwrap_or(u64::MAX));
    match outcome {
        Ok(answer) => tracing::debug!(
            route = req.route,
            http.request.method = %req.method,
            attempt = number,
            http.response.status_code = answer.raw.status,
            request_id = %req.request_id,
            duration_ms,
            retry_in_ms,
            "attempt answered"
        ),
        Err(error) => tracing::debug!(
            route = req.route,
            http.request.method = %req.method,
            attempt = number,
            error.kind = failure_kind(error),
            request_id = %req.request_id,
            duration_ms,
            retry_in_ms,
            "attempt failed"
        ),
    }
}

/// Whether waiting `delay` from now still leaves time before `deadline`.
fn ends_before(deadline: Option<Instant>, delay: Duration) -> bool {
    deadline.is_none_or(|deadline| {
        Instant::now()
            .checked_add(delay)
            .is_some_and(|end| end < deadline)
    })
}

async fn attempt(
    http: &reqwest::Client,
    req: &Prepared,
    headers: HeaderMap,
    timeout: Duration,
) -> Result<Tried> {
    let mut builder = http
        .request(req.method.clone(), req.url.clone())
        .headers(headers)
        .timeout(timeout);
    if let Some(body) = &req.body {
        builder = builder.body(body.clone());
    }
    let response = builder
        .send()
        .await
        .map_err(|e| transport(req, timeout, e, false))?;
    let status = response.status().as_u16();
    let retry_after = retry_after(response.headers(), SystemTime::now());
    let headers = response.headers().clone();
    if req.stream_success && response.status().is_success() {
        return Ok(Tried {
            raw: Raw {
                status,
                body: Vec::new(),
                headers,
                unread: Some(response),
            },
            retry_after,
        });
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| transport(req, timeout, e, true))?;
    Ok(Tried {
        raw: Raw {
            status,
            body: body.to_vec(),
            headers,
            unread: None,
        },
        retry_after,
    })
}

/// The error of a failed attempt; `answered` when the answer's status had arrived.
fn transport(req: &Prepared, timeout: Duration, source: reqwest::Error, answered: bool) -> Error {
    let delivery = if answered {
        Delivery::Sent
    } else if source.is_connect() || source.is_builder() {
        Delivery::NotSent
    } else {
        Delivery::Unknown
    };
    if source.is_timeout() && !source.is_connect() {
        Error::Timeout {
            route: req.route,
            request_id: req.request_id.clone(),
            timeout,
            delivery,
            repeatable: req.repeatable,
        }
    } else {
        Error::Transport {
            route: req.route,
            request_id: req.request_id.clone(),
            source,
            delivery,
            repeatable: req.repeatable,
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

/// The wait a `Retry-After` header asks for, seen at `now`: `<delta-seconds>`, or an HTTP date
/// in the IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`; a date in the past means no
/// wait). `None` when there is no such header or it cannot be read. Not capped here.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = parse_imf_fixdate(text)?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an HTTP date in the IMF-fixdate form of RFC 9110 section 5.6.7, the only form
/// servers may send: `Sun, 06 Nov 1994 08:49:37 GMT` (the day name is checked to be one but
/// not checked against the date). The obsolete RFC 850 and asctime forms are not accepted, nor
/// is any date before 1970.
pub(crate) fn parse_imf_fixdate(text: &str) -> Option<SystemTime> {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let number = |digits: &str, len: usize| -> Option<u64> {
        (digits.len() == len && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    };
    let mut parts = text.split(' ');
    let day_name = parts.next()?.strip_suffix(',')?;
    let day = number(parts.next()?, 2)?;
    let month = parts.next()?;
    let month = 1 + MONTHS.iter().position(|&m| m == month)? as u64;
    let year = number(parts.next()?, 4)?;
    let mut clock = parts.next()?.split(':');
    let hour = number(clock.next()?, 2)?;
    let minute = number(clock.next()?, 2)?;
    let second = number(clock.next()?, 2)?;
    if !DAYS.contains(&day_name)
        || parts.next()? != "GMT"
        || parts.next().is_some()
        || clock.next().is_some()
        || year < 1970
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_since_epoch(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

fn days_in_month(year: u64, month: u64) -> u64 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of 1970 or later (proleptic Gregorian calendar), counted in
/// years that start on March 1st so that the leap day is the last day of its year.
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year % 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719 468 days from 0000-03-01 to 1970-01-01.
    era * 146_097 + day_of_era - 719_468
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

    fn header(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn retry_after_reads_delta_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
        assert_eq!(
            retry_after(&header(" 3 "), now),
            Some(Duration::from_secs(3))
        );
        // Not capped here: `send` refuses to wait longer than MAX_RETRY_AFTER.
        assert_eq!(
            retry_after(&header("3600"), now),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(
            retry_after(&header("Sun, 06 Nov 1994 08:50:07 GMT"), now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after(&header("Sun, 06 Nov 1994 08:49:00 GMT"), now),
            Some(Duration::ZERO)
        );
        for bad in ["-1", "1.5", "soon", "Sunday, 06-Nov-94 08:49:37 GMT"] {
            assert_eq!(retry_after(&header(bad), now), None, "{bad}");
        }
    }

    #[test]
    fn imf_fixdates_are_parsed_exactly() {
        let epoch = SystemTime::UNIX_EPOCH;
        let at = |text| parse_imf_fixdate(text).map(|time| time.duration_since(epoch).unwrap());
        let at = |text| at(text).map(|elapsed| elapsed.as_secs());
        assert_eq!(at("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(at("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(at("Tue, 29 Feb 2000 12:00:00 GMT"), Some(951_825_600));
        assert_eq!(at("Wed, 21 Oct 2015 07:28:00 GMT"), Some(1_445_412_480));
        assert_eq!(at("Fri, 31 Dec 2100 23:59:59 GMT"), Some(4_133_980_799));
        for bad in [
            "",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun 06 Nov 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Mon, 29 Feb 1900 00:00:00 GMT",
            "Tue, 31 Apr 2001 00:00:00 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37:01 GMT",
            "Wed, 31 Dec 1969 23:59:59 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(at(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn deadlines_bound_waits() {
        assert!(ends_before(None, Duration::from_secs(3600)));
        let soon = Instant::now() + Duration::from_millis(500);
        assert!(ends_before(Some(soon), Duration::from_millis(10)));
        assert!(!ends_before(Some(soon), Duration::from_secs(1)));
        assert!(!ends_before(Some(soon), Duration::MAX));
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
