//! What a server keeps in memory of a table that changes seldom and is read by nearly every
//! page: the copy is read again once older than its freshness, and at once after this
//! server changes the table. Another server's change reaches this one within the freshness.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub(crate) struct Held<T> {
    fresh_for: Duration,
    slot: RwLock<Option<(Instant, Arc<T>)>>,
}

impl<T> Held<T> {
    pub(crate) fn new(fresh_for: Duration) -> Self {
        Held { fresh_for, slot: RwLock::new(None) }
    }

    /// The copy held, unless it is older than the freshness.
    pub(crate) fn fresh(&self) -> Option<Arc<T>> {
        let held = self.slot.read().unwrap_or_else(|e| e.into_inner());
        held.as_ref().filter(|(at, _)| at.elapsed() < self.fresh_for).map(|(_, value)| value.clone())
    }

    pub(crate) fn hold(&self, value: Arc<T>) {
        *self.slot.write().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), value));
    }

    /// The next read goes to the database.
    pub(crate) fn forget(&self) {
        *self.slot.write().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_offered_until_it_is_forgotten_or_too_old() {
        let held = Held::new(Duration::from_secs(60));
        assert!(held.fresh().is_none());
        held.hold(Arc::new(1));
        assert_eq!(held.fresh().as_deref(), Some(&1));
        held.forget();
        assert!(held.fresh().is_none());

        let stale = Held::new(Duration::ZERO);
        stale.hold(Arc::new(2));
        assert!(stale.fresh().is_none());
    }
}
