import ARM
import Authorization
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Store

/// The engine with the Authorization provider and the test widgets on an in-memory store, one
/// resource group (`rg1`) and one widget (`w1`) made: scopes at every level.
struct AuthorizationHarness {
    static let sub = "00000000-1111-2222-3333-444444444444"
    static let base = "https://cerulean.test"
    static let subscription = "/subscriptions/\(sub)"
    static let group = "\(subscription)/resourceGroups/rg1"
    static let widget = "\(group)/providers/Microsoft.CeruleanTest/widgets/w1"
    static let definitions = "/providers/Microsoft.Authorization/roleDefinitions"
    static let assignments = "/providers/Microsoft.Authorization/roleAssignments"
    static let reader = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
    static let developer = "64702f94-c441-49e6-a78b-ef80e0188fee"

    let engine: ARMEngine
    let store: Store
    let provider: AuthorizationProvider

    init(checksPrincipals: Bool = true) async throws {
        store = try Store.inMemory()
        provider = AuthorizationProvider(builtInRoles: try BuiltInRoles.standard(), checksPrincipals: checksPrincipals)
        engine = ARMEngine(store: store, types: TestTypes.all, clock: ManualClock(), policies: PolicyBook(default: .immediate),
                           operations: provider.operations, scopeRemovalHooks: provider.scopeRemovalHooks)
        try await engine.bootstrap()
        _ = await call("PUT", Self.group, body: #"{"location":"eastus"}"#, apiVersion: "2024-03-01")
        _ = await call("PUT", Self.widget, body: #"{"location":"eastus","properties":{"size":1}}"#, apiVersion: "2024-01-01")
    }

    func call(_ method: String, _ path: String, body: String? = nil, apiVersion: String = "2022-04-01",
              filter: String? = nil, query: [(String, String)] = []) async -> ARMResponse {
        var q = [("api-version", apiVersion)] + query
        if let filter { q.append(("$filter", filter)) }
        return await engine.handle(ARMRequest(method: method, path: path, query: q, headers: ["Authorization": "Bearer x"],
                                              body: body.map { Data($0.utf8) }, baseURL: Self.base))
    }

    /// The `value` of a list answer.
    static func values(_ response: ARMResponse) -> [JSON] { response.body?["value"]?.arrayValue ?? [] }
}

extension ARMResponse {
    var errorCode: String? { body?["error"]?["code"]?.stringValue }
    var errorMessage: String? { body?["error"]?["message"]?.stringValue }
}

extension AuthorizationHarness {
    static let alice = "aaaaaaaa-0000-0000-0000-000000000001"
    static let robot = "bbbbbbbb-0000-0000-0000-000000000002"

    /// Registers the two test principals in the directory.
    func registerPrincipals() async throws {
        try await store.write { tx in
            let directory = PrincipalDirectory(session: ResourceSession(transaction: tx, now: Date()))
            try directory.save(.init(objectID: Self.alice, kind: .user, displayName: "Alice", userPrincipalName: "alice@cerulean.local"))
            try directory.save(.init(objectID: Self.robot, kind: .servicePrincipal, displayName: "robot", appID: "robot-app"))
        }
    }

    static func roleID(_ guid: String) -> String {
        "/subscriptions/\(sub)/providers/Microsoft.Authorization/roleDefinitions/\(guid)"
    }

    /// `PUT {scope}/.../roleAssignments/{name}` with az's body.
    func assign(_ scope: String, name: String, principal: String = AuthorizationHarness.alice,
                role: String = AuthorizationHarness.roleID(AuthorizationHarness.reader), type: String? = "User") async -> ARMResponse {
        let typeMember = type.map { #", "principalType": "\#($0)""# } ?? ""
        return await call("PUT", scope + Self.assignments + "/" + name,
                          body: #"{"properties": {"principalId": "\#(principal)", "roleDefinitionId": "\#(role)"\#(typeMember)}}"#)
    }

    func storedAssignments() async throws -> Int {
        try await store.read { try $0.documents("roleAssignments").count }
    }
}
