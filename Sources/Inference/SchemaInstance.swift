import CeruleanJSON
import Foundation

/// Makes a JSON value that validates against a JSON Schema (the subset tool parameters and
/// structured outputs use: type, properties, required, items, enum, const, min/max bounds and
/// lengths, anyOf/oneOf/allOf, common string formats). The schema comes from the client, so the
/// instance is bounded: at most `maximumValues` values and `maximumCharacters` characters of
/// strings in all, arrays of at most `maximumItems`, strings of at most `maximumLength`, finite
/// numbers; past that it stops short of the schema rather than hanging on `minItems: 1000000000`.
public enum SchemaInstance {
    public static let maximumValues = 10_000
    public static let maximumCharacters = 262_144
    public static let maximumItems = 64
    public static let maximumLength = 4_096

    struct Budget {
        var values = SchemaInstance.maximumValues
        var characters = SchemaInstance.maximumCharacters
    }

    public static func make(_ schema: JSON, using rng: inout DeterministicRandom, depth: Int = 0) -> JSON {
        var budget = Budget()
        return make(schema, using: &rng, depth: depth, budget: &budget)
    }

    static func make(_ schema: JSON, using rng: inout DeterministicRandom, depth: Int, budget: inout Budget) -> JSON {
        guard depth < 12, budget.values > 0, let s = schema.objectValue else { return .null }
        budget.values -= 1
        if let constant = s["const"] { return constant }
        if let options = s["enum"]?.arrayValue, !options.isEmpty {
            return options[Int(rng.unit() * Double(options.count))]
        }
        for key in ["anyOf", "oneOf"] {
            if let first = s[key]?.arrayValue?.first(where: { $0["type"]?.stringValue != "null" }) {
                return make(first, using: &rng, depth: depth + 1, budget: &budget)
            }
        }
        if let parts = s["allOf"]?.arrayValue, !parts.isEmpty {
            var merged = JSONObject()
            for part in parts { for (k, v) in make(part, using: &rng, depth: depth + 1, budget: &budget).objectValue ?? [:] { merged[k] = v } }
            return .object(merged)
        }
        switch type(of: s) {
        case "object":
            var out = JSONObject()
            for (name, propertySchema) in s["properties"]?.objectValue ?? [:] {
                out[name] = make(propertySchema, using: &rng, depth: depth + 1, budget: &budget)
            }
            return .object(out)
        case "array":
            let minItems = s["minItems"]?.intValue ?? 1
            let maxItems = max(minItems, s["maxItems"]?.intValue ?? 3)
            let count = min(maximumItems, maxItems, max(minItems, 2))
            var items: [JSON] = []
            while items.count < count && budget.values > 0 {
                items.append(make(s["items"] ?? ["type": "string"], using: &rng, depth: depth + 1, budget: &budget))
            }
            return .array(items)
        case "integer":
            let low = s["minimum"]?.intValue ?? ((s["exclusiveMinimum"]?.intValue).map { $0 + 1 } ?? 0)
            let high = max(low, s["maximum"]?.intValue ?? ((s["exclusiveMaximum"]?.intValue).map { $0 - 1 } ?? low + 100))
            return JSON(low + Int(rng.unit() * Double(high - low + 1)))
        case "number":
            let low = s["minimum"]?.numberValue ?? 0
            let high = max(low, s["maximum"]?.numberValue ?? low + 100)
            let value = ((low + rng.unit() * (high - low)) * 100).rounded(.down) / 100
            return .number(value.isFinite && value >= low && value <= high ? value : low)
        case "boolean":
            return .bool(rng.unit() < 0.5)
        case "null":
            return .null
        default:
            return .string(string(s, &rng, &budget))
        }
    }

    static func type(of s: JSONObject) -> String {
        if let t = s["type"]?.stringValue { return t }
        if let types = s["type"]?.arrayValue?.compactMap(\.stringValue), let t = types.first(where: { $0 != "null" }) { return t }
        if s["properties"] != nil { return "object" }
        if s["items"] != nil { return "array" }
        return "string"
    }

    static func string(_ s: JSONObject, _ rng: inout DeterministicRandom, _ budget: inout Budget) -> String {
        switch s["format"]?.stringValue {
        case "date-time": return "2026-01-0\(1 + Int(rng.unit() * 9))T12:00:00Z"
        case "date": return "2026-01-0\(1 + Int(rng.unit() * 9))"
        case "email": return "user\(Int(rng.unit() * 100))@example.com"
        case "uri", "url": return "https://example.com/item/\(Int(rng.unit() * 1000))"
        case "uuid": return uuid(&rng)
        default: break
        }
        let minLength = min(maximumLength, budget.characters, s["minLength"]?.intValue ?? 1)
        let maxLength = min(maximumLength, s["maxLength"]?.intValue ?? 64)
        func word() -> String { GeneratingResponder.words[Int(rng.unit() * Double(GeneratingResponder.words.count))] }
        var text = word()
        var length = text.count  // counted as it grows: String.count walks the whole string
        while length < minLength {
            let next = word()
            text += " " + next
            length += 1 + next.count
        }
        let result = String(text.prefix(max(minLength, maxLength)))
        budget.characters -= min(length, max(minLength, maxLength))
        return result
    }

    /// A version-4-shaped UUID string from the generator.
    static func uuid(_ rng: inout DeterministicRandom) -> String {
        let hex = GeneratingResponder.hex(&rng, 32)
        let c = Array(hex)
        func part(_ r: Range<Int>) -> String { String(c[r]) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-a\(part(17..<20))-\(part(20..<32))"
    }
}
