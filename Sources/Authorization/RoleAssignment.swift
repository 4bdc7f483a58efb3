import ARM
import CeruleanJSON
import Foundation

/// One role assignment: a principal holds a role at a scope. Kept as a document keyed by its
/// lower-cased id (`RoleAssignments`); `scope` keeps the casing the client used.
struct RoleAssignment: Sendable, Equatable {
    static let resourceType = "Microsoft.Authorization/roleAssignments"

    var name: String
    var scope: String
    /// The role's id as assignments store it (subscription-prefixed below the tenant root).
    var roleDefinitionID: String
    var principalID: String
    var principalType: String
    var description: String?
    var condition: String?
    var conditionVersion: String?
    var delegatedManagedIdentityResourceID: String?
    var createdOn: String
    var updatedOn: String
    var createdBy: String?
    var updatedBy: String?

    var extensionScope: ExtensionScope { ExtensionScope(scope) ?? .root }
    var id: String { extensionScope.extensionID(namespace: AuthorizationProvider.namespace, type: "roleAssignments", name: name) }
    var key: String { id.lowercased() }
    /// The GUID at the end of `roleDefinitionID`.
    var roleName: String { roleDefinitionID.split(separator: "/").last.map(String.init) ?? "" }

    /// Whether another assignment grants the same role to the same principal at the same scope.
    func duplicates(_ other: RoleAssignment) -> Bool {
        extensionScope.key == other.extensionScope.key && principalID.lowercased() == other.principalID.lowercased()
            && roleName.lowercased() == other.roleName.lowercased()
    }

    var body: JSON {
        let properties: JSONObject = [
            "roleDefinitionId": .string(roleDefinitionID),
            "principalId": .string(principalID),
            "principalType": .string(principalType),
            "scope": .string(scope),
            "condition": JSON(condition),
            "conditionVersion": JSON(conditionVersion),
            "createdOn": .string(createdOn),
            "updatedOn": .string(updatedOn),
            "createdBy": JSON(createdBy),
            "updatedBy": JSON(updatedBy),
            "delegatedManagedIdentityResourceId": JSON(delegatedManagedIdentityResourceID),
            "description": JSON(description),
        ]
        return .object(["properties": .object(properties), "id": .string(id), "type": .string(Self.resourceType),
                        "name": .string(name)])
    }

    /// The stored form: the body's properties plus `name`.
    var stored: Data {
        var object = body["properties"]?.objectValue ?? JSONObject()
        object["name"] = .string(name)
        return JSON.object(object).serialized()
    }

    init(name: String, scope: String, roleDefinitionID: String, principalID: String, principalType: String,
         description: String?, condition: String?, conditionVersion: String?, delegatedManagedIdentityResourceID: String?,
         createdOn: String, updatedOn: String, createdBy: String?, updatedBy: String?) {
        self.name = name
        self.scope = scope
        self.roleDefinitionID = roleDefinitionID
        self.principalID = principalID
        self.principalType = principalType
        self.description = description
        self.condition = condition
        self.conditionVersion = conditionVersion
        self.delegatedManagedIdentityResourceID = delegatedManagedIdentityResourceID
        self.createdOn = createdOn
        self.updatedOn = updatedOn
        self.createdBy = createdBy
        self.updatedBy = updatedBy
    }

    init(stored data: Data) throws {
        guard let o = try JSONParser.parse(data).objectValue, let name = o["name"]?.stringValue,
            let scope = o["scope"]?.stringValue, let role = o["roleDefinitionId"]?.stringValue,
            let principal = o["principalId"]?.stringValue
        else { throw ARMError.internalError("A stored role assignment lacks its name, scope, role or principal.") }
        self.init(name: name, scope: scope, roleDefinitionID: role, principalID: principal,
                  principalType: o["principalType"]?.stringValue ?? "User", description: o["description"]?.stringValue,
                  condition: o["condition"]?.stringValue, conditionVersion: o["conditionVersion"]?.stringValue,
                  delegatedManagedIdentityResourceID: o["delegatedManagedIdentityResourceId"]?.stringValue,
                  createdOn: o["createdOn"]?.stringValue ?? "", updatedOn: o["updatedOn"]?.stringValue ?? "",
                  createdBy: o["createdBy"]?.stringValue, updatedBy: o["updatedBy"]?.stringValue)
    }
}

/// The `roleAssignments` documents.
struct RoleAssignments {
    static let collection = "roleAssignments"
    let session: ResourceSession

    func all() throws -> [RoleAssignment] {
        try session.transaction.documents(Self.collection).map { try RoleAssignment(stored: $0.body) }
    }

    func get(_ key: String) throws -> RoleAssignment? {
        try session.transaction.document(Self.collection, key: key).map(RoleAssignment.init(stored:))
    }

    func save(_ assignment: RoleAssignment) throws {
        try session.transaction.saveDocument(Self.collection, key: assignment.key, body: assignment.stored, at: session.now)
        try AccessCache.bump(session)
    }

    func delete(_ assignment: RoleAssignment) throws {
        try session.transaction.deleteDocument(Self.collection, key: assignment.key)
        try AccessCache.bump(session)
    }

    /// Assignments vanish with their scope (the engine's scope-removal hook).
    static let removeBelow: ScopeRemovalHook = { key, session in
        try session.transaction.deleteDocuments(collection, atOrBelow: key)
        try AccessCache.bump(session)
    }
}
