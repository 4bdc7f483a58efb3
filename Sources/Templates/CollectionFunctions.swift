import CeruleanJSON

/// Arrays, objects and numbers: length, empty, contains, union, intersection, createObject,
/// createArray, array, first, last, skip, take, range, min, max, join, add, sub, mul, div, mod.
enum CollectionFunctions {
    static let table: [String: TemplateFunction] = [
        "length": { c in
            try c.arity(1)
            let v = try c.value(0)
            switch v {
            case .string(let s): return JSON(s.count)
            case .array(let a): return JSON(a.count)
            case .object(let o): return JSON(o.count)
            default: throw TemplateError.argumentType(c.name, expected: "'String', 'Array' or 'Object'", found: Evaluator.kind(v))
            }
        },
        "empty": { c in
            try c.arity(1)
            switch try c.value(0) {
            case .null: return true
            case .string(let s): return .bool(s.isEmpty)
            case .array(let a): return .bool(a.isEmpty)
            case .object(let o): return .bool(o.isEmpty)
            case let v: throw TemplateError.argumentType(c.name, expected: "'String', 'Array' or 'Object'", found: Evaluator.kind(v))
            }
        },
        "contains": { c in
            try c.arity(2)
            let container = try c.value(0), item = try c.value(1)
            switch container {
            case .string(let s):
                guard let needle = item.stringValue ?? item.intValue.map(String.init) else { return false }
                return .bool(s.lowercased().contains(needle.lowercased()))
            case .array(let a): return .bool(a.contains(item))
            case .object(let o):
                guard let key = item.stringValue?.lowercased() else { return false }
                return .bool(o.keys.contains { $0.lowercased() == key })
            default: throw TemplateError.argumentType(c.name, expected: "'String', 'Array' or 'Object'", found: Evaluator.kind(container))
            }
        },
        "union": { c in
            try c.arity(1, Int.max)
            let values = try c.values()
            if values.allSatisfy({ $0.objectValue != nil }) {
                return .object(values.reduce(into: JSONObject()) { merged, next in merge(&merged, next.objectValue!) })
            }
            guard values.allSatisfy({ $0.arrayValue != nil }) else { throw c.fail("the arguments must be all arrays or all objects") }
            try StringFunctions.checkLength(c, values.reduce(0) { $0 + $1.arrayValue!.count })
            var out: [JSON] = []
            for item in values.flatMap({ $0.arrayValue! }) where !out.contains(item) { out.append(item) }
            return .array(out)
        },
        "intersection": { c in
            try c.arity(2, Int.max)
            let values = try c.values()
            if let first = values.first?.objectValue, values.allSatisfy({ $0.objectValue != nil }) {
                var out = JSONObject()
                for (k, v) in first where values.dropFirst().allSatisfy({ $0.objectValue![k] == v }) { out[k] = v }
                return .object(out)
            }
            guard let first = values.first?.arrayValue, values.allSatisfy({ $0.arrayValue != nil }) else {
                throw c.fail("the arguments must be all arrays or all objects")
            }
            var out: [JSON] = []
            for item in first where values.dropFirst().allSatisfy({ $0.arrayValue!.contains(item) }) && !out.contains(item) { out.append(item) }
            return .array(out)
        },
        "createobject": { c in
            guard c.count % 2 == 0 else { throw TemplateError.arity(c.name, expected: "an even number of", given: c.count) }
            var out = JSONObject()
            for i in stride(from: 0, to: c.count, by: 2) { out[try c.string(i)] = try c.value(i + 1) }
            return .object(out)
        },
        "createarray": { c in .array(try c.values()) },
        "array": { c in
            try c.arity(1)
            let v = try c.value(0)
            return v.arrayValue != nil ? v : .array([v])
        },
        "first": { c in
            try c.arity(1)
            let v = try c.value(0)
            if let s = v.stringValue { return .string(s.first.map(String.init) ?? "") }
            return try c.array(0).first ?? .null
        },
        "last": { c in
            try c.arity(1)
            let v = try c.value(0)
            if let s = v.stringValue { return .string(s.last.map(String.init) ?? "") }
            return try c.array(0).last ?? .null
        },
        "skip": { c in
            try c.arity(2)
            let n = max(0, try c.int(1))
            if let s = try c.value(0).stringValue { return .string(String(s.dropFirst(n))) }
            return .array(Array(try c.array(0).dropFirst(n)))
        },
        "take": { c in
            try c.arity(2)
            let n = max(0, try c.int(1))
            if let s = try c.value(0).stringValue { return .string(String(s.prefix(n))) }
            return .array(Array(try c.array(0).prefix(n)))
        },
        "range": { c in
            try c.arity(2)
            let start = try c.int(0), count = try c.int(1)
            guard count >= 0, count <= 10_000 else { throw c.fail("the count must be from 0 to 10000") }
            return .array((0..<count).map { JSON(start + $0) })
        },
        "min": { c in try extreme(c, <) },
        "max": { c in try extreme(c, >) },
        "join": { c in
            try c.arity(2)
            let joined = try c.array(0).map(ConversionFunctions.text).joined(separator: try c.string(1))
            try StringFunctions.checkLength(c, joined.utf8.count)
            return .string(joined)
        },
        "add": { c in try c.arity(2); return JSON(try c.int(0) + c.int(1)) },
        "sub": { c in try c.arity(2); return JSON(try c.int(0) - c.int(1)) },
        "mul": { c in try c.arity(2); return JSON(try c.int(0) * c.int(1)) },
        "div": { c in
            try c.arity(2)
            let d = try c.int(1)
            guard d != 0 else { throw c.fail("the divisor cannot be zero") }
            return JSON(try c.int(0) / d)
        },
        "mod": { c in
            try c.arity(2)
            let d = try c.int(1)
            guard d != 0 else { throw c.fail("the divisor cannot be zero") }
            return JSON(try c.int(0) % d)
        },
    ]

    /// `union` of objects merges nested objects member by member; later values win.
    static func merge(_ base: inout JSONObject, _ next: JSONObject) {
        for (k, v) in next {
            if var inner = base[k]?.objectValue, let nextInner = v.objectValue {
                merge(&inner, nextInner)
                base[k] = .object(inner)
            } else {
                base[k] = v
            }
        }
    }

    private static func extreme(_ c: FunctionCall, _ better: (Int, Int) -> Bool) throws -> JSON {
        try c.arity(1, Int.max)
        let values = c.count == 1 ? (try c.value(0).arrayValue ?? [try c.value(0)]) : try c.values()
        let numbers = try values.map { v -> Int in
            guard let n = v.intValue else { throw TemplateError.argumentType(c.name, expected: "'Integer'", found: Evaluator.kind(v)) }
            return n
        }
        guard var best = numbers.first else { throw c.fail("the array cannot be empty") }
        for n in numbers.dropFirst() where better(n, best) { best = n }
        return JSON(best)
    }
}
