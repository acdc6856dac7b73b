//! Where uploaded documents' bytes live, behind an interface: a local folder by default
//! (shared by all servers through a network mount), an object store in a larger setup.
//! Keys are made by the portal (random hex), never taken from a request.

use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;

pub type FileFuture<'a, T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send + 'a>>;

pub trait FileStore: Send + Sync + std::fmt::Debug {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> FileFuture<'a, ()>;
    fn get<'a>(&'a self, key: &'a str) -> FileFuture<'a, Vec<u8>>;
    fn delete<'a>(&'a self, key: &'a str) -> FileFuture<'a, ()>;
}

#[derive(Debug, Clone)]
pub struct LocalFolder {
    root: PathBuf,
}

impl LocalFolder {
    pub fn new(root: PathBuf) -> io::Result<LocalFolder> {
        std::fs::create_dir_all(&root)?;
        Ok(LocalFolder { root })
    }

    fn path(&self, key: &str) -> io::Result<PathBuf> {
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "file keys are hex"));
        }
        // Two-character fan-out keeps folders small.
        Ok(self.root.join(&key[..2.min(key.len())]).join(key))
    }
}

impl FileStore for LocalFolder {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> FileFuture<'a, ()> {
        Box::pin(async move {
            let path = self.path(key)?;
            if let Some(dir) = path.parent() {
                tokio::fs::create_dir_all(dir).await?;
            }
            // Written beside, then renamed: a reader never sees half a file.
            let tmp = path.with_extension("partial");
            tokio::fs::write(&tmp, &bytes).await?;
            tokio::fs::rename(&tmp, &path).await
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> FileFuture<'a, Vec<u8>> {
        Box::pin(async move { tokio::fs::read(self.path(key)?).await })
    }

    fn delete<'a>(&'a self, key: &'a str) -> FileFuture<'a, ()> {
        Box::pin(async move {
            match tokio::fs::remove_file(self.path(key)?).await {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            }
        })
    }
}

/// Documents in S3-compatible object storage (`upload_dir = "s3://bucket/prefix"`). The
/// endpoint, region and credentials come from the usual environment (`AWS_ENDPOINT_URL`,
/// `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`). Objects are written with the
/// bucket's private default and never given a public ACL: the portal reads them back and
/// streams them after its own access check. One PUT per document, so an object is there
/// whole or not at all.
#[derive(Debug, Clone)]
pub struct ObjectStorage {
    store: std::sync::Arc<dyn object_store::ObjectStore>,
    prefix: String,
}

impl ObjectStorage {
    /// Reads `s3://bucket/prefix`; `None` when the text is not an S3 address.
    pub fn from_url(url: &str) -> Option<Result<ObjectStorage, String>> {
        let rest = url.strip_prefix("s3://")?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Some(Err("an S3 upload_dir names its bucket: s3://bucket/prefix".into()));
        }
        let mut builder = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket);
        if std::env::var("AWS_ENDPOINT_URL").is_ok_and(|e| e.starts_with("http://")) {
            builder = builder.with_allow_http(true);
        }
        Some(builder.build().map(|s| ObjectStorage { store: std::sync::Arc::new(s), prefix: prefix.trim_matches('/').to_string() }).map_err(|e| e.to_string()))
    }

    fn path(&self, key: &str) -> io::Result<object_store::path::Path> {
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "file keys are hex"));
        }
        let full = if self.prefix.is_empty() { key.to_string() } else { format!("{}/{key}", self.prefix) };
        Ok(object_store::path::Path::from(full))
    }
}

fn storage_error(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, "no such document"),
        other => io::Error::other(other.to_string()),
    }
}

impl FileStore for ObjectStorage {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> FileFuture<'a, ()> {
        Box::pin(async move {
            self.store.put(&self.path(key)?, object_store::PutPayload::from(bytes)).await.map(|_| ()).map_err(storage_error)
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> FileFuture<'a, Vec<u8>> {
        Box::pin(async move {
            let got = self.store.get(&self.path(key)?).await.map_err(storage_error)?;
            got.bytes().await.map(|b| b.to_vec()).map_err(storage_error)
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> FileFuture<'a, ()> {
        Box::pin(async move {
            match self.store.delete(&self.path(key)?).await {
                Err(object_store::Error::NotFound { .. }) | Ok(()) => Ok(()),
                Err(e) => Err(storage_error(e)),
            }
        })
    }
}

/// The file store `upload_dir` names: object storage for `s3://…`, else a local folder.
pub fn open(upload_dir: &std::path::Path) -> Result<std::sync::Arc<dyn FileStore>, String> {
    let text = upload_dir.to_string_lossy();
    if let Some(s3) = ObjectStorage::from_url(&text) {
        return s3.map(|s| std::sync::Arc::new(s) as std::sync::Arc<dyn FileStore>);
    }
    LocalFolder::new(upload_dir.to_path_buf()).map(|f| std::sync::Arc::new(f) as std::sync::Arc<dyn FileStore>).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn keeps_returns_and_deletes_bytes_by_key() {
        let dir = tempfile::tempdir().unwrap();
        let files = LocalFolder::new(dir.path().to_path_buf()).unwrap();
        files.put("abcdef01", b"hello".to_vec()).await.unwrap();
        assert_eq!(files.get("abcdef01").await.unwrap(), b"hello");
        files.delete("abcdef01").await.unwrap();
        assert!(files.get("abcdef01").await.is_err());
        files.delete("abcdef01").await.unwrap();
    }

    #[tokio::test]
    async fn refuses_keys_that_could_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let files = LocalFolder::new(dir.path().to_path_buf()).unwrap();
        for bad in ["../etc", "", "a/b", "ab.cd"] {
            assert!(files.put(bad, vec![1]).await.is_err(), "{bad}");
        }
    }
}
