import CeruleanJSON
import Foundation

/// Strict checking of ARM bearer tokens: a token Cerulean signed with the key its JWKS lists (by
/// `kid`), already valid (`nbf`) and not expired (`exp`), for ARM's audience (`aud`, a string or
/// an array of strings, as JWT allows: one match is enough).
public struct TokenValidator: Sendable {
    public enum Failure: Error, Equatable {
        case invalid
        case notYetValid(notBefore: Date, now: Date)
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
        try check(claims, audiences: audiences, now: now)
        return claims
    }

    /// `validate`'s time and audience checks, for claims whose signature was verified before.
    public func check(_ claims: JSONObject, audiences: [String], now: Date) throws {
        guard let exp = claims["exp"]?.numberValue else { throw Failure.invalid }
        if let nbf = claims["nbf"] {
            guard let seconds = nbf.numberValue else { throw Failure.invalid }
            let notBefore = Date(timeIntervalSince1970: seconds)
            guard notBefore <= now else { throw Failure.notYetValid(notBefore: notBefore, now: now) }
        }
        let expiry = Date(timeIntervalSince1970: exp)
        guard expiry > now else { throw Failure.expired(expiry: expiry, now: now) }
        let given: [String]
        switch claims["aud"] {
        case .string(let one): given = [one]
        case .array(let many): given = many.compactMap(\.stringValue)
        default: given = []
        }
        func trimmed(_ s: String) -> String { (s.hasSuffix("/") ? String(s.dropLast()) : s).lowercased() }
        let allowed = Set(audiences.map(trimmed))
        guard given.contains(where: { allowed.contains(trimmed($0)) }) else {
            throw Failure.wrongAudience(given.joined(separator: ", "))
        }
    }
}
