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

    /// The path's segments, percent-decoded (decoding only the segments that need it: it is a
    /// Foundation round trip per segment, which showed on the data plane's hot path; the check is
    /// on bytes too, as `Substring.contains(String)` is Foundation's search).
    public var segments: [String] {
        path.split(separator: "/").map { $0.utf8.contains(UInt8(ascii: "%")) ? String($0).removingPercentEncoding ?? String($0) : String($0) }
    }

    /// Splits a raw query string into decoded pairs (`+` is a space, as form encoding has it).
    /// Scans bytes, not Characters: this runs for every request.
    static func parseQuery(_ raw: String?) -> [(String, String)] {
        guard let raw, !raw.isEmpty else { return [] }
        func decode(_ bytes: Substring.UTF8View) -> String {
            let text = String(Substring(bytes))
            guard bytes.contains(UInt8(ascii: "%")) || bytes.contains(UInt8(ascii: "+")) else { return text }
            let spaced = text.replacingOccurrences(of: "+", with: " ")
            return spaced.removingPercentEncoding ?? spaced
        }
        return raw.utf8.split(separator: UInt8(ascii: "&")).map { item in
            guard let equals = item.firstIndex(of: UInt8(ascii: "=")) else { return (decode(item), "") }
            return (decode(item[..<equals]), decode(item[item.index(after: equals)...]))
        }
    }
}
