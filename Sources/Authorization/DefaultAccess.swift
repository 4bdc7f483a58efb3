import ARM
import CeruleanJSON
import Foundation

/// The principals that start with rights: `cerulean env`'s and `az-setup`'s clients are put in
/// the directory and made Owner of the default subscription; doing it again (each start, after a
/// reset) changes nothing, as an equal assignment already exists.
public struct DefaultAccess: Sendable {
    public static let ownerRole = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
    let catalog: RoleCatalog

    /// Registers `principal` and, unless it already holds it, grants it Owner at `subscriptionID`.
    public func grantOwner(to principal: PrincipalDirectory.Principal, subscriptionID: String, session: ResourceSession) throws {
        try PrincipalDirectory(session: session).save(principal)
        let scope = ExtensionScope(id: ResourceID(subscriptionID: subscriptionID))
        guard let owner = catalog.builtIn.role(Self.ownerRole) else { throw ARMError.internalError("The Owner role is missing from the fixture.") }
        let store = RoleAssignments(session: session)
        let now = ARMTime.string(session.now)
        let assignment = RoleAssignment(
            name: UUID().uuidString.lowercased(), scope: scope.string, roleDefinitionID: owner.id(at: scope),
            principalID: principal.objectID, principalType: principal.kind.rawValue, description: "Cerulean's default principal",
            condition: nil, conditionVersion: nil, delegatedManagedIdentityResourceID: nil, createdOn: now, updatedOn: now,
            createdBy: nil, updatedBy: nil)
        if try store.all().contains(where: { $0.duplicates(assignment) }) { return }
        try store.save(assignment)
    }
}

extension AuthorizationProvider {
    public var defaultAccess: DefaultAccess { DefaultAccess(catalog: catalog) }

    /// The engine's bootstrap step making `principals` Owner of each subscription it ensures.
    public func ownerBootstrap(_ principals: [PrincipalDirectory.Principal]) -> BootstrapStep {
        let access = defaultAccess
        return { session, subscriptionID in
            for principal in principals {
                try access.grantOwner(to: principal, subscriptionID: subscriptionID, session: session)
            }
        }
    }
}
