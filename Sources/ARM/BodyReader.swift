import CeruleanJSON
import Foundation

/// Reads and type-checks request bodies, turning every fault into `InvalidRequestContent`.
public enum BodyReader {
    /// The body as a JSON object; an absent or empty body is `{}` when `allowEmpty`.
    public static func object(_ data: Data?, allowEmpty: Bool = false) throws -> JSONObject {
        guard let data, !data.isEmpty, !data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            if allowEmpty { return JSONObject() }
            throw ARMError.invalidRequestContent("The request body is empty; a JSON object is required")
        }
        let value: JSON
        do {
            value = try JSONParser.parse(data)
        } catch let error as JSONParseError {
            throw ARMError.invalidRequestContent(error.description)
        }
        guard let object = value.objectValue else {
            throw ARMError.invalidRequestContent("Expected a JSON object but found \(value.typeName)")
        }
        return object
    }

    public static func optionalString(_ object: JSONObject, _ key: String, path: String? = nil) throws -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let s = value.stringValue else { throw wrongType(path ?? key, expected: "string", found: value) }
        return s
    }

    public static func optionalObject(_ object: JSONObject, _ key: String, path: String? = nil) throws -> JSONObject? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let o = value.objectValue else { throw wrongType(path ?? key, expected: "object", found: value) }
        return o
    }

    /// `tags`: an object whose values are all strings, within ARM's limits (`TagRules`).
    public static func tags(_ object: JSONObject) throws -> JSONObject? {
        guard let tags = try optionalObject(object, "tags") else { return nil }
        for (name, value) in tags where value.stringValue == nil {
            throw wrongType("tags.\(TagRules.shown(name))", expected: "string", found: value)
        }
        try TagRules.check(tags)
        return tags
    }

    /// One of `allowed`, matched case-insensitively and returned as Azure spells it; a missing
    /// value is refused (or `fallback` when there is one).
    public static func choice(_ value: String?, from allowed: [String], path: String, fallback: String? = nil) throws -> String {
        guard let value, !value.isEmpty else {
            if let fallback { return fallback }
            throw ARMError.missingProperty(path)
        }
        guard let match = allowed.first(where: { $0.lowercased() == value.lowercased() }) else {
            throw ARMError.invalidParameter("The value '\(value)' is not valid for '\(path)'. Allowed values: \(allowed.joined(separator: ", ")).",
                                            target: path)
        }
        return match
    }

    /// Reads the members `keys` of `object` as booleans, accepting the strings "true" and "false"
    /// (any case) as Azure's resource providers do: template parameters of type string carry them
    /// so (azure-ai-ml's workspace template passes `"hbiWorkspace": "false"`). `path` prefixes the
    /// member names in errors.
    public static func coerceBooleans(_ object: inout JSONObject, _ keys: [String], path: String) throws {
        for key in keys {
            guard let value = object[key], !value.isNull, value.boolValue == nil else { continue }
            switch value.stringValue?.lowercased() {
            case "true": object[key] = .bool(true)
            case "false": object[key] = .bool(false)
            default: throw wrongType("\(path).\(key)", expected: "boolean", found: value)
            }
        }
    }

    public static func wrongType(_ path: String, expected: String, found: JSON) -> ARMError {
        .invalidRequestContent("Error converting value at path '\(path)': expected \(expected) but found \(found.typeName)")
    }
}
