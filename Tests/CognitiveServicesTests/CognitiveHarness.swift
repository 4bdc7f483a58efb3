import ARM
import Catalog
import CeruleanJSON
import CognitiveServices
import Foundation
import Store

/// The engine with the Cognitive Services provider on an in-memory store and a manual clock.
struct CognitiveHarness {
    static let sub = "00000000-1111-2222-3333-444444444444"
    static let base = "https://cerulean.test"
    static let group = "/subscriptions/\(sub)/resourceGroups/rg1"
    static let cs = "\(group)/providers/Microsoft.CognitiveServices"
    static let provider = "/subscriptions/\(sub)/providers/Microsoft.CognitiveServices"

    let engine: ARMEngine
    let clock = ManualClock()
    let store: Store

    init(policy: ProvisioningPolicy = .immediate) async throws {
        store = try Store.inMemory()
        let provider = CognitiveServicesProvider(catalog: try ModelCatalog.standard())
        engine = ARMEngine(store: store, types: provider.types, clock: clock, policies: PolicyBook(default: policy),
                           operations: provider.operations)
        try await engine.bootstrap()
        _ = await call("PUT", Self.group, body: #"{"location":"eastus"}"#)
    }

    func call(_ method: String, _ path: String, body: String? = nil, apiVersion: String = "2025-09-01") async -> ARMResponse {
        await engine.handle(ARMRequest(method: method, path: path, query: [("api-version", apiVersion)],
                                       headers: ["Authorization": "Bearer x"], body: body.map { Data($0.utf8) },
                                       baseURL: Self.base))
    }

    static func account(_ name: String) -> String { "\(cs)/accounts/\(name)" }
    static func deployment(_ account: String, _ name: String) -> String { "\(self.account(account))/deployments/\(name)" }

    @discardableResult
    func makeAccount(_ name: String = "acct", kind: String = "OpenAI", location: String = "eastus", subdomain: String? = nil,
                     extra: String = "") async -> ARMResponse {
        var props: [String] = []
        if let subdomain { props.append(#""customSubDomainName":"\#(subdomain)""#) }
        if !extra.isEmpty { props.append(extra) }
        return await call("PUT", Self.account(name),
                          body: #"{"kind":"\#(kind)","sku":{"name":"S0"},"location":"\#(location)","properties":{\#(props.joined(separator: ","))}}"#)
    }

    @discardableResult
    func deploy(_ account: String = "acct", _ name: String = "chat", model: String = "gpt-4o", version: String? = "2024-11-20",
                format: String = "OpenAI", sku: String = "Standard", capacity: Int? = 10) async -> ARMResponse {
        let v = version.map { #","version":"\#($0)""# } ?? ""
        let c = capacity.map { #","capacity":\#($0)"# } ?? ""
        return await call("PUT", Self.deployment(account, name),
                          body: #"{"sku":{"name":"\#(sku)"\#(c)},"properties":{"model":{"format":"\#(format)","name":"\#(model)"\#(v)}}}"#)
    }
}

extension ARMResponse {
    var errorCode: String? { body?["error"]?["code"]?.stringValue }
    var errorMessage: String? { body?["error"]?["message"]?.stringValue }
    var props: JSON? { body?["properties"] }
}
