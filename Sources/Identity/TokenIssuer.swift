import CeruleanJSON
import Foundation

/// Issues access tokens for the emulated tenant: RS256 JWTs with `aud` = the requested
/// resource, `iss`, `tid`, `oid`, `appid`, `iat`/`nbf`/`exp`.
public struct TokenIssuer: Sendable {
    public let signer: TokenSigner
    public let tenantID: String
    public let lifetime: TimeInterval
    /// The emulated tenant's domain names (also in `GET /tenants`), accepted where a tenant id is.
    public static let tenantDomains = ["cerulean.local"]

    public init(signer: TokenSigner, tenantID: String, lifetime: TimeInterval = 3600) {
        self.signer = signer
        self.tenantID = tenantID
        self.lifetime = lifetime
    }

    public struct Token: Sendable {
        public let value: String
        public let audience: String
        public let expiresOn: Date
        public let lifetime: Int
    }

    /// A scope like `https://management.azure.com/.default` names the resource `https://management.azure.com/`.
    public static func resource(fromScope scope: String) -> String {
        let first = scope.split(separator: " ").first.map(String.init) ?? scope
        guard first.hasSuffix("/.default") else { return first }
        var resource = String(first.dropLast(".default".count))
        // `https://host//.default` (a resource id that already ends in `/`, as az builds it) is `https://host/`.
        while resource.hasSuffix("//") { resource.removeLast() }
        return resource
    }

    /// A token for `clientID` (the application, or the managed identity) to call `resource`.
    public func issue(resource: String, clientID: String, issuerBase: String, now: Date, user: String? = nil) throws -> Token {
        let expires = now.addingTimeInterval(lifetime)
        let objectID = Self.stableGUID(clientID)
        var claims: JSONObject = [
            "aud": .string(resource),
            "iss": .string("\(issuerBase)/\(tenantID)/v2.0"),
            "iat": JSON(Int(now.timeIntervalSince1970)),
            "nbf": JSON(Int(now.timeIntervalSince1970)),
            "exp": JSON(Int(expires.timeIntervalSince1970)),
            "tid": .string(tenantID),
            "oid": .string(objectID),
            "sub": .string(objectID),
            "appid": .string(clientID),
            "azp": .string(clientID),
            "idtyp": "app",
            "ver": "2.0",
        ]
        if let user { claims["upn"] = .string(user) }
        return Token(value: try signer.sign(claims), audience: resource, expiresOn: expires, lifetime: Int(lifetime))
    }

    /// The object id (`oid`) of the tokens issued for `clientID`: the principal role assignments name.
    public static func objectID(forClient clientID: String) -> String { stableGUID(clientID) }

    /// A GUID that always comes out the same for the same text (object ids of clients).
    static func stableGUID(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var hash2: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            hash2 = (hash2 ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let hex = String(format: "%016llx%016llx", hash, hash2)
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-4\(String(c[13..<16]))-8\(String(c[17..<20]))-\(String(c[20..<32]))"
    }
}
