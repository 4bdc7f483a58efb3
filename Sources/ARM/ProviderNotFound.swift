import CeruleanJSON
import Foundation

/// `NoRegisteredProviderFound` as ARM words it: the type (below its namespace), the location and
/// api-version of the request, then the api-versions and locations the type supports. For a type
/// Cerulean does not emulate, the second sentence says so and names the types it does emulate.
extension ARMEngine {
    static let emulatedTypesDocs = "docs/index.md#what-is-emulated-now"

    func providerNotFound(_ fullType: String, _ call: Call, group: String?) async -> ARMError {
        let location = await requestLocation(call, group: group)
        let relative = fullType.split(separator: "/").dropFirst().joined(separator: "/")
        var message = "No registered resource provider found for location '\(location)' and API version '\(call.apiVersion)' for type '\(relative)'."
        let segments = fullType.split(separator: "/").map(String.init)
        if let type = registry.type(fullType) {
            let locations = type.locations.isEmpty ? Self.regions.map(\.name) : type.locations
            message += " The supported api-versions are '\(type.apiVersions.joined(separator: ", "))'. The supported locations are '\(locations.joined(separator: ", "))'."
        } else if segments.count > 2, let owner = registry.type(segments.dropLast().joined(separator: "/")), call.method == "POST" {
            let actions = owner.actions.keys.sorted()
            message += actions.isEmpty
                ? " Cerulean emulates no actions on '\(owner.type)'."
                : " The actions Cerulean emulates on '\(owner.type)' are: \(actions.joined(separator: ", "))."
        } else {
            let emulated = registry.all.map(\.type).joined(separator: ", ")
            message += " Cerulean does not emulate '\(fullType)'. The resource types it emulates are: \(emulated) (see \(Self.emulatedTypesDocs))."
        }
        return ARMError(status: 400, code: "NoRegisteredProviderFound", message: message)
    }

    /// The location a request is about: a PUT body's, else its resource group's, else `global`.
    private func requestLocation(_ call: Call, group: String?) async -> String {
        if call.method == "PUT", let body = call.request.body, let parsed = try? JSONParser.parse(body),
            let location = parsed["location"]?.stringValue, !location.isEmpty
        {
            return ResourceDocument.normalizeLocation(location)
        }
        guard let group, let subscription = call.request.pathSegments.dropFirst().first else { return "global" }
        let id = ResourceID(subscriptionID: subscription, resourceGroup: group)
        let now = clock.now()
        let found = try? await store.read { tx in try ResourceSession(transaction: tx, now: now).get(id) }
        return (found ?? nil)?.location ?? "global"
    }
}
