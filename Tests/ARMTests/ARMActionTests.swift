import ARM
import Testing

@Suite struct ARMActionTests {
    static let s = "/subscriptions/s1"
    static let g = s + "/resourceGroups/rg"
    static let ws = g + "/providers/Microsoft.MachineLearningServices/workspaces/ws"

    static func action(_ method: String, _ path: String) -> String {
        ARMAction(method: method, path: path.split(separator: "/").map(String.init)).action
    }

    @Test(arguments: [
        ("GET", "/subscriptions", "Microsoft.Resources/subscriptions/read"),
        ("GET", s, "Microsoft.Resources/subscriptions/read"),
        ("GET", s + "/resourcegroups", "Microsoft.Resources/subscriptions/resourcegroups/read"),
        ("PUT", s + "/resourcegroups/rg", "Microsoft.Resources/subscriptions/resourcegroups/write"),
        ("DELETE", g, "Microsoft.Resources/subscriptions/resourcegroups/delete"),
        ("GET", g + "/resources", "Microsoft.Resources/subscriptions/resourcegroups/resources/read"),
        ("GET", s + "/resources", "Microsoft.Resources/subscriptions/resources/read"),
        ("GET", s + "/providers/Microsoft.SaaS", "Microsoft.Resources/subscriptions/providers/read"),
        ("POST", s + "/providers/Microsoft.SaaS/register", "Microsoft.SaaS/register/action"),
        ("PUT", ws, "Microsoft.MachineLearningServices/workspaces/write"),
        ("GET", g + "/providers/Microsoft.MachineLearningServices/workspaces", "Microsoft.MachineLearningServices/workspaces/read"),
        ("PUT", ws + "/serverlessEndpoints/e", "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/write"),
        ("PATCH", ws + "/serverlessEndpoints/e", "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/write"),
        ("POST", ws + "/serverlessEndpoints/e/listKeys", "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/listKeys/action"),
        ("DELETE", ws + "/marketplaceSubscriptions/m", "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions/delete"),
        ("PUT", s + "/providers/Microsoft.MarketplaceOrdering/offerTypes/virtualmachine/publishers/p/offers/o/plans/pl/agreements/current",
         "Microsoft.MarketplaceOrdering/offerTypes/publishers/offers/plans/agreements/write"),
        ("PUT", g + "/providers/Microsoft.Resources/deployments/d", "Microsoft.Resources/deployments/write"),
        ("PUT", g + "/deployments/d", "Microsoft.Resources/deployments/write"),
        ("POST", g + "/providers/Microsoft.Resources/deployments/d/validate", "Microsoft.Resources/deployments/validate/action"),
        ("PUT", ws + "/providers/Microsoft.Authorization/roleAssignments/a", "Microsoft.Authorization/roleAssignments/write"),
        ("GET", g + "/providers/Microsoft.Authorization/roleDefinitions", "Microsoft.Authorization/roleDefinitions/read"),
        ("DELETE", "/providers/Microsoft.Authorization/roleAssignments/a", "Microsoft.Authorization/roleAssignments/delete"),
        ("POST", s + "/providers/Microsoft.CostManagement/query", "Microsoft.CostManagement/query/action"),
    ])
    func mapsRequestsToActions(method: String, path: String, expected: String) {
        #expect(Self.action(method, path) == expected, "\(method) \(path)")
    }

    @Test func theScopeIsTheWholeTarget() {
        let path = Self.ws + "/providers/Microsoft.Authorization/roleAssignments/a"
        #expect(ARMAction(method: "PUT", path: path.split(separator: "/").map(String.init)).scope == path)
    }

    /// A type whose provider names its operations otherwise has its actions renamed (case-insensitively).
    @Test func aTypesPermissionTypeRenamesItsActions() {
        var type = ResourceType(type: "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions")
        type.permissionType = "Microsoft.MachineLearningServices/workspaces/marketplaceModelSubscriptions"
        let registry = ResourceTypeRegistry([type])
        #expect(registry.permissionAction("microsoft.machinelearningservices/workspaces/marketplaceSubscriptions/write")
            == "Microsoft.MachineLearningServices/workspaces/marketplaceModelSubscriptions/write")
        #expect(registry.permissionAction("Microsoft.MachineLearningServices/workspaces/read") == "Microsoft.MachineLearningServices/workspaces/read")
        #expect(registry.permissionAction("Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptionsX/read")
            == "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptionsX/read")
    }
}
