import ARM
import CeruleanJSON
import Foundation

/// Every role definition: the built-in ones and the tenant's custom roles (documents in the
/// `roleDefinitions` collection, keyed by lower-cased GUID).
struct RoleCatalog: Sendable {
    static let collection = "roleDefinitions"
    let builtIn: BuiltInRoles

    func all(_ session: ResourceSession) throws -> [RoleDefinition] {
        builtIn.roles + (try custom(session))
    }

    func custom(_ session: ResourceSession) throws -> [RoleDefinition] {
        try session.transaction.documents(Self.collection).map { try Self.decode($0.body) }
    }

    func role(_ name: String, _ session: ResourceSession) throws -> RoleDefinition? {
        if let role = builtIn.role(name) { return role }
        return try session.transaction.document(Self.collection, key: name.lowercased()).map(Self.decode)
    }

    func save(_ role: RoleDefinition, _ session: ResourceSession) throws {
        try session.transaction.saveDocument(Self.collection, key: role.key, body: role.stored.serialized(), at: session.now)
        try AccessCache.bump(session)
    }

    func delete(_ role: RoleDefinition, _ session: ResourceSession) throws {
        try session.transaction.deleteDocument(Self.collection, key: role.key)
        try AccessCache.bump(session)
    }

    private static func decode(_ data: Data) throws -> RoleDefinition {
        guard let object = try JSONParser.parse(data).objectValue else {
            throw ARMError.internalError("A stored role definition is not an object.")
        }
        return try RoleDefinition(stored: object, kind: .custom)
    }
}
