import ARM
import Catalog
import CeruleanJSON
import Foundation

/// The provider's routes that are not resources: subdomain and SKU checks, SKU and model lists,
/// quota usages, an account's models, SKUs and usages, and the soft-deleted accounts.
enum CognitiveOperations {
    static let ns = CognitiveServicesProvider.namespace

    static func all(_ catalog: ModelCatalog) -> [ProviderOperation] {
        [
            ProviderOperation("POST", namespace: ns, "checkDomainAvailability") { call in try checkDomain(call) },
            ProviderOperation("POST", namespace: ns, "locations/{location}/checkSkuAvailability") { call in try checkSku(call) },
            ProviderOperation("GET", namespace: ns, "skus") { _ in .list(subscriptionSkus()) },
            ProviderOperation("GET", namespace: ns, "locations/{location}/models") { call in
                .list(ModelListing.locationModels(catalog, region: region(call)))
            },
            ProviderOperation("GET", namespace: ns, "locations/{location}/usages") { call in
                .list(try Quota(session: call.session).usages(catalog, subscription: call.subscriptionID, region: region(call)))
            },
            ProviderOperation("GET", namespace: ns, "deletedAccounts") { call in
                .list(try DeletedAccounts(transaction: call.session.transaction).all()
                    .filter { $0.id?.subscriptionID.lowercased() == call.subscriptionID.lowercased() }
                    .map { DeletedAccounts.present($0, baseURL: call.baseURL) })
            },
            ProviderOperation("GET", namespace: ns, "locations/{location}/resourceGroups/{group}/deletedAccounts/{name}") { call in
                .body(DeletedAccounts.present(try deletedEntry(call), baseURL: call.baseURL))
            },
            ProviderOperation("DELETE", namespace: ns, "locations/{location}/resourceGroups/{group}/deletedAccounts/{name}",
                              writes: true) { call in
                let entry = try deletedEntry(call)
                if let id = entry.id { try DeletedAccounts(transaction: call.session.transaction).remove(id) }
                return .empty(status: 200)
            },
            ProviderOperation("GET", namespace: ns, scope: .resourceGroup, "accounts/{account}/models") { call in
                let account = try account(call)
                return .list(ModelListing.accountModels(catalog, kind: AccountType.kind(of: account), region: account.location ?? ""))
            },
            ProviderOperation("GET", namespace: ns, scope: .resourceGroup, "accounts/{account}/skus") { call in
                _ = try account(call)
                return .list([["resourceType": .string(AccountType.type), "sku": ["name": "S0", "tier": "Standard"]]])
            },
            ProviderOperation("GET", namespace: ns, scope: .resourceGroup, "accounts/{account}/usages") { call in
                let account = try account(call)
                return .list(try Quota(session: call.session).usages(catalog, subscription: call.subscriptionID,
                                                                      region: account.location ?? "", account: account.id))
            },
            ProviderOperation("GET", namespace: ns, scope: .resourceGroup, "accounts/{account}/deployments/{deployment}/skus") { call in
                try deploymentSkus(call, catalog)
            },
        ]
    }

    static func region(_ call: ProviderOperationCall) -> String {
        call.parameter("location").lowercased().replacingOccurrences(of: " ", with: "")
    }

    static func account(_ call: ProviderOperationCall) throws -> StoredResource {
        let id = ResourceID(subscriptionID: call.subscriptionID, resourceGroup: call.resourceGroup, namespace: ns,
                            segments: [.init(type: "accounts", name: call.parameter("account"))])
        guard let account = try call.session.get(id) else { throw ARMError.resourceNotFound(id) }
        return account
    }

    static func deletedEntry(_ call: ProviderOperationCall) throws -> DeletedAccounts.Entry {
        let id = ResourceID(subscriptionID: call.subscriptionID, resourceGroup: call.parameter("group"), namespace: ns,
                            segments: [.init(type: "accounts", name: call.parameter("name"))])
        guard let entry = try DeletedAccounts(transaction: call.session.transaction).entry(id), entry.location == region(call) else {
            throw CognitiveErrors.deletedAccountNotFound(call.parameter("name"))
        }
        return entry
    }

