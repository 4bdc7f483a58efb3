import CeruleanJSON
import Foundation

/// An ARM call as plain values (the server target translates HTTP to and from these).
public struct ARMRequest: Sendable {
    public var method: String
    /// The path as sent, still percent-encoded.
    public var path: String
    public var query: [(String, String)]
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data?
    /// Scheme, host and port that URLs handed out should start with (no trailing slash).
    public var baseURL: String
    /// Overrides the provisioning policy's outcome for the operation a PUT starts (fault injection).
    public var provisioningOutcome: ProvisioningPolicy.Outcome?
    /// Set for requests from the wire: a body must be declared `application/json` (415 otherwise,
    /// after authentication). The seed and deployments call the engine with JSON they made.
    public var fromClient = false

    public init(method: String, path: String, query: [(String, String)] = [], headers: [String: String] = [:],
                body: Data? = nil, baseURL: String) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
        self.baseURL = baseURL
    }

    /// A query parameter, matched case-insensitively.
    public func queryValue(_ name: String) -> String? {
        let lower = name.lowercased()
        return query.first(where: { $0.0.lowercased() == lower })?.1
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    public var apiVersion: String? { queryValue("api-version") }

    /// Path segments, percent-decoded.
    public var pathSegments: [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map {
            $0.contains("%") ? String($0).removingPercentEncoding ?? String($0) : String($0)
        }
    }
}

/// What the engine answers.
public struct ARMResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: JSON?

    public init(status: Int, headers: [(String, String)] = [], body: JSON? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(error: ARMError) {
        self.init(status: error.status, headers: error.headers,
                  body: error.envelope)
    }

    public func header(_ name: String) -> String? {
        headers.first(where: { $0.0.lowercased() == name.lowercased() })?.1
    }
}
