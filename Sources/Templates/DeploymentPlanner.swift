import CeruleanJSON

/// Expands a template into the ordered resources of a deployment, checking everything ARM
/// checks before it creates anything: expressions, names against types, `dependsOn` targets,
/// duplicate ids and dependency cycles. Expressions that need live state (`reference`,
/// `list*`) are checked for syntax now and evaluated when the resource is deployed.
public struct DeploymentPlanner: Sendable {
    public let template: Template
    public let parameters: JSONObject
    public let environment: DeploymentEnvironment

    /// Members of a template resource that are not sent to the resource provider.
    static let templateOnlyKeys: Set<String> = ["name", "type", "apiversion", "dependson", "condition", "copy",
                                                  "comments", "resources", "metadata", "scope", "subscriptionid", "resourcegroup"]

    public init(template: Template, parameters: JSONObject, environment: DeploymentEnvironment) {
        self.template = template
        self.parameters = parameters
        self.environment = environment
    }

    /// A scope for evaluating this template's expressions.
    public func scope(resources: [PlannedResource] = []) -> TemplateScope {
        var scope = TemplateScope(parameters: parameters, variables: template.variables, environment: environment)
        for r in resources { scope.templateResources[r.name] = r.id }
        return scope
    }

    /// The resources to deploy, dependencies first.
    public func plan() throws -> [PlannedResource] {
        var expanded: [PlannedResource] = []
        var excludedIDs: Set<String> = []
        var dependsOnText: [[String]] = []
        for (i, value) in template.resources.enumerated() {
            try expand(value, path: "\(Template.root).resources[\(i)]", parent: nil,
                       into: &expanded, excluded: &excludedIDs, dependsOn: &dependsOnText)
        }
        try TemplateLimits.checkResources(expanded.count)
        var seen: Set<String> = []
        for r in expanded where !seen.insert(r.id.lowercased()).inserted {
            throw TemplateError("The resource '\(r.id)' is defined multiple times in a template. Please see https://aka.ms/arm-syntax-resources for usage details.", path: r.path)
        }
        let scope = self.scope(resources: expanded)
        // Bodies are evaluated now, deferring live state, so a bad expression fails before anything is created.
        for r in expanded {
            var evaluator = Evaluator(scope: scope)
            evaluator.scope.copyIndices = r.copyIndices.map { ($0.loop, $0.index) }
            evaluator.tolerateDeferred = true
            evaluator.scope.deferLiveState = true
            do { _ = try evaluator.evaluateValue(.object(r.definition)) } catch let e as TemplateError {
                throw resourceError(r.name, e, path: r.path)
            }
        }
        for i in expanded.indices {
            expanded[i].dependsOn = try dependencies(of: expanded[i], declared: dependsOnText[i], all: expanded,
                                                     excluded: excludedIDs, scope: scope)
        }
        return try order(expanded)
    }

    func resourceError(_ name: String, _ inner: TemplateError, path: String) -> TemplateError {
        TemplateError(code: inner.code, "The template resource '\(name)'\(template.at(path)) is not valid: \(inner.message) Please see https://aka.ms/arm-syntax-resources for usage details.",
                      path: inner.path ?? path)
    }

    // MARK: Expansion

    private func expand(_ value: JSON, path: String, parent: PlannedResource?, into out: inout [PlannedResource],
                        excluded: inout Set<String>, dependsOn: inout [[String]]) throws
    {
        guard let definition = value.objectValue else {
            throw TemplateError("Template schema validation failed: a resource must be a JSON object.", path: path)
        }
        let base = Evaluator(scope: scope())
        var copyName: String?
        var count = 1
        if let copy = definition["copy"] {
            guard let name = copy["name"]?.stringValue, !name.isEmpty else {
                throw TemplateError("The copy loop of the template resource at '\(path)' must have a 'name'. Please see https://aka.ms/arm-copy for usage details.", path: path + ".copy")
            }
            copyName = name
            count = try base.copyCount(copy["count"], loop: name)
        }
        for index in 0..<count {
            var evaluator = base
            evaluator.scope.copyIndices = (parent?.copyIndices ?? []).map { ($0.loop, $0.index) }
            if let copyName { evaluator.scope.copyIndices.append((copyName, index)) }
            let displayName = definition["name"]?.stringValue ?? "?"
            do {
                let resource = try identify(definition, evaluator: evaluator, copyName: copyName, path: path, parent: parent)
                let included = try definition["condition"].map { try evaluator.evaluateValue($0) }.map { v -> Bool in
                    guard let b = v.boolValue else {
                        throw TemplateError("The 'condition' must evaluate to a boolean; it is of type '\(Evaluator.kind(v).name)'.")
                    }
                    return b
                } ?? true
                guard included else {
                    // Entries of `dependsOn` may still name it; ARM ignores those.
                    excluded.formUnion([resource.id, resource.name, "\(resource.type)/\(resource.name)", copyName ?? resource.id]
                        .map { $0.lowercased() })
                    continue
                }
                let declared = try (definition["dependsOn"]?.arrayValue ?? []).map { entry -> String in
                    guard let text = try evaluator.evaluateValue(entry).stringValue else {
                        throw TemplateError("The 'dependsOn' entries must be strings.")
                    }
                    return text
                }
                out.append(resource)
                dependsOn.append(declared + (parent.map { [$0.id] } ?? []))
            } catch let e as TemplateError {
                throw resourceError(displayName, e, path: path)
            }
            guard let resource = out.last, resource.path == path else { continue }
            for (j, child) in (definition["resources"]?.arrayValue ?? []).enumerated() {
                try expand(child, path: "\(path).resources[\(j)]", parent: resource, into: &out,
                           excluded: &excluded, dependsOn: &dependsOn)
            }
        }
    }

