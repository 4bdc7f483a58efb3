import ARM
import CeruleanTestSupport
import CeruleanJSON
import Foundation
import Store
import Testing
import WorkspaceDependencies

/// The engine with the workspace dependencies' types on an in-memory store and a manual clock.
struct DependencyHarness {
    static let sub = ProviderHarness.subscription
    static let group = "/subscriptions/\(sub)/resourceGroups/rg1"
    static let tenant = "00000000-aaaa-bbbb-cccc-dddddddddddd"

    let harness: ProviderHarness
    var store: Store { harness.store }

    init(policy: ProvisioningPolicy = .immediate) async throws {
        harness = try await ProviderHarness(types: WorkspaceDependencies.types, policy: policy)
    }

    func call(_ method: String, _ path: String, body: String? = nil, apiVersion: String = "2023-04-01") async -> ARMResponse {
        await harness.call(method, path, body: body, apiVersion: apiVersion)
    }

    /// PUTs a new resource, which must be created (201); the answer.
    func create(_ path: String, _ body: String, sourceLocation: SourceLocation = #_sourceLocation) async -> ARMResponse {
        let answer = await call("PUT", path, body: body)
        #expect(answer.status == 201, "\(answer.errorMessage ?? "")", sourceLocation: sourceLocation)
        return answer
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
