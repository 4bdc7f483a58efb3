import CeruleanJSON
import Foundation
import Store

/// The AMLTokens an online endpoint's `token` action issued, kept apart from its body until they
/// expire (on the engine's clock); the data plane accepts any unexpired one.
public enum OnlineTokens {
    static let collection = "onlineEndpointTokens"
    /// How long a token is valid, and when clients should ask for a new one.
    static let lifetime: TimeInterval = 3_600
    static let refreshAfter: TimeInterval = 1_800
    /// Tokens kept per endpoint (the oldest unexpired ones go first).
    static let kept = 20

    public struct Token: Sendable, Equatable {
        public var value: String
        public var expires: Date
    }

    /// Issues a token valid for an hour from `now`.
    static func issue(endpointKey: String, now: Date, in tx: StoreTransaction) throws -> Token {
        var tokens = try load(endpointKey: endpointKey, from: tx).filter { $0.expires > now }
        let token = Token(value: "aml." + EndpointKeys.newKey() + EndpointKeys.newKey(), expires: now.addingTimeInterval(lifetime))
        tokens.append(token)
        let body: JSON = .array(tokens.suffix(kept).map { ["value": .string($0.value), "expires": .number($0.expires.timeIntervalSince1970)] })
        try tx.saveDocument(collection, key: endpointKey, body: body.serialized())
        return token
    }

    public static func load(endpointKey: String, from tx: StoreTransaction) throws -> [Token] {
        guard let data = try tx.document(collection, key: endpointKey) else { return [] }
        return decode(try JSONParser.parse(data))
    }

    /// Every endpoint's tokens, by endpoint key (for the data plane's look-up table).
    public static func all(from tx: StoreTransaction) throws -> [String: [Token]] {
        var result: [String: [Token]] = [:]
        for (key, body) in try tx.documents(collection) { result[key] = decode(try JSONParser.parse(body)) }
        return result
    }

    static func delete(endpointKey: String, from tx: StoreTransaction) throws {
        try tx.deleteDocument(collection, key: endpointKey)
    }

    private static func decode(_ json: JSON) -> [Token] {
        (json.arrayValue ?? []).compactMap { item in
            guard let value = item["value"]?.stringValue, let expires = item["expires"]?.numberValue else { return nil }
            return Token(value: value, expires: Date(timeIntervalSince1970: expires))
        }
    }
}
