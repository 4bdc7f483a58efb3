import CeruleanJSON

/// `GET /subscriptions/{s}/locations` (`az account list-locations`): the regions Cerulean
/// knows, with ARM's display names.
extension ARMEngine {
    static let regions: [(name: String, display: String, geography: String)] = [
        ("eastus", "East US", "US"), ("eastus2", "East US 2", "US"), ("westus", "West US", "US"),
        ("westus2", "West US 2", "US"), ("westus3", "West US 3", "US"), ("centralus", "Central US", "US"),
        ("northcentralus", "North Central US", "US"), ("southcentralus", "South Central US", "US"),
        ("canadacentral", "Canada Central", "Canada"), ("brazilsouth", "Brazil South", "South America"),
        ("northeurope", "North Europe", "Europe"), ("westeurope", "West Europe", "Europe"),
        ("uksouth", "UK South", "Europe"), ("francecentral", "France Central", "Europe"),
        ("germanywestcentral", "Germany West Central", "Europe"), ("swedencentral", "Sweden Central", "Europe"),
        ("switzerlandnorth", "Switzerland North", "Europe"), ("japaneast", "Japan East", "Asia Pacific"),
        ("koreacentral", "Korea Central", "Asia Pacific"), ("southeastasia", "Southeast Asia", "Asia Pacific"),
        ("australiaeast", "Australia East", "Asia Pacific"), ("centralindia", "Central India", "Asia Pacific"),
    ]

    func listLocations(_ call: Call, _ subscription: String) async throws -> ARMResponse {
        guard call.method == "GET" else { throw ARMError.methodNotAllowed(call.method) }
        let items: [JSON] = Self.regions.map { r in
            .object([
                "id": .string("/subscriptions/\(subscription)/locations/\(r.name)"),
                "name": .string(r.name),
                "type": "Region",
                "displayName": .string(r.display),
                "regionalDisplayName": .string("(\(r.geography)) \(r.display)"),
                "metadata": .object(["regionType": "Physical", "regionCategory": "Recommended",
                                     "geographyGroup": .string(r.geography)]),
            ])
        }
        return Self.ok(.object(["value": .array(items)]))
    }
}
