//! Who is asking, as far as the network tells: the client's address (for rate limits and
//! pledge records) and whether the connection was TLS. Behind load balancers only what the
//! configured number of proxies wrote is believed; anything further left in
//! `X-Forwarded-For` was written by the client and could name anyone.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, Extensions};

use crate::state::AppState;

/// How the portal is reached: directly, or through `hops` proxies that each append the
/// address they were connected from to `X-Forwarded-For`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proxies {
    None,
    Hops(usize),
}

impl Proxies {
    pub fn behind(&self) -> bool {
        matches!(self, Proxies::Hops(_))
    }
}

pub fn client_address(state: &AppState, request: &Request) -> String {
    address_of(state, request.headers(), request.extensions())
}

pub fn address_of(state: &AppState, headers: &HeaderMap, extensions: &Extensions) -> String {
    let forwarded = match state.proxies {
        Proxies::Hops(hops) => forwarded_client(headers, hops),
        Proxies::None => None,
    };
    let socket = || extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    forwarded.or_else(socket).map(|ip| ip.to_string()).unwrap_or_else(|| "unknown".into())
}

/// The address the outermost of `hops` trusted proxies saw: the `hops`-th entry from the
/// right. With fewer entries than hops every entry came from a proxy, so the leftmost is.
pub fn forwarded_client(headers: &HeaderMap, hops: usize) -> Option<IpAddr> {
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    let entry = entries.get(entries.len().checked_sub(hops.max(1)).unwrap_or(0))?;
    entry.parse::<IpAddr>().ok().or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

/// TLS ended at the load balancer, which says so; directly the portal speaks plain HTTP.
pub fn is_tls(state: &AppState, headers: &HeaderMap) -> bool {
    state.proxies.behind() && headers.get("x-forwarded-proto").is_some_and(|v| v == "https")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn only_what_the_trusted_proxies_wrote_is_believed() {
        // The client wrote "6.6.6.6"; the one proxy appended the address it saw.
        assert_eq!(forwarded_client(&xff(&["6.6.6.6, 203.0.113.9"]), 1), Some("203.0.113.9".parse().unwrap()));
        // Two proxies: the outer one saw the client, the inner one saw the outer proxy.
        assert_eq!(forwarded_client(&xff(&["6.6.6.6, 203.0.113.9, 10.0.0.2"]), 2), Some("203.0.113.9".parse().unwrap()));
        // Several headers count as one list, in order.
        assert_eq!(forwarded_client(&xff(&["6.6.6.6", "203.0.113.9"]), 1), Some("203.0.113.9".parse().unwrap()));
        assert_eq!(forwarded_client(&xff(&["203.0.113.9"]), 3), Some("203.0.113.9".parse().unwrap()));
        assert_eq!(forwarded_client(&xff(&["[2001:db8::1]:443"]), 1), Some("2001:db8::1".parse().unwrap()));
        assert_eq!(forwarded_client(&xff(&["6.6.6.6, not-an-address"]), 1), None, "junk from the proxy's slot is not believed");
        assert_eq!(forwarded_client(&HeaderMap::new(), 1), None);
    }
}
