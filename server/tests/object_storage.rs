//! Documents in S3-compatible object storage, against a local S3 server (moto, installed by
//! `make test`; its `moto_server` from `MOTO_SERVER` or PATH). Without one the test says so
//! and passes, unless `PORTAL_REQUIRE_S3=1`.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use server::files;

struct Moto(Child);

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn moto() -> Option<(Moto, String)> {
    let program = std::env::var("MOTO_SERVER").unwrap_or_else(|_| "moto_server".into());
    let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
    let child = Command::new(&program).args(["-H", "127.0.0.1", "-p", &port.to_string()]).stdout(Stdio::null()).stderr(Stdio::null()).spawn();
    let Ok(child) = child else {
        assert!(std::env::var("PORTAL_REQUIRE_S3").map_or(true, |v| v != "1"), "PORTAL_REQUIRE_S3=1 but {program} does not start");
        eprintln!("skipped: no {program} to test object storage against");
        return None;
    };
    let moto = Moto(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "moto_server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    Some((moto, format!("http://127.0.0.1:{port}")))
}

#[tokio::test]
async fn documents_are_kept_whole_or_not_at_all_in_object_storage() {
    let Some((_moto, endpoint)) = moto() else { return };
    reqwest::Client::new().put(format!("{endpoint}/portal-documents")).send().await.unwrap().error_for_status().unwrap();
    // The same environment a production server reads (this test binary has no other test).
    for (k, v) in [("AWS_ENDPOINT_URL", endpoint.as_str()), ("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"), ("AWS_REGION", "us-east-1")] {
        std::env::set_var(k, v);
    }
    let store = files::open(std::path::Path::new("s3://portal-documents/uploads")).expect("an S3 file store");
    assert!(format!("{store:?}").contains("ObjectStorage"));

    store.put("abcdef01", b"hello".to_vec()).await.unwrap();
    assert_eq!(store.get("abcdef01").await.unwrap(), b"hello");
    // Never publicly readable: the object carries no grant to everyone (moto lists one for
    // an object written `public-read`, as this check of the check shows).
    let acl = |key: &'static str| reqwest::get(format!("{endpoint}/portal-documents/{key}?acl"));
    let written = acl("uploads/abcdef01").await.unwrap().text().await.unwrap();
    assert!(!written.contains("AllUsers") && !written.contains("AuthenticatedUsers"), "a document's ACL: {written}");
    let public = reqwest::Client::new().put(format!("{endpoint}/portal-documents/public-probe")).header("x-amz-acl", "public-read").body("x").send().await.unwrap();
    assert!(public.status().is_success());
    assert!(acl("public-probe").await.unwrap().text().await.unwrap().contains("AllUsers"), "the check would see a public object");
    let listed = reqwest::get(format!("{endpoint}/portal-documents?list-type=2")).await.unwrap().text().await.unwrap();
    assert!(listed.contains("<Key>uploads/abcdef01</Key>"), "kept under the prefix: {listed}");
    store.delete("abcdef01").await.unwrap();
    assert_eq!(store.get("abcdef01").await.unwrap_err().kind(), std::io::ErrorKind::NotFound);
    store.delete("abcdef01").await.unwrap();
    for bad in ["../etc", "", "a/b"] {
        assert!(store.put(bad, vec![1]).await.is_err(), "{bad}");
    }

    // An upload cut off half way leaves nothing, or the whole document — never a part.
    let big: Vec<u8> = (0..8 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    for (n, after) in [1u64, 5, 20, 60].into_iter().enumerate() {
        let key = format!("cafe{n:04}");
        let _ = tokio::time::timeout(Duration::from_millis(after), store.put(&key, big.clone())).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        match store.get(&key).await {
            Ok(bytes) => assert_eq!(bytes.len(), big.len(), "a document is whole when it is there"),
            Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound, "{e}"),
        }
    }
    let missing = files::open(std::path::Path::new("s3:///nothing"));
    assert!(missing.is_err(), "an S3 address without a bucket is refused");
}
