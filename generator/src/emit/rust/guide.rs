//! The README's guide to the client beyond one call: whole answers, pages, the blocking client,
//! hooks, token renewal and tracing, each with a short example written with the API's own
//! methods. `src/lib.rs` includes the README as a doctest, so every example compiles.

use std::fmt::Write as _;

/// What the guide's examples are written with.
pub(super) struct GuideInput<'a> {
    /// The library name (`partner_web_client`).
    pub(super) crate_ident: &'a str,
    /// The builder calls every example client needs, one per line, indented by 4.
    pub(super) builder: &'a str,
    /// A call without arguments (`security().get_ip_whitelist()`), when the API has one.
    pub(super) call: Option<&'a str>,
    /// A list whose answer is a page, and its answer's type, when the API has one.
    pub(super) pages: Option<(&'a str, &'a str)>,
}

/// The guide, as Markdown sections (`##`), each ending with a blank line.
pub(super) fn render(input: &GuideInput<'_>) -> String {
    let mut out = String::new();
    whole_answers(&mut out, input);
    pages(&mut out, input);
    blocking(&mut out, input);
    hooks(&mut out, input);
    tokens(&mut out, input);
    tracing(&mut out);
    out
}

/// The builder lines, indented by `extra` more spaces.
fn builder_lines(input: &GuideInput<'_>, extra: usize) -> String {
    input
        .builder
        .lines()
        .map(|line| format!("{}{line}\n", " ".repeat(extra)))
        .collect()
}

fn whole_answers(out: &mut String, input: &GuideInput<'_>) {
    let Some(call) = input.call else { return };
    let krate = input.crate_ident;
    let _ = write!(
        out,
        "## Whole answers\n\n\
         `.send_with_metadata()` returns the value with everything the answer came with: the \
         HTTP status, the headers (rate limits, `ETag`, the server's request id), the raw body \
         byte for byte, the envelope's code and message, and the request id the call was sent \
         with. Its `Debug` shows header names and the body's length only.\n\n\
         ```rust,no_run\n\
         async fn remaining(client: &{krate}::Client) -> Result<(), {krate}::Error> {{\n\
         \x20   let response = client.{call}.send_with_metadata().await?;\n\
         \x20   println!(\"HTTP {{}}, {{:?}} left\", response.status, response.headers.get(\"x-ratelimit-remaining\"));\n\
         \x20   println!(\"{{:?}} from {{}} bytes\", response.data, response.body.as_bytes().len());\n\
         \x20   Ok(())\n\
         }}\n\
         ```\n\n"
    );
}

fn pages(out: &mut String, input: &GuideInput<'_>) {
    let Some((call, page_type)) = input.pages else {
        return;
    };
    let krate = input.crate_ident;
    let _ = write!(
        out,
        "## Pages\n\n\
         A list whose answer is a page (`{page_type}`) takes `.page(n)` and `.page_size(n)`. \
         `.items()` walks the items of every page and `.pages()` the pages, one request each, \
         with the call's retries, timeout and deadline for every page. The walk stops after the \
         last page (no next page, the page count or the item total reached, or an empty page), \
         and a server that answers the same page again ends it with `Error::PageRepeated` \
         instead of looping forever.\n\n\
         ```rust,no_run\n\
         async fn walk(client: &{krate}::Client) -> Result<(), {krate}::Error> {{\n\
         \x20   let mut items = client.{call}.page_size(50).items();\n\
         \x20   while let Some(item) = items.next().await {{\n\
         \x20       println!(\"{{:?}}\", item?);\n\
         \x20   }}\n\
         \x20   Ok(())\n\
         }}\n\
         ```\n\n"
    );
}

fn blocking(out: &mut String, input: &GuideInput<'_>) {
    let krate = input.crate_ident;
    let builder = builder_lines(input, 4);
    let mut body = String::new();
    if let Some(call) = input.call {
        let _ = writeln!(body, "    let data = client.{call}.send()?;");
        body.push_str("    println!(\"{data:?}\");\n");
    }
    if let Some((call, _)) = input.pages {
        let _ = writeln!(body, "    for item in client.{call}.items() {{");
        body.push_str("        println!(\"{:?}\", item?);\n    }\n");
    }
    let _ = write!(
        out,
        "## Blocking client\n\n\
         With the feature `blocking`, `blocking::Client` has the same builder, groups and \
         methods; a call is sent with `.send()` (or `.send_with_metadata()`), and pages are \
         iterators. No async code or runtime is needed in yours: the calls run on one background \
         thread shared by every blocking client. Do not use it inside async code (it refuses).\n\n\
         ```rust,no_run\n\
         use {krate}::blocking::Client;\n\n\
         fn main() -> Result<(), {krate}::Error> {{\n\
         \x20   let client = Client::builder(\"https://api.test.invalid\")\n\
         {builder}\
         \x20       .build()?;\n\
         {body}\
         \x20   Ok(())\n\
         }}\n\
         ```\n\n"
    );
}

