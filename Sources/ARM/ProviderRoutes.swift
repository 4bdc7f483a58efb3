import CeruleanJSON
import Foundation
import Store

/// `GET /subscriptions/{s}/providers[/{ns}]`, `POST .../providers/{ns}/register|unregister`.
/// Every namespace starts Registered; an unregistered one refuses writes with
/// `MissingSubscriptionRegistration`, as ARM does (az then registers it by itself).
extension ARMEngine {
    static let registrations = "providerRegistrations"

    static func registrationKey(_ subscription: String, _ namespace: String) -> String {
        "\(subscription)/\(namespace)".lowercased()
    }

    static func registrationState(_ tx: StoreTransaction, _ subscription: String, _ namespace: String) throws -> String {
        guard let data = try tx.document(registrations, key: registrationKey(subscription, namespace)) else {
            return "Registered"
        }
        return try JSONParser.parse(data)["state"]?.stringValue ?? "Registered"
    }

    static func requireRegistered(_ tx: StoreTransaction, _ subscription: String, _ namespace: String) throws {
        guard try registrationState(tx, subscription, namespace) == "Registered" else {
            throw ARMError.conflict(
                "MissingSubscriptionRegistration",
                "The subscription is not registered to use namespace '\(namespace)'. See https://aka.ms/rps-not-found for how to register subscriptions.")
        }
    }

    func providerDocument(_ subscription: String, _ namespace: String, types: [ResourceType], state: String) -> JSON {
        .object([
            "id": .string("/subscriptions/\(subscription)/providers/\(namespace)"),
            "namespace": .string(namespace),
            "registrationState": .string(state),
            "registrationPolicy": .string(namespace == "Microsoft.Resources" ? "RegistrationFree" : "RegistrationRequired"),
            "resourceTypes": .array(types.map { t in
                .object([
                    "resourceType": .string(t.relativeType),
                    "locations": .array(t.locations.map(JSON.string)),
                    "apiVersions": .array(t.apiVersions.map(JSON.string)),
                    "capabilities": "None",
                ])
            }),
        ])
    }

    func listProviders(_ call: Call, _ subscription: String) async throws -> ARMResponse {
        guard call.method == "GET" else { throw ARMError.methodNotAllowed(call.method) }
        let namespaces = registry.namespaces
        let states = try await store.read { tx in
            try namespaces.map { try ARMEngine.registrationState(tx, subscription, $0.namespace) }
        }
        let items = zip(namespaces, states).map { providerDocument(subscription, $0.namespace, types: $0.types, state: $1) }
        return Self.ok(try pager.page(items, request: call.request))
    }

    func getProvider(_ call: Call, _ subscription: String, namespace: String) async throws -> ARMResponse {
        guard call.method == "GET" else { throw ARMError.methodNotAllowed(call.method) }
        let (name, types) = try knownNamespace(namespace)
        let state = try await store.read { tx in try ARMEngine.registrationState(tx, subscription, name) }
        return Self.ok(providerDocument(subscription, name, types: types, state: state))
    }

    func registerProvider(_ call: Call, _ subscription: String, namespace: String, register: Bool) async throws
        -> ARMResponse
    {
        guard call.method == "POST" else { throw ARMError.methodNotAllowed(call.method) }
        let (name, types) = try knownNamespace(namespace)
        let state = register ? "Registered" : "Unregistered"
        let now = clock.now()
        try await store.write { tx in
            try tx.saveDocument(ARMEngine.registrations, key: ARMEngine.registrationKey(subscription, name),
                                body: JSON.object(["state": .string(state)]).serialized(), at: now)
        }
        return Self.ok(providerDocument(subscription, name, types: types, state: state))
    }

    private func knownNamespace(_ namespace: String) throws -> (String, [ResourceType]) {
        guard let entry = registry.namespaces.first(where: { $0.namespace.lowercased() == namespace.lowercased() }) else {
            throw ARMError(status: 404, code: "InvalidResourceNamespace",
                           message: "The resource namespace '\(namespace)' is invalid.")
        }
        return (entry.namespace, entry.types)
    }
}
