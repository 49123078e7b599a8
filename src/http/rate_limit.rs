//! Rate limits: how many requests one token may make, and one client address without a token,
//! and, more tightly, how many failed authentications one address may make. Past a limit, a
//! request is refused with 429 `RATE_LIMITED` and a `Retry-After`, before it runs.
//!
//! Each limit is a rate with a burst, kept as the generic cell rate algorithm keeps it: one
//! instant per client, the time at which its allowance would be whole again. The counts live in
//! this process: behind a load balancer each replica limits what it is sent.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::error::AppError;

/// A rate: so many a minute, and so many at once from rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub per_minute: u32,
    pub burst: u32,
}

impl Rate {
    /// `per_minute` with `burst` at once; none when `per_minute` is 0.
    pub fn new(per_minute: u32, burst: u32) -> Option<Self> {
        (per_minute > 0).then_some(Self {
            per_minute,
            burst: burst.max(1),
        })
    }

    /// The time one request's share of the allowance takes to come back.
    fn interval(self) -> Duration {
        Duration::from_secs(60) / self.per_minute
    }
}

/// Which limits apply; `None` is no limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateLimits {
    /// Requests by one token, or by one client address without a token.
    pub requests: Option<Rate>,
    /// Failed authentications from one client address.
    pub auth_failures: Option<Rate>,
}

/// Whose allowance a request takes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Client {
    Token(i32),
    Address(IpAddr),
    Failures(IpAddr),
}

impl Client {
    /// The limit's name, as /metrics labels refusals.
    fn limit(self) -> &'static str {
        match self {
            Self::Token(_) => "token",
            Self::Address(_) => "address",
            Self::Failures(_) => "auth_failures",
        }
    }
}

/// A client's address as its limits see it: an IPv6 address by its /64, the block one host is
/// usually given, so that a host cannot step round its limit through its own addresses.
fn client_address(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// The address a request came from, where the server knows it (it always does when serving;
/// a router called directly, as some tests call it, may not).
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip()),
        ))
    }
}

/// A refusal: which limit, and when to try again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    pub limit: &'static str,
    pub retry_after: Duration,
    /// Set when the request asked more at once than the burst allows: it will never pass, and
    /// this is the most it may ask.
    pub at_most: Option<u32>,
}

impl Refused {
    /// The error a client sees.
    pub fn error(self) -> AppError {
        let seconds = retry_seconds(self.retry_after);
        let message = match (self.limit, self.at_most) {
            (_, Some(most)) => format!(
                "a batch may hold at most {most} operations under this server's rate limit \
                 (--rate-limit-burst): send smaller batches"
            ),
            (limit, None) => match limit {
                "auth_failures" => format!(
                    "too many failed authentications from this address; try again in {seconds} s"
                ),
                "token" => {
                    format!("this token has made too many requests; try again in {seconds} s")
                }
                _ => format!("this address has made too many requests; try again in {seconds} s"),
            },
        };
        AppError::RateLimited {
            message,
            retry_after: self.retry_after,
        }
    }
}

/// Whole seconds to wait, at least one: what `Retry-After` says.
pub fn retry_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

/// The clients' allowances.
#[derive(Debug, Default)]
pub struct Limiter {
    limits: RateLimits,
    /// When each client's allowance is whole again; a client not here has it whole.
    whole_at: Mutex<HashMap<Client, Instant>>,
}

/// Clients kept before those whose allowance is whole again are forgotten.
const PRUNE_ABOVE: usize = 4_096;

impl Limiter {
    pub fn new(limits: RateLimits) -> Self {
        Self {
            limits,
            whole_at: Mutex::default(),
        }
    }

    /// Takes `cost` requests from the allowance of `token`, or, without one, of `peer`.
    pub fn request(
        &self,
        token: Option<i32>,
        peer: Option<IpAddr>,
        cost: u32,
    ) -> Result<(), Refused> {
        let Some(rate) = self.limits.requests else {
            return Ok(());
        };
        let client = match (token, peer) {
            (Some(id), _) => Client::Token(id),
            (None, Some(ip)) => Client::Address(client_address(ip)),
            (None, None) => return Ok(()),
        };
        self.take(client, rate, cost, Instant::now())
    }

    /// Takes one failed authentication from `peer`'s allowance before its token is looked up,
    /// so that many tried at once cannot all be looked up; refused while none is left, whatever
    /// the token. Given back by [`Self::authenticated`] when the token turns out valid.
    pub fn attempt(&self, peer: Option<IpAddr>) -> Result<(), Refused> {
        match (self.limits.auth_failures, peer) {
            (Some(rate), Some(ip)) => self.take(
                Client::Failures(client_address(ip)),
                rate,
                1,
                Instant::now(),
            ),
            _ => Ok(()),
        }
    }

    /// Gives back the failure [`Self::attempt`] took: the token was valid.
    pub fn authenticated(&self, peer: Option<IpAddr>) {
        if let (Some(rate), Some(ip)) = (self.limits.auth_failures, peer) {
            self.give_back(Client::Failures(client_address(ip)), rate, Instant::now());
        }
    }

