import ARM
import Authorization
import CeruleanJSON
import Foundation
import Store
import Testing

@Suite struct DefaultAccessTests {
    typealias H = AuthorizationHarness

    @Test func theDefaultPrincipalIsOwnerOnceAndOthersHoldNothing() async throws {
        let h = try await H()
        let cli = PrincipalDirectory.Principal(objectID: "cccccccc-0000-0000-0000-000000000003", kind: .servicePrincipal,
                                               displayName: "cerulean-cli", appID: "cerulean-cli")
        for _ in 0..<2 {
            try await h.store.write { tx in
                try h.provider.defaultAccess.grantOwner(to: cli, subscriptionID: H.sub, session: ResourceSession(transaction: tx, now: Date()))
            }
        }
        let listed = H.values(await h.call("GET", H.subscription + H.assignments, filter: "atScope()"))
        #expect(listed.count == 1)
        #expect(listed.first?["properties"]?["principalId"]?.stringValue == cli.objectID)
        #expect(listed.first?["properties"]?["principalType"]?.stringValue == "ServicePrincipal")
        #expect(listed.first?["properties"]?["roleDefinitionId"]?.stringValue == H.roleID(DefaultAccess.ownerRole))
        let (owner, stranger) = try await h.store.read { tx in
            let session = ResourceSession(transaction: tx, now: Date())
            return (try h.provider.permissions(of: cli.objectID, at: H.widget, session: session).allows("Microsoft.Authorization/roleAssignments/write"),
                    try h.provider.permissions(of: H.alice, at: H.widget, session: session).allows("Microsoft.CeruleanTest/widgets/read"))
        }
        #expect(owner)
        #expect(!stranger)
        // The directory knows it, so an assignment to it passes the principal check.
        let toCLI = await h.assign(H.group, name: "88888888-0000-0000-0000-000000000001", principal: cli.objectID, type: "ServicePrincipal")
        #expect(toCLI.status == 201)
    }
}

@Suite struct OwnerBootstrapTests {
    typealias H = AuthorizationHarness

    @Test func theEngineGrantsOwnerAtEachBootstrapOnceAndInSeededSubscriptions() async throws {
        let store = try Store.inMemory()
        let provider = AuthorizationProvider(builtInRoles: try BuiltInRoles.standard())
        let cli = PrincipalDirectory.Principal(objectID: "cccccccc-0000-0000-0000-000000000003", kind: .servicePrincipal,
                                               displayName: "cerulean-cli", appID: "cerulean-cli")
        let engine = ARMEngine(store: store, types: [], operations: provider.operations,
                               scopeRemovalHooks: provider.scopeRemovalHooks, bootstrapSteps: [provider.ownerBootstrap([cli])])
        try await engine.bootstrap()
        try await engine.bootstrap()
        let other = "99999999-1111-2222-3333-444444444444"
        try await engine.addSubscription(other, displayName: "second")
        func owners(_ sub: String) async -> [String] {
            let r = await engine.handle(ARMRequest(method: "GET", path: "/subscriptions/\(sub)/providers/Microsoft.Authorization/roleAssignments",
                                                   query: [("api-version", "2022-04-01")], headers: ["authorization": "Bearer x"], baseURL: H.base))
            return (r.body?["value"]?.arrayValue ?? []).compactMap { $0["properties"]?["principalId"]?.stringValue }
        }
        #expect(await owners(H.sub) == [cli.objectID])
        #expect(await owners(other) == [cli.objectID])
    }
}
