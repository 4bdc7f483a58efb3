import ARM
import CeruleanJSON
import Foundation

/// The Microsoft Graph v1.0 slice az and the sign-in page use, over the `PrincipalDirectory`
/// and `GraphApplications` (reference §4): users and service principals listed (with `$filter`,
/// `$top` and `@odata.nextLink`) and shown, `directoryObjects/getByIds`, application
/// registrations with `addPassword`/`removePassword`, and service principals made for them.
/// A service principal's object id is the `oid` tokens for its client id carry.
public struct GraphDirectory {
    public struct Request: Sendable {
        public var method: String
        /// The path's segments after `v1.0`.
        public var segments: [String]
        public var query: [String: String]
        public var body: Data
        /// Cerulean's URL (no trailing slash), for `@odata.context` and `@odata.nextLink`.
        public var baseURL: String

        public init(method: String, segments: [String], query: [String: String], body: Data, baseURL: String) {
            self.method = method
            self.segments = segments
            self.query = query
            self.body = body
            self.baseURL = baseURL
        }
    }

    public struct Answer: Sendable {
        public var status: Int
        public var body: JSON?
    }

    static let pageSize = 100
    let session: ResourceSession
    let tenantID: String
    let identityTypes: [String]
    /// The object id tokens for a client id carry (`TokenIssuer.objectID(forClient:)`).
    let objectID: @Sendable (String) -> String

    public init(session: ResourceSession, tenantID: String, identityTypes: [String], objectID: @escaping @Sendable (String) -> String) {
        self.session = session
        self.tenantID = tenantID
        self.identityTypes = identityTypes
        self.objectID = objectID
    }

    var principals: PrincipalDirectory { PrincipalDirectory(session: session, identityTypes: identityTypes) }
    var applications: GraphApplications { GraphApplications(session: session) }

    /// Whether the request changes the directory (the caller runs it in a write transaction).
    public static func writes(_ method: String) -> Bool { method != "GET" && method != "HEAD" }

    public func handle(_ r: Request) throws -> Answer {
        let s = r.segments
        let collection = s.first ?? ""
        let id = s.count > 1 ? s[1] : ""
        let action = s.count == 3 ? s[2] : s.count > 3 ? "/" : ""
        switch (r.method, collection, s.count == 1 ? "" : "{id}", action) {
        case ("GET", "users", "", ""):
            return try list(r, "users", principals.all().filter { $0.kind == .user }.map(GraphObjects.user), resource: "User")
        case ("GET", "users", "{id}", ""):
            guard let user = try principals.all().first(where: { $0.kind == .user
                && ($0.objectID.lowercased() == id.lowercased() || $0.userPrincipalName?.lowercased() == id.lowercased()) })
            else { throw GraphError.notFound(id) }
            return Answer(status: 200, body: .object(context(r, "users/$entity", GraphObjects.user(user))))
        case ("GET", "servicePrincipals", "", ""):
            return try list(r, "servicePrincipals", servicePrincipals().map { GraphObjects.servicePrincipal($0, tenantID: tenantID) },
                            resource: "ServicePrincipal")
        case ("GET", "servicePrincipals", "{id}", ""):
            guard let sp = try servicePrincipal(id) else { throw GraphError.notFound(id) }
            return Answer(status: 200, body: .object(context(r, "servicePrincipals/$entity", GraphObjects.servicePrincipal(sp, tenantID: tenantID))))
        case ("POST", "servicePrincipals", "", ""):
            return try createServicePrincipal(r)
        case ("DELETE", "servicePrincipals", "{id}", ""):
            guard let sp = try servicePrincipal(id), sp.servicePrincipalType != "ManagedIdentity" else { throw GraphError.notFound(id) }
            try principals.delete(sp.objectID)
            return Answer(status: 204, body: nil)
        case ("POST", "directoryObjects", "{id}", "") where id == "getByIds":
            return try getByIds(r)
        case ("GET", "applications", "", ""):
            return try list(r, "applications", applications.all().map(GraphObjects.application), resource: "Application")
        case ("POST", "applications", "", ""):
            return try createApplication(r)
        case ("GET", "applications", "{id}", ""):
            let app = try application(id)
            return Answer(status: 200, body: .object(context(r, "applications/$entity", GraphObjects.application(app))))
        case ("PATCH", "applications", "{id}", ""):
            var app = try application(id)
            let body = try object(r.body)
            if let name = body["displayName"] {
                guard let text = name.stringValue, !text.isEmpty else { throw GraphError.badRequest("Invalid value specified for property 'displayName' of resource 'Application'.") }
                app.displayName = text
            }
            for (key, value) in body where !["displayName", "id", "appId", "passwordCredentials"].contains(key) { app.extra[key] = value }
            try applications.save(app)
            return Answer(status: 204, body: nil)
        case ("DELETE", "applications", "{id}", ""):
            let app = try application(id)
            try applications.delete(app.id)
            // Deleting an application deletes its service principal, as in Entra.
            try principals.delete(objectID(app.appID))
            return Answer(status: 204, body: nil)
        case ("POST", "applications", "{id}", "addPassword"):
            return try addPassword(r, id)
        case ("POST", "applications", "{id}", "removePassword"):
            var app = try application(id)
            let body = try object(r.body)
            guard let keyID = body["keyId"]?.stringValue else { throw GraphError.badRequest("The keyId of the password credential is required.") }
            guard app.passwords.contains(where: { $0.keyID.lowercased() == keyID.lowercased() }) else {
                throw GraphError(status: 404, code: "Request_ResourceNotFound", message: "No password credential with keyId '\(keyID)' was found.")
            }
            app.passwords.removeAll { $0.keyID.lowercased() == keyID.lowercased() }
            try applications.save(app)
            return Answer(status: 204, body: nil)
        default:
            throw GraphError.noRoute(r.method, r.segments.joined(separator: "/"))
        }
    }

