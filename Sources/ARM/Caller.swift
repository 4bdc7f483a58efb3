import CeruleanJSON
import Foundation

/// Who is calling, as far as a bearer token says. Claims are read without verification here;
/// token checking is the identity layer's job.
public struct Caller: Sendable, Equatable {
    public enum Kind: String, Sendable { case user = "User", application = "Application", managedIdentity = "ManagedIdentity" }

    public var name: String
    public var kind: Kind
    public var objectID: String?
    public var tenantID: String?

    public init(name: String, kind: Kind, objectID: String? = nil, tenantID: String? = nil) {
        self.name = name
        self.kind = kind
        self.objectID = objectID
        self.tenantID = tenantID
    }

    /// The caller recorded when the token is not a JWT (any bearer value is accepted).
    public static let anonymous = Caller(name: "cerulean-user@cerulean.local", kind: .user)

    /// Reads `upn`/`unique_name`/`email` (a user) or `appid`/`azp` (an application) from a JWT.
    public init(authorization: String?) {
        guard let authorization, let token = Caller.bearerToken(authorization),
            let claims = Caller.unverifiedClaims(of: token)
        else {
            self = .anonymous
            return
        }
        self.init(claims: claims)
    }

    /// The caller a token's claims name (see `init(authorization:)`).
    public init(claims: JSONObject) {
        let oid = claims["oid"]?.stringValue
        let tid = claims["tid"]?.stringValue
        if let user = claims["upn"]?.stringValue ?? claims["unique_name"]?.stringValue ?? claims["email"]?.stringValue
            ?? claims["preferred_username"]?.stringValue
        {
            self.init(name: user, kind: .user, objectID: oid, tenantID: tid)
        } else if let app = claims["appid"]?.stringValue ?? claims["azp"]?.stringValue {
            let isManaged = claims["idtyp"]?.stringValue == "app" && claims["xms_mirid"] != nil
            self.init(name: app, kind: isManaged ? .managedIdentity : .application, objectID: oid, tenantID: tid)
        } else if let oid {
            self.init(name: oid, kind: .application, objectID: oid, tenantID: tid)
        } else {
            self = .anonymous
        }
    }

    public static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// The JSON payload of a compact JWS, or `nil` when `token` is not one.
    public static func unverifiedClaims(of token: String) -> JSONObject? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(String(parts[1])),
            let json = try? JSONParser.parse(data)
        else { return nil }
        return json.objectValue
    }
}
