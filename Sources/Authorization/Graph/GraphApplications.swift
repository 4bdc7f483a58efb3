import ARM
import CeruleanJSON
import Crypto
import Foundation

/// Application registrations made through Graph (`POST /v1.0/applications`), documents in the
/// `applications` collection keyed by lower-cased object id. Password credentials are kept as
/// SHA-256 hashes; `secretText` is shown once, by `addPassword`.
public struct GraphApplications {
    public static let collection = "applications"

    public struct Password: Sendable {
        var keyID: String
        var displayName: String?
        var hint: String
        var hash: String
        var start: String
        var end: String
    }

    public struct Application: Sendable {
        public var id: String
        public var appID: String
        public var displayName: String
        var createdDateTime: String
        var passwords: [Password]
        /// What else the caller set (PATCH or POST members Cerulean does not interpret), echoed back.
        var extra: JSONObject
    }

    let session: ResourceSession

    public init(session: ResourceSession) {
        self.session = session
    }

    public func all() throws -> [Application] {
        try session.transaction.documents(Self.collection).compactMap { Self.decode($0.body) }
            .sorted { ($0.createdDateTime, $0.id) < ($1.createdDateTime, $1.id) }
    }

    public func get(_ id: String) throws -> Application? {
        try session.transaction.document(Self.collection, key: id.lowercased()).flatMap(Self.decode)
    }

    public func find(appID: String) throws -> Application? {
        try all().first { $0.appID.lowercased() == appID.lowercased() }
    }

    func save(_ app: Application) throws {
        let passwords: [JSON] = app.passwords.map { p in
            ["keyId": .string(p.keyID), "displayName": JSON(p.displayName), "hint": .string(p.hint), "hash": .string(p.hash),
             "startDateTime": .string(p.start), "endDateTime": .string(p.end)]
        }
        let body: JSON = ["id": .string(app.id), "appId": .string(app.appID), "displayName": .string(app.displayName),
                          "createdDateTime": .string(app.createdDateTime), "passwords": .array(passwords), "extra": .object(app.extra)]
        try session.transaction.saveDocument(Self.collection, key: app.id.lowercased(), body: body.serialized(), at: session.now)
    }

    func delete(_ id: String) throws {
        try session.transaction.deleteDocument(Self.collection, key: id.lowercased())
    }

    static func decode(_ data: Data) -> Application? {
        guard let o = try? JSONParser.parse(data).objectValue, let id = o["id"]?.stringValue, let appID = o["appId"]?.stringValue
        else { return nil }
        let passwords = (o["passwords"]?.arrayValue ?? []).compactMap { p -> Password? in
            guard let keyID = p["keyId"]?.stringValue, let hash = p["hash"]?.stringValue else { return nil }
            return Password(keyID: keyID, displayName: p["displayName"]?.stringValue, hint: p["hint"]?.stringValue ?? "",
                            hash: hash, start: p["startDateTime"]?.stringValue ?? "", end: p["endDateTime"]?.stringValue ?? "")
        }
        return Application(id: id, appID: appID, displayName: o["displayName"]?.stringValue ?? appID,
                           createdDateTime: o["createdDateTime"]?.stringValue ?? "", passwords: passwords,
                           extra: o["extra"]?.objectValue ?? [:])
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// How a client-credentials sign-in with `secret` fares against `appID`'s passwords.
    public enum SecretCheck: Equatable, Sendable {
        /// No application of that id: Cerulean's other clients, any secret goes.
        case notRegistered
        case valid
        case invalid
        case expired
    }

    public func check(appID: String, secret: String, now: Date) throws -> SecretCheck {
        guard let app = try find(appID: appID) else { return .notRegistered }
        let hashed = Self.hash(secret)
        guard let match = app.passwords.first(where: { $0.hash == hashed }) else { return .invalid }
        if let end = GraphTime.date(match.end), end <= now { return .expired }
        return .valid
    }
}
