//! The real binary: bad configuration stops it with one clear line, SIGTERM stops it cleanly.

mod crash;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn server() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("PORTAL_BIND", "127.0.0.1:0")
        .env("PORTAL_LOG", "info")
        .stdin(Stdio::null());
    cmd
}

/// Reads the server's JSON log lines until the one that says where it listens.
fn listening_address(lines: &mut impl Iterator<Item = std::io::Result<String>>) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "server did not start");
        let line = lines.next().expect("server still running").unwrap();
        let entry: serde_json::Value = serde_json::from_str(&line).expect("logs are JSON lines");
        if let Some(a) = entry["fields"]["address"].as_str() {
            return a.to_string();
        }
    }
}

/// Runs the binary to its exit (it must exit by itself) and returns (code, stderr).
fn run_to_failure(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().expect("binary runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn assert_one_clear_line(stderr: &str, expect: &str) {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "exactly one line, got: {stderr}");
    assert!(lines[0].contains(expect), "{:?} should mention {expect:?}", lines[0]);
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
}

#[test]
fn a_malformed_database_url_is_named() {
    let (code, err) = run_to_failure(server().env("PORTAL_DATABASE_URL", "mysql://db/portal"));
    assert_eq!(code, 2);
    assert_one_clear_line(&err, "PORTAL_DATABASE_URL");
}

#[test]
fn an_unwritable_sqlite_path_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"file").unwrap();
    let db = blocker.join("portal.db");
    let (code, err) = run_to_failure(server().env("PORTAL_DATABASE_URL", format!("sqlite://{}", db.display())));
    assert_eq!(code, 1);
    assert_one_clear_line(&err, &blocker.display().to_string());
}

#[test]
fn an_unreachable_database_is_named_without_its_password() {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    let (code, err) = run_to_failure(server().env("PORTAL_DATABASE_URL", "postgres://portal:s3cret@127.0.0.1:1/portal"));
    assert_eq!(code, 1);
    assert_one_clear_line(&err, "cannot reach the database at postgres://portal:***@127.0.0.1:1/portal: Connection refused");
    assert!(!err.contains("s3cret"));
}

#[test]
fn a_missing_config_file_is_named() {
    let (code, err) = run_to_failure(server().env("PORTAL_CONFIG", "/nonexistent/portal.toml"));
    assert_eq!(code, 2);
    assert_one_clear_line(&err, "/nonexistent/portal.toml");
}

#[test]
fn the_config_file_is_read_and_sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("portal.toml");
    let db = dir.path().join("data").join("portal.db");
    std::fs::write(&config, format!("bind = \"127.0.0.1:0\"\ndatabase_url = \"sqlite://{}\"\nlog = \"info\"\n", db.display())).unwrap();
    let mut child = server()
        .env_remove("PORTAL_BIND")
        .env("PORTAL_CONFIG", &config)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = listening_address(&mut lines);
    assert!(db.exists(), "the SQLite file named in the config file was created");
    let health = std::net::TcpStream::connect(&addr).map(|mut s| {
        use std::io::{Read, Write};
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    });
    assert!(health.unwrap().starts_with("HTTP/1.1 200"));

    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let exit = child.wait().unwrap();
    assert!(exit.success(), "exit status after SIGTERM: {exit:?}");
    assert!(rest.iter().any(|l| l.contains("shutdown complete")), "{rest:?}");
}

#[test]
fn postgres_without_a_data_key_is_refused() {
    let Ok(url) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("skipped: TEST_DATABASE_URL is not set");
        return;
    };
    let (code, err) = run_to_failure(server().env("PORTAL_DATABASE_URL", url));
    assert_eq!(code, 1);
    assert_one_clear_line(&err, "PORTAL_DATA_KEY is required with PostgreSQL");
}

#[test]
fn the_first_administrator_is_made_by_a_command_and_the_audit_chain_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("portal.db").display());
    let run = |args: &[&str], password: Option<&str>| {
        let mut cmd = server();
        cmd.env("PORTAL_DATABASE_URL", &db).env("PORTAL_UPLOAD_DIR", dir.path().join("uploads")).args(args);
        if let Some(p) = password {
            cmd.env("PORTAL_STAFF_PASSWORD", p);
        }
        let out = cmd.output().expect("binary runs");
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let admin = ["create-staff", "--username", "admin", "--name", "系统管理员", "--role", "admin", "--area", "320000"];
    let (code, out, err) = run(&admin, Some("a long enough password"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("created admin (admin, 320000)"));
    let (code, _, err) = run(&admin, Some("a long enough password"));
    assert_eq!(code, 2);
    assert!(err.contains("username"), "{err}");
    let (code, _, err) = run(&["create-staff", "--username", "x2", "--name", "某某某", "--role", "root", "--area", "320000"], Some("a long enough password"));
    assert_eq!(code, 2);
    assert!(err.contains("unknown role"));
    let (code, out, _) = run(&["verify-audit"], None);
    assert_eq!(code, 0);
    assert!(out.contains("intact: 1 entries"), "{out}");
}

#[test]
fn a_backup_taken_while_running_restores_with_the_same_audit_chain() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("portal.db").display());
    let run = |db: &str, args: &[&str]| {
        let out = server().env("PORTAL_DATABASE_URL", db).env("PORTAL_UPLOAD_DIR", dir.path().join("uploads")).env("PORTAL_STAFF_PASSWORD", "a long enough password").args(args).output().expect("binary runs");
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    for (n, user) in ["admin.one", "admin.two", "admin.three"].iter().enumerate() {
        let (code, _, err) = run(&db, &["create-staff", "--username", user, "--name", "系统管理员", "--role", "admin", "--area", "320000"]);
        assert_eq!(code, 0, "account {n}: {err}");
    }
    // The portal keeps running on the database while the copy is taken.
    let mut running = server().env("PORTAL_DATABASE_URL", &db).env("PORTAL_UPLOAD_DIR", dir.path().join("uploads")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let copy = dir.path().join("backups").join("portal-2026-12-02.db");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    let (code, out, err) = run(&db, &["backup", "--to", copy.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("with its key"), "{out}");
    let (code, _, err) = run(&db, &["backup", "--to", copy.to_str().unwrap()]);
    assert_eq!(code, 2, "never overwrites");
    assert!(err.contains("already exists"), "{err}");
    running.kill().unwrap();
    running.wait().unwrap();

    // Restoring is putting the copy and its key where a database is expected.
    let restored = dir.path().join("restored").join("portal.db");
    std::fs::create_dir_all(restored.parent().unwrap()).unwrap();
    std::fs::copy(&copy, &restored).unwrap();
    std::fs::copy(copy.with_extension("key"), restored.with_extension("key")).unwrap();
    assert_eq!(std::fs::read(dir.path().join("portal.key")).unwrap(), std::fs::read(restored.with_extension("key")).unwrap());
    let (_, original, _) = run(&db, &["verify-audit"]);
    let (code, from_backup, err) = run(&format!("sqlite://{}", restored.display()), &["verify-audit"]);
    assert_eq!(code, 0, "{err}");
    assert!(original.contains("intact: 3 entries"), "{original}");
    assert_eq!(from_backup, original, "the restored chain is the same chain");
    let (code, _, err) = run("postgres://portal:x@127.0.0.1:1/portal", &["backup", "--to", "/tmp/never"]);
    assert_ne!(code, 0);
    assert!(!err.contains("panicked"), "{err}");
}