    // MARK: - Lists

    /// One page of `items` passing the filter: `$top` (1-999, default 100) per page, `$skiptoken` the offset.
    private func list(_ r: Request, _ collection: String, _ items: [JSONObject], resource: String) throws -> Answer {
        let filter = try GraphFilter(r.query["$filter"], resource: resource)
        let kept = items.filter { item in
            filter.matches { property in
                let key = item.keys.first { $0.lowercased() == property } ?? property
                switch item[key] {
                case .string(let s): return [s]
                case .array(let a): return a.compactMap(\.stringValue)
                default: return []
                }
            }
        }
        var top = Self.pageSize
        if let text = r.query["$top"] {
            guard let n = Int(text), (1...999).contains(n) else {
                throw GraphError.badRequest("Invalid page size specified: '\(text)'. Must be between 1 and 999 inclusive.")
            }
            top = n
        }
        let start = r.query["$skiptoken"].flatMap(Int.init) ?? 0
        guard start >= 0, start <= kept.count else { throw GraphError.badRequest("The skip token '\(r.query["$skiptoken"] ?? "")' is not valid.") }
        let end = min(start + top, kept.count)
        var page: JSONObject = ["@odata.context": .string("\(r.baseURL)/v1.0/$metadata#\(collection)")]
        if end < kept.count {
            var parts = ["$top=\(top)", "$skiptoken=\(end)"]
            if let f = r.query["$filter"] { parts.append("$filter=" + (f.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? f)) }
            page["@odata.nextLink"] = .string("\(r.baseURL)/v1.0/\(collection)?" + parts.joined(separator: "&"))
        }
        page["value"] = .array(kept[start..<end].map(JSON.object))
        return Answer(status: 200, body: .object(page))
    }

    private func context(_ r: Request, _ entity: String, _ object: JSONObject) -> JSONObject {
        var o: JSONObject = ["@odata.context": .string("\(r.baseURL)/v1.0/$metadata#\(entity)")]
        for (key, value) in object { o[key] = value }
        return o
    }

    // MARK: - Service principals

    /// The directory's service principals and the resources' system-assigned identities.
    private func servicePrincipals() throws -> [PrincipalDirectory.Principal] {
        var kept = try principals.all().filter { $0.kind == .servicePrincipal }
        let known = Set(kept.map { $0.objectID.lowercased() })
        for type in identityTypes {
            for resource in try session.all(type: type) {
                guard let id = resource.body["identity"]?["principalId"]?.stringValue, !known.contains(id.lowercased()) else { continue }
                kept.append(.init(objectID: id, kind: .servicePrincipal, displayName: resource.id.name, appID: id,
                                  servicePrincipalType: "ManagedIdentity"))
            }
        }
        return kept
    }

    private func servicePrincipal(_ id: String) throws -> PrincipalDirectory.Principal? {
        guard let found = try principals.find(id), found.kind == .servicePrincipal else { return nil }
        return found
    }

