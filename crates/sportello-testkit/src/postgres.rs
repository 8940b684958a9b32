//! A PostgreSQL cluster for the tests, started by the first test that needs one.
//!
//! The cluster lives in a folder of the system's temporary directory (the `postgres`
//! user must reach it when the tests run as root), is made with Debian's `initdb`
//! (the test command installs the `postgresql` package), runs as an unprivileged user
//! (`postgres` under root, the current user otherwise) on a loopback port, and stays
//! up for the next test process: a lock file makes the first one start it. Each test
//! gets a database of its own.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use sportello_centrale::db::Location;

/// `SPORTELLO_TEST_BACKEND=postgres` runs the server tests on PostgreSQL; anything else
/// (or nothing) on SQLite.
pub const BACKEND_VAR: &str = "SPORTELLO_TEST_BACKEND";

/// Where the cluster lives, when the test command chooses (it stops and removes it
/// afterwards); otherwise a folder per checkout in the temporary directory.
pub const CLUSTER_DIR_VAR: &str = "SPORTELLO_TEST_PG_DIR";

/// Whether this test run is the PostgreSQL leg of the matrix.
pub fn on_postgres() -> bool {
    std::env::var(BACKEND_VAR).is_ok_and(|v| v == "postgres")
}

/// The database a test's server uses: a new PostgreSQL database on the PostgreSQL leg
/// of the matrix, else `dir/centrale.db`.
pub fn test_database(dir: &Path) -> Location {
    if on_postgres() {
        Location::Postgres(postgres_database())
    } else {
        Location::Sqlite(dir.join("centrale.db"))
    }
}

/// The key file the tests' servers seal CV files with on PostgreSQL (a SQLite
/// server keeps its own beside its file): one, in the cluster's folder.
pub fn chiave_cv() -> PathBuf {
    let home = shared_home();
    fs::create_dir_all(&home).expect("the cluster folder");
    home.join("chiave-cv")
}

/// A new, empty database on the test cluster: its `postgres://` address.
pub fn postgres_database() -> String {
    static SHARED: OnceLock<Cluster> = OnceLock::new();
    SHARED
        .get_or_init(|| Cluster::start(&shared_home(), false))
        .database()
}

/// A running cluster on a loopback port.
#[derive(Debug)]
pub struct Cluster {
    home: PathBuf,
    port: u16,
}

/// The certification authority that signed the test cluster's certificate (it serves
/// TLS for `localhost` and `127.0.0.1`), started by [`postgres_database`].
pub fn test_cluster_ca() -> PathBuf {
    postgres_database();
    shared_home().join("tls").join("ca-ente.pem")
}

fn shared_home() -> PathBuf {
    std::env::var_os(CLUSTER_DIR_VAR).map_or_else(
        || std::env::temp_dir().join(format!("sportello-pg-{}", workspace_tag())),
        PathBuf::from,
    )
}

impl Cluster {
    /// Starts the cluster in `home` (making it first if needed), or finds it running.
    /// `durable`: every commit flushed to disk, as in production (benchmarks); tests
    /// run without it.
    pub fn start(home: &Path, durable: bool) -> Cluster {
        fs::create_dir_all(home).expect("the cluster folder");
        let lock = File::create(home.join("lock")).expect("the cluster lock file");
        lock.lock().expect("the cluster lock");
        let data = home.join("data");
        let port_file = home.join("port");
        if !data.join("PG_VERSION").is_file() {
            fs::create_dir_all(&data).expect("the data folder");
            give_to_runner(home);
            give_to_runner(&data);
            run(Command::new(bin("initdb"))
                .args([
                    "--auth=trust",
                    "--username=postgres",
                    "--encoding=UTF8",
                    "--locale=C",
                    "-D",
                ])
                .arg(&data));
            // TLS too, with a certificate of an agency-like CA of its own.
            let tls = home.join("tls");
            fs::create_dir_all(&tls).expect("the TLS folder");
            let pki = crate::agency_pki(&tls, &["localhost", "127.0.0.1"]);
            for file in [&tls, &pki.server.cert, &pki.server.key] {
                give_to_runner(file);
            }
            run_plain(Command::new("chmod").arg("600").arg(&pki.server.key));
            let conf = format!(
                "\nssl = on\nssl_cert_file = '{}'\nssl_key_file = '{}'\n",
                pki.server.cert.display(),
                pki.server.key.display()
            );
            let conf_file = data.join("postgresql.conf");
            let mut text = fs::read_to_string(&conf_file).expect("postgresql.conf");
            text.push_str(&conf);
            fs::write(&conf_file, text).expect("postgresql.conf");
        }
        let running = as_runner(
            Command::new(bin("pg_ctl"))
                .args(["status", "-D"])
                .arg(&data),
        )
        .status()
        .is_ok_and(|s| s.success());
        let known = fs::read_to_string(&port_file)
            .ok()
            .and_then(|p| p.trim().parse().ok());
        let port = match known {
            Some(port) if running => port,
            _ => {
                let port = free_port();
                fs::write(&port_file, port.to_string()).expect("the port file");
                let speed = if durable {
                    ""
                } else {
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                };
                let options = format!(
                    "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' \
                     -c max_connections=400 {speed}"
                );
                run(Command::new(bin("pg_ctl"))
                    .args(["start", "-w", "-t", "60", "-D"])
                    .arg(&data)
                    .arg("-l")
                    .arg(home.join("log"))
                    .args(["-o", &options]));
                port
            }
        };
        drop(lock);
        Cluster {
            home: home.to_path_buf(),
            port,
        }
    }

    /// A new, empty database: its `postgres://` address.
    pub fn database(&self) -> String {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "t_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let status = Command::new(bin("createdb"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
            ])
            .arg(&name)
            .status()
            .expect("createdb runs");
        assert!(status.success(), "createdb {name} failed");
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Stops the cluster and removes its folder.
    pub fn remove(self) {
        let data = self.home.join("data");
        run(Command::new(bin("pg_ctl"))
            .args(["stop", "-m", "fast", "-D"])
            .arg(&data));
        let _ = fs::remove_dir_all(&self.home);
    }
}

/// One cluster per checkout, so two checkouts' tests do not share one.
fn workspace_tag() -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut h: u32 = 2_166_136_261;
    for b in root.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    format!("{h:08x}")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// PostgreSQL refuses to run as root: under root, its commands run as `postgres`.
fn as_runner(cmd: &mut Command) -> Command {
    if running_as_root() {
        let mut wrapped = Command::new("runuser");
        wrapped
            .args(["-u", "postgres", "--"])
            .arg(cmd.get_program())
            .args(cmd.get_args());
        wrapped
    } else {
        std::mem::replace(cmd, Command::new("true"))
    }
}

fn give_to_runner(path: &Path) {
    if running_as_root() {
        run_plain(Command::new("chown").args(["postgres:postgres"]).arg(path));
    }
}

fn run(cmd: &mut Command) {
    run_plain(&mut as_runner(cmd));
}

fn run_plain(cmd: &mut Command) {
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("{cmd:?} cannot start: {e}"));
    assert!(status.success(), "{cmd:?} failed: {status}");
}

/// A PostgreSQL program from Debian's `postgresql` package (the newest installed).
fn bin(name: &str) -> PathBuf {
    let mut versions: Vec<PathBuf> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin").join(name))
        .filter(|p| p.is_file())
        .collect();
    versions.sort();
    versions.pop().unwrap_or_else(|| {
        panic!(
            "PostgreSQL's {name} is missing: run `cargo xtask install` (Debian package postgresql)"
        )
    })
}
