//! A one-value channel between work handed to `waitUntil` and the request that awaits its
//! result (std only: no futures crate in the worker).

use std::cell::RefCell;
use std::future::{poll_fn, Future};
use std::rc::Rc;
use std::task::{Poll, Waker};

struct Slot<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

pub struct Sender<T>(Rc<RefCell<Slot<T>>>);

impl<T> Sender<T> {
    pub fn send(self, value: T) {
        let mut slot = self.0.borrow_mut();
        slot.value = Some(value);
        if let Some(waker) = slot.waker.take() {
            waker.wake();
        }
    }
}

/// The sender, and the future that resolves once it sent.
pub fn channel<T>() -> (Sender<T>, impl Future<Output = T>) {
    let slot = Rc::new(RefCell::new(Slot {
        value: None,
        waker: None,
    }));
    let reader = slot.clone();
    let received = poll_fn(move |cx| {
        let mut slot = reader.borrow_mut();
        match slot.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    });
    (Sender(slot), received)
}
