import CeruleanJSON
import Foundation
import Store

/// Everything the engine needs to know about one resource type. A provider adds a type by
/// building one of these and registering it; the engine itself never changes.
public struct ResourceType: Sendable {
    public enum Shape: Sendable {
        /// Has `location` (required) and `tags`.
        case tracked
        /// A ProxyResource: neither location nor tags.
        case proxy
    }

    /// `Namespace/type[/childType...]`, cased as Azure writes it.
    public let type: String
    public var shape: Shape = .tracked
    public var nameRule: NameRule = .standard
    public var apiVersions: [String] = []
    /// Regions offered (for the provider listing; empty means any).
    public var locations: [String] = []
    /// Top-level body keys a PATCH may change; empty means the type has no PATCH (405).
    public var patchableKeys: Set<String> = ["tags"]
    /// Top-level keys a PUT body may carry besides `properties` (and `location`/`tags` on tracked types).
    public var acceptedKeys: Set<String> = ["sku", "kind", "identity"]
    /// Whether `GET /subscriptions/{s}/providers/{ns}/{type}` lists it across resource groups.
    public var listableBySubscription = false
    /// Segment names of the operation URLs (`.../locations/{loc}/{segment}/{id}`).
    public var operationStatusSegment = "operationStatuses"
    public var operationResultSegment = "operationResults"

    /// Checks a PUT body and fills defaults and read-only fields. Throw an `ARMError` to refuse.
    public var validate: @Sendable (inout ResourceDraft, ResourceContext) throws -> Void = { _, _ in }
    /// Called as an operation starts (only when it does not finish at once) and when it finishes;
    /// a finished delete is reported through `onDeleted` instead (the resource is gone).
    public var onProvisioning: @Sendable (inout StoredResource, ProvisioningEvent, ResourceContext) throws -> Void = { _, _, _ in }
    /// Adds what depends on where the server is reached (URLs) to a resource body on its way out.
    public var present: @Sendable (inout JSONObject, Presentation) -> Void = { _, _ in }
    /// Effects of a deletion on other resources (the deleted rows are already gone).
    public var onDeleted: @Sendable (StoredResource, ResourceContext) throws -> Void = { _, _ in }
    /// Effects of a finished create or update on other resources.
    public var onSaved: @Sendable (StoredResource, ResourceContext) throws -> Void = { _, _ in }
    /// The outcome the resource itself dictates when its operation ends (a template deployment
    /// knows its result once its resources have been deployed); `nil` leaves it to the policy.
    public var decidedOutcome: @Sendable (StoredResource, ResourceContext) throws -> ARMError? = { _, _ in nil }
    /// Resources whose pending operation must end before this resource's create or update can
    /// (an endpoint waits for the marketplace subscription it uses, a project for its hub). Its
    /// own delay still applies; it finishes when both are done.
    public var waitsFor: @Sendable (StoredResource, ResourceContext) throws -> [ResourceID] = { _, _ in [] }
    /// Operation status URLs under the resource itself (`{id}/operationStatuses/{op}`, as for
    /// deployments) instead of under the provider's location.
    public var operationsUnderResource = false
    /// The API has no long-running operation (workspace connections): a PUT answers 200 with the
    /// finished resource (no `provisioningState`), a DELETE 200 once it is gone.
    public var synchronous = false
    /// The conditions a list request's own query filters make (connections' `category` and
    /// `target`), all to hold; `nil` lists every resource of the type.
    public var listConditions: (@Sendable (ARMRequest) -> [ResourceQuery.Condition])?
    /// POST actions by lower-cased name (`listkeys`, `regeneratekeys`).
    public var actions: [String: ResourceAction] = [:]
    /// Whether `validate` also runs for a PATCH that leaves `properties` alone (a deployment's
    /// `sku` decides its quota).
    public var validatesEveryPatch = false
    /// About how long Azure takes to provision one (seconds): what the `azure-like` policy set waits.
    public var typicalProvisioningSeconds: Double?
    /// The RBAC operations' type path when the provider names them other than the ARM type
    /// (`workspaces/marketplaceModelSubscriptions` for `workspaces/marketplaceSubscriptions`).
    public var permissionType: String?

