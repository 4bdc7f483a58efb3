import ARM
import Testing

@Suite struct ResourceIDTests {
    let text = "/subscriptions/S1/resourceGroups/My-RG/providers/Microsoft.MachineLearningServices/workspaces/WS/serverlessEndpoints/ep1"

    @Test func parsesEveryPart() throws {
        let id = try #require(ResourceID(text))
        #expect(id.subscriptionID == "S1")
        #expect(id.resourceGroup == "My-RG")
        #expect(id.namespace == "Microsoft.MachineLearningServices")
        #expect(id.segments.map(\.type) == ["workspaces", "serverlessEndpoints"])
        #expect(id.name == "ep1")
        #expect(id.fullType == "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints")
        #expect(id.string == text)
    }

    @Test func fixedWordsAndNamesAreCaseInsensitive() throws {
        let lower = try #require(ResourceID(text.lowercased().replacingOccurrences(of: "resourcegroups", with: "resourcegroups")))
        let original = try #require(ResourceID(text))
        #expect(lower == original)
        #expect(lower.key == original.key)
        #expect(original.string.contains("My-RG"))  // casing kept as given
    }

    @Test func parentsWalkUpToTheSubscription() throws {
        let id = try #require(ResourceID(text))
        #expect(id.parent?.string == "/subscriptions/S1/resourceGroups/My-RG/providers/Microsoft.MachineLearningServices/workspaces/WS")
        #expect(id.parent?.parent?.string == "/subscriptions/S1/resourceGroups/My-RG")
        #expect(id.parent?.parent?.isResourceGroup == true)
        #expect(id.parent?.parent?.parent?.isSubscription == true)
        #expect(id.parent?.parent?.parent?.parent == nil)
        #expect(id.parent?.parent?.fullType == "Microsoft.Resources/resourceGroups")
    }

    @Test(arguments: [
        "", "/", "/subscriptions", "/tenants/x", "/subscriptions/s/resourceGroups",
        "/subscriptions/s/resourceGroups/rg/providers/Ns", "/subscriptions/s/resourceGroups/rg/providers/Ns/type",
        "/subscriptions/s/resourceGroups/rg/other/x",
    ])
    func rejectsMalformedIDs(_ bad: String) {
        #expect(ResourceID(bad) == nil)
    }

    @Test func buildsChildren() {
        let group = ResourceID(subscriptionID: "s", resourceGroup: "rg")
        let ws = group.appending(type: "workspaces", name: "w", namespace: "Microsoft.X")
        let ep = ws.appending(type: "endpoints", name: "e")
        #expect(ep.string == "/subscriptions/s/resourceGroups/rg/providers/Microsoft.X/workspaces/w/endpoints/e")
    }
}

@Suite struct ProvisioningPolicyTests {
    @Test func parsesTheDocumentedForms() throws {
        #expect(ProvisioningPolicy(parsing: "immediate") == .immediate)
        #expect(ProvisioningPolicy(parsing: "after:5s")?.timing == .afterSeconds(5))
        #expect(ProvisioningPolicy(parsing: "after:2.5s")?.timing == .afterSeconds(2.5))
        #expect(ProvisioningPolicy(parsing: "after:3polls")?.timing == .afterObservations(3))
        #expect(ProvisioningPolicy(parsing: "after:1reads")?.timing == .afterObservations(1))
        let failing = try #require(ProvisioningPolicy(parsing: "after:1polls,fail:QuotaExceeded:No capacity, sorry"))
        #expect(failing.outcome == .fail(code: "QuotaExceeded", message: "No capacity, sorry"))
        #expect(ProvisioningPolicy(parsing: failing.description) == failing)
    }

    @Test(arguments: ["", "soon", "after:", "after:0polls", "after:-1s", "after:3", "immediate,explode", "immediate,fail:"])
    func refusesNonsense(_ text: String) {
        #expect(ProvisioningPolicy(parsing: text) == nil)
    }
}
