import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Store
import Testing

/// The engine's one mechanism for extension resources: `.anyScope` provider operations below
/// any scope, the scope checked, and scope-removal hooks when a resource tree is deleted.
@Suite struct ExtensionResourceTests {
    static let sub = EngineHarness.sub
    static let group = EngineHarness.group
    static let widget = EngineHarness.widget("w1")
    static let collection = "notes"

    /// A `Microsoft.CeruleanNotes/notes/{name}` extension kept as documents keyed by its id.
    static var operations: [ProviderOperation] {
        [
            ProviderOperation("PUT", namespace: "Microsoft.CeruleanNotes", scope: .anyScope, "notes/{name}", writes: true) { call in
                let scope = try #require(call.scope)
                let id = scope.extensionID(namespace: "Microsoft.CeruleanNotes", type: "notes", name: call.parameter("name"))
                let body: JSON = ["id": .string(id), "scope": .string(scope.string)]
                try call.session.transaction.saveDocument(collection, key: id.lowercased(), body: body.serialized())
                return .body(body, status: 201)
            },
            ProviderOperation("GET", namespace: "Microsoft.CeruleanNotes", scope: .anyScope, "notes") { call in
                let scope = try #require(call.scope)
                return .list(try call.session.transaction.documents(collection)
                    .filter { $0.key.hasPrefix(scope.key == "/" ? "/" : scope.key + "/") }
                    .map { try JSONParser.parse($0.body) })
            },
        ]
    }

    static func harness() async throws -> (ARMEngine, Store) {
        let store = try Store.inMemory()
        let engine = ARMEngine(store: store, types: TestTypes.all, clock: ManualClock(), policies: PolicyBook(default: .immediate),
                               operations: operations,
                               scopeRemovalHooks: [{ key, session in try session.transaction.deleteDocuments(collection, atOrBelow: key) }])
        try await engine.bootstrap()
        return (engine, store)
    }

    static func call(_ engine: ARMEngine, _ method: String, _ path: String, body: String? = nil) async -> ARMResponse {
        await engine.handle(ARMRequest(method: method, path: path, query: [("api-version", "2024-01-01")],
                                       headers: ["Authorization": "Bearer x"], body: body.map { Data($0.utf8) },
                                       baseURL: EngineHarness.base))
    }

    @Test func routesBelowEveryScopeAndEchoesTheScope() async throws {
        let (engine, _) = try await Self.harness()
        _ = await Self.call(engine, "PUT", "/subscriptions/\(Self.sub)/resourceGroups/rg1", body: #"{"location":"eastus"}"#)
        _ = await Self.call(engine, "PUT", Self.widget, body: #"{"location":"eastus"}"#)
        let gadget = Self.widget + "/gadgets/g1"
        _ = await Self.call(engine, "PUT", gadget, body: "{}")
        for scope in ["", "/subscriptions/\(Self.sub)", Self.group, Self.widget, gadget] {
            let put = await Self.call(engine, "PUT", scope + "/providers/Microsoft.CeruleanNotes/notes/n1")
            #expect(put.status == 201, "\(scope)")
            #expect(put.body?["scope"]?.stringValue == (scope.isEmpty ? "/" : scope))
            #expect(put.body?["id"]?.stringValue == scope + "/providers/Microsoft.CeruleanNotes/notes/n1")
        }
        let below = await Self.call(engine, "GET", Self.group + "/providers/Microsoft.CeruleanNotes/notes")
        #expect(below.body?["value"]?.arrayValue?.count == 3)
        let wrongMethod = await Self.call(engine, "DELETE", Self.group + "/providers/Microsoft.CeruleanNotes/notes")
        #expect(wrongMethod.status == 405)
    }

    @Test func missingScopesGetTheirOwnErrors() async throws {
        let (engine, store) = try await Self.harness()
        let noSub = await Self.call(engine, "PUT", "/subscriptions/99999999-1111-2222-3333-444444444444/providers/Microsoft.CeruleanNotes/notes/n")
        #expect(noSub.body?["error"]?["code"]?.stringValue == "SubscriptionNotFound")
        let noGroup = await Self.call(engine, "PUT", Self.group + "/providers/Microsoft.CeruleanNotes/notes/n")
        #expect(noGroup.status == 404)
        #expect(noGroup.body?["error"]?["code"]?.stringValue == "ResourceGroupNotFound")
        _ = await Self.call(engine, "PUT", "/subscriptions/\(Self.sub)/resourceGroups/rg1", body: #"{"location":"eastus"}"#)
        let noResource = await Self.call(engine, "PUT", Self.widget + "/providers/Microsoft.CeruleanNotes/notes/n")
        #expect(noResource.status == 404)
        #expect(noResource.body?["error"]?["code"]?.stringValue == "ResourceNotFound")
        #expect(try await store.read { try $0.documents(Self.collection) }.isEmpty)
    }

    @Test func deletingAResourceRemovesWhatIsKeptBelowIt() async throws {
        let (engine, store) = try await Self.harness()
        _ = await Self.call(engine, "PUT", "/subscriptions/\(Self.sub)/resourceGroups/rg1", body: #"{"location":"eastus"}"#)
        _ = await Self.call(engine, "PUT", "/subscriptions/\(Self.sub)/resourceGroups/rg10", body: #"{"location":"eastus"}"#)
        _ = await Self.call(engine, "PUT", Self.widget, body: #"{"location":"eastus"}"#)
        for scope in ["/subscriptions/\(Self.sub)", Self.group, Self.widget, "/subscriptions/\(Self.sub)/resourceGroups/rg10"] {
            _ = await Self.call(engine, "PUT", scope + "/providers/Microsoft.CeruleanNotes/notes/n1")
        }
        _ = await Self.call(engine, "DELETE", Self.widget)
        var left = try await store.read { try $0.documents(Self.collection).map(\.key) }
        #expect(left.count == 3)
        #expect(!left.contains { $0.contains("/widgets/") })
        _ = await Self.call(engine, "DELETE", Self.group)
        left = try await store.read { try $0.documents(Self.collection).map(\.key) }
        // rg10 shares rg1's prefix but is not below it.
        #expect(left.sorted() == ["/subscriptions/\(Self.sub)/providers/microsoft.ceruleannotes/notes/n1",
                                  "/subscriptions/\(Self.sub)/resourcegroups/rg10/providers/microsoft.ceruleannotes/notes/n1"])
    }
}
