import ARM
import Authorization
import Foundation
import Testing

@Suite struct EffectivePermissionsTests {
    static let roles = try! BuiltInRoles.standard()
    static let ml = "Microsoft.MachineLearningServices/workspaces"
    static let chat = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action"
    /// The serverless how-to's custom-role list, workspace wildcards as their write action.
    static let seedList = [
        "Microsoft.MarketplaceOrdering/agreements/offers/plans/read",
        "Microsoft.MarketplaceOrdering/agreements/offers/plans/sign/action",
        "Microsoft.MarketplaceOrdering/offerTypes/publishers/offers/plans/agreements/read",
        "Microsoft.Marketplace/offerTypes/publishers/offers/plans/agreements/read",
        "Microsoft.SaaS/register/action", "Microsoft.SaaS/resources/read", "Microsoft.SaaS/resources/write",
        "\(ml)/marketplaceSubscriptions/write", "\(ml)/serverlessEndpoints/write",
    ]

    static func of(_ names: String...) -> EffectivePermissions {
        EffectivePermissions(roles: names.map { roles.role(named: $0)! })
    }

    @Test func readerReadsEverythingAndWritesNothing() {
        let reader = Self.of("Reader")
        #expect(reader.allows("\(Self.ml)/read"))
        #expect(reader.allows("Microsoft.Resources/subscriptions/resourceGroups/read"))
        #expect(!reader.allows("\(Self.ml)/write"))
        #expect(!reader.allows("\(Self.ml)/serverlessEndpoints/listKeys/action"))
    }

    @Test func contributorsNotActionsMatchCaseInsensitivelyAndAreNotADeny() {
        let contributor = Self.of("Contributor")
        #expect(contributor.allows("\(Self.ml)/write"))
        #expect(contributor.allows("Microsoft.Authorization/roleAssignments/read"))
        #expect(!contributor.allows("Microsoft.Authorization/roleAssignments/write"))
        #expect(!contributor.allows("microsoft.authorization/roleassignments/DELETE"))
        #expect(contributor.firstMissing(Self.seedList) == nil)
        #expect(Self.of("Contributor", "User Access Administrator").allows("Microsoft.Authorization/roleAssignments/write"))
    }

    @Test func managementWildcardsNeverGrantDataActions() {
        #expect(Self.of("Owner").allows("Microsoft.Authorization/roleAssignments/write"))
        #expect(!Self.of("Owner").allowsData(Self.chat))
        #expect(!Self.of("Cognitive Services Contributor").allowsData(Self.chat))
        let user = Self.of("Cognitive Services OpenAI User")
        #expect(user.allowsData(Self.chat))
        #expect(user.allowsData("Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action"))
        #expect(!user.allowsData("Microsoft.CognitiveServices/accounts/OpenAI/stored-completions/read"))
        #expect(Self.of("Azure AI Developer").allowsData(Self.chat))
    }

    @Test func azureAIDeveloperCoversTheWorkspaceButNotTheMarketplace() {
        let developer = Self.of("Azure AI Developer")
        #expect(developer.allows("\(Self.ml)/serverlessEndpoints/write"))
        #expect(developer.allows("\(Self.ml)/marketplaceSubscriptions/write"))
        // `workspaces/listKeys/action` does not match the endpoint's listKeys.
        #expect(developer.allows("\(Self.ml)/serverlessEndpoints/listKeys/action"))
        #expect(!developer.allows("\(Self.ml)/listKeys/action"))
        // `workspaces/*/write` does not cover `workspaces/write` (and notActions refuse it anyway).
        #expect(!developer.allows("\(Self.ml)/write"))
        #expect(developer.firstMissing(Self.seedList) == "Microsoft.MarketplaceOrdering/agreements/offers/plans/read")
        #expect(Self.of("AzureML Data Scientist").firstMissing(Self.seedList) == Self.seedList[0])
    }

    @Test func theSeedsCustomRoleGrantsItsListAndRemovingAnActionIsNamed() {
        let full = RoleDefinition(name: "99999999-0000-0000-0000-000000000001", roleName: "Serverless Deployer", kind: .custom,
                                  description: nil, assignableScopes: ["/subscriptions/s"],
                                  permissions: [try! Permission(.object(["actions": .array(Self.seedList.map { .string($0) })]), path: "p")])
        #expect(EffectivePermissions(roles: [full]).firstMissing(Self.seedList) == nil)
        var lacking = full
        lacking.permissions[0].actions.removeAll { $0 == "Microsoft.SaaS/resources/write" }
        #expect(EffectivePermissions(roles: [lacking]).firstMissing(Self.seedList) == "Microsoft.SaaS/resources/write")
        #expect(!EffectivePermissions(roles: []).allows("Microsoft.Resources/subscriptions/read"))
    }

    @Test func theRefusalsAreWordedAsARMWordsThem() {
        let error = AuthorizationErrors.authorizationFailed(
            client: "alice@cerulean.local", objectID: "aaaaaaaa-0000-0000-0000-000000000001",
            action: "Microsoft.Resources/subscriptions/resourcegroups/write", scope: "/subscriptions/s/resourcegroups/rg")
        #expect(error.status == 403)
        #expect(error.message == "The client 'alice@cerulean.local' with object id 'aaaaaaaa-0000-0000-0000-000000000001' does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourcegroups/write' over scope '/subscriptions/s/resourcegroups/rg' or the scope is invalid. If access was recently granted, please refresh your credentials.")
        let linked = AuthorizationErrors.linkedAuthorizationFailed(client: "o", objectID: "o", action: "a/write", scope: "/x",
                                                                   linkedAction: "read", linkedScopes: ["/y"])
        #expect(linked.code == "LinkedAuthorizationFailed")
        #expect(linked.message == "The client 'o' with object id 'o' has permission to perform action 'a/write' on scope '/x'; however, it does not have permission to perform action 'read' on the linked scope(s) '/y' or the linked scope(s) are invalid.")
    }
}

@Suite struct AccessReviewTests {
    typealias H = AuthorizationHarness

    @Test func assignmentsApplyAtTheirScopeAndBelowOnly() async throws {
        let h = try await H()
        try await h.registerPrincipals()
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourceGroups/rg10", body: #"{"location":"eastus"}"#, apiVersion: "2024-03-01")
        _ = await h.assign(H.group, name: "88888888-0000-0000-0000-000000000001", role: H.roleID("b24988ac-6180-42a0-ab88-20f7382dd24c"))
        _ = await h.assign("", name: "88888888-0000-0000-0000-000000000002", principal: H.robot, type: "ServicePrincipal")
        let provider = h.provider
        let write = "Microsoft.CeruleanTest/widgets/write"
        let answers = try await h.store.read { tx in
            let session = ResourceSession(transaction: tx, now: Date())
            return [
                try provider.permissions(of: H.alice, at: H.widget, session: session).allows(write),
                try provider.permissions(of: H.alice, at: H.group, session: session).allows(write),
                try provider.permissions(of: H.alice, at: "/subscriptions/\(H.sub)/resourceGroups/rg10/providers/Microsoft.CeruleanTest/widgets/w", session: session).allows(write),
                try provider.permissions(of: H.alice, at: H.subscription, session: session).allows("Microsoft.Resources/subscriptions/read"),
                try provider.permissions(of: H.alice.uppercased(), at: H.widget.uppercased(), session: session).allows(write),
                try provider.permissions(of: H.robot, at: H.widget, session: session).allows("Microsoft.CeruleanTest/widgets/read"),
                try provider.permissions(of: H.robot, at: H.widget, session: session).allows(write),
            ]
        }
        #expect(answers == [true, true, false, false, true, true, false])
    }
}
