/// A parsed template language expression: the text between `[` and `]` of a template string.
public indirect enum TemplateExpression: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case call(String, [TemplateExpression])
    /// `expr.name`
    case property(TemplateExpression, String)
    /// `expr[index]`
    case index(TemplateExpression, TemplateExpression)

    /// Every function name called anywhere in the expression, lower-cased.
    public var calledFunctions: Set<String> {
        switch self {
        case .string, .integer: return []
        case .call(let name, let args): return args.reduce(into: [name.lowercased()]) { $0.formUnion($1.calledFunctions) }
        case .property(let base, _): return base.calledFunctions
        case .index(let base, let i): return base.calledFunctions.union(i.calledFunctions)
        }
    }

    /// The calls to `name` (lower-cased) anywhere in the expression, outermost first.
    public func calls(to name: String) -> [[TemplateExpression]] {
        switch self {
        case .string, .integer: return []
        case .call(let n, let args):
            let own = n.lowercased() == name ? [args] : []
            return own + args.flatMap { $0.calls(to: name) }
        case .property(let base, _): return base.calls(to: name)
        case .index(let base, let i): return base.calls(to: name) + i.calls(to: name)
        }
    }
}

/// How a template string is read: a literal, or an expression (`[...]`; `[[` escapes a literal `[`).
public enum TemplateString {
    /// The expression text of `s` (without the brackets), or `nil` if `s` is a literal.
    public static func expressionText(_ s: String) -> Substring? {
        guard s.hasPrefix("["), s.hasSuffix("]"), !s.hasPrefix("[["), s.count >= 2 else { return nil }
        return s.dropFirst().dropLast()
    }

    /// The literal value of a string that is not an expression (`[[x]` reads as `[x]`).
    public static func literal(_ s: String) -> String {
        s.hasPrefix("[[") && s.hasSuffix("]") ? String(s.dropFirst()) : s
    }
}
