import CeruleanJSON
import Foundation

/// Binds the parameter values a deployment supplies (`{"name": {"value": ...}}`) to the
/// template's declarations: types, defaults (which may be expressions), allowed values and limits.
public struct ParameterBinder {
    public let template: Template
    public let environment: DeploymentEnvironment

    public init(template: Template, environment: DeploymentEnvironment) {
        self.template = template
        self.environment = environment
    }

    /// The bound values, by parameter name as declared.
    public func bind(_ supplied: JSONObject) throws -> JSONObject {
        let declared = Set(template.parameters.map { $0.name.lowercased() })
        let unknown = supplied.keys.filter { !declared.contains($0.lowercased()) }
        if !unknown.isEmpty {
            throw TemplateError("The template parameters '\(unknown.joined(separator: ", "))' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '\(template.parameters.map(\.name).joined(separator: ", "))'. Please see https://aka.ms/arm-pass-parameter-values for usage details.", path: "properties.parameters")
        }
        var bound = JSONObject()
        let declarations = Dictionary(template.parameters.map { ($0.name, $0.declaration) }, uniquingKeysWith: { a, _ in a })
        for name in try bindingOrder(supplied) {
            let decl = declarations[name] ?? [:]
            let path = "\(Template.root).parameters.\(name)"
            let value: JSON
            let given = try suppliedValue(supplied, name: name)
            if let given, !given.isNull {
                value = given
            } else if let defaultValue = decl["defaultValue"] {
                let scope = TemplateScope(parameters: bound, variables: [:], environment: environment)
                value = try Evaluator(scope: scope).evaluateValue(defaultValue)
            } else if given != nil {
                throw TemplateError("The value of deployment parameter '\(name)' is null. Please specify the value or use the parameter reference. See https://aka.ms/resource-manager-parameter-files for details.", path: "properties.parameters.\(name)")
            } else {
                throw TemplateError("The value for the template parameter '\(name)'\(template.at(path)) is not provided. Please see https://aka.ms/resource-manager-parameter-files for usage details.", path: path)
            }
            try check(value, name: name, declaration: decl, path: path)
            bound[name] = value
        }
        return JSONObject(template.parameters.compactMap { p in bound[p.name].map { (p.name, $0) } })
    }

    /// Declaration order, except that a parameter whose default uses another comes after it: ARM
    /// lets a default name a parameter declared later (azure-ai-ml's templates' `vnetOption` uses
    /// `privateEndpointType`). A circle of defaults is refused.
    func bindingOrder(_ supplied: JSONObject) throws -> [String] {
        let names = template.parameters.map(\.name)
        let byKey = Dictionary(names.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        let given = Set(supplied.compactMap { key, value in (value["value"] ?? .null).isNull ? nil : key.lowercased() })
        var order: [String] = []
        var done: Set<String> = []
        var visiting: [String] = []
        func visit(_ name: String) throws {
            let key = name.lowercased()
            if done.contains(key) { return }
            if let start = visiting.firstIndex(of: name) {
                let circle = visiting[start...] + [name]
                throw TemplateError("The default values of the template parameters '\(circle.joined(separator: "' -> '"))' refer to each other in a circle. Please see https://aka.ms/arm-syntax-parameters for usage details.", path: "\(Template.root).parameters.\(name)")
            }
            visiting.append(name)
            if !given.contains(key), let defaultValue = template.parameters.first(where: { $0.name == name })?.declaration["defaultValue"] {
                for reference in Self.parameterReferences(in: defaultValue) {
                    if let other = byKey[reference.lowercased()] { try visit(other) }
                }
            }
            visiting.removeLast()
            done.insert(key)
            order.append(name)
        }
        for name in names { try visit(name) }
        return order
    }

    /// The names in `parameters('...')` calls with a literal name anywhere in a value's expressions.
    static func parameterReferences(in value: JSON) -> [String] {
        switch value {
        case .string(let text) where text.hasPrefix("["):
            let pattern = #"parameters\(\s*'([^']*)'\s*\)"#
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [] }
            return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
                Range(match.range(at: 1), in: text).map { String(text[$0]) }
            }
        case .array(let items): return items.flatMap(parameterReferences)
        case .object(let object): return object.flatMap { parameterReferences(in: $0.value) }
        default: return []
        }
    }

    /// The value supplied for `name`: `nil` when the parameter is not given, `.null` when it is
    /// given without a value (`"value": null`, which azure-ai-ml sends for dozens of its workspace
    /// template's parameters, or `{}`, which az sends for them): then the default applies, as in ARM.
    private func suppliedValue(_ supplied: JSONObject, name: String) throws -> JSON? {
        guard let given = supplied.first(where: { $0.key.lowercased() == name.lowercased() })?.value else { return nil }
        if given["reference"] != nil {
            throw TemplateError(code: "InvalidDeploymentParameterKeyVaultReference", "The parameter '\(name)' refers to a Key Vault secret; Cerulean has no Key Vault, so pass the value itself.", path: "properties.parameters.\(name)")
        }
        return given["value"] ?? .null
    }

    /// ARM's type names for the `parameters` of a deployment's answer (`String`, `Int`, `SecureString`...).
    public static func displayType(_ declaration: JSONObject) -> String {
        TemplateType(declared: declaration["type"]?.stringValue)?.displayName ?? declaration["type"]?.stringValue ?? "String"
    }

    private func check(_ value: JSON, name: String, declaration: JSONObject, path: String) throws {
        guard let type = TemplateType(declared: declaration["type"]?.stringValue) else {
            throw TemplateError("The template parameter '\(name)' has type '\(declaration["type"]?.stringValue ?? "")', which is not valid. The supported types are 'string, securestring, int, bool, object, secureObject, array'. Please see https://aka.ms/arm-syntax-parameters for usage details.", path: path)
        }
        guard type.matches(value) else {
            throw TemplateError("Template parameter JToken type is not valid. Expected '\(type.kind.name)'. Actual '\(Evaluator.kind(value).name)'. Please see https://aka.ms/resource-manager-parameter-files for usage details.", path: path)
        }
        if let allowed = declaration["allowedValues"]?.arrayValue {
            let ok = value.arrayValue.map { items in items.allSatisfy { allowed.contains($0) } } ?? allowed.contains(value)
            guard ok else {
                throw TemplateError("The provided value '\(ConversionFunctions.text(value))' for the template parameter '\(name)' is not valid. The parameter value is not part of the allowed value(s): '\(allowed.map(ConversionFunctions.text).joined(separator: ","))'.", path: path)
            }
        }
        if let n = value.intValue {
            if let min = declaration["minValue"]?.intValue, n < min {
                throw TemplateError("The provided value '\(n)' for the template parameter '\(name)' is not valid. The value must be greater than or equal to '\(min)'.", path: path)
            }
            if let max = declaration["maxValue"]?.intValue, n > max {
                throw TemplateError("The provided value '\(n)' for the template parameter '\(name)' is not valid. The value must be less than or equal to '\(max)'.", path: path)
            }
        }
        let length = value.stringValue?.count ?? value.arrayValue?.count
        if let length {
            if let min = declaration["minLength"]?.intValue, length < min {
                throw TemplateError("The provided value for the template parameter '\(name)' is not valid. Length of the value should be greater than or equal to '\(min)'.", path: path)
            }
            if let max = declaration["maxLength"]?.intValue, length > max {
                throw TemplateError("The provided value for the template parameter '\(name)' is not valid. Length of the value should be less than or equal to '\(max)'.", path: path)
            }
        }
    }
}
