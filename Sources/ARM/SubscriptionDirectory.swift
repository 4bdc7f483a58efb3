import CeruleanJSON
import Foundation
import Store

/// Subscriptions and tenants, kept as documents.
public struct SubscriptionDirectory {
    static let subscriptions = "subscriptions"
    static let tenants = "tenants"
    let transaction: StoreTransaction

    public init(transaction: StoreTransaction) {
        self.transaction = transaction
    }

    public func subscription(_ id: String) throws -> JSONObject? {
        try transaction.document(Self.subscriptions, key: id.lowercased()).flatMap { try JSONParser.parse($0).objectValue }
    }

    public func exists(_ id: String) throws -> Bool {
        try transaction.document(Self.subscriptions, key: id.lowercased()) != nil
    }

    public func allSubscriptions() throws -> [JSONObject] {
        try transaction.documents(Self.subscriptions).compactMap { try JSONParser.parse($0.body).objectValue }
    }

    public func allTenants() throws -> [JSONObject] {
        try transaction.documents(Self.tenants).compactMap { try JSONParser.parse($0.body).objectValue }
    }

    /// Adds the subscription (and its tenant) unless it exists.
    public func ensure(subscriptionID: String, displayName: String, tenantID: String, now: Date) throws {
        if try transaction.document(Self.tenants, key: tenantID.lowercased()) == nil {
            let tenant: JSON = [
                "id": .string("/tenants/\(tenantID)"), "tenantId": .string(tenantID), "countryCode": "US",
                "displayName": "Cerulean", "domains": ["cerulean.local"], "tenantCategory": "Home",
                "defaultDomain": "cerulean.local", "tenantType": "AAD",
            ]
            try transaction.saveDocument(Self.tenants, key: tenantID.lowercased(), body: tenant.serialized(), at: now)
        }
        guard try subscription(subscriptionID) == nil else { return }
        let body: JSON = [
            "id": .string("/subscriptions/\(subscriptionID)"),
            "authorizationSource": "RoleBased",
            "managedByTenants": [],
            "subscriptionId": .string(subscriptionID),
            "tenantId": .string(tenantID),
            "displayName": .string(displayName),
            "state": "Enabled",
            "subscriptionPolicies": [
                "locationPlacementId": "Public_2014-09-01", "quotaId": "PayAsYouGo_2014-09-01", "spendingLimit": "Off",
            ],
            "tags": [:],
        ]
        try transaction.saveDocument(Self.subscriptions, key: subscriptionID.lowercased(), body: body.serialized(), at: now)
    }
}

extension ARMEngine {
    func listSubscriptions(_ call: Call) async throws -> ARMResponse {
        guard call.method == "GET" else { throw ARMError.methodNotAllowed(call.method) }
        let filter = call.readFilter
        let now = clock.now()
        let items = try await store.read { tx in
            let all = try SubscriptionDirectory(transaction: tx).allSubscriptions()
            guard let filter else { return all }
            // Listed: the subscriptions the caller holds a role at, above or within.
            let session = ResourceSession(transaction: tx, now: now)
            return try all.filter { body in
                guard let id = body["id"]?.stringValue else { return false }
                return try filter.hook.holdsAnyRole(filter.caller, around: id, session: session)
            }
        }
        return Self.ok(try pager.page(items.map(JSON.object), request: call.request))
    }

    func listTenants(_ call: Call) async throws -> ARMResponse {
        guard call.method == "GET" else { throw ARMError.methodNotAllowed(call.method) }
        let items = try await store.read { tx in try SubscriptionDirectory(transaction: tx).allTenants() }
        return Self.ok(try pager.page(items.map(JSON.object), request: call.request))
    }

    func getSubscription(_ call: Call, _ id: String) async throws -> ARMResponse {
        guard call.method == "GET" else { throw ARMError.methodNotAllowed(call.method) }
        let body = try await store.read { tx in try SubscriptionDirectory(transaction: tx).subscription(id) }
        guard let body else { throw ARMError.subscriptionNotFound(id) }
        return Self.ok(.object(body))
    }
}
