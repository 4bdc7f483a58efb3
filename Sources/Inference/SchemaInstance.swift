import CeruleanJSON
import Foundation

/// Makes a JSON value that validates against a JSON Schema (the subset tool parameters and
/// structured outputs use: type, properties, required, items, enum, const, min/max bounds and
/// lengths, anyOf/oneOf/allOf, common string formats).
public enum SchemaInstance {
    public static func make(_ schema: JSON, using rng: inout DeterministicRandom, depth: Int = 0) -> JSON {
        guard depth < 12, let s = schema.objectValue else { return .null }
        if let constant = s["const"] { return constant }
        if let options = s["enum"]?.arrayValue, !options.isEmpty {
            return options[Int(rng.unit() * Double(options.count))]
        }
        for key in ["anyOf", "oneOf"] {
            if let first = s[key]?.arrayValue?.first(where: { $0["type"]?.stringValue != "null" }) {
                return make(first, using: &rng, depth: depth + 1)
            }
        }
        if let parts = s["allOf"]?.arrayValue, !parts.isEmpty {
            var merged = JSONObject()
            for part in parts { for (k, v) in make(part, using: &rng, depth: depth + 1).objectValue ?? [:] { merged[k] = v } }
            return .object(merged)
        }
        switch type(of: s) {
        case "object":
            var out = JSONObject()
            for (name, propertySchema) in s["properties"]?.objectValue ?? [:] {
                out[name] = make(propertySchema, using: &rng, depth: depth + 1)
            }
            return .object(out)
        case "array":
            let minItems = s["minItems"]?.intValue ?? 1
            let maxItems = max(minItems, s["maxItems"]?.intValue ?? 3)
            let count = min(maxItems, max(minItems, 2))
            return .array((0..<count).map { _ in make(s["items"] ?? ["type": "string"], using: &rng, depth: depth + 1) })
        case "integer":
            let low = s["minimum"]?.intValue ?? ((s["exclusiveMinimum"]?.intValue).map { $0 + 1 } ?? 0)
            let high = max(low, s["maximum"]?.intValue ?? ((s["exclusiveMaximum"]?.intValue).map { $0 - 1 } ?? low + 100))
            return JSON(low + Int(rng.unit() * Double(high - low + 1)))
        case "number":
            let low = s["minimum"]?.numberValue ?? 0
            let high = max(low, s["maximum"]?.numberValue ?? low + 100)
            return .number(((low + rng.unit() * (high - low)) * 100).rounded(.down) / 100)
        case "boolean":
            return .bool(rng.unit() < 0.5)
        case "null":
            return .null
        default:
            return .string(string(s, &rng))
        }
    }

    static func type(of s: JSONObject) -> String {
        if let t = s["type"]?.stringValue { return t }
        if let types = s["type"]?.arrayValue?.compactMap(\.stringValue), let t = types.first(where: { $0 != "null" }) { return t }
        if s["properties"] != nil { return "object" }
        if s["items"] != nil { return "array" }
        return "string"
    }

    static func string(_ s: JSONObject, _ rng: inout DeterministicRandom) -> String {
        switch s["format"]?.stringValue {
        case "date-time": return "2026-01-0\(1 + Int(rng.unit() * 9))T12:00:00Z"
        case "date": return "2026-01-0\(1 + Int(rng.unit() * 9))"
        case "email": return "user\(Int(rng.unit() * 100))@example.com"
        case "uri", "url": return "https://example.com/item/\(Int(rng.unit() * 1000))"
        case "uuid": return uuid(&rng)
        default: break
        }
        let minLength = s["minLength"]?.intValue ?? 1
        let maxLength = s["maxLength"]?.intValue ?? 64
        var text = GeneratingResponder.words[Int(rng.unit() * Double(GeneratingResponder.words.count))]
        while text.count < minLength { text += " " + GeneratingResponder.words[Int(rng.unit() * Double(GeneratingResponder.words.count))] }
        return String(text.prefix(max(minLength, maxLength)))
    }

    /// A version-4-shaped UUID string from the generator.
    static func uuid(_ rng: inout DeterministicRandom) -> String {
        let hex = GeneratingResponder.hex(&rng, 32)
        let c = Array(hex)
        func part(_ r: Range<Int>) -> String { String(c[r]) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-a\(part(17..<20))-\(part(20..<32))"
    }
}
