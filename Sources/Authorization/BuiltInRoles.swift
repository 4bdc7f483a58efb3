import BundledFixtures
import CeruleanJSON
import Foundation

/// Azure's built-in role definitions, read from `Fixtures/built-in-roles.json` (real GUIDs and
/// permission lists; see docs/access-control.md for their sources).
public struct BuiltInRoles: Sendable {
    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
    }

    public let roles: [RoleDefinition]
    private let byKey: [String: RoleDefinition]

    public init(_ data: Data) throws {
        guard let entries = try JSONParser.parse(data)["roles"]?.arrayValue else {
            throw BuiltInRoles.Malformed(description: "built-in-roles.json has no 'roles' array.")
        }
        roles = try entries.map { entry in
            guard let object = entry.objectValue else { throw BuiltInRoles.Malformed(description: "A built-in role in built-in-roles.json is not an object.") }
            return try RoleDefinition(stored: object, kind: .builtIn)
        }
        byKey = Dictionary(roles.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The bundled file.
    public static func standard() throws -> BuiltInRoles {
        try BuiltInRoles(try FixtureFiles.data("built-in-roles.json"))
    }

    /// The role with this GUID (any case).
    public func role(_ name: String) -> RoleDefinition? { byKey[name.lowercased()] }

    /// The role called `roleName` (case-insensitive), as ARM matches names.
    public func role(named roleName: String) -> RoleDefinition? {
        roles.first { $0.roleName.lowercased() == roleName.lowercased() }
    }
}
