import Foundation

/// One HTTP request as the planes see it: body already collected, headers lower-cased.
public struct Exchange: Sendable {
    public let method: String
    /// The path as sent, still percent-encoded, without the query.
    public let path: String
    public let query: [(String, String)]
    public let headers: [String: String]
    public let body: Data
    /// Scheme, host and port for URLs the server hands out (no trailing slash).
    public let baseURL: String
    /// The Host header without the port, lower-cased.
    public let host: String?
    public let requestID: String
    /// A fault the plane applies itself (today only an ARM provisioning failure); set by the responder.
    var planeFault: FaultEffect? = nil

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// Splits a raw query string into decoded pairs (`+` is a space, as form encoding has it).
    static func parseQuery(_ raw: String?) -> [(String, String)] {
        guard let raw, !raw.isEmpty else { return [] }
        return raw.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                guard s.contains("%") || s.contains("+") else { return String(s) }
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