    /// Takes `cost` from `client`'s allowance at `now`: refused, and nothing taken, if it has
    /// not that much left; a cost above the burst never passes.
    fn take(&self, client: Client, rate: Rate, cost: u32, now: Instant) -> Result<(), Refused> {
        let interval = rate.interval();
        let allowance = interval * rate.burst;
        if cost > rate.burst {
            return Err(Refused {
                limit: client.limit(),
                retry_after: allowance,
                at_most: Some(rate.burst),
            });
        }
        let mut whole_at = self
            .whole_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let from = whole_at
            .get(&client)
            .copied()
            .filter(|at| *at > now)
            .unwrap_or(now);
        let after = from + interval * cost.max(1);
        if after > now + allowance {
            return Err(Refused {
                limit: client.limit(),
                retry_after: after - (now + allowance),
                at_most: None,
            });
        }
        if whole_at.len() >= PRUNE_ABOVE {
            whole_at.retain(|_, at| *at > now);
        }
        whole_at.insert(client, after);
        Ok(())
    }

    /// Gives one request back to `client`'s allowance.
    fn give_back(&self, client: Client, rate: Rate, now: Instant) {
        let mut whole_at = self
            .whole_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(at) = whole_at.get_mut(&client) {
            *at = at
                .checked_sub(rate.interval())
                .map_or(now, |earlier| earlier.max(now));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn limiter(per_minute: u32, burst: u32) -> (Limiter, Rate) {
        let rate = Rate::new(per_minute, burst).unwrap();
        (
            Limiter::new(RateLimits {
                requests: Some(rate),
                auth_failures: Some(rate),
            }),
            rate,
        )
    }

    #[test]
    fn a_burst_is_allowed_then_one_request_per_interval() {
        let (limiter, rate) = limiter(60, 3);
        let client = Client::Token(1);
        let start = Instant::now();
        for _ in 0..3 {
            limiter.take(client, rate, 1, start).unwrap();
        }
        let refused = limiter.take(client, rate, 1, start).unwrap_err();
        assert_eq!(refused.limit, "token");
        assert_eq!(refused.retry_after, Duration::from_secs(1));
        // A refusal takes nothing: after the wait it names, one more is allowed, and no more.
        let later = start + refused.retry_after;
        limiter.take(client, rate, 1, later).unwrap();
        assert!(limiter.take(client, rate, 1, later).is_err());
        // Another client has its own allowance.
        limiter.take(Client::Token(2), rate, 1, start).unwrap();
    }

    #[test]
    fn a_batch_costs_its_operations_and_one_larger_than_the_burst_never_passes() {
        let (limiter, rate) = limiter(60, 5);
        let client = Client::Address(IpAddr::from([127, 0, 0, 1]));
        let start = Instant::now();
        limiter.take(client, rate, 4, start).unwrap();
        let refused = limiter.take(client, rate, 2, start).unwrap_err();
        assert_eq!(refused.retry_after, Duration::from_secs(1));
        assert_eq!(refused.at_most, None);
        limiter.take(client, rate, 1, start).unwrap();
        // Even with the allowance whole, more than the burst at once is refused, and says so.
        let rested = start + Duration::from_secs(5);
        let refused = limiter.take(client, rate, 6, rested).unwrap_err();
        assert_eq!(refused.at_most, Some(5));
        limiter.take(client, rate, 5, rested).unwrap();
    }

    #[test]
    fn a_failure_is_taken_before_the_lookup_and_given_back_for_a_valid_token() {
        let (limiter, _) = limiter(60, 2);
        let peer = Some(IpAddr::from([10, 0, 0, 1]));
        // Two at once take both; the third is refused before any lookup.
        limiter.attempt(peer).unwrap();
        limiter.attempt(peer).unwrap();
        assert_eq!(limiter.attempt(peer).unwrap_err().limit, "auth_failures");
        // One of the two was valid: its failure comes back.
        limiter.authenticated(peer);
        limiter.attempt(peer).unwrap();
        assert!(limiter.attempt(peer).is_err());
        // No address, no limit.
        limiter.attempt(None).unwrap();
    }

    #[test]
    fn ipv6_addresses_are_limited_by_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_address(a), client_address(b));
        assert_ne!(client_address(a), client_address(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_address(mapped), IpAddr::from([192, 0, 2, 7]));
    }

    #[test]
    fn clients_whose_allowance_is_whole_are_forgotten() {
        let (limiter, rate) = limiter(60_000, 1);
        let start = Instant::now();
        for i in 0..PRUNE_ABOVE as u32 {
            limiter
                .take(Client::Token(i as i32), rate, 1, start)
                .unwrap();
        }
        let later = start + Duration::from_secs(1);
        limiter.take(Client::Token(-1), rate, 1, later).unwrap();
        assert_eq!(limiter.whole_at.lock().unwrap().len(), 1);
    }

    #[test]
    fn retry_after_is_whole_seconds_rounded_up() {
        assert_eq!(retry_seconds(Duration::ZERO), 1);
        assert_eq!(retry_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_seconds(Duration::from_secs(2)), 2);
        assert_eq!(retry_seconds(Duration::from_millis(2_001)), 3);
    }
}
