import ARM
import Authorization
import CeruleanJSON
import Foundation
import Testing

@Suite struct CustomRoleTests {
    typealias H = AuthorizationHarness
    static let role = "99999999-0000-0000-0000-000000000001"
    static let deployer = """
        {"properties": {"description": "d", "assignableScopes": ["\(H.subscription)"],
          "permissions": [{"actions": ["Microsoft.MarketplaceOrdering/agreements/offers/plans/read"],
                           "notActions": [], "dataActions": [], "notDataActions": []}],
          "roleName": "Serverless Deployer"}}
        """

    static func customRoles() -> String { H.definitions + "/" + role }

    @Test func azsCreateBodyMakesACustomRoleListedAtAndBelowItsScopes() async throws {
        let h = try await H()
        let created = await h.call("PUT", H.subscription + Self.customRoles(), body: Self.deployer, apiVersion: "2022-05-01-preview")
        #expect(created.status == 201)
        #expect(created.body?["properties"]?["type"]?.stringValue == "CustomRole")
        #expect(created.body?["properties"]?["roleName"]?.stringValue == "Serverless Deployer")
        #expect(created.body?["id"]?.stringValue == H.roleID(Self.role))
        #expect(created.body?["properties"]?["permissions"]?[0]?["actions"] == ["Microsoft.MarketplaceOrdering/agreements/offers/plans/read"])
        for scope in [H.subscription, H.group, H.widget] {
            let custom = H.values(await h.call("GET", scope + H.definitions, filter: "type eq 'CustomRole'"))
            #expect(custom.compactMap { $0["name"]?.stringValue } == [Self.role], "\(scope)")
        }
        #expect(H.values(await h.call("GET", H.definitions, filter: "type eq 'CustomRole'")).isEmpty)
        let byName = H.values(await h.call("GET", H.group + H.definitions, filter: "roleName eq 'serverless deployer'"))
        #expect(byName.count == 1)
        let updated = await h.call("PUT", H.subscription + Self.customRoles(),
                                   body: Self.deployer.replacingOccurrences(of: #""d""#, with: #""e""#))
        #expect(updated.status == 201)
        #expect(updated.body?["properties"]?["description"]?.stringValue == "e")
        #expect(updated.body?["properties"]?["createdOn"] == created.body?["properties"]?["createdOn"])
    }

    @Test func aCustomRoleIsAssignableOnlyWithinItsScopes() async throws {
        let h = try await H()
        try await h.registerPrincipals()
        let groupOnly = Self.deployer.replacingOccurrences(of: "\"\(H.subscription)\"", with: "\"\(H.group)\"")
        #expect(await h.call("PUT", H.group + Self.customRoles(), body: groupOnly).status == 201)
        #expect(await h.assign(H.widget, name: "88888888-0000-0000-0000-000000000001", role: H.roleID(Self.role)).status == 201)
        let above = await h.assign(H.subscription, name: "88888888-0000-0000-0000-000000000002", role: H.roleID(Self.role))
        #expect(above.status == 400)
        #expect(above.errorCode == "InvalidRoleDefinitionScope")
        #expect(H.values(await h.call("GET", H.subscription + H.definitions, filter: "type eq 'CustomRole'")).isEmpty)
    }

    @Test func deletingARoleInUseIsRefusedThenAllowed() async throws {
        let h = try await H()
        try await h.registerPrincipals()
        _ = await h.call("PUT", H.subscription + Self.customRoles(), body: Self.deployer)
        let assignment = "88888888-0000-0000-0000-000000000001"
        _ = await h.assign(H.group, name: assignment, role: H.roleID(Self.role))
        let inUse = await h.call("DELETE", H.subscription + Self.customRoles())
        #expect(inUse.status == 409)
        #expect(inUse.errorCode == "RoleDefinitionHasAssignments")
        _ = await h.call("DELETE", H.group + H.assignments + "/" + assignment)
        let deleted = await h.call("DELETE", H.subscription + Self.customRoles())
        #expect(deleted.status == 200)
        #expect(deleted.body?["properties"]?["roleName"]?.stringValue == "Serverless Deployer")
        #expect(await h.call("DELETE", H.subscription + Self.customRoles()).status == 204)
        #expect(await h.call("GET", H.subscription + Self.customRoles()).status == 404)
    }

    @Test func builtInRolesCannotBeChanged() async throws {
        let h = try await H()
        let put = await h.call("PUT", H.subscription + H.definitions + "/" + H.reader, body: Self.deployer)
        #expect(put.status == 400)
        #expect(put.errorCode == "InvalidRoleDefinitionUpdate")
        #expect(await h.call("DELETE", H.subscription + H.definitions + "/" + H.reader).errorCode == "InvalidRoleDefinitionUpdate")
        let sameName = await h.call("PUT", H.subscription + Self.customRoles(),
                                    body: Self.deployer.replacingOccurrences(of: "Serverless Deployer", with: "reader"))
        #expect(sameName.status == 409)
        #expect(sameName.errorCode == "RoleDefinitionWithSameNameExists")
        #expect(sameName.errorMessage == "A role definition cannot be updated with a name that already exists.")
    }

    @Test func malformedBodiesAreRefusedAndNothingIsStored() async throws {
        let h = try await H()
        let path = H.subscription + Self.customRoles()
        let cases: [(String, String, String)] = [
            (path, "", "InvalidRequestContent"),
            (path, "[1]", "InvalidRequestContent"),
            (path, #"{"properties": []}"#, "InvalidRequestContent"),
            (path, Self.deployer.replacingOccurrences(of: #""roleName": "Serverless Deployer""#, with: #""roleName": """#), ""),
            (path, Self.deployer.replacingOccurrences(of: #"["\#(H.subscription)"]"#, with: "[]"), ""),
            (path, Self.deployer.replacingOccurrences(of: #"["\#(H.subscription)"]"#, with: #""\#(H.subscription)""#), "InvalidRequestContent"),
            (H.definitions + "/" + Self.role, Self.deployer.replacingOccurrences(of: #"["\#(H.subscription)"]"#, with: #"["/"]"#), "InvalidAssignableScope"),
            (path, Self.deployer.replacingOccurrences(of: #"["\#(H.subscription)"]"#, with: #"["\#(H.subscription)/resourceGroups/nope"]"#), "ResourceGroupNotFound"),
            (H.group + Self.customRoles(), Self.deployer, "InvalidRoleDefinitionScope"),
            (path, Self.deployer.replacingOccurrences(of: #""notActions": []"#, with: #""notActions": "x""#), "InvalidRequestContent"),
            (path, Self.deployer.replacingOccurrences(of: #""dataActions": []"#, with: #""dataActions": [1]"#), "InvalidRequestContent"),
            (path, Self.deployer.replacingOccurrences(of: #""roleName""#, with: #""type": "BuiltInRole", "roleName""#), ""),
            (H.subscription + H.definitions + "/not-a-guid", Self.deployer, "InvalidRoleDefinitionId"),
        ]
        for (target, body, code) in cases {
            let response = await h.call("PUT", target, body: body)
            #expect((400..<500).contains(response.status), "\(body)")
            #expect(response.errorCode != nil)
            if !code.isEmpty { #expect(response.errorCode == code, "\(body)") }
        }
        #expect(try await h.store.read { try $0.documents("roleDefinitions").count } == 0)
    }
}
