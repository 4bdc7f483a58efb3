import ARM
import CeruleanJSON
import Foundation

/// The principals Cerulean knows (documents in the `principals` collection, keyed by lower-cased
/// object id): what role assignments are checked against and, later, what the Graph slice and
/// the sign-in page read.
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

        public init(objectID: String, kind: Kind, displayName: String, userPrincipalName: String? = nil, appID: String? = nil) {
            self.objectID = objectID
            self.kind = kind
            self.displayName = displayName
            self.userPrincipalName = userPrincipalName
            self.appID = appID
        }
    }

    let session: ResourceSession

    public init(session: ResourceSession) {
        self.session = session
    }

    public func find(_ objectID: String) throws -> Principal? {
        guard let data = try session.transaction.document(Self.collection, key: objectID.lowercased()),
            let o = try JSONParser.parse(data).objectValue, let id = o["objectId"]?.stringValue,
            let kind = o["kind"]?.stringValue.flatMap(Principal.Kind.init(rawValue:))
        else { return nil }
        return Principal(objectID: id, kind: kind, displayName: o["displayName"]?.stringValue ?? id,
                         userPrincipalName: o["userPrincipalName"]?.stringValue, appID: o["appId"]?.stringValue)
    }

    public func save(_ principal: Principal) throws {
        let body: JSON = [
            "objectId": .string(principal.objectID), "kind": .string(principal.kind.rawValue),
            "displayName": .string(principal.displayName), "userPrincipalName": JSON(principal.userPrincipalName),
            "appId": JSON(principal.appID),
        ]
        try session.transaction.saveDocument(Self.collection, key: principal.objectID.lowercased(),
                                                         body: body.serialized(), at: session.now)
    }
}
