import Foundation

/// The one rule for writing a request down (the journal, the access log, the dashboard): a query
/// parameter whose name contains `key`, `secret`, `token`, `password`, `assertion`, `signature`
/// or `sig` in any case (`api-key`, `client_secret`, `refresh_token`, `sig`, ...), or is OAuth's
/// `code`, keeps its name and loses its value to `REDACTED`. Headers and bodies are never written down.
///
/// Every request is written down, so plain ASCII names are judged by bytes; names that are
/// percent-encoded, contain `+` or are not ASCII take the exact (decoding, Unicode) path.
enum Redaction {
    static let marker = "REDACTED"
    static let nameParts = ["key", "secret", "token", "password", "assertion", "signature", "sig"]
    static let names: Set<String> = ["code"]
    private static let namePartBytes = nameParts.map { Array($0.utf8) }

    /// Whether a parameter of this (decoded) name may carry a secret.
    static func isSecret(_ name: String) -> Bool {
        if let secret = name.utf8.withContiguousStorageIfAvailable({ isSecretASCII($0[...]) }), let secret {
            return secret
        }
        let lower = name.lowercased()
        return names.contains(lower) || nameParts.contains { lower.contains($0) }
    }

    /// `isSecret` for a name of plain ASCII bytes; `nil` when the name needs the exact path.
    private static func isSecretASCII(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool? {
        var lower = [UInt8]()
        lower.reserveCapacity(name.count)
        for byte in name {
            guard byte < 0x80, byte != UInt8(ascii: "%"), byte != UInt8(ascii: "+") else { return nil }
            lower.append(ASCII.lower(byte))
        }
        if lower.elementsEqual("code".utf8) { return true }
        return namePartBytes.contains { part in
            lower.count >= part.count && (0...(lower.count - part.count)).contains { lower[$0..<($0 + part.count)].elementsEqual(part) }
        }
    }

    /// `query` (as sent, still encoded) with the values of secret-looking parameters replaced.
    static func query(_ query: String?) -> String? {
        guard let query, !query.isEmpty else { return nil }
        if let plain = query.utf8.withContiguousStorageIfAvailable({ hasNoSecretASCII($0) }), plain == true {
            return query
        }
        return query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let decoded = name.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? name
            return parts.count == 2 && isSecret(decoded) ? "\(name)=\(marker)" : String(pair)
        }.joined(separator: "&")
    }

    /// Whether every parameter with a value has a plain ASCII name that is not secret-looking, so
    /// the query is written down as sent.
    private static func hasNoSecretASCII(_ query: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        while start <= query.count {
            let end = query[start...].firstIndex(of: UInt8(ascii: "&")) ?? query.count
            let pair = query[start..<end]
            if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
                guard isSecretASCII(query[start..<equals]) == false else { return false }
            }
            start = end + 1
        }
        return true
    }

    /// A path with its query, redacted, for one line of a log or a page.
    static func target(path: String, query: String?) -> String {
        self.query(query).map { "\(path)?\($0)" } ?? path
    }
}
