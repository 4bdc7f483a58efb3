import Foundation

/// The one rule for writing a request down (the journal, the access log, the dashboard): a query
/// parameter whose name contains `key`, `secret`, `token`, `password`, `assertion`, `signature`
/// or `sig` in any case (`api-key`, `client_secret`, `refresh_token`, `sig`, ...), or is OAuth's
/// `code`, keeps its name and loses its value to `REDACTED`. Headers and bodies are never written down.
enum Redaction {
    static let marker = "REDACTED"
    static let nameParts = ["key", "secret", "token", "password", "assertion", "signature", "sig"]
    static let names: Set<String> = ["code"]

    /// Whether a parameter of this (decoded) name may carry a secret.
    static func isSecret(_ name: String) -> Bool {
        let lower = name.lowercased()
        return names.contains(lower) || nameParts.contains { lower.contains($0) }
    }

    /// `query` (as sent, still encoded) with the values of secret-looking parameters replaced.
    static func query(_ query: String?) -> String? {
        guard let query, !query.isEmpty else { return nil }
        return query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let decoded = name.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? name
            return parts.count == 2 && isSecret(decoded) ? "\(name)=\(marker)" : String(pair)
        }.joined(separator: "&")
    }

    /// A path with its query, redacted, for one line of a log or a page.
    static func target(path: String, query: String?) -> String {
        self.query(query).map { "\(path)?\($0)" } ?? path
    }
}
