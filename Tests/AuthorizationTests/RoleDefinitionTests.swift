import ARM
import Authorization
import CeruleanJSON
import Testing

@Suite struct RoleDefinitionTests {
    typealias H = AuthorizationHarness

    @Test func builtInRolesCarryTheirRealIDsAndPermissions() throws {
        let roles = try BuiltInRoles.standard()
        let expected = [
            "Owner": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
            "Reader": "acdd72a7-3385-48ef-bd42-f606fba81ae7", "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
            "Azure AI Developer": "64702f94-c441-49e6-a78b-ef80e0188fee", "Azure AI User": "53ca6127-db72-4b80-b1b0-d745d6d5456d",
            "AzureML Data Scientist": "f6c7c914-8db3-469d-8ca1-694a8f32e121",
            "Cognitive Services OpenAI User": "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
            "Cognitive Services OpenAI Contributor": "a001fd3d-188f-4b5d-821b-7da978bf7442",
            "Cognitive Services User": "a97b65f3-24c7-4388-baec-2e87135dc908",
            "Cognitive Services Contributor": "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68",
        ]
        for (name, guid) in expected {
            #expect(roles.role(named: name)?.name == guid, "\(name)")
            #expect(roles.role(guid)?.roleName == name)
        }
        let contributor = try #require(roles.role(named: "contributor"))
        #expect(contributor.permissions[0].actions == ["*"])
        #expect(contributor.permissions[0].notActions.contains("Microsoft.Authorization/*/Write"))
        let developer = try #require(roles.role(named: "Azure AI Developer"))
        #expect(developer.permissions[0].notActions.contains("Microsoft.MachineLearningServices/workspaces/listKeys/action"))
        #expect(developer.permissions[0].dataActions.contains("Microsoft.CognitiveServices/accounts/OpenAI/*"))
        #expect(!developer.permissions[0].actions.contains { $0.hasPrefix("Microsoft.SaaS") || $0.hasPrefix("Microsoft.MarketplaceOrdering") })
        let openAIUser = try #require(roles.role(named: "Cognitive Services OpenAI User"))
        #expect(openAIUser.permissions[0].notDataActions == ["Microsoft.CognitiveServices/accounts/OpenAI/stored-completions/read"])
        #expect(roles.role(named: "Azure AI Project Manager")?.permissions[0].conditionVersion == "2.0")
        #expect(roles.roles.allSatisfy { $0.kind == .builtIn && $0.assignableScopes == ["/"] })
    }

    @Test func listAtSubscriptionGroupAndResourceUsesTheSubscriptionPrefixedID() async throws {
        let h = try await H()
        for scope in [H.subscription, H.group, H.widget] {
            let response = await h.call("GET", scope + H.definitions, apiVersion: "2022-05-01-preview")
            #expect(response.status == 200)
            let reader = try #require(H.values(response).first { $0["name"]?.stringValue == H.reader })
            #expect(reader["id"]?.stringValue == "/subscriptions/\(H.sub)/providers/Microsoft.Authorization/roleDefinitions/\(H.reader)")
            #expect(reader["type"]?.stringValue == "Microsoft.Authorization/roleDefinitions")
            #expect(reader["properties"]?["roleName"]?.stringValue == "Reader")
            #expect(reader["properties"]?["type"]?.stringValue == "BuiltInRole")
            #expect(reader["properties"]?["permissions"]?[0]?["actions"] == ["*/read"])
            #expect(reader["properties"]?["assignableScopes"] == ["/"])
            #expect(reader["properties"]?["createdOn"]?.stringValue == "2015-02-02T21:55:09.8806423Z")
        }
    }

    @Test func theTenantRootUsesTheTenantForm() async throws {
        let h = try await H()
        let response = await h.call("GET", H.definitions + "/" + H.reader)
        #expect(response.status == 200)
        #expect(response.body?["id"]?.stringValue == "/providers/Microsoft.Authorization/roleDefinitions/\(H.reader)")
        #expect(H.values(await h.call("GET", H.definitions)).count >= 16)
    }

    @Test func roleNameFilterIsCaseInsensitiveAndTypeFilters() async throws {
        let h = try await H()
        let lower = await h.call("GET", H.group + H.definitions, filter: "roleName eq 'reader'")
        #expect(H.values(lower).compactMap { $0["properties"]?["roleName"]?.stringValue } == ["Reader"])
        let developer = await h.call("GET", H.group + H.definitions, filter: "roleName eq 'Azure AI Developer'")
        #expect(H.values(developer).compactMap { $0["name"]?.stringValue } == [H.developer])
        let builtIn = await h.call("GET", H.subscription + H.definitions, filter: "type eq 'BuiltInRole'")
        #expect(H.values(builtIn).count >= 16)
        #expect(H.values(await h.call("GET", H.subscription + H.definitions, filter: "type eq 'CustomRole'")).isEmpty)
        #expect(H.values(await h.call("GET", H.subscription + H.definitions, filter: "roleName eq 'No Such Role'")).isEmpty)
    }

    @Test func getByGUIDIgnoresUnknownQueryParameters() async throws {
        let h = try await H()
        let response = await h.call("GET", H.subscription + H.definitions + "/" + H.developer, apiVersion: "2022-05-01-preview",
                                    query: [("disambiguation_dummy", "")])
        #expect(response.status == 200)
        #expect(response.body?["properties"]?["roleName"]?.stringValue == "Azure AI Developer")
        #expect(response.body?["id"]?.stringValue == "/subscriptions/\(H.sub)/providers/Microsoft.Authorization/roleDefinitions/\(H.developer)")
    }

    @Test func unknownRolesScopesAndFiltersAreRefused() async throws {
        let h = try await H()
        let missing = await h.call("GET", H.subscription + H.definitions + "/11111111-2222-3333-4444-555555555555")
        #expect(missing.status == 404)
        #expect(missing.errorCode == "RoleDefinitionDoesNotExist")
        #expect(missing.errorMessage == "The specified role definition with ID '11111111-2222-3333-4444-555555555555' does not exist.")
        let noGroup = await h.call("GET", "/subscriptions/\(H.sub)/resourceGroups/nope" + H.definitions)
        #expect(noGroup.status == 404)
        #expect(noGroup.errorCode == "ResourceGroupNotFound")
        let noResource = await h.call("GET", H.group + "/providers/Microsoft.CeruleanTest/widgets/nope" + H.definitions)
        #expect(noResource.status == 404)
        #expect(noResource.errorCode == "ResourceNotFound")
        let noSubscription = await h.call("GET", "/subscriptions/99999999-1111-2222-3333-444444444444" + H.definitions)
        #expect(noSubscription.errorCode == "SubscriptionNotFound")
        let badFilter = await h.call("GET", H.subscription + H.definitions, filter: "startswith(roleName,'R')")
        #expect(badFilter.status == 400)
        #expect(badFilter.errorCode == "InvalidFilter")
        let post = await h.call("POST", H.subscription + H.definitions)
        #expect(post.status == 405)
    }
}
