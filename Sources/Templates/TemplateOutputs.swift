import CeruleanJSON

/// Evaluates a template's `outputs` once its resources exist: `{"name": {"type", "value"}}`,
/// honouring `condition` and output `copy`.
public enum TemplateOutputs {
    public static func evaluate(_ template: Template, scope: TemplateScope) throws -> JSONObject {
        let evaluator = Evaluator(scope: scope)
        var out = JSONObject()
        for (name, declaration) in template.outputs {
            do {
                guard let decl = declaration.objectValue, let type = decl["type"]?.stringValue else {
                    throw TemplateError("The template output '\(name)' must be an object with a 'type'.")
                }
                if let condition = decl["condition"], try evaluator.evaluateValue(condition).boolValue == false { continue }
                let value: JSON
                if let copy = decl["copy"] {
                    value = try evaluator.expandCopy(copy, name: name)
                } else {
                    value = try evaluator.evaluateValue(decl["value"] ?? .null)
                }
                try check(value, type: type)
                out[name] = .object(["type": .string(ParameterBinder.displayType(decl)), "value": value])
            } catch let e as TemplateError {
                throw TemplateError(code: "DeploymentOutputEvaluationFailed",
                                    "Unable to evaluate template outputs: '\(name)'. \(e.message)", path: "\(Template.root).outputs.\(name)")
            }
        }
        return out
    }

    private static func check(_ value: JSON, type: String) throws {
        guard let declared = TemplateType(declared: type) else { throw TemplateError("The output type '\(type)' is not valid.") }
        guard declared.matches(value) else {
            throw TemplateError("Template output JToken type is not valid. Expected '\(declared.kind.name)'. Actual '\(Evaluator.kind(value).name)'.")
        }
    }
}