    private func createServicePrincipal(_ r: Request) throws -> Answer {
        let body = try object(r.body)
        guard let appID = body["appId"]?.stringValue, !appID.isEmpty else {
            throw GraphError.badRequest("The appId property is required to create a service principal.")
        }
        guard let app = try applications.find(appID: appID) else {
            throw GraphError.badRequest("The appId '\(appID)' of the service principal does not reference a valid application object.")
        }
        let id = objectID(app.appID)
        if let existing = try principals.find(id), existing.kind == .servicePrincipal, existing.displayName == app.displayName {
            throw GraphError(status: 409, code: "Request_MultipleObjectsWithSameKeyValue",
                             message: "The service principal cannot be created, updated, or restored because the service principal name \(app.appID) is already in use.")
        }
        let sp = PrincipalDirectory.Principal(objectID: id, kind: .servicePrincipal, displayName: app.displayName, appID: app.appID)
        try principals.save(sp)
        return Answer(status: 201, body: .object(context(r, "servicePrincipals/$entity", GraphObjects.servicePrincipal(sp, tenantID: tenantID))))
    }

    // MARK: - Directory objects

    private func getByIds(_ r: Request) throws -> Answer {
        let body = try object(r.body)
        guard let ids = body["ids"]?.arrayValue, ids.allSatisfy({ $0.stringValue != nil }) else {
            throw GraphError.badRequest("The ids property is required and must be an array of strings.")
        }
        let types = Set((body["types"]?.arrayValue ?? []).compactMap { $0.stringValue?.lowercased() })
        var found: [JSON] = []
        for id in ids.compactMap(\.stringValue) {
            guard let p = try principals.find(id) else { continue }
            switch p.kind {
            case .user where types.isEmpty || types.contains("user"):
                found.append(.object(GraphObjects.typed(GraphObjects.user(p), "user")))
            case .servicePrincipal where types.isEmpty || types.contains("serviceprincipal"):
                found.append(.object(GraphObjects.typed(GraphObjects.servicePrincipal(p, tenantID: tenantID), "servicePrincipal")))
            case .group where types.isEmpty || types.contains("group"):
                found.append(.object(["@odata.type": "#microsoft.graph.group", "id": .string(p.objectID), "displayName": .string(p.displayName)]))
            default: continue
            }
        }
        return Answer(status: 200, body: ["@odata.context": .string("\(r.baseURL)/v1.0/$metadata#directoryObjects"), "value": .array(found)])
    }

    // MARK: - Applications

    private func application(_ id: String) throws -> GraphApplications.Application {
        guard let app = try applications.get(id) else { throw GraphError.notFound(id) }
        return app
    }

    private func createApplication(_ r: Request) throws -> Answer {
        let body = try object(r.body)
        guard let name = body["displayName"]?.stringValue, !name.isEmpty else {
            throw GraphError.badRequest("Property 'displayName' is required and may not be empty.")
        }
        var extra: JSONObject = [:]
        for (key, value) in body where !["displayName", "id", "appId", "passwordCredentials", "keyCredentials"].contains(key) { extra[key] = value }
        let app = GraphApplications.Application(
            id: UUID().uuidString.lowercased(), appID: UUID().uuidString.lowercased(), displayName: name,
            createdDateTime: GraphTime.string(session.now), passwords: [], extra: extra)
        try applications.save(app)
        return Answer(status: 201, body: .object(context(r, "applications/$entity", GraphObjects.application(app))))
    }

    private func addPassword(_ r: Request, _ id: String) throws -> Answer {
        var app = try application(id)
        let body = r.body.isEmpty ? [:] : try object(r.body)
        let credential = body["passwordCredential"]?.objectValue ?? [:]
        let start = credential["startDateTime"]?.stringValue ?? GraphTime.string(session.now)
        let end = credential["endDateTime"]?.stringValue ?? GraphTime.string(session.now.addingTimeInterval(2 * 365 * 86400))
        guard GraphTime.date(start) != nil, GraphTime.date(end) != nil else {
            throw GraphError.badRequest("Invalid value specified for property 'startDateTime' or 'endDateTime' of resource 'PasswordCredential'.")
        }
        let secret = Self.newSecret()
        let password = GraphApplications.Password(
            keyID: UUID().uuidString.lowercased(), displayName: credential["displayName"]?.stringValue, hint: String(secret.prefix(3)),
            hash: GraphApplications.hash(secret), start: start, end: end)
        app.passwords.append(password)
        try applications.save(app)
        var answer = GraphObjects.password(password, secret: secret)
        answer["@odata.context"] = .string("\(r.baseURL)/v1.0/$metadata#microsoft.graph.passwordCredential")
        return Answer(status: 200, body: .object(answer))
    }

    /// A client secret in Entra's form: 40 characters of letters, digits, `~`, `.`, `_` and `-`.
    static func newSecret() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789~._-")
        var generator = SystemRandomNumberGenerator()
        return String((0..<40).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    private func object(_ data: Data) throws -> JSONObject {
        guard let parsed = try? JSONParser.parse(data), let o = parsed.objectValue else {
            throw GraphError.badRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.")
        }
        return o
    }
}