    /// `{"subdomainName", "type", "kind"?}` answered with whether the subdomain is free.
    static func checkDomain(_ call: ProviderOperationCall) throws -> ProviderOperation.Result {
        let body = try call.bodyObject()
        guard let name = try BodyReader.optionalString(body, "subdomainName") else { throw CognitiveErrors.missing("subdomainName") }
        let type = try BodyReader.optionalString(body, "type") ?? AccountType.type
        var answer: JSONObject = ["subdomainName": .string(name), "type": .string(type)]
        if let kind = try BodyReader.optionalString(body, "kind") { answer["kind"] = .string(kind) }
        if !AccountEndpoints.isValidSubdomain(name) {
            answer["isSubdomainAvailable"] = false
            answer["reason"] = .string("Sub domain name '\(name)' is not valid")
        } else if try SubdomainRegistry(session: call.session).owner(of: name) != nil {
            answer["isSubdomainAvailable"] = false
            answer["reason"] = .string("Sub domain name '\(name)' is already used")
        } else {
            answer["isSubdomainAvailable"] = true
            answer["reason"] = .null
        }
        return .body(.object(answer))
    }

    static func checkSku(_ call: ProviderOperationCall) throws -> ProviderOperation.Result {
        let body = try call.bodyObject()
        guard let skus = body["skus"]?.arrayValue else { throw CognitiveErrors.missing("skus") }
        guard let kind = try BodyReader.optionalString(body, "kind") else { throw CognitiveErrors.missing("kind") }
        let type = try BodyReader.optionalString(body, "type") ?? AccountType.type
        let known = AccountType.kinds.contains { $0.lowercased() == kind.lowercased() }
        let items: [JSON] = skus.map { sku in
            let name = sku.stringValue ?? ""
            let available = known && AccountType.skus.contains(name.uppercased())
            return ["kind": .string(kind), "type": .string(type), "skuName": .string(name), "skuAvailable": .bool(available),
                    "reason": available ? .null : "NotAvailableForKind",
                    "message": available ? .null : .string("The SKU '\(name)' is not available for kind '\(kind)' here.")]
        }
        return .body(["value": .array(items)])
    }

    /// One entry per kind, SKU and region, as the subscription-wide list answers (az filters it).
    static func subscriptionSkus() -> [JSON] {
        let regions = Set(CognitiveServicesProvider.locations.map { $0.lowercased().replacingOccurrences(of: " ", with: "") }).sorted()
        return AccountType.kinds.flatMap { kind in
            regions.map { region -> JSON in
                ["resourceType": "accounts", "name": "S0", "tier": "Standard", "kind": .string(kind),
                 "locations": [.string(region.uppercased())], "restrictions": []]
            }
        }
    }

    static func deploymentSkus(_ call: ProviderOperationCall, _ catalog: ModelCatalog) throws -> ProviderOperation.Result {
        let account = try account(call)
        let id = account.id.appending(type: "deployments", name: call.parameter("deployment"))
        guard let deployment = try call.session.get(id) else { throw ARMError.resourceNotFound(id) }
        let model = deployment.properties["model"]
        guard let format = model?["format"]?.stringValue, let name = model?["name"]?.stringValue,
            let offer = catalog.accountModel(format: format, name: name)?.accountDeployment
        else { return .list([]) }
        return .list(offer.skus.filter { $0.regions.contains(account.location ?? "") }.map { sku in
            ["resourceType": .string(AccountDeploymentType.type), "sku": ["name": .string(sku.name), "capacity": JSON(sku.defaultCapacity)],
             "capacity": ["minimum": JSON(sku.minimum), "maximum": JSON(sku.maxCapacity), "step": JSON(sku.step),
                          "default": JSON(sku.defaultCapacity)]]
        })
    }
}
