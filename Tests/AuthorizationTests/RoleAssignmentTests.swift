import ARM
import Authorization
import CeruleanJSON
import Foundation
import Testing

@Suite struct RoleAssignmentTests {
    typealias H = AuthorizationHarness
    static let a1 = "88888888-0000-0000-0000-000000000001"
    static let a2 = "88888888-0000-0000-0000-000000000002"
    static let a3 = "88888888-0000-0000-0000-000000000003"

    static func harness() async throws -> H {
        let h = try await H()
        try await h.registerPrincipals()
        return h
    }

    @Test func putAtEveryScopeAnswers201InTheRecordedShape() async throws {
        let h = try await Self.harness()
        // Names keep the client's casing (fixed words are ARM's).
        let shouted = "/subscriptions/\(H.sub.uppercased())/resourceGroups/RG1"
        for (scope, name) in [(H.subscription, Self.a1), (shouted, Self.a2), (H.widget, Self.a3)] {
            let response = await h.assign(scope, name: name, type: nil)
            #expect(response.status == 201, "\(scope)")
            let p = try #require(response.body?["properties"])
            #expect(p["scope"]?.stringValue == scope)
            #expect(p["roleDefinitionId"]?.stringValue == H.roleID(H.reader).replacingOccurrences(of: H.sub, with: scope == shouted ? H.sub.uppercased() : H.sub))
            #expect(p["principalId"]?.stringValue == H.alice)
            #expect(p["principalType"]?.stringValue == "User")
            #expect(p["createdBy"] == .null)
            #expect(p["condition"] == .null)
            #expect(p["description"] == .null)
            #expect(p["createdOn"]?.stringValue?.isEmpty == false)
            #expect(response.body?["id"]?.stringValue == scope + H.assignments + "/" + name)
            #expect(response.body?["type"]?.stringValue == "Microsoft.Authorization/roleAssignments")
            #expect(response.body?["name"]?.stringValue == name)
        }
        let got = await h.call("GET", H.widget + H.assignments + "/" + Self.a3)
        #expect(got.status == 200)
        #expect(got.body?["properties"]?["scope"]?.stringValue == H.widget)
    }

    @Test func deleteAnswersTheBodyThen204() async throws {
        let h = try await Self.harness()
        _ = await h.assign(H.group, name: Self.a1)
        let deleted = await h.call("DELETE", H.group + H.assignments + "/" + Self.a1)
        #expect(deleted.status == 200)
        #expect(deleted.body?["name"]?.stringValue == Self.a1)
        #expect(await h.call("DELETE", H.group + H.assignments + "/" + Self.a1).status == 204)
        let missing = await h.call("GET", H.group + H.assignments + "/" + Self.a1)
        #expect(missing.status == 404)
        #expect(missing.errorCode == "RoleAssignmentNotFound")
        #expect(try await h.storedAssignments() == 0)
    }

