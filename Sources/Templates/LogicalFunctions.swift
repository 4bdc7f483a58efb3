import CeruleanJSON

/// if, equals, not, and, or, true, false, coalesce, less, lessOrEquals, greater, greaterOrEquals.
/// `if`, `and` and `or` evaluate only the arguments they need.
enum LogicalFunctions {
    static let table: [String: TemplateFunction] = [
        "if": { c in
            try c.arity(3)
            return try c.bool(0) ? try c.value(1) : try c.value(2)
        },
        "equals": { c in try c.arity(2); return .bool(equal(try c.value(0), try c.value(1))) },
        "not": { c in try c.arity(1); return .bool(!(try c.bool(0))) },
        "and": { c in
            try c.arity(2, Int.max)
            for i in 0..<c.count where !(try c.bool(i)) { return false }
            return true
        },
        "or": { c in
            try c.arity(2, Int.max)
            for i in 0..<c.count where try c.bool(i) { return true }
            return false
        },
        "true": { c in try c.arity(0); return true },
        "false": { c in try c.arity(0); return false },
        "null": { c in try c.arity(0); return .null },
        "coalesce": { c in
            try c.arity(1, Int.max)
            for i in 0..<c.count {
                let v = try c.value(i)
                if !v.isNull { return v }
            }
            return .null
        },
        "less": { c in try compare(c) { $0 < 0 } },
        "lessorequals": { c in try compare(c) { $0 <= 0 } },
        "greater": { c in try compare(c) { $0 > 0 } },
        "greaterorequals": { c in try compare(c) { $0 >= 0 } },
    ]

    /// Deep equality; strings compare case-sensitively as in ARM's `equals`.
    static func equal(_ a: JSON, _ b: JSON) -> Bool { a == b }

    private static func compare(_ c: FunctionCall, _ test: (Int) -> Bool) throws -> JSON {
        try c.arity(2)
        let a = try c.value(0), b = try c.value(1)
        if let x = a.numberValue, let y = b.numberValue { return .bool(test(x < y ? -1 : x > y ? 1 : 0)) }
        if let x = a.stringValue, let y = b.stringValue {
            return .bool(test(x.compare(y) == .orderedAscending ? -1 : x == y ? 0 : 1))
        }
        throw c.fail("both arguments must be integers or both strings")
    }
}
