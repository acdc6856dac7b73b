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
