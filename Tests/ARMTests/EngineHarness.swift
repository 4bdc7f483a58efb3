import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Store

/// The engine on an in-memory store with a manual clock: no socket, no sleeping.
struct EngineHarness {
    static let sub = "00000000-1111-2222-3333-444444444444"
    static let base = "https://cerulean.test"
    let engine: ARMEngine
    let clock: ManualClock

    init(policy: ProvisioningPolicy = .standard, pageSize: Int = 100) async throws {
        clock = ManualClock()
        var settings = ARMSettings()
        settings.pageSize = pageSize
        engine = ARMEngine(store: try Store.inMemory(), types: TestTypes.all, clock: clock,
                           policies: PolicyBook(default: policy), settings: settings)
        try await engine.bootstrap()
    }

    func call(_ method: String, _ path: String, body: String? = nil, apiVersion: String? = "2024-01-01",
              headers: [String: String] = ["Authorization": "Bearer x"]) async -> ARMResponse {
        var query: [(String, String)] = []
        var rawPath = path
        if let q = path.firstIndex(of: "?") {
            rawPath = String(path[..<q])
            query = path[path.index(after: q)...].split(separator: "&").map {
                let kv = $0.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                return (kv[0], kv.count > 1 ? kv[1] : "")
            }
        }
        if let apiVersion { query.append(("api-version", apiVersion)) }
        return await engine.handle(ARMRequest(method: method, path: rawPath, query: query, headers: headers,
                                              body: body.map { Data($0.utf8) }, baseURL: Self.base))
    }

    /// Follows an absolute URL the engine handed out.
    func follow(_ url: String) async -> ARMResponse {
        await call("GET", String(url.dropFirst(Self.base.count)), apiVersion: nil)
    }

    static var group: String { "/subscriptions/\(sub)/resourceGroups/rg1" }
    static func widget(_ name: String) -> String { "\(group)/providers/Microsoft.CeruleanTest/widgets/\(name)" }

    @discardableResult
    func makeGroup(_ name: String = "rg1", location: String = "eastus") async -> ARMResponse {
        await call("PUT", "/subscriptions/\(Self.sub)/resourceGroups/\(name)", body: #"{"location":"\#(location)"}"#)
    }

    @discardableResult
    func makeWidget(_ name: String, body: String = #"{"location":"eastus","properties":{"size":3}}"#) async -> ARMResponse {
        await call("PUT", Self.widget(name), body: body)
    }
}

extension ARMResponse {
    var errorCode: String? { body?["error"]?["code"]?.stringValue }
    var errorMessage: String? { body?["error"]?["message"]?.stringValue }
    var provisioningState: String? { body?["properties"]?["provisioningState"]?.stringValue }
}
