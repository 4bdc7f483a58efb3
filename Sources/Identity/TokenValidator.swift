import CeruleanJSON
import Foundation

/// Strict checking of ARM bearer tokens: a token Cerulean signed, not expired, for ARM's audience.
public struct TokenValidator: Sendable {
    public enum Failure: Error, Equatable {
        case invalid
        case expired(expiry: Date, now: Date)
        case wrongAudience(String)
    }

    let signer: TokenSigner

    public init(signer: TokenSigner) {
        self.signer = signer
    }

    /// The token's claims, or why it is refused. `audiences` are compared ignoring a trailing slash.
    public func validate(_ token: String, audiences: [String], now: Date) throws -> JSONObject {
        let claims: JSONObject
        do { claims = try signer.verify(token) } catch { throw Failure.invalid }
        guard let exp = claims["exp"]?.numberValue else { throw Failure.invalid }
        let expiry = Date(timeIntervalSince1970: exp)
        guard expiry > now else { throw Failure.expired(expiry: expiry, now: now) }
        let audience = claims["aud"]?.stringValue ?? ""
        func trimmed(_ s: String) -> String { s.hasSuffix("/") ? String(s.dropLast()) : s }
        guard audiences.contains(where: { trimmed($0).lowercased() == trimmed(audience).lowercased() }) else {
            throw Failure.wrongAudience(audience)
        }
        return claims
    }
}
