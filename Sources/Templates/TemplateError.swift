/// Why a template cannot be deployed, as ARM words it: `InvalidTemplate` for everything the
/// template language itself rejects, with the JSON path of the offending part when known.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    /// Where in the request body, e.g. `properties.template.resources[0]`.
    public var path: String?

    public init(code: String = "InvalidTemplate", _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String { "\(code): \(message)" }

    // MARK: The expression language's errors (inner messages; the caller adds where)

    static func unknownFunction(_ name: String) -> TemplateError {
        TemplateError("The template function '\(name)' is not valid. Please see https://aka.ms/arm-functions for usage details.")
    }

    static func arity(_ name: String, expected: String, given: Int) -> TemplateError {
        TemplateError("Unable to evaluate template language function '\(name)': function requires \(expected) argument(s) while \(given) were provided. Please see https://aka.ms/arm-functions#\(name.lowercased()) for usage details.")
    }

    static func argumentType(_ name: String, expected: String, found: TemplateValueKind) -> TemplateError {
        TemplateError("Unable to evaluate template language function '\(name)': the argument of type '\(found.name)' is not valid; expected \(expected). Please see https://aka.ms/arm-functions#\(name.lowercased()) for usage details.")
    }

    static func functionFailed(_ name: String, _ reason: String) -> TemplateError {
        TemplateError("Unable to evaluate template language function '\(name)': \(reason). Please see https://aka.ms/arm-functions#\(name.lowercased()) for usage details.")
    }

    static func parameterNotFound(_ name: String) -> TemplateError {
        TemplateError("The template parameter '\(name)' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details.")
    }

    static func variableNotFound(_ name: String) -> TemplateError {
        TemplateError("The template variable '\(name)' is not found. Please see https://aka.ms/arm-syntax-variables for usage details.")
    }

    static func propertyNotFound(_ name: String, available: [String]) -> TemplateError {
        TemplateError("The language expression property '\(name)' doesn't exist, available properties are '\(available.joined(separator: ", "))'.")
    }
}

/// The JSON kinds as ARM names them in messages.
public enum TemplateValueKind: Sendable {
    case null, boolean, integer, float, string, array, object

    public var name: String {
        switch self {
        case .null: "Null"
        case .boolean: "Boolean"
        case .integer: "Integer"
        case .float: "Float"
        case .string: "String"
        case .array: "Array"
        case .object: "Object"
        }
    }
}
