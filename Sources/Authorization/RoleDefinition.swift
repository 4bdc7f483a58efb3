import ARM
import CeruleanJSON
import Foundation

/// One role definition, built-in (from `Fixtures/built-in-roles.json`) or custom (a document).
/// Its id is not stored: it depends on the scope it is read at (`id(at:)`).
public struct RoleDefinition: Sendable, Equatable {
    public static let resourceType = "Microsoft.Authorization/roleDefinitions"

    public enum Kind: String, Sendable { case builtIn = "BuiltInRole", custom = "CustomRole" }

    /// The GUID (`name`).
    public var name: String
    public var roleName: String
    public var kind: Kind
    public var description: String?
    public var assignableScopes: [String]
    public var permissions: [Permission]
    public var createdOn: String?
    public var updatedOn: String?
    public var createdBy: String?
    public var updatedBy: String?

    public var key: String { name.lowercased() }

    /// The id a client sees at `scope`: subscription-prefixed below the tenant root (az compares
    /// it verbatim with assignments' `roleDefinitionId`), the tenant form at the root.
    public func id(at scope: ExtensionScope) -> String {
        Self.id(name, subscription: scope.id?.subscriptionID)
    }

    public static func id(_ name: String, subscription: String?) -> String {
        (subscription.map { "/subscriptions/\($0)" } ?? "") + "/providers/\(resourceType)/\(name)"
    }

    /// Whether it may be assigned (and is listed) at `scope`: built-in roles everywhere, custom
    /// roles at or below one of their assignable scopes.
    public func isAssignable(at scope: ExtensionScope) -> Bool {
        assignableScopes.contains { ExtensionScope($0).map(scope.isWithin) ?? false }
    }

    /// The wire shape at `scope` (2022-05-01-preview members; older versions ignore the extra ones).
    public func body(at scope: ExtensionScope) -> JSON {
        let properties: JSONObject = [
            "roleName": .string(roleName),
            "type": .string(kind.rawValue),
            "description": JSON(description),
            "assignableScopes": .array(assignableScopes.map(JSON.string)),
            "permissions": .array(permissions.map(\.json)),
            "createdOn": JSON(createdOn),
            "updatedOn": JSON(updatedOn),
            "createdBy": JSON(createdBy),
            "updatedBy": JSON(updatedBy),
        ]
        return .object(["properties": .object(properties), "id": .string(id(at: scope)),
                        "type": .string(Self.resourceType), "name": .string(name)])
    }

    /// The form kept in the store and the fixture: the body's properties plus `name`.
    public var stored: JSON {
        var object = body(at: .root)["properties"]?.objectValue ?? JSONObject()
        object["name"] = .string(name)
        return .object(object)
    }

    /// Reads the stored (or fixture) form.
    public init(stored object: JSONObject, kind fallback: Kind) throws {
        guard let name = object["name"]?.stringValue, let roleName = object["roleName"]?.stringValue else {
            throw ARMError.internalError("A stored role definition lacks its name or roleName.")
        }
        self.name = name
        self.roleName = roleName
        kind = object["type"]?.stringValue.flatMap(Kind.init(rawValue:)) ?? fallback
        description = object["description"]?.stringValue
        assignableScopes = object["assignableScopes"]?.arrayValue?.compactMap(\.stringValue) ?? ["/"]
        permissions = try (object["permissions"]?.arrayValue ?? []).enumerated().map { index, value in
            try Permission(value, path: "properties.permissions[\(index)]")
        }
        createdOn = object["createdOn"]?.stringValue
        updatedOn = object["updatedOn"]?.stringValue
        createdBy = object["createdBy"]?.stringValue
        updatedBy = object["updatedBy"]?.stringValue
    }

    public init(name: String, roleName: String, kind: Kind, description: String?, assignableScopes: [String],
                permissions: [Permission]) {
        self.name = name
        self.roleName = roleName
        self.kind = kind
        self.description = description
        self.assignableScopes = assignableScopes
        self.permissions = permissions
    }
}

/// One entry of a role's `permissions`.
public struct Permission: Sendable, Equatable {
    public var actions: [String]
    public var notActions: [String]
    public var dataActions: [String]
    public var notDataActions: [String]
    public var condition: String?
    public var conditionVersion: String?

    /// Reads a permission object; every list is an array of strings (`path` names it in errors).
    public init(_ value: JSON, path: String) throws {
        guard let object = value.objectValue else { throw BodyReader.wrongType(path, expected: "object", found: value) }
        func list(_ key: String) throws -> [String] {
            guard let member = object[key], !member.isNull else { return [] }
            guard let items = member.arrayValue else { throw BodyReader.wrongType("\(path).\(key)", expected: "array", found: member) }
            return try items.enumerated().map { index, item in
                guard let s = item.stringValue else { throw BodyReader.wrongType("\(path).\(key)[\(index)]", expected: "string", found: item) }
                return s
            }
        }
        actions = try list("actions")
        notActions = try list("notActions")
        dataActions = try list("dataActions")
        notDataActions = try list("notDataActions")
        condition = try BodyReader.optionalString(object, "condition", path: "\(path).condition")
        conditionVersion = try BodyReader.optionalString(object, "conditionVersion", path: "\(path).conditionVersion")
    }

    var json: JSON {
        var object: JSONObject = [
            "actions": .array(actions.map(JSON.string)), "notActions": .array(notActions.map(JSON.string)),
            "dataActions": .array(dataActions.map(JSON.string)), "notDataActions": .array(notDataActions.map(JSON.string)),
        ]
        if let condition { object["condition"] = .string(condition) }
        if let conditionVersion { object["conditionVersion"] = .string(conditionVersion) }
        return .object(object)
    }
}
