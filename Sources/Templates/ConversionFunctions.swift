import CeruleanJSON
import Foundation

/// string, int, bool, json.
enum ConversionFunctions {
    static let table: [String: TemplateFunction] = [
        "string": { c in try c.arity(1); return .string(text(try c.value(0))) },
        "int": { c in
            try c.arity(1)
            let v = try c.value(0)
            if let n = v.intValue { return JSON(n) }
            if let s = v.stringValue, let n = Int(s.trimmingCharacters(in: .whitespaces)) { return JSON(n) }
            if let d = v.numberValue { return JSON(Int(d)) }
            throw c.fail("the value '\(text(v))' cannot be converted to an integer")
        },
        "bool": { c in
            try c.arity(1)
            let v = try c.value(0)
            if let b = v.boolValue { return .bool(b) }
            if let n = v.intValue { return .bool(n != 0) }
            switch v.stringValue?.lowercased() {
            case "true": return true
            case "false": return false
            default: throw c.fail("the value '\(text(v))' cannot be converted to a boolean")
            }
        },
        "json": { c in
            try c.arity(1)
            let s = try c.string(0)
            do { return try JSONParser.parse(s) } catch { throw c.fail("the value is not valid JSON: \(error)") }
        },
    ]

    /// How ARM turns a value into text: strings as they are, `True`/`False`, integers in
    /// digits, arrays and objects as compact JSON.
    static func text(_ v: JSON) -> String {
        switch v {
        case .string(let s): return s
        case .bool(let b): return b ? "True" : "False"
        case .number(let n): return v.intValue.map(String.init) ?? String(n)
        case .null: return ""
        default: return v.compactString
        }
    }
}
