import ARM
import Foundation
import Store

/// An engine with a provider's types on an in-memory store and a manual clock (no socket, no
/// sleeping), with one resource group made: what the provider test targets share.
public struct ProviderHarness: Sendable {
    public static let subscription = "00000000-1111-2222-3333-444444444444"
    public static let baseURL = "https://cerulean.test"

    public let engine: ARMEngine
    public let clock = ManualClock()
    public let store: Store

    public init(types: [ResourceType], policy: ProvisioningPolicy, group: String = "rg1", location: String = "eastus2") async throws {
        store = try Store.inMemory()
        engine = ARMEngine(store: store, types: types, clock: clock, policies: PolicyBook(default: policy))
        try await engine.bootstrap()
        _ = await call("PUT", "/subscriptions/\(Self.subscription)/resourceGroups/\(group)", body: #"{"location":"\#(location)"}"#,
                       apiVersion: "2024-03-01")
    }

    /// One ARM request with a bearer token; `query` adds parameters after the api-version.
    public func call(_ method: String, _ path: String, body: String? = nil, apiVersion: String,
                     query: [(String, String)] = []) async -> ARMResponse {
        await engine.handle(ARMRequest(method: method, path: path, query: [("api-version", apiVersion)] + query,
                                       headers: ["Authorization": "Bearer x"], body: body.map { Data($0.utf8) },
                                       baseURL: Self.baseURL))
    }
}
