import ARM
import CeruleanJSON
import Foundation

/// `Microsoft.ContainerRegistry/registries`: the registry record with its `loginServer` and, when
/// the admin user is enabled, two passwords (`listCredentials`, `regenerateCredential`). No
/// registry data plane (nothing can be pushed or pulled).
enum RegistryType {
    static let type = "Microsoft.ContainerRegistry/registries"
    static let skus = ["Basic", "Standard", "Premium"]
    static let passwordNames = ["password", "password2"]
    static let passwords = ResourceSecrets(collection: "containerRegistryPasswords")

    static func make() -> ResourceType {
        var t = ResourceType(type: type)
        t.nameRule = .pattern("[a-zA-Z0-9]{5,50}", "Registry names have 5 to 50 letters and digits.")
        t.apiVersions = ["2023-07-01", "2023-01-01-preview", "2022-12-01", "2021-09-01", "2019-05-01"]
        t.listableBySubscription = true
        t.patchableKeys = ["tags", "sku", "identity", "properties"]
        t.validate = { draft, context in try validate(&draft, context) }
        t.onDeleted = { registry, context in try passwords.delete(registry.id, context.session) }
        t.actions["listcredentials"] = ResourceAction { registry, _, context in
            try credentials(registry, context)
        }
        t.actions["regeneratecredential"] = ResourceAction { registry, argument, context in
            let requested = try argument?.objectValue.flatMap { try BodyReader.optionalString($0, "name") }
            let name = try BodyReader.choice(requested, from: passwordNames, path: "name")
            var secrets = try currentPasswords(registry, context)
            secrets[name] = .string(newPassword())
            try passwords.save(secrets, for: registry.id, context.session)
            return try credentials(registry, context)
        }
        return t
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext) throws {
        let sku = try DependencyRules.skuName(draft.body, at: "sku", allowed: skus)
        if try DependencyRules.claimant(of: draft.id, type: type, context) != nil {
            throw ARMError.conflict("AlreadyInUse",
                                    "The registry DNS name \(loginServer(draft.id.name)) is already in use. Registry names are globally unique; choose another name.")
        }
        draft.body["sku"] = ["name": .string(sku), "tier": .string(sku)]
        var props = draft.properties
        if let admin = props["adminUserEnabled"], !admin.isNull, admin.boolValue == nil {
            throw BodyReader.wrongType("properties.adminUserEnabled", expected: "boolean", found: admin)
        }
        DependencyRules.fill(&props, [
            "adminUserEnabled": false,
            "policies": ["quarantinePolicy": ["status": "disabled"], "trustPolicy": ["type": "Notary", "status": "disabled"],
                         "retentionPolicy": ["days": 7, "status": "disabled"], "exportPolicy": ["status": "enabled"]],
            "encryption": ["status": "disabled"],
            "dataEndpointEnabled": false,
            "publicNetworkAccess": "Enabled",
            "networkRuleBypassOptions": "AzureServices",
            "zoneRedundancy": "Disabled",
            "anonymousPullEnabled": false,
        ])
        props["loginServer"] = .string(loginServer(draft.id.name))
        props["creationDate"] = DependencyRules.firstStamp(draft.existing, "creationDate", context)
        props["dataEndpointHostNames"] = []
        props["privateEndpointConnections"] = []
        draft.properties = props
    }

    static func loginServer(_ name: String) -> String { "\(name.lowercased()).azurecr.io" }

    static func newPassword() -> String { String(ResourceSecrets.base64Key(bytes: 39).filter { $0.isLetter || $0.isNumber }.prefix(52)) }

    static func currentPasswords(_ registry: StoredResource, _ context: ResourceContext) throws -> JSONObject {
        try passwords.loadOrCreate(registry.id, context.session) {
            JSONObject(passwordNames.map { ($0, JSON.string(newPassword())) })
        }
    }

    /// `{"username", "passwords": [{name, value}]}`; refused while the admin user is disabled, as ACR does.
    static func credentials(_ registry: StoredResource, _ context: ResourceContext) throws -> ARMResponse {
        guard registry.properties["adminUserEnabled"]?.boolValue == true else {
            throw ARMError(status: 400, code: "UnAuthorizedForCredentialOperations",
                           message: "Cannot perform credential operations for \(registry.id.string) as admin user is disabled. Kindly enable admin user as per docs: https://docs.microsoft.com/azure/container-registry/container-registry-authentication#admin-account")
        }
        let secrets = try currentPasswords(registry, context)
        return ARMResponse(status: 200, body: [
            "username": .string(registry.id.name),
            "passwords": .array(passwordNames.map { ["name": .string($0), "value": secrets[$0] ?? ""] }),
        ])
    }
}
