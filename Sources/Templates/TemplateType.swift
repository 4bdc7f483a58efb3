import CeruleanJSON

/// The declared type of a template parameter or output (`"type": "securestring"`).
public enum TemplateType: String, Sendable {
    case string, secureString = "securestring", int, bool, object, secureObject = "secureobject", array

    /// Reads a declaration's `type`, case-insensitively; `nil` for an unknown type.
    public init?(declared: String?) {
        guard let declared, let t = TemplateType(rawValue: declared.lowercased()) else { return nil }
        self = t
    }

    /// How a deployment's answer names it (`String`, `SecureString`, `Int`...).
    public var displayName: String {
        switch self {
        case .string: "String"
        case .secureString: "SecureString"
        case .int: "Int"
        case .bool: "Bool"
        case .object: "Object"
        case .secureObject: "SecureObject"
        case .array: "Array"
        }
    }

    /// The JSON kind a value of this type must have, as ARM's messages name it.
    public var kind: TemplateValueKind {
        switch self {
        case .string, .secureString: .string
        case .int: .integer
        case .bool: .boolean
        case .object, .secureObject: .object
        case .array: .array
        }
    }

    public func matches(_ value: JSON) -> Bool { Evaluator.kind(value) == kind }
}
