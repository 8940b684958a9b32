//! A small W3C WebDriver client over the real app: Xvfb for a display, `tauri-driver`
//! (which runs `WebKitWebDriver`) and the debug binary of `sportello-desktop`.
//!
//! Waits poll for a condition up to a generous limit: they say when the app is ready,
//! they never measure it.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

/// How long a wait may take before the test fails (a cold WebKit under a loaded CI).
const PATIENCE: Duration = Duration::from_secs(90);
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Scrolls `arguments[0]` to the middle; its centre if it is what is hit there, else null.
/// (An `<option>` is never hit: its `<select>` is what is laid out.)
const IN_VIEW: &str = "const el = arguments[0];
if (el.tagName === 'OPTION') return 'option';
el.scrollIntoView({block: 'center', inline: 'center'});
const r = el.getBoundingClientRect();
const x = r.left + r.width / 2, y = r.top + r.height / 2;
const hit = document.elementFromPoint(x, y);
return r.width > 0 && hit && (hit === el || el.contains(hit)) ? [x, y] : null;";

/// WebDriver's error for an element a render has replaced.
const STALE: &str = "stale element reference";

pub struct Desktop {
    http: reqwest::blocking::Client,
    base: String,
    driver: Child,
    xvfb: Child,
    pub shots: PathBuf,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn tool(name: &str) -> PathBuf {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map(|h| h.join("bin").join(name));
    if let Some(p) = cargo_bin.filter(|p| p.is_file()) {
        return p;
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!("{name} is missing: `cargo xtask test` installs it (xvfb, webkit2gtk-driver, tauri-driver)")
    })
}

