import ARM
import CeruleanJSON
import Foundation

/// The principals Cerulean knows (documents in the `principals` collection, keyed by lower-cased
/// object id): what role assignments are checked against, what the Graph slice lists and what
/// the sign-in page reads. The identity plane puts every client it issues a token for here;
/// resources' system-assigned identities (`identity.principalId` of the `identityTypes`) are
/// principals too, found where the resources are.
public struct PrincipalDirectory {
    public static let collection = "principals"

    public struct Principal: Sendable, Equatable {
        public enum Kind: String, Sendable { case user = "User", servicePrincipal = "ServicePrincipal", group = "Group" }
        public var objectID: String
        public var kind: Kind
        public var displayName: String
        /// Users' sign-in name.
        public var userPrincipalName: String?
        /// Service principals' client id.
        public var appID: String?
        /// Service principals' `servicePrincipalType`: `Application` or `ManagedIdentity`.
        public var servicePrincipalType: String?

        public init(objectID: String, kind: Kind, displayName: String, userPrincipalName: String? = nil, appID: String? = nil,
                    servicePrincipalType: String? = nil) {
            self.objectID = objectID
            self.kind = kind
            self.displayName = displayName
            self.userPrincipalName = userPrincipalName
            self.appID = appID
            self.servicePrincipalType = servicePrincipalType ?? (kind == .servicePrincipal ? "Application" : nil)
        }
    }

    let session: ResourceSession
    /// Resource types whose `identity.principalId` names a managed identity (workspaces, accounts).
    let identityTypes: [String]

    public init(session: ResourceSession, identityTypes: [String] = []) {
        self.session = session
        self.identityTypes = identityTypes
    }

    public func find(_ objectID: String) throws -> Principal? {
        if let data = try session.transaction.document(Self.collection, key: objectID.lowercased()) { return Self.decode(data) }
        return try systemIdentity(objectID)
    }

    /// Every principal kept in the directory, ordered by display name then object id.
    public func all() throws -> [Principal] {
        try session.transaction.documents(Self.collection).compactMap { Self.decode($0.body) }
            .sorted { ($0.displayName.lowercased(), $0.objectID) < ($1.displayName.lowercased(), $1.objectID) }
    }

    public func save(_ principal: Principal) throws {
        let body: JSON = [
            "objectId": .string(principal.objectID), "kind": .string(principal.kind.rawValue),
            "displayName": .string(principal.displayName), "userPrincipalName": JSON(principal.userPrincipalName),
            "appId": JSON(principal.appID), "servicePrincipalType": JSON(principal.servicePrincipalType),
        ]
        try session.transaction.saveDocument(Self.collection, key: principal.objectID.lowercased(),
                                                         body: body.serialized(), at: session.now)
    }

    public func delete(_ objectID: String) throws {
        try session.transaction.deleteDocument(Self.collection, key: objectID.lowercased())
    }

    static func decode(_ data: Data) -> Principal? {
        guard let o = try? JSONParser.parse(data).objectValue, let id = o["objectId"]?.stringValue,
            let kind = o["kind"]?.stringValue.flatMap(Principal.Kind.init(rawValue:))
        else { return nil }
        return Principal(objectID: id, kind: kind, displayName: o["displayName"]?.stringValue ?? id,
                         userPrincipalName: o["userPrincipalName"]?.stringValue, appID: o["appId"]?.stringValue,
                         servicePrincipalType: o["servicePrincipalType"]?.stringValue)
    }

    /// A resource's system-assigned identity, named after the resource as Entra names it.
    private func systemIdentity(_ objectID: String) throws -> Principal? {
        let wanted = objectID.lowercased()
        for type in identityTypes {
            for resource in try session.all(type: type)
            where resource.body["identity"]?["principalId"]?.stringValue?.lowercased() == wanted {
                return Principal(objectID: objectID, kind: .servicePrincipal, displayName: resource.id.name,
                                 servicePrincipalType: "ManagedIdentity")
            }
        }
        return nil
    }
}