    @Test func aDuplicateUnderAnotherNameIs409AndAtScopeShowsTheExistingOneAsAzExpects() async throws {
        let h = try await Self.harness()
        #expect(await h.assign(H.group, name: Self.a1, role: H.roleID(H.developer)).status == 201)
        let again = await h.assign(H.group, name: Self.a2, role: H.roleID(H.developer))
        #expect(again.status == 409)
        #expect(again.errorCode == "RoleAssignmentExists")
        #expect(again.errorMessage == "The role assignment already exists. The ID of the existing role assignment is 88888888000000000000000000000001.")
        // az's recovery: atScope() at the scope, the role by name, then an exact match.
        let listed = H.values(await h.call("GET", H.group + H.assignments, filter: "atScope()"))
        let role = H.values(await h.call("GET", H.group + H.definitions, apiVersion: "2022-05-01-preview",
                                         filter: "roleName eq 'Azure AI Developer'"))
        let roleID = try #require(role.first?["id"]?.stringValue)
        #expect(listed.contains {
            $0["properties"]?["scope"]?.stringValue?.lowercased() == H.group.lowercased()
                && $0["properties"]?["principalId"]?.stringValue == H.alice && $0["properties"]?["roleDefinitionId"]?.stringValue == roleID
        })
        #expect(try await h.storedAssignments() == 1)
    }

    @Test func rePuttingTheSameNameUpdatesOrRefusesAChange() async throws {
        let h = try await Self.harness()
        _ = await h.assign(H.group, name: Self.a1)
        let same = await h.assign(H.group, name: Self.a1)
        #expect(same.status == 200)
        let changed = await h.assign(H.group, name: Self.a1, principal: H.robot, type: "ServicePrincipal")
        #expect(changed.status == 409)
        #expect(changed.errorCode == "RoleAssignmentUpdateNotPermitted")
        #expect(try await h.storedAssignments() == 1)
    }

    @Test func listFiltersFollowARM() async throws {
        let h = try await Self.harness()
        _ = await h.assign(H.subscription, name: Self.a1)
        _ = await h.assign(H.group, name: Self.a2, principal: H.robot, type: "ServicePrincipal")
        _ = await h.assign(H.widget, name: Self.a3)
        func names(_ scope: String, _ filter: String?) async -> Set<String> {
            Set(H.values(await h.call("GET", scope + H.assignments, filter: filter)).compactMap { $0["name"]?.stringValue })
        }
        #expect(await names(H.group, "atScope()") == [Self.a1, Self.a2])
        #expect(await names(H.widget, "atScope()") == [Self.a1, Self.a2, Self.a3])
        #expect(await names(H.subscription, "atScope()") == [Self.a1])
        #expect(await names(H.subscription, "principalId eq '\(H.alice)'") == [Self.a1, Self.a3])
        #expect(await names(H.subscription, "assignedTo('\(H.robot)')") == [Self.a2])
        #expect(await names(H.group, "atScope() and assignedTo('\(H.alice)')") == [Self.a1])
        #expect(await names(H.group, nil) == [Self.a1, Self.a2, Self.a3])
        let bad = await h.call("GET", H.group + H.assignments, filter: "roleName eq 'Reader'")
        #expect(bad.status == 400)
        #expect(bad.errorCode == "InvalidFilter")
    }

    @Test func assignmentsVanishWithTheirScope() async throws {
        let h = try await Self.harness()
        _ = await h.assign(H.subscription, name: Self.a1)
        _ = await h.assign(H.group, name: Self.a2)
        _ = await h.assign(H.widget, name: Self.a3)
        _ = await h.call("DELETE", H.widget, apiVersion: "2024-01-01")
        #expect(try await h.storedAssignments() == 2)
        _ = await h.call("DELETE", H.group, apiVersion: "2024-03-01")
        #expect(try await h.storedAssignments() == 1)
        #expect(await h.call("GET", H.subscription + H.assignments + "/" + Self.a1).status == 200)
    }

    @Test func theTenantFormOfARoleIDIsStoredInTheSubscriptionForm() async throws {
        let h = try await Self.harness()
        let response = await h.assign(H.group, name: Self.a1, role: "/providers/Microsoft.Authorization/roleDefinitions/\(H.developer)")
        #expect(response.status == 201)
        #expect(response.body?["properties"]?["roleDefinitionId"]?.stringValue == H.roleID(H.developer))
    }

    @Test func badInputIsRefusedAsAzureRefusesItAndNothingIsStored() async throws {
        let h = try await Self.harness()
        let path = H.group + H.assignments
        let notGUID = await h.assign(H.group, name: "not-a-guid")
        #expect(notGUID.status == 400)
        #expect(notGUID.errorCode == "InvalidRoleAssignmentId")
        #expect(notGUID.errorMessage == "The role assignment ID 'not-a-guid' is not valid. The role assignment ID must be a GUID.")
        let badRole = await h.assign(H.group, name: Self.a1, role: "Reader")
        #expect(badRole.errorCode == "InvalidRoleDefinitionId")
        #expect(badRole.errorMessage == "The role definition ID 'Reader' is not valid.")
        let unknownRole = await h.assign(H.group, name: Self.a1, role: H.roleID("11111111-2222-3333-4444-555555555555"))
        #expect(unknownRole.status == 400)
        #expect(unknownRole.errorCode == "RoleDefinitionDoesNotExist")
        let unknownPrincipal = await h.assign(H.group, name: Self.a1, principal: "eeeeeeee-0000-0000-0000-000000000009")
        #expect(unknownPrincipal.status == 400)
        #expect(unknownPrincipal.errorCode == "PrincipalNotFound")
        #expect(unknownPrincipal.errorMessage?.hasPrefix(
            "Principal eeeeeeee000000000000000000000009 does not exist in the directory \(ARMSettings().tenantID). Check that you have the correct principal ID.") == true)
        #expect(unknownPrincipal.errorMessage?.hasSuffix("Group.  See https://aka.ms/docs-principaltype") == true)
        let badType = await h.assign(H.group, name: Self.a1, type: "Robot")
        #expect(badType.status == 400)
        for body in ["", "[]", "{", #"{"properties": 3}"#, #"{"properties": {}}"#,
                     #"{"properties": {"roleDefinitionId": 7, "principalId": "\#(H.alice)"}}"#,
                     #"{"properties": {"roleDefinitionId": "\#(H.roleID(H.reader))"}}"#,
                     #"{"properties": {"roleDefinitionId": "\#(H.roleID(H.reader))", "principalId": "alice"}}"#,
                     #"{"properties": {"roleDefinitionId": "\#(H.roleID(H.reader))", "principalId": "\#(H.alice)", "conditionVersion": "1.0"}}"#] {
            let response = await h.call("PUT", path + "/" + Self.a1, body: body)
            #expect(response.status == 400, "\(body)")
            #expect(response.errorCode != nil)
        }
        let noScope = await h.assign(H.group + "/providers/Microsoft.CeruleanTest/widgets/nope", name: Self.a1)
        #expect(noScope.status == 404)
        #expect(try await h.storedAssignments() == 0)
    }

    @Test func principalsAreNotCheckedWhenTheDirectoryIsNotInUse() async throws {
        let h = try await H(checksPrincipals: false)
        #expect(await h.assign(H.group, name: Self.a1, principal: "eeeeeeee-0000-0000-0000-000000000009").status == 201)
    }
}
