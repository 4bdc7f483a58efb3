import CeruleanJSON

/// Where a deployment runs: what `subscription()`, `resourceGroup()`, `deployment()` and
/// `resourceId()` answer.
public struct DeploymentEnvironment: Sendable {
    public var subscriptionID: String
    public var subscriptionName: String
    public var tenantID: String
    /// `nil` for a subscription-scope deployment.
    public var resourceGroup: JSONObject?
    public var deploymentName: String
    /// The deployment's own location (subscription scope) or the group's.
    public var location: String?
    /// The emulator's own address, for `environment()`.
    public var resourceManagerURL: String

    public init(subscriptionID: String, subscriptionName: String, tenantID: String, resourceGroup: JSONObject?,
                deploymentName: String, location: String?, resourceManagerURL: String) {
        self.resourceManagerURL = resourceManagerURL
        self.subscriptionID = subscriptionID
        self.subscriptionName = subscriptionName
        self.tenantID = tenantID
        self.resourceGroup = resourceGroup
        self.deploymentName = deploymentName
        self.location = location
    }

    public var resourceGroupName: String? { resourceGroup?["name"]?.stringValue }
}

/// Thrown while validating when an expression needs the live state of a resource
/// (`reference`, `list*`): such expressions are evaluated when the deployment runs.
public struct DeferredEvaluation: Error {}

/// Variables, evaluated on first use (a variable may use parameters and other variables).
final class VariableTable {
    let definitions: JSONObject
    private var values: [String: JSON] = [:]
    private var inProgress: Set<String> = []

    init(_ definitions: JSONObject) {
        self.definitions = definitions
    }

    func value(_ name: String, using evaluator: Evaluator) throws -> JSON {
        guard let key = definitions.keys.first(where: { $0.lowercased() == name.lowercased() }) else {
            throw TemplateError.variableNotFound(name)
        }
        if let cached = values[key] { return cached }
        guard !inProgress.contains(key) else {
            throw TemplateError("The template variable '\(key)' refers to itself: a circular reference was found. Please see https://aka.ms/arm-syntax-variables for usage details.")
        }
        inProgress.insert(key)
        defer { inProgress.remove(key) }
        let value: JSON
        if key == "copy", let loops = definitions[key]?.arrayValue {
            value = .null
            try defineCopyVariables(loops, using: evaluator)
        } else {
            value = try evaluator.evaluateValue(definitions[key] ?? .null)
        }
        values[key] = value
        return value
    }

    /// `"variables": {"copy": [{"name": "x", "count": n, "input": ...}]}` defines array variables.
    private func defineCopyVariables(_ loops: [JSON], using evaluator: Evaluator) throws {
        for loop in loops {
            guard let name = loop["name"]?.stringValue else { continue }
            values[name] = try evaluator.expandCopy(loop, name: name)
        }
    }

    /// A variable defined by a variable copy loop, which lives under `copy`.
    func copyDefined(_ name: String, using evaluator: Evaluator) throws -> JSON? {
        guard let loops = definitions["copy"]?.arrayValue,
            loops.contains(where: { $0["name"]?.stringValue?.lowercased() == name.lowercased() })
        else { return nil }
        _ = try value("copy", using: evaluator)
        return values.first(where: { $0.key.lowercased() == name.lowercased() })?.value
    }
}

/// How many copy-loop items one evaluation may still produce: nested loops multiply, and
/// 800 × 800 × 800 items would exhaust memory long before ARM's per-loop limit is reached.
final class CopyBudget {
    static let total = 1_000_000
    private(set) var remaining = CopyBudget.total

    func spend(_ items: Int, loop: String) throws {
        remaining -= items
        guard remaining >= 0 else {
            throw TemplateError("The copy loop '\(loop)' would take the template past \(CopyBudget.total) copied items in all. Please see https://aka.ms/arm-copy for usage details.")
        }
    }
}

/// Everything an expression can see.
public struct TemplateScope {
    public var parameters: JSONObject
    let variables: VariableTable
    let copyBudget = CopyBudget()
    public var environment: DeploymentEnvironment
    /// Live resource bodies by lower-cased id, fetched before the expressions that need them.
    public var references: [String: JSON] = [:]
    /// Results of `list*` calls by `"{action} {lower-cased id}"`.
    public var listResults: [String: JSON] = [:]
    /// Template resource names (as written, evaluated) to their ids, for `reference('name')`.
    public var templateResources: [String: String] = [:]
    /// The copy loops being expanded, innermost last.
    public var copyIndices: [(name: String, index: Int)] = []
    /// While validating, `reference` and `list*` are deferred instead of read.
    public var deferLiveState = false

    public init(parameters: JSONObject, variables: JSONObject, environment: DeploymentEnvironment) {
        self.parameters = parameters
        self.variables = VariableTable(variables)
        self.environment = environment
    }
}