    /// Name, type, api-version and id of one (copy of a) resource.
    private func identify(_ definition: JSONObject, evaluator: Evaluator, copyName: String?, path: String,
                          parent: PlannedResource?) throws -> PlannedResource
    {
        guard var type = try definition["type"].map(evaluator.evaluateValue)?.stringValue, !type.isEmpty else {
            throw TemplateError("The template resource must have a 'type'.")
        }
        guard let apiVersion = try definition["apiVersion"].map(evaluator.evaluateValue)?.stringValue, !apiVersion.isEmpty else {
            throw TemplateError("The template resource must have an 'apiVersion'. Please see https://aka.ms/arm-syntax-resources for usage details.")
        }
        guard var name = try definition["name"].map(evaluator.evaluateValue)?.stringValue, !name.isEmpty else {
            throw TemplateError("The template resource must have a 'name' that evaluates to a string.")
        }
        if let parent {
            if !type.contains("/") { type = parent.type + "/" + type }
            if name.split(separator: "/").count < type.split(separator: "/").count - 1 { name = parent.name + "/" + name }
        }
        let typeParts = type.split(separator: "/").map(String.init)
        let nameParts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard typeParts.count >= 2, nameParts.count == typeParts.count - 1, !nameParts.contains(where: \.isEmpty) else {
            throw TemplateError("The template resource '\(name)' for type '\(type)' has incorrect segment lengths. A nested resource type must have identical number of segments as its resource name. A root resource type must have segment length one greater than its resource name. Please see https://aka.ms/arm-syntax-resources for usage details.")
        }
        let subscription = try definition["subscriptionId"].map(evaluator.evaluateValue)?.stringValue ?? environment.subscriptionID
        let group = try definition["resourceGroup"].map(evaluator.evaluateValue)?.stringValue ?? environment.resourceGroupName
        var id = "/subscriptions/\(subscription)"
        if let group { id += "/resourceGroups/\(group)" }
        id += "/providers/\(typeParts[0])"
        for (t, n) in zip(typeParts.dropFirst(), nameParts) { id += "/\(t)/\(n)" }
        let body = definition.filter { !Self.templateOnlyKeys.contains($0.key.lowercased()) }.map { ($0.key, $0.value) }
        return PlannedResource(
            name: name, type: type, apiVersion: apiVersion, id: id, definition: JSONObject(body),
            copyIndices: evaluator.scope.copyIndices.map { .init(loop: $0.name, index: $0.index) },
            copyName: copyName, path: path)
    }

    // MARK: Dependencies

    private func dependencies(of resource: PlannedResource, declared: [String], all: [PlannedResource],
                              excluded: Set<String>, scope: TemplateScope) throws -> [String]
    {
        var ids: [String] = []
        func add(_ id: String) {
            if id.lowercased() != resource.id.lowercased(), !ids.contains(where: { $0.lowercased() == id.lowercased() }) { ids.append(id) }
        }
        for text in declared {
            let lower = text.lowercased()
            let matches = all.filter {
                $0.id.lowercased() == lower || $0.name.lowercased() == lower || "\($0.type)/\($0.name)".lowercased() == lower
                    || $0.copyName?.lowercased() == lower
            }
            if matches.isEmpty {
                if excluded.contains(lower) { continue }
                throw resourceError(resource.name, TemplateError("The resource '\(text)' is not defined in the template."), path: resource.path)
            }
            matches.forEach { add($0.id) }
        }
        // Implicit: `reference()` of another template resource, and a parent in the same template.
        var evaluator = Evaluator(scope: scope)
        evaluator.scope.copyIndices = resource.copyIndices.map { ($0.loop, $0.index) }
        for need in LiveStateNeeds.collect(in: .object(resource.definition), evaluator: evaluator) {
            if let match = all.first(where: { $0.id.lowercased() == need.id.lowercased() }) { add(match.id) }
        }
        let lowerID = resource.id.lowercased()
        for other in all where lowerID.hasPrefix(other.id.lowercased() + "/") { add(other.id) }
        return ids
    }

    /// Dependencies first, otherwise in template order; a cycle is an error.
    private func order(_ resources: [PlannedResource]) throws -> [PlannedResource] {
        var done: Set<String> = []
        var ordered: [PlannedResource] = []
        var pending = resources
        while !pending.isEmpty {
            guard let next = pending.firstIndex(where: { r in r.dependsOn.allSatisfy { done.contains($0.lowercased()) } }) else {
                let stuck = pending[0]
                throw TemplateError("Circular dependency detected on resource: '\(stuck.id)'\(template.at(stuck.path)). Please see https://aka.ms/arm-syntax-resources for usage details.", path: stuck.path)
            }
            let r = pending.remove(at: next)
            done.insert(r.id.lowercased())
            ordered.append(r)
        }
        return ordered
    }
}
