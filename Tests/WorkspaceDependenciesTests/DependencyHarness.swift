import ARM
import CeruleanJSON
import Foundation
import Store
import WorkspaceDependencies

/// The engine with the workspace dependencies' types on an in-memory store and a manual clock.
struct DependencyHarness {
    static let sub = "00000000-1111-2222-3333-444444444444"
    static let base = "https://cerulean.test"
    static let group = "/subscriptions/\(sub)/resourceGroups/rg1"
    static let tenant = "00000000-aaaa-bbbb-cccc-dddddddddddd"

    let engine: ARMEngine
    let clock = ManualClock()
    let store: Store

    init(policy: ProvisioningPolicy = .immediate) async throws {
        store = try Store.inMemory()
        engine = ARMEngine(store: store, types: WorkspaceDependencies.types, clock: clock, policies: PolicyBook(default: policy))
        try await engine.bootstrap()
        _ = await call("PUT", Self.group, body: #"{"location":"eastus2"}"#)
    }

    func call(_ method: String, _ path: String, body: String? = nil, apiVersion: String = "2023-04-01") async -> ARMResponse {
        await engine.handle(ARMRequest(method: method, path: path, query: [("api-version", apiVersion)],
                                       headers: ["Authorization": "Bearer x"], body: body.map { Data($0.utf8) },
                                       baseURL: Self.base))
    }

    static func id(_ type: String, _ name: String, group: String = "rg1") -> String {
        "/subscriptions/\(sub)/resourceGroups/\(group)/providers/\(type)/\(name)"
    }

    static func storage(_ name: String) -> String { id(WorkspaceDependencies.storageAccountType, name) }
    static func vault(_ name: String) -> String { id(WorkspaceDependencies.vaultType, name) }
    static func insights(_ name: String) -> String { id(WorkspaceDependencies.componentType, name) }
    static func logAnalytics(_ name: String) -> String { id(WorkspaceDependencies.logAnalyticsWorkspaceType, name) }
    static func registry(_ name: String) -> String { id(WorkspaceDependencies.registryType, name) }

    /// The bodies azure-ai-ml's workspace template sends (trimmed to what matters).
    static let storageBody = #"{"location":"eastus2","sku":{"name":"Standard_LRS"},"kind":"StorageV2","properties":{"networkAcls":null,"supportsHttpsTrafficOnly":true,"minimumTlsVersion":"TLS1_2"}}"#
    static let vaultBody = #"{"location":"eastus2","properties":{"tenantId":"\#(tenant)","sku":{"name":"standard","family":"A"},"accessPolicies":[],"enableRbacAuthorization":true}}"#
    static let logAnalyticsBody = #"{"location":"eastus2","kind":"web","properties":{"Application_Type":"web"}}"#
    static func insightsBody(workspace: String?) -> String {
        let link = workspace.map { #","WorkspaceResourceId":"\#($0)""# } ?? ""
        return #"{"location":"eastus2","kind":"web","properties":{"Application_Type":"web"\#(link)}}"#
    }
    static let registryBody = #"{"location":"eastus2","sku":{"name":"Basic"},"properties":{"adminUserEnabled":true}}"#
}

extension ARMResponse {
    var errorCode: String? { body?["error"]?["code"]?.stringValue }
    var errorMessage: String? { body?["error"]?["message"]?.stringValue }
    var props: JSON? { body?["properties"] }
}
