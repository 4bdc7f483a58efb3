import ARM
import CeruleanJSON
import Foundation

/// `Microsoft.KeyVault/vaults`: the vault record a workspace names, with its `vaultUri` and the
/// defaults the Key Vault API reports. No secrets, keys or certificates data plane.
enum VaultType {
    static let type = "Microsoft.KeyVault/vaults"

    static func make() -> ResourceType {
        var t = ResourceType(type: type)
        t.nameRule = NameRule(explanation: "Vault names have 3 to 24 letters, digits and hyphens, begin with a letter, end with a letter or digit, and have no consecutive hyphens.") { name in
            name.range(of: "^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", options: .regularExpression) != nil && !name.contains("--")
        }.refused { name in
            ARMError(status: 400, code: "VaultNameNotValid",
                     message: "The vault name '\(name)' is invalid. A vault's name must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens.",
                     target: "name")
        }
        t.apiVersions = ["2023-07-01", "2023-02-01", "2022-07-01", "2021-10-01", "2019-09-01"]
        t.listableBySubscription = true
        t.patchableKeys = ["tags", "properties"]
        t.validate = { draft, context in try validate(&draft, context) }
        return t
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext) throws {
        var props = draft.properties
        guard let tenant = try BodyReader.optionalString(props, "tenantId", path: "properties.tenantId"), !tenant.isEmpty else {
            throw ARMError.missingProperty("properties.tenantId")
        }
        guard UUID(uuidString: tenant) != nil else {
            throw ARMError.invalidParameter("The tenant id '\(tenant)' of the vault is not a GUID.", target: "properties.tenantId")
        }
        let sku = try DependencyRules.skuName(props, at: "properties.sku", allowed: ["standard", "premium"])
        if let other = try DependencyRules.claimant(of: draft.id, type: type, context) {
            throw ARMError.conflict("VaultAlreadyExists",
                                    "The vault name '\(draft.id.name)' is already in use (by '\(other.id.string)'). Vault names are globally unique so it is possible that the name is already taken.")
        }
        props["sku"] = ["family": "A", "name": .string(sku)]
        DependencyRules.fill(&props, [
            "accessPolicies": [],
            "enabledForDeployment": false,
            "enabledForDiskEncryption": false,
            "enabledForTemplateDeployment": false,
            "enableSoftDelete": true,
            "softDeleteRetentionInDays": 90,
            "enableRbacAuthorization": false,
            "publicNetworkAccess": "Enabled",
        ])
        props["vaultUri"] = .string("https://\(draft.id.name.lowercased()).vault.azure.net/")
        draft.properties = props
    }
}
