//! Runs several futures of one call side by side (the batches in flight), without pulling a
//! futures crate into the wasm.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Completes when every future has completed.
pub struct JoinAll<'a> {
    futures: Vec<Option<Pin<Box<dyn Future<Output = ()> + 'a>>>>,
}

impl<'a> JoinAll<'a> {
    /// Polls all of `futures` until each is done.
    pub fn new(futures: Vec<Pin<Box<dyn Future<Output = ()> + 'a>>>) -> Self {
        JoinAll {
            futures: futures.into_iter().map(Some).collect(),
        }
    }
}

impl Future for JoinAll<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut pending = false;
        for slot in self.futures.iter_mut() {
            if let Some(future) = slot {
                if future.as_mut().poll(cx).is_ready() {
                    *slot = None;
                } else {
                    pending = true;
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    }
}