fn hooks(out: &mut String, input: &GuideInput<'_>) {
    let krate = input.crate_ident;
    let _ = write!(
        out,
        "## Hooks\n\n\
         `on_request` runs before every attempt (retries included) and can add or change \
         headers, sign the body, or refuse the call (`Error::Hook`, nothing sent); \
         `on_response` sees every attempt's status and headers, or why no answer came, and how \
         long it took. Both are async and run in the order they were added.\n\n\
         ```rust,no_run\n\
         use {krate}::hooks::{{Outcome, Request}};\n\n\
         fn client() -> Result<{krate}::Client, {krate}::Error> {{\n\
         \x20   {krate}::Client::builder(\"https://api.test.invalid\")\n\
         \x20       .on_request(|mut request: Request| async move {{\n\
         \x20           request.headers_mut().insert(\"x-tenant\", \"acme\".parse()?);\n\
         \x20           Ok(request)\n\
         \x20       }})\n\
         \x20       .on_response(|outcome: Outcome| async move {{\n\
         \x20           println!(\"{{}} attempt {{}}: {{:?}} in {{:?}}\", outcome.route(), outcome.attempt(), outcome.status(), outcome.elapsed());\n\
         \x20       }})\n\
         \x20       .build()\n\
         }}\n\
         ```\n\n"
    );
}

fn tokens(out: &mut String, input: &GuideInput<'_>) {
    let krate = input.crate_ident;
    let _ = write!(
        out,
        "## Token renewal\n\n\
         A `TokenProvider` gives the bearer token of every call that sends one. When the server \
         answers HTTP 401 with a code that says the token expired or is invalid (or \
         `WWW-Authenticate: Bearer error=\"invalid_token\"`; `token_rejected_codes` names the \
         codes exactly), the call asks the provider to `refresh` once and is sent once more. \
         Calls rejected together share one renewal. A 401 for a missing token is returned as it \
         is.\n\n\
         ```rust,no_run\n\
         use std::sync::RwLock;\n\n\
         use {krate}::hooks::{{BoxError, TokenProvider}};\n\n\
         struct Session {{\n\
         \x20   token: RwLock<String>,\n\
         }}\n\n\
         impl TokenProvider for Session {{\n\
         \x20   async fn token(&self) -> Result<String, BoxError> {{\n\
         \x20       Ok(self.token.read().map_err(|_| \"poisoned\")?.clone())\n\
         \x20   }}\n\n\
         \x20   async fn refresh(&self, _rejected: &str) -> Result<String, BoxError> {{\n\
         \x20       let fresh = log_in_again().await?;\n\
         \x20       *self.token.write().map_err(|_| \"poisoned\")? = fresh.clone();\n\
         \x20       Ok(fresh)\n\
         \x20   }}\n\
         }}\n\n\
         /// Your login, or your refresh-token exchange.\n\
         async fn log_in_again() -> Result<String, BoxError> {{\n\
         \x20   Ok(String::from(\"a-new-token\"))\n\
         }}\n\n\
         fn client(token: String) -> Result<{krate}::Client, {krate}::Error> {{\n\
         \x20   {krate}::Client::builder(\"https://api.test.invalid\")\n\
         \x20       .token_provider(Session {{ token: RwLock::new(token) }})\n\
         \x20       .build()\n\
         }}\n\
         ```\n\n"
    );
}

fn tracing(out: &mut String) {
    out.push_str(
        "## Tracing\n\n\
         With the feature `tracing`, every call is a `tracing` span named `call` with the route \
         template (`GET /web/v1/items/{id}`, never the filled path), the method and the request \
         id, and every attempt an event at `DEBUG` with the attempt number, the status (or the \
         kind of failure), the duration and the wait before a retry. No header value, body or \
         token is ever recorded. Any subscriber shows them:\n\n\
         ```rust,no_run\n\
         fn main() {\n\
         \x20   tracing_subscriber::fmt()\n\
         \x20       .with_max_level(tracing::Level::DEBUG)\n\
         \x20       .init();\n\
         \x20   // ... every call from here on is traced.\n\
         }\n\
         ```\n\n",
    );
}