/// Starts Xvfb on a display it picks itself and returns it with its number.
fn start_xvfb() -> (Child, String) {
    let mut xvfb = Command::new(tool("Xvfb"))
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let mut line = String::new();
    BufReader::new(xvfb.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("Xvfb prints its display");
    (xvfb, format!(":{}", line.trim()))
}

impl Desktop {
    /// Launches the app with `env` (on top of an isolated HOME/XDG in `home`) and `args`.
    pub fn launch(home: &Path, env: &[(&str, String)], args: &[&str]) -> Desktop {
        let (xvfb, display) = start_xvfb();
        let port = free_port();
        let native = free_port();
        let mut driver = Command::new(tool("tauri-driver"));
        driver
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_RUNTIME_DIR", home)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in env {
            driver.env(k, v);
        }
        let driver = driver.spawn().expect("tauri-driver starts");
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {
            "application": env!("CARGO_BIN_EXE_sportello-desktop"),
            "args": args,
        }}}});
        let session = loop {
            match http.post(format!("{base}/session")).json(&caps).send() {
                Ok(r) => {
                    let v: Value = r.json().expect("session answer");
                    let id = v["value"]["sessionId"].as_str().map(str::to_string);
                    break id.unwrap_or_else(|| panic!("no WebDriver session: {v}"));
                }
                Err(_) if started.elapsed() < PATIENCE => sleep(Duration::from_millis(200)),
                Err(e) => panic!("tauri-driver did not answer: {e}"),
            }
        };
        let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
        std::fs::create_dir_all(&shots).unwrap();
        Desktop {
            http,
            base: format!("{base}/session/{session}"),
            driver,
            xvfb,
            shots,
        }
    }

    fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {path}: {e}"))
    }

    /// A WebDriver command, its error as WebDriver names it ("stale element
    /// reference", …).
    fn try_call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let v: Value = req
            .send()
            .expect("WebDriver request")
            .json()
            .expect("WebDriver JSON");
        match v["value"]["error"].as_str() {
            Some(err) => Err(format!("{err}: {}", v["value"]["message"])),
            None => Ok(v["value"].clone()),
        }
    }

    /// Runs `command` on the element `css` in view; a render that replaced the
    /// element between finding and acting (a stale reference) is met by finding it
    /// again.
    fn on_element(&self, css: &str, command: impl Fn(&str) -> Result<Value, String>) {
        self.wait(&format!("{css} to take the command"), || {
            match command(&self.in_view(css)) {
                Ok(_) => Some(()),
                Err(e) if e.starts_with(STALE) => None,
                Err(e) => panic!("WebDriver on {css}: {e}"),
            }
        });
    }

    fn try_find(&self, css: &str) -> Option<String> {
        let v: Value = self
            .http
            .post(format!("{}/elements", self.base))
            .json(&json!({"using": "css selector", "value": css}))
            .send()
            .ok()?
            .json()
            .ok()?;
        v["value"].as_array()?.first()?[ELEMENT]
            .as_str()
            .map(str::to_string)
    }

    /// Waits until `css` matches and returns the first element.
    pub fn find(&self, css: &str) -> String {
        self.wait(&format!("an element {css}"), || self.try_find(css))
    }

    pub fn exists(&self, css: &str) -> bool {
        self.try_find(css).is_some()
    }

    /// Polls `check` until it gives a value; fails the test after [`PATIENCE`].
    pub fn wait<T>(&self, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
        let started = Instant::now();
        loop {
            if let Some(v) = check() {
                return v;
            }
            if started.elapsed() > PATIENCE {
                self.screenshot("timeout");
                panic!("waited {PATIENCE:?} for {what}");
            }
            sleep(Duration::from_millis(150));
        }
    }

    pub fn click(&self, css: &str) {
        self.on_element(css, |el| {
            self.try_call(
                reqwest::Method::POST,
                &format!("/element/{el}/click"),
                Some(json!({})),
            )
        });
    }

    /// Clicks `css` until `shown` matches. Right after a sync the Cruscotto
    /// re-renders, and a click landing while it lays out is lost.
    pub fn click_until(&self, css: &str, shown: &str) {
        self.wait(&format!("{shown} after clicking {css}"), || {
            if self.exists(shown) {
                return Some(());
            }
            if self.exists(css) {
                self.click(css);
            }
            None
        });
    }

    /// The first element `css`, in view and still. WebKitWebDriver refuses ("not
    /// interactable") an element below the fold or one that moved while an
    /// asynchronous render settled, instead of scrolling to it first: bring it to the
    /// middle and wait until it is the element hit at its own centre, twice in a row
    /// at the same place.
    fn in_view(&self, css: &str) -> String {
        let mut last = None;
        self.wait(&format!("{css} in view and still"), || {
            let el = self.try_find(css)?;
            let at = match self.try_call(
                reqwest::Method::POST,
                "/execute/sync",
                Some(json!({"script": IN_VIEW, "args": [{ ELEMENT: el }]})),
            ) {
                Ok(at) => at,
                Err(e) if e.starts_with(STALE) => Value::Null,
                Err(e) => panic!("WebDriver on {css}: {e}"),
            };
            let steady = !at.is_null() && last.as_ref() == Some(&at);
            last = Some(at);
            steady.then_some(el)
        })
    }

    /// Chooses `value` in a `<select>` as a user does (the change event React listens
    /// to); WebKitWebDriver cannot click an option of a closed list.
    pub fn choose(&self, css: &str, value: &str) {
        self.find(css);
        let script = format!(
            "const s = document.querySelector({css:?}); \
             Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(s, {value:?}); \
             s.dispatchEvent(new Event('change', {{ bubbles: true }})); return s.value;"
        );
        assert_eq!(
            self.execute(&script).as_str(),
            Some(value),
            "{css} has the option {value}"
        );
    }

    /// Replaces the value of an input.
    pub fn fill(&self, css: &str, text: &str) {
        self.on_element(css, |el| {
            self.try_call(
                reqwest::Method::POST,
                &format!("/element/{el}/clear"),
                Some(json!({})),
            )?;
            self.try_call(
                reqwest::Method::POST,
                &format!("/element/{el}/value"),
                Some(json!({"text": text})),
            )
        });
    }

    pub fn text(&self, css: &str) -> String {
        self.wait(&format!("the text of {css}"), || {
            let el = self.try_find(css)?;
            match self.try_call(reqwest::Method::GET, &format!("/element/{el}/text"), None) {
                Ok(v) => Some(v.as_str().unwrap_or_default().to_string()),
                Err(e) if e.starts_with(STALE) => None,
                Err(e) => panic!("WebDriver on {css}: {e}"),
            }
        })
    }

    /// The attribute of the first element `css` matches, read in one step in the page:
    /// a list re-rendering between finding the element and reading it cannot make the
    /// reference stale.
    pub fn attribute(&self, css: &str, name: &str) -> Option<String> {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({
                // As WebDriver answers: a boolean attribute present reads "true".
                "script": "const e = document.querySelector(arguments[0]); \
                    if (!e || !e.hasAttribute(arguments[1])) return null; \
                    return typeof e[arguments[1]] === 'boolean' ? 'true' : e.getAttribute(arguments[1]);",
                "args": [css, name],
            })),
        )
        .as_str()
        .map(str::to_string)
    }

    /// Runs `script` (a function body) in the page and returns its value.
    pub fn execute(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Saves a PNG of the window under `target/e2e-screenshots/`.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let v = self.call(reqwest::Method::GET, "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .expect("a base64 screenshot");
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        let _ = self
            .http
            .delete(&self.base)
            .timeout(Duration::from_secs(10))
            .send();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}
