//! A small HTTP load generator for `sdkgen mock` (and Prism, for comparison): keeps N
//! connections busy with one request for a fixed time and prints the requests per second and
//! the share of answers with the expected status. Used by `scripts/bench-mock.py`.
//!
//! ```text
//! cargo run --release -p sdkgen --example mock_load -- URL [--seconds S] [--connections N]
//!     [--status CODE] [-H 'Name: value' ...]
//! ```

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .get(1)
        .filter(|u| u.starts_with("http"))
        .cloned()
        .ok_or(
        "usage: mock_load URL [--seconds S] [--connections N] [--status CODE] [-H 'Name: value']",
    )?;
    let seconds: u64 = arg(&args, "--seconds").map_or(Ok(10), |s| s.parse())?;
    let connections: usize = arg(&args, "--connections").map_or(Ok(32), |s| s.parse())?;
    let expected: u16 = arg(&args, "--status").map_or(Ok(200), |s| s.parse())?;
    let mut headers = reqwest::header::HeaderMap::new();
    for (i, a) in args.iter().enumerate() {
        if a == "-H" {
            let header = args.get(i + 1).ok_or("-H needs 'Name: value'")?;
            let (name, value) = header.split_once(':').ok_or("-H needs 'Name: value'")?;
            headers.insert(
                reqwest::header::HeaderName::from_bytes(name.trim().as_bytes())?,
                value.trim().parse()?,
            );
        }
    }
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .pool_max_idle_per_host(connections)
        .build()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let done = Arc::new(AtomicU64::new(0));
    let good = Arc::new(AtomicU64::new(0));
    let elapsed = runtime.block_on(async {
        let start = Instant::now();
        let end = start + Duration::from_secs(seconds);
        let workers: Vec<_> = (0..connections)
            .map(|_| {
                let (client, url, done, good) =
                    (client.clone(), url.clone(), done.clone(), good.clone());
                tokio::spawn(async move {
                    while Instant::now() < end {
                        if let Ok(response) = client.get(&url).send().await {
                            let status = response.status().as_u16();
                            if response.bytes().await.is_ok() && status == expected {
                                good.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        for worker in workers {
            let _ = worker.await;
        }
        start.elapsed()
    });
    let done = done.load(Ordering::Relaxed);
    let good = good.load(Ordering::Relaxed);
    #[allow(clippy::cast_precision_loss)]
    let rate = done as f64 / elapsed.as_secs_f64();
    println!("{{\"requests\": {done}, \"expected_status\": {good}, \"seconds\": {:.3}, \"rps\": {rate:.1}}}", elapsed.as_secs_f64());
    Ok(())
}
