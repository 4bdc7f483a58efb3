import ARM
import Authorization
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Store
import Testing

/// The engine with the Authorization module's hook (what `--auth strict` will wire), beside an
/// engine without it on the same store that plays the administrator.
@Suite struct StrictAccessTests {
    typealias H = AuthorizationHarness
    static let contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c"
    static let owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"

    /// An unsigned token: without a token checker the engine reads its claims as they are.
    static func bearer(_ claims: JSON) -> String {
        "Bearer " + Base64URL.encode(Data(#"{"alg":"none"}"#.utf8)) + "." + Base64URL.encode(claims.serialized()) + ".sig"
    }

    static let alice = bearer(["oid": .string(H.alice), "upn": "alice@cerulean.local", "tid": "t"])
    static let robot = bearer(["oid": .string(H.robot), "appid": "robot-app", "idtyp": "app", "tid": "t"])

    struct Strict {
        let admin: H
        let engine: ARMEngine

        init() async throws {
            admin = try await H()
            try await admin.registerPrincipals()
            engine = ARMEngine(store: admin.store, types: TestTypes.all, clock: ManualClock(), policies: PolicyBook(default: .immediate),
                               operations: admin.provider.operations, scopeRemovalHooks: admin.provider.scopeRemovalHooks,
                               authorizationHook: admin.provider.authorizationHook)
        }

        func call(_ as: String, _ method: String, _ path: String, body: String? = nil, apiVersion: String = "2024-01-01") async -> ARMResponse {
            await engine.handle(ARMRequest(method: method, path: path, query: [("api-version", apiVersion)],
                                           headers: ["authorization": `as`], body: body.map { Data($0.utf8) }, baseURL: H.base))
        }
    }

    @Test func aReaderReadsButIsRefusedAWriteWithARMsMessage() async throws {
        let s = try await Strict()
        _ = await s.admin.assign(H.subscription, name: "88888888-0000-0000-0000-000000000001", principal: H.robot, type: "ServicePrincipal")
        #expect(await s.call(Self.robot, "GET", H.widget).status == 200)
        let put = await s.call(Self.robot, "PUT", H.widget, body: #"{"location":"eastus"}"#)
        #expect(put.status == 403)
        #expect(put.errorCode == "AuthorizationFailed")
        #expect(put.errorMessage == "The client '\(H.robot)' with object id '\(H.robot)' does not have authorization to perform action 'Microsoft.CeruleanTest/widgets/write' over scope '\(H.widget)' or the scope is invalid. If access was recently granted, please refresh your credentials.")
        let nobody = await s.call(Self.alice, "GET", H.subscription)
        #expect(nobody.status == 403)
        #expect(nobody.errorMessage?.hasPrefix("The client 'alice@cerulean.local' with object id '\(H.alice)' does not have authorization to perform action 'Microsoft.Resources/subscriptions/read'") == true)
    }

    @Test func aContributorWritesButMayNotAssignRolesUntilOwnerIsGranted() async throws {
        let s = try await Strict()
        _ = await s.admin.assign(H.group, name: "88888888-0000-0000-0000-000000000001", role: H.roleID(Self.contributor))
        #expect(await s.call(Self.alice, "PUT", H.widget, body: #"{"location":"eastus"}"#).status == 200)
        let assignment = H.group + H.assignments + "/88888888-0000-0000-0000-000000000009"
        let body = #"{"properties": {"principalId": "\#(H.robot)", "roleDefinitionId": "\#(H.roleID(H.reader))", "principalType": "ServicePrincipal"}}"#
        let refused = await s.call(Self.alice, "PUT", assignment, body: body, apiVersion: "2022-04-01")
        #expect(refused.status == 403)
        #expect(refused.errorMessage?.contains("perform action 'Microsoft.Authorization/roleAssignments/write' over scope '\(assignment)'") == true)
        // A new grant applies to the next request (the cache follows every assignment change).
        _ = await s.admin.assign(H.group, name: "88888888-0000-0000-0000-000000000002", role: H.roleID(Self.owner))
        #expect(await s.call(Self.alice, "PUT", assignment, body: body, apiVersion: "2022-04-01").status == 201)
        _ = await s.admin.call("DELETE", H.group + H.assignments + "/88888888-0000-0000-0000-000000000002")
        let again = await s.call(Self.alice, "DELETE", assignment, apiVersion: "2022-04-01")
        #expect(again.status == 403)
        // Outside the group nothing is granted.
        #expect(await s.call(Self.alice, "GET", H.subscription).status == 403)
    }
}