    public init(type: String) {
        self.type = type
    }

    public var namespace: String { String(type.split(separator: "/").first ?? "") }
    /// The type below the namespace, e.g. `workspaces/serverlessEndpoints`.
    public var relativeType: String { type.split(separator: "/").dropFirst().joined(separator: "/") }
    public var key: String { type.lowercased() }
}

/// What a PUT is about to store. `body` holds the top-level members (`location`, `tags`,
/// `sku`, `properties`, ...); the engine adds `id`, `name`, `type` and `systemData`.
public struct ResourceDraft: Sendable {
    public let id: ResourceID
    public var body: JSONObject
    /// The stored resource a PUT replaces, or `nil` on create.
    public let existing: StoredResource?

    public init(id: ResourceID, body: JSONObject, existing: StoredResource?) {
        self.id = id
        self.body = body
        self.existing = existing
    }

    public var properties: JSONObject {
        get { body["properties"]?.objectValue ?? JSONObject() }
        set { body["properties"] = .object(newValue) }
    }

    public var location: String? { body["location"]?.stringValue }
}

public enum OperationKind: String, Codable, Sendable { case create, update, delete }

public enum ProvisioningEvent: Sendable, Equatable {
    case started(OperationKind)
    case succeeded(OperationKind)
    case failed(OperationKind, code: String, message: String)
}

/// What a response is rendered for.
public struct Presentation: Sendable {
    /// Scheme, host and port of the URLs handed out (no trailing slash).
    public let baseURL: String

    public init(baseURL: String) {
        self.baseURL = baseURL
    }
}

/// A POST action on a resource.
public struct ResourceAction: Sendable {
    public var run: @Sendable (inout StoredResource, JSON?, ResourceContext) throws -> ARMResponse

    public init(run: @escaping @Sendable (inout StoredResource, JSON?, ResourceContext) throws -> ARMResponse) {
        self.run = run
    }
}

/// The name rule of a type: a predicate plus the sentence that explains it.
public struct NameRule: Sendable {
    public var explanation: String
    public var isValid: @Sendable (String) -> Bool
    /// The provider's own refusal of a name (Storage's `AccountNameInvalid`); `nil` gives ARM's
    /// generic `InvalidResourceName` with the explanation.
    public var refusal: (@Sendable (String) -> ARMError)?

    public init(explanation: String, isValid: @escaping @Sendable (String) -> Bool) {
        self.explanation = explanation
        self.isValid = isValid
    }

    /// Throws the type's refusal when `name` breaks the rule.
    public func check(_ name: String, type: String) throws {
        guard !isValid(name) else { return }
        throw refusal?(name) ?? ARMError.invalidResourceName(name, type: type, rule: explanation)
    }

    /// The same rule refused with the provider's own error.
    public func refused(by refusal: @escaping @Sendable (String) -> ARMError) -> NameRule {
        var rule = self
        rule.refusal = refusal
        return rule
    }

    /// Letters, digits, `-`, `_`, `.`; 1 to 260 characters; no trailing period.
    public static let standard = NameRule(
        explanation: "Names may contain letters, digits, '-', '_' and '.', must not end with '.', and must be 1 to 260 characters long."
    ) { name in
        !name.isEmpty && name.count <= 260 && !name.hasSuffix(".")
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    /// A rule from a regular expression that must match the whole name (compiled once).
    public static func pattern(_ pattern: String, _ explanation: String) -> NameRule {
        let regex = CompiledPattern("^(?:\(pattern))$")
        return NameRule(explanation: explanation) { name in regex.matches(name) }
    }
}

/// A compiled regular expression shared across threads (NSRegularExpression is immutable and
/// documented as safe to use from several threads).
final class CompiledPattern: @unchecked Sendable {
    private let expression: NSRegularExpression

    init(_ pattern: String) {
        expression = try! NSRegularExpression(pattern: pattern)
    }

    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
