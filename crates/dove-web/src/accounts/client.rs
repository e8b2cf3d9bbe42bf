use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// The client's address: the key for per-address rate limits and the
/// `origin` the audit trail records. Every handler takes it from here.
///
/// It is the TCP peer, unless the peer is one of the configured trusted
/// proxies (`--trusted-proxies`); then it is read from `X-Forwarded-For`.
/// Anyone can send that header, so it is believed only from a trusted peer.
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let ip = match parts.extensions.get::<ConnectInfo<SocketAddr>>() {
            Some(c) => client_address(c.0.ip(), &parts.headers, &state.config.trusted_proxies).to_string(),
            None => "unknown".to_string(),
        };
        Ok(ClientIp(ip))
    }
}

/// The rightmost hop of `X-Forwarded-For` that is not a trusted proxy.
///
/// Each proxy appends the address it was reached from, so reading from the
/// right, every address is vouched for by the trusted proxy after it, up to
/// the first untrusted one: that is the client. Whatever stands left of it
/// was written by the client and could be anything. A hop that does not
/// parse ends the walk at the last address vouched for.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer.to_canonical();
    if !is_trusted(&client) {
        return client;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        let Some(ip) = parse_hop(hop) else { break };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

/// `203.0.113.7`, `2001:db8::1`, and the forms with a port some proxies
/// write: `203.0.113.7:4711`, `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    hop.parse::<SocketAddr>().ok().map(|s| s.ip().to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_says() {
        let peer: IpAddr = "198.51.100.9".parse().unwrap();
        let h = with_xff(&["203.0.113.7"]);
        assert_eq!(client_address(peer, &h, &nets(&["10.0.0.0/8"])), peer);
        assert_eq!(client_address(peer, &h, &[]), peer);
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_hop_is_the_client() {
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        let trusted = nets(&["10.0.0.0/8", "192.0.2.0/24"]);
        // The client forged the first entry; two proxies appended theirs.
        let h = with_xff(&["1.1.1.1, 203.0.113.7", "192.0.2.10"]);
        assert_eq!(client_address(peer, &h, &trusted).to_string(), "203.0.113.7");
        // Ports and brackets as some proxies write them.
        let h = with_xff(&["[2001:db8::1]:4711"]);
        assert_eq!(client_address(peer, &h, &trusted).to_string(), "2001:db8::1");
        let h = with_xff(&["203.0.113.7:4711"]);
        assert_eq!(client_address(peer, &h, &trusted).to_string(), "203.0.113.7");
        // Garbage stops the walk at the last vouched-for address.
        let h = with_xff(&["nonsense, 192.0.2.10"]);
        assert_eq!(client_address(peer, &h, &trusted).to_string(), "192.0.2.10");
        // No header: the proxy itself.
        assert_eq!(client_address(peer, &HeaderMap::new(), &trusted), peer);
    }

    #[test]
    fn ipv4_mapped_peers_match_ipv4_networks() {
        let peer: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        let h = with_xff(&["203.0.113.7"]);
        assert_eq!(client_address(peer, &h, &nets(&["127.0.0.0/8"])).to_string(), "203.0.113.7");
    }
}
