//! Level-by-level batching for a request's DataLoader.
//!
//! async-graphql's DataLoader gathers keys for a fixed delay, then loads them. A large list is
//! resolved across several turns of the scheduler, so a timer can close a batch before every
//! sibling has asked: one level of the query then costs several statements. Here the loader's
//! fetches run on the request's own task instead, and a fetch starts only when the query can go
//! no further without one and no other fetch is in flight. By then every key of the level is
//! queued, so each level of a query costs one statement per relation, whatever the row count,
//! and no request waits on a timer.

use std::{
    future::Future,
    pin::Pin,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicBool, Ordering},
    },
    task::{Context, Poll, Wake, Waker},
    time::Duration,
};

use async_graphql::dataloader::DataLoader;
use futures_util::{StreamExt, future::BoxFuture, stream::FuturesUnordered};

type Queue = Arc<Mutex<Vec<BoxFuture<'static, ()>>>>;

/// How many times in a row the query may wake itself before the driver yields to the runtime.
const SPINS_BEFORE_YIELD: u32 = 64;

/// A DataLoader whose fetches are queued for [`drive`] instead of spawned.
pub fn batched_loader<T: Send + Sync + 'static>(loader: T) -> (DataLoader<T>, Queue) {
    let queue: Queue = Arc::default();
    let spawn_into = queue.clone();
    let loader = DataLoader::new(loader, move |fetch: BoxFuture<'static, ()>| {
        spawn_into
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(fetch);
    })
    .delay(Duration::ZERO)
    .max_batch_size(usize::MAX);
    (loader, queue)
}

/// Runs `query` to completion, starting the queued fetches level by level.
pub fn drive<F: Future>(query: F, queue: Queue) -> Driven<F> {
    let woken = Arc::new(WakeFlag::default());
    Driven {
        query: Box::pin(query),
        query_waker: Waker::from(woken.clone()),
        woken,
        queue,
        running: FuturesUnordered::new(),
    }
}

pub struct Driven<F> {
    query: Pin<Box<F>>,
    query_waker: Waker,
    woken: Arc<WakeFlag>,
    queue: Queue,
    running: FuturesUnordered<BoxFuture<'static, ()>>,
}

/// The query's waker: records that the query has something to do, and wakes the request task.
#[derive(Default)]
struct WakeFlag {
    woken: AtomicBool,
    outer: Mutex<Option<Waker>>,
}

impl Wake for WakeFlag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        if let Some(outer) = self
            .outer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            outer.wake_by_ref();
        }
    }
}

impl<F: Future> Future for Driven<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = &mut *self;
        *this
            .woken
            .outer
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(cx.waker().clone());
        let mut spins = 0;
        loop {
            // Let the query go as far as it can: resolving fields queues keys.
            this.woken.woken.store(false, Ordering::SeqCst);
            if let Poll::Ready(output) = this
                .query
                .as_mut()
                .poll(&mut Context::from_waker(&this.query_waker))
            {
                return Poll::Ready(output);
            }
            if this.woken.woken.load(Ordering::SeqCst) {
                spins += 1;
                if spins >= SPINS_BEFORE_YIELD {
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                continue;
            }

            // The query waits. Start the next level once the last one has landed.
            if this.running.is_empty() {
                let queued =
                    std::mem::take(&mut *this.queue.lock().unwrap_or_else(PoisonError::into_inner));
                this.running.extend(queued);
            }
            while let Poll::Ready(Some(())) = this.running.poll_next_unpin(cx) {}

            // A finished fetch has woken the query, or the level ended and another is queued.
            let more_queued = this.running.is_empty()
                && !this
                    .queue
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .is_empty();
            if !this.woken.woken.load(Ordering::SeqCst) && !more_queued {
                return Poll::Pending;
            }
        }
    }
}
